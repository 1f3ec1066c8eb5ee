//! Dijkstra's search tree over the carrier graph, grown exactly as `pathfinding`'s
//! `dijkstra` grows it (the same queue, so the same parents where totals tie), but
//! kept in arrays: pathfinding hands the tree back as a std `HashMap`, and building
//! and reading that took as long as the search in `report`'s analyses.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::units::Units;
use super::weights::Carrier;
use crate::model::PlaceIdx;

/// A node of the carrier graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum State {
    /// At the origin, before the first segment: no carrier yet, so no transfer.
    Start,
    At {
        place: PlaceIdx,
        carrier: Carrier,
        /// How many via places the route has passed.
        stage: u8,
        /// How many changes of carrier the route has made, counted only under
        /// `--max-transfers` (otherwise 0, which keeps the graph small).
        transfers: u8,
    },
}

/// A state reached, with the state it was reached from and its least total.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub state: State,
    /// The index of the parent in [`Tree::nodes`]; `usize::MAX` for the start.
    pub parent: usize,
    /// In thousandths of the metric's unit.
    pub total: Units,
}

/// Every state reached, the start first, in the order first reached.
pub struct Tree {
    pub nodes: Vec<Node>,
}

/// A queue entry, ordered by its total alone (least first), as pathfinding orders
/// it: entries of equal totals come out in the order the heap gives them.
struct Queued {
    total: Units,
    index: usize,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.total == other.total
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other.total.cmp(&self.total)
    }
}

/// No node: the end of a chain in [`StateIndex`].
const NONE: usize = usize::MAX;

/// Where each reached state is in [`Tree::nodes`]: a chain through the nodes of one
/// place and via stage, from a slot per (stage, place). A place has a state per
/// carrier that reaches it (one to three), so walking its chain is cheaper than
/// hashing every state, which took a quarter of a search.
struct StateIndex {
    places: usize,
    /// By `stage × places + place`, the node last added there; [`NONE`]: none.
    head: Vec<usize>,
    /// By node, the node added before it at the same place and stage.
    next: Vec<usize>,
}

impl StateIndex {
    fn new(places: usize) -> Self {
        Self {
            places,
            head: vec![NONE; places],
            // The start's: it is never looked up (no state leads back to it).
            next: vec![NONE],
        }
    }

    /// The slot of a state's chain, made where its stage is new.
    fn slot(&mut self, state: &State) -> &mut usize {
        let State::At { place, stage, .. } = *state else {
            unreachable!("the start is no successor")
        };
        let at = stage as usize * self.places + place;
        if at >= self.head.len() {
            self.head.resize((stage as usize + 1) * self.places, NONE);
        }
        &mut self.head[at]
    }

    /// The node of `state`, if reached. A lookup only: it never grows the chains.
    fn find(&self, nodes: &[Node], state: &State) -> Option<usize> {
        let State::At { place, stage, .. } = *state else {
            unreachable!("the start is no successor")
        };
        let slot = stage as usize * self.places + place;
        let mut at = self.head.get(slot).copied().unwrap_or(NONE);
        while at != NONE {
            if nodes[at].state == *state {
                return Some(at);
            }
            at = self.next[at];
        }
        None
    }

    /// Records that `state` is node `index` (the next one).
    fn insert(&mut self, state: &State, index: usize) {
        let slot = self.slot(state);
        let previous = std::mem::replace(slot, index);
        self.next.push(previous);
    }
}

impl Tree {
    /// Grows the tree from the start state until `stop` holds for a state taken from
    /// the queue, with the total it was queued with (its index is given back), or
    /// every reachable state is settled. Places are numbered below `places`.
    /// `successors` puts a state's successors into the buffer it is given (one
    /// buffer for the whole search).
    pub fn grow(
        places: usize,
        mut successors: impl FnMut(&State, &mut Vec<(State, Units)>),
        mut stop: impl FnMut(&State, Units) -> bool,
    ) -> (Self, Option<usize>) {
        let mut queue = BinaryHeap::new();
        queue.push(Queued { total: 0, index: 0 });
        let mut nodes = vec![Node {
            state: State::Start,
            parent: usize::MAX,
            total: 0,
        }];
        let mut index = StateIndex::new(places);
        let mut reached = None;
        let mut following: Vec<(State, Units)> = Vec::new();
        while let Some(Queued { total, index: at }) = queue.pop() {
            let node = nodes[at];
            if stop(&node.state, total) {
                reached = Some(at);
                break;
            }
            // A state queued again on finding a cheaper way: only the cheapest counts.
            if total > node.total {
                continue;
            }
            successors(&node.state, &mut following);
            for &(next, step) in &following {
                let next_total = total + step;
                let n = match index.find(&nodes, &next) {
                    None => {
                        index.insert(&next, nodes.len());
                        nodes.push(Node {
                            state: next,
                            parent: at,
                            total: next_total,
                        });
                        nodes.len() - 1
                    }
                    Some(n) => {
                        if nodes[n].total <= next_total {
                            continue;
                        }
                        nodes[n].parent = at;
                        nodes[n].total = next_total;
                        n
                    }
                };
                queue.push(Queued {
                    total: next_total,
                    index: n,
                });
            }
        }
        (Self { nodes }, reached)
    }

    /// The states from the start to the node at `index`, both included.
    pub fn path_to(&self, index: usize) -> Vec<State> {
        let mut path = Vec::new();
        let mut at = index;
        while let Some(node) = self.nodes.get(at) {
            path.push(node.state);
            at = node.parent;
        }
        path.reverse();
        path
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::model::Mode;

    /// A random carrier graph: a few carriers and via stages per place, so that
    /// chains of [`StateIndex`] hold several states and later stages are added as
    /// the search reaches them; small weights, so that totals often tie.
    fn random_graph(rng: &mut StdRng, places: usize) -> HashMap<State, Vec<(State, Units)>> {
        let carriers = [
            Carrier {
                mode: Mode::Road,
                gauge_mm: None,
            },
            Carrier {
                mode: Mode::Rail,
                gauge_mm: Some(1520),
            },
            Carrier {
                mode: Mode::Rail,
                gauge_mm: Some(1435),
            },
        ];
        let random_state = |rng: &mut StdRng| State::At {
            place: rng.random_range(0..places),
            carrier: carriers[rng.random_range(0..carriers.len())],
            stage: rng.random_range(0..3),
            transfers: rng.random_range(0..2),
        };
        let states: Vec<State> = (0..places * 4).map(|_| random_state(rng)).collect();
        let mut graph: HashMap<State, Vec<(State, Units)>> = HashMap::new();
        for &state in std::iter::once(&State::Start).chain(&states) {
            let out = (0..rng.random_range(0..5))
                .map(|_| {
                    (
                        states[rng.random_range(0..states.len())],
                        rng.random_range(0..4),
                    )
                })
                .collect();
            graph.insert(state, out);
        }
        graph
    }

    /// The tree is pathfinding's: every state it reaches, with the same parent and
    /// total, where totals tie too; and a stopped search stops at the same state.
    #[test]
    fn the_tree_is_pathfindings_dijkstra() {
        let mut rng = StdRng::seed_from_u64(18);
        for case in 0..300 {
            let places = rng.random_range(1..30);
            let graph = random_graph(&mut rng, places);
            let successors = |s: &State| graph.get(s).cloned().unwrap_or_default();
            let fill = |s: &State, next: &mut Vec<(State, Units)>| {
                next.clear();
                next.extend(successors(s));
            };
            let (tree, _) = Tree::grow(places, fill, |_, _| false);
            let expected = pathfinding::directed::dijkstra::dijkstra_all(&State::Start, successors);
            assert_eq!(tree.nodes.len(), expected.len() + 1, "case {case}");
            for node in &tree.nodes[1..] {
                let parent = tree.nodes[node.parent].state;
                assert_eq!(expected[&node.state], (parent, node.total), "case {case}");
            }
            let Some(goal) = tree.nodes.get(tree.nodes.len() / 2).map(|n| n.state) else {
                continue;
            };
            let (stopped, at) = Tree::grow(places, fill, |s, _| *s == goal);
            let (_, reached) =
                pathfinding::directed::dijkstra::dijkstra_partial(&State::Start, successors, |s| {
                    *s == goal
                });
            assert_eq!(at.map(|i| stopped.nodes[i].state), reached, "case {case}");
        }
    }
}

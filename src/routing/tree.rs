//! Dijkstra's search tree over the carrier graph, grown exactly as `pathfinding`'s
//! `dijkstra` grows it (the same queue, so the same parents where totals tie), but
//! kept in arrays: pathfinding hands the tree back as a std `HashMap`, and building
//! and reading that took as long as the search in `report`'s analyses.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

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

impl Tree {
    /// Grows the tree from the start state until `stop` holds for a state taken from
    /// the queue, with the total it was queued with (its index is given back), or
    /// every reachable state is settled.
    /// `successors` puts a state's successors into the buffer it is given (one
    /// buffer for the whole search).
    pub fn grow(
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
        let mut index_of: FxHashMap<State, usize> = FxHashMap::default();
        index_of.insert(State::Start, 0);
        let mut reached = None;
        let mut following: Vec<(State, Units)> = Vec::new();
        while let Some(Queued { total, index }) = queue.pop() {
            let node = nodes[index];
            if stop(&node.state, total) {
                reached = Some(index);
                break;
            }
            // A state queued again on finding a cheaper way: only the cheapest counts.
            if total > node.total {
                continue;
            }
            successors(&node.state, &mut following);
            for &(next, step) in &following {
                let next_total = total + step;
                let n = match index_of.entry(next) {
                    Entry::Vacant(e) => {
                        e.insert(nodes.len());
                        nodes.push(Node {
                            state: next,
                            parent: index,
                            total: next_total,
                        });
                        nodes.len() - 1
                    }
                    Entry::Occupied(e) => {
                        let n = *e.get();
                        if nodes[n].total <= next_total {
                            continue;
                        }
                        nodes[n].parent = index;
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

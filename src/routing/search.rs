//! Shortest paths over the network's *carrier graph*: a state is a place together with
//! the carrier it was reached in (and, with `--via`, how many via places are behind),
//! so that changing from rail to road, or between rail gauges, can cost time.
//!
//! Weights are quantised to thousandths of the metric's unit (metres, 3.6 s, 0.1 US
//! cent) so that `pathfinding`'s Dijkstra and Yen work on exact integers; reported
//! figures are recomputed from the segments in floating point.

use std::collections::HashSet;

use pathfinding::directed::yen::yen;

use super::tree::{State, Tree};
use super::units::{Units, to_units};
use super::weights::{Carrier, TransferKind, Weights};
use crate::graph::CorridorGraph;
use crate::model::{PlaceIdx, SegmentIdx, Traversal};

/// One question: from, through the vias in order, to.
#[derive(Debug, Clone, Copy)]
pub struct Trip<'q> {
    pub from: PlaceIdx,
    pub vias: &'q [PlaceIdx],
    pub to: PlaceIdx,
}

impl Trip<'static> {
    /// From `from` straight to `to`, through no via.
    pub fn direct(from: PlaceIdx, to: PlaceIdx) -> Self {
        Trip {
            from,
            vias: &[],
            to,
        }
    }
}

/// A route as a sequence of segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Itinerary {
    /// The places passed, from the origin to the destination.
    pub places: Vec<PlaceIdx>,
    /// The segments in travel order, each with its direction.
    pub steps: Vec<Traversal>,
    /// The minimised total, in thousandths of the metric's unit.
    pub units: Units,
}

/// The searches of one network under one set of weights.
pub struct Search<'a> {
    pub graph: &'a CorridorGraph<'a>,
    pub weights: &'a Weights<'a>,
    /// The most changes of carrier (mode or gauge) a route may make; `None`: any.
    pub max_transfers: Option<u8>,
    /// Pairs of places (lower index first) whose links weigh
    /// [`PENALTY_FACTOR`] times their due, so that a search steers round the routes
    /// found before ([`crate::routing::alternatives`] with vias).
    penalised: HashSet<(PlaceIdx, PlaceIdx)>,
}

/// How many times its due a penalised link weighs.
const PENALTY_FACTOR: Units = 2;

/// A pair of places, lower index first: a link's key whatever its direction.
pub fn place_pair(a: PlaceIdx, b: PlaceIdx) -> (PlaceIdx, PlaceIdx) {
    (a.min(b), a.max(b))
}

impl<'a> Search<'a> {
    pub fn new(graph: &'a CorridorGraph<'a>, weights: &'a Weights<'a>) -> Self {
        Self {
            graph,
            weights,
            max_transfers: None,
            penalised: HashSet::new(),
        }
    }

    /// Makes the links between each of `pairs` of places weigh more from now on.
    pub fn penalise(&mut self, pairs: impl IntoIterator<Item = (PlaceIdx, PlaceIdx)>) {
        self.penalised.extend(pairs);
    }

    /// The same searches, allowing at most `max` changes of carrier on a route.
    pub fn with_max_transfers(mut self, max: Option<u8>) -> Self {
        self.max_transfers = max;
        self
    }

    /// The carrier-graph successors of a state: every admitted segment out of its place,
    /// with the transfer into that segment's carrier.
    fn successors(&self, state: State, trip: &Trip) -> Vec<(State, Units)> {
        self.successors_weighed(state, trip, true)
    }

    /// [`Self::successors`], with the penalties or without them.
    fn successors_weighed(
        &self,
        state: State,
        trip: &Trip,
        penalties: bool,
    ) -> Vec<(State, Units)> {
        let mut next = Vec::new();
        self.successors_into(state, trip, penalties, &mut next);
        next
    }

    /// [`Self::successors_weighed`] into `next` (emptied first): a search reuses
    /// one buffer rather than allocate one per state it expands.
    fn successors_into(
        &self,
        state: State,
        trip: &Trip,
        penalties: bool,
        next: &mut Vec<(State, Units)>,
    ) {
        next.clear();
        let (place, carrier, stage, transfers) = match state {
            State::Start => (trip.from, None, 0, 0),
            State::At {
                place,
                carrier,
                stage,
                transfers,
            } => (place, Some(carrier), stage, transfers),
        };
        for (segment, other) in self.graph.segments_at(place) {
            let new_carrier = Carrier::of(&self.graph.data.segments[segment]);
            // From the origin no carrier yet: nothing to change.
            let (transfer, changes) = match carrier {
                None => (0.0, false),
                // Staying in one carrier costs nothing, as `transfer` and
                // `weigh_transfer` would say: most steps, so they are not asked.
                Some(c) if c == new_carrier => (0.0, false),
                Some(c) => match self.weights.transfer(place, c, new_carrier) {
                    None => continue,
                    Some(t) => (
                        self.weights.weigh_transfer(&t, c, new_carrier),
                        t.kind != TransferKind::Stay,
                    ),
                },
            };
            let new_transfers = match self.max_transfers {
                None => 0,
                Some(_) if carrier.is_none() => 0,
                Some(max) if changes && transfers >= max => continue,
                Some(_) => transfers + u8::from(changes),
            };
            let passes_via = trip.vias.get(stage as usize) == Some(&other);
            let new_stage = if passes_via { stage + 1 } else { stage };
            let mut segment_units = self.weights.segment_units(segment);
            if penalties && self.penalised.contains(&place_pair(place, other)) {
                segment_units = segment_units.saturating_mul(PENALTY_FACTOR);
            }
            // Nothing to round where there is no transfer.
            let transfer_units = if transfer == 0.0 {
                0
            } else {
                to_units(transfer)
            };
            let cost = transfer_units + segment_units;
            let state = State::At {
                place: other,
                carrier: new_carrier,
                stage: new_stage,
                transfers: new_transfers,
            };
            // Parallel segments of one carrier lead to one state: keep the cheapest, as
            // Yen's algorithm expects one edge per pair of states.
            match next.iter_mut().find(|(s, _)| *s == state) {
                Some((_, best)) => *best = (*best).min(cost),
                None => next.push((state, cost)),
            }
        }
    }

    fn is_goal(state: &State, trip: &Trip) -> bool {
        matches!(state, State::At { place, stage, .. }
            if *place == trip.to && *stage as usize == trip.vias.len())
    }

    /// The cheapest admitted segment from `from` to `to` in `carrier`: the one a
    /// carrier-graph step stands for when parallel segments exist. Between equally
    /// cheap ones (two projects planned on one alignment), it keeps to the corridor
    /// the route is already on, then takes the first in the data.
    fn segment_between(
        &self,
        from: PlaceIdx,
        to: PlaceIdx,
        carrier: Carrier,
        previous: Option<SegmentIdx>,
    ) -> SegmentIdx {
        let segments = &self.graph.data.segments;
        let current_corridor = previous.map(|p| segments[p].corridor);
        self.graph
            .segments_at(from)
            .filter(|&(s, other)| other == to && Carrier::of(&segments[s]) == carrier)
            .min_by_key(|&(s, _)| {
                let switches = Some(segments[s].corridor) != current_corridor;
                (self.weights.segment_units(s), switches, s)
            })
            .map(|(s, _)| s)
            .expect("a carrier-graph step always stands for an admitted segment")
    }

    fn path_of(&self, states: &[State], units: Units, trip: &Trip) -> Itinerary {
        let mut places = vec![trip.from];
        let mut steps: Vec<Traversal> = Vec::new();
        for state in states {
            if let State::At { place, carrier, .. } = *state {
                let previous = *places.last().unwrap_or(&trip.from);
                let last_segment = steps.last().map(|t| t.segment);
                let segment = self.segment_between(previous, place, carrier, last_segment);
                let forward = self.graph.data.segments[segment].from == previous;
                steps.push(Traversal { segment, forward });
                places.push(place);
            }
        }
        Itinerary {
            places,
            steps,
            units,
        }
    }

    /// The shortest route, or `None` where the filter leaves the places disconnected.
    /// Under penalties, the route the penalties steer to, with its units as due.
    pub fn shortest(&self, trip: &Trip) -> Option<Itinerary> {
        let (tree, goal) = self.tree(trip, |s, _| Self::is_goal(s, trip));
        Some(self.itinerary_at(&tree, goal?, trip))
    }

    /// The route to the tree's node `index`; under penalties, with its units as due.
    fn itinerary_at(&self, tree: &Tree, index: usize, trip: &Trip) -> Itinerary {
        let states = tree.path_to(index);
        let mut units = tree.nodes[index].total;
        if !self.penalised.is_empty() {
            units = self.units_along(&states, trip);
        }
        self.path_of(&states, units, trip)
    }

    /// What a sequence of states weighs without penalties.
    fn units_along(&self, states: &[State], trip: &Trip) -> Units {
        states
            .windows(2)
            .map(|pair| {
                self.successors_weighed(pair[0], trip, false)
                    .into_iter()
                    .find(|(state, _)| *state == pair[1])
                    .map(|(_, units)| units)
                    .expect("consecutive states of a path are successors")
            })
            .sum()
    }

    /// The `k` shortest routes by Yen's algorithm, shortest first. They are loopless
    /// in the carrier graph, so a route may still pass a place twice in different
    /// carriers; [`is_loopless`] tells.
    pub fn k_shortest(&self, trip: &Trip, k: usize) -> Vec<Itinerary> {
        yen(
            &State::Start,
            |s| self.successors(*s, trip),
            |s| Self::is_goal(s, trip),
            k,
        )
        .into_iter()
        .map(|(states, units)| self.path_of(&states, units, trip))
        .collect()
    }

    /// The least total to every place from `from` (no vias), in thousandths of the
    /// metric's unit; `None` where unreachable. The origin itself is 0. By distance
    /// the total is the km of the route the search picks, without the km-equivalents
    /// that weigh its changes of mode ([`Weights::transfer_weight`]), as `route`
    /// reports it.
    pub fn from_one(&self, from: PlaceIdx) -> Vec<Option<Units>> {
        let trip = Trip::direct(from, from);
        let (tree, _) = self.tree(&trip, |_, _| false);
        let best = cheapest_states(&tree, self.graph.data.places.len(), |_| true);
        let mut known = self.km_memo(&tree);
        let mut totals: Vec<Option<Units>> = best
            .iter()
            .map(|entry| entry.map(|entry| self.total_of(entry, from, &tree, &mut known)))
            .collect();
        totals[from] = Some(0);
        totals
    }

    /// By distance, room for the km of each state of `tree` worked out (see
    /// [`Self::total_of`]); by another metric, none is needed.
    fn km_memo(&self, tree: &Tree) -> Vec<Option<Units>> {
        if self.weights.metric == crate::model::Metric::Distance {
            vec![None; tree.nodes.len()]
        } else {
            Vec::new()
        }
    }

    /// A place's total from its cheapest state in `tree`: by distance the km of the
    /// route's segments alone, without the km-equivalents that weigh its changes of
    /// mode; by another metric the state's total. A state's km is its parent's plus
    /// its own segment, so each is worked out once and kept in `known`: walking every
    /// place back to the origin anew took most of `report`'s impact analysis.
    fn total_of(
        &self,
        (total, index): (Units, usize),
        from: PlaceIdx,
        tree: &Tree,
        known: &mut [Option<Units>],
    ) -> Units {
        if self.weights.metric == crate::model::Metric::Distance {
            self.km_units(index, from, tree, known)
        } else {
            total
        }
    }
}

impl Search<'_> {
    /// What [`Search::from_one`] gives for each of `targets`, searching only as far
    /// as they need: until every target place has been taken from the queue and the
    /// queue has moved past the largest of their totals. By then every state whose
    /// total is at most that is settled, with the parent it would have in the whole
    /// tree (a parent changes only for a strictly smaller total), so each target's
    /// cheapest state, its ties and the km back to the origin are the whole search's.
    pub fn from_one_to(&self, from: PlaceIdx, targets: &[PlaceIdx]) -> Vec<Option<Units>> {
        let places = self.graph.data.places.len();
        let mut wanted = vec![false; places];
        for &target in targets {
            wanted[target] = true;
        }
        wanted[from] = false;
        let mut unseen = wanted.iter().filter(|&&w| w).count();
        let mut seen = vec![false; places];
        let mut farthest: Units = 0;
        let trip = Trip::direct(from, from);
        let (tree, _) = self.tree(&trip, |state, total| {
            if unseen == 0 && total > farthest {
                return true;
            }
            // The first time a place comes out of the queue is with its least total
            // (a stale entry only comes after the state's own).
            if let State::At { place, .. } = *state
                && wanted[place]
                && !std::mem::replace(&mut seen[place], true)
            {
                farthest = farthest.max(total);
                unseen -= 1;
            }
            false
        });
        let best = cheapest_states(&tree, places, |place| wanted[place]);
        let mut known = self.km_memo(&tree);
        targets
            .iter()
            .map(|&target| {
                if target == from {
                    return Some(0);
                }
                Some(self.total_of(best[target]?, from, &tree, &mut known))
            })
            .collect()
    }

    /// What [`Search::shortest`] gives for the direct trip from `from` to each of
    /// `targets`, from one search grown until the last of them is reached. The tree
    /// is the same as each single search's up to its goal (a search stops without
    /// changing the queue), and a state's path is fixed once it leaves the queue, so
    /// each route is the single search's, where totals tie too.
    pub fn shortest_to_each(&self, from: PlaceIdx, targets: &[PlaceIdx]) -> Vec<Option<Itinerary>> {
        let mut goal: Vec<Option<State>> = vec![None; self.graph.data.places.len()];
        let mut wanted = vec![false; goal.len()];
        for &target in targets {
            wanted[target] = true;
        }
        let mut unseen = wanted.iter().filter(|&&w| w).count();
        let trip = Trip::direct(from, from);
        let (tree, _) = self.tree(&trip, |state, _| {
            // A place's first state out of the queue is its single search's goal.
            if let State::At { place, .. } = *state
                && wanted[place]
                && goal[place].is_none()
            {
                goal[place] = Some(*state);
                unseen -= 1;
            }
            unseen == 0
        });
        // Each goal's index in the tree, from one pass over it.
        let mut goal_index: Vec<Option<usize>> = vec![None; goal.len()];
        for (i, node) in tree.nodes.iter().enumerate() {
            if let State::At { place, .. } = node.state
                && goal[place] == Some(node.state)
            {
                goal_index[place] = Some(i);
            }
        }
        targets
            .iter()
            .map(|&to| {
                let index = goal_index[to]?;
                Some(self.itinerary_at(&tree, index, &Trip::direct(from, to)))
            })
            .collect()
    }

    /// The search tree of `trip` (see [`Tree`]), grown until `stop` holds for a
    /// state taken from the queue (that state's index is given too) or the queue runs
    /// out.
    fn tree(&self, trip: &Trip, stop: impl FnMut(&State, Units) -> bool) -> (Tree, Option<usize>) {
        let places = self.graph.data.places.len();
        Tree::grow(
            places,
            |s, next| self.successors_into(*s, trip, true, next),
            stop,
        )
    }

    /// The km (in units) of the segments alone from the origin `from` to the state at
    /// `index` of `tree`; `known` keeps the sums already worked out, by index.
    fn km_units(
        &self,
        index: usize,
        from: PlaceIdx,
        tree: &Tree,
        known: &mut [Option<Units>],
    ) -> Units {
        // Up to the origin or to a state already summed, then down again adding.
        let mut chain = Vec::new();
        let mut sum = 0;
        let mut at = index;
        while let Some(node) = tree.nodes.get(at)
            && node.state != State::Start
        {
            if let Some(k) = known[at] {
                sum = k;
                break;
            }
            chain.push(at);
            at = node.parent;
        }
        for &i in chain.iter().rev() {
            let node = &tree.nodes[i];
            let State::At { place, carrier, .. } = node.state else {
                continue;
            };
            let before = match tree.nodes.get(node.parent).map(|p| p.state) {
                Some(State::At { place, .. }) => place,
                _ => from,
            };
            let segment = self.segment_between(before, place, carrier, None);
            sum += self.weights.segment_units(segment);
            known[i] = Some(sum);
        }
        sum
    }
}

/// Per place that `wanted` admits, its cheapest state in `tree` (ties to the least
/// state), as its total and its index in the tree.
fn cheapest_states(
    tree: &Tree,
    places: usize,
    wanted: impl Fn(PlaceIdx) -> bool,
) -> Vec<Option<(Units, usize)>> {
    let mut best: Vec<Option<(Units, State, usize)>> = vec![None; places];
    for (i, node) in tree.nodes.iter().enumerate() {
        if let State::At { place, .. } = node.state
            && wanted(place)
            && best[place].is_none_or(|(b, s, _)| (node.total, node.state) < (b, s))
        {
            best[place] = Some((node.total, node.state, i));
        }
    }
    best.into_iter()
        .map(|b| b.map(|(total, _, i)| (total, i)))
        .collect()
}

/// True where the path passes no place twice, except that a place may be passed
/// again after the next via place.
pub fn is_loopless(path: &Itinerary, trip: &Trip) -> bool {
    let mut stage = 0;
    let mut seen = vec![trip.from];
    for &place in &path.places[1..] {
        if seen.contains(&place) {
            return false;
        }
        seen.push(place);
        if trip.vias.get(stage) == Some(&place) {
            stage += 1;
            seen = vec![place];
        }
    }
    true
}

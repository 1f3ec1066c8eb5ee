//! Routes by time with turn costs, as OSRM's car profile prices them: a search
//! over arcs (a link travelled one way) rather than nodes, so that the cost of
//! going from one arc into the next can depend on both.
//!
//! The cost of a turn at node `v`, arriving along arc `a` and leaving along arc
//! `b` ([`turn_ds`]; OSRM 26.10 car.lua `process_turn`, in tenths of a second,
//! truncated as OSRM's `TurnPenalty` is):
//! - the node's delay (traffic signals 2 s, stop 2 s, give way 1 s, gate 60 s;
//!   [`super::ImportedNetwork::node_delay_ds`]), at every turn through it;
//! - where more than two roads meet, or on a U-turn: `turn_penalty` 7.5 s scaled
//!   by a sigmoid of the angle with `turn_bias` 1.075 (right turns cheaper), plus
//!   `oncoming_turn_penalty` 2 s times a sigmoid for a left turn (crossing
//!   oncoming traffic; not on a U-turn);
//! - a U-turn: `u_turn_penalty` 20 s more; turning back from one one-way road
//!   into another (within 30° of straight back) is priced as one, as OSRM merges
//!   the two carriageways of a divided road into one road and calls the turn
//!   between them a U-turn (an estimate of its mergable_road_detector.cpp: the
//!   same test as [`super::turns::no_turning_back_on_divided_roads`]). Two
//!   one-way roads that OSRM merges into one at a node ([`super::merged_roads`],
//!   marked at import on [`Link::merged`]) both take the bisector of their
//!   directions there, so going from one into the other turns back by 180° and
//!   is priced as a U-turn too (the Rond-Point Sainte-Dévote in Monaco: 27.4 s).
//!   A U-turn (back along the road arrived
//!   on) is allowed only where OSRM's `isTurnAllowed` allows it: no other way out,
//!   or at most one road leading into the node (what OSRM's code counts as its
//!   `bidirectional_edges`).
//!
//! Deviations, all estimates of OSRM's geometry and rules: a road's direction at
//! a node is taken from the node to the point `BEARING_M` (10 m) along it, 2 m on a
//! roundabout (OSRM's coordinate_extractor.cpp: 10 m is its
//! `LOOKAHEAD_DISTANCE_WITHOUT_LANES`, which it uses for minor roads; on others
//! it fits a line to up to 46.5 m of the road; on a Monaco sample of 462 routes
//! 10 m and 14 m left 98.7% and 99.1% within 2%); a merged pair's bisector is
//! that of these directions, not of OSRM's (read further along); two
//! carriageways of a divided road, merged or not, count as two roads (OSRM's
//! intersection lists merged ones as one); traffic drives on the
//! right everywhere (OSRM reads the driving side by country); a point that lies
//! on a node starts or ends there without a turn (OSRM puts it on one of the
//! node's roads, its pick, and charges the turn from or into that road).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{ImportedNetwork, Link, LinkFilter, NodePosition, Weighting};

/// How far along a road its direction at a node is read, in metres (OSRM's
/// `LOOKAHEAD_DISTANCE_WITHOUT_LANES`; an estimate elsewhere, see the module's
/// notes).
const BEARING_M: f64 = 10.0;
/// On a roundabout, 2 m (OSRM's coordinate_extractor.cpp takes the point
/// `skipping_inaccuracies_distance` along a roundabout).
const ROUNDABOUT_BEARING_M: f64 = 2.0;

/// OSRM 26.10 car.lua: `turn_penalty`, `turn_bias`, `oncoming_turn_penalty`
/// and `u_turn_penalty` (seconds).
const TURN_PENALTY_S: f64 = 7.5;
const TURN_BIAS: f64 = 1.075;
const ONCOMING_TURN_PENALTY_S: f64 = 2.0;
const U_TURN_PENALTY_S: f64 = 20.0;

/// The cost of a turn, in ds: `deviation_deg` is the change of direction
/// (positive to the right, ±180 back), `roads` how many roads meet at the node,
/// `u_turn` whether it goes back along the road it came by, `roundabout`
/// whether either road is part of a roundabout, `delay_ds` the node's own delay.
pub fn turn_ds(
    deviation_deg: f64,
    roads: u32,
    u_turn: bool,
    roundabout: bool,
    delay_ds: u16,
) -> u32 {
    let mut s = 0.0;
    if roads > 2 || u_turn {
        // OSRM gives a U-turn the angle 180 (to the right).
        let angle = if u_turn { 180.0 } else { deviation_deg };
        s += if angle >= 0.0 {
            TURN_PENALTY_S / (1.0 + (-((13.0 / TURN_BIAS) * angle / 180.0 - 6.5 * TURN_BIAS)).exp())
        } else {
            TURN_PENALTY_S
                / (1.0 + (-((13.0 * TURN_BIAS) * -angle / 180.0 - 6.5 / TURN_BIAS)).exp())
        };
        if angle < 0.0 && !u_turn && roads > 2 && !roundabout {
            let sharpness = 1.0 / (1.0 + (-(13.0 * angle.abs() / 180.0 - 3.25)).exp());
            s += ONCOMING_TURN_PENALTY_S * sharpness;
        }
        if u_turn {
            s += U_TURN_PENALTY_S;
        }
    }
    // OSRM truncates the turn's duration to ds (boost::numeric_cast).
    u32::from(delay_ds) + (s * 10.0) as u32
}

/// Whether a turn of `deviation_deg` (positive to the right, ±180 back) turns
/// back within [`super::turns::TURN_BACK_DEG`] of straight back.
pub fn turns_back(deviation_deg: f64) -> bool {
    deviation_deg.abs() >= 180.0 - super::turns::TURN_BACK_DEG
}

/// One arc: a link travelled one way.
#[derive(Debug, Clone, Copy)]
struct Arc {
    tail: u32,
    head: u32,
    weight_ds: u32,
    link: u32,
    /// The road (the first link of the link's stretch): leaving along the road
    /// arrived on is a U-turn.
    road: u32,
    /// Direction of travel leaving `tail` and arriving at `head`, degrees
    /// clockwise from north.
    leave_deg: f64,
    arrive_deg: f64,
    /// Its road runs one way only.
    one_way: bool,
    roundabout: bool,
}

/// The arcs of `filter`'s links with what turns between them cost.
pub struct TurnGraph {
    first: Vec<u32>,
    arcs: Vec<Arc>,
    /// Per node: roads meeting at its base node, whether at most one of them
    /// leads into it (where OSRM allows a U-turn), its delay in ds.
    roads: Vec<u8>,
    few_entering: Vec<bool>,
    delay_ds: Vec<u16>,
    turn_copies: Vec<(u32, u32)>,
}

/// Where a search starts: along an arc (at `weight` when reaching its head), or
/// at a node without having arrived along anything (a position on a node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Arc { arc: u32, weight: u64 },
    Node { node: u32, weight: u64 },
}

/// Where a target is reached: leaving `node` along `arc` for `weight` more (the
/// part of the target's link), or at `node` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Arc { arc: u32, weight: u64 },
    Node { node: u32 },
}

/// A route found: its weight and the arcs taken, from the first whole one to the
/// last (the partial arcs at the ends left out), with the node it started from
/// and the node it entered the target's link from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub weight: u64,
    pub nodes: Vec<u32>,
    pub links: Vec<u32>,
}

const NONE: u32 = u32::MAX;
/// A state's parent when the search started at its tail node.
const FROM_NODE: u32 = u32::MAX - 1;

impl TurnGraph {
    pub fn new(network: &ImportedNetwork, filter: &LinkFilter) -> Self {
        let n = network.node_count();
        let road_of = roads_of_links(&network.links);
        let (roads, entering) = roads_at_nodes(network, filter, &road_of);
        let (first, mut arcs) = arcs_with_bearings(network, filter, &road_of);
        merge_bearings(network, &mut arcs);
        let base = |v: usize| network.base_node(v as u32) as usize;
        Self {
            first,
            arcs,
            roads: (0..n).map(|v| roads[base(v)].min(255) as u8).collect(),
            few_entering: (0..n).map(|v| entering[base(v)] <= 1).collect(),
            delay_ds: (0..n).map(|v| network.node_delay_ds(v as u32)).collect(),
            turn_copies: network.turn_copies.clone(),
        }
    }

    fn out_of(&self, node: u32) -> std::ops::Range<usize> {
        self.first[node as usize] as usize..self.first[node as usize + 1] as usize
    }

    /// The arc of link `link` from `tail` to `head`, if the graph has it.
    pub fn arc(&self, tail: u32, head: u32, link: u32) -> Option<u32> {
        self.out_of(tail)
            .find(|&i| self.arcs[i].head == head && self.arcs[i].link == link)
            .map(|i| i as u32)
    }

    /// The cost of going from arc `a` into arc `b` (which leaves `a`'s head), in
    /// ds, or `None` where the turn is not allowed (a U-turn where OSRM allows
    /// none).
    pub fn turn(&self, a: u32, b: u32) -> Option<u32> {
        let (a, b) = (&self.arcs[a as usize], &self.arcs[b as usize]);
        let v = a.head as usize;
        let u_turn = a.road == b.road;
        if u_turn {
            let other_way_out = self.out_of(a.head).any(|i| self.arcs[i].road != a.road);
            if other_way_out && !self.few_entering[v] {
                return None;
            }
        }
        let deviation = (b.leave_deg - a.arrive_deg + 540.0).rem_euclid(360.0) - 180.0;
        Some(turn_ds(
            deviation,
            u32::from(self.roads[v]),
            u_turn || (a.one_way && b.one_way && turns_back(deviation)),
            a.roundabout || b.roundabout,
            self.delay_ds[v],
        ))
    }

    /// The best route from `starts` to any of `ends`, with turn costs; ends at
    /// nodes also count a turn copy of the node.
    pub fn route(&self, starts: &[Start], ends: &[End]) -> Option<Found> {
        let mut search = Search::new(self, ends);
        for start in starts {
            search.seed(self, *start);
        }
        while let Some(Reverse((d, a))) = search.heap.pop() {
            if d > search.distance[a as usize] {
                continue;
            }
            if search.best.is_some_and(|b| d >= b.0) {
                break;
            }
            let head = self.arcs[a as usize].head;
            if search.is_end_node(head) {
                search.offer(d, a, head);
            }
            for b in self.out_of(head) {
                let Some(turn) = self.turn(a, b as u32) else {
                    continue;
                };
                let through = d + u64::from(turn);
                if let Some(off) = search.end_arc_weight(b) {
                    search.offer(through + off, a, head);
                }
                search.relax(b, through + u64::from(self.arcs[b].weight_ds), a);
            }
        }
        let (weight, last, end_node) = search.best?;
        Some(self.walk_back(&search.parent, weight, last, end_node))
    }

    /// The route found, walking back from `last` (the last whole arc) by
    /// `parent`: the whole arcs after the start arc.
    fn walk_back(&self, parent: &[u32], weight: u64, last: u32, end_node: u32) -> Found {
        let mut chain = Vec::new();
        let mut a = last;
        let mut start_node = end_node;
        while a != NONE && a != FROM_NODE {
            let p = parent[a as usize];
            if p == NONE {
                // `a` is the partial arc the search started along.
                start_node = self.arcs[a as usize].head;
                break;
            }
            chain.push(a);
            start_node = self.arcs[a as usize].tail;
            a = p;
        }
        chain.reverse();
        let mut nodes = vec![start_node];
        nodes.extend(chain.iter().map(|&a| self.arcs[a as usize].head));
        Found {
            weight,
            nodes,
            links: chain.iter().map(|&a| self.arcs[a as usize].link).collect(),
        }
    }
}

/// The state of one [`TurnGraph::route`] search over arcs.
struct Search {
    distance: Vec<u64>,
    parent: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// The best end found: its weight, the last whole arc (NONE: none, the
    /// route starts at a node that is an end), and the node where it ends.
    best: Option<(u64, u32, u32)>,
    /// The nodes that end a route (with turn copies).
    end_nodes: Vec<u32>,
    /// The arcs that end a route, with the weight of the part of them taken.
    end_arcs: Vec<(u32, u64)>,
}

impl Search {
    fn new(graph: &TurnGraph, ends: &[End]) -> Self {
        let m = graph.arcs.len();
        let end_nodes = ends
            .iter()
            .flat_map(|e| match *e {
                End::Node { node } => super::arrivals(&graph.turn_copies, node).collect(),
                End::Arc { .. } => Vec::new(),
            })
            .collect();
        let end_arcs = ends
            .iter()
            .filter_map(|e| match *e {
                End::Arc { arc, weight } => Some((arc, weight)),
                End::Node { .. } => None,
            })
            .collect();
        Self {
            distance: vec![u64::MAX; m],
            parent: vec![NONE; m],
            heap: BinaryHeap::new(),
            best: None,
            end_nodes,
            end_arcs,
        }
    }

    /// Puts `start` in the queue (and offers it as an end where it is one).
    fn seed(&mut self, graph: &TurnGraph, start: Start) {
        match start {
            Start::Arc { arc, weight } => {
                if weight < self.distance[arc as usize] {
                    self.distance[arc as usize] = weight;
                    self.parent[arc as usize] = NONE;
                    self.heap.push(Reverse((weight, arc)));
                }
            }
            Start::Node { node, weight } => {
                if self.is_end_node(node) {
                    self.offer(weight, NONE, node);
                }
                for b in graph.out_of(node) {
                    if let Some(off) = self.end_arc_weight(b) {
                        self.offer(weight + off, NONE, node);
                    }
                    self.relax(b, weight + u64::from(graph.arcs[b].weight_ds), FROM_NODE);
                }
            }
        }
    }

    #[inline]
    fn is_end_node(&self, node: u32) -> bool {
        self.end_nodes.contains(&node)
    }

    /// The weight of the part of arc `b` taken to its end, if `b` ends a route.
    #[inline]
    fn end_arc_weight(&self, b: usize) -> Option<u64> {
        (self.end_arcs.iter())
            .find(|&&(e, _)| e as usize == b)
            .map(|&(_, off)| off)
    }

    /// Keeps an end reached at weight `w` if it is the best so far.
    #[inline]
    fn offer(&mut self, w: u64, last: u32, node: u32) {
        if self.best.is_none_or(|b| w < b.0) {
            self.best = Some((w, last, node));
        }
    }

    /// Reaches arc `b` at weight `w` from `parent`, if that is shorter.
    #[inline]
    fn relax(&mut self, b: usize, w: u64, parent: u32) {
        if w < self.distance[b] {
            self.distance[b] = w;
            self.parent[b] = parent;
            self.heap.push(Reverse((w, b as u32)));
        }
    }
}

/// The first link of each link's stretch (its road): a link and the duplicates
/// that follow it are one road.
fn roads_of_links(links: &[Link]) -> Vec<u32> {
    let mut road_of = vec![0u32; links.len()];
    for (i, l) in links.iter().enumerate() {
        road_of[i] = if l.duplicate && i > 0 {
            road_of[i - 1]
        } else {
            i as u32
        };
    }
    road_of
}

/// Direction of travel from the first of `points`, to the point `over_m` along
/// them, in degrees clockwise from north; `cos_lat0` scales longitude to metres.
pub(crate) fn heading(
    points: &mut dyn Iterator<Item = NodePosition>,
    over_m: f64,
    cos_lat0: f64,
) -> f64 {
    let mut it = points.map(|p| {
        let ll = p.lat_lon();
        // metres east, north
        (ll.lon_deg * cos_lat0 * 111_195.0, ll.lat_deg * 111_195.0)
    });
    let Some(start) = it.next() else { return 0.0 };
    let mut last = start;
    let mut travelled = 0.0;
    for p in it {
        let step = (p.0 - last.0).hypot(p.1 - last.1);
        if travelled + step >= over_m && step > 0.0 {
            let t = (over_m - travelled) / step;
            last = (last.0 + t * (p.0 - last.0), last.1 + t * (p.1 - last.1));
            break;
        }
        travelled += step;
        last = p;
    }
    (last.0 - start.0).atan2(last.1 - start.1).to_degrees()
}

/// Per base node: how many of `filter`'s roads meet there, and how many of them
/// lead into it. Roads a filter leaves out are not roads here (nor in OSRM's
/// graph).
fn roads_at_nodes(
    network: &ImportedNetwork,
    filter: &LinkFilter,
    road_of: &[u32],
) -> (Vec<u32>, Vec<u32>) {
    let n = network.node_count();
    let links = &network.links;
    let base = |v: u32| network.base_node(v);
    let mut roads = vec![0u32; n];
    let mut entering = vec![0u32; n];
    let mut seen_road = NONE;
    // Whether an admitted arc runs along the road's way, and against it.
    let mut ways = (false, false);
    let flush = |road: u32, ways: (bool, bool), roads: &mut Vec<u32>, into: &mut Vec<u32>| {
        // A road no arc runs along (a link from a node to itself) is none.
        if road == NONE || !(ways.0 || ways.1) {
            return;
        }
        let l = &links[road as usize];
        let (a, b) = (base(l.from), base(l.to));
        // Along the road's way it enters `b`, against it `a`.
        let ends = if a == b {
            vec![(a, true)]
        } else {
            vec![(a, ways.1), (b, ways.0)]
        };
        for (v, enters) in ends {
            roads[v as usize] += 1;
            into[v as usize] += u32::from(enters);
        }
    };
    for (i, l) in links.iter().enumerate() {
        if !filter.admits(l) {
            continue;
        }
        if road_of[i] != seen_road {
            flush(seen_road, ways, &mut roads, &mut entering);
            seen_road = road_of[i];
            ways = (false, false);
        }
        let first_from = base(links[road_of[i] as usize].from);
        for (tail, _) in l.arcs() {
            if base(tail) == first_from {
                ways.0 = true;
            } else {
                ways.1 = true;
            }
        }
    }
    flush(seen_road, ways, &mut roads, &mut entering);
    (roads, entering)
}

/// The arcs of `filter`'s links, grouped by tail node (arcs out of node `v` at
/// `first[v]..first[v + 1]`), each with the bearings it leaves and arrives at,
/// measured along its road's shape.
fn arcs_with_bearings(
    network: &ImportedNetwork,
    filter: &LinkFilter,
    road_of: &[u32],
) -> (Vec<u32>, Vec<Arc>) {
    let n = network.node_count();
    let links = &network.links;
    let base = |v: u32| network.base_node(v);
    let cos_lat0 = network
        .nodes
        .first()
        .map_or(1.0, |p| p.lat_lon().lat_deg.to_radians().cos());
    let first = super::dijkstra::arc_offsets(links, filter, n);
    let mut next = first.clone();
    let admitted = || links.iter().enumerate().filter(|(_, l)| filter.admits(l));
    let placeholder = Arc {
        tail: 0,
        head: 0,
        weight_ds: 0,
        link: 0,
        road: 0,
        leave_deg: 0.0,
        arrive_deg: 0.0,
        one_way: false,
        roundabout: false,
    };
    let mut arcs = vec![placeholder; *first.last().unwrap_or(&0) as usize];
    // Whether each road runs along its first link's way, and against it (turn
    // restrictions split a two-way road into one-way links).
    let mut ways = vec![(false, false); links.len()];
    for (index, link) in admitted() {
        let road = road_of[index] as usize;
        for (tail, _) in link.arcs() {
            if base(tail) == base(links[road].from) {
                ways[road].0 = true;
            } else {
                ways[road].1 = true;
            }
        }
    }
    for (index, link) in admitted() {
        let road = road_of[index];
        // The road's points from its first link's `from` to its `to`.
        let points = super::snap::link_points(network, road as usize);
        let road_from = base(links[road as usize].from);
        let over_m = if link.roundabout {
            ROUNDABOUT_BEARING_M
        } else {
            BEARING_M
        };
        let along = heading(&mut points.iter().copied(), over_m, cos_lat0);
        let against = heading(&mut points.iter().rev().copied(), over_m, cos_lat0);
        for (tail, head) in link.arcs() {
            let forward = base(tail) == road_from;
            let (leave_deg, arrive_deg) = if forward {
                (along, against + 180.0)
            } else {
                (against, along + 180.0)
            };
            let slot = &mut next[tail as usize];
            arcs[*slot as usize] = Arc {
                tail,
                head,
                weight_ds: link.weight(Weighting::Time),
                link: index as u32,
                road,
                leave_deg,
                arrive_deg,
                one_way: !(ways[road as usize].0 && ways[road as usize].1),
                roundabout: link.roundabout,
            };
            *slot += 1;
        }
    }
    (first, arcs)
}

/// Gives each pair of roads merged at a node ([`Link::merged`], found at import
/// by [`super::merged_roads`]) the bisector of their directions there, as OSRM
/// gives merged roads one bearing: going from one into the other then turns
/// back by 180°, a U-turn by [`TurnGraph::turn`]'s reckoning. At a node where
/// more than one pair merged, each road entering is paired with the road
/// leaving closest to it in direction.
fn merge_bearings(network: &ImportedNetwork, arcs: &mut [Arc]) {
    let base = |v: u32| network.base_node(v);
    // (base node, road, entering, its direction from the node outwards); the
    // same road's duplicates and turn copies give it once.
    let mut ends: Vec<(u32, u32, bool, f64)> = Vec::new();
    for arc in arcs.iter() {
        let merged = network.links[arc.link as usize].merged;
        if merged.at_to() {
            ends.push((base(arc.head), arc.road, true, arc.arrive_deg - 180.0));
        }
        if merged.at_from() {
            ends.push((base(arc.tail), arc.road, false, arc.leave_deg));
        }
    }
    if ends.is_empty() {
        return;
    }
    ends.sort_by_key(|e| (e.0, e.1, e.2));
    ends.dedup_by_key(|e| (e.0, e.1, e.2));
    let off = |a: f64, b: f64| (b - a + 540.0).rem_euclid(360.0) - 180.0;
    // (base node, road, entering) → the merged direction.
    let mut merged_deg: Vec<((u32, u32, bool), f64)> = Vec::new();
    for node in ends.chunk_by(|x, y| x.0 == y.0) {
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (i, e) in node.iter().enumerate().filter(|(_, e)| e.2) {
            for (j, l) in node.iter().enumerate().filter(|(_, l)| !l.2) {
                pairs.push((off(e.3, l.3).abs(), i, j));
            }
        }
        pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut used = vec![false; node.len()];
        for (_, i, j) in pairs {
            if used[i] || used[j] {
                continue;
            }
            used[i] = true;
            used[j] = true;
            let (e, l) = (node[i], node[j]);
            let bisector = e.3 + off(e.3, l.3) / 2.0;
            merged_deg.push(((e.0, e.1, true), bisector));
            merged_deg.push(((l.0, l.1, false), bisector));
        }
    }
    merged_deg.sort_by_key(|m| m.0);
    let find = |key: (u32, u32, bool)| {
        (merged_deg.binary_search_by(|x| x.0.cmp(&key)).ok()).map(|i| merged_deg[i].1)
    };
    for arc in arcs.iter_mut() {
        let merged = network.links[arc.link as usize].merged;
        if merged.at_to()
            && let Some(deg) = find((base(arc.head), arc.road, true))
        {
            arc.arrive_deg = deg + 180.0;
        }
        if merged.at_from()
            && let Some(deg) = find((base(arc.tail), arc.road, false))
        {
            arc.leave_deg = deg;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{TurnGraph, turn_ds};
    use crate::imported::{ImportedNetwork, Link, LinkFilter, Links, NodePosition};

    /// Where a divided road (one-way 1 → 0 from the north-east, one-way 0 → 2
    /// back north-east 11 m beside it) becomes a two-way road (0 – 3), turning
    /// from one carriageway into the other is priced as OSRM prices it once it
    /// has merged them: a U-turn, 7.45 s + 20 s, not the 7.4 s of a sharp turn.
    #[test]
    fn turning_back_from_one_carriageway_into_the_other_is_a_u_turn() {
        let at = |north_m: f64, east_m: f64| {
            NodePosition::from_degrees(43.70 + north_m / 111_132.0, 7.40 + east_m / 80_450.0)
        };
        let nodes = vec![
            at(0.0, 0.0),
            at(100.0, 100.0),
            at(108.0, 92.0),
            at(-100.0, -100.0),
        ];
        let one_way = |from, to| Link {
            one_way: true,
            ..Link::road(from, to, 1414)
        };
        let links = Links::straight_roads(
            nodes,
            vec![one_way(1, 0), one_way(0, 2), Link::road(0, 3, 1414)],
        );
        let network = ImportedNetwork::prepare(links, "divided".into());
        let graph = TurnGraph::new(&network, &LinkFilter::prepared());
        let arc = |i: usize, forward: bool| {
            let l = &network.links[i];
            let (tail, head) = if forward {
                (l.from, l.to)
            } else {
                (l.to, l.from)
            };
            graph.arc(tail, head, i as u32).unwrap()
        };
        assert_eq!(graph.turn(arc(0, true), arc(1, true)), Some(274));
        // Straight on into the two-way road: 0.007 s, truncated.
        assert_eq!(graph.turn(arc(0, true), arc(2, true)), Some(0));
        // From the two-way road on into the carriageway, 6° to the left: 0.1 s.
        assert_eq!(graph.turn(arc(2, false), arc(1, true)), Some(1));
    }

    /// car.lua's `process_turn` evaluated by hand (Python, same formula) for
    /// a right and a left turn of 90°, 45° each way, straight on at a signal,
    /// a left turn where only two roads meet (free) and a U-turn.
    #[test]
    fn turn_costs_follow_the_car_profile() {
        // 2.105 s, 7.320 s (5.39 turning left, 1.93 crossing oncoming traffic).
        assert_eq!(turn_ds(90.0, 3, false, false, 0), 21);
        assert_eq!(turn_ds(-90.0, 4, false, false, 0), 73);
        assert_eq!(turn_ds(45.0, 3, false, false, 0), 1);
        assert_eq!(turn_ds(-45.0, 3, false, false, 0), 15);
        // On a roundabout, no oncoming traffic: 5.39 s.
        assert_eq!(turn_ds(-90.0, 4, false, true, 0), 53);
        // 0.007 s of turn, truncated, and 2 s of traffic signals.
        assert_eq!(turn_ds(0.0, 3, false, false, 20), 20);
        assert_eq!(turn_ds(-90.0, 2, false, false, 0), 0);
        // 7.455 s + 20 s.
        assert_eq!(turn_ds(180.0, 2, true, false, 0), 274);
    }
}

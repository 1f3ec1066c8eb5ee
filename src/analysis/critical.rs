//! Where the network is fragile: the places (articulation points) and segments
//! (bridges) whose closure splits it, and each border crossing closed on its own,
//! with what every closure does to a set of origin–destination pairs.
//!
//! Articulation points come from petgraph; bridges from petgraph on the network with
//! parallel segments merged, since two segments between the same places (a road and
//! a railway) are no bridge, and petgraph's `bridges` expects a simple graph.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::separation::Separation;
use super::{PairIds, Pairs};
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, Pair, PlaceIdx, SegmentIdx};
use crate::routing::{self, FilterDescription, Search, Weights};

/// The places whose removal disconnects two other places of `network`, in index
/// order.
pub fn articulation_points(graph: &CorridorGraph) -> Vec<PlaceIdx> {
    let mut points: Vec<PlaceIdx> =
        petgraph::algo::articulation_points::articulation_points(&graph.petgraph)
            .into_iter()
            .map(|node| node.index())
            .collect();
    points.sort_unstable();
    points
}

/// The segments whose removal disconnects their two ends, in index order.
pub fn bridges(graph: &CorridorGraph) -> Vec<SegmentIdx> {
    // One edge per pair of places, carrying the segments between them.
    let mut simple: UnGraph<(), Vec<SegmentIdx>> = UnGraph::default();
    for _ in 0..graph.petgraph.node_count() {
        simple.add_node(());
    }
    let mut edge_of: HashMap<(usize, usize), petgraph::graph::EdgeIndex> = HashMap::new();
    for edge in graph.petgraph.edge_references() {
        let (a, b) = (edge.source().index(), edge.target().index());
        let key = (a.min(b), a.max(b));
        match edge_of.get(&key) {
            Some(&e) => simple[e].push(*edge.weight()),
            None => {
                let e = simple.add_edge(NodeIndex::new(a), NodeIndex::new(b), vec![*edge.weight()]);
                edge_of.insert(key, e);
            }
        }
    }
    let mut found: Vec<SegmentIdx> = petgraph::algo::bridges::bridges(&simple)
        .filter(|edge| edge.weight().len() == 1)
        .map(|edge| edge.weight()[0])
        .collect();
    found.sort_unstable();
    found
}

/// What is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Closed {
    Place(PlaceIdx),
    Segment(SegmentIdx),
}

impl Closed {
    /// True where closing this takes segment `s` out.
    fn touches(self, data: &Dataset, s: SegmentIdx) -> bool {
        match self {
            Closed::Segment(c) => s == c,
            Closed::Place(p) => data.segments[s].from == p || data.segments[s].to == p,
        }
    }

    fn place(self) -> Option<PlaceIdx> {
        match self {
            Closed::Place(p) => Some(p),
            Closed::Segment(_) => None,
        }
    }
}

/// Why a closure was examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ClosureKind {
    /// A place whose closure disconnects two others.
    ArticulationPoint,
    /// A segment whose closure disconnects its own ends.
    Bridge,
    BorderCrossing,
}

impl ClosureKind {
    /// A short word for tables.
    pub fn label(self) -> &'static str {
        match self {
            ClosureKind::ArticulationPoint => "cut place",
            ClosureKind::Bridge => "bridge",
            ClosureKind::BorderCrossing => "crossing",
        }
    }
}

/// One pair's route once the closure is in force.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Detour {
    #[serde(flatten)]
    pub pair: PairIds,
    /// In km, before the closure.
    pub before_km: f64,
    /// In km; `None` where the closure disconnects the pair.
    pub after_km: Option<f64>,
    pub added_km: Option<f64>,
    /// Border crossing places (ids) the new route takes that the old one did not.
    pub via: Vec<String>,
}

/// One closure and its effect.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClosureEffect {
    /// Why it was examined.
    pub kinds: Vec<ClosureKind>,
    /// The place id, or the segment as "from–to".
    pub id: String,
    pub name: String,
    /// The corridor of a closed segment.
    pub corridor: Option<String>,
    /// Pairs of places (all places, not only the key pairs) connected before and
    /// not after.
    pub place_pairs_cut: usize,
    /// Key pairs the closure disconnects.
    pub pairs_disconnected: usize,
    /// Key pairs that stay connected but get longer.
    pub pairs_longer: usize,
    /// Sum of the km added to the key pairs that stay connected.
    pub added_km_total: f64,
    /// Every key pair whose route the closure changes.
    pub detours: Vec<Detour>,
    #[serde(skip)]
    pub closed: Closed,
}

/// The answer to `corridors critical`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Critical {
    pub pairs_from: String,
    pub pairs: Vec<PairIds>,
    pub filter: FilterDescription,
    pub articulation_points: Vec<String>,
    /// Segments as "from–to".
    pub bridges: Vec<String>,
    /// Worst first: most key pairs disconnected, then most km added, then most place
    /// pairs cut.
    pub closures: Vec<ClosureEffect>,
}

fn segment_label(data: &Dataset, s: SegmentIdx) -> String {
    let seg = &data.segments[s];
    format!("{}–{}", data.places[seg.from].id, data.places[seg.to].id)
}

/// Examines every articulation point, bridge and border crossing of the network
/// `filter` admits.
pub fn critical(data: &Dataset, filter: &Filter, pairs: &Pairs) -> Critical {
    let graph = CorridorGraph::new(data, filter);
    let points = articulation_points(&graph);
    let bridge_segments = bridges(&graph);
    let crossings = (0..data.places.len())
        .filter(|&p| data.places[p].is_border_crossing() && graph.segments_at(p).next().is_some());

    let mut closures: Vec<(Closed, Vec<ClosureKind>)> = Vec::new();
    let kinds_of = points
        .iter()
        .map(|&p| (Closed::Place(p), ClosureKind::ArticulationPoint))
        .chain(crossings.map(|p| (Closed::Place(p), ClosureKind::BorderCrossing)))
        .chain(
            bridge_segments
                .iter()
                .map(|&s| (Closed::Segment(s), ClosureKind::Bridge)),
        );
    let mut index_of: HashMap<Closed, usize> = HashMap::new();
    for (closed, kind) in kinds_of {
        match index_of.get(&closed) {
            Some(&i) => closures[i].1.push(kind),
            None => {
                index_of.insert(closed, closures.len());
                closures.push((closed, vec![kind]));
            }
        }
    }

    let weights = Weights::distance(data);
    let search = Search::new(&graph, &weights);
    let routes = super::routes_of(&search, &pairs.pairs, 0..pairs.pairs.len());
    let before = Before {
        weights: &weights,
        used: routes
            .iter()
            .map(|route| RouteUses::of(data, route))
            .collect(),
        routes,
        separation: Separation::of(&graph),
    };
    let mut effects: Vec<ClosureEffect> = closures
        .into_iter()
        .map(|(closed, kinds)| closure_effect(data, filter, &pairs.pairs, &before, closed, kinds))
        .collect();
    effects.sort_by(|a, b| {
        b.pairs_disconnected
            .cmp(&a.pairs_disconnected)
            .then(b.added_km_total.total_cmp(&a.added_km_total))
            .then(b.place_pairs_cut.cmp(&a.place_pairs_cut))
            .then(a.id.cmp(&b.id))
    });
    Critical {
        pairs_from: pairs.origin.clone(),
        pairs: pairs.pairs.iter().map(|&p| PairIds::of(data, p)).collect(),
        filter: FilterDescription::of(data, filter),
        articulation_points: points.iter().map(|&p| data.places[p].id.clone()).collect(),
        bridges: bridge_segments
            .iter()
            .map(|&s| segment_label(data, s))
            .collect(),
        closures: effects,
    }
}

/// The network before any closure: each pair's route, what it uses, and what each
/// closure would split.
struct Before<'a> {
    /// Distance weights, priced once for every closed network.
    weights: &'a Weights<'a>,
    routes: Vec<Option<routing::RouteSummary>>,
    used: Vec<RouteUses>,
    separation: Separation,
}

/// The segments and places a route uses, to tell in constant time whether a
/// closure touches it (a route on a chain of 20,000 places has 20,000 steps, and
/// every one of its 40,000 closures asked).
#[derive(Default)]
struct RouteUses {
    segments: HashSet<SegmentIdx>,
    places: HashSet<PlaceIdx>,
}

impl RouteUses {
    fn of(data: &Dataset, route: &Option<routing::RouteSummary>) -> Self {
        let mut uses = RouteUses::default();
        for step in route.iter().flat_map(|r| &r.legs).flat_map(|l| &l.steps) {
            let segment = &data.segments[step.segment];
            uses.segments.insert(step.segment);
            uses.places.extend([segment.from, segment.to]);
        }
        uses
    }

    fn touched_by(&self, closed: Closed) -> bool {
        match closed {
            Closed::Segment(s) => self.segments.contains(&s),
            Closed::Place(p) => self.places.contains(&p),
        }
    }
}

/// What one closure does to the pairs and to the network's connectivity.
fn closure_effect(
    data: &Dataset,
    filter: &Filter,
    pairs: &[Pair],
    before: &Before,
    closed: Closed,
    kinds: Vec<ClosureKind>,
) -> ClosureEffect {
    let is_bridge = kinds.contains(&ClosureKind::Bridge);
    let place_pairs_cut = place_pairs_cut(data, &before.separation, closed, is_bridge);
    let detours = detours(data, filter, pairs, before, closed, is_bridge);
    let (id, name, corridor) = closure_label(data, closed);
    ClosureEffect {
        kinds,
        id,
        name,
        corridor,
        place_pairs_cut,
        pairs_disconnected: detours.iter().filter(|d| d.after_km.is_none()).count(),
        pairs_longer: detours
            .iter()
            .filter(|d| d.added_km.is_some_and(|km| km >= 0.5))
            .count(),
        added_km_total: detours.iter().filter_map(|d| d.added_km).sum(),
        detours,
        closed,
    }
}

/// How many pairs of places the closure disconnects. Pairs that include the closed
/// place itself are not "cut": it is gone.
fn place_pairs_cut(
    data: &Dataset,
    separation: &Separation,
    closed: Closed,
    is_bridge: bool,
) -> usize {
    match closed {
        Closed::Place(p) => separation.pairs_cut_by_place(p),
        Closed::Segment(s) => {
            let segment = &data.segments[s];
            if is_bridge {
                separation.pairs_cut_by_bridge(segment.from, segment.to)
            } else {
                0
            }
        }
    }
}

/// The detour of each pair whose route the closure touches; none for a pair with a
/// closed end (the question itself is gone) or without a route before.
fn detours(
    data: &Dataset,
    filter: &Filter,
    pairs: &[Pair],
    before: &Before,
    closed: Closed,
    is_bridge: bool,
) -> Vec<Detour> {
    let separation = &before.separation;
    let separates = |pair: &Pair| match closed {
        Closed::Place(p) => separation.place_separates(p, pair.from, pair.to),
        Closed::Segment(s) => {
            let segment = &data.segments[s];
            is_bridge && separation.bridge_separates(segment.from, segment.to, pair.from, pair.to)
        }
    };
    let touched: Vec<Touched> = pairs
        .iter()
        .zip(&before.routes)
        .zip(&before.used)
        .enumerate()
        .filter_map(|(pair, ((ends, old), used))| {
            let closed_end = closed
                .place()
                .is_some_and(|p| p == ends.from || p == ends.to);
            let before = old.as_ref()?;
            (!closed_end && used.touched_by(closed)).then(|| Touched {
                pair,
                before,
                cut_off: separates(ends),
            })
        })
        .collect();
    let searched: Vec<usize> = touched
        .iter()
        .filter(|t| !t.cut_off)
        .map(|t| t.pair)
        .collect();
    let mut new_routes = routes_after(data, filter, pairs, before.weights, closed, &searched);
    touched
        .into_iter()
        .map(|t| {
            detour(
                data,
                pairs[t.pair],
                t.before,
                new_routes[t.pair].take().as_ref(),
            )
        })
        .collect()
}

/// A pair whose route the closure touches: its index, its route before, and whether
/// the closure cuts it off (no detour to search).
struct Touched<'r> {
    pair: usize,
    before: &'r routing::RouteSummary,
    cut_off: bool,
}

/// The route of each of `pairs` at the indices `searched` once `closed` is closed
/// (the others `None`). The closed network is built only where there is a pair to
/// search, and each origin is searched once for all its pairs.
fn routes_after(
    data: &Dataset,
    filter: &Filter,
    pairs: &[Pair],
    weights: &Weights,
    closed: Closed,
    searched: &[usize],
) -> Vec<Option<routing::RouteSummary>> {
    if searched.is_empty() {
        return vec![None; pairs.len()];
    }
    let open = |s: SegmentIdx| filter.admits(data, s) && !closed.touches(data, s);
    let graph = CorridorGraph::with_segments(data, open);
    let search = Search::new(&graph, weights);
    super::routes_of(&search, pairs, searched.iter().copied())
}

/// The pair's route `old` before the closure against `new` after it (`None`:
/// disconnected).
fn detour(
    data: &Dataset,
    pair: Pair,
    old: &routing::RouteSummary,
    new: Option<&routing::RouteSummary>,
) -> Detour {
    let old_crossings: Vec<&String> = old.border_crossings.iter().map(|c| &c.crossing).collect();
    Detour {
        pair: PairIds::of(data, pair),
        before_km: old.distance_km,
        after_km: new.map(|r| r.distance_km),
        added_km: new.map(|r| (r.distance_km - old.distance_km).max(0.0)),
        via: new
            .map(|r| {
                r.border_crossings
                    .iter()
                    .map(|c| c.crossing.clone())
                    // Crossings without a place ("TJ→UZ") name no detour.
                    .filter(|c| !c.contains('→') && !old_crossings.contains(&c))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The closure's id, name, and corridor (of a closed segment).
fn closure_label(data: &Dataset, closed: Closed) -> (String, String, Option<String>) {
    match closed {
        Closed::Place(p) => (data.places[p].id.clone(), data.places[p].name.clone(), None),
        Closed::Segment(s) => {
            let seg = &data.segments[s];
            (
                segment_label(data, s),
                format!(
                    "{} – {}",
                    data.places[seg.from].name, data.places[seg.to].name
                ),
                Some(data.corridors[seg.corridor].id.clone()),
            )
        }
    }
}

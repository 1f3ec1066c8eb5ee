//! Planner analysis on top of routing: what each unbuilt project would change
//! ([`impact`]), where the operational network is fragile ([`critical`]), and whether
//! the papers' figures hold on the network ([`claims`]).

pub mod claims;
pub mod critical;
pub mod evidence;
pub mod impact;
mod separation;

use serde::Serialize;

use crate::graph::CorridorGraph;
use crate::lookup;
use crate::model::{Dataset, Pair, PlaceIdx};
use crate::routing::{self, Search, Weights};

/// The Central Asian capitals of the default origin–destination pairs.
pub const CENTRAL_ASIAN_CAPITALS: &[&str] =
    &["dushanbe", "tashkent", "bishkek", "ashgabat", "astana"];
/// The Pakistani ports of the default pairs.
pub const PAKISTANI_PORTS: &[&str] = &["karachi", "gwadar", "port-qasim"];

/// The pairs a question runs over, and where they come from, in words.
#[derive(Debug, Clone)]
pub struct Pairs {
    pub pairs: Vec<Pair>,
    /// "the five Central Asian capitals to Karachi, Gwadar and Port Qasim" or the
    /// file's name.
    pub origin: String,
}

impl Pairs {
    /// Each of `from` to each of `to`, for the ids the dataset has; `origin` is
    /// built from the places found, so it never names a missing one.
    pub fn between(data: &Dataset, from: &[&str], to: &[&str]) -> Self {
        let known = |ids: &[&str]| -> Vec<PlaceIdx> {
            ids.iter()
                .filter_map(|id| lookup::find_place(data, id).ok())
                .collect()
        };
        let (origins, ends) = (known(from), known(to));
        let names = |places: &[PlaceIdx]| -> String {
            places
                .iter()
                .map(|&p| data.places[p].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Self {
            pairs: origins
                .iter()
                .flat_map(|&from| ends.iter().map(move |&to| Pair { from, to }))
                .collect(),
            origin: format!("{} to {}", names(&origins), names(&ends)),
        }
    }

    /// The default: the Central Asian capitals to the Pakistani ports.
    pub fn default_for(data: &Dataset) -> Self {
        let mut pairs = Self::between(data, CENTRAL_ASIAN_CAPITALS, PAKISTANI_PORTS);
        pairs.origin = format!("default: {}", pairs.origin);
        pairs
    }
}

/// A pair as place ids, for output.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct PairIds {
    pub from: String,
    pub to: String,
}

impl PairIds {
    pub fn of(data: &Dataset, pair: Pair) -> Self {
        Self {
            from: data.places[pair.from].id.clone(),
            to: data.places[pair.to].id.clone(),
        }
    }
}

/// The least total (in the weights' unit) of each pair on `network`; `None` where
/// the pair is not connected. Each origin is searched once.
pub fn pair_totals(graph: &CorridorGraph, weights: &Weights, pairs: &[Pair]) -> Vec<Option<f64>> {
    let search = Search::new(graph, weights);
    let mut totals: Vec<Option<f64>> = vec![None; pairs.len()];
    // One search per origin, only as far as its pairs' ends need.
    for group in by_origin(pairs, 0..pairs.len()) {
        let found = search.from_one_to(group.origin, &group.ends);
        for (i, units) in group.at.into_iter().zip(found) {
            totals[i] = units.map(routing::units::from_units);
        }
    }
    totals
}

/// The route of each of `pairs` at the indices `searched` (the others `None`), each
/// origin searched once for all its pairs ([`routing::best_to_each`]).
pub(crate) fn routes_of(
    search: &Search,
    pairs: &[Pair],
    searched: impl IntoIterator<Item = usize>,
) -> Vec<Option<routing::RouteSummary>> {
    let mut routes: Vec<Option<routing::RouteSummary>> = vec![None; pairs.len()];
    for group in by_origin(pairs, searched) {
        let found = routing::best_to_each(search, group.origin, &group.ends);
        for (i, route) in group.at.into_iter().zip(found) {
            routes[i] = route;
        }
    }
    routes
}

/// Pairs with one origin: what one search from it answers.
struct OriginGroup {
    origin: PlaceIdx,
    /// The pairs' indices in the list they came from.
    at: Vec<usize>,
    /// Their ends, in the same order.
    ends: Vec<PlaceIdx>,
}

/// The pairs at the indices `searched`, grouped by origin, origins in ascending order
/// and pairs in the order given.
fn by_origin(pairs: &[Pair], searched: impl IntoIterator<Item = usize>) -> Vec<OriginGroup> {
    let mut groups: Vec<OriginGroup> = Vec::new();
    let mut group_of: std::collections::HashMap<PlaceIdx, usize> = Default::default();
    for i in searched {
        let Pair { from, to } = pairs[i];
        let g = *group_of.entry(from).or_insert_with(|| {
            groups.push(OriginGroup {
                origin: from,
                at: Vec::new(),
                ends: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].at.push(i);
        groups[g].ends.push(to);
    }
    groups.sort_unstable_by_key(|g| g.origin);
    groups
}

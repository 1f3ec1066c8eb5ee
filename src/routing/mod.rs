//! Routing on the filtered network: the shortest route under a metric, meaningfully
//! different alternatives, matrices, reachability, and an explanation when there is no
//! route.

pub mod search;
pub mod summary;
mod tree;
pub mod units;
pub mod weights;

use std::collections::HashMap;

use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, Mode, PlaceIdx, SegmentIdx, Status, TRANSPORT_MODES};
pub use search::{Itinerary, Search, Trip};
pub use summary::{Leg, RouteSummary, summarise};
pub use units::Units;
pub use weights::{Carrier, Metric, MissingFigures, Weights};

/// An alternative is listed only if at most this share of its km runs between places
/// that a route already listed joins directly (GraphHopper's "max share factor" plays
/// the same part). The places count, not the segments: a railway beside the road
/// between the same two towns is the same geography, not an alternative.
pub const MAX_SHARED_FRACTION: f64 = 0.8;

/// How many of Yen's shortest routes are examined for each alternative asked for.
const CANDIDATES_PER_ALTERNATIVE: usize = 60;

/// The km of `path` on the segments that `on` accepts.
fn km_on(weights: &Weights, path: &Itinerary, on: impl Fn(SegmentIdx) -> bool) -> f64 {
    path.steps
        .iter()
        .filter(|s| on(s.segment))
        .map(|s| weights.distance_km(s.segment))
        .sum()
}

/// The km of `candidate` between two places that `listed` joins directly, by any
/// mode and in either direction.
pub fn shared_km(weights: &Weights, candidate: &Itinerary, listed: &Itinerary) -> f64 {
    let pair = |s: SegmentIdx| {
        let segment = &weights.data.segments[s];
        (segment.from.min(segment.to), segment.from.max(segment.to))
    };
    let listed_pairs: std::collections::HashSet<(PlaceIdx, PlaceIdx)> =
        listed.steps.iter().map(|step| pair(step.segment)).collect();
    km_on(weights, candidate, |s| listed_pairs.contains(&pair(s)))
}

/// Up to `k` routes, best first: the shortest, then each next-best route that passes no
/// place twice and shares at most [`MAX_SHARED_FRACTION`] of its km with every route
/// before it, whatever the mode ([`shared_km`]).
pub fn alternatives(search: &Search, trip: &Trip, k: usize) -> Vec<Itinerary> {
    if k <= 1 {
        return search.shortest(trip).into_iter().collect();
    }
    if trip.vias.len() > MAX_VIAS_FOR_YEN {
        return alternatives_by_penalty(search, trip, k);
    }
    let mut candidates = search
        .k_shortest(trip, k.saturating_mul(CANDIDATES_PER_ALTERNATIVE))
        .into_iter();
    // The first is the shortest route as it is; the alternatives must also pass no
    // place twice.
    let mut kept: Vec<Itinerary> = candidates.next().into_iter().collect();
    for candidate in candidates.filter(|path| search::is_loopless(path, trip)) {
        let km = km_on(search.weights, &candidate, |_| true);
        let distinct = kept.iter().all(|listed| {
            shared_km(search.weights, &candidate, listed) <= MAX_SHARED_FRACTION * km
        });
        if distinct {
            kept.push(candidate);
            if kept.len() == k {
                break;
            }
        }
    }
    kept
}

/// The most vias a route's alternatives are found with Yen's search: it examines
/// more candidates and finds shorter alternatives (Dushanbe–Karachi via Kabul: 2,232
/// km where the penalties find 2,443), but its work grows with the square of the
/// vias.
const MAX_VIAS_FOR_YEN: usize = 2;

/// How many penalised searches [`alternatives_by_penalty`] makes for each
/// alternative asked for.
const PENALTY_ROUNDS_PER_ALTERNATIVE: usize = 4;

/// Alternatives through vias: Yen's search over the via-staged graph grows with the
/// square of the vias (20 vias took 7 s, 200 far longer), so each next candidate is
/// instead the shortest route once the links of the routes found before weigh
/// double, one search each; the same rule of distinctness then applies.
fn alternatives_by_penalty(search: &Search, trip: &Trip, k: usize) -> Vec<Itinerary> {
    let Some(shortest) = search.shortest(trip) else {
        return Vec::new();
    };
    let pairs_of = |path: &Itinerary| -> Vec<(PlaceIdx, PlaceIdx)> {
        path.steps
            .iter()
            .map(|step| {
                let segment = &search.weights.data.segments[step.segment];
                search::place_pair(segment.from, segment.to)
            })
            .collect()
    };
    let mut penalised =
        Search::new(search.graph, search.weights).with_max_transfers(search.max_transfers);
    penalised.penalise(pairs_of(&shortest));
    let mut kept = vec![shortest];
    for _ in 0..k.saturating_mul(PENALTY_ROUNDS_PER_ALTERNATIVE) {
        let Some(candidate) = penalised.shortest(trip) else {
            break;
        };
        if kept.iter().any(|listed| listed.steps == candidate.steps) {
            // The penalties no longer move the route: nothing new to find.
            break;
        }
        penalised.penalise(pairs_of(&candidate));
        let km = km_on(search.weights, &candidate, |_| true);
        let distinct = kept.iter().all(|listed| {
            shared_km(search.weights, &candidate, listed) <= MAX_SHARED_FRACTION * km
        });
        if distinct && search::is_loopless(&candidate, trip) {
            kept.push(candidate);
            if kept.len() == k {
                break;
            }
        }
    }
    // Best first, as Yen's candidates come.
    kept[1..].sort_by_key(|path| path.units);
    kept
}

/// The shortest route between two places (no vias), summarised with the search's
/// weights; `None` where the network does not connect them.
pub fn best(search: &Search, from: PlaceIdx, to: PlaceIdx) -> Option<RouteSummary> {
    let path = search.shortest(&Trip::direct(from, to))?;
    Some(summarise(search.weights, &path))
}

/// [`best`] from `from` to each of `targets`, from one search
/// ([`Search::shortest_to_each`]).
pub fn best_to_each(
    search: &Search,
    from: PlaceIdx,
    targets: &[PlaceIdx],
) -> Vec<Option<RouteSummary>> {
    search
        .shortest_to_each(from, targets)
        .into_iter()
        .map(|path| path.map(|path| summarise(search.weights, &path)))
        .collect()
}

/// A constraint that, lifted, lets a route through.
#[derive(Debug, Clone)]
pub struct Relaxation {
    /// What was lifted, as a phrase: "with under-construction and proposed links".
    pub lifted: String,
    pub route: RouteSummary,
}

/// Why there is no route, and the best route with one constraint lifted, if any.
#[derive(Debug, Clone)]
pub struct NoRoute {
    pub reason: String,
    pub relaxation: Option<Relaxation>,
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tries lifting each constraint of `filter` in turn (status, avoided places and
/// countries, mode), then all of them, and says which one disconnects the places.
pub fn explain_no_route(data: &Dataset, filter: &Filter, metric: Metric, trip: &Trip) -> NoRoute {
    let reason = format!(
        "no route from {} to {} {}",
        data.places[trip.from].name,
        data.places[trip.to].name,
        FilterDescription::of(data, filter).phrase()
    );
    NoRoute {
        reason,
        relaxation: relaxation(data, filter, metric, trip),
    }
}

/// The first lifting of constraints that gives a route, and that route: those of
/// [`relaxed_filters`] in turn, then a scenario's closures, then the rule that
/// freight changes mode only at terminals.
fn relaxation(data: &Dataset, filter: &Filter, metric: Metric, trip: &Trip) -> Option<Relaxation> {
    let all_modes = with_every_mode(&filter.modes);
    for (lifted, relaxed) in relaxed_filters(filter, &all_modes) {
        if let Some(route) = route_under(data, metric, trip, &relaxed) {
            return Some(Relaxation { lifted, route });
        }
    }
    // A scenario's closures stand in every filter: lift them last.
    if !data.closed.countries.is_empty() || !data.closed.places.is_empty() {
        let everything = Filter {
            modes: all_modes.clone(),
            ignore_closures: true,
            ..Filter::everything()
        };
        if let Some(route) = route_under(data, metric, trip, &everything) {
            let lifted = format!(
                "without the closures of the scenario {}, with every status, by {}, avoiding nothing",
                data.scenarios.join(", "),
                list(&all_modes)
            );
            return Some(Relaxation { lifted, route });
        }
    }
    // Freight changes mode only at terminals: say so where that alone cuts the way.
    let everything = Filter {
        modes: all_modes,
        ..Filter::everything()
    };
    let graph = CorridorGraph::new(data, &everything);
    let weights = Weights::distance(data).with_transfers_anywhere();
    let path = Search::new(&graph, &weights).shortest(trip)?;
    Some(Relaxation {
        lifted: "changing mode at places that are no terminal (a terminal is a port, a dry port \
                 or a [[terminal]] of travel.toml)"
            .into(),
        route: summarise(&weights, &path),
    })
}

/// `modes`, then every transport mode it lacks.
fn with_every_mode(modes: &[Mode]) -> Vec<Mode> {
    let mut all_modes = modes.to_vec();
    for mode in TRANSPORT_MODES {
        if !all_modes.contains(mode) {
            all_modes.push(*mode);
        }
    }
    all_modes
}

/// `filter` with each of its constraints lifted in turn (status, avoided places and
/// countries, month, mode), then with all of them, each with its phrase.
fn relaxed_filters(filter: &Filter, all_modes: &[Mode]) -> Vec<(String, Filter)> {
    let mut tries: Vec<(String, Filter)> = Vec::new();
    if filter.statuses.len() < Status::ALL.len() {
        let lifted: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| !filter.statuses.contains(s))
            .collect();
        tries.push((
            format!("with {} links", list(&lifted).replace(", ", " and ")),
            Filter {
                statuses: Status::ALL.to_vec(),
                ..filter.clone()
            },
        ));
    }
    if !filter.avoid_countries.is_empty() || !filter.avoid_places.is_empty() {
        tries.push((
            "without the avoided countries and places".into(),
            Filter {
                avoid_countries: Vec::new(),
                avoid_places: Vec::new(),
                ..filter.clone()
            },
        ));
    }
    if let Some(month) = filter.month {
        tries.push((
            format!(
                "outside {}, when the seasonal passes are open",
                crate::model::MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)]
            ),
            Filter {
                month: None,
                ..filter.clone()
            },
        ));
    }
    if all_modes.len() > filter.modes.len() {
        tries.push((
            format!("by {}", list(all_modes)),
            Filter {
                modes: all_modes.to_vec(),
                ..filter.clone()
            },
        ));
    }
    if tries.len() > 1 {
        tries.push((
            format!(
                "with every status, by {}, avoiding nothing",
                list(all_modes)
            ),
            Filter {
                modes: all_modes.to_vec(),
                ..Filter::everything()
            },
        ));
    }
    tries
}

/// The route under `relaxed` on `data`, if any.
fn route_under(
    data: &Dataset,
    metric: Metric,
    trip: &Trip,
    relaxed: &Filter,
) -> Option<RouteSummary> {
    let graph = CorridorGraph::new(data, relaxed);
    // A relaxed filter may add modes the metric has no figures for; fall back to
    // distance rather than give no explanation.
    let weights =
        Weights::new(data, metric, &relaxed.modes).unwrap_or_else(|_| Weights::distance(data));
    let search = Search::new(&graph, &weights);
    search.shortest(trip).map(|path| summarise(&weights, &path))
}

/// Minimised totals between two sets of places, in the metric's unit; `None` where
/// unreachable. Row i is `from[i]`.
pub fn matrix(search: &Search, from: &[PlaceIdx], to: &[PlaceIdx]) -> Vec<Vec<Option<f64>>> {
    // An origin asked twice is searched once, and only as far as the targets need;
    // its later rows copy the first.
    let mut first_row: HashMap<PlaceIdx, usize> = HashMap::new();
    let mut rows: Vec<Vec<Option<f64>>> = Vec::with_capacity(from.len());
    for (i, &origin) in from.iter().enumerate() {
        let row = match first_row.get(&origin) {
            Some(&earlier) => rows[earlier].clone(),
            None => {
                first_row.insert(origin, i);
                let found = search.from_one_to(origin, to);
                found
                    .into_iter()
                    .map(|u| u.map(units::from_units))
                    .collect()
            }
        };
        rows.push(row);
    }
    rows
}

/// One place within reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    pub place: PlaceIdx,
    /// The minimised total, in the metric's unit.
    pub value: f64,
}

/// Every place other than `from` whose minimised total is within `budget`, nearest
/// first.
pub fn reach(search: &Search, from: PlaceIdx, budget: f64) -> Vec<Reached> {
    let best = search.from_one(from);
    let mut reached: Vec<Reached> = best
        .iter()
        .enumerate()
        .filter(|&(place, _)| place != from)
        .filter_map(|(place, units)| {
            let value = units::from_units((*units)?);
            (value <= budget).then_some(Reached { place, value })
        })
        .collect();
    reached.sort_by(|a, b| a.value.total_cmp(&b.value).then(a.place.cmp(&b.place)));
    reached
}

/// A filter as ids and keywords, for output.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct FilterDescription {
    pub modes: Vec<crate::model::Mode>,
    pub statuses: Vec<Status>,
    pub avoid_countries: Vec<String>,
    pub avoid_places: Vec<String>,
    /// The names of the scenarios applied (`--scenario`), in order.
    pub scenarios: Vec<String>,
    /// The month of travel (`--month`), 1 to 12, where one was asked for.
    pub month: Option<u8>,
}

impl FilterDescription {
    pub fn of(data: &Dataset, filter: &Filter) -> Self {
        Self {
            modes: filter.modes.clone(),
            statuses: filter.statuses.clone(),
            avoid_countries: filter.avoid_countries.clone(),
            avoid_places: filter
                .avoid_places
                .iter()
                .map(|&p| data.places[p].id.clone())
                .collect(),
            scenarios: data.scenarios.clone(),
            month: filter.month,
        }
    }

    /// "on operational links, by road, rail, ferry, avoiding AF".
    pub fn phrase(&self) -> String {
        let statuses = if self.statuses.len() == Status::ALL.len() {
            "all".to_string()
        } else {
            list(&self.statuses)
        };
        let mut text = format!("on {statuses} links, by {}", list(&self.modes));
        let avoided: Vec<&str> = self
            .avoid_countries
            .iter()
            .chain(&self.avoid_places)
            .map(String::as_str)
            .collect();
        if !avoided.is_empty() {
            text.push_str(&format!(", avoiding {}", avoided.join(", ")));
        }
        if let Some(month) = self.month {
            let name = crate::model::MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)];
            text.push_str(&format!(", in {name}"));
        }
        if !self.scenarios.is_empty() {
            text.push_str(&format!(", scenario: {}", self.scenarios.join(" + ")));
        }
        text
    }
}

/// The rule that [`alternatives`] applies, in words.
pub fn alternatives_rule(trip: &Trip) -> String {
    let candidates = if trip.vias.len() <= MAX_VIAS_FOR_YEN {
        format!(
            "candidates are the {CANDIDATES_PER_ALTERNATIVE} shortest loopless routes (Yen) \
             per alternative asked for"
        )
    } else {
        format!(
            "with more than {MAX_VIAS_FOR_YEN} vias, candidates are the shortest routes once the links of the routes \
             found before weigh double (up to {PENALTY_ROUNDS_PER_ALTERNATIVE} per \
             alternative asked for)"
        )
    };
    format!(
        "each alternative shares at most {:.0}% of its km with every route listed before it \
         (km between the same two places, by any mode); {candidates}",
        MAX_SHARED_FRACTION * 100.0,
    )
}

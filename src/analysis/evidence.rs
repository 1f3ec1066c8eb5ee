//! The network's lengths against published town-to-town distances
//! (`routes/evidence.toml`, `corridors evidence`).
//!
//! Each published distance is routed on its own mode alone (road, or rail with train ferries), on links of
//! every status (a published distance may run over a road under reconstruction), and
//! compared with the published figure, or with its range where sources disagree.
//! A route is *within* when it lies within [`TOLERANCE_PCT`] of the range, *short* or
//! *long* otherwise, and *no route* where the network does not connect the pair.
//!
//! A row whose two places are the ends of one segment published at that very figure
//! only restates the segment's own length: it passes by construction and tests
//! nothing. Such rows are marked (`restates_segment`) and the rest counted apart, as
//! the independent check.

use std::collections::HashMap;

use serde::Serialize;

use crate::graph::{CorridorGraph, Filter};
use crate::lengths::KmByBasis;
use crate::model::{Dataset, Metric, Mode, PlaceIdx, PublishedDistance, Status};
use crate::routing::search::place_pair;
use crate::routing::{self, Search, Weights};

/// How far from the published range a route may lie and still count as right, in %.
pub const TOLERANCE_PCT: f64 = 10.0;

/// How close a segment's published length must be to a row's figure for the row to
/// restate it, in km: published figures are given to a tenth of a km at most.
const SAME_FIGURE_KM: f64 = 0.5;

/// How one published distance compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Within the tolerance of the published range.
    Within,
    /// More than the tolerance below the range.
    Short,
    /// More than the tolerance above it.
    Long,
    /// The network does not connect the two places by that mode.
    NoRoute,
}

/// One published distance and the network's route.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvidenceCheck {
    pub from: String,
    pub to: String,
    pub mode: Mode,
    /// The published figure used, in km.
    pub published_km: f64,
    /// The range of published figures, in km, where sources disagree.
    pub published_range_km: Option<(f64, f64)>,
    /// The network's shortest route on that mode, in km.
    pub routed_km: Option<f64>,
    /// How far the route lies outside the published range, in % of its nearer end:
    /// 0 inside it, negative below, positive above.
    pub difference_pct: Option<f64>,
    pub verdict: Verdict,
    /// True where one segment joins the two places by this mode and its published
    /// length is this figure (or lies in this range): the row restates it.
    pub restates_segment: bool,
    /// What the route's km stand on.
    pub km_by_basis: Option<KmByBasis>,
    pub source: String,
    pub quote: String,
}

/// The outcome over the whole table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EvidenceReport {
    pub checks: Vec<EvidenceCheck>,
    pub within: usize,
    pub short: usize,
    pub long: usize,
    pub no_route: usize,
    /// Rows that do not restate a segment's own published length, and how many of
    /// those are within the tolerance: the check that can fail.
    pub independent: usize,
    pub independent_within: usize,
    /// The largest difference above the range, in %.
    pub worst_long_pct: Option<f64>,
    /// The median of the signed differences from the published figure itself, in %.
    pub median_difference_pct: Option<f64>,
}

/// How far `routed` lies outside [low, high], in % of the nearer end.
fn outside_pct(routed: f64, (low, high): (f64, f64)) -> f64 {
    if routed < low {
        (routed - low) / low * 100.0
    } else if routed > high {
        (routed - high) / high * 100.0
    } else {
        0.0
    }
}

/// The network and weights that the distances of one mode and status are routed on
/// (`None` where the weights cannot be had).
struct RoutedOn<'d> {
    mode: Mode,
    status: Option<Status>,
    graph: Option<(Weights<'d>, CorridorGraph<'d>)>,
}

impl<'d> RoutedOn<'d> {
    fn new(data: &'d Dataset, mode: Mode, status: Option<Status>) -> Self {
        // A train crosses water on a train ferry (Van–Tatvan on the way to Istanbul),
        // so a rail distance is routed on rail and ferries.
        let modes = match mode {
            Mode::Rail => vec![Mode::Rail, Mode::Ferry],
            mode => vec![mode],
        };
        let filter = Filter {
            modes,
            statuses: match status {
                Some(status) => vec![status],
                None => Status::ALL.to_vec(),
            },
            ..Filter::default()
        };
        let graph = Weights::new(data, Metric::Distance, &filter.modes)
            .ok()
            .map(|weights| (weights, CorridorGraph::new(data, &filter)));
        Self {
            mode,
            status,
            graph,
        }
    }
}

/// Routes one published distance on `on`, built for its mode and status.
fn check_on(
    data: &Dataset,
    published: &PublishedSegments,
    distance: &PublishedDistance,
    on: &RoutedOn,
) -> EvidenceCheck {
    let route = on.graph.as_ref().and_then(|(weights, graph)| {
        routing::best(&Search::new(graph, weights), distance.from, distance.to)
    });
    let range = distance.range_km.unwrap_or((distance.km, distance.km));
    let routed_km = route.as_ref().map(|r| r.distance_km);
    let difference_pct = routed_km.map(|km| outside_pct(km, range));
    let verdict = match difference_pct {
        None => Verdict::NoRoute,
        Some(d) if d < -TOLERANCE_PCT => Verdict::Short,
        Some(d) if d > TOLERANCE_PCT => Verdict::Long,
        Some(_) => Verdict::Within,
    };
    EvidenceCheck {
        from: data.place(distance.from).id.clone(),
        to: data.place(distance.to).id.clone(),
        mode: distance.mode,
        published_km: distance.km,
        published_range_km: distance.range_km,
        routed_km,
        difference_pct,
        verdict,
        restates_segment: restates_segment(published, distance),
        km_by_basis: route.map(|r| r.km_by_basis),
        source: distance.source.clone(),
        quote: distance.quote.clone(),
    }
}

/// The published lengths of the segments of each mode joining each pair of places
/// (the pair in [`place_pair`] order), gathered once for every distance.
type PublishedSegments = HashMap<(Mode, (PlaceIdx, PlaceIdx)), Vec<f64>>;

fn published_segments(data: &Dataset) -> PublishedSegments {
    let mut published = PublishedSegments::new();
    for s in &data.segments {
        if let Some(km) = s.published_length_km {
            published
                .entry((s.mode, place_pair(s.from, s.to)))
                .or_default()
                .push(km);
        }
    }
    published
}

/// True where a segment of the distance's mode joins its two places and is published
/// at its figure, or inside its range.
fn restates_segment(published: &PublishedSegments, distance: &PublishedDistance) -> bool {
    let ends = place_pair(distance.from, distance.to);
    let (low, high) = distance.range_km.unwrap_or((distance.km, distance.km));
    published
        .get(&(distance.mode, ends))
        .is_some_and(|lengths_km| {
            lengths_km
                .iter()
                .any(|&km| (km - distance.km).abs() <= SAME_FIGURE_KM || (low..=high).contains(&km))
        })
}

/// Routes every published distance of `distances`.
pub fn check_all(data: &Dataset, distances: &[PublishedDistance]) -> EvidenceReport {
    // One network and one set of weights per mode and status, not per distance:
    // building them anew took about half of the check.
    let mut built: Vec<RoutedOn> = Vec::new();
    let mut checks: Vec<EvidenceCheck> = Vec::with_capacity(distances.len());
    let published = published_segments(data);
    for d in distances {
        let at = match built
            .iter()
            .position(|b| b.mode == d.mode && b.status == d.status)
        {
            Some(at) => at,
            None => {
                built.push(RoutedOn::new(data, d.mode, d.status));
                built.len() - 1
            }
        };
        checks.push(check_on(data, &published, d, &built[at]));
    }
    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
    let independent = || checks.iter().filter(|c| !c.restates_segment);
    let mut signed: Vec<f64> = checks
        .iter()
        .filter_map(|c| {
            c.routed_km
                .map(|km| (km - c.published_km) / c.published_km * 100.0)
        })
        .collect();
    signed.sort_by(f64::total_cmp);
    let median_difference_pct = (!signed.is_empty()).then(|| signed[signed.len() / 2]);
    EvidenceReport {
        within: count(Verdict::Within),
        short: count(Verdict::Short),
        long: count(Verdict::Long),
        no_route: count(Verdict::NoRoute),
        independent: independent().count(),
        independent_within: independent()
            .filter(|c| c.verdict == Verdict::Within)
            .count(),
        worst_long_pct: checks
            .iter()
            .filter_map(|c| c.difference_pct)
            .filter(|d| *d > 0.0)
            .max_by(f64::total_cmp),
        median_difference_pct,
        checks,
    }
}

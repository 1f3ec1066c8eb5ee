//! Checks the papers' quantitative claims (`claims.toml`) on the network: each is
//! computed afresh, set beside the stated figure, and judged consistent or off
//! within the claim's tolerance.
//!
//! Example (shipped dataset): the second paper's "650km of land route from Dushanbe
//! to Peshawar" is computed as the shortest operational road and rail distance.

use geo::indexed::IntervalTreeMultiPolygon;
use geo::{
    Closest, ClosestPoint, Contains, Coord, Line, LinesIter, MapCoords, MultiPolygon, Point,
};
use rstar::RTree;
use serde::Serialize;

use crate::basemap::Basemap;
use crate::geodesy;
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Claim, ClaimCheck, CorridorIdx, Dataset, LatLon, Mode, PlaceIdx, Status};
use crate::routing::{self, Metric, Search, Weights};

/// Consistent within the tolerance, off, or not computable on this network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Consistent,
    Off,
    /// No route, or a figure the dataset lacks.
    NotComputed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Off => "off",
            Verdict::NotComputed => "not computed",
        }
    }
}

/// What a claim's stated and computed figures are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimUnit {
    Km,
    /// A route's total with a link over its total without it.
    Ratio,
}

/// One claim checked.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ClaimResult {
    pub id: String,
    /// `route-distance`, `corridor-length`, `border-gap`, `route-ratio`, `sea-access`.
    pub kind: &'static str,
    /// What is compared, in words: "Dushanbe → Peshawar, km".
    pub subject: String,
    /// `km` or `ratio` in JSON.
    pub unit: ClaimUnit,
    pub stated: f64,
    pub computed: Option<f64>,
    /// (computed − stated) ÷ stated, in %.
    pub difference_pct: Option<f64>,
    pub tolerance_pct: f64,
    pub verdict: Verdict,
    /// How the figure was computed: the route, its countries, the network.
    pub method: String,
    pub quote: String,
    pub source: String,
}

fn filter_of(modes: &[Mode], statuses: &[Status]) -> Filter {
    Filter {
        modes: modes.to_vec(),
        statuses: statuses.to_vec(),
        ..Filter::default()
    }
}

/// The best route under `metric`, summarised; `None` where there is none or the
/// dataset lacks the metric's figures.
fn best_route(
    data: &Dataset,
    filter: &Filter,
    metric: Metric,
    from: usize,
    to: usize,
) -> Option<routing::RouteSummary> {
    let weights = Weights::new(data, metric, &filter.modes).ok()?;
    let graph = CorridorGraph::new(data, filter);
    routing::best(&Search::new(&graph, &weights), from, to)
}

/// The shortest distance on the network `filter` admits, and how it was found.
fn route_distance(
    data: &Dataset,
    filter: &Filter,
    from: usize,
    to: usize,
) -> (Option<f64>, String) {
    let route = best_route(data, filter, Metric::Distance, from, to);
    let words = routing::FilterDescription::of(data, filter).phrase();
    let method = match &route {
        Some(r) => format!("shortest route {words}, {}", route_words(r)),
        None => format!("no route {words}"),
    };
    (route.map(|r| r.distance_km), method)
}

/// A route's total under `metric`: km, hours or US$ per tonne.
fn total(route: &routing::RouteSummary, metric: Metric) -> Option<f64> {
    match metric {
        Metric::Distance => Some(route.distance_km),
        Metric::Time => route.duration_h,
        Metric::Cost => route.cost_usd_per_t,
    }
}

fn route_words(route: &routing::RouteSummary) -> String {
    let mut corridors: Vec<&str> = Vec::new();
    for leg in &route.legs {
        if corridors.last() != Some(&leg.corridor.as_str()) {
            corridors.push(&leg.corridor);
        }
    }
    format!(
        "via {} ({})",
        corridors.join(", "),
        route.countries.join("→")
    )
}

/// The least distance between two countries' outlines, in km, with the two nearest
/// points; `None` where the base map lacks either country.
///
/// The outlines are projected to a plane true to scale at the first country's
/// middle latitude to find the nearest points (a vertex of one outline to an edge of
/// the other); the distance between them is then measured on WGS84. Edges are
/// looked up in an R-tree and insides in an interval tree, so the time grows as
/// n log n with the outlines' vertices: comparing every vertex with every edge took
/// 37 s on a 790 KB base map.
pub fn border_gap_km(basemap: &Basemap, a: &str, b: &str) -> Option<(f64, LatLon, LatLon)> {
    struct Indexed {
        edges: RTree<Line<f64>>,
        inside: IntervalTreeMultiPolygon<f64>,
    }
    least_gap(
        basemap,
        a,
        b,
        |outline| Indexed {
            edges: RTree::bulk_load(outline.lines_iter().collect()),
            inside: IntervalTreeMultiPolygon::new(outline),
        },
        |outline, vertex| {
            if outline.inside.contains(&vertex) {
                return Some(vertex);
            }
            match outline
                .edges
                .nearest_neighbor(&vertex)?
                .closest_point(&vertex)
            {
                Closest::SinglePoint(p) | Closest::Intersection(p) => Some(p),
                Closest::Indeterminate => None,
            }
        },
    )
}

/// The least distance from a vertex of either outline to the other outline, with
/// the two points (first country's, second's): `index` prepares an outline once,
/// `nearest` gives its point nearest a vertex.
fn least_gap<Index>(
    basemap: &Basemap,
    a: &str,
    b: &str,
    index: impl Fn(&MultiPolygon<f64>) -> Index,
    nearest: impl Fn(&Index, Point<f64>) -> Option<Point<f64>>,
) -> Option<(f64, LatLon, LatLon)> {
    let (lat0, pa, pb) = projected_outlines(basemap, a, b)?;
    let unproject = |p: Point<f64>| LatLon::new(p.y(), p.x() / lat0.cos());
    let mut best: Option<(f64, LatLon, LatLon)> = None;
    for (from, to, flip) in [(&pa, &pb, false), (&pb, &pa, true)] {
        let to = index(to);
        for vertex in from.iter().flat_map(|polygon| polygon.exterior().points()) {
            let Some(near) = nearest(&to, vertex) else {
                continue;
            };
            let (p, q) = (unproject(vertex), unproject(near));
            let km = geodesy::geodesic_km(p, q);
            if best.as_ref().is_none_or(|(b, _, _)| km < *b) {
                best = Some(if flip { (km, q, p) } else { (km, p, q) });
            }
        }
    }
    best
}

/// The latitude (radians) the two countries' outlines are projected at, and the
/// outlines on that plane (x = lon·cos lat₀, y = lat, degrees).
fn projected_outlines(
    basemap: &Basemap,
    a: &str,
    b: &str,
) -> Option<(f64, MultiPolygon<f64>, MultiPolygon<f64>)> {
    let find = |name: &str| basemap.countries.iter().find(|c| c.name == name);
    let (first, second) = (find(a)?, find(b)?);
    let lat0 = first.label_point()?.lat_deg.to_radians();
    let project = |shape: &MultiPolygon<f64>| {
        shape.map_coords(|c| Coord {
            x: c.x * lat0.cos(),
            y: c.y,
        })
    };
    Some((lat0, project(&first.shape), project(&second.shape)))
}

fn judge(stated: f64, computed: Option<f64>, tolerance_pct: f64) -> (Option<f64>, Verdict) {
    match computed {
        None => (None, Verdict::NotComputed),
        Some(value) => {
            let pct = (value - stated) / stated * 100.0;
            let verdict = if pct.abs() <= tolerance_pct {
                Verdict::Consistent
            } else {
                Verdict::Off
            };
            (Some(pct), verdict)
        }
    }
}

fn place_name(data: &Dataset, p: usize) -> &str {
    &data.places[p].name
}

/// A claim's figure worked out: what is compared, the stated and the computed
/// value, and how the computed one was found.
struct Figure {
    kind: &'static str,
    subject: String,
    unit: ClaimUnit,
    stated: f64,
    computed: Option<f64>,
    method: String,
}

/// Checks one claim. `basemap` is needed for border gaps only.
pub fn check(data: &Dataset, basemap: &Basemap, claim: &Claim) -> ClaimResult {
    let figure = match &claim.check {
        ClaimCheck::RouteDistance {
            from,
            to,
            modes,
            statuses,
            stated_km,
        } => route_distance_figure(data, *from, *to, &filter_of(modes, statuses), *stated_km),
        ClaimCheck::SeaAccess {
            from,
            outlet,
            stated_km,
        } => Figure {
            kind: "sea-access",
            ..route_distance_figure(data, *from, *outlet, &Filter::default(), *stated_km)
        },
        ClaimCheck::CorridorLength {
            corridor,
            stated_km,
        } => corridor_length_figure(data, *corridor, *stated_km),
        ClaimCheck::BorderGap {
            countries,
            stated_km,
        } => border_gap_figure(basemap, countries, *stated_km),
        ClaimCheck::RouteRatio {
            from,
            to,
            by,
            with_modes,
            with_statuses,
            without_modes,
            without_statuses,
            stated_ratio,
        } => route_ratio_figure(
            data,
            (*from, *to),
            *by,
            &filter_of(with_modes, with_statuses),
            &filter_of(without_modes, without_statuses),
            *stated_ratio,
        ),
    };
    let (difference_pct, verdict) = judge(figure.stated, figure.computed, claim.tolerance_pct);
    ClaimResult {
        id: claim.id.clone(),
        kind: figure.kind,
        subject: figure.subject,
        unit: figure.unit,
        stated: figure.stated,
        computed: figure.computed,
        difference_pct,
        tolerance_pct: claim.tolerance_pct,
        verdict,
        method: figure.method,
        quote: claim.quote.clone(),
        source: claim.source.clone(),
    }
}

/// The shortest distance from `from` to `to` on the network `filter` admits.
fn route_distance_figure(
    data: &Dataset,
    from: PlaceIdx,
    to: PlaceIdx,
    filter: &Filter,
    stated_km: f64,
) -> Figure {
    let (computed, method) = route_distance(data, filter, from, to);
    Figure {
        kind: "route-distance",
        subject: format!("{} → {}", place_name(data, from), place_name(data, to)),
        unit: ClaimUnit::Km,
        stated: stated_km,
        computed,
        method,
    }
}

/// A corridor's length as `compare` shows it.
fn corridor_length_figure(data: &Dataset, corridor: CorridorIdx, stated_km: f64) -> Figure {
    let c = &data.corridors[corridor];
    let metrics = crate::compare::corridor_metrics(data, corridor);
    let basis = &metrics.km_by_basis;
    Figure {
        kind: "corridor-length",
        subject: format!("{}, km", c.id),
        unit: ClaimUnit::Km,
        stated: stated_km,
        computed: Some(metrics.length_km),
        method: format!(
            "the {} segments of {} on the ground: {} km published section lengths, {} km estimated, {} km straight lines",
            c.path.len(),
            c.id,
            crate::wording::km(basis.published),
            crate::wording::km(basis.estimated),
            crate::wording::km(basis.measured),
        ),
    }
}

/// The least distance between two countries' outlines on the base map.
fn border_gap_figure(basemap: &Basemap, countries: &[String; 2], stated_km: f64) -> Figure {
    let gap = border_gap_km(basemap, &countries[0], &countries[1]);
    Figure {
        kind: "border-gap",
        subject: format!("{} – {} gap", countries[0], countries[1]),
        unit: ClaimUnit::Km,
        stated: stated_km,
        computed: gap.map(|(km, _, _)| km),
        method: match gap {
            Some((_, p, q)) => format!(
                "least WGS84 distance between the base map's outlines (Natural Earth 1:50m), \
                 from {:.3}°N {:.3}°E to {:.3}°N {:.3}°E",
                p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg
            ),
            None => "the base map lacks one of the countries".into(),
        },
    }
}

/// The best route's total under `metric` with a link (`with`) over that without it.
fn route_ratio_figure(
    data: &Dataset,
    (from, to): (PlaceIdx, PlaceIdx),
    metric: Metric,
    with_filter: &Filter,
    without_filter: &Filter,
    stated_ratio: f64,
) -> Figure {
    let with = best_route(data, with_filter, metric, from, to);
    let without = best_route(data, without_filter, metric, from, to);
    let (with_total, without_total) = (
        with.as_ref().and_then(|r| total(r, metric)),
        without.as_ref().and_then(|r| total(r, metric)),
    );
    let ratio = with_total
        .zip(without_total)
        .filter(|(_, w)| *w > 0.0)
        .map(|(a, b)| a / b);
    // One side of the ratio in words: its total, its network, its route.
    let side = |value: Option<f64>, filter: &Filter, route: &Option<routing::RouteSummary>| {
        format!(
            "{} {}{}",
            value.map_or("—".to_string(), |v| format!("{v:.0} {}", metric.unit())),
            routing::FilterDescription::of(data, filter).phrase(),
            route
                .as_ref()
                .map(|r| format!(", {}", route_words(r)))
                .unwrap_or_default()
        )
    };
    Figure {
        kind: "route-ratio",
        subject: format!(
            "{} → {}, {} with ÷ without",
            place_name(data, from),
            place_name(data, to),
            metric
        ),
        unit: ClaimUnit::Ratio,
        stated: stated_ratio,
        computed: ratio,
        method: format!(
            "with: {}; without: {}",
            side(with_total, with_filter, &with),
            side(without_total, without_filter, &without)
        ),
    }
}

/// Checks every claim of the dataset, in file order.
pub fn check_all(data: &Dataset, basemap: &Basemap) -> Vec<ClaimResult> {
    data.claims
        .iter()
        .map(|claim| check(data, basemap, claim))
        .collect()
}

#[cfg(test)]
mod border_gap_tests {
    use super::*;

    /// The reference: every vertex of each outline against the whole other outline.
    fn brute_force(basemap: &Basemap, a: &str, b: &str) -> Option<(f64, LatLon, LatLon)> {
        least_gap(
            basemap,
            a,
            b,
            |outline| outline.clone(),
            |outline, vertex| match outline.closest_point(&vertex) {
                Closest::SinglePoint(p) | Closest::Intersection(p) => Some(p),
                Closest::Indeterminate => None,
            },
        )
    }

    #[test]
    fn the_indexed_gap_is_the_brute_force_gap() {
        let basemap = crate::load::basemap(None).unwrap();
        // Apart, touching, and far apart.
        for (a, b) in [
            ("Tajikistan", "Pakistan"),
            ("Afghanistan", "Pakistan"),
            ("Kyrgyzstan", "China"),
            ("Turkmenistan", "India"),
            ("Iran", "Kazakhstan"),
        ] {
            let fast = border_gap_km(&basemap, a, b).unwrap();
            let slow = brute_force(&basemap, a, b).unwrap();
            assert!((fast.0 - slow.0).abs() < 1e-9, "{a}–{b}: {fast:?} {slow:?}");
        }
        // The Wakhan strip: Tajikistan to Pakistan, about 16 km at its narrowest.
        let (km, _, _) = border_gap_km(&basemap, "Tajikistan", "Pakistan").unwrap();
        assert!((10.0..25.0).contains(&km), "{km}");
    }
}

//! Per-corridor metrics: measured and published length, straight-line distance,
//! circuity, km by status, countries and border crossings.

use serde::Serialize;

use crate::geodesy;
use crate::lengths::{self, CircuityWarning, KmByBasis, KmByStatus};
use crate::model::{CorridorIdx, Dataset, DetourFactor, Mode, Status};

/// What `compare` reports for one corridor. Field names are its JSON answer (listed in
/// README.md), with units in the names.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CorridorMetrics {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub status: Status,
    /// The length on the ground, in km: each segment's published length, else its
    /// estimate (the `lengths` module), else its geodesic. Routing uses the same.
    pub length_km: f64,
    /// `length_km` split by what it stands on.
    pub km_by_basis: KmByBasis,
    /// The geodesic along the segments' shape points, in km: straight lines between
    /// the points, shorter than the ground.
    pub measured_length_km: f64,
    /// The published total, in km.
    pub stated_length_km: Option<f64>,
    /// Published totals where sources disagree: [lowest, highest], in km.
    pub stated_length_range_km: Option<(f64, f64)>,
    /// (length − stated) / stated, in %.
    pub difference_pct: Option<f64>,
    /// Geodesic distance between the corridor's two ends, in km.
    pub great_circle_km: f64,
    /// Length ÷ great-circle distance; `None` for a corridor whose ends meet.
    pub circuity: Option<f64>,
    pub km_by_status: KmByStatus,
    /// ISO codes of the countries passed, in travel order.
    pub countries: Vec<String>,
    /// Ids of the border crossings passed, in travel order.
    pub border_crossings: Vec<String>,
    /// Ids of the first and last place.
    pub from: String,
    pub to: String,
    pub segments: usize,
    pub sources: Vec<String>,
    pub notes: Vec<String>,
}

/// Computes the metrics of one corridor.
pub fn corridor_metrics(data: &Dataset, idx: CorridorIdx) -> CorridorMetrics {
    let corridor = &data.corridors[idx];
    let mut km_by_status = KmByStatus::default();
    let mut km_by_basis = KmByBasis::default();
    let mut measured_length_km = 0.0;
    for step in &corridor.path {
        let segment = &data.segments[step.segment];
        km_by_status.add(segment.status, segment.routing_length_km());
        km_by_basis.add_segment(segment);
        measured_length_km += segment.measured_length_km;
    }
    let length_km = km_by_status.total();

    let places = data.corridor_places(idx);
    let first = data.place(places[0]);
    let last = data.place(places[places.len() - 1]);
    let great_circle_km = geodesy::geodesic_km(first.position, last.position);
    let circuity = crate::geodesy::circuity(length_km, great_circle_km);

    let mut countries: Vec<String> = Vec::new();
    let mut border_crossings = Vec::new();
    for &p in &places {
        let place = data.place(p);
        // A crossing's far side counts as passed too, in case the next place is
        // in a third country.
        for country in std::iter::once(&place.country).chain(place.border_with.iter()) {
            if !countries.contains(country) {
                countries.push(country.clone());
            }
        }
        if place.is_border_crossing() && !border_crossings.contains(&place.id) {
            border_crossings.push(place.id.clone());
        }
    }

    CorridorMetrics {
        id: corridor.id.clone(),
        name: corridor.name.clone(),
        mode: corridor.mode,
        status: corridor.status,
        length_km,
        km_by_basis,
        measured_length_km,
        stated_length_km: corridor.stated_length_km,
        stated_length_range_km: corridor.stated_length_range_km,
        difference_pct: corridor
            .stated_length_km
            .map(|stated| (length_km - stated) / stated * 100.0),
        great_circle_km,
        circuity,
        km_by_status,
        countries,
        border_crossings,
        from: first.id.clone(),
        to: last.id.clone(),
        segments: corridor.path.len(),
        sources: corridor.sources.clone(),
        notes: corridor.notes.clone(),
    }
}

/// Which corridors `compare` shows, and in what order.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    /// Keep only these modes; empty keeps all.
    pub modes: Vec<Mode>,
    /// Keep corridors with any km in one of these statuses; empty keeps all.
    pub statuses: Vec<Status>,
    /// Keep only these corridors; empty keeps all.
    pub corridors: Vec<crate::model::CorridorIdx>,
    pub sort: SortKey,
}

/// The order of `compare`'s rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Mode, then longest first.
    #[default]
    Length,
    Name,
    /// Operational first, then under construction, then proposed.
    Status,
}

/// The metrics of every corridor that passes the filters, sorted.
pub fn compare(data: &Dataset, options: &CompareOptions) -> Vec<CorridorMetrics> {
    let mut rows: Vec<CorridorMetrics> = (0..data.corridors.len())
        .filter(|idx| options.corridors.is_empty() || options.corridors.contains(idx))
        .map(|idx| corridor_metrics(data, idx))
        .filter(|m| options.modes.is_empty() || options.modes.contains(&m.mode))
        .filter(|m| {
            options.statuses.is_empty()
                || options
                    .statuses
                    .iter()
                    .any(|&s| m.km_by_status.get(s) > 0.0)
        })
        .collect();
    match options.sort {
        SortKey::Length => rows.sort_by(|a, b| {
            a.mode
                .cmp(&b.mode)
                .then(b.length_km.total_cmp(&a.length_km))
                .then(a.id.cmp(&b.id))
        }),
        SortKey::Name => rows.sort_by_key(|m| m.name.to_lowercase()),
        SortKey::Status => rows.sort_by(|a, b| a.status.cmp(&b.status).then(a.id.cmp(&b.id))),
    }
    rows
}

/// Network-wide totals for `check`'s summary: each segment counted once, by its
/// length on the ground.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DatasetSummary {
    pub places: usize,
    pub corridors: usize,
    pub segments: usize,
    pub km_by_status: KmByStatus,
    /// The same km by what they stand on: published, estimated, measured.
    pub km_by_basis: KmByBasis,
    /// The factors that estimate unpublished lengths.
    pub detour_factors: Vec<DetourFactor>,
    /// How well they estimate published lengths left out of the fit, in %: median and
    /// 90th percentile of |estimated − published| ÷ published.
    pub leave_one_out_error_pct: Option<LeaveOneOutError>,
    /// Published lengths far longer than the straight line between their ends.
    pub warnings: Vec<CircuityWarning>,
}

/// The leave-one-out error of the detour factors, in %.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct LeaveOneOutError {
    pub median: f64,
    pub p90: f64,
    /// How many published segments were estimated from the others.
    pub segments: usize,
}

pub fn summary(data: &Dataset) -> DatasetSummary {
    let mut km_by_status = KmByStatus::default();
    let mut km_by_basis = KmByBasis::default();
    for segment in &data.segments {
        km_by_status.add(segment.status, segment.routing_length_km());
        km_by_basis.add_segment(segment);
    }
    let left_out = lengths::leave_one_out(&data.segments);
    DatasetSummary {
        places: data.places.len(),
        corridors: data.corridors.len(),
        segments: data.segments.len(),
        km_by_status,
        km_by_basis,
        detour_factors: data.detour_factors.factors.clone(),
        leave_one_out_error_pct: lengths::error_summary_pct(&left_out).map(|(median, p90)| {
            LeaveOneOutError {
                median,
                p90,
                segments: left_out.len(),
            }
        }),
        warnings: lengths::circuity_warnings(data),
    }
}

//! What a found route amounts to: distance, hours with and without border delay,
//! cost, km by status, countries, crossings and legs.

use serde::Serialize;

use super::search::Path;
use super::weights::{Carrier, TransferKind, Weights};
use crate::geodesy;
use crate::lengths::{KmByBasis, KmByStatus};
use crate::model::{Dataset, Mode, OpenMonths, Status, Traversal};

/// A run of consecutive segments of one corridor in one status: one row of the leg
/// table.
#[derive(Debug, Clone, Serialize)]
pub struct Leg {
    /// Place ids.
    pub from: String,
    pub to: String,
    /// The corridor id the segments belong to.
    pub corridor: String,
    /// Through routes that include that corridor (`termez-peshawar-railway`).
    pub part_of: Vec<String>,
    pub mode: Mode,
    pub status: Status,
    /// In km, as routing counts it.
    pub distance_km: f64,
    /// From the route's start to this leg's end, in km.
    pub cumulative_km: f64,
    /// Hours on this leg: moving time, border clearance and the transfer onto it;
    /// `None` where a figure is missing. The legs add up to the route's `duration_h`.
    pub duration_h: Option<f64>,
    /// US$ per tonne on this leg, with its border and transfer costs; `None` where
    /// a figure is missing. The legs add up to the route's `cost_usd`.
    pub cost_usd_per_t: Option<f64>,
    /// The segments, in travel order (for geometry).
    #[serde(skip)]
    pub steps: Vec<Traversal>,
}

/// One border crossed, with the clearance figures applied.
#[derive(Debug, Clone, Serialize)]
pub struct CrossingUsed {
    /// The crossing place's id, or `"AF→PK"` where the data names no crossing place.
    pub crossing: String,
    pub mode: Mode,
    /// `None` where the dataset has no figure.
    pub delay_h: Option<f64>,
    pub cost_usd: Option<f64>,
}

/// A change of carrier along the route.
#[derive(Debug, Clone, Serialize)]
pub struct TransferUsed {
    pub place: String,
    /// `mode-change` or `gauge-change`.
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    pub hours: Option<f64>,
}

/// The summary of one route; its field names are the JSON answer of `route` (listed
/// in README.md), a contract that scripts rely on. Hours and costs are `None` where the dataset lacks a figure they need.
#[derive(Debug, Clone, Serialize)]
pub struct RouteSummary {
    /// In km, as routing counts it (published segment lengths where given).
    pub distance_km: f64,
    /// Moving time plus border clearance plus transfers, in hours.
    pub duration_h: Option<f64>,
    /// Moving time only, in hours.
    pub duration_without_delay_h: Option<f64>,
    /// Border clearance, in hours.
    pub border_delay_h: Option<f64>,
    /// Changes of mode and gauge, in hours.
    pub transfer_h: Option<f64>,
    /// Distance ÷ moving time: CAREC's "speed without delay", in km/h.
    pub speed_without_delay_kmh: Option<f64>,
    /// Distance ÷ total time: CAREC's "speed with delay", in km/h.
    pub speed_with_delay_kmh: Option<f64>,
    /// Freight cost in US$ per tonne.
    pub cost_usd: Option<f64>,
    /// Between the two ends, on WGS84, in km.
    pub great_circle_km: f64,
    /// distance_km ÷ great_circle_km.
    pub circuity: Option<f64>,
    pub km_by_status: KmByStatus,
    /// The distance split by what it stands on: published, estimated, measured.
    pub km_by_basis: KmByBasis,
    /// ISO codes in travel order; a country the route leaves and enters again is
    /// listed again.
    pub countries: Vec<String>,
    pub border_crossings: Vec<CrossingUsed>,
    pub transfers: Vec<TransferUsed>,
    /// Corridor ids with km not operational, in travel order.
    pub unbuilt_corridors: Vec<String>,
    /// The seasonal segments the route uses (a pass closed in winter), in travel order.
    pub seasonal: Vec<SeasonalStep>,
    pub legs: Vec<Leg>,
}

/// A seasonal segment on a route: which one, and when it is open.
#[derive(Debug, Clone, Serialize)]
pub struct SeasonalStep {
    /// Place ids, in travel order.
    pub from: String,
    pub to: String,
    pub corridor: String,
    /// The months it is open (1 to 12), where a source says.
    pub open_months: Option<OpenMonths>,
    /// The data's note ("closed in winter").
    pub note: Option<String>,
}

fn sum(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    values.into_iter().sum()
}

/// Summarises a path found under any metric; every figure is recomputed from the data.
pub fn summarise(weights: &Weights, path: &Path) -> RouteSummary {
    let data: &Dataset = weights.data;
    let segments = &data.segments;
    let place_id = |p: usize| data.places[p].id.clone();

    let mut km_by_status = KmByStatus::default();
    let mut km_by_basis = KmByBasis::default();
    let mut countries: Vec<String> = Vec::new();
    let mut border_crossings = Vec::new();
    let mut transfers = Vec::new();
    let mut unbuilt_corridors: Vec<String> = Vec::new();
    let mut seasonal = Vec::new();
    let mut legs: Vec<Leg> = Vec::new();
    let mut moving = Vec::new();
    let mut delays = Vec::new();
    let mut transfer_hours = Vec::new();
    let mut costs = Vec::new();
    let mut cumulative_km = 0.0;

    for (i, step) in path.steps.iter().enumerate() {
        let segment = &segments[step.segment];
        let (start, end) = (path.places[i], path.places[i + 1]);
        let km = weights.distance_km(step.segment);
        cumulative_km += km;
        // What this step adds to the time and cost lists, for its leg's share.
        let marks = (
            moving.len(),
            delays.len(),
            transfer_hours.len(),
            costs.len(),
        );
        km_by_status.add(segment.status, km);
        km_by_basis.add_segment(segment);
        // In travel order, a re-entry listed again (UZ → TJ → UZ).
        for p in [start, end] {
            let country = &data.places[p].country;
            if countries.last() != Some(country) {
                countries.push(country.clone());
            }
        }
        if segment.seasonal.is_some() || segment.open_months.is_some() {
            seasonal.push(SeasonalStep {
                from: place_id(start),
                to: place_id(end),
                corridor: data.corridors[segment.corridor].id.clone(),
                open_months: segment.open_months,
                note: segment.seasonal.clone(),
            });
        }
        if segment.status != Status::Operational {
            let id = &data.corridors[segment.corridor].id;
            if !unbuilt_corridors.contains(id) {
                unbuilt_corridors.push(id.clone());
            }
        }
        moving.push(weights.moving_h(step.segment));
        costs.push(weights.cost_usd_per_t(step.segment));
        match weights.border(step.segment) {
            Some(border) => {
                delays.push(border.delay_h);
                border_crossings.push(CrossingUsed {
                    crossing: border.place.map(place_id).unwrap_or_else(|| {
                        format!(
                            "{}→{}",
                            data.places[start].country, data.places[end].country
                        )
                    }),
                    mode: segment.mode,
                    delay_h: border.delay_h,
                    cost_usd: border.cost_usd,
                });
            }
            None => delays.push(Some(0.0)),
        }
        if i > 0 {
            let before = Carrier::of(&segments[path.steps[i - 1].segment]);
            let after = Carrier::of(segment);
            if let Some(transfer) = weights.transfer(start, before, after) {
                if transfer.kind != TransferKind::Stay {
                    let describe = |c: Carrier| match c.gauge_mm {
                        Some(g) => format!("{} {g} mm", c.mode),
                        None => c.mode.to_string(),
                    };
                    transfers.push(TransferUsed {
                        place: place_id(start),
                        kind: if transfer.kind == TransferKind::GaugeChange {
                            "gauge-change"
                        } else {
                            "mode-change"
                        },
                        from: describe(before),
                        to: describe(after),
                        hours: transfer.hours,
                    });
                }
                transfer_hours.push(transfer.hours);
                costs.push(transfer.cost_usd_per_t);
            }
        }

        let step_h = sum(moving[marks.0..]
            .iter()
            .chain(&delays[marks.1..])
            .chain(&transfer_hours[marks.2..])
            .copied());
        let step_cost = sum(costs[marks.3..].iter().copied());

        let corridor = &data.corridors[segment.corridor].id;
        match legs.last_mut() {
            Some(leg)
                if leg.corridor == *corridor
                    && leg.status == segment.status
                    && leg.mode == segment.mode =>
            {
                leg.to = place_id(end);
                leg.distance_km += km;
                leg.cumulative_km = cumulative_km;
                leg.duration_h = sum([leg.duration_h, step_h]);
                leg.cost_usd_per_t = sum([leg.cost_usd_per_t, step_cost]);
                leg.steps.push(*step);
            }
            _ => legs.push(Leg {
                from: place_id(start),
                to: place_id(end),
                corridor: corridor.clone(),
                part_of: data
                    .corridors
                    .iter()
                    .filter(|c| c.includes.contains(&segment.corridor))
                    .map(|c| c.id.clone())
                    .collect(),
                mode: segment.mode,
                status: segment.status,
                distance_km: km,
                cumulative_km,
                duration_h: step_h,
                cost_usd_per_t: step_cost,
                steps: vec![*step],
            }),
        }
    }

    let distance_km = km_by_status.total();
    let moving_h = sum(moving);
    let border_delay_h = sum(delays);
    let transfer_h = sum(transfer_hours);
    let duration_h = sum([moving_h, border_delay_h, transfer_h]);
    let first = data.places[path.places[0]].position;
    let last = data.places[*path.places.last().unwrap_or(&path.places[0])].position;
    let great_circle_km = geodesy::geodesic_km(first, last);
    let speed = |hours: Option<f64>| hours.filter(|&h| h > 0.0).map(|h| distance_km / h);
    RouteSummary {
        distance_km,
        duration_h,
        duration_without_delay_h: moving_h,
        border_delay_h,
        transfer_h,
        speed_without_delay_kmh: speed(moving_h),
        speed_with_delay_kmh: speed(duration_h),
        cost_usd: sum(costs),
        great_circle_km,
        circuity: crate::geodesy::circuity(distance_km, great_circle_km),
        km_by_status,
        km_by_basis,
        countries,
        border_crossings,
        transfers,
        unbuilt_corridors,
        seasonal,
        legs,
    }
}

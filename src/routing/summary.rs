//! What a found route amounts to: distance, hours with and without border delay,
//! cost, km by status, countries, crossings and legs.

use serde::Serialize;

use super::search::Itinerary;
use super::weights::{Carrier, TransferKind, Weights};
use crate::geodesy;
use crate::lengths::{KmByBasis, KmByStatus};
use crate::model::{Dataset, Mode, OpenMonths, PlaceIdx, Segment, Status, Traversal};

/// A run of consecutive segments of one corridor in one status: one row of the leg
/// table.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    /// a figure is missing. The legs add up to the route's `cost_usd_per_t`.
    pub cost_usd_per_t: Option<f64>,
    /// The segments, in travel order (for geometry).
    #[serde(skip)]
    pub steps: Vec<Traversal>,
}

/// One border crossed, with the clearance figures applied.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CrossingUsed {
    /// The crossing place's id, or `"AF→PK"` where the data names no crossing place.
    pub crossing: String,
    pub mode: Mode,
    /// `None` where the dataset has no figure.
    pub delay_h: Option<f64>,
    /// US$ per shipment (not per tonne), as the crossing charges it.
    pub cost_usd_per_shipment: Option<f64>,
}

/// A change of carrier along the route.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TransferUsed {
    pub place: String,
    /// `mode-change` or `gauge-change` in JSON; never a stay, which is no transfer.
    pub kind: TransferKind,
    pub from: String,
    pub to: String,
    pub duration_h: Option<f64>,
}

/// The summary of one route; its field names are the JSON answer of `route` (listed
/// in README.md), a contract that scripts rely on. Hours and costs are `None` where the dataset lacks a figure they need.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    pub cost_usd_per_t: Option<f64>,
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
pub fn summarise(weights: &Weights, path: &Itinerary) -> RouteSummary {
    let mut tally = Tally::new(weights);
    for i in 0..path.steps.len() {
        tally.add_step(path, i);
    }
    tally.finish(path)
}

/// The running totals of a route, step by step. The hours and costs are kept as
/// lists, in the order the steps add them, so that a leg's share is the part of
/// each list its steps added, and every total is summed in travel order.
struct Tally<'w, 'd> {
    weights: &'w Weights<'d>,
    data: &'d Dataset,
    km_by_status: KmByStatus,
    km_by_basis: KmByBasis,
    countries: Vec<String>,
    border_crossings: Vec<CrossingUsed>,
    transfers: Vec<TransferUsed>,
    unbuilt_corridors: Vec<String>,
    seasonal: Vec<SeasonalStep>,
    legs: Vec<Leg>,
    moving_h: Vec<Option<f64>>,
    border_delay_h: Vec<Option<f64>>,
    transfer_h: Vec<Option<f64>>,
    cost_usd_per_t: Vec<Option<f64>>,
    cumulative_km: f64,
}

/// Where a step's entries start in each list of a [`Tally`].
struct Marks {
    moving: usize,
    delays: usize,
    transfers: usize,
    costs: usize,
}

impl<'w, 'd> Tally<'w, 'd> {
    fn new(weights: &'w Weights<'d>) -> Self {
        Tally {
            weights,
            data: weights.data,
            km_by_status: KmByStatus::default(),
            km_by_basis: KmByBasis::default(),
            countries: Vec::new(),
            border_crossings: Vec::new(),
            transfers: Vec::new(),
            unbuilt_corridors: Vec::new(),
            seasonal: Vec::new(),
            legs: Vec::new(),
            moving_h: Vec::new(),
            border_delay_h: Vec::new(),
            transfer_h: Vec::new(),
            cost_usd_per_t: Vec::new(),
            cumulative_km: 0.0,
        }
    }

    fn place_id(&self, place: PlaceIdx) -> String {
        self.data.places[place].id.clone()
    }

    /// Adds step `i` of `path`: its segment, its border, and the transfer onto it.
    fn add_step(&mut self, path: &Itinerary, i: usize) {
        let step = path.steps[i];
        let segment = &self.data.segments[step.segment];
        let (start, end) = (path.places[i], path.places[i + 1]);
        let km = self.weights.distance_km(step.segment);
        self.cumulative_km += km;
        let marks = Marks {
            moving: self.moving_h.len(),
            delays: self.border_delay_h.len(),
            transfers: self.transfer_h.len(),
            costs: self.cost_usd_per_t.len(),
        };
        self.km_by_status.add(segment.status, km);
        self.km_by_basis.add_segment(segment);
        self.note_places(segment, start, end);
        self.moving_h.push(self.weights.moving_h(step.segment));
        self.cost_usd_per_t
            .push(self.weights.cost_usd_per_t(step.segment));
        self.add_border(step, start, end);
        if i > 0 {
            let before = Carrier::of(&self.data.segments[path.steps[i - 1].segment]);
            self.add_transfer(start, before, Carrier::of(segment));
        }
        let step_h = sum(self.moving_h[marks.moving..]
            .iter()
            .chain(&self.border_delay_h[marks.delays..])
            .chain(&self.transfer_h[marks.transfers..])
            .copied());
        let step_cost = sum(self.cost_usd_per_t[marks.costs..].iter().copied());
        self.extend_legs(step, (start, end), km, step_h, step_cost);
    }

    /// The countries, seasonal segments and unbuilt corridors a segment adds.
    fn note_places(&mut self, segment: &Segment, start: PlaceIdx, end: PlaceIdx) {
        // In travel order, a re-entry listed again (UZ → TJ → UZ).
        for p in [start, end] {
            let country = &self.data.places[p].country;
            if self.countries.last() != Some(country) {
                self.countries.push(country.clone());
            }
        }
        if segment.seasonal.is_some() || segment.open_months.is_some() {
            self.seasonal.push(SeasonalStep {
                from: self.place_id(start),
                to: self.place_id(end),
                corridor: self.data.corridors[segment.corridor].id.clone(),
                open_months: segment.open_months,
                note: segment.seasonal.clone(),
            });
        }
        if segment.status != Status::Operational {
            let id = &self.data.corridors[segment.corridor].id;
            if !self.unbuilt_corridors.contains(id) {
                self.unbuilt_corridors.push(id.clone());
            }
        }
    }

    /// The border the step crosses, if any: its delay (0 where there is none) and
    /// the crossing.
    fn add_border(&mut self, step: Traversal, start: PlaceIdx, end: PlaceIdx) {
        let Some(border) = self.weights.border(step.segment) else {
            self.border_delay_h.push(Some(0.0));
            return;
        };
        self.border_delay_h.push(border.delay_h);
        let places = &self.data.places;
        let crossing = match border.place {
            Some(place) => self.place_id(place),
            None => format!("{}→{}", places[start].country, places[end].country),
        };
        self.border_crossings.push(CrossingUsed {
            crossing,
            mode: self.data.segments[step.segment].mode,
            delay_h: border.delay_h,
            cost_usd_per_shipment: border.cost_usd_per_shipment,
        });
    }

    /// The change of carrier at `place`, if the two differ.
    fn add_transfer(&mut self, place: PlaceIdx, before: Carrier, after: Carrier) {
        let Some(transfer) = self.weights.transfer(place, before, after) else {
            return;
        };
        if transfer.kind != TransferKind::Stay {
            let describe = |c: Carrier| match c.gauge_mm {
                Some(g) => format!("{} {g} mm", c.mode),
                None => c.mode.to_string(),
            };
            self.transfers.push(TransferUsed {
                place: self.place_id(place),
                kind: transfer.kind,
                from: describe(before),
                to: describe(after),
                duration_h: transfer.duration_h,
            });
        }
        self.transfer_h.push(transfer.duration_h);
        self.cost_usd_per_t.push(transfer.cost_usd_per_t);
    }

    /// Adds the step to the last leg where it continues its corridor, status and
    /// mode; otherwise starts a leg.
    fn extend_legs(
        &mut self,
        step: Traversal,
        (start, end): (PlaceIdx, PlaceIdx),
        km: f64,
        step_h: Option<f64>,
        step_cost: Option<f64>,
    ) {
        let data = self.data;
        let segment = &data.segments[step.segment];
        let corridor = &data.corridors[segment.corridor].id;
        let to = self.place_id(end);
        match self.legs.last_mut() {
            Some(leg)
                if leg.corridor == *corridor
                    && leg.status == segment.status
                    && leg.mode == segment.mode =>
            {
                leg.to = to;
                leg.distance_km += km;
                leg.cumulative_km = self.cumulative_km;
                leg.duration_h = sum([leg.duration_h, step_h]);
                leg.cost_usd_per_t = sum([leg.cost_usd_per_t, step_cost]);
                leg.steps.push(step);
            }
            _ => self.legs.push(Leg {
                from: data.places[start].id.clone(),
                to,
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
                cumulative_km: self.cumulative_km,
                duration_h: step_h,
                cost_usd_per_t: step_cost,
                steps: vec![step],
            }),
        }
    }

    /// The totals, speeds and straight-line figures of the whole route.
    fn finish(self, path: &Itinerary) -> RouteSummary {
        let data = self.data;
        let distance_km = self.km_by_status.total();
        let moving_h = sum(self.moving_h);
        let border_delay_h = sum(self.border_delay_h);
        let transfer_h = sum(self.transfer_h);
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
            cost_usd_per_t: sum(self.cost_usd_per_t),
            great_circle_km,
            circuity: geodesy::circuity(distance_km, great_circle_km),
            km_by_status: self.km_by_status,
            km_by_basis: self.km_by_basis,
            countries: self.countries,
            border_crossings: self.border_crossings,
            transfers: self.transfers,
            unbuilt_corridors: self.unbuilt_corridors,
            seasonal: self.seasonal,
            legs: self.legs,
        }
    }
}

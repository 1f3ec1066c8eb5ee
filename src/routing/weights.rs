//! What traversing a segment or changing vehicles costs: in km, in hours and in US$
//! per tonne. Figures come from the dataset (`travel.toml` and the segments), never
//! from code.

use std::fmt;

use serde::Serialize;

use super::units::{Units, to_units};
use crate::model::{Dataset, Mode, PlaceIdx, Segment, SegmentIdx, Sourced, TransferTravel, Travel};

pub use crate::model::Metric;

impl Metric {
    /// The unit of the metric's values, as shown in tables.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Distance => "km",
            Metric::Time => "h",
            Metric::Cost => "US$/t",
        }
    }
}

/// What a transfer weighs by distance: one metre, the smallest step of the search
/// ([`to_units`]), so it decides only between routes of equal length.
pub const TRANSFER_TIE_BREAK_KM: f64 = 0.001;

/// The vehicle a segment is travelled in: its mode, and for rail its gauge where the
/// data gives it. Changing carrier at a place costs a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Carrier {
    pub mode: Mode,
    /// Track gauge in mm; `None` off rail, or where the data does not say.
    pub gauge_mm: Option<u32>,
}

impl Carrier {
    pub fn of(segment: &Segment) -> Self {
        Self {
            mode: segment.mode,
            gauge_mm: if segment.mode == Mode::Rail {
                segment.gauge_mm
            } else {
                None
            },
        }
    }
}

/// Why changing carrier costs something; in JSON, `mode-change` or `gauge-change`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TransferKind {
    /// Same carrier: nothing to do.
    Stay,
    /// Rail to road, road to ferry ...
    ModeChange,
    /// Rail to rail of another gauge: transhipment.
    GaugeChange,
}

/// What changing carrier at a place costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    pub kind: TransferKind,
    /// `None` where the dataset has no figure.
    pub duration_h: Option<f64>,
    /// In US$ per tonne; `None` where the dataset has no figure.
    pub cost_usd_per_t: Option<f64>,
}

/// A segment whose two ends lie in different countries crosses a border once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderCrossing {
    /// The crossing place at either end of the segment, if one is named.
    pub place: Option<PlaceIdx>,
    /// Clearance time in hours: the crossing's own figure, else the mode's default.
    pub delay_h: Option<f64>,
    /// Clearance cost in US$ per shipment, likewise.
    pub cost_usd_per_shipment: Option<f64>,
}

/// The weights of one dataset under one metric.
#[derive(Debug, Clone)]
pub struct Weights<'d> {
    pub data: &'d Dataset,
    pub metric: Metric,
    /// Each segment's weight in thousandths of the metric's unit, priced once here
    /// rather than by every search built on these weights.
    segment_units: Vec<Units>,
    /// By place: whether freight may change mode there ([`Dataset::is_terminal`]).
    terminal: Vec<bool>,
}

/// Which figures a metric needs that the dataset lacks, for an error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFigures(pub Vec<String>);

impl fmt::Display for MissingFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl<'d> Weights<'d> {
    /// Distance weights: they need no travel figures, so they always exist.
    pub fn distance(data: &'d Dataset) -> Self {
        Self::priced(data, Metric::Distance)
    }

    /// The weights with every segment priced.
    fn priced(data: &'d Dataset, metric: Metric) -> Self {
        let mut weights = Self {
            data,
            metric,
            segment_units: Vec::new(),
            terminal: (0..data.places.len())
                .map(|p| data.is_terminal(p))
                .collect(),
        };
        weights.segment_units = (0..data.segments.len())
            .map(|s| to_units(weights.segment_weight(s)))
            .collect();
        weights
    }

    /// The same weights with freight allowed to change mode at every place: what
    /// explains a route that only a transfer outside the terminals would make.
    pub fn with_transfers_anywhere(mut self) -> Self {
        self.terminal.iter_mut().for_each(|t| *t = true);
        self
    }

    /// A segment's weight in thousandths of the metric's unit, as searches use it.
    pub fn segment_units(&self, segment: SegmentIdx) -> Units {
        self.segment_units[segment]
    }

    /// Weights for `metric`, checking that the dataset has every figure the metric
    /// needs for the modes in use.
    pub fn new(data: &'d Dataset, metric: Metric, modes: &[Mode]) -> Result<Self, MissingFigures> {
        let travel = &data.travel;
        let mut missing = Vec::new();
        let used = |mode: Mode| data.segments.iter().any(|s| s.mode == mode);
        for &mode in modes.iter().filter(|&&m| used(m)) {
            let figures = travel.mode(mode);
            match metric {
                Metric::Distance => {}
                Metric::Time => {
                    let every_segment_has_speed = data
                        .segments
                        .iter()
                        .filter(|s| s.mode == mode)
                        .all(|s| s.speed_kmh.is_some());
                    if figures.speed_kmh.is_none() && !every_segment_has_speed {
                        missing.push(format!("no speed_kmh for {mode} in travel.toml"));
                    }
                }
                Metric::Cost => {
                    if figures.cost_usd_per_tkm.is_none() {
                        missing.push(format!("no cost_usd_per_tkm for {mode} in travel.toml"));
                    }
                }
            }
        }
        if metric == Metric::Cost && travel.shipment_t.is_none() {
            missing.push("no shipment_t in travel.toml (border costs are per shipment)".into());
        }
        if missing.is_empty() {
            Ok(Self::priced(data, metric))
        } else {
            Err(MissingFigures(missing))
        }
    }

    fn travel(&self) -> &'d Travel {
        &self.data.travel
    }

    /// The length routing uses, in km.
    pub fn distance_km(&self, segment: SegmentIdx) -> f64 {
        self.data.segments[segment].routing_length_km()
    }

    /// Hours on the move: length ÷ the segment's speed, else its mode's.
    pub fn moving_h(&self, segment: SegmentIdx) -> Option<f64> {
        let s = &self.data.segments[segment];
        let speed = s.speed_kmh.or_else(|| {
            self.travel()
                .mode(s.mode)
                .speed_kmh
                .as_ref()
                .map(|f| f.value)
        })?;
        Some(s.routing_length_km() / speed)
    }

    /// The border the segment crosses, if its ends lie in different countries.
    pub fn border(&self, segment: SegmentIdx) -> Option<BorderCrossing> {
        let s = &self.data.segments[segment];
        let places = &self.data.places;
        if places[s.from].country == places[s.to].country {
            return None;
        }
        let mut crossings = [s.from, s.to]
            .into_iter()
            .filter(|&p| places[p].is_border_crossing());
        // Prefer the end with figures of its own for this mode.
        let own = crossings
            .clone()
            .find_map(|p| self.travel().crossing(p, s.mode));
        let default = self.travel().mode(s.mode);
        Some(BorderCrossing {
            place: own.map(|c| c.place).or_else(|| crossings.next()),
            delay_h: own
                .and_then(|c| c.delay_h)
                .or(default.border_delay_h.as_ref().map(|f| f.value)),
            cost_usd_per_shipment: own
                .and_then(|c| c.cost_usd)
                .or(default.border_cost_usd.as_ref().map(|f| f.value)),
        })
    }

    /// US$ per tonne over the segment: the mode's rate × length, plus border cost
    /// spread over the shipment.
    pub fn cost_usd_per_t(&self, segment: SegmentIdx) -> Option<f64> {
        let s = &self.data.segments[segment];
        let rate = self.travel().mode(s.mode).cost_usd_per_tkm.as_ref()?.value;
        let border = match self.border(segment).and_then(|b| b.cost_usd_per_shipment) {
            Some(cost) => cost / self.travel().shipment_t.as_ref()?.value,
            None => 0.0,
        };
        Some(rate * s.routing_length_km() + border)
    }

    /// Changing from one carrier to another at `place`; `None` where it cannot be done:
    /// gas does not change into a lorry, and freight changes mode only at a terminal
    /// (a port, a dry port, a `[[terminal]]` of `travel.toml`). Rail of one gauge
    /// meets another only where the tracks end, so a change of gauge needs no terminal.
    pub fn transfer(&self, place: PlaceIdx, from: Carrier, to: Carrier) -> Option<Transfer> {
        let networked = |m: Mode| matches!(m, Mode::Pipeline | Mode::PowerLine);
        let stay = Transfer {
            kind: TransferKind::Stay,
            duration_h: Some(0.0),
            cost_usd_per_t: Some(0.0),
        };
        if from == to {
            return Some(stay);
        }
        if networked(from.mode) || networked(to.mode) {
            return None;
        }
        let figure = |pick: fn(&TransferTravel) -> &Option<Sourced>| {
            self.travel().transfer_figure(place, pick).map(|f| f.value)
        };
        if from.mode == Mode::Rail && to.mode == Mode::Rail {
            // A gauge the data does not give is taken to run through.
            if from.gauge_mm.is_none() || to.gauge_mm.is_none() {
                return Some(stay);
            }
            let shipment_t = self.travel().shipment_t.as_ref().map(|f| f.value);
            return Some(Transfer {
                kind: TransferKind::GaugeChange,
                duration_h: figure(|t| &t.gauge_change_h),
                cost_usd_per_t: match (figure(|t| &t.gauge_change_cost_usd), shipment_t) {
                    (Some(cost), Some(t)) => Some(cost / t),
                    (None, _) => Some(0.0),
                    (Some(_), None) => None,
                },
            });
        }
        if !self.terminal.get(place).copied().unwrap_or(false) {
            return None;
        }
        Some(Transfer {
            kind: TransferKind::ModeChange,
            duration_h: figure(|t| &t.mode_change_h),
            // No published handling cost per tonne for a change of mode: none is charged.
            cost_usd_per_t: Some(0.0),
        })
    }

    /// The value minimised for a segment, in the metric's unit. Where a figure is
    /// missing it counts as zero: `new` has already refused metrics whose figures are
    /// missing, so this only happens for border and transfer figures the data lacks.
    pub fn segment_weight(&self, segment: SegmentIdx) -> f64 {
        match self.metric {
            Metric::Distance => self.distance_km(segment),
            Metric::Time => {
                self.moving_h(segment).unwrap_or(0.0)
                    + self.border(segment).and_then(|b| b.delay_h).unwrap_or(0.0)
            }
            Metric::Cost => self.cost_usd_per_t(segment).unwrap_or(0.0),
        }
    }

    /// The value minimised for a change of carrier; `None` where it cannot be done.
    ///
    /// By distance a change of mode weighs the km the freight would have covered in
    /// the transfer's time at the slower of the two modes' speeds (1 h between road at
    /// 42 km/h and rail at 53.9 km/h: 42 km; the same both ways), so a route does not hop between road and rail to save a few km, as no
    /// forwarder would; where the dataset lacks those figures, and for a change of
    /// gauge (which geography forces), it weighs [`TRANSFER_TIE_BREAK_KM`], so that of
    /// two routes of equal length the one with fewer transfers wins. The route's km
    /// are always the segments' own.
    pub fn transfer_weight(&self, place: PlaceIdx, from: Carrier, to: Carrier) -> Option<f64> {
        let transfer = self.transfer(place, from, to)?;
        Some(self.weigh_transfer(&transfer, from, to))
    }

    /// What `transfer` (from carrier `from` to `to`) weighs: see [`Self::transfer_weight`].
    pub fn weigh_transfer(&self, transfer: &Transfer, from: Carrier, to: Carrier) -> f64 {
        if transfer.kind == TransferKind::Stay {
            return 0.0;
        }
        match self.metric {
            Metric::Distance => match (transfer.kind, transfer.duration_h) {
                (TransferKind::ModeChange, Some(hours)) => {
                    let speed = |mode: Mode| {
                        let figure = self.travel().mode(mode).speed_kmh.as_ref();
                        figure.map_or(0.0, |s| s.value)
                    };
                    let slower = speed(from.mode).min(speed(to.mode));
                    (hours * slower).max(TRANSFER_TIE_BREAK_KM)
                }
                _ => TRANSFER_TIE_BREAK_KM,
            },
            Metric::Time => transfer.duration_h.unwrap_or(0.0),
            Metric::Cost => transfer.cost_usd_per_t.unwrap_or(0.0),
        }
    }
}

//! Weights quantised to thousandths of the metric's unit (metres, 3.6 s, 0.1 US
//! cent), so that `pathfinding`'s Dijkstra and Yen work on exact integers; reported
//! figures are recomputed from the segments in floating point.

/// A weight in thousandths of the metric's unit.
pub type Units = u64;

/// The most one weight (a segment, or a transfer) may be, in thousandths of the
/// metric's unit: 2^30, about 1.07e9 (1.07 million km, hours or US$ per t). No real
/// figure comes near it, but the loader takes any positive speed, and 1 km at
/// 1e-300 km/h is 1e300 hours: clamped here, a step (transfer plus segment) is at
/// most 2^31, and a route would need 2^33 steps of the search graph to overflow
/// `Units`, far more than a dataset of at most 32 MiB has states.
pub const MAX_STEP_UNITS: Units = 1 << 30;

/// Thousandths of the metric's unit, clamped to `0..=MAX_STEP_UNITS` (NaN gives 0).
pub fn to_units(value: f64) -> Units {
    (value * 1000.0).round().clamp(0.0, MAX_STEP_UNITS as f64) as Units
}

/// Back from thousandths to the metric's unit.
pub fn from_units(units: Units) -> f64 {
    units as f64 / 1000.0
}

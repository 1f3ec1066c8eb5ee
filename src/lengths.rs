//! Lengths on the ground for segments whose length no source publishes.
//!
//! A road or a railway is longer than the straight line between its towns: it winds
//! through gorges, round lakes and over passes. Where a source publishes a section's
//! length, routing uses it. Where none does, the length is *estimated*: the geodesic
//! along the segment's shape points times a **detour factor**, the median of
//! published ÷ geodesic over the dataset's published segments of the same mode and
//! terrain (`terrain = "plain" | "hill" | "mountain"`).
//!
//! - A group (mode, terrain) needs [`MIN_SAMPLES`] published segments; with fewer, the
//!   factor of the whole mode is used; with fewer than that too, the length stays the
//!   geodesic and is labelled *measured*.
//! - The median, not the mean, so that one odd published figure cannot move it.
//! - [`leave_one_out`] measures the method's error: each published segment is
//!   estimated from a fit on all the others and compared with its published length.
//!   `corridors check` prints the factors and that error; a test holds it.
//!
//! Example: a plain road segment whose ends are 100 km apart, with a fitted factor of
//! 1.2, is estimated at 120 km.
//!
//! ```
//! use corridors::lengths::Sample;
//! use corridors::model::{DetourFactors, Mode, Terrain};
//! let samples = [110.0, 120.0, 120.0, 125.0, 130.0].map(|published_km| Sample {
//!     mode: Mode::Road,
//!     terrain: Some(Terrain::Plain),
//!     geodesic_km: 100.0,
//!     published_km,
//! });
//! let factors = DetourFactors::fit(samples.into_iter());
//! let km = factors.estimate_km(Mode::Road, Some(Terrain::Plain), 100.0);
//! assert_eq!(km, Some(120.0));
//! ```

use serde::Serialize;

use crate::model::{Dataset, DetourFactor, DetourFactors, Mode, Segment, Status, Terrain};

/// How many published segments a group needs before its own factor is used.
pub const MIN_SAMPLES: usize = 5;

/// A published segment as the fit sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub mode: Mode,
    pub terrain: Option<Terrain>,
    /// The geodesic along the shape points, in km.
    pub geodesic_km: f64,
    /// The published length, in km.
    pub published_km: f64,
}

/// One published segment's length, estimated from the others.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeftOut {
    pub segment: usize,
    pub published_km: f64,
    pub estimated_km: f64,
}

impl LeftOut {
    /// (estimated − published) ÷ published, in %.
    pub fn error_pct(&self) -> f64 {
        (self.estimated_km - self.published_km) / self.published_km * 100.0
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

impl DetourFactors {
    /// Fits the factors on published segments.
    pub fn fit(samples: impl Iterator<Item = Sample>) -> Self {
        let samples: Vec<Sample> = samples.filter(|s| s.geodesic_km > 0.0).collect();
        let mut factors = Vec::new();
        for &mode in Mode::ALL {
            let terrains = Terrain::ALL.iter().map(|&t| Some(t)).chain([None]);
            for terrain in terrains {
                let mut ratios: Vec<f64> = samples
                    .iter()
                    .filter(|s| s.mode == mode && (terrain.is_none() || s.terrain == terrain))
                    .map(|s| s.published_km / s.geodesic_km)
                    .collect();
                let count = ratios.len();
                if count >= MIN_SAMPLES
                    && let Some(factor) = median(&mut ratios)
                {
                    factors.push(DetourFactor {
                        mode,
                        terrain,
                        factor,
                        samples: count,
                    });
                }
            }
        }
        Self { factors }
    }

    /// Fits the factors on the published segments of `segments`.
    pub fn fit_segments(segments: &[Segment]) -> Self {
        Self::fit(segments.iter().filter_map(sample))
    }

    /// The factor for a segment of `mode` on `terrain`: its group's, else its mode's.
    pub fn factor(&self, mode: Mode, terrain: Option<Terrain>) -> Option<&DetourFactor> {
        let find = |t: Option<Terrain>| {
            self.factors
                .iter()
                .find(|f| f.mode == mode && f.terrain == t)
        };
        terrain.and_then(|t| find(Some(t))).or_else(|| find(None))
    }

    /// The estimated length on the ground, in km, of a segment of `mode` on
    /// `terrain` whose geodesic along its shape points is `geodesic_km`; `None` where
    /// no factor could be fitted.
    pub fn estimate_km(
        &self,
        mode: Mode,
        terrain: Option<Terrain>,
        geodesic_km: f64,
    ) -> Option<f64> {
        self.factor(mode, terrain).map(|f| f.factor * geodesic_km)
    }

    /// Sets the estimate of every segment with no published length.
    pub fn apply(&self, segments: &mut [Segment]) {
        for segment in segments {
            segment.estimated_length_km = match segment.published_length_km {
                Some(_) => None,
                None => self.estimate_km(segment.mode, segment.terrain, segment.measured_length_km),
            };
        }
    }
}

/// A published segment as a fitting sample.
fn sample(segment: &Segment) -> Option<Sample> {
    segment.published_length_km.map(|published_km| Sample {
        mode: segment.mode,
        terrain: segment.terrain,
        geodesic_km: segment.measured_length_km,
        published_km,
    })
}

/// Fits the detour factors on the dataset's published segments and estimates the
/// length of every other segment. The loader calls it once; scenarios estimate their
/// new segments with the same factors.
pub fn estimate(data: &mut Dataset) {
    data.detour_factors = DetourFactors::fit_segments(&data.segments);
    data.detour_factors.apply(&mut data.segments);
}

/// Each published segment estimated from a fit on all the others (leave-one-out
/// cross-validation); segments the others cannot estimate are left out.
pub fn leave_one_out(segments: &[Segment]) -> Vec<LeftOut> {
    let samples: Vec<(usize, Sample)> = segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| sample(s).map(|x| (i, x)))
        .collect();
    // The same as `DetourFactors::fit` on all the samples but one, for each one, without
    // sorting every group again: each group's ratios are sorted once, and leaving a
    // sample out removes its ratio from the groups it is in. (The sort is by
    // `total_cmp`, so the values equal to the one removed are the same bits: the
    // median is the refit's.)
    let fitted: Vec<Sample> = samples
        .iter()
        .map(|&(_, x)| x)
        .filter(|s| s.geodesic_km > 0.0)
        .collect();
    let in_group = |s: &Sample, mode: Mode, terrain: Option<Terrain>| {
        s.geodesic_km > 0.0 && s.mode == mode && (terrain.is_none() || s.terrain == terrain)
    };
    // Each (mode, terrain) group with its sorted ratios.
    type Group = (Mode, Option<Terrain>);
    let mut groups: Vec<(Group, Vec<f64>)> = Vec::new();
    for &mode in Mode::ALL {
        for terrain in Terrain::ALL.iter().map(|&t| Some(t)).chain([None]) {
            let mut ratios: Vec<f64> = fitted
                .iter()
                .filter(|s| in_group(s, mode, terrain))
                .map(|s| s.published_km / s.geodesic_km)
                .collect();
            ratios.sort_by(f64::total_cmp);
            groups.push(((mode, terrain), ratios));
        }
    }
    samples
        .iter()
        .filter_map(|&(segment, left)| {
            // The factor of (left's mode, `terrain`) fitted without `left`.
            let factor_without = |terrain: Option<Terrain>| -> Option<f64> {
                let (_, sorted) = groups.iter().find(|(g, _)| *g == (left.mode, terrain))?;
                let mut ratios = sorted.clone();
                if in_group(&left, left.mode, terrain) {
                    let ratio = left.published_km / left.geodesic_km;
                    if let Some(at) = ratios.iter().position(|r| r.total_cmp(&ratio).is_eq()) {
                        ratios.remove(at);
                    }
                }
                if ratios.len() >= MIN_SAMPLES {
                    median(&mut ratios)
                } else {
                    None
                }
            };
            let factor = left
                .terrain
                .and_then(|t| factor_without(Some(t)))
                .or_else(|| factor_without(None))?;
            Some(LeftOut {
                segment,
                published_km: left.published_km,
                estimated_km: factor * left.geodesic_km,
            })
        })
        .collect()
}

/// The median and 90th percentile of |error| in %, over `left_out`.
pub fn error_summary_pct(left_out: &[LeftOut]) -> Option<(f64, f64)> {
    let mut errors: Vec<f64> = left_out.iter().map(|l| l.error_pct().abs()).collect();
    if errors.is_empty() {
        return None;
    }
    errors.sort_by(f64::total_cmp);
    let p90 = errors[((errors.len() as f64 * 0.9).ceil() as usize).clamp(1, errors.len()) - 1];
    Some((median(&mut errors)?, p90))
}

/// Above this ratio of published length to straight line, `check` warns: a road
/// that long is more likely a wrong figure or wrong ends than a real detour.
pub const SUSPICIOUS_CIRCUITY: f64 = 2.5;

/// A published length far longer than the straight line between its ends.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CircuityWarning {
    /// The corridor file the segment is written in.
    pub file: String,
    pub from: String,
    pub to: String,
    pub published_km: f64,
    pub straight_km: f64,
    pub circuity: f64,
}

/// Every published segment longer than [`SUSPICIOUS_CIRCUITY`] times the straight
/// line between its ends.
pub fn circuity_warnings(data: &Dataset) -> Vec<CircuityWarning> {
    data.segments
        .iter()
        .filter_map(|s| {
            let published_km = s.published_length_km?;
            let (from, to) = (data.place(s.from), data.place(s.to));
            let straight_km = crate::geodesy::geodesic_km(from.position, to.position);
            let circuity = crate::geodesy::circuity(published_km, straight_km)?;
            (circuity > SUSPICIOUS_CIRCUITY).then(|| CircuityWarning {
                file: data.corridors[s.corridor].file.clone(),
                from: from.id.clone(),
                to: to.id.clone(),
                published_km,
                straight_km,
                circuity,
            })
        })
        .collect()
}

/// Kilometres split by what they stand on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KmByBasis {
    pub published: f64,
    pub estimated: f64,
    pub measured: f64,
}

impl KmByBasis {
    /// Adds a segment's length on the ground under its basis.
    pub fn add_segment(&mut self, segment: &Segment) {
        let km = segment.routing_length_km();
        match segment.length_basis() {
            crate::model::LengthBasis::Published => self.published += km,
            crate::model::LengthBasis::Estimated => self.estimated += km,
            crate::model::LengthBasis::Measured => self.measured += km,
        }
    }

    pub fn total(&self) -> f64 {
        self.published + self.estimated + self.measured
    }

    /// The published share of the total, in %; `None` for no km.
    pub fn published_pct(&self) -> Option<f64> {
        let total = self.total();
        (total > 0.0).then(|| self.published / total * 100.0)
    }
}

/// Kilometres split by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KmByStatus {
    pub operational: f64,
    pub under_construction: f64,
    pub proposed: f64,
}

impl KmByStatus {
    pub fn add(&mut self, status: Status, km: f64) {
        match status {
            Status::Operational => self.operational += km,
            Status::UnderConstruction => self.under_construction += km,
            Status::Proposed => self.proposed += km,
        }
    }

    pub fn get(&self, status: Status) -> f64 {
        match status {
            Status::Operational => self.operational,
            Status::UnderConstruction => self.under_construction,
            Status::Proposed => self.proposed,
        }
    }

    pub fn total(&self) -> f64 {
        self.operational + self.under_construction + self.proposed
    }
}

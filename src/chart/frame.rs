//! The map's frame: which part of the Earth it shows and how a latitude/longitude
//! becomes a pixel.
//!
//! The projection is equirectangular with a standard parallel at the frame's middle
//! latitude: x = R · cos φ₀ · λ, y = R · φ on a sphere of the mean Earth radius.
//! Scale is true along the standard parallel and along every meridian, and off by
//! under 7% elsewhere in a frame 25° tall, which is what the scale bar states.

use crate::model::LatLon;

/// Mean Earth radius (IUGG), in km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A latitude/longitude box, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub south_deg: f64,
    pub west_deg: f64,
    pub north_deg: f64,
    pub east_deg: f64,
}

impl Bounds {
    /// The smallest box around `points`; `None` for no points.
    pub fn around(points: impl IntoIterator<Item = LatLon>) -> Option<Self> {
        let mut bounds: Option<Self> = None;
        for p in points {
            let b = bounds.get_or_insert(Self {
                south_deg: p.lat_deg,
                west_deg: p.lon_deg,
                north_deg: p.lat_deg,
                east_deg: p.lon_deg,
            });
            b.south_deg = b.south_deg.min(p.lat_deg);
            b.north_deg = b.north_deg.max(p.lat_deg);
            b.west_deg = b.west_deg.min(p.lon_deg);
            b.east_deg = b.east_deg.max(p.lon_deg);
        }
        bounds
    }

    /// The box grown by `margin_deg` on every side.
    pub fn grown(self, margin_deg: f64) -> Self {
        Self {
            south_deg: (self.south_deg - margin_deg).max(-85.0),
            west_deg: self.west_deg - margin_deg,
            north_deg: (self.north_deg + margin_deg).min(85.0),
            east_deg: self.east_deg + margin_deg,
        }
    }

    /// The part of this box inside `window`; the window itself where they do not
    /// overlap.
    pub fn within(self, window: Self) -> Self {
        let clipped = Self {
            south_deg: self.south_deg.max(window.south_deg),
            west_deg: self.west_deg.max(window.west_deg),
            north_deg: self.north_deg.min(window.north_deg),
            east_deg: self.east_deg.min(window.east_deg),
        };
        if clipped.south_deg < clipped.north_deg && clipped.west_deg < clipped.east_deg {
            clipped
        } else {
            window
        }
    }

    /// The box widened about its centre to at least `min_lat_deg` × `min_lon_deg`.
    pub fn at_least(self, min_lat_deg: f64, min_lon_deg: f64) -> Self {
        let grow = |low: f64, high: f64, min: f64| {
            let extra = (min - (high - low)).max(0.0) / 2.0;
            (low - extra, high + extra)
        };
        let (south_deg, north_deg) = grow(self.south_deg, self.north_deg, min_lat_deg);
        let (west_deg, east_deg) = grow(self.west_deg, self.east_deg, min_lon_deg);
        Self {
            south_deg,
            west_deg,
            north_deg,
            east_deg,
        }
    }
}

impl Bounds {
    /// The box widened east and west about its centre until its projected width is
    /// at least `ratio` times its height, so that a north–south route still gets a
    /// map wide enough to read.
    pub fn widened_to(self, ratio: f64) -> Self {
        let middle_deg = (self.south_deg + self.north_deg) / 2.0;
        let cos0 = middle_deg.to_radians().cos();
        let min_lon_span = ratio * (self.north_deg - self.south_deg) / cos0;
        self.at_least(0.0, min_lon_span)
    }
}

/// A rectangle in pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PxRect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PxRect {
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.left && x <= self.right && y >= self.top && y <= self.bottom
    }

    pub fn overlaps(&self, other: &PxRect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    pub fn inside(&self, outer: &PxRect) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.top >= outer.top
            && self.bottom <= outer.bottom
    }
}

/// A fitted map frame: the projection and where it lands on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// What the frame shows, after widening to fill the pixel box.
    pub bounds: Bounds,
    pub standard_parallel_deg: f64,
    /// Where the map lies on the page.
    pub px: PxRect,
    /// Pixels per degree of latitude.
    px_per_deg: f64,
}

impl Frame {
    /// Fits `bounds` into a box `width_px` wide at (`left_px`, `top_px`), choosing
    /// the height from the shape of the area (at most `max_height_px`; where the area
    /// is taller than that, the box narrows instead).
    pub fn fit(
        bounds: Bounds,
        left_px: f64,
        top_px: f64,
        width_px: f64,
        max_height_px: f64,
    ) -> Self {
        let standard_parallel_deg = (bounds.south_deg + bounds.north_deg) / 2.0;
        let cos0 = standard_parallel_deg.to_radians().cos();
        let span_x = (bounds.east_deg - bounds.west_deg) * cos0;
        let span_y = bounds.north_deg - bounds.south_deg;
        let px_per_deg = (width_px / span_x).min(max_height_px / span_y);
        let width = span_x * px_per_deg;
        let height = span_y * px_per_deg;
        let left = left_px + (width_px - width) / 2.0;
        Self {
            bounds,
            standard_parallel_deg,
            px: PxRect {
                left,
                top: top_px,
                right: left + width,
                bottom: top_px + height,
            },
            px_per_deg,
        }
    }

    /// A position's pixel, (x right, y down); outside the frame for points outside
    /// its bounds.
    pub fn pixel_of(&self, p: LatLon) -> (f64, f64) {
        let cos0 = self.standard_parallel_deg.to_radians().cos();
        let x = self.px.left + (p.lon_deg - self.bounds.west_deg) * cos0 * self.px_per_deg;
        let y = self.px.top + (self.bounds.north_deg - p.lat_deg) * self.px_per_deg;
        (x, y)
    }

    /// Pixels per km, true along the standard parallel and the meridians.
    pub fn px_per_km(&self) -> f64 {
        self.px_per_deg / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0)
    }
}

/// Rounds a pixel position for drawing.
pub fn round_px((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// The runs of a polyline that lie inside `rect` (Liang–Barsky on each piece).
pub fn clip_polyline(points: &[(f64, f64)], rect: &PxRect) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        match clip_piece(pair[0], pair[1], rect) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
                // The piece left the box: end the run.
                if b != pair[1] {
                    runs.push(std::mem::take(&mut current));
                }
            }
            None => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

/// The part of the piece a → b inside `rect`, if any.
fn clip_piece(a: (f64, f64), b: (f64, f64), rect: &PxRect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - rect.left),
        (dx, rect.right - a.0),
        (-dy, a.1 - rect.top),
        (dy, rect.bottom - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((
        if t0 == 0.0 { a } else { at(t0) },
        if t1 == 1.0 { b } else { at(t1) },
    ))
}

/// A polygon ring clipped to `rect` (Sutherland–Hodgman); empty when nothing of it
/// lies inside.
pub fn clip_ring(ring: &[(f64, f64)], rect: &PxRect) -> Vec<(f64, f64)> {
    let mut output: Vec<(f64, f64)> = ring.to_vec();
    let mut input: Vec<(f64, f64)> = Vec::with_capacity(ring.len() + 8);
    // One pass per edge, each its own copy of the loop (a const parameter) so that
    // the inside test and the crossing are inlined rather than called through a
    // pointer per point.
    for pass in [
        clip_ring_at::<LEFT>,
        clip_ring_at::<RIGHT>,
        clip_ring_at::<TOP>,
        clip_ring_at::<BOTTOM>,
    ] {
        std::mem::swap(&mut input, &mut output);
        output.clear();
        if input.is_empty() {
            break;
        }
        pass(&input, rect, &mut output);
    }
    output
}

const LEFT: u8 = 0;
const RIGHT: u8 = 1;
const TOP: u8 = 2;
const BOTTOM: u8 = 3;

/// Whether `p` lies on the inner side of `rect`'s edge `EDGE`.
#[inline(always)]
fn inside_edge<const EDGE: u8>(r: &PxRect, p: (f64, f64)) -> bool {
    match EDGE {
        LEFT => p.0 >= r.left,
        RIGHT => p.0 <= r.right,
        TOP => p.1 >= r.top,
        _ => p.1 <= r.bottom,
    }
}

/// Where the piece a → b crosses the line of `rect`'s edge `EDGE`.
#[inline(always)]
fn cross_edge<const EDGE: u8>(r: &PxRect, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    match EDGE {
        LEFT => (r.left, a.1 + (b.1 - a.1) * (r.left - a.0) / (b.0 - a.0)),
        RIGHT => (r.right, a.1 + (b.1 - a.1) * (r.right - a.0) / (b.0 - a.0)),
        TOP => (a.0 + (b.0 - a.0) * (r.top - a.1) / (b.1 - a.1), r.top),
        _ => (a.0 + (b.0 - a.0) * (r.bottom - a.1) / (b.1 - a.1), r.bottom),
    }
}

/// One Sutherland–Hodgman pass: `input` (not empty) clipped to the inner side of
/// edge `EDGE`, into `output`.
fn clip_ring_at<const EDGE: u8>(input: &[(f64, f64)], rect: &PxRect, output: &mut Vec<(f64, f64)>) {
    let Some(&last) = input.last() else { return };
    let mut previous = last;
    for &point in input {
        match (
            inside_edge::<EDGE>(rect, point),
            inside_edge::<EDGE>(rect, previous),
        ) {
            (true, true) => output.push(point),
            (true, false) => {
                output.push(cross_edge::<EDGE>(rect, previous, point));
                output.push(point);
            }
            (false, true) => output.push(cross_edge::<EDGE>(rect, previous, point)),
            (false, false) => {}
        }
        previous = point;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sutherland–Hodgman as first written, with the edges as closures: the
    /// reference the inlined passes must match to the bit.
    fn clip_ring_reference(ring: &[(f64, f64)], rect: &PxRect) -> Vec<(f64, f64)> {
        type Inside = fn(&PxRect, (f64, f64)) -> bool;
        type Cross = fn(&PxRect, (f64, f64), (f64, f64)) -> (f64, f64);
        let edges: [(Inside, Cross); 4] = [
            (
                |r, p| p.0 >= r.left,
                |r, a, b| (r.left, a.1 + (b.1 - a.1) * (r.left - a.0) / (b.0 - a.0)),
            ),
            (
                |r, p| p.0 <= r.right,
                |r, a, b| (r.right, a.1 + (b.1 - a.1) * (r.right - a.0) / (b.0 - a.0)),
            ),
            (
                |r, p| p.1 >= r.top,
                |r, a, b| (a.0 + (b.0 - a.0) * (r.top - a.1) / (b.1 - a.1), r.top),
            ),
            (
                |r, p| p.1 <= r.bottom,
                |r, a, b| (a.0 + (b.0 - a.0) * (r.bottom - a.1) / (b.1 - a.1), r.bottom),
            ),
        ];
        let mut output: Vec<(f64, f64)> = ring.to_vec();
        for (inside, cross) in edges {
            let input = std::mem::take(&mut output);
            let Some(&last) = input.last() else { break };
            let mut previous = last;
            for &point in &input {
                match (inside(rect, point), inside(rect, previous)) {
                    (true, true) => output.push(point),
                    (true, false) => {
                        output.push(cross(rect, previous, point));
                        output.push(point);
                    }
                    (false, true) => output.push(cross(rect, previous, point)),
                    (false, false) => {}
                }
                previous = point;
            }
        }
        output
    }

    proptest::proptest! {
        /// Rings across, inside and beyond the box, points on its edges included.
        #[test]
        fn clip_ring_as_the_reference_clips(
            ring in proptest::collection::vec((-50i32..150, -50i32..150), 0..30),
            halves in proptest::collection::vec(proptest::bool::ANY, 30),
        ) {
            let rect = PxRect { left: 0.0, top: 10.0, right: 100.0, bottom: 80.5 };
            let ring: Vec<(f64, f64)> = ring
                .iter()
                .zip(&halves)
                .map(|(&(x, y), &half)| (f64::from(x) + if half { 0.5 } else { 0.0 }, f64::from(y)))
                .collect();
            let ours = clip_ring(&ring, &rect);
            let reference = clip_ring_reference(&ring, &rect);
            proptest::prop_assert_eq!(
                ours.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect::<Vec<_>>(),
                reference.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect::<Vec<_>>()
            );
        }
    }
}

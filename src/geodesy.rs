//! Lengths on the WGS84 ellipsoid, through `geo`'s [`Geodesic`] (Karney's algorithm,
//! accurate to nanometres).
//!
//! Example: Dushanbe (38.5598° N, 68.7870° E) to Karachi (24.8608° N, 67.0104° E) is
//! about 1,528 km apart on the ellipsoid; the second paper's road figure is 2,700 km.
//!
//! ```
//! use corridors::geodesy::{circuity, geodesic_km};
//! use corridors::model::LatLon;
//! let dushanbe = LatLon::new(38.5598, 68.7870);
//! let karachi = LatLon::new(24.8608, 67.0104);
//! let straight_km = geodesic_km(dushanbe, karachi);
//! assert_eq!(straight_km.round(), 1528.0);
//! // The paper's 2,700 km by road is 1.77 times the straight line.
//! let ratio = circuity(2700.0, straight_km).unwrap();
//! assert_eq!((ratio * 100.0).round(), 177.0);
//! ```

use geo::{Distance, Geodesic};

use crate::model::LatLon;

/// Geodesic distance between two positions, in km.
pub fn geodesic_km(a: LatLon, b: LatLon) -> f64 {
    Geodesic.distance(a.to_point(), b.to_point()) / 1000.0
}

/// Length of the polyline through `points` in order, in km: the sum of the geodesic
/// lengths of its pieces. Fewer than two points give 0.
///
/// ```
/// use corridors::geodesy::polyline_km;
/// use corridors::model::LatLon;
/// // One degree of longitude along the equator, in two halves: 111.32 km.
/// let equator = [0.0, 0.5, 1.0].map(|lon| LatLon::new(0.0, lon));
/// assert_eq!((polyline_km(equator) * 100.0).round(), 11132.0);
/// assert_eq!(polyline_km([LatLon::new(0.0, 0.0)]), 0.0);
/// ```
pub fn polyline_km<I>(points: I) -> f64
where
    I: IntoIterator<Item = LatLon>,
{
    let mut points = points.into_iter();
    let Some(mut previous) = points.next() else {
        return 0.0;
    };
    let mut total_km = 0.0;
    for point in points {
        total_km += geodesic_km(previous, point);
        previous = point;
    }
    total_km
}

/// A route's length over the straight line between its ends; `None` when the ends
/// are within 1 km, where the ratio says nothing.
///
/// ```
/// use corridors::geodesy::circuity;
/// assert_eq!(circuity(150.0, 100.0), Some(1.5));
/// assert_eq!(circuity(3.0, 0.5), None);
/// ```
pub fn circuity(path_km: f64, great_circle_km: f64) -> Option<f64> {
    (great_circle_km > 1.0).then(|| path_km / great_circle_km)
}

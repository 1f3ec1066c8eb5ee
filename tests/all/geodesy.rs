//! Geodesic lengths against independently published values.

use corridors::geodesy::{geodesic_km, polyline_km};
use corridors::model::LatLon;

/// Degrees, minutes and seconds to decimal degrees.
fn dms(degrees: f64, minutes: f64, seconds: f64) -> f64 {
    degrees + minutes / 60.0 + seconds / 3600.0
}

#[test]
fn wellington_to_salamanca_matches_geographiclib_documentation() {
    // GeographicLib's documented example: "The distance is 19959679.267 m."
    let km = geodesic_km(LatLon::new(-41.32, 174.81), LatLon::new(40.96, -5.50));
    assert!((km * 1000.0 - 19_959_679.267).abs() < 0.01, "{km} km");
}

#[test]
fn flinders_peak_to_buninyong_matches_geoscience_australia() {
    // Vincenty's classic test line, published by Geoscience Australia: 54,972.271 m.
    let flinders = LatLon::new(-dms(37.0, 57.0, 3.72030), dms(144.0, 25.0, 29.52440));
    let buninyong = LatLon::new(-dms(37.0, 39.0, 10.15610), dms(143.0, 55.0, 35.38390));
    let km = geodesic_km(flinders, buninyong);
    assert!((km * 1000.0 - 54_972.271).abs() < 0.001, "{km} km");
}

#[test]
fn jfk_to_lhr_matches_karney_reference_implementation() {
    // GeographicLib's example-Geodesic.cpp inverse problem; Karney's Python
    // geographiclib 2.x gives s12 = 5551759.400319 m.
    let km = geodesic_km(LatLon::new(40.6, -73.8), LatLon::new(51.6, -0.5));
    assert!((km * 1000.0 - 5_551_759.400_319).abs() < 0.001, "{km} km");
}

#[test]
fn latitude_and_longitude_are_not_swapped() {
    // One degree of latitude at the equator is 110.574 km on WGS84, one degree of
    // longitude 111.320 km: a swap in the lat/lon conversion would show here.
    let north = geodesic_km(LatLon::new(0.0, 0.0), LatLon::new(1.0, 0.0));
    let east = geodesic_km(LatLon::new(0.0, 0.0), LatLon::new(0.0, 1.0));
    assert!((north - 110.574).abs() < 0.001, "north {north}");
    assert!((east - 111.320).abs() < 0.001, "east {east}");
}

#[test]
fn polyline_sums_its_pieces() {
    let a = LatLon::new(38.5358, 68.779);
    let b = LatLon::new(37.2242, 67.2783);
    let c = LatLon::new(36.709, 67.1109);
    let total = polyline_km([a, b, c]);
    assert!((total - (geodesic_km(a, b) + geodesic_km(b, c))).abs() < 1e-9);
    assert!(
        total > geodesic_km(a, c),
        "a detour is longer than the direct line"
    );
    assert_eq!(polyline_km([a]), 0.0);
}

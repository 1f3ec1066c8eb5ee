//! GeoJSON (RFC 7946) of routes: one LineString feature per leg, positions written
//! longitude first as the RFC requires.

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};
use serde_json::json;

use crate::model::{Dataset, LatLon};
use crate::routing::RouteSummary;

/// An RFC 7946 position: [lon, lat].
fn position(point: LatLon) -> Position {
    Position::from([point.lon_deg, point.lat_deg])
}

/// The legs of every route as one FeatureCollection; properties say which route
/// (1 = best) and which leg each feature is.
pub fn routes_collection(data: &Dataset, routes: &[RouteSummary]) -> FeatureCollection {
    let mut features = Vec::new();
    for (r, route) in routes.iter().enumerate() {
        for (l, leg) in route.legs.iter().enumerate() {
            let mut line: Vec<LatLon> = Vec::new();
            for &step in &leg.steps {
                let points = data.traversal_points(step);
                // Each segment starts where the last ended: skip the repeated point.
                let skip = usize::from(!line.is_empty());
                line.extend(points.into_iter().skip(skip));
            }
            let mut properties = JsonObject::new();
            for (key, value) in [
                ("route", json!(r + 1)),
                ("leg", json!(l + 1)),
                ("from", json!(leg.from)),
                ("to", json!(leg.to)),
                ("corridor", json!(leg.corridor)),
                ("mode", json!(leg.mode)),
                ("status", json!(leg.status)),
                ("distance_km", json!(leg.distance_km)),
                ("cumulative_km", json!(leg.cumulative_km)),
                ("duration_h", json!(leg.duration_h)),
                ("cost_usd_per_t", json!(leg.cost_usd_per_t)),
                (
                    "seasonal",
                    json!(
                        route
                            .seasonal
                            .iter()
                            .filter(|s| leg.steps.iter().any(|step| {
                                let seg = &data.segments[step.segment];
                                data.corridors[seg.corridor].id == s.corridor
                                    && [&data.places[seg.from].id, &data.places[seg.to].id]
                                        .contains(&&s.from)
                            }))
                            .collect::<Vec<_>>()
                    ),
                ),
            ] {
                properties.insert(key.to_string(), value);
            }
            features.push(line_feature(line, properties));
        }
    }
    let mut routes_collection = collection(features);
    routes_collection.foreign_members = routes.first().map(|best| {
        // The best route's totals at the top, every route's in `routes` (with -k).
        let mut properties = route_totals(best);
        properties.insert(
            "routes".into(),
            json!(
                routes
                    .iter()
                    .map(|r| serde_json::Value::Object(route_totals(r)))
                    .collect::<Vec<_>>()
            ),
        );
        let mut members = JsonObject::new();
        members.insert("properties".into(), serde_json::Value::Object(properties));
        members
    });
    routes_collection
}

/// A route's totals, as the collection's foreign member `properties` carries them.
fn route_totals(route: &RouteSummary) -> JsonObject {
    let mut totals = JsonObject::new();
    for (key, value) in [
        ("from", json!(route.legs.first().map(|l| &l.from))),
        ("to", json!(route.legs.last().map(|l| &l.to))),
        ("distance_km", json!(route.distance_km)),
        ("duration_h", json!(route.duration_h)),
        (
            "duration_without_delay_h",
            json!(route.duration_without_delay_h),
        ),
        ("border_delay_h", json!(route.border_delay_h)),
        ("transfer_h", json!(route.transfer_h)),
        ("cost_usd_per_t", json!(route.cost_usd_per_t)),
        ("great_circle_km", json!(route.great_circle_km)),
        ("circuity", json!(route.circuity)),
        ("km_by_status", json!(route.km_by_status)),
        ("km_by_basis", json!(route.km_by_basis)),
        ("countries", json!(route.countries)),
        ("border_crossings", json!(route.border_crossings)),
        ("transfers", json!(route.transfers)),
        ("unbuilt_corridors", json!(route.unbuilt_corridors)),
    ] {
        totals.insert(key.to_string(), value);
    }
    totals
}

/// A LineString feature through `points` (written lon first, as the RFC requires).
pub fn line_feature(points: impl IntoIterator<Item = LatLon>, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(GeometryValue::LineString {
            coordinates: points.into_iter().map(position).collect(),
        })),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

pub fn collection(features: Vec<Feature>) -> FeatureCollection {
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

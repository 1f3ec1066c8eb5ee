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
    collection(features)
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

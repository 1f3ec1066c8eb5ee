//! `corridors export`: the dataset, or the part a filter keeps, as two GIS layers
//! (places as Points, segments as LineStrings along their shape points), in GeoJSON
//! (RFC 7946, lon/lat) and in FlatGeobuf, which QGIS and GDAL open natively with
//! typed attributes. Both formats come from the same rows, so they cannot disagree.

use std::io::{self, Write};

use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};
use geozero::{ColumnValue, PropertyProcessor};
use serde_json::json;

use crate::graph::Filter;
use crate::model::{Dataset, LatLon, LengthBasis, PlaceIdx};

/// Written into every file (a GeoJSON foreign member, the FlatGeobuf description), so
/// that a later export replaces only files an export wrote.
pub const GENERATOR: &str = "corridors export";

/// The type of an attribute column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Real,
    Integer,
}

/// One attribute value; `None` is a null (FlatGeobuf: the property is left out).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Option<String>),
    Real(Option<f64>),
    Integer(Option<i64>),
}

/// One feature of a layer: its points (one for a Point) and its attributes, in the
/// order of the layer's columns.
#[derive(Debug, Clone)]
pub struct Row {
    pub points: Vec<LatLon>,
    pub values: Vec<Value>,
}

/// A layer: its name (the file stem), geometry type, columns and features.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: &'static str,
    pub lines: bool,
    pub columns: &'static [(&'static str, Kind)],
    pub rows: Vec<Row>,
}

/// The attributes of the places layer.
pub const PLACE_COLUMNS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("name", Kind::Text),
    ("country", Kind::Text),
    ("kind", Kind::Text),
    ("border_with", Kind::Text),
    ("lat_deg", Kind::Real),
    ("lon_deg", Kind::Real),
    ("precision_km", Kind::Real),
    ("elevation_m", Kind::Real),
    ("aliases", Kind::Text),
    ("source", Kind::Text),
];

/// The attributes of the segments layer. `length_km` is the length routing uses;
/// `length_basis` says what it stands on.
pub const SEGMENT_COLUMNS: &[(&str, Kind)] = &[
    ("segment", Kind::Integer),
    ("corridor", Kind::Text),
    ("corridor_name", Kind::Text),
    ("from", Kind::Text),
    ("to", Kind::Text),
    ("mode", Kind::Text),
    ("status", Kind::Text),
    ("length_km", Kind::Real),
    ("length_basis", Kind::Text),
    ("length_source", Kind::Text),
    ("published_length_km", Kind::Real),
    ("estimated_length_km", Kind::Real),
    ("measured_length_km", Kind::Real),
    ("terrain", Kind::Text),
    ("open_months", Kind::Text),
    ("seasonal", Kind::Text),
    ("gauge_mm", Kind::Integer),
    ("speed_kmh", Kind::Real),
];

/// The places and segments layers. Segments: those the filter admits. Places: with
/// `every_place`, each one the filter does not exclude; otherwise only the ends of
/// the segments kept, so a `--mode rail` export holds the railway's places.
pub fn layers(data: &Dataset, filter: &Filter, every_place: bool) -> (Layer, Layer) {
    let kept: Vec<usize> = (0..data.segments.len())
        .filter(|&s| filter.admits(data, s))
        .collect();
    let mut touched = vec![false; data.places.len()];
    for &s in &kept {
        touched[data.segments[s].from] = true;
        touched[data.segments[s].to] = true;
    }
    let places = (0..data.places.len())
        .filter(|&p| filter.excludes(data, p).is_none() && (every_place || touched[p]))
        .map(|p| place_row(data, p))
        .collect();
    let segments = kept.iter().map(|&s| segment_row(data, s)).collect();
    (
        Layer {
            name: "places",
            lines: false,
            columns: PLACE_COLUMNS,
            rows: places,
        },
        Layer {
            name: "segments",
            lines: true,
            columns: SEGMENT_COLUMNS,
            rows: segments,
        },
    )
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(Some(value.into()))
}

fn place_row(data: &Dataset, p: PlaceIdx) -> Row {
    let place = &data.places[p];
    let values = vec![
        text(&place.id),
        text(&place.name),
        text(&place.country),
        text(place.kind.as_str()),
        Value::Text(place.border_with.clone()),
        Value::Real(Some(place.position.lat_deg)),
        Value::Real(Some(place.position.lon_deg)),
        Value::Real(place.precision_km),
        Value::Real(place.elevation_m),
        Value::Text((!place.aliases.is_empty()).then(|| place.aliases.join("; "))),
        text(&place.source),
    ];
    debug_assert_eq!(values.len(), PLACE_COLUMNS.len());
    Row {
        points: vec![place.position],
        values,
    }
}

fn segment_row(data: &Dataset, s: usize) -> Row {
    let segment = &data.segments[s];
    let corridor = &data.corridors[segment.corridor];
    let basis = segment.length_basis();
    // Where the routing length comes from: the source for a published figure, the
    // method for the others.
    let length_source = match basis {
        LengthBasis::Published => segment.source.clone(),
        LengthBasis::Estimated => Some(
            "estimate: WGS84 geodesic along the shape points × the detour factor fitted on published segments of the same mode and terrain".into(),
        ),
        LengthBasis::Measured => Some("WGS84 geodesic along the shape points".into()),
    };
    let open_months = segment.open_months.map(|open| {
        open.months()
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(",")
    });
    let values = vec![
        Value::Integer(Some(s as i64)),
        text(&corridor.id),
        text(&corridor.name),
        text(&data.places[segment.from].id),
        text(&data.places[segment.to].id),
        text(segment.mode.as_str()),
        text(segment.status.as_str()),
        Value::Real(Some(segment.routing_length_km())),
        text(basis.as_str()),
        Value::Text(length_source),
        Value::Real(segment.published_length_km),
        Value::Real(segment.estimated_length_km),
        Value::Real(Some(segment.measured_length_km)),
        Value::Text(segment.terrain.map(|t| t.as_str().to_string())),
        Value::Text(open_months),
        Value::Text(segment.seasonal.clone()),
        Value::Integer(segment.gauge_mm.map(i64::from)),
        Value::Real(segment.speed_kmh),
    ];
    debug_assert_eq!(values.len(), SEGMENT_COLUMNS.len());
    let mut points = vec![data.places[segment.from].position];
    points.extend(&segment.shape);
    points.push(data.places[segment.to].position);
    Row { points, values }
}

/// An RFC 7946 position: [lon, lat].
fn position(point: LatLon) -> Position {
    Position::from([point.lon_deg, point.lat_deg])
}

/// The layer as a GeoJSON FeatureCollection, with `name` and `generator` as foreign
/// members (GDAL reads `name` as the layer name).
pub fn geojson(layer: &Layer) -> FeatureCollection {
    let features = layer
        .rows
        .iter()
        .map(|row| {
            let mut properties = JsonObject::new();
            for ((name, _), value) in layer.columns.iter().zip(&row.values) {
                let value = match value {
                    Value::Text(v) => json!(v),
                    Value::Real(v) => json!(v),
                    Value::Integer(v) => json!(v),
                };
                properties.insert((*name).to_string(), value);
            }
            let geometry = if layer.lines {
                GeometryValue::LineString {
                    coordinates: row.points.iter().copied().map(position).collect(),
                }
            } else {
                GeometryValue::Point {
                    coordinates: position(row.points[0]),
                }
            };
            Feature {
                bbox: None,
                geometry: Some(Geometry::new(geometry)),
                id: None,
                properties: Some(properties),
                foreign_members: None,
            }
        })
        .collect();
    let mut members = JsonObject::new();
    members.insert("name".into(), json!(layer.name));
    members.insert("generator".into(), json!(GENERATOR));
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    }
}

/// Writes the layer as GeoJSON.
pub fn write_geojson(layer: &Layer, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &geojson(layer))?;
    writeln!(out)
}

/// Writes the layer as FlatGeobuf (EPSG:4326, with a spatial index).
pub fn write_fgb(layer: &Layer, out: &mut dyn Write) -> io::Result<()> {
    let options = FgbWriterOptions {
        // The packed R-tree needs at least one feature.
        write_index: !layer.rows.is_empty(),
        detect_type: false,
        promote_to_multi: false,
        crs: FgbCrs {
            code: 4326,
            ..Default::default()
        },
        title: Some(layer.name),
        description: Some(GENERATOR),
        ..Default::default()
    };
    let geometry_type = if layer.lines {
        GeometryType::LineString
    } else {
        GeometryType::Point
    };
    let mut fgb = FgbWriter::create_with_options(layer.name, geometry_type, options)
        .map_err(io::Error::other)?;
    for (name, kind) in layer.columns {
        let column_type = match kind {
            Kind::Text => ColumnType::String,
            Kind::Real => ColumnType::Double,
            Kind::Integer => ColumnType::Long,
        };
        fgb.add_column(name, column_type, |_, column| column.nullable = true);
    }
    for row in &layer.rows {
        let coordinate = |p: &LatLon| geo::coord! { x: p.lon_deg, y: p.lat_deg };
        let geometry: geo::Geometry<f64> = if layer.lines {
            geo::LineString::new(row.points.iter().map(coordinate).collect()).into()
        } else {
            geo::Point::from(coordinate(&row.points[0])).into()
        };
        let mut failed = None;
        fgb.add_feature_geom(geometry, |feature| {
            for (i, ((name, _), value)) in layer.columns.iter().zip(&row.values).enumerate() {
                let written = match value {
                    Value::Text(Some(v)) => feature.property(i, name, &ColumnValue::String(v)),
                    Value::Real(Some(v)) => feature.property(i, name, &ColumnValue::Double(*v)),
                    Value::Integer(Some(v)) => feature.property(i, name, &ColumnValue::Long(*v)),
                    // A null is a property left out.
                    _ => continue,
                };
                if let Err(error) = written {
                    failed.get_or_insert(error);
                }
            }
        })
        .map_err(io::Error::other)?;
        if let Some(error) = failed {
            return Err(io::Error::other(error));
        }
    }
    fgb.write(out).map_err(io::Error::other)
}

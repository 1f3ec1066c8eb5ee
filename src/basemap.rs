//! The country outlines drawn under the map: Natural Earth 1:50m Admin 0 countries,
//! clipped to the region (routes/basemap/, with its licence note).

use geo::{Area, InteriorPoint, MultiPolygon, Polygon};

use crate::model::LatLon;

/// One country's outline. Coordinates are geo's (x = longitude, y = latitude), in
/// degrees on WGS84.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Natural Earth's name: "Afghanistan", "Pakistan".
    pub name: String,
    pub shape: MultiPolygon<f64>,
}

impl Country {
    /// Where the country's name goes: a point inside its largest part.
    pub fn label_point(&self) -> Option<LatLon> {
        let largest: &Polygon<f64> = self
            .shape
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
        let point = largest.interior_point()?;
        Some(LatLon {
            lat_deg: point.y(),
            lon_deg: point.x(),
        })
    }
}

/// The base map: every country it holds, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basemap {
    pub countries: Vec<Country>,
}

/// Reads the base map from GeoJSON text: a FeatureCollection of Polygon and
/// MultiPolygon features with a `name` property. `file` names the file in messages.
pub fn parse(file: &str, text: &str) -> Result<Basemap, String> {
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| format!("{file}: not valid GeoJSON: {e}"))
        .and_then(|g| {
            geojson::FeatureCollection::try_from(g)
                .map_err(|e| format!("{file}: expected a FeatureCollection: {e}"))
        })?;
    let mut countries = Vec::new();
    for (n, feature) in collection.features.into_iter().enumerate() {
        let which = format!("{file}: feature {}", n + 1);
        let name = feature
            .property("name")
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("{which} has no \"name\" property"))?
            .to_string();
        let geometry = feature
            .geometry
            .ok_or_else(|| format!("{which} ({name}) has no geometry"))?;
        let shape = match geo::Geometry::<f64>::try_from(geometry)
            .map_err(|e| format!("{which} ({name}): {e}"))?
        {
            geo::Geometry::Polygon(polygon) => MultiPolygon(vec![polygon]),
            geo::Geometry::MultiPolygon(multi) => multi,
            _ => {
                return Err(format!(
                    "{which} ({name}) is not a Polygon or MultiPolygon; the base map holds country areas"
                ));
            }
        };
        countries.push(Country { name, shape });
    }
    Ok(Basemap { countries })
}

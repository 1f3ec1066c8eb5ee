//! The country outlines drawn under the map: Natural Earth 1:50m Admin 0 countries,
//! clipped to the region (routes/basemap/, with its licence note).

use std::sync::OnceLock;

use geo::{Area, InteriorPoint, MultiPolygon, Polygon};

use crate::model::LatLon;

/// One country's outline. Coordinates are geo's (x = longitude, y = latitude), in
/// degrees on WGS84.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Natural Earth's name: "Afghanistan", "Pakistan".
    pub name: String,
    /// The outline. Build a new country ([`Country::new`]) rather than change it:
    /// the label point, once worked out, is remembered.
    pub shape: MultiPolygon<f64>,
    /// [`Country::label_point`], worked out on first use: every map of a report
    /// asks for it, and geo's interior point is the slowest step of drawing a map.
    label_point: LabelPoint,
    /// [`Country::bounds`], worked out on first use: every map asks whether the
    /// country is in view.
    bounds: Remembered<Option<geo::Rect<f64>>>,
}

/// A country's label point once computed. Equal to any other: it only follows from
/// the shape, which the country's equality compares.
#[derive(Debug, Clone, Default)]
struct LabelPoint(OnceLock<Option<LatLon>>);

impl PartialEq for LabelPoint {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A value worked out from the shape once asked for. Equal to any other, as
/// [`LabelPoint`] is.
#[derive(Debug, Clone)]
struct Remembered<T>(OnceLock<T>);

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Self(OnceLock::new())
    }
}

impl<T> PartialEq for Remembered<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Country {
    /// A country named `name` with the outline `shape`.
    pub fn new(name: String, shape: MultiPolygon<f64>) -> Self {
        Self {
            name,
            shape,
            label_point: LabelPoint::default(),
            bounds: Remembered::default(),
        }
    }

    /// The smallest longitude/latitude box around the outline (x = longitude);
    /// `None` for an empty outline. Computed once per country, then remembered.
    pub fn bounds(&self) -> Option<geo::Rect<f64>> {
        use geo::BoundingRect;
        *self.bounds.0.get_or_init(|| self.shape.bounding_rect())
    }

    /// Where the country's name goes: a point inside its largest part. (Computed
    /// once per country, then remembered.)
    pub fn label_point(&self) -> Option<LatLon> {
        *self.label_point.0.get_or_init(|| self.find_label_point())
    }

    fn find_label_point(&self) -> Option<LatLon> {
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

impl Basemap {
    /// Takes each country's label point from `known`, (name, point) in file order,
    /// as build.rs worked them out for the built-in base map; does nothing unless
    /// the names line up one to one.
    pub fn remember_label_points(&self, known: &[(&str, Option<LatLon>)]) {
        let lined_up = known.len() == self.countries.len()
            && self
                .countries
                .iter()
                .zip(known)
                .all(|(c, (name, _))| c.name == *name);
        if lined_up {
            for (country, &(_, point)) in self.countries.iter().zip(known) {
                // Already set (or being set) means already right.
                let _ = country.label_point.0.set(point);
            }
        }
    }
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
        // GeoJSON is lon/lat: a point off the globe is a swapped or damaged pair.
        use geo::CoordsIter;
        if let Some(c) = shape
            .coords_iter()
            .find(|c| !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y))
        {
            return Err(format!(
                "{which} ({name}) has the point lon {}, lat {}, off the globe; GeoJSON gives lon, lat in degrees",
                c.x, c.y
            ));
        }
        countries.push(Country::new(name, shape));
    }
    Ok(Basemap { countries })
}

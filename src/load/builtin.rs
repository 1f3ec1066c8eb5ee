//! What the binary carries of the `routes/` directory: its files (for the example
//! scenarios, and to report problems where build.rs found any), the dataset and the
//! base map as build.rs loaded, validated and prepared them.

use include_dir::{Dir, include_dir};

use super::files::{DatasetFiles, FileError, SourceFile, decode};
use super::{Problems, load};
use crate::model::Dataset;

/// The dataset shipped with the tool, compiled in so that it runs from any directory.
static EMBEDDED_ROUTES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/routes");

impl DatasetFiles {
    /// The dataset compiled into the binary, named as in the repository (`routes/...`).
    pub fn embedded() -> Self {
        let text_of = |file: &include_dir::File| decode(file.contents().to_vec());
        let places = SourceFile {
            name: "routes/places.toml".into(),
            text: EMBEDDED_ROUTES
                .get_file("places.toml")
                .ok_or_else(|| {
                    FileError::new(
                        "is missing from the built-in dataset",
                        "please report this as a bug in corridors",
                    )
                })
                .and_then(text_of),
        };
        let mut corridors: Vec<SourceFile> = EMBEDDED_ROUTES
            .get_dir("corridors")
            .map(|dir| {
                dir.files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                    .map(|f| SourceFile {
                        name: format!("routes/{}", f.path().display()),
                        text: text_of(f),
                    })
                    .collect()
            })
            .unwrap_or_default();
        corridors.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            places,
            corridors,
            travel: embedded_file("travel.toml"),
            outlets: embedded_file("outlets.toml"),
            claims: embedded_file("claims.toml"),
            evidence: embedded_file("evidence.toml"),
        }
    }
}

/// The example scenarios compiled into the binary (`routes/scenarios/<name>.toml`), by
/// name: `torkham-closed`, ...
pub fn builtin_scenario_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = EMBEDDED_ROUTES
        .get_dir("scenarios")
        .map(|dir| {
            dir.files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
                .filter_map(|f| f.path().file_stem()?.to_str())
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable();
    names
}

/// The built-in scenario `name` (`torkham-closed`), named as in the repository, with
/// its text; `None` where no scenario of that name ships.
pub fn builtin_scenario(name: &str) -> Option<(String, String)> {
    let rest = format!("scenarios/{name}.toml");
    let file = embedded_file(&rest)?;
    Some((file.name, file.text.ok()?))
}

/// A file of the built-in dataset, named as in the repository; `None` where it has
/// no such file.
fn embedded_file(rest: &str) -> Option<SourceFile> {
    EMBEDDED_ROUTES.get_file(rest).map(|file| SourceFile {
        name: format!("routes/{rest}"),
        text: decode(file.contents().to_vec()),
    })
}
/// One country of the prepared base map: name, label point bits, ring lengths.
type PreparedCountry = (
    &'static str,
    Option<(u64, u64)>,
    &'static [&'static [usize]],
);

/// The built-in base map as build.rs prepared it (checked, its GeoJSON read, its
/// label points worked out): per country in file order, (name, label point as
/// (latitude bits, longitude bits), the coordinate count of each ring of each
/// polygon, exterior first).
const EMBEDDED_COUNTRIES: &[PreparedCountry] =
    include!(concat!(env!("OUT_DIR"), "/basemap_countries.rs"));
/// Its coordinates in that order, x then y, little-endian f64.
static EMBEDDED_COORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/basemap_coords.bin"));

/// The built-in base map: the same as parsing routes/basemap/countries.geojson (a
/// test holds it), from the form build.rs prepared.
pub(super) fn basemap() -> crate::basemap::Basemap {
    use geo::{Coord, LineString, MultiPolygon, Polygon};
    let mut values = EMBEDDED_COORDS
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")));
    let mut coord = || Coord {
        x: values.next().expect("build.rs wrote every coordinate"),
        y: values.next().expect("build.rs wrote every coordinate"),
    };
    let countries = EMBEDDED_COUNTRIES
        .iter()
        .map(|&(name, _, polygons)| {
            let polygons = polygons.iter().map(|rings| {
                let mut rings = rings
                    .iter()
                    .map(|&n| LineString((0..n).map(|_| coord()).collect()));
                let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
                Polygon::new(exterior, rings.collect())
            });
            crate::basemap::Country::new(name.to_string(), MultiPolygon(polygons.collect()))
        })
        .collect();
    let map = crate::basemap::Basemap { countries };
    map.remember_label_points(&embedded_label_points());
    map
}

/// The built-in base map's label points, (name, point) per country in file order, as
/// build.rs worked them out when the binary was built.
pub fn embedded_label_points() -> Vec<(&'static str, Option<crate::model::LatLon>)> {
    EMBEDDED_COUNTRIES
        .iter()
        .map(|&(name, point, _)| {
            let point = point.map(|(lat, lon)| {
                crate::model::LatLon::new(f64::from_bits(lat), f64::from_bits(lon))
            });
            (name, point)
        })
        .collect()
}

/// The built-in dataset as build.rs loaded and validated it with [`load`], in
/// postcard; empty where build.rs found problems.
static PREPARED_DATASET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dataset.postcard"));

/// The built-in dataset: the form build.rs prepared (parsing and validating TOML
/// takes most of a query's time), or where it found problems, loaded now so that they
/// are reported as for any dataset.
pub fn dataset() -> Result<Dataset, Problems> {
    dataset_from(PREPARED_DATASET)
}

/// The dataset `prepared` holds, else (empty where build.rs found problems) the one
/// loaded from the files.
fn dataset_from(prepared: &[u8]) -> Result<Dataset, Problems> {
    postcard::from_bytes(prepared).map_or_else(|_| dataset_from_files(), Ok)
}

/// The dataset build.rs prepared; `None` where it found problems.
pub fn prepared_dataset() -> Option<Dataset> {
    postcard::from_bytes(PREPARED_DATASET).ok()
}

/// The built-in dataset loaded from its compiled-in TOML files now, as `--routes`
/// loads a directory.
pub fn dataset_from_files() -> Result<Dataset, Problems> {
    load(&DatasetFiles::embedded())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where build.rs found problems it leaves the prepared form empty: the dataset
    /// is then loaded from its files, so that `check` reports the problems.
    #[test]
    fn without_a_prepared_form_the_files_are_loaded() {
        let from_files = dataset_from_files().map_err(|p| p.to_string());
        assert_eq!(dataset_from(&[]).map_err(|p| p.to_string()), from_files);
        assert!(dataset_from(&[0xff; 3]).is_ok());
    }
}

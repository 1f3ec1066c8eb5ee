//! Validates the built-in dataset and base map when the binary is built, and prepares
//! them so that the binary neither parses TOML or GeoJSON nor works out label points
//! at start. It runs the binary's own loader (src/load/, src/model.rs ...), so the
//! prepared forms are what run-time loading gives (tests/all/dataset.rs holds it).
//!
//! - `$OUT_DIR/dataset.postcard`: the validated dataset of routes/ (`load`'s
//!   [`model::Dataset`]) in postcard; empty where the dataset has problems: the binary
//!   then loads routes/ at run time and reports them as for any dataset.
//! - `$OUT_DIR/basemap_countries.rs`: per country in file order, `(name, label
//!   point as Some((latitude bits, longitude bits)), the number of coordinates of
//!   each ring of each polygon, exterior first)`;
//! - `$OUT_DIR/basemap_coords.bin`: every coordinate in that order, x (longitude)
//!   then y (latitude), as little-endian f64.

// The binary's modules, of which the build uses only a part.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

#[path = "src/basemap.rs"]
mod basemap;
#[path = "src/geodesy.rs"]
mod geodesy;
#[path = "src/lengths.rs"]
mod lengths;
#[path = "src/model.rs"]
mod model;
#[path = "src/wording.rs"]
mod wording;

// The loader's modules (src/load/), at the root here so that their `super::` paths
// find each other as they do there.
#[path = "src/load/claims.rs"]
mod claims;
#[path = "src/load/dataset.rs"]
mod dataset;
#[path = "src/load/diagnostic.rs"]
mod diagnostic;
#[path = "src/load/evidence.rs"]
mod evidence;
#[path = "src/load/files.rs"]
mod files;
#[path = "src/load/outlets.rs"]
mod outlets;
#[path = "src/load/parse.rs"]
mod parse;
#[path = "src/load/raw.rs"]
mod raw;
#[path = "src/load/syntax.rs"]
mod syntax;
#[path = "src/load/travel.rs"]
mod travel;
#[path = "src/load/validate.rs"]
mod validate;

const BASEMAP: &str = "routes/basemap/countries.geojson";

fn main() {
    // cargo only knows to rebuild for the files it is told about (`include_dir!`
    // compiles routes/ into the binary too).
    for path in [
        "routes",
        "src/load",
        "src/model.rs",
        "src/lengths.rs",
        "src/geodesy.rs",
        "src/basemap.rs",
        "src/wording.rs",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("cargo sets OUT_DIR"));
    let out_dir = Path::new(&out_dir);
    write(&out_dir.join("dataset.postcard"), &prepared_dataset());
    let (countries, coords) = prepared_basemap();
    write(&out_dir.join("basemap_countries.rs"), countries.as_bytes());
    write(&out_dir.join("basemap_coords.bin"), &coords);
}

/// The dataset of routes/ (named `routes/...` as the binary names its built-in
/// files), validated, in postcard; nothing where it has problems, which are then
/// reported by the binary as for any dataset.
fn prepared_dataset() -> Vec<u8> {
    match dataset::load(&files::DatasetFiles::from_dir(Path::new("routes"))) {
        Ok(data) => postcard::to_stdvec(&data)
            .unwrap_or_else(|why| fail(&format!("the dataset does not serialise: {why}"))),
        Err(problems) => {
            let n = problems.0.len();
            println!(
                "cargo::warning=routes/ does not validate ({n} problem{}), so the binary \
                 loads it at run time; `cargo run -- check` lists the problems",
                if n == 1 { "" } else { "s" }
            );
            Vec::new()
        }
    }
}

/// The base map, checked and prepared as the module comment says.
fn prepared_basemap() -> (String, Vec<u8>) {
    let text =
        std::fs::read_to_string(BASEMAP).unwrap_or_else(|e| fail(&format!("{BASEMAP}: {e}")));
    let map = basemap::parse(BASEMAP, &text).unwrap_or_else(|why| fail(&why));
    let mut out = String::from("&[\n");
    let mut coords: Vec<u8> = Vec::new();
    for country in &map.countries {
        let point = match country.label_point() {
            Some(p) => format!(
                "Some(({:#018x}, {:#018x}))",
                p.lat_deg.to_bits(),
                p.lon_deg.to_bits()
            ),
            None => "None".into(),
        };
        let mut polygons = String::new();
        for polygon in &country.shape.0 {
            let rings: Vec<String> = std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .map(|ring| {
                    for c in &ring.0 {
                        coords.extend(c.x.to_le_bytes());
                        coords.extend(c.y.to_le_bytes());
                    }
                    ring.0.len().to_string()
                })
                .collect();
            let _ = write!(polygons, "&[{}], ", rings.join(", "));
        }
        let _ = writeln!(out, "    ({:?}, {point}, &[{polygons}]),", country.name);
    }
    out.push_str("]\n");
    (out, coords)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

/// Stops the build with a message (cargo shows a build script's stderr when it fails).
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

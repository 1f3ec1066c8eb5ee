//! Rebuild when the dataset changes: `include_dir!` compiles routes/ into the binary,
//! but cargo only knows to rebuild for files it is told about.
//!
//! The built-in base map is also checked and prepared here, with the same code the
//! binary runs (src/basemap.rs), so that the binary neither parses its GeoJSON nor
//! works out each country's label point (geo's interior point, the slowest step of
//! drawing a map) at run time:
//! - `$OUT_DIR/basemap_countries.rs`: per country in file order, `(name, label
//!   point as Some((latitude bits, longitude bits)), the number of coordinates of
//!   each ring of each polygon, exterior first)`;
//! - `$OUT_DIR/basemap_coords.bin`: every coordinate in that order, x (longitude)
//!   then y (latitude), as little-endian f64.

use std::fmt::Write;

#[allow(dead_code)]
#[path = "src/basemap.rs"]
mod basemap;

/// What src/basemap.rs needs of the crate's model.
mod model {
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct LatLon {
        pub lat_deg: f64,
        pub lon_deg: f64,
    }
}

const BASEMAP: &str = "routes/basemap/countries.geojson";

fn main() {
    println!("cargo:rerun-if-changed=routes");
    println!("cargo:rerun-if-changed=src/basemap.rs");
    let text = std::fs::read_to_string(BASEMAP).unwrap_or_else(|e| panic!("{BASEMAP}: {e}"));
    let map = basemap::parse(BASEMAP, &text).unwrap_or_else(|why| panic!("{why}"));
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
            write!(polygons, "&[{}], ", rings.join(", ")).unwrap();
        }
        writeln!(out, "    ({:?}, {point}, &[{polygons}]),", country.name).unwrap();
    }
    out.push_str("]\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = std::path::Path::new(&dir);
    std::fs::write(dir.join("basemap_countries.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(dir.join("basemap_coords.bin"), coords).expect("OUT_DIR is writable");
}

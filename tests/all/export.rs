//! `corridors export` read back by GDAL (through pyogrio, which bundles it): a reader
//! nobody here wrote. And the route GeoJSON's totals and per-leg time and cost.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::{assert_refused, corridors, json, shipped, stderr, stdout};

/// Reads each file given with pyogrio and prints, per file, the driver, the CRS and
/// every feature's coordinates (x = lon, y = lat) and attributes, as JSON.
const READ_WITH_GDAL: &str = r#"
import json, math, struct, sys
try:
    import pyogrio
    from pyogrio import raw
except ImportError as error:
    print(f"pyogrio is not importable: {error}", file=sys.stderr)
    sys.exit(3)

def plain(value):
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value

def coordinates(wkb):
    wkb = bytes(wkb)
    order = "<" if wkb[0] == 1 else ">"
    kind = struct.unpack(order + "I", wkb[1:5])[0] % 1000
    if kind == 1:
        return [list(struct.unpack(order + "dd", wkb[5:21]))]
    count = struct.unpack(order + "I", wkb[5:9])[0]
    return [list(struct.unpack(order + "dd", wkb[9 + 16 * k : 25 + 16 * k])) for k in range(count)]

files = {}
for path in sys.argv[1:]:
    meta, _, geometry, fields = raw.read(path)
    names = list(meta["fields"])
    rows = []
    for i, wkb in enumerate(geometry):
        props = {name: plain(column[i]) for name, column in zip(names, fields)}
        rows.append({"coords": coordinates(wkb), "props": props})
    files[path] = {"driver": pyogrio.read_info(path)["driver"], "crs": meta.get("crs"),
                   "geometry_type": meta.get("geometry_type"), "rows": rows}
print(json.dumps(files))
"#;

/// Each file as GDAL reads it. Without pyogrio the check is skipped, saying so and how
/// to install it, so that `cargo test` passes on a fresh machine; CI sets
/// CORRIDORS_REQUIRE_GDAL=1 (.ci/run), and there a missing reader fails the test.
fn read_with_gdal(files: &[&Path]) -> Option<Value> {
    let importable = Command::new("python3")
        .args(["-c", "import pyogrio"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !importable && std::env::var_os("CORRIDORS_REQUIRE_GDAL").is_none() {
        eprintln!(
            "SKIPPED: reading the export back with GDAL: pyogrio is not installed \
             (`python3 -m pip install pyogrio`; CI requires it)"
        );
        return None;
    }
    let output = Command::new("python3")
        .arg("-c")
        .arg(READ_WITH_GDAL)
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "python3 does not run ({e}); install Python 3 and `python3 -m pip install pyogrio`"
            )
        });
    assert!(
        output.status.success(),
        "reading the export with pyogrio failed: {}\n\
         install the independent reader with `python3 -m pip install pyogrio` (.ci/run does)",
        stderr(&output)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the reader prints JSON"))
}

fn rows<'v>(files: &'v Value, path: &Path) -> &'v Vec<Value> {
    files[path.to_str().unwrap()]["rows"]
        .as_array()
        .expect("the file was read")
}

/// The row whose attribute `key` is `value`.
fn row_where<'v>(rows: &'v [Value], key: &str, value: &str) -> &'v Value {
    rows.iter()
        .find(|r| r["props"][key] == value)
        .unwrap_or_else(|| panic!("no feature with {key} = {value}"))
}

fn export_into(dir: &Path, filter: &[&str]) {
    let mut args = vec!["export", "-o", dir.to_str().unwrap()];
    args.extend(filter);
    let output = corridors(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn export_opens_in_gdal_with_every_place_and_segment_and_their_attributes() {
    let data = shipped();
    let temp = tempfile::tempdir().unwrap();
    export_into(temp.path(), &[]);
    let names = [
        "places.geojson",
        "places.fgb",
        "segments.geojson",
        "segments.fgb",
    ];
    let paths: Vec<_> = names.iter().map(|n| temp.path().join(n)).collect();
    let Some(files) = read_with_gdal(&paths.iter().map(|p| p.as_path()).collect::<Vec<_>>()) else {
        return;
    };

    // A known place: Dushanbe, at its dataset position, longitude first.
    let dushanbe = &data.places[crate::place_id(&data, "dushanbe")];
    // A known segment: the Salang road, Pul-e Khumri to Jabal Saraj, and its
    // routing length.
    let salang = data
        .segments
        .iter()
        .find(|s| {
            data.corridors[s.corridor].id == "salang-road"
                && data.places[s.from].id == "pul-i-khumri"
        })
        .expect("the shipped Salang segment");
    for (path, name) in paths.iter().zip(names) {
        let file = &files[path.to_str().unwrap()];
        let driver = if name.ends_with(".fgb") {
            "FlatGeobuf"
        } else {
            "GeoJSON"
        };
        assert_eq!(file["driver"], driver, "{name}");
        assert_eq!(file["crs"], "EPSG:4326", "{name}");
        let rows = rows(&files, path);
        if name.starts_with("places") {
            assert_eq!(file["geometry_type"], "Point", "{name}");
            assert_eq!(rows.len(), data.places.len(), "{name}");
            let row = row_where(rows, "id", "dushanbe");
            let [lon, lat] =
                [&row["coords"][0][0], &row["coords"][0][1]].map(|v| v.as_f64().unwrap());
            assert!(
                (lon - dushanbe.position.lon_deg).abs() < 1e-9,
                "{name}: lon {lon}"
            );
            assert!(
                (lat - dushanbe.position.lat_deg).abs() < 1e-9,
                "{name}: lat {lat}"
            );
            // lon/lat, not lat/lon: Dushanbe is at about 68.8 E, 38.6 N.
            assert!(
                (lon - 68.8).abs() < 0.2 && (lat - 38.56).abs() < 0.2,
                "{name}"
            );
            assert_eq!(row["props"]["country"], "TJ", "{name}");
            assert_eq!(row["props"]["kind"], "city", "{name}");
        } else {
            assert_eq!(file["geometry_type"], "LineString", "{name}");
            assert_eq!(rows.len(), data.segments.len(), "{name}");
            let row = rows
                .iter()
                .find(|r| {
                    r["props"]["corridor"] == "salang-road" && r["props"]["from"] == "pul-i-khumri"
                })
                .expect("the Salang segment in the export");
            let props = &row["props"];
            assert_eq!(props["mode"], "road", "{name}");
            assert_eq!(props["status"], "operational", "{name}");
            assert_eq!(
                props["length_basis"],
                salang.length_basis().as_str(),
                "{name}"
            );
            let km = props["length_km"].as_f64().unwrap();
            assert!(
                (km - salang.routing_length_km()).abs() < 1e-9,
                "{name}: {km} km"
            );
            // The line runs from its start place through every shape point to its end.
            let coords = row["coords"].as_array().unwrap();
            assert_eq!(coords.len(), salang.shape.len() + 2, "{name}");
            let start = data.places[salang.from].position;
            assert!(
                (coords[0][0].as_f64().unwrap() - start.lon_deg).abs() < 1e-9,
                "{name}"
            );
            assert!(
                (coords[0][1].as_f64().unwrap() - start.lat_deg).abs() < 1e-9,
                "{name}"
            );
        }
    }
}

#[test]
fn export_with_a_filter_keeps_the_segments_the_filter_admits() {
    let data = shipped();
    let temp = tempfile::tempdir().unwrap();
    export_into(temp.path(), &["--mode", "rail", "--avoid-country", "AF"]);
    let segments = temp.path().join("segments.fgb");
    let places = temp.path().join("places.fgb");
    let Some(files) = read_with_gdal(&[&segments, &places]) else {
        return;
    };
    let expected = data
        .segments
        .iter()
        .filter(|s| {
            s.mode == corridors::model::Mode::Rail
                && data.places[s.from].country != "AF"
                && data.places[s.to].country != "AF"
        })
        .count();
    let rows = rows(&files, &segments);
    assert!(expected > 0 && expected < data.segments.len());
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|r| r["props"]["mode"] == "rail"));
    // Places: the ends of the railway segments kept, none in Afghanistan.
    let places = self::rows(&files, &places);
    assert!(!places.is_empty() && places.len() < data.places.len());
    assert!(places.iter().all(|r| r["props"]["country"] != "AF"));
}

#[test]
fn export_refuses_a_file_it_did_not_write_and_a_dataset_directory() {
    let temp = tempfile::tempdir().unwrap();
    export_into(temp.path(), &[]);
    // Its own files it replaces.
    export_into(temp.path(), &[]);
    let foreign = temp.path().join("segments.geojson");
    std::fs::write(
        &foreign,
        "{\"type\": \"FeatureCollection\", \"features\": []}",
    )
    .unwrap();
    let output = corridors(&["export", "-o", temp.path().to_str().unwrap()]);
    assert_refused(&output, "was not written by `corridors export`");
    // Refused before anything is written: the stranger's file is intact.
    assert!(
        std::fs::read_to_string(&foreign)
            .unwrap()
            .contains("\"features\": []")
    );
    let output = corridors(&["export", "-o", "routes/gis"]);
    assert_refused(&output, "writes nothing into a dataset");
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("routes/gis")
            .exists()
    );
}

#[test]
fn route_geojson_carries_the_totals_and_each_legs_time_and_cost() {
    let args = ["route", "dushanbe", "karachi", "--by", "time"];
    let route = &json(&args)["routes"][0];
    let output = corridors(&[&args[..], &["--format", "geojson"]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let collection: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let totals = &collection["properties"];
    for (key, expected) in [
        ("distance_km", &route["distance_km"]),
        ("duration_h", &route["duration_h"]),
        ("cost_usd_per_t", &route["cost_usd_per_t"]),
        ("countries", &route["countries"]),
    ] {
        assert_eq!(&totals[key], expected, "{key}");
    }
    assert!(totals["duration_h"].as_f64().unwrap() > 0.0);
    // The legs' hours and costs add up to the route's.
    let features = collection["features"].as_array().unwrap();
    assert!(features.len() > 1);
    for (key, total) in [
        ("duration_h", "duration_h"),
        ("cost_usd_per_t", "cost_usd_per_t"),
    ] {
        let sum: f64 = features
            .iter()
            .map(|f| {
                f["properties"][key]
                    .as_f64()
                    .expect("each leg has a figure")
            })
            .sum();
        let total = totals[total].as_f64().unwrap();
        assert!(
            (sum - total).abs() < 1e-6,
            "{key}: legs {sum} vs route {total}"
        );
    }
    assert!(
        features
            .iter()
            .all(|f| f["properties"]["duration_h"].as_f64().unwrap() > 0.0)
    );
}

//! Hostile inputs of a size that once took minutes: each now ends well within a
//! deadline (generous, since tests run unoptimised and side by side; the quadratic
//! versions missed it by far). Time and memory are measured, optimised, by
//! scripts/hostile_inputs.py.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use corridors::load::load_dir;

use crate::{assert_refused, corridors_command, stderr, stdout};

/// Runs the binary, killing it and failing the test if it is still running after
/// `limit_s` seconds.
fn finishes_within(limit_s: u64, args: &[&str]) -> std::process::Output {
    let mut child = corridors_command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes on their own threads so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut bytes).unwrap();
        bytes
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut bytes).unwrap();
        bytes
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(limit_s) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{args:?} still running after {limit_s} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A dataset of `places` places on a line, joined one to the next in one corridor,
/// with `unknown` more segments naming places nobody defined.
fn chain(dir: &Path, places: usize, unknown: usize) -> PathBuf {
    let dataset = dir.join("chain");
    std::fs::create_dir_all(dataset.join("corridors")).unwrap();
    let mut text = String::new();
    for i in 0..places {
        text.push_str(&format!(
            "[[place]]\nid = \"p{i}\"\nname = \"Place {i}\"\ncountry = \"UZ\"\nlat = {:.4}\nlon = 60.0\nkind = \"city\"\nsource = \"generated\"\n\n",
            30.0 + i as f64 * 20.0 / places as f64
        ));
    }
    std::fs::write(dataset.join("places.toml"), text).unwrap();
    let mut text = String::from(
        "id = \"chain\"\nname = \"Chain\"\nmode = \"road\"\nstatus = \"operational\"\nsources = [\"generated\"]\n",
    );
    for i in 1..places {
        text.push_str(&format!(
            "[[segment]]\nfrom = \"p{}\"\nto = \"p{i}\"\n",
            i - 1
        ));
    }
    for i in 0..unknown {
        text.push_str(&format!(
            "[[segment]]\nfrom = \"p{}x{i}\"\nto = \"p{}\"\n",
            i % places,
            i % places
        ));
    }
    std::fs::write(dataset.join("corridors/chain.toml"), text).unwrap();
    dataset
}

#[test]
fn critical_on_a_chain_of_5000_places_is_linear() {
    // Each of the 9,999 closures counted components and rebuilt the network: a
    // 2,000-place chain took 2.2 s optimised, 20,000 took 3 min 33 s.
    let temp = tempfile::tempdir().unwrap();
    let dataset = chain(temp.path(), 5_000, 0);
    let pairs = temp.path().join("pairs.toml");
    std::fs::write(&pairs, "[[pair]]\nfrom = \"p0\"\nto = \"p4999\"\n").unwrap();
    let output = finishes_within(
        60,
        &[
            "--routes",
            dataset.to_str().unwrap(),
            "critical",
            "--pairs",
            pairs.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let closures = answer["closures"].as_array().unwrap();
    // 4,998 inner places and 4,999 segments, each cutting the one pair.
    assert_eq!(closures.len(), 4_998 + 4_999);
    assert!(closures.iter().all(|c| c["pairs_disconnected"] == 1));
    // The middle segment cuts the most place pairs: 2,500 × 2,500.
    assert_eq!(closures[0]["place_pairs_cut"], 2_500 * 2_500);
}

#[test]
fn ten_thousand_added_segments_between_two_places_are_linear() {
    // Each new link searched every corridor for a free id, for every number tried:
    // 2,000 took 6 s optimised, 10,000 nearly 10 minutes.
    let temp = tempfile::tempdir().unwrap();
    let scenario = temp.path().join("many.toml");
    let entry = "[[add_segment]]\nfrom = \"dushanbe\"\nto = \"termez\"\nmode = \"road\"\nstatus = \"proposed\"\n";
    std::fs::write(
        &scenario,
        format!("name = \"many\"\n{}", entry.repeat(10_000)),
    )
    .unwrap();
    let output = finishes_within(
        60,
        &[
            "--scenario",
            scenario.to_str().unwrap(),
            "list",
            "corridors",
            "--format",
            "csv",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listing = stdout(&output);
    assert!(listing.contains("scenario-dushanbe-termez,"));
    assert!(listing.contains("scenario-dushanbe-termez-10000,"));
    assert!(!listing.contains("scenario-dushanbe-termez-10001,"));
}

#[test]
fn a_scenario_over_1_mib_is_refused_unread() {
    let temp = tempfile::tempdir().unwrap();
    let scenario = temp.path().join("huge.toml");
    std::fs::write(&scenario, "# padding\n".repeat(110_000)).unwrap();
    let output = finishes_within(60, &["--scenario", scenario.to_str().unwrap(), "check"]);
    assert_refused(
        &output,
        "huge.toml: is larger than 1 MiB, the most it may hold",
    );
}

#[test]
fn a_file_of_200_000_broken_lines_reports_the_first_and_counts_the_rest() {
    // The toml crate kept every one of 600,000 errors: 2.5 s and 344 MB optimised.
    let (_temp, dataset) = crate::valid_copy();
    std::fs::write(
        dataset.join("corridors/bad.toml"),
        "= = =\n".repeat(200_000),
    )
    .unwrap();
    let output = finishes_within(60, &["--routes", dataset.to_str().unwrap(), "check"]);
    assert_refused(
        &output,
        "corridors/bad.toml: 400000 syntax errors, the first 99 listed",
    );
    let err = stderr(&output);
    assert!(err.contains("corridors/bad.toml:1:3: extra `=`"), "{err}");
    assert_eq!(err.matches("corridors/bad.toml:").count(), 100, "{err}");
    assert!(!err.contains("not shown"), "{err}");
}

#[test]
fn only_the_first_unknown_places_get_a_did_you_mean() {
    // Each suggestion compares the id with every place; 10,000 unknown ids against
    // 20,000 places took a minute. Hints beyond the printed problems are plain.
    let temp = tempfile::tempdir().unwrap();
    let dataset = chain(temp.path(), 50, 300);
    let problems = load_dir(&dataset).unwrap_err().0;
    assert_eq!(problems.len(), 300);
    let suggested = |p: &corridors::load::Diagnostic| {
        p.hint
            .as_deref()
            .is_some_and(|h| h.contains("did you mean"))
    };
    assert!(problems[..100].iter().all(suggested));
    assert!(!problems[100..].iter().any(suggested));
}

/// `ring` with `times` points on each edge where it had one.
fn densify(ring: &[serde_json::Value], times: usize) -> Vec<serde_json::Value> {
    let xy = |p: &serde_json::Value| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
    let mut out = Vec::new();
    for pair in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (xy(&pair[0]), xy(&pair[1]));
        for k in 0..times {
            let t = k as f64 / times as f64;
            // Five decimals (1 m) keep the file under the 16 MiB a file may hold.
            let round = |v: f64| (v * 1e5).round() / 1e5;
            out.push(serde_json::json!([
                round(x0 + (x1 - x0) * t),
                round(y0 + (y1 - y0) * t)
            ]));
        }
    }
    out.extend(ring.last().cloned());
    out
}

#[test]
fn the_wakhan_gap_on_a_base_map_of_30_times_the_vertices_is_n_log_n() {
    // Every vertex of one outline against every edge of the other: 2.2 s optimised
    // at 10 times the shipped vertices, 37 s on a 790 KB base map.
    let temp = tempfile::tempdir().unwrap();
    let routes = temp.path().join("routes");
    crate::copy_dir(
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("routes"),
        &routes,
    );
    let path = routes.join("basemap/countries.geojson");
    let mut basemap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for feature in basemap["features"].as_array_mut().unwrap() {
        let geometry = &mut feature["geometry"];
        let multi = geometry["type"] == "MultiPolygon";
        let polygons: Vec<&mut serde_json::Value> = if multi {
            geometry["coordinates"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .collect()
        } else {
            vec![&mut geometry["coordinates"]]
        };
        for polygon in polygons {
            for ring in polygon.as_array_mut().unwrap() {
                *ring = serde_json::Value::Array(densify(ring.as_array().unwrap(), 30));
            }
        }
    }
    std::fs::write(&path, basemap.to_string()).unwrap();
    let output = finishes_within(
        60,
        &[
            "--routes",
            routes.to_str().unwrap(),
            "claims",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let gaps: Vec<&serde_json::Value> = answer
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "border-gap")
        .collect();
    assert!(!gaps.is_empty());
    // Points added on the edges move no outline: the gap stays about 16 km.
    for gap in gaps {
        let km = gap["computed"].as_f64().unwrap();
        assert!((10.0..25.0).contains(&km), "{gap}");
    }
}

#[test]
fn two_routes_through_100_vias_are_linear_in_the_vias() {
    // Yen's search over the via-staged graph: 20 vias took 7 s optimised.
    let reached = crate::corridors(&[
        "reach", "dushanbe", "--within", "20000", "--status", "all", "--format", "json",
    ]);
    let reached: serde_json::Value = serde_json::from_str(&stdout(&reached)).unwrap();
    let places: Vec<String> = reached["reached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert!(places.len() >= 100, "{}", places.len());
    let mut args = vec!["route", "dushanbe", "karachi", "-k", "2", "--status", "all"];
    args.extend(places[..100].iter().flat_map(|p| ["--via", p.as_str()]));
    args.extend(["--format", "json"]);
    let output = finishes_within(60, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let routes = answer["routes"].as_array().unwrap();
    assert!(!routes.is_empty());
    // A hundred detours make a long route: far more than the 2,600 km direct.
    assert!(
        routes[0]["distance_km"].as_f64().unwrap() > 10_000.0,
        "{}",
        routes[0]["distance_km"]
    );
}

#[test]
fn a_sparse_network_file_announcing_60_million_nodes_is_refused_before_allocating() {
    // 1 GB long, 4 KB on disk: the header's counts fit the length, so they were
    // believed, 0.5 GB reserved and a gigabyte of zeros parsed before the checksum
    // at the end refused it (3 GB: 29 s and 3.3 GB).
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("sparse.net");
    let size: u64 = 1_000_000_000;
    let mut header = b"corridors network 5\n".to_vec();
    header.extend(1u32.to_le_bytes());
    header.push(b'x');
    header.extend((((size - 100) / 17) as u32).to_le_bytes());
    std::fs::write(&path, header).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(size)
        .unwrap();
    let output = finishes_within(
        20,
        &[
            "route",
            "--network",
            path.to_str().unwrap(),
            "0,0",
            "0,0.001",
        ],
    );
    assert_refused(&output, "checksum does not match its content");
}

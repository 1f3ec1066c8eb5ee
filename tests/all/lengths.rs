//! Lengths on the ground: the shipped network against published town-to-town
//! distances (routes/evidence.toml), and the detour-factor estimate against the
//! published section lengths it leaves out.

use corridors::analysis::evidence::{self, Verdict};
use corridors::lengths::{self, Sample};
use corridors::load;
use corridors::model::{DetourFactors, LengthBasis, Mode, Terrain};

use crate::corridors as run;

#[test]
fn published_distances_route_within_ten_percent() {
    let data = load::load_embedded().expect("the shipped dataset loads");
    assert!(
        data.evidence.len() >= 100,
        "at least 100 published distances, found {}",
        data.evidence.len()
    );
    for mode in [Mode::Road, Mode::Rail] {
        assert!(
            data.evidence.iter().filter(|d| d.mode == mode).count() >= 20,
            "at least 20 {mode} distances"
        );
    }
    let report = evidence::check_all(&data, &data.evidence);
    let misses: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.verdict != Verdict::Within)
        .map(|c| {
            format!(
                "{} → {} ({}): published {} km, routed {:?} km, {:?}",
                c.from, c.to, c.mode, c.published_km, c.routed_km, c.verdict
            )
        })
        .collect();
    let share = report.within as f64 / report.checks.len() as f64;
    assert!(
        share >= 0.9,
        "{:.1}% within 10% (need 90%); misses:\n{}",
        share * 100.0,
        misses.join("\n")
    );
    assert_eq!(
        report.no_route,
        0,
        "every pair routable:\n{}",
        misses.join("\n")
    );
    let worst = report.worst_long_pct.unwrap_or(0.0);
    assert!(
        worst <= 25.0,
        "a route {worst:.0}% over its published range:\n{}",
        misses.join("\n")
    );
}

/// `leave_one_out` sorts each group once instead of refitting per segment: it must
/// give exactly what a refit on all the other published segments gives.
#[test]
fn leave_one_out_equals_a_refit_without_each_segment() {
    let data = load::load_embedded().unwrap();
    let samples: Vec<(usize, Sample)> = data
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.published_length_km.map(|published_km| {
                let sample = Sample {
                    mode: s.mode,
                    terrain: s.terrain,
                    geodesic_km: s.measured_length_km,
                    published_km,
                };
                (i, sample)
            })
        })
        .collect();
    let refit: Vec<(usize, f64)> = samples
        .iter()
        .filter_map(|&(segment, left)| {
            let others = samples
                .iter()
                .filter(|(j, _)| *j != segment)
                .map(|&(_, x)| x);
            DetourFactors::fit(others)
                .estimate_km(left.mode, left.terrain, left.geodesic_km)
                .map(|km| (segment, km))
        })
        .collect();
    let fast: Vec<(usize, f64)> = lengths::leave_one_out(&data.segments)
        .iter()
        .map(|l| (l.segment, l.estimated_km))
        .collect();
    assert!(!fast.is_empty());
    assert_eq!(
        fast.iter()
            .map(|&(s, km)| (s, km.to_bits()))
            .collect::<Vec<_>>(),
        refit
            .iter()
            .map(|&(s, km)| (s, km.to_bits()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn estimates_hold_out_better_than_straight_lines() {
    let data = load::load_embedded().unwrap();
    let left_out = lengths::leave_one_out(&data.segments);
    assert!(
        left_out.len() >= 100,
        "{} published segments estimated",
        left_out.len()
    );
    let (median_pct, p90_pct) = lengths::error_summary_pct(&left_out).unwrap();
    // The straight line along the shape points, the tool's old length, on the same segments.
    let mut straight: Vec<f64> = left_out
        .iter()
        .map(|l| {
            let s = &data.segments[l.segment];
            ((s.measured_length_km - l.published_km) / l.published_km * 100.0).abs()
        })
        .collect();
    straight.sort_by(f64::total_cmp);
    let straight_median_pct = straight[straight.len() / 2];
    assert!(
        median_pct < 10.0 && p90_pct < 30.0,
        "leave-one-out error: median {median_pct:.1}%, 90th percentile {p90_pct:.1}%"
    );
    assert!(
        median_pct < straight_median_pct * 0.75,
        "the estimate (median error {median_pct:.1}%) must beat straight lines ({straight_median_pct:.1}%)"
    );
    // Signed errors centre near zero: the factor is not biased short or long.
    let mut signed: Vec<f64> = left_out.iter().map(|l| l.error_pct()).collect();
    signed.sort_by(f64::total_cmp);
    let signed_median = signed[signed.len() / 2];
    assert!(
        signed_median.abs() < 3.0,
        "median signed error {signed_median:.1}%"
    );
}

#[test]
fn every_unpublished_road_and_rail_segment_is_estimated_with_a_terrain() {
    let data = load::load_embedded().unwrap();
    for s in &data.segments {
        if matches!(s.mode, Mode::Road | Mode::Rail) {
            let ends = format!(
                "{} → {} ({})",
                data.places[s.from].id, data.places[s.to].id, data.corridors[s.corridor].id
            );
            assert!(s.terrain.is_some(), "{ends} states no terrain");
            assert_ne!(
                s.length_basis(),
                LengthBasis::Measured,
                "{ends} is a straight line"
            );
            assert!(
                s.routing_length_km() >= s.measured_length_km - 1e-9
                    || s.published_length_km.is_some()
            );
        }
    }
}

#[test]
fn the_fit_takes_the_median_of_its_group_and_falls_back_to_the_mode() {
    let sample = |terrain, geodesic_km, published_km| Sample {
        mode: Mode::Road,
        terrain: Some(terrain),
        geodesic_km,
        published_km,
    };
    let mut samples = vec![
        sample(Terrain::Mountain, 100.0, 150.0),
        sample(Terrain::Mountain, 100.0, 140.0),
        sample(Terrain::Mountain, 50.0, 80.0), // 1.6
        sample(Terrain::Mountain, 100.0, 130.0),
        sample(Terrain::Mountain, 100.0, 900.0), // an outlier the median ignores
    ];
    samples.extend([
        sample(Terrain::Plain, 100.0, 110.0),
        sample(Terrain::Plain, 100.0, 112.0),
    ]);
    let factors = DetourFactors::fit(samples.into_iter());
    // Mountain: ratios 1.3, 1.4, 1.5, 1.6, 9.0 → 1.5.
    assert_eq!(
        factors.estimate_km(Mode::Road, Some(Terrain::Mountain), 10.0),
        Some(15.0)
    );
    // Plain has two samples, too few: the mode's factor over all seven, 1.4.
    assert_eq!(
        factors.estimate_km(Mode::Road, Some(Terrain::Plain), 10.0),
        Some(14.0)
    );
    // No rail samples at all: no estimate.
    assert_eq!(factors.estimate_km(Mode::Rail, None, 10.0), None);
}

#[test]
fn check_prints_the_factors_their_error_and_what_the_km_stand_on() {
    let out = run(&["check"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("km published ("), "{text}");
    assert!(text.contains("leave-one-out error on"), "{text}");
    assert!(text.contains("  road: plain "), "{text}");
}

#[test]
fn a_published_length_far_over_the_straight_line_is_a_warning_naming_the_segment() {
    let (_temp, routes) = crate::valid_copy();
    let file = routes.join("corridors/dushanbe-termez-road.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Dushanbe–Termez is 196 km in a straight line: 600 km is 3.1 times that.
    let text = text.replacen(
        "to = \"termez\"",
        "to = \"termez\"\nlength_km = 600\nsource = \"test\"",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = run(&["--routes", routes.to_str().unwrap(), "check"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "a warning, not an error");
    assert!(
        text.contains("warning:")
            && text.contains("segment dushanbe → termez: the published 600 km is 3.1 ×"),
        "{text}"
    );
}

#[test]
fn evidence_command_lists_every_distance_with_a_verdict() {
    let out = run(&["evidence", "--format", "json"]);
    assert!(out.status.success());
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks = answer["checks"].as_array().unwrap();
    let data = load::load_embedded().unwrap();
    assert_eq!(checks.len(), data.evidence.len());
    let within = checks.iter().filter(|c| c["verdict"] == "within").count();
    assert_eq!(answer["within"].as_u64().unwrap() as usize, within);
    // Each routed figure is the route's own distance.
    let first = &checks[0];
    let route = crate::json(&[
        "route",
        first["from"].as_str().unwrap(),
        first["to"].as_str().unwrap(),
        "--mode",
        first["mode"].as_str().unwrap(),
        "--status",
        "all",
    ]);
    let km = route["routes"][0]["distance_km"].as_f64().unwrap();
    assert!((km - first["routed_km"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn evidence_counts_apart_the_rows_that_restate_a_segments_own_length() {
    let answer = crate::json(&["evidence"]);
    let checks = answer["checks"].as_array().unwrap();
    let row = |from: &str, to: &str| {
        checks
            .iter()
            .find(|c| c["from"] == from && c["to"] == to)
            .unwrap_or_else(|| panic!("no row {from}–{to}"))
    };
    // Quetta–Machh's 70 km is the Machh–Quetta segment's own published length (the
    // same Wikipedia sentence); Karachi–Chaman runs over many segments.
    assert_eq!(row("quetta", "machh")["restates_segment"], true);
    assert_eq!(row("karachi", "chaman")["restates_segment"], false);
    let independent: Vec<_> = checks
        .iter()
        .filter(|c| c["restates_segment"] == false)
        .collect();
    assert_eq!(
        answer["independent"].as_u64().unwrap() as usize,
        independent.len()
    );
    let within = independent
        .iter()
        .filter(|c| c["verdict"] == "within")
        .count();
    assert_eq!(
        answer["independent_within"].as_u64().unwrap() as usize,
        within
    );
    // Every restating row does pass: that is why it is counted apart.
    assert!(
        checks
            .iter()
            .filter(|c| c["restates_segment"] == true)
            .all(|c| c["verdict"] == "within")
    );
    assert!(independent.len() < checks.len() && independent.len() > 100);
}

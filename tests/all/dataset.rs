//! The shipped dataset: clean, and close to the figures its sources publish.

use corridors::compare::{CompareOptions, compare, corridor_metrics};

use crate::shipped as data;

#[test]
fn loads_and_every_corridor_has_sources() {
    let data = data();
    assert!(data.places.len() > 150);
    assert!(data.corridors.len() > 50);
    assert!(data.corridors.iter().all(|c| !c.sources.is_empty()));
}

/// Asserts that each corridor's length on the ground (published and estimated
/// sections) is within `tolerance_pct` of its published total.
fn assert_within(ids: &[&str], tolerance_pct: f64) {
    let data = data();
    for id in ids {
        let idx = data
            .corridor_by_id(id)
            .unwrap_or_else(|| panic!("{id} missing"));
        let m = corridor_metrics(&data, idx);
        let diff = m
            .difference_pct
            .unwrap_or_else(|| panic!("{id} has no stated length"));
        assert!(
            diff.abs() <= tolerance_pct,
            "{id}: {:.0} km on the ground vs stated {:?}: {diff:+.1}%",
            m.length_km,
            m.stated_length_km
        );
    }
}

#[test]
fn measured_lengths_are_within_15_percent_of_published() {
    assert_within(
        &[
            "tapi-gas-pipeline",
            "casa-1000-hvdc",
            "hairatan-mazar-railway",
        ],
        15.0,
    );
}

/// Mountain roads as straight lines between gazetteer towns came out 25–32% short
/// (KKH 882 of 1,300 km, Pamir Highway 931 of 1,252 km); with published section
/// lengths and the mountain detour factor they are within 10% (−7% and +3%).
#[test]
fn mountain_roads_are_within_10_percent_of_published() {
    assert_within(&["karakoram-highway", "pamir-highway"], 10.0);
}

/// The proposed Trans-Afghan railway follows its 2022 survey's alignment (Kabul,
/// Jalalabad, Torkham), whose 780 km the estimate from mountain and hill factors
/// should meet.
#[test]
fn the_trans_afghan_railway_is_within_10_percent_of_its_survey() {
    assert_within(&["trans-afghan-railway"], 10.0);
}

#[test]
fn the_papers_corridors_are_all_there() {
    let data = data();
    for id in [
        "dushanbe-karachi-road",
        "termez-karachi-road",
        "n5-national-highway",
        "indus-highway-n55",
        "wakhan-corridor-road",
        "karakoram-highway",
        "karakoram-highway-to-almaty",
        "pamir-highway",
        "murghab-kulma-road",
        "termez-peshawar-railway",
        "hairatan-mazar-railway",
        "peshawar-kunduz-tajikistan-railroad",
        "tapi-gas-pipeline",
        "casa-1000-hvdc",
        "chardzhou-pakistan-oil-pipeline",
        "quetta-herat-mary-route",
        "quetta-ashgabat-road",
        "quetta-zahedan-railway",
        "kazakhstan-turkmenistan-iran-railway",
        "eco-container-train",
        "cpec-khorgos-gwadar-axis",
    ] {
        assert!(data.corridor_by_id(id).is_some(), "{id} missing");
    }
}

#[test]
fn statuses_of_tapi_sections_differ() {
    let data = data();
    let m = corridor_metrics(&data, data.corridor_by_id("tapi-gas-pipeline").unwrap());
    assert!(m.km_by_status.operational > 0.0);
    assert!(m.km_by_status.under_construction > 0.0);
    assert!(m.km_by_status.proposed > 0.0);
    assert_eq!(m.countries, ["TM", "AF", "PK", "IN"]);
}

#[test]
fn through_route_length_is_the_sum_of_its_parts() {
    let data = data();
    let whole = corridor_metrics(&data, data.corridor_by_id("dushanbe-karachi-road").unwrap());
    let parts: f64 = [
        "dushanbe-pul-i-khumri-road",
        "salang-road",
        "kabul-torkham-road",
        "n5-national-highway",
    ]
    .iter()
    .map(|id| corridor_metrics(&data, data.corridor_by_id(id).unwrap()).length_km)
    .sum();
    assert!((whole.length_km - parts).abs() < 1e-6);
    assert_eq!(whole.from, "dushanbe");
    assert_eq!(whole.to, "karachi");
    assert_eq!(whole.countries, ["TJ", "AF", "PK"]);
}

#[test]
fn great_circle_and_circuity_are_consistent() {
    let data = data();
    for m in compare(&data, &CompareOptions::default()) {
        assert!(
            m.great_circle_km <= m.length_km + 1e-6,
            "{}: straight line longer than the corridor",
            m.id
        );
        if let Some(c) = m.circuity {
            assert!((c - m.length_km / m.great_circle_km).abs() < 1e-9);
            assert!(c >= 1.0 - 1e-9, "{}", m.id);
        }
    }
}

/// The first item where two lists differ, by its position and `name`.
fn first_difference<T: PartialEq>(
    what: &str,
    prepared: &[T],
    loaded: &[T],
    name: impl Fn(&T) -> String,
) -> Option<String> {
    if prepared.len() != loaded.len() {
        return Some(format!(
            "{what}: {} prepared, {} loaded",
            prepared.len(),
            loaded.len()
        ));
    }
    let i = prepared.iter().zip(loaded).position(|(a, b)| a != b)?;
    Some(format!("{what} {i} ({}) differs", name(&loaded[i])))
}

/// The built-in dataset as build.rs validated and stored it is, field for field, what
/// loading routes/ from its TOML files gives now (the run-time path of `--routes`).
#[test]
fn the_dataset_build_rs_prepared_is_what_loading_its_files_gives() {
    use corridors::load;
    let prepared = load::prepared_dataset().expect("build.rs prepared the built-in dataset");
    let loaded = load::dataset_from_files().unwrap_or_else(|problems| panic!("{problems}"));
    let differences: Vec<String> = [
        first_difference("place", &prepared.places, &loaded.places, |p| p.id.clone()),
        first_difference("corridor", &prepared.corridors, &loaded.corridors, |c| {
            c.id.clone()
        }),
        first_difference("segment", &prepared.segments, &loaded.segments, |s| {
            format!("of corridor {}", loaded.corridors[s.corridor].id)
        }),
        first_difference("claim", &prepared.claims, &loaded.claims, |c| c.id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(differences.is_empty(), "{differences:#?}");
    // Everything else too: travel figures, outlets, evidence, detour factors.
    assert!(
        prepared == loaded,
        "the prepared dataset differs from the loaded one"
    );
}

/// The binary answers the same from its built-in dataset as from routes/ given with
/// `--routes` (validated at run time, its files named alike): the check's statistics
/// and warnings, a comparison and a route.
#[test]
fn built_in_and_run_time_loaded_routes_answer_alike() {
    for args in [
        vec!["check"],
        vec!["compare", "--format", "json"],
        vec![
            "route", "dushanbe", "karachi", "--by", "time", "--format", "json",
        ],
    ] {
        let built_in = crate::corridors(&args);
        let mut from_dir = vec!["--routes", "routes"];
        from_dir.extend(&args);
        let loaded = crate::corridors(&from_dir);
        assert_eq!(
            built_in.status.code(),
            Some(0),
            "{}",
            crate::stderr(&built_in)
        );
        assert_eq!(crate::stdout(&built_in), crate::stdout(&loaded), "{args:?}");
        assert_eq!(crate::stderr(&built_in), crate::stderr(&loaded), "{args:?}");
    }
}

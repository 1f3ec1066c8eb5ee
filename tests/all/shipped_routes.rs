//! Routing on the shipped dataset, through the binary as a user runs it: the
//! questions the papers ask, the exit codes, and every output format.

use serde_json::Value;

use crate::{corridors, json};

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// The corridors a route's legs use, with the through routes that include them.
fn corridors_used(route: &Value) -> Vec<String> {
    let mut used = Vec::new();
    for leg in route["legs"].as_array().unwrap() {
        used.push(leg["corridor"].as_str().unwrap().to_string());
        used.extend(strings(&leg["part_of"]));
    }
    used
}

#[test]
fn dushanbe_karachi_by_road_on_operational_links_goes_through_afghanistan() {
    let answer = json(&["route", "dushanbe", "karachi", "--mode", "road"]);
    assert_eq!(answer["from"], "dushanbe");
    assert_eq!(answer["by"], "distance");
    let route = &answer["routes"][0];
    assert_eq!(strings(&route["countries"]), ["TJ", "AF", "PK"]);
    let km = route["distance_km"].as_f64().unwrap();
    // Longer than the great circle, and the legs add up to it.
    assert!(km > route["great_circle_km"].as_f64().unwrap());
    let last_leg = route["legs"].as_array().unwrap().last().unwrap();
    assert!((last_leg["cumulative_km"].as_f64().unwrap() - km).abs() < 1e-6);
    assert_eq!(last_leg["to"], "karachi");
    let operational = route["km_by_status"]["operational"].as_f64().unwrap();
    assert!((operational - km).abs() < 1e-6, "operational links only");
}

#[test]
fn avoiding_afghanistan_dushanbe_karachi_goes_through_china_or_iran() {
    let answer = json(&[
        "route",
        "dushanbe",
        "karachi",
        "--mode",
        "road",
        "--avoid-country",
        "AF",
    ]);
    let route = &answer["routes"][0];
    let countries = strings(&route["countries"]);
    assert!(!countries.contains(&"AF".to_string()), "{countries:?}");
    assert!(
        countries.contains(&"CN".to_string()) || countries.contains(&"IR".to_string()),
        "{countries:?}"
    );
    let crossings: Vec<&str> = route["border_crossings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["crossing"].as_str().unwrap())
        .collect();
    assert!(
        crossings.contains(&"kulma-pass") || crossings.contains(&"khunjerab-pass"),
        "{crossings:?}"
    );
}

#[test]
fn termez_peshawar_by_rail_with_every_status_uses_the_termez_peshawar_railway() {
    let answer = json(&[
        "route", "termez", "peshawar", "--mode", "rail", "--status", "all",
    ]);
    let route = &answer["routes"][0];
    for leg in route["legs"].as_array().unwrap() {
        assert!(
            strings(&leg["part_of"]).contains(&"termez-peshawar-railway".to_string()),
            "{leg}"
        );
    }
    assert!(route["km_by_status"]["proposed"].as_f64().unwrap() > 0.0);
    assert!(corridors_used(route).contains(&"trans-afghan-railway".to_string()));
}

#[test]
fn no_operational_rail_route_exits_1_and_names_the_links_that_would_make_one() {
    let output = corridors(&["route", "mazar-i-sharif", "kabul", "--mode", "rail"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let err = crate::stderr(&output);
    assert!(
        err.contains("no route from Mazar-i-Sharif to Kabul on operational links, by rail"),
        "{err}"
    );
    assert!(
        err.contains("with under-construction and proposed links: ")
            && err.contains("trans-afghan-railway"),
        "{err}"
    );
}

/// TAPI from its gas field to its last station, on pipelines of any status.
const TAPI_ON_THE_PIPELINE: [&str; 7] = [
    "route",
    "galkynysh",
    "fazilka",
    "--mode",
    "pipeline",
    "--status",
    "all",
];

#[test]
fn tapi_can_be_traced_from_galkynysh_to_fazilka_on_the_pipeline() {
    let answer = json(&TAPI_ON_THE_PIPELINE);
    let route = &answer["routes"][0];
    // It starts and ends on TAPI (the 2002 Dauletabad line may carry the middle).
    let legs = route["legs"].as_array().unwrap();
    assert_eq!(legs[0]["corridor"], "tapi-gas-pipeline", "{route}");
    assert_eq!(
        legs[legs.len() - 1]["corridor"],
        "tapi-gas-pipeline",
        "{route}"
    );
    assert_eq!(strings(&route["countries"]), ["TM", "AF", "PK", "IN"]);
    // Pipelines have no speed in travel.toml: no hours are made up.
    assert!(route["duration_h"].is_null());
}

#[test]
fn alternatives_are_distinct_and_no_shorter_than_the_best() {
    let answer = json(&["route", "dushanbe", "karachi", "-k", "3"]);
    let routes = answer["routes"].as_array().unwrap();
    assert_eq!(routes.len(), 3);
    let km: Vec<f64> = routes
        .iter()
        .map(|r| r["distance_km"].as_f64().unwrap())
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "{km:?}");
    assert_ne!(routes[0]["legs"], routes[1]["legs"]);
    assert!(
        answer["alternatives_rule"]
            .as_str()
            .unwrap()
            .contains("80%")
    );
}

#[test]
fn time_reports_hours_with_and_without_border_delay() {
    let answer = json(&["route", "dushanbe", "karachi", "--by", "time"]);
    let route = &answer["routes"][0];
    let total = route["duration_h"].as_f64().unwrap();
    let moving = route["duration_without_delay_h"].as_f64().unwrap();
    let border = route["border_delay_h"].as_f64().unwrap();
    let transfer = route["transfer_h"].as_f64().unwrap();
    assert!((total - (moving + border + transfer)).abs() < 1e-9);
    assert!(border > 0.0, "the route crosses borders");
    let km = route["distance_km"].as_f64().unwrap();
    let swod = route["speed_without_delay_kmh"].as_f64().unwrap();
    assert!((swod - km / moving).abs() < 1e-9);
    assert!(route["speed_with_delay_kmh"].as_f64().unwrap() < swod);
}

#[test]
fn via_places_are_passed_in_order() {
    let answer = json(&[
        "route", "dushanbe", "karachi", "--via", "termez", "--via", "quetta",
    ]);
    let legs = answer["routes"][0]["legs"].as_array().unwrap();
    let places: Vec<&str> = legs
        .iter()
        .flat_map(|l| [l["from"].as_str().unwrap(), l["to"].as_str().unwrap()])
        .collect();
    let termez = places.iter().position(|&p| p == "termez").unwrap();
    let quetta = places.iter().position(|&p| p == "quetta").unwrap();
    assert!(termez < quetta);
    assert_eq!(strings(&answer["via"]), ["termez", "quetta"]);
}

#[test]
fn geojson_is_a_feature_collection_of_lon_lat_line_strings() {
    let output = corridors(&[
        "route", "dushanbe", "karachi", "-k", "2", "--format", "geojson",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let parsed: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(collection) = parsed else {
        panic!("not a FeatureCollection");
    };
    assert!(collection.features.len() >= 2);
    let mut previous_end: Option<(u64, Vec<f64>)> = None;
    for feature in &collection.features {
        let geometry = feature.geometry.as_ref().expect("a geometry");
        let geojson::GeometryValue::LineString { coordinates } = &geometry.value else {
            panic!("legs are LineStrings");
        };
        for position in coordinates {
            let (lon, lat) = (position[0], position[1]);
            // The region: longitude 25–125°E, latitude 20–50°N. Swapped axes would
            // put latitudes of 60–80 in the first place and fail.
            assert!((25.0..125.0).contains(&lon) && (20.0..50.0).contains(&lat));
        }
        let route = feature.property("route").unwrap().as_u64().unwrap();
        let first: Vec<f64> = vec![coordinates[0][0], coordinates[0][1]];
        if let Some((r, end)) = &previous_end
            && *r == route
        {
            assert_eq!(end, &first, "legs join up");
        }
        let end = coordinates.last().unwrap();
        let last: Vec<f64> = vec![end[0], end[1]];
        previous_end = Some((route, last));
    }
    // The first position is Dushanbe, lon then lat.
    let first = &collection.features[0];
    let geojson::GeometryValue::LineString { coordinates } =
        &first.geometry.as_ref().unwrap().value
    else {
        unreachable!()
    };
    assert!((coordinates[0][0] - 68.78).abs() < 0.05 && (coordinates[0][1] - 38.54).abs() < 0.05);
}

#[test]
fn matrix_has_a_null_for_an_unreachable_pair_and_matches_route() {
    let answer = json(&[
        "matrix",
        "--from",
        "dushanbe,tashkent",
        "--to",
        "karachi,galkynysh",
    ]);
    assert_eq!(strings(&answer["from"]), ["dushanbe", "tashkent"]);
    let cells = answer["distance_km"].as_array().unwrap();
    // The Galkynysh gas field has pipelines only: no road, rail or ferry reaches it.
    assert!(cells[0][1].is_null());
    let route = json(&["route", "tashkent", "karachi"]);
    let km = route["routes"][0]["distance_km"].as_f64().unwrap();
    assert!((cells[1][0].as_f64().unwrap() - km).abs() < 0.01);
    // Tables show a dash where JSON has null.
    let table = corridors(&["matrix", "--from", "dushanbe", "--to", "galkynysh"]);
    assert_eq!(table.status.code(), Some(0));
    let text = String::from_utf8(table.stdout).unwrap();
    let row = text.lines().find(|l| l.starts_with("Dushanbe")).unwrap();
    assert!(row.trim_end().ends_with('—'), "{row}");
}

#[test]
fn reach_lists_places_within_the_budget_nearest_first() {
    let answer = json(&["reach", "dushanbe", "--within", "300"]);
    let places = answer["reached"].as_array().unwrap();
    assert!(!places.is_empty());
    let km: Vec<f64> = places
        .iter()
        .map(|p| p["distance_km"].as_f64().unwrap())
        .collect();
    assert!(km.iter().all(|&k| k <= 300.0));
    assert!(km.windows(2).all(|w| w[0] <= w[1]));
    let ids: Vec<&str> = places.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"nizhny-panj"), "{ids:?}");
    assert!(!ids.contains(&"karachi"));
}

#[test]
fn place_names_are_case_insensitive_and_typos_get_suggestions() {
    let by_name = json(&["route", "DUSHANBE", "Mazar-i-Sharif"]);
    assert_eq!(by_name["to"], "mazar-i-sharif");
    let by_alias = json(&["route", "dushanbe", "panji poyon"]);
    assert_eq!(by_alias["to"], "nizhny-panj");

    let output = corridors(&["route", "dushanbe", "karachee"]);
    crate::assert_refused(&output, "unknown place `karachee`; did you mean `karachi`");
}

#[test]
fn by_time_without_figures_for_a_mode_says_what_is_missing() {
    let output = corridors(&[&TAPI_ON_THE_PIPELINE[..], &["--by", "time"]].concat());
    crate::assert_refused(
        &output,
        "--by time: no speed_kmh for pipeline in travel.toml",
    );
}

#[test]
fn in_january_a_route_avoids_the_passes_closed_in_winter_and_without_a_month_it_warns() {
    let args = ["route", "tashkent", "karachi", "--avoid-country", "AF"];
    let crossings = |route: &Value| -> Vec<String> {
        route["border_crossings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["crossing"].as_str().unwrap().to_string())
            .collect()
    };
    // Any month: over Khunjerab, and the answer says the pass is seasonal.
    let any = json(&args);
    let route = &any["routes"][0];
    assert!(
        crossings(route).contains(&"khunjerab-pass".to_string()),
        "{route}"
    );
    let khunjerab = route["seasonal"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["to"] == "sost" || s["from"] == "sost")
        .expect("the Khunjerab segment is listed as seasonal");
    assert_eq!(
        khunjerab["open_months"],
        serde_json::json!([4, 5, 6, 7, 8, 9, 10, 11])
    );
    let text = crate::stdout(&corridors(&args));
    assert!(text.contains("open April–November only"), "{text}");
    // January: Khunjerab (and Kulma) are closed, so the route goes another way.
    let mut january = args.to_vec();
    january.extend(["--month", "1"]);
    let route = &json(&january)["routes"][0];
    assert!(
        !crossings(route).contains(&"khunjerab-pass".to_string()),
        "{route}"
    );
    assert!(route["seasonal"].as_array().unwrap().iter().all(|s| {
        s["open_months"]
            .as_array()
            .is_none_or(|m| m.contains(&serde_json::json!(1)))
    }));
    // The same by date; an impossible date is refused.
    let mut by_date = args.to_vec();
    by_date.extend(["--date", "2027-01-15"]);
    assert_eq!(
        json(&by_date)["routes"][0]["distance_km"],
        route["distance_km"]
    );
    let mut bad = args.to_vec();
    bad.extend(["--date", "2026-02-30"]);
    let output = corridors(&bad);
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::stderr(&output).contains("day 30 is not in that month"));
}

#[test]
fn a_position_far_from_every_place_is_refused_and_a_swapped_one_is_named() {
    // Longitude first by mistake: Dushanbe's 38.56° N 68.78° E typed as 68.78,38.56.
    let output = corridors(&["route", "68.78,38.56", "karachi"]);
    crate::assert_refused(&output, "it looks like longitude first");
    assert!(crate::stderr(&output).contains("38.56,68.78 lies 3 km from Dushanbe"));
    // In the sea, far from anything.
    let output = corridors(&["matrix", "--from", "10,10", "--to", "karachi"]);
    crate::assert_refused(&output, "a position must lie within 50 km of one");
    // Near a place: moved there, as before.
    let answer = json(&["route", "38.56,68.78", "karachi"]);
    assert_eq!(answer["from"], "dushanbe");
}

#[test]
fn a_country_the_dataset_does_not_have_is_refused() {
    let output = corridors(&["route", "dushanbe", "karachi", "--avoid-country", "US"]);
    crate::assert_refused(
        &output,
        "no place of the dataset lies in US; its countries are AF,",
    );
}

#[test]
fn a_route_changes_mode_only_at_terminals_and_max_transfers_caps_the_changes() {
    let data = crate::shipped();
    let terminal = |id: &str| {
        let place = data.places.iter().position(|p| p.id == id).unwrap();
        data.is_terminal(place)
    };
    // It once changed mode 4 times, at towns with no terminal.
    for args in [
        &["route", "dushanbe", "karachi", "--avoid", "torkham"][..],
        &[
            "route",
            "dushanbe",
            "islamabad",
            "--status",
            "all",
            "-k",
            "3",
        ][..],
        &["route", "tashkent", "karachi", "--by", "time"][..],
    ] {
        let answer = json(args);
        for route in answer["routes"].as_array().unwrap() {
            for transfer in route["transfers"].as_array().unwrap() {
                let place = transfer["place"].as_str().unwrap();
                assert!(terminal(place), "{args:?}: a transfer at {place}");
            }
        }
    }
    // By distance a change of mode weighs the km of its hour: Tashkent–Osh once went
    // rail, road, rail, road to save 40 km; it is now the Fergana valley road.
    let osh = json(&["route", "tashkent", "osh"]);
    assert!(osh["routes"][0]["transfers"].as_array().unwrap().is_empty());
    let osh_km = osh["routes"][0]["distance_km"].as_f64().unwrap();
    assert!((400.0..500.0).contains(&osh_km), "{osh_km}");
    let free = json(&["route", "tashkent", "karachi", "--by", "time"]);
    let free_transfers = free["routes"][0]["transfers"].as_array().unwrap().len();
    assert!(free_transfers >= 1, "the fastest route changes mode");
    let capped = json(&[
        "route",
        "tashkent",
        "karachi",
        "--by",
        "time",
        "--max-transfers",
        "0",
    ]);
    let route = &capped["routes"][0];
    assert!(route["transfers"].as_array().unwrap().is_empty());
    let hours = |r: &Value| r["duration_h"].as_f64().unwrap();
    assert!(hours(route) >= hours(&free["routes"][0]));
}

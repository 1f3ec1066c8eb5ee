//! Planner analysis: impact on a hand-made network with known answers, critical
//! places and segments against brute-force closure on random networks, scenario and
//! pairs files with located errors, and the claims recomputed from the dataset.

use corridors::analysis::claims::{self, Verdict};
use corridors::analysis::{Pairs, critical, impact};
use corridors::graph::{CorridorGraph, Filter};
use corridors::model::{Dataset, LatLon, Mode, ModeTravel, Pair, Status, Travel};
use corridors::routing::{self, Metric, Search, Trip, Weights};
use corridors::{geodesy, load, scenario};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::support::{numbered_corridors, place, random_dataset, reaches, segment, sourced};
use crate::{corridors, json, place_id as id, shipped};

/// A–B 100 km and B–D 300 km operational; corridor 2 (proposed) A–C 50 + C–D 60;
/// corridor 3 (under construction) B–E 40, E otherwise unconnected. All road at
/// 50 km/h in one country, so hours are km ÷ 50.
fn hand_made() -> Dataset {
    let mut rng = StdRng::seed_from_u64(7);
    let places = (0..5).map(|i| place(i, "AA", false, &mut rng)).collect();
    let road =
        |corridor, from, to, km: f64, status| segment(corridor, (from, to), Mode::Road, status, km);
    let mut modes = vec![ModeTravel::default(); Mode::ALL.len()];
    modes[Mode::Road.index()].speed_kmh = sourced(50.0);
    Dataset {
        places,
        corridors: numbered_corridors(&[
            (Mode::Road, Status::Operational),
            (Mode::Road, Status::Operational),
            (Mode::Road, Status::Proposed),
            (Mode::Road, Status::UnderConstruction),
        ]),
        segments: vec![
            road(0, 0, 1, 100.0, Status::Operational),
            road(1, 1, 3, 300.0, Status::Operational),
            road(2, 0, 2, 50.0, Status::Proposed),
            road(2, 2, 3, 60.0, Status::Proposed),
            road(3, 1, 4, 40.0, Status::UnderConstruction),
        ],
        travel: Travel {
            modes,
            ..Travel::default()
        },
        ..Dataset::default()
    }
}

#[test]
fn impact_on_a_hand_made_network_gives_the_known_savings() {
    let data = hand_made();
    let pairs = Pairs {
        pairs: vec![
            Pair { from: 0, to: 3 },
            Pair { from: 0, to: 4 },
            Pair { from: 1, to: 3 },
        ],
        origin: "test".into(),
    };
    let result = impact::impact(&data, &Filter::default(), &pairs);
    assert_eq!(result.projects.len(), 2);
    // Corridor 2: A–D 400 → 110 (290 saved); B–D 300 → B–A–C–D 210 (90 saved).
    let c2 = &result.projects[0];
    assert_eq!(c2.project, "c2");
    assert_eq!(c2.rank_km, 1);
    assert!(
        (c2.saved_km_total - 380.0).abs() < 0.01,
        "{}",
        c2.saved_km_total
    );
    assert!((c2.saved_h_total.unwrap() - 380.0 / 50.0).abs() < 0.01);
    assert_eq!(c2.pairs_shorter, 2);
    assert_eq!(c2.newly_connected, 0);
    assert!((c2.unbuilt_km - 110.0).abs() < 1e-9);
    // Corridor 3 only connects E: counted apart, no km saved.
    let c3 = &result.projects[1];
    assert_eq!(c3.project, "c3");
    assert_eq!(c3.newly_connected, 1);
    assert_eq!(c3.saved_km_total, 0.0);
    let to_e = &c3.pairs[1];
    assert_eq!((to_e.before_km, to_e.after_km), (None, Some(140.0)));
    // All built: both effects together.
    assert!((result.all_built.saved_km_total - 380.0).abs() < 0.01);
    assert_eq!(result.all_built.newly_connected, 1);
    // With every status already admitted there is nothing left to build.
    let everything = impact::impact(&data, &Filter::everything(), &pairs);
    assert!(everything.projects.is_empty());
}

/// Pairs of places other than `skip` that `open` connects, counted one by one.
fn brute_connected_pairs(
    data: &Dataset,
    open: &dyn Fn(usize) -> bool,
    skip: Option<usize>,
) -> usize {
    let n = data.places.len();
    let mut count = 0;
    for a in 0..n {
        for b in a + 1..n {
            if Some(a) != skip && Some(b) != skip && reaches(data, open, a, b) {
                count += 1;
            }
        }
    }
    count
}

#[test]
fn critical_places_and_segments_match_brute_force_closure() {
    let mut rng = StdRng::seed_from_u64(2026);
    let filter = Filter::everything();
    for _ in 0..300 {
        let data = random_dataset(&mut rng);
        let network = CorridorGraph::new(&data, &filter);
        let admitted = |s: usize| filter.admits(&data, s);
        let n = data.places.len();
        // A place is an articulation point iff closing it disconnects two others.
        let expected_points: Vec<usize> = (0..n)
            .filter(|&p| {
                let open = |s: usize| {
                    admitted(s) && data.segments[s].from != p && data.segments[s].to != p
                };
                (0..n).any(|a| {
                    (0..n).any(|b| {
                        a != p
                            && b != p
                            && a != b
                            && reaches(&data, &admitted, a, b)
                            && !reaches(&data, &open, a, b)
                    })
                })
            })
            .collect();
        assert_eq!(critical::articulation_points(&network), expected_points);
        // A segment is a bridge iff closing it disconnects its own ends.
        let expected_bridges: Vec<usize> = (0..data.segments.len())
            .filter(|&c| {
                let seg = &data.segments[c];
                admitted(c) && !reaches(&data, &|s| admitted(s) && s != c, seg.from, seg.to)
            })
            .collect();
        assert_eq!(critical::bridges(&network), expected_bridges);
        // Every closure's "place pairs cut" against counting pair by pair, and
        // each key pair it disconnects against a search of the closed network.
        let pairs = Pairs {
            pairs: (0..6)
                .map(|_| Pair {
                    from: rng.random_range(0..n),
                    to: rng.random_range(0..n),
                })
                .filter(|pair| pair.from != pair.to)
                .collect(),
            origin: "random".into(),
        };
        let closures = critical::critical(&data, &filter, &pairs).closures;
        // Every articulation point and bridge is among the closures tried.
        for &p in &expected_points {
            assert!(
                closures
                    .iter()
                    .any(|c| c.closed == critical::Closed::Place(p))
            );
        }
        for &c in &expected_bridges {
            assert!(
                closures
                    .iter()
                    .any(|x| x.closed == critical::Closed::Segment(c))
            );
        }
        for closure in closures {
            let (closed_place, closed_segment) = match closure.closed {
                critical::Closed::Place(p) => (Some(p), None),
                critical::Closed::Segment(c) => (None, Some(c)),
            };
            let open = |s: usize| {
                let seg = &data.segments[s];
                admitted(s)
                    && Some(s) != closed_segment
                    && closed_place.is_none_or(|p| seg.from != p && seg.to != p)
            };
            let before = brute_connected_pairs(&data, &admitted, closed_place);
            let after = brute_connected_pairs(&data, &open, closed_place);
            assert_eq!(closure.place_pairs_cut, before - after, "{}", closure.id);
            for detour in &closure.detours {
                let (from, to) = (id(&data, &detour.pair.from), id(&data, &detour.pair.to));
                let closed_network = CorridorGraph::with_segments(&data, open);
                let weights = Weights::distance(&data);
                let expected = Search::new(&closed_network, &weights)
                    .shortest(&Trip::direct(from, to))
                    .map(|path| routing::summarise(&weights, &path).distance_km);
                match (detour.after_km, expected) {
                    (Some(got), Some(want)) => assert!((got - want).abs() < 1e-9),
                    (got, want) => assert_eq!(got.is_some(), want.is_some(), "{}", closure.id),
                }
            }
        }
    }
}

#[test]
fn closing_torkham_detours_kabul_to_peshawar_via_another_crossing() {
    let data = shipped();
    let pairs = Pairs {
        pairs: vec![Pair {
            from: id(&data, "kabul"),
            to: id(&data, "peshawar"),
        }],
        origin: "test".into(),
    };
    let result = critical::critical(&data, &Filter::default(), &pairs);
    let torkham = result.closures.iter().find(|c| c.id == "torkham").unwrap();
    assert!(
        torkham
            .kinds
            .contains(&critical::ClosureKind::BorderCrossing)
    );
    let detour = &torkham.detours[0];
    // The detour is the route search's own answer with Torkham avoided.
    let avoid = Filter {
        avoid_places: vec![id(&data, "torkham")],
        ..Filter::default()
    };
    let weights = Weights::distance(&data);
    let network = CorridorGraph::new(&data, &avoid);
    let path = Search::new(&network, &weights)
        .shortest(&Trip::direct(pairs.pairs[0].from, pairs.pairs[0].to))
        .unwrap();
    let expected = routing::summarise(&weights, &path).distance_km;
    assert!((detour.after_km.unwrap() - expected).abs() < 0.01);
    assert!(detour.added_km.unwrap() > 100.0);
    assert!(!detour.via.is_empty() && !detour.via.contains(&"torkham".to_string()));
}

const BAD_SCENARIO: &str = r#"name = "Broken"

[close]
countries = ["XX"]
places = ["torkam"]

[[set_status]]
corridor = "wakhan-corridor-rd"
status = "operational"

[[set_status]]
from = "dushanbe"
to = "karachi"
status = "open"

[[add_segment]]
from = "kabul"
to = "peshawar"
status = "proposed"
"#;

#[test]
fn scenario_errors_are_located_by_file_and_line() {
    let data = shipped();
    let problems = load::scenario("s.toml", BAD_SCENARIO, &data)
        .expect_err("the scenario is broken")
        .0;
    let at = |line: usize, words: &str| {
        assert!(
            problems.iter().any(|p| p.file == "s.toml"
                && p.position.map(|(l, _)| l) == Some(line)
                && p.message.contains(words)),
            "no problem at line {line} saying {words:?}: {problems:#?}"
        );
    };
    at(4, "no place of the dataset lies in `XX`");
    at(5, "unknown place `torkam`");
    at(8, "unknown corridor `wakhan-corridor-rd`");
    at(14, "unknown status `open`");
    at(16, "has no `mode`");
    assert!(
        problems
            .iter()
            .any(|p| p.hint.as_deref().is_some_and(|h| h.contains("torkham")))
    );
    // A broken TOML line is located too.
    let syntax = load::scenario("t.toml", "name = \"x\"\n[close\n", &data)
        .unwrap_err()
        .0;
    assert_eq!(syntax[0].position.map(|(l, _)| l), Some(2));
}

#[test]
fn scenarios_change_the_network_every_command_sees() {
    let mut data = shipped();
    let text = "name = \"Test\"\n[close]\ncountries = [\"AF\"]\n\n[[set_status]]\ncorridor = \"wakhan-corridor-road\"\nstatus = \"operational\"\n\n[[add_segment]]\nname = \"Test link\"\nfrom = \"kabul\"\nto = \"peshawar\"\nmode = \"rail\"\nstatus = \"proposed\"\n";
    let parsed = load::scenario("test.toml", text, &data).unwrap();
    let segments_before = data.segments.len();
    scenario::apply(&mut data, &parsed);
    let wakhan = data.corridor_by_id("wakhan-corridor-road").unwrap();
    assert!(
        data.corridors[wakhan]
            .path
            .iter()
            .all(|t| data.segments[t.segment].status == Status::Operational)
    );
    assert_eq!(data.segments.len(), segments_before + 1);
    let added = data.segments.last().unwrap();
    assert_eq!(data.corridors[added.corridor].name, "Test link");
    let expected_km = geodesy::geodesic_km(
        data.places[id(&data, "kabul")].position,
        data.places[id(&data, "peshawar")].position,
    );
    assert!((added.measured_length_km - expected_km).abs() < 1e-9);
    // Afghanistan closed: no admitted segment touches it.
    let filter = Filter::everything();
    for s in 0..data.segments.len() {
        let seg = &data.segments[s];
        if data.places[seg.from].country == "AF" || data.places[seg.to].country == "AF" {
            assert!(!filter.admits(&data, s));
        }
    }
}

#[test]
fn pairs_file_errors_are_located() {
    let data = shipped();
    let text = "[[pair]]\nfrom = \"dushanbe\"\nto = \"karachi\"\n\n[[pair]]\nfrom = \"tashkentt\"\nto = \"gwadar\"\n";
    let problems = load::pairs("p.toml", text, &data).unwrap_err().0;
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].position.map(|(l, _)| l), Some(6));
    let good = load::pairs(
        "p.toml",
        "[[pair]]\nfrom = \"Dushanbe\"\nto = \"Karachi\"\n",
        &data,
    )
    .unwrap();
    assert_eq!(
        good,
        vec![Pair {
            from: id(&data, "dushanbe"),
            to: id(&data, "karachi")
        }]
    );
}

/// The least geodesic distance between the two outlines' vertices: an upper bound
/// on the true gap, and close to it where vertices are dense.
fn vertex_gap_km(basemap: &corridors::basemap::Basemap, a: &str, b: &str) -> f64 {
    let vertices = |name: &str| -> Vec<LatLon> {
        let country = basemap.countries.iter().find(|c| c.name == name).unwrap();
        country
            .shape
            .iter()
            .flat_map(|p| {
                p.exterior()
                    .coords()
                    .map(|c| LatLon::new(c.y, c.x))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (va, vb) = (vertices(a), vertices(b));
    let mut best = f64::INFINITY;
    for p in &va {
        for q in &vb {
            best = best.min(geodesy::geodesic_km(*p, *q));
        }
    }
    best
}

#[test]
fn claims_are_recomputed_from_the_dataset() {
    let data = shipped();
    let basemap = load::basemap(None).unwrap();
    let results = claims::check_all(&data, &basemap);
    assert_eq!(results.len(), data.claims.len());
    let get = |id: &str| results.iter().find(|r| r.id == id).unwrap();

    // Dushanbe–Peshawar: the route search's own shortest operational distance.
    let weights = Weights::distance(&data);
    let network = CorridorGraph::new(&data, &Filter::default());
    let search = Search::new(&network, &weights);
    let km = |from: &str, to: &str| {
        let path = search
            .shortest(&Trip::direct(id(&data, from), id(&data, to)))
            .unwrap();
        routing::summarise(&weights, &path).distance_km
    };
    let peshawar = get("dushanbe-peshawar-land-route");
    assert_eq!(peshawar.stated, 650.0);
    assert!((peshawar.computed.unwrap() - km("dushanbe", "peshawar")).abs() < 1e-9);
    let pct = (peshawar.computed.unwrap() - 650.0) / 650.0 * 100.0;
    assert!((peshawar.difference_pct.unwrap() - pct).abs() < 1e-9);
    assert_eq!(
        peshawar.verdict == Verdict::Consistent,
        pct.abs() <= peshawar.tolerance_pct
    );

    // Sea access: the stated figure comes from outlets.toml.
    let karachi = get("dushanbe-karachi");
    assert_eq!(karachi.stated, 2700.0);
    assert!((karachi.computed.unwrap() - km("dushanbe", "karachi-port")).abs() < 1e-9);

    // TAPI: the sum of its segments' lengths on the ground: published where given,
    // else the geodesic afresh (a pipeline has too few published sections for a
    // detour factor).
    let tapi = &data.corridors[data.corridor_by_id("tapi-gas-pipeline").unwrap()];
    let on_ground: f64 = tapi
        .path
        .iter()
        .map(|t| {
            let segment = &data.segments[t.segment];
            segment
                .published_length_km
                .unwrap_or_else(|| geodesy::polyline_km(data.traversal_points(*t)))
        })
        .sum();
    assert!((get("tapi-length").computed.unwrap() - on_ground).abs() < 1e-6);

    // Wakhan: no more than the nearest vertices, and not far below them.
    let gap = get("wakhan-strip-width").computed.unwrap();
    let vertex_gap = vertex_gap_km(&basemap, "Tajikistan", "Pakistan");
    assert!(
        gap <= vertex_gap + 1e-9 && gap > vertex_gap - 5.0,
        "{gap} vs {vertex_gap}"
    );
    assert!((5.0..40.0).contains(&gap));

    // Rail time ratio: the two fastest routes' hours, recomputed.
    let hours = |filter: &Filter| {
        let weights = Weights::new(&data, Metric::Time, &filter.modes).unwrap();
        let network = CorridorGraph::new(&data, filter);
        let path = Search::new(&network, &weights)
            .shortest(&Trip::direct(id(&data, "termez"), id(&data, "peshawar")))
            .unwrap();
        routing::summarise(&weights, &path).duration_h.unwrap()
    };
    let rail = Filter {
        modes: vec![Mode::Rail],
        statuses: Status::ALL.to_vec(),
        ..Filter::default()
    };
    let ratio = hours(&rail) / hours(&Filter::default());
    assert!((get("termez-peshawar-rail-time").computed.unwrap() - ratio).abs() < 1e-9);

    // Nothing is stored: closing Afghanistan changes the computed figures.
    let mut closed = data.clone();
    let afghanistan = load::scenario(
        "af.toml",
        "name = \"AF\"\n[close]\ncountries = [\"AF\"]\n",
        &closed,
    )
    .unwrap();
    scenario::apply(&mut closed, &afghanistan);
    let after = claims::check_all(&closed, &basemap);
    let peshawar_after = after
        .iter()
        .find(|r| r.id == "dushanbe-peshawar-land-route")
        .unwrap();
    assert!(peshawar_after.computed.unwrap() > peshawar.computed.unwrap() + 100.0);
}

/// A route's km, or `None` where the binary finds no route (exit 1).
fn route_km(args: &[&str]) -> Option<f64> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = corridors(&all);
    match output.status.code() {
        Some(0) => {
            let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            answer["routes"][0]["distance_km"].as_f64()
        }
        Some(1) => None,
        other => panic!("{args:?}: exit {other:?}: {}", crate::stderr(&output)),
    }
}

#[test]
fn every_shipped_scenario_loads_and_changes_the_route() {
    // Each shipped scenario with a route it must change; a new scenario needs one.
    let cases: &[(&str, &[&str])] = &[
        ("afghanistan-closed.toml", &["route", "tashkent", "karachi"]),
        ("torkham-closed.toml", &["route", "kabul", "peshawar"]),
        ("wakhan-road-built.toml", &["route", "khorugh", "chitral"]),
        (
            "termez-peshawar-railway-built.toml",
            &["route", "termez", "peshawar", "--mode", "rail"],
        ),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("routes/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut covered: Vec<String> = cases.iter().map(|(f, _)| f.to_string()).collect();
    covered.sort();
    assert_eq!(files, covered, "every shipped scenario needs a case here");
    for (file, args) in cases {
        let path = format!("routes/scenarios/{file}");
        let mut with: Vec<&str> = vec!["--scenario", &path];
        with.extend(*args);
        let (before, after) = (route_km(args), route_km(&with));
        assert_ne!(before, after, "{file} does not change {args:?}");
    }
    let closed = json(&[
        "--scenario",
        "routes/scenarios/afghanistan-closed.toml",
        "route",
        "dushanbe",
        "karachi",
    ]);
    assert!(closed["filter"]["scenarios"][0] == "Afghanistan closed");
    let route = &closed["routes"][0];
    assert!(
        !route["countries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "AF")
    );
    let plain_km = route_km(&["route", "dushanbe", "karachi"]).unwrap();
    assert!(route["distance_km"].as_f64().unwrap() > plain_km + 100.0);
}

#[test]
fn analysis_commands_answer_in_json_and_explain_bad_files() {
    let impact = json(&["impact"]);
    // The default pairs: every capital to every port, as the output states.
    let pairs = impact["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 15);
    for pair in pairs {
        assert!(
            corridors::analysis::CENTRAL_ASIAN_CAPITALS.contains(&pair["from"].as_str().unwrap())
        );
        assert!(corridors::analysis::PAKISTANI_PORTS.contains(&pair["to"].as_str().unwrap()));
    }
    let stated = impact["pairs_from"].as_str().unwrap();
    for name in ["Dushanbe", "Astana", "Karachi", "Gwadar", "Port Qasim"] {
        assert!(stated.contains(name), "{stated}");
    }
    let projects = impact["projects"].as_array().unwrap();
    assert!(
        projects
            .iter()
            .any(|p| p["project"] == "trans-afghan-railway")
    );
    let saved: Vec<f64> = projects
        .iter()
        .map(|l| l["saved_km_total"].as_f64().unwrap())
        .collect();
    assert!(saved.windows(2).all(|w| w[0] >= w[1]), "ranked by km saved");

    let critical = json(&["critical"]);
    assert!(
        critical["closures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "torkham")
    );

    let claims = json(&["claims"]);
    assert_eq!(claims.as_array().unwrap().len(), shipped().claims.len());
    for claim in claims.as_array().unwrap() {
        assert!(!claim["quote"].as_str().unwrap().is_empty());
        assert!(claim["source"].as_str().unwrap().contains("seed paper"));
    }

    let missing = corridors(&["--scenario", "no-such-file.toml", "check"]);
    crate::assert_refused(&missing, "no-such-file.toml");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"Bad\"\n[close]\nplaces = [\"torkam\"]\n").unwrap();
    let output = corridors(&[
        "--scenario",
        bad.to_str().unwrap(),
        "route",
        "dushanbe",
        "karachi",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.toml:3:"), "{stderr}");
    assert!(stderr.contains("torkham"), "{stderr}");
}

#[test]
fn a_broken_corridor_or_outlet_is_not_reported_again_by_the_claims() {
    let mut files = load::DatasetFiles::embedded();
    let tapi = files
        .corridors
        .iter_mut()
        .find(|f| f.name.ends_with("tapi-gas-pipeline.toml"))
        .unwrap();
    let text = tapi.text.clone().unwrap();
    tapi.text = Ok(text.replacen("[[segment]]", "[[segment]]\nspeed_kmh = -1", 1));
    let outlets = files.outlets.as_mut().unwrap();
    let text = outlets.text.clone().unwrap();
    outlets.text = Ok(text.replacen("sea = \"Arabian Sea\"", "sea = \" \"", 1));
    let problems = load::load(&files).unwrap_err().0;
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems.iter().all(|p| !p.file.ends_with("claims.toml")));
    // A claim naming a corridor no file declares is still reported, with a hint.
    let claims = files.claims.as_mut().unwrap();
    let text = claims.text.clone().unwrap();
    claims.text = Ok(text.replacen("\"tapi-gas-pipeline\"", "\"tapi-pipeline\"", 1));
    let problems = load::load(&files).unwrap_err().0;
    assert!(
        problems.iter().any(|p| p.file.ends_with("claims.toml")
            && p.message.contains("unknown corridor `tapi-pipeline`")
            && p.hint
                .as_deref()
                .is_some_and(|h| h.contains("tapi-gas-pipeline"))),
        "{problems:#?}"
    );
}

//! Routing checked against a brute-force reference on hundreds of random small
//! networks (as fast_paths does), then the weights on hand-made cases.
//!
//! The reference enumerates every loopless path of the carrier graph (a place with
//! the vehicle it was reached in, and the number of via places passed) by depth-first
//! search, pricing each step with the same [`Weights`]; it shares no code with the
//! Dijkstra and Yen searches it checks.

use corridors::graph::{CorridorGraph, Filter};
use corridors::model::{Dataset, Mode, ModeTravel, Segment, Status, TransferTravel, Travel};
use corridors::routing::search::is_loopless;
use corridors::routing::units::to_units;
use corridors::routing::weights::TransferKind;
use corridors::routing::{
    self, Carrier, Itinerary, MAX_SHARED_FRACTION, Metric, Search, Trip, Units, Weights,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::support::{numbered_corridors, place, random_dataset, segment, sourced, terminal};

fn random_filter(rng: &mut StdRng) -> Filter {
    let mut filter = Filter::everything();
    if rng.random_bool(0.3) {
        filter.statuses = vec![Status::Operational, Status::Proposed];
    }
    if rng.random_bool(0.2) {
        filter.modes = vec![Mode::Road, Mode::Rail];
    }
    filter
}

/// A carrier-graph state of the reference: place, carrier, vias passed.
type RefState = (usize, Carrier, usize);

/// The `k` smallest totals (in thousandths of the metric's unit) over every loopless
/// path of the carrier graph from `query.from` to `query.to` through the vias. Partial
/// paths already dearer than the k-th best found are cut off (weights are never
/// negative), which changes nothing in the result but keeps it fast.
fn reference_totals(weights: &Weights, filter: &Filter, query: &Trip, k: usize) -> Vec<Units> {
    reference_totals_with(weights, filter, query, k, usize::MAX)
}

/// As [`reference_totals`], over the paths that change carrier at most
/// `max_transfers` times.
fn reference_totals_with(
    weights: &Weights,
    filter: &Filter,
    query: &Trip,
    k: usize,
    max_transfers: usize,
) -> Vec<Units> {
    let data = weights.data;
    // Parallel segments of one carrier between two places collapse to the cheapest,
    // as a step of the carrier graph stands for the best of them.
    let step_units = |from: usize, to: usize, carrier: Carrier| -> Option<Units> {
        (0..data.segments.len())
            .filter(|&s| filter.admits(data, s))
            .filter(|&s| {
                let seg = &data.segments[s];
                Carrier::of(seg) == carrier
                    && ((seg.from == from && seg.to == to) || (seg.from == to && seg.to == from))
            })
            .map(|s| to_units(weights.segment_weight(s)))
            .min()
    };
    let carriers: Vec<Carrier> = data.segments.iter().map(Carrier::of).collect();
    let mut totals = Vec::new();
    let mut visited: Vec<RefState> = Vec::new();

    #[allow(clippy::too_many_arguments)]
    fn walk(
        state: Option<RefState>,
        total: Units,
        transfers_left: usize,
        query: &Trip,
        k: usize,
        carriers: &[Carrier],
        places: usize,
        weights: &Weights,
        step_units: &dyn Fn(usize, usize, Carrier) -> Option<Units>,
        visited: &mut Vec<RefState>,
        totals: &mut Vec<Units>,
    ) {
        if totals.len() == k && totals.last().is_some_and(|&worst| total >= worst) {
            return;
        }
        if let Some((place, _, stage)) = state
            && place == query.to
            && stage == query.vias.len()
        {
            let at = totals.partition_point(|&t| t <= total);
            totals.insert(at, total);
            totals.truncate(k);
            // A route ends where it reaches its destination.
            return;
        }
        let (place, carrier, stage) = match state {
            None => (query.from, None, 0),
            Some((p, c, s)) => (p, Some(c), s),
        };
        let mut next_carriers = carriers.to_vec();
        next_carriers.sort();
        next_carriers.dedup();
        for other in 0..places {
            for &next in &next_carriers {
                let Some(step) = step_units(place, other, next) else {
                    continue;
                };
                let transfer = match carrier {
                    None => Some(0.0),
                    Some(c) => weights.transfer_weight(place, c, next),
                };
                let Some(transfer) = transfer else { continue };
                let changes = carrier.is_some_and(|c| {
                    weights
                        .transfer(place, c, next)
                        .is_some_and(|t| t.kind != TransferKind::Stay)
                });
                if changes && transfers_left == 0 {
                    continue;
                }
                let new_stage = if query.vias.get(stage) == Some(&other) {
                    stage + 1
                } else {
                    stage
                };
                let new_state = (other, next, new_stage);
                if visited.contains(&new_state) {
                    continue;
                }
                visited.push(new_state);
                walk(
                    Some(new_state),
                    total + to_units(transfer) + step,
                    transfers_left - usize::from(changes),
                    query,
                    k,
                    carriers,
                    places,
                    weights,
                    step_units,
                    visited,
                    totals,
                );
                visited.pop();
            }
        }
    }

    walk(
        None,
        0,
        max_transfers,
        query,
        k,
        &carriers,
        data.places.len(),
        weights,
        &step_units,
        &mut visited,
        &mut totals,
    );
    totals
}

/// The total of a path recomputed step by step from the weights.
fn path_units(weights: &Weights, path: &Itinerary) -> Units {
    let segments = &weights.data.segments;
    let mut total = 0;
    for (i, step) in path.steps.iter().enumerate() {
        if i > 0 {
            let before = Carrier::of(&segments[path.steps[i - 1].segment]);
            let after = Carrier::of(&segments[step.segment]);
            let transfer = weights
                .transfer_weight(path.places[i], before, after)
                .expect("a route only changes carrier where it may");
            total += to_units(transfer);
        }
        total += to_units(weights.segment_weight(step.segment));
    }
    total
}

/// A path's steps join up: each segment runs between the places listed around it.
fn assert_connected(data: &Dataset, path: &Itinerary, query: &Trip) {
    assert_eq!(path.places.first(), Some(&query.from));
    assert_eq!(path.places.last(), Some(&query.to));
    assert_eq!(path.places.len(), path.steps.len() + 1);
    for (i, step) in path.steps.iter().enumerate() {
        let seg = &data.segments[step.segment];
        let (a, b) = if step.forward {
            (seg.from, seg.to)
        } else {
            (seg.to, seg.from)
        };
        assert_eq!((a, b), (path.places[i], path.places[i + 1]));
    }
}

const METRICS: [Metric; 3] = [Metric::Distance, Metric::Time, Metric::Cost];

/// One random question: a network, a filter, a metric and two distinct places.
struct Case<'a> {
    data: &'a Dataset,
    filter: &'a Filter,
    metric: Metric,
    weights: &'a Weights<'a>,
    search: &'a Search<'a>,
    from: usize,
    to: usize,
}

/// Runs `check` on `count` random cases drawn from `seed`.
fn each_random_case(seed: u64, count: usize, mut check: impl FnMut(&mut StdRng, &Case)) {
    let mut rng = StdRng::seed_from_u64(seed);
    for _ in 0..count {
        let data = random_dataset(&mut rng);
        let filter = random_filter(&mut rng);
        let metric = METRICS[rng.random_range(0..3)];
        let weights = Weights::new(&data, metric, &filter.modes).unwrap();
        let network = CorridorGraph::new(&data, &filter);
        let search = Search::new(&network, &weights);
        let n = data.places.len();
        let from = rng.random_range(0..n);
        let to = (from + rng.random_range(1..n)) % n;
        let case = Case {
            data: &data,
            filter: &filter,
            metric,
            weights: &weights,
            search: &search,
            from,
            to,
        };
        check(&mut rng, &case);
    }
}

#[test]
fn shortest_route_equals_brute_force_on_random_networks() {
    let (mut connected, mut disconnected) = (0, 0);
    each_random_case(7, 400, |rng, case| {
        let via = rng.random_range(0..case.data.places.len());
        let vias: Vec<usize> = if rng.random_bool(0.3) && via != case.from && via != case.to {
            vec![via]
        } else {
            Vec::new()
        };
        let query = Trip {
            from: case.from,
            vias: &vias,
            to: case.to,
        };
        let reference = reference_totals(case.weights, case.filter, &query, 1);
        match case.search.shortest(&query) {
            None => {
                assert!(reference.is_empty(), "missed a route: {reference:?}");
                disconnected += 1;
            }
            Some(path) => {
                assert_eq!(Some(&path.units), reference.first(), "{}", case.metric);
                assert_eq!(path_units(case.weights, &path), path.units);
                assert_connected(case.data, &path, &query);
                for step in &path.steps {
                    assert!(
                        case.filter.admits(case.data, step.segment),
                        "used a filtered link"
                    );
                }
                connected += 1;
            }
        }
    });
    // The generator must exercise both outcomes, or the test proves little.
    assert!(
        connected > 100 && disconnected > 20,
        "{connected} / {disconnected}"
    );
}

#[test]
fn yen_gives_the_k_smallest_totals_of_the_brute_force() {
    let mut compared = 0;
    each_random_case(11, 300, |rng, case| {
        let query = Trip::direct(case.from, case.to);
        let k = rng.random_range(1..6);
        let expected = reference_totals(case.weights, case.filter, &query, k);
        let found: Vec<Units> = case
            .search
            .k_shortest(&query, k)
            .iter()
            .map(|p| p.units)
            .collect();
        assert_eq!(found, expected, "{}, k = {k}", case.metric);
        compared += usize::from(found.len() > 1);
    });
    assert!(compared > 50, "only {compared} cases had several routes");
}

#[test]
fn routes_change_mode_only_at_terminals_and_pay_every_transfer() {
    let (mut changes_seen, mut refused) = (0, 0);
    each_random_case(13, 400, |rng, case| {
        let query = Trip::direct(case.from, case.to);
        let k = rng.random_range(1..4);
        for path in case.search.k_shortest(&query, k) {
            let segments = &case.data.segments;
            let summary = routing::summarise(case.weights, &path);
            let mut paid_h = 0.0;
            let mut transfers = 0;
            for (i, pair) in path.steps.windows(2).enumerate() {
                let before = Carrier::of(&segments[pair[0].segment]);
                let after = Carrier::of(&segments[pair[1].segment]);
                let place = path.places[i + 1];
                let transfer = case.weights.transfer(place, before, after).unwrap();
                if before.mode != after.mode {
                    assert!(
                        case.data.is_terminal(place),
                        "{}: {} → {} at p{place}, which is no terminal",
                        case.metric,
                        before.mode,
                        after.mode
                    );
                    changes_seen += 1;
                }
                if transfer.kind != TransferKind::Stay {
                    transfers += 1;
                    paid_h += transfer.duration_h.unwrap();
                }
            }
            // Every transfer is listed and its hours are in the route's time.
            assert_eq!(summary.transfers.len(), transfers);
            let listed_h: f64 = summary
                .transfers
                .iter()
                .map(|t| t.duration_h.unwrap())
                .sum();
            assert!((listed_h - paid_h).abs() < 1e-9);
            assert!((summary.transfer_h.unwrap() - paid_h).abs() < 1e-9);
        }
        // A change of mode at a place that is no terminal is refused outright.
        for place in (0..case.data.places.len()).filter(|&p| !case.data.is_terminal(p)) {
            let road = Carrier {
                mode: Mode::Road,
                gauge_mm: None,
            };
            let rail = Carrier {
                mode: Mode::Rail,
                gauge_mm: None,
            };
            assert!(case.weights.transfer(place, road, rail).is_none());
            refused += 1;
        }
    });
    assert!(
        changes_seen > 30,
        "only {changes_seen} changes of mode seen"
    );
    assert!(refused > 100);
}

#[test]
fn max_transfers_gives_the_shortest_route_with_that_many_changes_at_most() {
    let mut limited = 0;
    each_random_case(17, 1500, |rng, case| {
        let query = Trip::direct(case.from, case.to);
        let max = rng.random_range(0..3u8);
        let capped = Search::new(case.search.graph, case.weights).with_max_transfers(Some(max));
        let expected = reference_totals_with(case.weights, case.filter, &query, 1, max.into());
        let found = capped.shortest(&query);
        assert_eq!(found.as_ref().map(|p| p.units), expected.first().copied());
        if let Some(path) = found {
            let summary = routing::summarise(case.weights, &path);
            assert!(summary.transfers.len() <= usize::from(max));
            let free = reference_totals(case.weights, case.filter, &query, 1);
            limited += usize::from(free.first() != Some(&path.units));
        }
    });
    assert!(limited > 5, "the cap changed only {limited} routes");
}

/// Checks `routing::alternatives` on one query; gives how many routes it found.
fn assert_alternatives(case: &Case, query: &Trip) -> usize {
    let routes = routing::alternatives(case.search, query, 4);
    let shortest = case.search.shortest(query).map(|p| p.units);
    assert_eq!(routes.first().map(|r| r.units), shortest);
    for (i, route) in routes.iter().enumerate() {
        assert_connected(case.data, route, query);
        if i > 0 {
            assert!(is_loopless(route, query), "alternative {i} loops");
            assert!(routes[i - 1].units <= route.units, "not sorted");
        }
        let km_of = |path: &Itinerary, on: &dyn Fn(usize) -> bool| -> f64 {
            path.steps
                .iter()
                .filter(|s| on(s.segment))
                .map(|s| case.weights.distance_km(s.segment))
                .sum()
        };
        let km = km_of(route, &|_| true);
        for earlier in &routes[..i] {
            assert_ne!(earlier.steps, route.steps, "a route listed twice");
            // Written out here: km between two places the earlier route joins
            // directly, by any mode.
            let joins = |a: usize, b: usize| {
                earlier.steps.iter().any(|e| {
                    let seg = &case.data.segments[e.segment];
                    (seg.from == a && seg.to == b) || (seg.from == b && seg.to == a)
                })
            };
            let shared = km_of(route, &|s| {
                let seg = &case.data.segments[s];
                joins(seg.from, seg.to)
            });
            assert!(shared <= MAX_SHARED_FRACTION * km + 1e-9);
        }
    }
    routes.len()
}

#[test]
fn alternatives_are_loopless_sorted_distinct_and_start_with_the_shortest() {
    let mut with_alternatives = 0;
    each_random_case(13, 300, |_, case| {
        let query = Trip::direct(case.from, case.to);
        with_alternatives += usize::from(assert_alternatives(case, &query) > 1);
    });
    assert!(with_alternatives > 30, "{with_alternatives}");
}

#[test]
fn alternatives_through_many_vias_keep_the_same_rules() {
    // Beyond two vias alternatives come from penalised searches, not Yen's.
    let mut with_alternatives = 0;
    each_random_case(19, 300, |rng, case| {
        let n = case.data.places.len();
        let vias: Vec<usize> = (0..3).map(|_| rng.random_range(0..n)).collect();
        let query = Trip {
            from: case.from,
            vias: &vias,
            to: case.to,
        };
        with_alternatives += usize::from(assert_alternatives(case, &query) > 1);
    });
    assert!(with_alternatives > 10, "{with_alternatives}");
}

#[test]
fn matrix_and_reach_agree_with_pairwise_routes() {
    each_random_case(17, 150, |rng, case| {
        let all: Vec<usize> = (0..case.data.places.len()).collect();
        let matrix = routing::matrix(case.search, &all, &all);
        let budget = rng.random_range(0.0..1500.0);
        for &from in &all {
            let reached = routing::reach(case.search, from, budget);
            assert!(reached.windows(2).all(|w| w[0].value <= w[1].value));
            for &to in &all {
                let entry = matrix[from][to];
                if from == to {
                    assert_eq!(entry, Some(0.0));
                    continue;
                }
                let query = Trip::direct(from, to);
                // What `route` reports: by distance the km of the route's segments
                // (a change of mode weighs km in the search, but is no distance).
                let pairwise = case.search.shortest(&query).map(|p| match case.metric {
                    Metric::Distance => {
                        let units: Units = p
                            .steps
                            .iter()
                            .map(|s| to_units(case.weights.segment_weight(s.segment)))
                            .sum();
                        units as f64 / 1000.0
                    }
                    _ => p.units as f64 / 1000.0,
                });
                assert_eq!(entry, pairwise, "matrix [{from}][{to}]");
                let within = pairwise.is_some_and(|v| v <= budget);
                assert_eq!(
                    reached.iter().any(|r| r.place == to),
                    within,
                    "reach {from} → {to}, budget {budget}"
                );
            }
        }
    });
}

/// Three places in a row: A (AA) – B (AA, crossing) – C (BB), a road A–B and a rail
/// B–C, with figures chosen to be checked by hand.
fn hand_made() -> Dataset {
    let mut rng = StdRng::seed_from_u64(1);
    let mut places = vec![
        place(0, "AA", false, &mut rng),
        place(1, "AA", true, &mut rng),
        place(2, "BB", false, &mut rng),
    ];
    places[1].border_with = Some("BB".into());
    let segment = |corridor, from, to, mode, km: f64, gauge_mm| Segment {
        gauge_mm,
        ..segment(corridor, (from, to), mode, Status::Operational, km)
    };
    let mut modes = vec![ModeTravel::default(); Mode::ALL.len()];
    modes[0] = ModeTravel {
        speed_kmh: sourced(40.0),
        cost_usd_per_tkm: sourced(0.1),
        border_delay_h: sourced(10.0),
        border_cost_usd: sourced(200.0),
    };
    modes[1] = ModeTravel {
        speed_kmh: sourced(50.0),
        cost_usd_per_tkm: sourced(0.08),
        border_delay_h: sourced(30.0),
        border_cost_usd: sourced(100.0),
    };
    Dataset {
        places,
        corridors: numbered_corridors(&[
            (Mode::Road, Status::Operational),
            (Mode::Rail, Status::Operational),
            (Mode::Rail, Status::Operational),
        ]),
        segments: vec![
            segment(0, 0, 1, Mode::Road, 200.0, None),
            segment(1, 1, 2, Mode::Rail, 100.0, Some(1520)),
            segment(2, 0, 1, Mode::Rail, 300.0, Some(1676)),
        ],
        travel: Travel {
            shipment_t: sourced(20.0),
            modes,
            transfer: TransferTravel {
                mode_change_h: sourced(2.0),
                gauge_change_h: sourced(5.0),
                gauge_change_cost_usd: sourced(400.0),
            },
            transfer_at: Vec::new(),
            // B is where road meets rail.
            terminals: vec![terminal(1)],
            crossings: Vec::new(),
        },
        ..Dataset::default()
    }
}

#[test]
fn hours_are_length_over_speed_plus_border_delay_plus_transfers() {
    let data = hand_made();
    let filter = Filter::everything();
    let weights = Weights::new(&data, Metric::Time, &filter.modes).unwrap();
    // Road A–B: 200 km at 40 km/h; no border (both in AA).
    assert_eq!(weights.moving_h(0), Some(5.0));
    assert!(weights.border(0).is_none());
    // Rail B–C: 100 km at 50 km/h, crossing AA→BB at B with rail's 30 h.
    assert_eq!(weights.moving_h(1), Some(2.0));
    let border = weights.border(1).unwrap();
    assert_eq!((border.place, border.delay_h), (Some(1), Some(30.0)));

    let network = CorridorGraph::new(&data, &filter);
    let search = Search::new(&network, &weights);
    let path = search.shortest(&Trip::direct(0, 2)).unwrap();
    // Road then rail: 5 + 2 (change of mode) + 2 + 30 = 39 h. Rail 1,676 mm then
    // 1,520 mm: 6 + 5 (gauge change) + 2 + 30 = 43 h.
    assert_eq!(path.units, to_units(39.0));
    let summary = routing::summarise(&weights, &path);
    assert_eq!(summary.duration_h, Some(39.0));
    assert_eq!(summary.duration_without_delay_h, Some(7.0));
    assert_eq!(summary.border_delay_h, Some(30.0));
    assert_eq!(summary.transfer_h, Some(2.0));
    assert_eq!(summary.distance_km, 300.0);
    assert_eq!(summary.speed_with_delay_kmh, Some(300.0 / 39.0));
    // Cost: 200 × 0.1 + 100 × 0.08 + 100 US$ border / 20 t = 33 US$/t.
    assert!((summary.cost_usd_per_t.unwrap() - 33.0).abs() < 1e-9);
}

#[test]
fn gauge_change_costs_transhipment_and_pipelines_do_not_change_mode() {
    let data = hand_made();
    let weights = Weights::new(&data, Metric::Cost, Mode::ALL).unwrap();
    let broad = Carrier {
        mode: Mode::Rail,
        gauge_mm: Some(1676),
    };
    let russian = Carrier {
        mode: Mode::Rail,
        gauge_mm: Some(1520),
    };
    let pipeline = Carrier {
        mode: Mode::Pipeline,
        gauge_mm: None,
    };
    let road = Carrier {
        mode: Mode::Road,
        gauge_mm: None,
    };
    // 400 US$ per 20 t shipment.
    assert_eq!(weights.transfer_weight(1, broad, russian), Some(20.0));
    assert_eq!(weights.transfer_weight(1, road, pipeline), None);
    assert_eq!(weights.transfer_weight(1, road, road), Some(0.0));
}

#[test]
fn time_needs_a_speed_for_every_mode_it_routes_over() {
    let mut data = hand_made();
    data.travel.modes[1].speed_kmh = None;
    let error = Weights::new(&data, Metric::Time, &[Mode::Road, Mode::Rail]).unwrap_err();
    assert_eq!(error.to_string(), "no speed_kmh for rail in travel.toml");
    assert!(Weights::new(&data, Metric::Time, &[Mode::Road]).is_ok());
    assert!(Weights::new(&data, Metric::Distance, &[Mode::Rail]).is_ok());
}

#[test]
fn a_place_can_override_the_default_transfer_time() {
    let mut data = hand_made();
    data.travel.transfer_at.push((
        1,
        TransferTravel {
            mode_change_h: sourced(7.0),
            ..TransferTravel::default()
        },
    ));
    let weights = Weights::new(&data, Metric::Time, Mode::ALL).unwrap();
    let network = CorridorGraph::new(&data, &Filter::everything());
    let search = Search::new(&network, &weights);
    let path = search.shortest(&Trip::direct(0, 2)).unwrap();
    // Road then rail now costs 5 + 7 + 2 + 30 = 44 h; rail 1,676 then 1,520 mm keeps the
    // default gauge change: 6 + 5 + 2 + 30 = 43 h, and wins.
    assert_eq!(path.units, to_units(43.0));
    assert_eq!(path.steps[0].segment, 2);
    let summary = routing::summarise(&weights, &path);
    assert_eq!(summary.transfers[0].kind, TransferKind::GaugeChange);
    assert_eq!(json!(summary.transfers[0].kind), "gauge-change");
}

#[test]
fn absurd_figures_saturate_instead_of_wrapping_route_totals() {
    // The loader takes any positive speed up to 1e9, so 300 km of road at 1e-300 km/h
    // is a valid dataset: 3e302 hours, which no `Units` holds. Each step is clamped
    // to MAX_STEP_UNITS, so a route over it stays the dearest rather than wrapping
    // round to the cheapest (or overflowing, in a debug build).
    let mut data = hand_made();
    data.segments[0].speed_kmh = Some(1e-300);
    let filter = Filter::everything();
    let weights = Weights::new(&data, Metric::Time, &filter.modes).unwrap();
    let network = CorridorGraph::new(&data, &filter);
    let search = Search::new(&network, &weights);
    let query = Trip::direct(0, 2);
    let paths = search.k_shortest(&query, 2);
    assert_eq!(paths.len(), 2);
    // Best: rail 1,676 mm, then 1,520 mm: 43 h (see the test above).
    assert_eq!(paths[0].units, to_units(43.0));
    assert_eq!(paths[0].steps[0].segment, 2);
    // Then the road at its clamped weight, plus change of mode, rail and border.
    assert_eq!(
        paths[1].units,
        routing::units::MAX_STEP_UNITS + to_units(2.0 + 2.0 + 30.0)
    );
}

#[test]
fn a_route_cut_only_by_a_scenario_closure_says_so() {
    // Before, the explanation lifted every filter but not the scenario's closures,
    // and so blamed the dataset for not connecting the places.
    let mut data = hand_made();
    data.closed.places.push(1);
    data.scenarios.push("B closed".into());
    let filter = Filter::everything();
    let explained =
        routing::explain_no_route(&data, &filter, Metric::Distance, &Trip::direct(0, 2));
    let relaxation = explained.relaxation.expect("a route without the closure");
    assert!(
        relaxation
            .lifted
            .contains("without the closures of the scenario B closed"),
        "{}",
        relaxation.lifted
    );
    // Road A–B 200 km, then rail B–C 100 km.
    assert_eq!(relaxation.route.distance_km, 300.0);
}

#[test]
fn a_route_that_leaves_a_country_and_comes_back_lists_it_again() {
    // A (UZ) – B (TJ) – C (UZ) in a row, roads only: A→C runs UZ → TJ → UZ.
    let mut rng = StdRng::seed_from_u64(7);
    let places = vec![
        place(0, "UZ", false, &mut rng),
        place(1, "TJ", false, &mut rng),
        place(2, "UZ", false, &mut rng),
    ];
    let data = Dataset {
        places,
        corridors: numbered_corridors(&[
            (Mode::Road, Status::Operational),
            (Mode::Road, Status::Operational),
        ]),
        segments: vec![
            segment(0, (0, 1), Mode::Road, Status::Operational, 100.0),
            segment(1, (1, 2), Mode::Road, Status::Operational, 100.0),
        ],
        ..Dataset::default()
    };
    let filter = Filter::default();
    let weights = Weights::distance(&data);
    let network = CorridorGraph::new(&data, &filter);
    let path = Search::new(&network, &weights)
        .shortest(&Trip::direct(0, 2))
        .unwrap();
    let summary = routing::summarise(&weights, &path);
    assert_eq!(summary.countries, ["UZ", "TJ", "UZ"]);
}

/// Searching only as far as the targets need gives, for each target, what the whole
/// one-to-all search gives: on random networks (where totals often tie) and on the
/// built-in dataset, by distance and by time.
#[test]
fn totals_to_targets_equal_the_whole_search() {
    each_random_case(11, 400, |rng, case| {
        let whole = case.search.from_one(case.from);
        let n = case.data.places.len();
        let count = rng.random_range(1..5);
        let targets: Vec<usize> = (0..count).map(|_| rng.random_range(0..n)).collect();
        let expected: Vec<Option<Units>> = targets.iter().map(|&t| whole[t]).collect();
        assert_eq!(case.search.from_one_to(case.from, &targets), expected);
    });
    let data = corridors::load::load_embedded().unwrap();
    let filter = Filter::default();
    let network = CorridorGraph::new(&data, &filter);
    for metric in [Metric::Distance, Metric::Time] {
        let weights = Weights::new(&data, metric, &filter.modes).unwrap();
        let search = Search::new(&network, &weights);
        for origin in ["dushanbe", "kabul", "tashkent", "gwadar"] {
            let from = corridors::lookup::find_place(&data, origin).unwrap();
            let whole = search.from_one(from);
            let every: Vec<usize> = (0..data.places.len()).collect();
            assert_eq!(search.from_one_to(from, &every), whole, "{origin}");
            for target in (0..data.places.len()).step_by(9) {
                let found = search.from_one_to(from, &[target, from]);
                assert_eq!(found, vec![whole[target], Some(0)], "{origin} to {target}");
            }
        }
    }
}

/// One search to several targets gives, for each, the single search's route: on
/// random networks (where totals often tie, and some links are penalised) and from
/// each capital to every place of the built-in dataset.
#[test]
fn shortest_to_each_target_equals_the_single_searches() {
    each_random_case(19, 400, |rng, case| {
        let n = case.data.places.len();
        let targets: Vec<usize> = (0..rng.random_range(1..5))
            .map(|_| rng.random_range(0..n))
            .collect();
        let mut search = Search::new(case.search.graph, case.weights);
        if rng.random_bool(0.3) {
            search.penalise((0..3).map(|_| {
                let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
                (a.min(b), a.max(b))
            }));
        }
        let expected: Vec<Option<Itinerary>> = targets
            .iter()
            .map(|&to| search.shortest(&Trip::direct(case.from, to)))
            .collect();
        assert_eq!(search.shortest_to_each(case.from, &targets), expected);
    });
    let data = corridors::load::load_embedded().unwrap();
    let filter = Filter::default();
    let network = CorridorGraph::new(&data, &filter);
    let weights = Weights::distance(&data);
    let search = Search::new(&network, &weights);
    let every: Vec<usize> = (0..data.places.len()).collect();
    for origin in ["dushanbe", "tashkent", "bishkek", "ashgabat", "astana"] {
        let from = corridors::lookup::find_place(&data, origin).unwrap();
        let found = search.shortest_to_each(from, &every);
        for (to, route) in found.into_iter().enumerate() {
            assert_eq!(
                route,
                search.shortest(&Trip::direct(from, to)),
                "{origin} to {to}"
            );
        }
    }
}

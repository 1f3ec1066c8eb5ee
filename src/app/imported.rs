//! The commands on imported networks: `import osm`, and `route`, `matrix` and
//! `reach` with `--network FILE`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::{Failure, check_budget, modes_and_statuses, stdout_failure};
use crate::cli::{ByArg, Command, FilterArgs, ImportOsmArgs, MatrixArgs, ReachArgs, RouteArgs};
use crate::compare::KmByStatus;
use crate::geodesy::geodesic_km;
use crate::imported::dijkstra::LinkGraph;
use crate::imported::hierarchy::Query;
use crate::imported::snap::{Snapped, Snapper};
use crate::imported::{DM_PER_KM, ImportedNetwork, LinkFilter, file};
use crate::lookup;
use crate::model::{LatLon, Mode, Status};
use crate::osm::{self, tags::TagRules};
use crate::output::{self, Format, TextTable, routes};

/// `corridors import osm FILE -o NETWORK`.
pub(super) fn import_osm(
    args: &ImportOsmArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let shown = args.file.display();
    if args.file.is_dir() {
        return Err(Failure::Input(format!(
            "{shown}: is a directory; give an OpenStreetMap extract (.osm.pbf)"
        )));
    }
    if let Err(special) = crate::load::refuse_special_file(&args.file) {
        return Err(Failure::Input(format!(
            "{shown}: {special}; give an OpenStreetMap extract (.osm.pbf)"
        )));
    }
    if !args.file.is_file() {
        return Err(Failure::Input(format!(
            "{shown}: no such file; give an OpenStreetMap extract (.osm.pbf)"
        )));
    }
    if same_file(&args.file, &args.output) {
        return Err(Failure::Input(format!(
            "-o {}: that is the input file; write the network elsewhere",
            args.output.display()
        )));
    }
    // Before the slow part: a network that cannot be written is known now.
    output::check_output_dir(&args.output).map_err(|error| Failure::Io {
        doing: format!("-o {}", args.output.display()),
        error,
    })?;
    let rules = tag_rules(args)?;
    let progress = spinner();
    let started = Instant::now();
    let (links, counts) =
        osm::import(&args.file, &rules, &progress).map_err(|e| Failure::Input(e.to_string()))?;
    let read_s = started.elapsed();
    if counts.ways_read == 0 {
        progress.finish_and_clear();
        return Err(Failure::Input(format!(
            "{shown}: no ways at all; is it an OpenStreetMap PBF extract (.osm.pbf)?"
        )));
    }
    if links.links.is_empty() {
        progress.finish_and_clear();
        return Err(Failure::Input(format!(
            "{shown}: no ways of the kept classes ({} ways read); check --highways and --railways",
            counts.ways_read
        )));
    }
    progress.set_message("preparing the contraction hierarchy");
    let file_name = args
        .file
        .file_name()
        .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
    // A file name may hold anything; the origin is echoed to terminals and SVG.
    let origin = format!(
        "{} (© OpenStreetMap contributors, ODbL)",
        output::printable(&file_name)
    );
    let prepare_started = Instant::now();
    let network = ImportedNetwork::prepare(links, origin);
    let prepare_s = prepare_started.elapsed();
    progress.set_message("writing the network file");
    output::write_atomic_with(&args.output, |w| file::write(&network, w)).map_err(|error| {
        Failure::Io {
            doing: format!("writing {}", args.output.display()),
            error,
        }
    })?;
    progress.finish_and_clear();
    let summary = ImportSummary {
        network: args.output.display().to_string(),
        origin: network.origin.clone(),
        highways: rules.highways.clone(),
        railways: rules.railways.clone(),
        ways_read: counts.ways_read,
        ways_kept: counts.ways_kept,
        ways_dropped_missing_nodes: counts.ways_missing_nodes,
        nodes: counts.nodes,
        links: counts.links,
        turn_restrictions_read: counts.restrictions_read,
        turn_restrictions_applied: counts.restrictions_applied,
        turn_restrictions_via_way: counts.restrictions_via_way,
        turn_copies: counts.turn_copies,
        hierarchy_edges: network.hierarchy.edge_count() as u64,
        km: network
            .km_by_mode_and_status()
            .into_iter()
            .map(|(mode, status, km)| ModeStatusKm { mode, status, km })
            .collect(),
        read_s: seconds(read_s),
        prepare_s: seconds(prepare_s),
    };
    write_import_summary(out, &summary, format).map_err(stdout_failure)
}

fn tag_rules(args: &ImportOsmArgs) -> Result<TagRules, Failure> {
    let mut rules = TagRules::default();
    if !args.highways.is_empty() {
        rules.highways = trimmed(&args.highways);
        let known: Vec<&str> = crate::osm::tags::highway_classes().collect();
        if let Some(unknown) = rules.highways.iter().find(|h| !known.contains(&h.as_str())) {
            let hint = match crate::load::nearest(unknown, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? "),
                None => String::new(),
            };
            return Err(Failure::Input(format!(
                "--highways {unknown}: not a highway=* class of OpenStreetMap; {hint}classes: {}",
                known.join(", ")
            )));
        }
    }
    if args.no_railways {
        rules.railways.clear();
    } else if !args.railways.is_empty() {
        rules.railways = trimmed(&args.railways);
    }
    Ok(rules)
}

fn trimmed(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A spinner on stderr; indicatif draws nothing when stderr is not a terminal.
fn spinner() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {human_pos} {elapsed}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn seconds(d: Duration) -> f64 {
    thousandths(d.as_secs_f64())
}

#[derive(Serialize)]
struct ImportSummary {
    network: String,
    origin: String,
    highways: Vec<String>,
    railways: Vec<String>,
    ways_read: u64,
    ways_kept: u64,
    ways_dropped_missing_nodes: u64,
    nodes: u64,
    links: u64,
    /// Relations that restrict a car's turns; those applied; those along a via
    /// way (left out).
    turn_restrictions_read: u64,
    turn_restrictions_applied: u64,
    turn_restrictions_via_way: u64,
    /// Via nodes copied to apply them (counted in `nodes`).
    turn_copies: u64,
    hierarchy_edges: u64,
    km: Vec<ModeStatusKm>,
    read_s: f64,
    prepare_s: f64,
}

#[derive(Serialize)]
struct ModeStatusKm {
    mode: Mode,
    status: Status,
    km: f64,
}

fn write_import_summary(
    out: &mut dyn Write,
    s: &ImportSummary,
    format: Format,
) -> std::io::Result<()> {
    if format == Format::Json {
        return output::write_json(out, s);
    }
    let mut table = TextTable::new(&[("import", false), ("", true)]);
    let mut row = |k: &str, v: String| table.push(vec![k.to_string(), v]);
    row("network file", s.network.clone());
    row("ways read", output::thousands(s.ways_read as i64));
    row("ways kept", output::thousands(s.ways_kept as i64));
    row(
        "ways dropped (nodes missing)",
        output::thousands(s.ways_dropped_missing_nodes as i64),
    );
    row("highway classes", s.highways.join(", "));
    row(
        "railway classes",
        if s.railways.is_empty() {
            "none".into()
        } else {
            s.railways.join(", ")
        },
    );
    row("nodes", output::thousands(s.nodes as i64));
    row("links", output::thousands(s.links as i64));
    row(
        "turn restrictions applied",
        format!(
            "{} of {} ({} along a via way: left out; {} node copies)",
            output::thousands(s.turn_restrictions_applied as i64),
            output::thousands(s.turn_restrictions_read as i64),
            output::thousands(s.turn_restrictions_via_way as i64),
            output::thousands(s.turn_copies as i64)
        ),
    );
    row(
        "hierarchy edges",
        output::thousands(s.hierarchy_edges as i64),
    );
    for k in &s.km {
        row(
            &format!("km {} {}", k.mode, k.status),
            format!("{:.1}", k.km),
        );
    }
    row("read and split (s)", format!("{:.2}", s.read_s));
    row("hierarchy prepared (s)", format!("{:.2}", s.prepare_s));
    output::write_table_with_note(out, &table, format, &format!("Source: {}.", s.origin))
}

/// How far a position may lie from the network's nearest node: farther, it is
/// taken for a mistake (a swapped lat,lon, another country) rather than snapped.
const MAX_SNAP_KM: f64 = 25.0;

/// `route`, `matrix` or `reach` with `--network FILE`.
pub(super) fn run_on_network(
    path: &Path,
    command: &Command,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    output::protect_input(path);
    // Options a network cannot serve are refused before the (perhaps large) file
    // is read.
    match command {
        Command::Route(args) => {
            check_route_options(args)?;
            OnNetwork::load(path, &args.filter)?.route(args, format, out)
        }
        Command::Matrix(args) => {
            check_matrix_options(args)?;
            OnNetwork::load(path, &args.filter)?.matrix(args, format, out)
        }
        Command::Reach(args) => {
            let budget_km = reach_budget_km(args)?;
            OnNetwork::load(path, &args.filter)?.reach(args, budget_km, format, out)
        }
        _ => Err(Failure::Input(
            "--network works with route, matrix and reach; the other commands use the dataset"
                .into(),
        )),
    }
}

/// A loaded network with the filter of one command.
struct OnNetwork {
    network: ImportedNetwork,
    filter: LinkFilter,
    /// The mode positions snap to: one mode asked for, or road by default; `None`
    /// when several modes are asked for (the nearest node of any of them).
    snap_mode: Option<Mode>,
    snapper: Snapper,
}

/// A position asked for and the node it snapped to.
#[derive(Serialize)]
struct Stop {
    asked: String,
    node: u32,
    lat: f64,
    lon: f64,
    snap_m: f64,
}

impl Stop {
    fn position(&self) -> LatLon {
        LatLon::new(self.lat, self.lon)
    }
}

impl OnNetwork {
    fn load(path: &Path, filter_args: &FilterArgs) -> Result<Self, Failure> {
        let shown = path.display().to_string();
        if filter_args.month.is_some() || filter_args.date.is_some() {
            return Err(Failure::Input(
                "--month and --date close the dataset's seasonal passes; an imported network has no seasons".into(),
            ));
        }
        if !filter_args.avoid.is_empty() || !filter_args.avoid_country.is_empty() {
            return Err(Failure::Input(
                "--avoid and --avoid-country need places and countries, which an imported network does not have".into(),
            ));
        }
        let (modes, statuses) =
            modes_and_statuses(filter_args, Mode::ALL.to_vec(), vec![Status::Operational])?;
        let snap_mode = match modes.as_slice() {
            _ if filter_args.mode.is_empty() => Some(Mode::Road),
            [one] => Some(*one),
            _ => None,
        };
        let filter = LinkFilter { modes, statuses };
        let network = file::read_path(path).map_err(|e| match e {
            file::ReadError::Io(error) => Failure::Io {
                doing: format!("reading --network {shown}"),
                error,
            },
            other => Failure::Input(format!("--network {shown}: {other}")),
        })?;
        let snapper = Snapper::new(&network, &filter, snap_mode);
        Ok(Self {
            network,
            filter,
            snap_mode,
            snapper,
        })
    }

    /// Snaps each `lat,lon` to its nearest node that the filter leaves a link at.
    fn stops(&self, texts: &[String]) -> Result<Vec<Stop>, Failure> {
        texts.iter().map(|text| self.stop(text.trim())).collect()
    }

    fn stop(&self, text: &str) -> Result<Stop, Failure> {
        let position = match lookup::parse_lat_lon(text) {
            Some(parsed) => parsed.map_err(Failure::Input)?,
            None => {
                return Err(Failure::Input(format!(
                    "`{text}`: on a --network, places are lat,lon positions (e.g. 43.7384,7.4246), one per value (repeat --from or --to for more); names belong to the dataset"
                )));
            }
        };
        let Some(Snapped { node, offset_m }) = self.snapper.nearest(&self.network, position) else {
            return Err(Failure::Input(format!(
                "the network has no {}node with {} links; it holds {}",
                self.snap_mode.map_or(String::new(), |m| format!("{m} ")),
                self.status_phrase(),
                self.holdings()
            )));
        };
        if offset_m > MAX_SNAP_KM * 1000.0 {
            return Err(Failure::Input(format!(
                "`{text}` is {} km from the network's nearest node (more than {MAX_SNAP_KM} km); give a position on the network, latitude first",
                output::km(offset_m / 1000.0)
            )));
        }
        if offset_m > 1000.0 {
            diagnostic!(
                "note: {text} is {:.1} km from the nearest node of the network",
                offset_m / 1000.0
            );
        }
        let at = self.network.nodes[node as usize].lat_lon();
        Ok(Stop {
            asked: text.to_string(),
            node,
            lat: at.lat_deg,
            lon: at.lon_deg,
            snap_m: (offset_m * 10.0).round() / 10.0,
        })
    }

    /// What the network holds, for messages: km by mode and status.
    fn holdings(&self) -> String {
        let rows: Vec<String> = self
            .network
            .km_by_mode_and_status()
            .iter()
            .map(|(mode, status, km)| format!("{} km of {status} {mode}", output::km(*km)))
            .collect();
        if rows.is_empty() {
            "no links".into()
        } else {
            rows.join(", ")
        }
    }

    fn engine(&self) -> Engine<'_> {
        if self.filter.uses_hierarchy() {
            Engine::Hierarchy(Query::new(&self.network))
        } else {
            Engine::Plain(self.plain_graph())
        }
    }

    fn plain_graph(&self) -> LinkGraph {
        LinkGraph::new(&self.network, &self.filter)
    }

    fn status_phrase(&self) -> String {
        let statuses: Vec<&str> = self.filter.statuses.iter().map(|s| s.as_str()).collect();
        statuses.join(", ")
    }

    /// What was searched and how, for notes and JSON.
    fn method(&self, plain: bool) -> String {
        format!(
            "{} links; {} nodes; {} on {}",
            self.status_phrase(),
            self.snap_mode.map_or("any mode's", |m| m.as_str()),
            if plain {
                "plain Dijkstra"
            } else {
                "contraction hierarchy"
            },
            self.network.origin
        )
    }

    fn route(&self, args: &RouteArgs, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
        let mut texts = vec![args.from.clone()];
        texts.extend(lookup::split_place_list(&args.via));
        texts.push(args.to.clone());
        let stops = self.stops(&texts)?;
        if let Some(pair) = stops.windows(2).find(|w| w[0].node == w[1].node) {
            return Err(Failure::Input(format!(
                "{} and {} snap to the same node ({}); give positions farther apart",
                pair[0].asked, pair[1].asked, pair[0].node
            )));
        }
        let mut engine = self.engine();
        let mut nodes: Vec<u32> = vec![stops[0].node];
        let mut km_by_status = KmByStatus::default();
        let mut cumulative_km = vec![0.0];
        for leg in stops.windows(2) {
            // Each leg goes on from where the last one arrived: at a via stop on a
            // restricted junction, that is the copy, whose turns are restricted.
            let at = *nodes.last().expect("the route starts at the first stop");
            let Some(found) = engine.route(&self.network, at, leg[1].node) else {
                return Err(Failure::NoResult(format!(
                    "no route from {} to {} ({}); try --status all",
                    leg[0].asked,
                    leg[1].asked,
                    self.method(engine.is_plain())
                )));
            };
            for (status, dm) in found.dm_by_status {
                km_by_status.add(status, dm as f64 / DM_PER_KM);
            }
            cumulative_km.push(round_m(km_by_status.total()));
            nodes.extend(&found.nodes[1..]);
        }
        let distance_km = km_by_status.total();
        let great_circle_km = geodesic_km(stops[0].position(), stops[stops.len() - 1].position());
        let geometry: Vec<[f64; 2]> = nodes
            .iter()
            .map(|&n| {
                let p = self.network.nodes[n as usize].lat_lon();
                [p.lat_deg, p.lon_deg]
            })
            .collect();
        let answer = NetworkRoute {
            network: self.network.origin.clone(),
            from: args.from.trim().to_string(),
            to: args.to.trim().to_string(),
            via: stops[1..stops.len() - 1]
                .iter()
                .map(|s| s.asked.clone())
                .collect(),
            by: "distance",
            method: self.method(engine.is_plain()),
            stops,
            routes: vec![NetworkRouteFound {
                distance_km: round_m(distance_km),
                great_circle_km: round_m(great_circle_km),
                circuity: crate::geodesy::circuity(distance_km, great_circle_km).map(thousandths),
                km_by_status,
                node_count: nodes.len(),
                geometry,
            }],
        };
        write_network_route(out, &answer, &cumulative_km, format).map_err(stdout_failure)
    }

    fn matrix(
        &self,
        args: &MatrixArgs,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let sources = self.stops(&lookup::split_place_list(&args.from))?;
        let targets = self.stops(&lookup::split_place_list(&args.to))?;
        if sources.is_empty() || targets.is_empty() {
            return Err(Failure::Input(
                "--from and --to each need at least one lat,lon position".into(),
            ));
        }
        let source_nodes: Vec<u32> = sources.iter().map(|s| s.node).collect();
        let target_nodes: Vec<u32> = targets.iter().map(|s| s.node).collect();
        let mut engine = self.engine();
        let cells_km: Vec<Vec<Option<f64>>> = engine
            .matrix(&source_nodes, &target_nodes)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map(|dm| round_m(dm as f64 / DM_PER_KM)))
                    .collect()
            })
            .collect();
        let method = self.method(engine.is_plain());
        let written = if format == Format::Json {
            output::write_json(
                out,
                &serde_json::json!({
                    "network": self.network.origin,
                    "from": sources.iter().map(|s| &s.asked).collect::<Vec<_>>(),
                    "to": targets.iter().map(|s| &s.asked).collect::<Vec<_>>(),
                    "by": "distance",
                    "method": method,
                    "snapped_from": sources,
                    "snapped_to": targets,
                    "distance_km": cells_km,
                }),
            )
        } else {
            let asked =
                |stops: &[Stop]| -> Vec<String> { stops.iter().map(|s| s.asked.clone()).collect() };
            let table =
                routes::matrix_table(&asked(&sources), &asked(&targets), &cells_km, "km", |km| {
                    format!("{km:.3}")
                });
            output::write_table_with_note(
                out,
                &table,
                format,
                &format!("km: {method}; — = no route."),
            )
        };
        written.map_err(stdout_failure)
    }

    fn reach(
        &self,
        args: &ReachArgs,
        budget_km: f64,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let stop = self.stop(args.from.trim())?;
        // `as` saturates: a budget past u64's range is every node.
        let budget_dm = (budget_km * DM_PER_KM) as u64;
        let tree = self.plain_graph().search(stop.node, None, Some(budget_dm));
        let mut reached: Vec<(u32, u64)> = (0..self.network.node_count() as u32)
            .filter_map(|n| tree.reached(n).map(|d| (n, d)))
            .collect();
        reached.sort_by_key(|&(n, d)| (d, n));
        let rows: Vec<ReachedNode> = reached
            .iter()
            .map(|&(node, dm)| {
                let p = self.network.nodes[node as usize].lat_lon();
                ReachedNode {
                    node,
                    lat: p.lat_deg,
                    lon: p.lon_deg,
                    distance_km: round_m(dm as f64 / DM_PER_KM),
                }
            })
            .collect();
        let written = match format {
            Format::Json => output::write_json(
                out,
                &serde_json::json!({
                    "network": self.network.origin,
                    "from": stop,
                    "within": budget_km,
                    "by": "distance",
                    "method": self.method(true),
                    "nodes": rows,
                }),
            ),
            _ => {
                // One row per node reached, nearest first: a script's input.
                let mut table =
                    TextTable::new(&[("node", true), ("lat", true), ("lon", true), ("km", true)]);
                for r in &rows {
                    table.push(vec![
                        r.node.to_string(),
                        format!("{:.7}", r.lat),
                        format!("{:.7}", r.lon),
                        format!("{:.3}", r.distance_km),
                    ]);
                }
                let note = format!(
                    "{} nodes within {} km of {} (node {}, {} m away): {}.",
                    rows.len(),
                    budget_km,
                    stop.asked,
                    stop.node,
                    stop.snap_m,
                    self.method(true)
                );
                output::write_table_with_note(out, &table, format, &note)
            }
        };
        written.map_err(stdout_failure)
    }
}

#[derive(Serialize)]
struct ReachedNode {
    node: u32,
    lat: f64,
    lon: f64,
    distance_km: f64,
}

/// Kilometres rounded to the metre.
fn round_m(km: f64) -> f64 {
    thousandths(km)
}

/// Rounded to three decimals: km to the metre, seconds to the millisecond.
fn thousandths(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// `route` on a network gives the shortest route by distance, one of it.
fn check_route_options(args: &RouteArgs) -> Result<(), Failure> {
    if args.alternatives != 1 || args.by != ByArg::Distance || args.svg.is_some() {
        return Err(Failure::Input(
            "on a --network, `route` gives the shortest route by distance: -k, --by time|cost and --svg are for the dataset".into(),
        ));
    }
    Ok(())
}

/// `matrix` on a network gives distances.
fn check_matrix_options(args: &MatrixArgs) -> Result<(), Failure> {
    if args.by != ByArg::Distance {
        return Err(Failure::Input(
            "on a --network, `matrix` gives distances: --by time|cost is for the dataset".into(),
        ));
    }
    Ok(())
}

/// `reach`'s budget on a network, in km: it has no speeds for hours.
fn reach_budget_km(args: &ReachArgs) -> Result<f64, Failure> {
    let Some(budget_km) = args.within else {
        return Err(Failure::Input(
            "on a --network, `reach` takes --within KM (the network has no speeds for --within-hours)".into(),
        ));
    };
    check_budget(budget_km)
}

/// How a command searches: the hierarchy for operational links, plain Dijkstra for
/// other filters.
enum Engine<'n> {
    Hierarchy(Query<'n>),
    Plain(LinkGraph),
}

struct Found {
    nodes: Vec<u32>,
    dm_by_status: Vec<(Status, u64)>,
}

impl Engine<'_> {
    fn is_plain(&self) -> bool {
        matches!(self, Engine::Plain(_))
    }

    fn route(&mut self, network: &ImportedNetwork, from: u32, to: u32) -> Option<Found> {
        match self {
            Engine::Hierarchy(query) => {
                let route = query.route(from, to)?;
                Some(Found {
                    nodes: route.nodes,
                    dm_by_status: vec![(Status::Operational, route.length_dm)],
                })
            }
            Engine::Plain(graph) => {
                let path = graph
                    .search(from, Some(to), None)
                    .path_to(&network.links, to)?;
                let dm_by_status = path
                    .links
                    .iter()
                    .map(|&i| &network.links[i as usize])
                    .map(|l| (l.status, u64::from(l.weight_dm())))
                    .collect();
                Some(Found {
                    nodes: path.nodes,
                    dm_by_status,
                })
            }
        }
    }

    fn matrix(&mut self, sources: &[u32], targets: &[u32]) -> Vec<Vec<Option<u64>>> {
        match self {
            Engine::Hierarchy(query) => query.matrix_dm(sources, targets),
            Engine::Plain(graph) => sources
                .iter()
                .map(|&s| {
                    let tree = graph.search(s, None, None);
                    targets.iter().map(|&t| tree.reached(t)).collect()
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct NetworkRoute {
    network: String,
    from: String,
    to: String,
    via: Vec<String>,
    by: &'static str,
    method: String,
    stops: Vec<Stop>,
    routes: Vec<NetworkRouteFound>,
}

#[derive(Serialize)]
struct NetworkRouteFound {
    distance_km: f64,
    great_circle_km: f64,
    circuity: Option<f64>,
    km_by_status: KmByStatus,
    node_count: usize,
    /// Every node on the way, [lat, lon].
    geometry: Vec<[f64; 2]>,
}

/// Writes the route; `cumulative_km` is the km at each stop, for the table.
fn write_network_route(
    out: &mut dyn Write,
    answer: &NetworkRoute,
    cumulative_km: &[f64],
    format: Format,
) -> std::io::Result<()> {
    let route = &answer.routes[0];
    match format {
        Format::Json => output::write_json(out, answer),
        Format::Geojson => {
            let mut properties = geojson::JsonObject::new();
            properties.insert("from".into(), answer.from.clone().into());
            properties.insert("to".into(), answer.to.clone().into());
            properties.insert("distance_km".into(), route.distance_km.into());
            properties.insert("network".into(), answer.network.clone().into());
            let points = route.geometry.iter().map(|p| LatLon::new(p[0], p[1]));
            let feature = output::geojson::line_feature(points, properties);
            output::write_json(out, &output::geojson::collection(vec![feature]))
        }
        _ => {
            let mut table = TextTable::new(&[
                ("stop", false),
                ("asked", false),
                ("node", true),
                ("snapped (m)", true),
                ("km", true),
            ]);
            for (i, (stop, km)) in answer.stops.iter().zip(cumulative_km).enumerate() {
                let role = match i {
                    0 => "from".to_string(),
                    i if i + 1 == answer.stops.len() => "to".to_string(),
                    i => format!("via {i}"),
                };
                table.push(vec![
                    role,
                    stop.asked.clone(),
                    stop.node.to_string(),
                    format!("{:.1}", stop.snap_m),
                    format!("{km:.3}"),
                ]);
            }
            let note = format!(
                "{:.3} km ({} nodes; great circle {:.3} km).\nSearch: {}.",
                route.distance_km, route.node_count, route.great_circle_km, answer.method
            );
            output::write_table_with_note(out, &table, format, &note)
        }
    }
}

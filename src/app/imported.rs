//! The commands on imported networks: `import osm`, and `route`, `matrix` and
//! `reach` with `--network FILE`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::{Failure, check_budget, modes_and_statuses, stdout_failure};
use crate::cli::{ByArg, Command, FilterArgs, ImportOsmArgs, MatrixArgs, ReachArgs, RouteArgs};
use crate::geodesy::geodesic_km;
use crate::imported::route::{self, Router};
use crate::imported::snap::{self, Phantom, Snap, Snapper};
use crate::imported::{DM_PER_KM, ImportedNetwork, LinkFilter, Weighting, file};
use crate::lengths::KmByStatus;
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
        no_u_turn_nodes: counts.no_u_turn_nodes,
        divided_road_ends: counts.divided_road_ends,
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
    /// Nodes near them where U-turns are forbidden, as OSRM's car profile
    /// forbids them but at dead ends.
    no_u_turn_nodes: u64,
    /// Turns back between a divided road's carriageways where they meet,
    /// forbidden as U-turns.
    divided_road_ends: u64,
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
            "{} of {} ({} along a via way: left out; {} turns back at divided roads' ends forbidden; no U-turns at {} nodes near these; {} node copies)",
            output::thousands(s.turn_restrictions_applied as i64),
            output::thousands(s.turn_restrictions_read as i64),
            output::thousands(s.turn_restrictions_via_way as i64),
            output::thousands(s.divided_road_ends as i64),
            output::thousands(s.no_u_turn_nodes as i64),
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

/// How far a position may lie from the network's nearest road: farther, it is
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
            let weighting = route_weighting(args)?;
            OnNetwork::load(path, &args.filter, weighting)?.route(args, format, out)
        }
        Command::Matrix(args) => {
            let weighting = matrix_weighting(args)?;
            OnNetwork::load(path, &args.filter, weighting)?.matrix(args, format, out)
        }
        Command::Reach(args) => {
            let (weighting, budget) = reach_budget(args)?;
            OnNetwork::load(path, &args.filter, weighting)?.reach(args, budget, format, out)
        }
        _ => Err(Failure::Input(
            "--network works with route, matrix and reach; the other commands use the dataset"
                .into(),
        )),
    }
}

/// A loaded network with the filter and weighting of one command.
struct OnNetwork {
    network: ImportedNetwork,
    filter: LinkFilter,
    weighting: Weighting,
    /// The mode positions snap to: one mode asked for, or road by default; `None`
    /// when several modes are asked for (the nearest road or railway).
    snap_mode: Option<Mode>,
    snapper: Snapper,
}

/// A position asked for and the point on a road it snapped to.
#[derive(Serialize)]
struct Stop {
    asked: String,
    /// The link it snapped onto.
    link: u32,
    lat: f64,
    lon: f64,
    /// Metres from the position asked for to the road.
    snap_m: f64,
    /// Metres farther than the nearest road, where that lay on a small piece of
    /// road cut off from the rest and the position was moved off it.
    #[serde(skip_serializing_if = "Option::is_none")]
    moved_m: Option<f64>,
    #[serde(skip)]
    phantom: Phantom,
}

impl OnNetwork {
    fn load(path: &Path, filter_args: &FilterArgs, weighting: Weighting) -> Result<Self, Failure> {
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
            weighting,
            snap_mode,
            snapper,
        })
    }

    /// Snaps each `lat,lon` onto the nearest road the filter admits, all of them
    /// together by OSRM's rule on small pieces of road ([`snap::choose`]).
    fn stops(&self, texts: &[String]) -> Result<Vec<Stop>, Failure> {
        let mut snaps = Vec::with_capacity(texts.len());
        for text in texts {
            snaps.push(self.snap(text.trim())?);
        }
        let chosen = snap::choose(&self.network, &snaps);
        Ok(texts
            .iter()
            .zip(chosen)
            .map(|(text, c)| {
                let text = text.trim();
                if let Some(moved_m) = c.moved_m {
                    diagnostic!(
                        "note: the road nearest {text} is on a small piece of road cut off from the rest; moved to the nearest road of the main network, {:.0} m farther ({:.0} m away)",
                        moved_m,
                        c.phantom.snap_m
                    );
                }
                if c.phantom.snap_m > 1000.0 {
                    diagnostic!(
                        "note: {text} is {:.1} km from the nearest road of the network",
                        c.phantom.snap_m / 1000.0
                    );
                }
                Stop {
                    asked: text.to_string(),
                    link: c.phantom.link,
                    lat: c.phantom.position.lat_deg,
                    lon: c.phantom.position.lon_deg,
                    snap_m: tenths(c.phantom.snap_m),
                    moved_m: c.moved_m.map(tenths),
                    phantom: c.phantom,
                }
            })
            .collect())
    }

    fn snap(&self, text: &str) -> Result<Snap, Failure> {
        let position = match lookup::parse_lat_lon(text) {
            Some(parsed) => parsed.map_err(Failure::Input)?,
            None => {
                return Err(Failure::Input(format!(
                    "`{text}`: on a --network, places are lat,lon positions (e.g. 43.7384,7.4246), one per value (repeat --from or --to for more); names belong to the dataset"
                )));
            }
        };
        let Some(snapped) = self.snapper.snap(&self.network, position) else {
            return Err(Failure::Input(format!(
                "the network has no {}road with {} links to start on; it holds {}",
                self.snap_mode.map_or(String::new(), |m| format!("{m} ")),
                self.status_phrase(),
                self.holdings()
            )));
        };
        let snap_m = snapped.nearest.snap_m;
        if snap_m > MAX_SNAP_KM * 1000.0 {
            return Err(Failure::Input(format!(
                "`{text}` is {} km from the network's nearest road (more than {MAX_SNAP_KM} km); give a position on the network, latitude first",
                output::km(snap_m / 1000.0)
            )));
        }
        Ok(snapped)
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

    fn router(&self) -> Router<'_> {
        Router::new(&self.network, &self.filter, self.weighting)
    }

    fn status_phrase(&self) -> String {
        let statuses: Vec<&str> = self.filter.statuses.iter().map(|s| s.as_str()).collect();
        statuses.join(", ")
    }

    /// What was searched and how, for notes and JSON.
    fn method(&self, plain: bool) -> String {
        format!(
            "{} links; snapped onto the nearest {}; by {}; {} on {}",
            self.status_phrase(),
            self.snap_mode.map_or("link", |m| m.as_str()),
            self.by(),
            if plain {
                "plain Dijkstra"
            } else {
                "contraction hierarchy"
            },
            self.network.origin
        )
    }

    fn by(&self) -> &'static str {
        match self.weighting {
            Weighting::Distance => "distance",
            Weighting::Time => "time (car profile speeds by road class)",
        }
    }

    fn route(&self, args: &RouteArgs, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
        let mut texts = vec![args.from.clone()];
        texts.extend(lookup::split_place_list(&args.via));
        texts.push(args.to.clone());
        let stops = self.stops(&texts)?;
        let mut router = self.router();
        let mut geometry: Vec<[f64; 2]> = Vec::new();
        let mut km_by_status = KmByStatus::default();
        let mut cumulative_km = vec![0.0];
        let mut duration_s: Option<f64> = Some(0.0);
        let mut node_count = 0;
        let mut arrived_from = None;
        for leg in stops.windows(2) {
            // Each leg goes on from a via stop as the last one arrived there.
            let found = router.route_after(&leg[0].phantom, arrived_from, &leg[1].phantom);
            let Some(found) = found else {
                return Err(Failure::NoResult(format!(
                    "no route from {} to {} ({}){}",
                    leg[0].asked,
                    leg[1].asked,
                    self.method(router.is_plain()),
                    self.no_route_hint()
                )));
            };
            for (status, dm) in found.dm_by_status {
                km_by_status.add(status, dm as f64 / DM_PER_KM);
            }
            cumulative_km.push(round_m(km_by_status.total()));
            duration_s = duration_s
                .zip(found.duration_ds)
                .map(|(s, ds)| s + ds as f64 / 10.0);
            node_count += found.nodes.len();
            arrived_from = found.arrived_from;
            geometry.push([leg[0].lat, leg[0].lon]);
            geometry.extend(found.nodes.iter().map(|&n| {
                let p = self.network.nodes[n as usize].lat_lon();
                [p.lat_deg, p.lon_deg]
            }));
        }
        if let Some(last) = stops.last() {
            geometry.push([last.lat, last.lon]);
        }
        geometry.dedup();
        let distance_km = km_by_status.total();
        let great_circle_km = geodesic_km(
            stops[0].phantom.position,
            stops[stops.len() - 1].phantom.position,
        );
        let answer = NetworkRoute {
            network: self.network.origin.clone(),
            from: args.from.trim().to_string(),
            to: args.to.trim().to_string(),
            via: stops[1..stops.len() - 1]
                .iter()
                .map(|s| s.asked.clone())
                .collect(),
            by: self.by_word(),
            method: self.method(router.is_plain()),
            routes: vec![NetworkRouteFound {
                distance_km: round_m(distance_km),
                hours: duration_s.map(|s| thousandths(s / 3600.0)),
                great_circle_km: round_m(great_circle_km),
                circuity: crate::geodesy::circuity(distance_km, great_circle_km).map(thousandths),
                km_by_status,
                node_count,
                geometry,
            }],
            stops,
        };
        write_network_route(out, &answer, &cumulative_km, format).map_err(stdout_failure)
    }

    fn by_word(&self) -> &'static str {
        match self.weighting {
            Weighting::Distance => "distance",
            Weighting::Time => "time",
        }
    }

    /// A hint after "no route": another status filter may help only where
    /// statuses other than operational exist and are not asked for already.
    fn no_route_hint(&self) -> &'static str {
        let others = self
            .network
            .km_by_mode_and_status()
            .iter()
            .any(|&(_, status, _)| !self.filter.statuses.contains(&status));
        if others { "; try --status all" } else { "" }
    }

    fn matrix(
        &self,
        args: &MatrixArgs,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let from_texts = lookup::split_place_list(&args.from);
        let to_texts = lookup::split_place_list(&args.to);
        if from_texts.is_empty() || to_texts.is_empty() {
            return Err(Failure::Input(
                "--from and --to each need at least one lat,lon position".into(),
            ));
        }
        // Snapped together: OSRM's rule on small pieces looks at every position.
        let all: Vec<String> = from_texts.iter().chain(&to_texts).cloned().collect();
        let mut stops = self.stops(&all)?;
        let targets = stops.split_off(from_texts.len());
        let sources = stops;
        let source_phantoms: Vec<Phantom> = sources.iter().map(|s| s.phantom).collect();
        let target_phantoms: Vec<Phantom> = targets.iter().map(|s| s.phantom).collect();
        let mut router = self.router();
        let (unit, per_unit) = match self.weighting {
            Weighting::Distance => ("km", DM_PER_KM),
            Weighting::Time => ("hours", 36_000.0),
        };
        let cells: Vec<Vec<Option<f64>>> = router
            .matrix(&source_phantoms, &target_phantoms)
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.map(|w| thousandths(w as f64 / per_unit)))
                    .collect()
            })
            .collect();
        let method = self.method(router.is_plain());
        let written = if format == Format::Json {
            let key = match self.weighting {
                Weighting::Distance => "distance_km",
                Weighting::Time => "hours",
            };
            output::write_json(
                out,
                &serde_json::json!({
                    "network": self.network.origin,
                    "from": sources.iter().map(|s| &s.asked).collect::<Vec<_>>(),
                    "to": targets.iter().map(|s| &s.asked).collect::<Vec<_>>(),
                    "by": self.by_word(),
                    "method": method,
                    "snapped_from": sources,
                    "snapped_to": targets,
                    key: cells,
                }),
            )
        } else {
            let asked =
                |stops: &[Stop]| -> Vec<String> { stops.iter().map(|s| s.asked.clone()).collect() };
            let table =
                routes::matrix_table(&asked(&sources), &asked(&targets), &cells, unit, |v| {
                    format!("{v:.3}")
                });
            output::write_table_with_note(
                out,
                &table,
                format,
                &format!("{unit}: {method}; — = no route."),
            )
        };
        written.map_err(stdout_failure)
    }

    fn reach(
        &self,
        args: &ReachArgs,
        budget: u64,
        format: Format,
        out: &mut dyn Write,
    ) -> Result<(), Failure> {
        let stop = self
            .stops(std::slice::from_ref(&args.from))?
            .pop()
            .expect("one stop per position");
        let tree = route::reach(
            &self.network,
            &self.filter,
            self.weighting,
            &stop.phantom,
            budget,
        );
        let mut reached: Vec<(u32, u64)> = (0..self.network.node_count() as u32)
            .filter_map(|n| tree.reached(n).map(|d| (n, d)))
            .collect();
        reached.sort_by_key(|&(n, d)| (d, n));
        let (unit, per_unit, key) = match self.weighting {
            Weighting::Distance => ("km", DM_PER_KM, "distance_km"),
            Weighting::Time => ("hours", 36_000.0, "hours"),
        };
        let rows: Vec<serde_json::Value> = reached
            .iter()
            .map(|&(node, w)| {
                let p = self.network.nodes[node as usize].lat_lon();
                serde_json::json!({
                    "node": node,
                    "lat": p.lat_deg,
                    "lon": p.lon_deg,
                    key: thousandths(w as f64 / per_unit),
                })
            })
            .collect();
        let budget_shown = thousandths(budget as f64 / per_unit);
        let written = match format {
            Format::Json => output::write_json(
                out,
                &serde_json::json!({
                    "network": self.network.origin,
                    "from": stop,
                    "within": budget_shown,
                    "by": self.by_word(),
                    "method": self.method(true),
                    "nodes": rows,
                }),
            ),
            _ => {
                // One row per node reached, nearest first: a script's input.
                let mut table =
                    TextTable::new(&[("node", true), ("lat", true), ("lon", true), (unit, true)]);
                for &(node, w) in &reached {
                    let p = self.network.nodes[node as usize].lat_lon();
                    table.push(vec![
                        node.to_string(),
                        format!("{:.7}", p.lat_deg),
                        format!("{:.7}", p.lon_deg),
                        format!("{:.3}", w as f64 / per_unit),
                    ]);
                }
                let note = format!(
                    "{} nodes within {} {unit} of {} (on a road {} m away): {}.",
                    reached.len(),
                    budget_shown,
                    stop.asked,
                    stop.snap_m,
                    self.method(true)
                );
                output::write_table_with_note(out, &table, format, &note)
            }
        };
        written.map_err(stdout_failure)
    }
}

/// Kilometres rounded to the metre.
fn round_m(km: f64) -> f64 {
    thousandths(km)
}

/// Rounded to three decimals: km to the metre, seconds to the millisecond.
fn thousandths(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Rounded to one decimal: metres to the decimetre.
fn tenths(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The weighting of `route` on a network: one shortest route, by distance or by
/// time (the car profile's speeds).
fn route_weighting(args: &RouteArgs) -> Result<Weighting, Failure> {
    if args.alternatives != 1 || args.by == ByArg::Cost || args.svg.is_some() {
        return Err(Failure::Input(
            "on a --network, `route` gives the shortest route by distance or by time: -k, --by cost and --svg are for the dataset".into(),
        ));
    }
    Ok(weighting(args.by))
}

/// The weighting of `matrix` on a network: distances or times.
fn matrix_weighting(args: &MatrixArgs) -> Result<Weighting, Failure> {
    if args.by == ByArg::Cost {
        return Err(Failure::Input(
            "on a --network, `matrix` gives distances or times: --by cost is for the dataset"
                .into(),
        ));
    }
    Ok(weighting(args.by))
}

fn weighting(by: ByArg) -> Weighting {
    match by {
        ByArg::Time => Weighting::Time,
        _ => Weighting::Distance,
    }
}

/// `reach`'s weighting and budget on a network: dm for --within KM, ds for
/// --within-hours.
fn reach_budget(args: &ReachArgs) -> Result<(Weighting, u64), Failure> {
    // `as` saturates: a budget past u64's range is every node.
    match (args.within, args.within_hours) {
        (Some(km), _) => Ok((Weighting::Distance, (check_budget(km)? * DM_PER_KM) as u64)),
        (None, Some(hours)) => Ok((Weighting::Time, (check_budget(hours)? * 36_000.0) as u64)),
        (None, None) => Err(Failure::Input(
            "on a --network, `reach` takes --within KM or --within-hours H".into(),
        )),
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
    /// Travel time at the car profile's speeds, where the route's links are known
    /// (plain Dijkstra: by time, or with --status all).
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<f64>,
    great_circle_km: f64,
    circuity: Option<f64>,
    km_by_status: KmByStatus,
    node_count: usize,
    /// The point on the road at each stop and every node on the way, [lat, lon].
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
            if let Some(hours) = route.hours {
                properties.insert("hours".into(), hours.into());
            }
            properties.insert("network".into(), answer.network.clone().into());
            let points = route.geometry.iter().map(|p| LatLon::new(p[0], p[1]));
            let feature = output::geojson::line_feature(points, properties);
            output::write_json(out, &output::geojson::collection(vec![feature]))
        }
        _ => {
            let mut table = TextTable::new(&[
                ("stop", false),
                ("asked", false),
                ("to road (m)", true),
                ("km", true),
            ]);
            for (i, (stop, km)) in answer.stops.iter().zip(cumulative_km).enumerate() {
                let role = match i {
                    0 => "from".to_string(),
                    i if i + 1 == answer.stops.len() => "to".to_string(),
                    i => format!("via {i}"),
                };
                let snapped = match stop.moved_m {
                    Some(moved) => format!("{:.1} (moved {moved:.0})", stop.snap_m),
                    None => format!("{:.1}", stop.snap_m),
                };
                table.push(vec![role, stop.asked.clone(), snapped, format!("{km:.3}")]);
            }
            let hours = route.hours.map_or(String::new(), |h| format!(", {h:.3} h"));
            let note = format!(
                "{:.3} km{hours} ({} nodes; great circle {:.3} km).\nSearch: {}.",
                route.distance_km, route.node_count, route.great_circle_km, answer.method
            );
            output::write_table_with_note(out, &table, format, &note)
        }
    }
}

//! `corridors import osm FILE -o NETWORK`: an OpenStreetMap extract read, split into
//! links and prepared for routing, written as a network file.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Failure, emit};
use crate::cli::ImportOsmArgs;
use crate::imported::{ImportedNetwork, file};
use crate::osm::{self, ImportCounts, tags::TagRules};
use crate::output::answers::{ImportSummary, ModeStatusKm};
use crate::output::{self, Format};

/// `corridors import osm FILE -o NETWORK`.
pub(super) fn run(
    args: &ImportOsmArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    check_paths(args)?;
    let rules = tag_rules(args)?;
    let shown = args.file.display();
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
    let prepare_started = Instant::now();
    let network = ImportedNetwork::prepare(links, origin(args));
    let prepare_s = prepare_started.elapsed();
    progress.set_message("writing the network file");
    output::write_atomic_with(&args.output, |w| file::write(&network, w)).map_err(|error| {
        Failure::Io {
            doing: format!("writing {}", args.output.display()),
            error,
        }
    })?;
    progress.finish_and_clear();
    let summary = summary(args, &rules, &network, &counts, read_s, prepare_s);
    emit(out, format, &summary)
}

/// Refuses an input that is no file, or is the output, and an output directory
/// that cannot be written: before the slow part, so that it is known now.
fn check_paths(args: &ImportOsmArgs) -> Result<(), Failure> {
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
    output::check_output_dir(&args.output).map_err(|error| Failure::Io {
        doing: format!("-o {}", args.output.display()),
        error,
    })?;
    Ok(())
}

/// The network's origin: the extract's file name and the licence.
fn origin(args: &ImportOsmArgs) -> String {
    let file_name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // A file name may hold anything; the origin is echoed to terminals and SVG.
    format!(
        "{} (© OpenStreetMap contributors, ODbL)",
        output::printable(&file_name)
    )
}

/// The answer of an import: what was read, kept and prepared, and how long reading
/// and preparing took.
fn summary(
    args: &ImportOsmArgs,
    rules: &TagRules,
    network: &ImportedNetwork,
    counts: &ImportCounts,
    read_s: Duration,
    prepare_s: Duration,
) -> ImportSummary {
    ImportSummary {
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
        merged_roads: counts.merged_roads,
        hierarchy_edges: network.hierarchy.edge_count() as u64,
        km: network
            .km_by_mode_and_status()
            .into_iter()
            .map(|(mode, status, km)| ModeStatusKm { mode, status, km })
            .collect(),
        read_s: seconds(read_s),
        prepare_s: seconds(prepare_s),
    }
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

/// Seconds to the millisecond.
fn seconds(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

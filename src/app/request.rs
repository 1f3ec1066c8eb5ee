//! The first of the two stages a command line goes through (as in ripgrep): the
//! options are checked against each other and against the command, before anything
//! is read. The second stage, in each command's file, resolves the options against
//! the dataset (place names, countries) into a typed request.

use super::Failure;
use crate::cli::{ByArg, ChartArgs, ChartKind, Cli, Command, FilterArgs};
use crate::output::Format;

/// A command other than route, matrix and reach with `--network`.
pub(super) const NOT_ON_A_NETWORK: &str =
    "--network works with route, matrix and reach; the other commands use the dataset";

/// Refuses options that do not go together, with a message that says which to drop.
pub(super) fn check(cli: &Cli) -> Result<(), Failure> {
    check_format(cli.format, &cli.command)?;
    let dataset_options = cli.routes.is_some() || !cli.scenario.is_empty();
    if matches!(cli.command, Command::Import(_)) && dataset_options {
        // An import reads an OSM extract alone: a dataset option would be ignored.
        return Err(Failure::Input(
            "--routes and --scenario do not apply to `import osm`, which reads only the extract; drop them".into(),
        ));
    }
    if cli.network.is_some() {
        if dataset_options {
            return Err(Failure::Input(
                "--routes and --scenario apply to the dataset, not to an imported --network; drop one or the other".into(),
            ));
        }
        return check_on_network(&cli.command);
    }
    match &cli.command {
        Command::Chart(args) => check_chart(args),
        _ => Ok(()),
    }
}

/// The formats a command can write: charts, the report and the export write files of
/// their own formats, and only a route has a geometry for GeoJSON.
fn check_format(format: Format, command: &Command) -> Result<(), Failure> {
    match command {
        Command::Chart(_) | Command::Report { .. } if format != Format::Table => {
            Err(Failure::Input(
                "--format does not apply to charts and the report: they are SVG, Markdown and HTML"
                    .into(),
            ))
        }
        Command::Export(_) if format != Format::Table => Err(Failure::Input(
            "--format does not apply to `export`: it always writes GeoJSON and FlatGeobuf".into(),
        )),
        Command::Route(_) => Ok(()),
        _ if format == Format::Geojson => Err(Failure::Input(
            "--format geojson is only for `route`; use table, markdown, csv or json".into(),
        )),
        _ => Ok(()),
    }
}

fn check_chart(args: &ChartArgs) -> Result<(), Failure> {
    if args.from.is_some() && args.kind != ChartKind::SeaAccess {
        return Err(Failure::Input(
            "--from is for `chart sea-access`; lengths and map have no origin".into(),
        ));
    }
    if args.pairs.is_some() && args.kind != ChartKind::Impact {
        return Err(Failure::Input(
            "--pairs is for `chart impact`; the other charts take no pairs".into(),
        ));
    }
    if args.bbox.is_some() && args.kind != ChartKind::Map {
        return Err(Failure::Input(
            "--bbox frames `chart map`; the other charts have no frame".into(),
        ));
    }
    if args.kind == ChartKind::Claims && args.filter != FilterArgs::default() {
        return Err(Failure::Input(
            "`chart claims` takes no route filters: each claim says which links it is computed on"
                .into(),
        ));
    }
    Ok(())
}

/// What an imported network can answer: `route`, `matrix` and `reach`, by distance
/// or time, without the dataset's seasons, places and countries. Checked before the
/// (perhaps large) file is read.
fn check_on_network(command: &Command) -> Result<(), Failure> {
    let filter = match command {
        Command::Route(args) => {
            if args.alternatives != 1 || args.by == ByArg::Cost || args.svg.is_some() {
                return Err(Failure::Input(
                    "on a --network, `route` gives the shortest route by distance or by time: -k, --by cost and --svg are for the dataset".into(),
                ));
            }
            &args.filter
        }
        Command::Matrix(args) => {
            if args.by == ByArg::Cost {
                return Err(Failure::Input(
                    "on a --network, `matrix` gives distances or times: --by cost is for the dataset"
                        .into(),
                ));
            }
            &args.filter
        }
        Command::Reach(args) => {
            if args.within.is_none() && args.within_hours.is_none() {
                return Err(Failure::Input(
                    "on a --network, `reach` takes --within KM or --within-hours H".into(),
                ));
            }
            &args.filter
        }
        _ => {
            return Err(Failure::Input(NOT_ON_A_NETWORK.into()));
        }
    };
    if filter.month.is_some() || filter.date.is_some() {
        return Err(Failure::Input(
            "--month and --date close the dataset's seasonal passes; an imported network has no seasons".into(),
        ));
    }
    if !filter.avoid.is_empty() || !filter.avoid_country.is_empty() {
        return Err(Failure::Input(
            "--avoid and --avoid-country need places and countries, which an imported network does not have".into(),
        ));
    }
    Ok(())
}

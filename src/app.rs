//! The command layer: runs one parsed command line. This is the only module that
//! reads data directories, writes files and prints.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, Command, CompareArgs, ListWhat, SortArg};
use crate::compare::{self, CompareOptions, SortKey};
use crate::load::{self, Problems};
use crate::model::{Dataset, Mode, Status};
use crate::output::{self, Format, tables};

/// Why a command failed, and the exit code that says so.
#[derive(Debug)]
pub enum Failure {
    /// Bad data or bad usage: exit 2.
    Input(String),
    /// The dataset has problems: exit 2, each printed.
    Dataset(Problems),
    /// A valid question with no answer (no route ...): exit 1.
    NoResult(String),
    /// An I/O failure, with what was being done.
    Io { doing: String, error: io::Error },
}

impl Failure {
    /// Prints the failure to stderr and gives the exit code. A closed stdout (as in
    /// `corridors compare | head -1`) is no failure: exit quietly.
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Io { error, .. } if error.kind() == io::ErrorKind::BrokenPipe => {
                ExitCode::SUCCESS
            }
            Failure::Io { doing, error } => {
                eprintln!("error: {doing}: {error}");
                ExitCode::from(2)
            }
            Failure::Input(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Failure::Dataset(problems) => {
                eprintln!("{problems}");
                ExitCode::from(2)
            }
            Failure::NoResult(message) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        }
    }
}

fn stdout_failure(error: io::Error) -> Failure {
    Failure::Io {
        doing: "writing to stdout".into(),
        error,
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    run_with(cli, &mut out)?;
    out.flush().map_err(stdout_failure)
}

/// Runs one command line, writing its data to `out`.
pub fn run_with(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    let data = load_dataset(cli.routes.as_deref());
    match cli.command {
        Command::Check => check(data?, cli.format, out),
        Command::List { what } => list(&data?, what, cli.format, out),
        Command::Compare(args) => {
            let options = compare_options(&args)?;
            write_compare(&data?, &options, cli.format, out).map_err(stdout_failure)
        }
        Command::Report { output } => report(&data?, &output, out),
    }
}

/// The dataset named by `--routes`, or the built-in one.
fn load_dataset(routes: Option<&Path>) -> Result<Dataset, Failure> {
    let loaded = match routes {
        Some(dir) if !dir.is_dir() => {
            return Err(Failure::Input(format!(
                "--routes {}: not a directory; give the directory that holds places.toml and corridors/",
                dir.display()
            )));
        }
        Some(dir) => load::load_dir(dir),
        None => load::load_embedded(),
    };
    loaded.map_err(Failure::Dataset)
}

fn check(data: Dataset, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
    let summary = compare::summary(&data);
    let written = if format == Format::Json {
        output::write_json(out, &summary)
    } else {
        let k = &summary.km_by_status;
        writeln!(
            out,
            "ok: {} places, {} corridors, {} segments; {} km operational, {} km under construction, {} km proposed",
            summary.places,
            summary.corridors,
            summary.segments,
            output::km(k.operational),
            output::km(k.under_construction),
            output::km(k.proposed),
        )
    };
    written.map_err(stdout_failure)
}

fn list(
    data: &Dataset,
    what: ListWhat,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let written = match (what, format) {
        (ListWhat::Places, Format::Json) => {
            let places: Vec<_> = data
                .places
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id, "name": p.name, "country": p.country,
                        "border_with": p.border_with,
                        "lat": p.position.lat_deg, "lon": p.position.lon_deg,
                        "kind": p.kind, "aliases": p.aliases,
                        "elevation_m": p.elevation_m, "source": p.source,
                    })
                })
                .collect();
            output::write_json(out, &places)
        }
        (ListWhat::Corridors, Format::Json) => {
            let corridors: Vec<_> = data
                .corridors
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "name": c.name, "mode": c.mode, "status": c.status,
                        "segments": c.path.len(), "sources": c.sources,
                        "includes": c.includes.iter().map(|&i| &data.corridors[i].id).collect::<Vec<_>>(),
                    })
                })
                .collect();
            output::write_json(out, &corridors)
        }
        (ListWhat::Places, _) => output::write_table(out, &tables::places(data), format),
        (ListWhat::Corridors, _) => output::write_table(out, &tables::corridors(data), format),
    };
    written.map_err(stdout_failure)
}

/// Parses a comma-separated list of keywords, or `all` for none (no filter).
fn parse_list<T>(
    values: &[String],
    key: &str,
    parse: fn(&str) -> Option<T>,
    accepted: fn() -> String,
) -> Result<Vec<T>, Failure> {
    if values.iter().any(|v| v == "all") {
        return Ok(Vec::new());
    }
    values
        .iter()
        .map(|v| {
            parse(v.trim()).ok_or_else(|| {
                Failure::Input(format!(
                    "--{key} {v}: unknown {key}; use one of: {} (comma-separated)",
                    accepted()
                ))
            })
        })
        .collect()
}

fn compare_options(args: &CompareArgs) -> Result<CompareOptions, Failure> {
    Ok(CompareOptions {
        modes: parse_list(&args.mode, "mode", Mode::parse, Mode::accepted)?,
        statuses: parse_list(&args.status, "status", Status::parse, || {
            format!("{} | all", Status::accepted())
        })?,
        sort: match args.sort {
            SortArg::Length => SortKey::Length,
            SortArg::Name => SortKey::Name,
            SortArg::Status => SortKey::Status,
        },
    })
}

fn write_compare(
    data: &Dataset,
    options: &CompareOptions,
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = compare::compare(data, options);
    match format {
        Format::Json => output::write_json(out, &rows),
        Format::Table => {
            output::write_table(out, &tables::compare_brief(&rows), format)?;
            writeln!(
                out,
                "\nkm: measured on WGS84 along the segments; stated: published total; diff: measured vs stated;\n\
                 straight: great-circle distance between the ends; circ.: km ÷ straight."
            )?;
            write!(out, "{}", tables::compare_details(&rows))
        }
        Format::Markdown | Format::Csv => {
            output::write_table(out, &tables::compare_full(&rows), format)
        }
    }
}

/// The charts that the report will hold once the charts issue lands.
const CHARTS_TO_COME: &[&str] = &["lengths.svg", "map.svg", "sea-access.svg", "report.html"];

fn report(data: &Dataset, dir: &Path, out: &mut dyn Write) -> Result<(), Failure> {
    let started = Instant::now();
    std::fs::create_dir_all(dir).map_err(|error| Failure::Io {
        doing: format!("creating the output directory {}", dir.display()),
        error,
    })?;
    let rows = compare::compare(data, &CompareOptions::default());

    let mut markdown = Vec::new();
    write_report_markdown(data, &rows, &mut markdown).map_err(stdout_failure)?;
    let report_path: PathBuf = dir.join("report.md");
    output::write_atomic(&report_path, &markdown).map_err(|error| Failure::Io {
        doing: format!("writing {}", report_path.display()),
        error,
    })?;

    let mut run = || -> io::Result<()> {
        output::write_table(out, &tables::compare_brief(&rows), Format::Table)?;
        writeln!(out)?;
        writeln!(out, "wrote {}", report_path.display())?;
        writeln!(
            out,
            "still to come (charts issue): {}",
            CHARTS_TO_COME.join(", ")
        )?;
        writeln!(out, "took {:.2} s", started.elapsed().as_secs_f64())
    };
    run().map_err(stdout_failure)
}

fn write_report_markdown(
    data: &Dataset,
    rows: &[compare::CorridorMetrics],
    out: &mut dyn Write,
) -> io::Result<()> {
    let summary = compare::summary(data);
    writeln!(out, "# Corridors between Central Asia and South Asia\n")?;
    writeln!(
        out,
        "{} places, {} corridors, {} segments. Lengths are geodesic on the WGS84 ellipsoid \
         along each segment's shape points; `stated_length_km` is the published total.\n",
        summary.places, summary.corridors, summary.segments
    )?;
    writeln!(out, "## Corridor comparison\n")?;
    output::write_table(out, &tables::compare_full(rows), Format::Markdown)?;
    writeln!(out, "\n## Notes\n")?;
    for m in rows {
        for note in &m.notes {
            writeln!(out, "- **{}**: {}", m.id, note)?;
        }
    }
    Ok(())
}

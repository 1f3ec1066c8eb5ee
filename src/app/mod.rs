//! The command layer: runs one parsed command line, turning its arguments into
//! calls of the library and their answers into output. Files are read through
//! `load` and written through `output`'s atomic writers.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::analysis::{self, Pairs};
use crate::basemap::Basemap;
use crate::chart::{self, MapSpec, RouteOverlay};
use crate::cli::{
    ByArg, ChartArgs, ChartKind, Cli, Command, CompareArgs, CriticalArgs, FilterArgs, ImpactArgs,
    ImportCommand, ListWhat, MatrixArgs, ReachArgs, RouteArgs, SortArg,
};
use crate::compare::{self, CompareOptions, SortKey};
use crate::load::{self, Problems};
use crate::lookup;
use crate::model::{Dataset, Keyword, Mode, PlaceIdx, Status};
use crate::network::{Exclusion, Filter, Network};
use crate::output::{self, Format, routes, tables};
use crate::routing::{self, FilterDescription, Metric, Query, RouteAnswer, Search, Weights};
use crate::sea_access;

/// `eprintln!` that never panics: a closed or full stderr (`2>&-`, `2>/dev/full`, a
/// pipe whose reader quit) loses the diagnostic, and the exit code still tells.
/// Control characters in what it echoes (a place asked for, a file name) are
/// written as escapes ([`output::printable`]).
macro_rules! diagnostic {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::output::printable(&text));
    }};
}

mod export;
mod imported;

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
                diagnostic!("error: {doing}: {error}");
                ExitCode::from(2)
            }
            Failure::Input(message) => {
                diagnostic!("error: {message}");
                ExitCode::from(2)
            }
            Failure::Dataset(problems) => {
                diagnostic!("{problems}");
                ExitCode::from(2)
            }
            Failure::NoResult(message) => {
                diagnostic!("{message}");
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
    let mut out = io::BufWriter::new(ClosedAtStart {
        closed: output::stdout_was_closed(),
        inner: stdout.lock(),
    });
    run_with(cli, &mut out)?;
    out.flush().map_err(stdout_failure)
}

/// Stdout that fails on the first write if it was closed when the process started
/// (`corridors compare >&-`): Rust's runtime then opens /dev/null in its place, and
/// the output would vanish with exit 0.
struct ClosedAtStart<W> {
    closed: bool,
    inner: W,
}

impl<W: Write> Write for ClosedAtStart<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.closed && !bytes.is_empty() {
            return Err(io::Error::other(
                "it was closed when corridors started (>&-), so the output would be lost; \
                 redirect it to a file, or to /dev/null to discard it",
            ));
        }
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Runs one command line, writing its data to `out`.
pub fn run_with(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    if cli.format == Format::Geojson && !matches!(cli.command, Command::Route(_)) {
        return Err(Failure::Input(
            "--format geojson is only for `route`; use table, markdown, csv or json".into(),
        ));
    }
    if cli.format != Format::Table
        && matches!(cli.command, Command::Chart(_) | Command::Report { .. })
    {
        return Err(Failure::Input(
            "--format does not apply to charts and the report: they are SVG, Markdown and HTML"
                .into(),
        ));
    }
    if let Some(network) = &cli.network {
        if cli.routes.is_some() || !cli.scenario.is_empty() {
            return Err(Failure::Input(
                "--routes and --scenario apply to the dataset, not to an imported --network; drop one or the other".into(),
            ));
        }
        return imported::run_on_network(network, &cli.command, cli.format, out);
    }
    // Only the commands that need the dataset load it (`import` reads none).
    let data = || {
        load_dataset(cli.routes.as_deref()).and_then(|data| apply_scenarios(data, &cli.scenario))
    };
    match cli.command {
        Command::Import(ImportCommand::Osm(args)) => {
            // An import reads an OSM extract alone: a dataset option would be ignored.
            if cli.routes.is_some() || !cli.scenario.is_empty() {
                return Err(Failure::Input(
                    "--routes and --scenario do not apply to `import osm`, which reads only the extract; drop them".into(),
                ));
            }
            imported::import_osm(&args, cli.format, out)
        }
        Command::Route(args) => route(&data()?, cli.routes.as_deref(), &args, cli.format, out),
        Command::Matrix(args) => matrix(&data()?, &args, cli.format, out),
        Command::Reach(args) => reach(&data()?, &args, cli.format, out),
        Command::Check => {
            let data = data()?;
            // The base map is read only when a map is drawn; `check` says now
            // whether one would be.
            load_basemap(cli.routes.as_deref())?;
            check(data, cli.format, out)
        }
        Command::List { what, country } => {
            list(&data()?, what, country.as_deref(), cli.format, out)
        }
        Command::Compare(args) => {
            let data = data()?;
            let options = compare_options(&data, &args)?;
            write_compare(&data, &options, cli.format, out).map_err(stdout_failure)
        }
        Command::Chart(args) => chart(&data()?, cli.routes.as_deref(), &args, out),
        Command::Impact(args) => impact(&data()?, &args, cli.format, out),
        Command::Critical(args) => critical(&data()?, &args, cli.format, out),
        Command::Claims => claims(&data()?, cli.routes.as_deref(), cli.format, out),
        Command::Evidence => evidence(&data()?, cli.format, out),
        Command::Completions { shell } => {
            let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "corridors", out);
            Ok(())
        }
        Command::Man => {
            let command = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(out)
                .map_err(stdout_failure)
        }
        Command::Report { output, pairs } => {
            let data = data()?;
            let pairs = match pairs {
                Some(file) => self::pairs(&data, Some(&file))?,
                None => Pairs::default_for(&data),
            };
            report(&data, cli.routes.as_deref(), &output, &pairs, out)
        }
        Command::Export(args) => export::export(&data()?, &args, cli.format, out),
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

/// A user's file as text, with its name as shown in messages; `hint` says what the
/// file should be, for when it cannot be read.
fn read_text(path: &Path, limit_bytes: u64, hint: &str) -> Result<(String, String), Failure> {
    output::protect_input(path);
    let shown = path.display().to_string();
    let text = load::read_source(path, limit_bytes, hint)
        .map_err(|why| Failure::Dataset(Problems(vec![why.diagnostic(&shown)])))?;
    Ok((shown, text))
}

/// The built-in scenario a `--scenario` value names: a bare name (no directory, no
/// extension) that is not a file here. A file of that name wins, so nothing a user
/// has is shadowed.
fn scenario_name(path: &Path) -> Option<&str> {
    let name = path.to_str()?;
    let bare =
        !name.is_empty() && !name.contains(['/', '\\', '.']) && path.components().count() == 1;
    (bare && !path.exists()).then_some(name)
}

/// Reads each `--scenario FILE` and applies it, in order; a scenario is checked
/// against the dataset as the ones before it left it.
fn apply_scenarios(mut data: Dataset, files: &[std::path::PathBuf]) -> Result<Dataset, Failure> {
    for path in files {
        let (shown, text) = match scenario_name(path) {
            Some(name) => load::builtin_scenario(name).ok_or_else(|| {
                let names = load::builtin_scenario_names();
                let hint = match load::nearest(name, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? "),
                    None => String::new(),
                };
                Failure::Input(format!(
                    "--scenario {name}: no such file, and no built-in scenario of that name; \
                     {hint}built-in: {}; or give a path to a TOML file (format in routes/README.md)",
                    names.join(", ")
                ))
            })?,
            None => read_text(
                path,
                load::MAX_SCENARIO_BYTES,
                "--scenario takes a TOML file (format in routes/README.md) or the name of a \
                 built-in one (torkham-closed, ...)",
            )?,
        };
        let scenario = load::scenario(&shown, &text, &data).map_err(Failure::Dataset)?;
        crate::scenario::apply(&mut data, &scenario);
    }
    Ok(data)
}

/// The base map of `--routes DIR` where it has one, else the built-in one (the
/// countries do not change with the corridors).
fn load_basemap(routes: Option<&Path>) -> Result<Basemap, Failure> {
    load::basemap(routes).map_err(Failure::Input)
}

/// Writes `bytes` to `path` atomically, or to `out` where no path is given.
fn write_output(path: Option<&Path>, bytes: &[u8], out: &mut dyn Write) -> Result<(), Failure> {
    match path {
        Some(path) => output::write_atomic(path, bytes).map_err(|error| Failure::Io {
            doing: format!("writing {}", path.display()),
            error,
        }),
        None => out.write_all(bytes).map_err(stdout_failure),
    }
}

fn chart_failure(error: chart::ChartError) -> Failure {
    Failure::Io {
        doing: "drawing a chart".into(),
        error: io::Error::other(error),
    }
}

fn chart(
    data: &Dataset,
    routes: Option<&Path>,
    args: &ChartArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
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
    // Refused before drawing: a chart written as SVG into x.png would not open.
    let png = chart_format_is_png(args.output.as_deref())?;
    let svg = match args.kind {
        ChartKind::Lengths => {
            let filter = network_filter(data, &args.filter, Filter::everything())?;
            chart::lengths(data, &filter, &chart::subtitle(data, &filter))
        }
        ChartKind::Map => {
            let filter = network_filter(data, &args.filter, Filter::everything())?;
            let basemap = load_basemap(routes)?;
            let bounds = args.bbox.map(|[south, west, north, east]| chart::Bounds {
                south_deg: south,
                west_deg: west,
                north_deg: north,
                east_deg: east,
            });
            chart::map::framed(data, &basemap, &MapSpec::network(data, &filter), bounds)
        }
        ChartKind::SeaAccess => {
            let filter = network_filter(data, &args.filter, Filter::default())?;
            let from = place(
                data,
                args.from.as_deref().unwrap_or(crate::report::SEA_ACCESS_ORIGIN),
            )?;
            check_not_avoided(data, &filter, &[from])?;
            if data.outlets.is_empty() {
                return Err(Failure::Input(
                    "the dataset has no outlets.toml, so there are no sea outlets to measure"
                        .into(),
                ));
            }
            let weights = Weights::distance(data);
            let network = Network::new(data, &filter);
            let access = sea_access::sea_access(&Search::new(&network, &weights), &filter, from);
            chart::sea_access(&access, &chart::subtitle(data, &filter))
        }
        ChartKind::Impact => {
            let filter = network_filter(data, &args.filter, Filter::default())?;
            let result =
                analysis::impact::impact(data, &filter, &pairs(data, args.pairs.as_deref())?);
            chart::analysis::impact(&result, &chart::subtitle(data, &filter))
        }
        ChartKind::Claims => {
            if args.filter != FilterArgs::default() {
                return Err(Failure::Input(
                    "`chart claims` takes no route filters: each claim says which links it is computed on"
                        .into(),
                ));
            }
            let results = claim_results(data, routes)?;
            chart::analysis::claims(&results, &chart::analysis::claims_subtitle(data))
        }
    }
    .map_err(chart_failure)?;
    let svg = match &args.title {
        Some(title) => chart::retitled(&svg, title),
        None => svg,
    };
    if png {
        let bytes = chart::png::svg_to_png(&svg, args.width).map_err(chart_failure)?;
        return write_output(args.output.as_deref(), &bytes, out);
    }
    let svg = match args.width {
        Some(width_px) => chart::resized(&svg, width_px),
        None => svg,
    };
    write_output(args.output.as_deref(), svg.as_bytes(), out)
}

/// True where the chart goes to a `.png` file; false for `.svg` or stdout. Any other
/// extension is refused: the chart would be written in a format its name belies.
fn chart_format_is_png(output: Option<&Path>) -> Result<bool, Failure> {
    let Some(path) = output else {
        return Ok(false);
    };
    // Through a link (/dev/stdout redirected to out.svg), the file it names counts.
    let named = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let extension = named
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // A device or a pipe (/dev/stdout, a FIFO) has no extension to go by: SVG.
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    match extension.as_deref() {
        Some("svg") => Ok(false),
        Some("png") => Ok(true),
        _ if special => Ok(false),
        _ => {
            // A path into a dataset is refused for that first: it is the graver mistake.
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            output::check_outside_datasets(dir).map_err(|error| Failure::Io {
                doing: format!("writing {}", path.display()),
                error,
            })?;
            Err(Failure::Input(format!(
                "{}: a chart is written as .svg or .png\n  hint: name the file map.svg or map.png",
                path.display()
            )))
        }
    }
}

fn check(data: Dataset, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
    let summary = compare::summary(&data);
    let written = if format == Format::Json {
        output::write_json(out, &summary)
    } else {
        output::tables::write_check_summary(out, &summary)
    };
    written.map_err(stdout_failure)
}

fn list(
    data: &Dataset,
    what: ListWhat,
    country: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let country = country
        .map(|code| country_code(data, code, "--country"))
        .transpose()?;
    let country = country.as_deref();
    let in_country = |p: &crate::model::Place| {
        country.is_none_or(|c| p.country == c || p.border_with.as_deref() == Some(c))
    };
    let crosses = |c: usize| {
        country.is_none_or(|_| {
            data.corridor_places(c)
                .iter()
                .any(|&p| in_country(&data.places[p]))
        })
    };
    let shown_corridors: Vec<usize> = (0..data.corridors.len()).filter(|&c| crosses(c)).collect();
    let written = match (what, format) {
        (ListWhat::Places, Format::Json) => {
            let places: Vec<_> = data
                .places
                .iter()
                .filter(|p| in_country(p))
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
            let corridors: Vec<_> = shown_corridors
                .iter()
                .map(|&c| &data.corridors[c])
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
        (ListWhat::Places, _) => {
            let places = data.places.iter().filter(|p| in_country(p));
            output::write_table(out, &tables::places(places), format)
        }
        (ListWhat::Corridors, _) => {
            output::write_table(out, &tables::corridors(data, &shown_corridors), format)
        }
    };
    written.map_err(stdout_failure)
}

/// Parses a comma-separated list of keywords, or `all` for none (no filter).
/// `accepted` lists the keywords; the message adds `all`.
fn parse_list<T: Keyword>(values: &[String], key: &str) -> Result<Vec<T>, Failure> {
    if values.iter().any(|v| v == "all") {
        return Ok(Vec::new());
    }
    values
        .iter()
        .map(|v| {
            T::parse(v.trim()).ok_or_else(|| {
                Failure::Input(format!(
                    "--{key} {v}: unknown {key}; use one of: {} | all (comma-separated)",
                    T::accepted()
                ))
            })
        })
        .collect()
}

fn compare_options(data: &Dataset, args: &CompareArgs) -> Result<CompareOptions, Failure> {
    let corridors = args
        .corridors
        .iter()
        .map(|id| {
            data.corridor_by_id(id).ok_or_else(|| {
                let ids = data.corridors.iter().map(|c| c.id.as_str());
                let hint = match load::nearest(id, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`corridors list corridors` gives the ids".into(),
                };
                Failure::Input(format!("no corridor `{id}`; {hint}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CompareOptions {
        corridors,
        modes: parse_list(&args.mode, "mode")?,
        statuses: parse_list(&args.status, "status")?,
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
            output::write_table_with_note(
                out,
                &tables::compare_brief(&rows),
                format,
                "km: on the ground, each segment's published length or else its estimate (`corridors check`\n\
                 gives the method); stated: published total; diff: km vs stated; circ.: km ÷ the great circle\n\
                 between the ends; pub.: the share of km that are published section lengths.",
            )?;
            write!(out, "{}", tables::compare_details(&rows))
        }
        Format::Markdown | Format::Csv | Format::Geojson => {
            output::write_table(out, &tables::compare_full(&rows), format)
        }
    }
}

fn report(
    data: &Dataset,
    routes_dir: Option<&Path>,
    dir: &Path,
    pairs: &Pairs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let started = Instant::now();
    // The directory first: a place that cannot be written fails before the work.
    output::check_outside_datasets(dir).map_err(|error| Failure::Io {
        doing: format!("writing the report into {}", dir.display()),
        error,
    })?;
    std::fs::create_dir_all(dir).map_err(|error| Failure::Io {
        doing: format!("creating the output directory {}", dir.display()),
        error,
    })?;
    let basemap = load_basemap(routes_dir)?;
    let files = crate::report::build(data, &basemap, pairs).map_err(chart_failure)?;
    // One set: a killed or failed run leaves the old report whole, not mixed.
    let set: Vec<(&str, &[u8])> = files
        .iter()
        .map(|file| (file.name.as_str(), file.text.as_bytes()))
        .collect();
    let paths = output::write_set(dir, &set).map_err(|error| Failure::Io {
        doing: format!("writing the report into {}", dir.display()),
        error,
    })?;
    let mut run = || -> io::Result<()> {
        for path in &paths {
            let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
            writeln!(
                out,
                "wrote {} ({} KB)",
                path.display(),
                bytes.div_ceil(1024)
            )?;
        }
        writeln!(
            out,
            "{} files in {:.2} s",
            paths.len(),
            started.elapsed().as_secs_f64()
        )
    };
    run().map_err(stdout_failure)
}

/// The place `text` names, or for a `lat,lon`, the nearest place (said on stderr).
fn place(data: &Dataset, text: &str) -> Result<PlaceIdx, Failure> {
    if let Some(position) = lookup::parse_lat_lon(text) {
        let position = position.map_err(Failure::Input)?;
        let (idx, km) = lookup::place_near(data, position).map_err(Failure::Input)?;
        diagnostic!(
            "note: {} is {} km from {}, the nearest place; routing from there",
            text.trim(),
            output::km(km),
            data.places[idx].name
        );
        return Ok(idx);
    }
    lookup::find_place(data, text).map_err(|e| Failure::Input(e.to_string()))
}

/// The places of a repeatable, comma-separated option (`lat,lon` is one place).
fn places(data: &Dataset, texts: &[String]) -> Result<Vec<PlaceIdx>, Failure> {
    lookup::split_place_list(texts)
        .iter()
        .map(|t| place(data, t))
        .collect()
}

/// The modes and statuses of `--mode` and `--status`: not given, the defaults;
/// `all` (or a default left empty), every value.
fn modes_and_statuses(
    args: &FilterArgs,
    mut modes: Vec<Mode>,
    mut statuses: Vec<Status>,
) -> Result<(Vec<Mode>, Vec<Status>), Failure> {
    if !args.mode.is_empty() {
        modes = parse_list(&args.mode, "mode")?;
    }
    if !args.status.is_empty() {
        statuses = parse_list(&args.status, "status")?;
    }
    if modes.is_empty() {
        modes = Mode::ALL.to_vec();
    }
    if statuses.is_empty() {
        statuses = Status::ALL.to_vec();
    }
    Ok((modes, statuses))
}

/// A `reach` budget: a finite number, zero or more.
fn check_budget(budget: f64) -> Result<f64, Failure> {
    if !budget.is_finite() || budget < 0.0 {
        return Err(Failure::Input(format!(
            "the budget must be a finite number, zero or more; found {budget}"
        )));
    }
    Ok(budget)
}

/// `code` as an ISO 3166-1 alpha-2 code that a place of the dataset lies in,
/// upper-cased; `option` names the argument in the message.
fn country_code(data: &Dataset, code: &str, option: &str) -> Result<String, Failure> {
    let upper = code.trim().to_uppercase();
    if isocountry::CountryCode::for_alpha2(&upper).is_err() {
        return Err(Failure::Input(format!(
            "{option} {code}: not an ISO 3166-1 alpha-2 code; use e.g. AF, IR, CN"
        )));
    }
    let known = lookup::countries(data);
    if !known.contains(&upper) {
        return Err(Failure::Input(format!(
            "{option} {code}: no place of the dataset lies in {upper}; its countries are {}",
            known.join(", ")
        )));
    }
    Ok(upper)
}

/// The filter that `args` describe; what they leave out comes from `default`.
fn network_filter(data: &Dataset, args: &FilterArgs, default: Filter) -> Result<Filter, Failure> {
    let mut filter = default;
    (filter.modes, filter.statuses) = modes_and_statuses(args, filter.modes, filter.statuses)?;
    for code in &args.avoid_country {
        filter
            .avoid_countries
            .push(country_code(data, code, "--avoid-country")?);
    }
    filter.avoid_places = places(data, &args.avoid)?;
    filter.month = args.month.or(args.date);
    Ok(filter)
}

/// Refuses a question whose own ends the filter excludes.
fn check_not_avoided(data: &Dataset, filter: &Filter, ends: &[PlaceIdx]) -> Result<(), Failure> {
    for &p in ends {
        let place = &data.places[p];
        let message = match filter.excludes(data, p) {
            None => continue,
            Some(Exclusion::AvoidedPlace) => format!(
                "{} is both on the route and avoided; drop it from --avoid",
                place.name
            ),
            Some(Exclusion::AvoidedCountry) => format!(
                "{} is in {}, which --avoid-country excludes",
                place.name, place.country
            ),
            Some(Exclusion::Closed) => format!(
                "{} is closed by the scenario ({}); ask about another place, or drop the --scenario",
                place.name,
                data.scenarios.join(", ")
            ),
        };
        return Err(Failure::Input(message));
    }
    Ok(())
}

fn metric_of(by: ByArg) -> Metric {
    match by {
        ByArg::Distance => Metric::Distance,
        ByArg::Time => Metric::Time,
        ByArg::Cost => Metric::Cost,
    }
}

fn weights<'d>(data: &'d Dataset, metric: Metric, filter: &Filter) -> Result<Weights<'d>, Failure> {
    Weights::new(data, metric, &filter.modes).map_err(|missing| {
        Failure::Input(format!(
            "--by {metric}: {missing}; add the figure with its source, or leave the mode out with --mode"
        ))
    })
}

/// The longest `--via` list: the via count is kept in a byte.
const MAX_VIAS: usize = 200;

fn route(
    data: &Dataset,
    routes_dir: Option<&Path>,
    args: &RouteArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let from = place(data, &args.from)?;
    let to = place(data, &args.to)?;
    let vias = places(data, &args.via)?;
    if from == to && vias.is_empty() {
        return Err(Failure::Input(format!(
            "FROM and TO are the same place ({}); give two places",
            data.places[from].name
        )));
    }
    if vias.len() > MAX_VIAS {
        return Err(Failure::Input(format!("at most {MAX_VIAS} --via places")));
    }
    let mut stops = vec![from];
    stops.extend(&vias);
    stops.push(to);
    if let Some(pair) = stops.windows(2).find(|w| w[0] == w[1]) {
        return Err(Failure::Input(format!(
            "{} follows itself in FROM, --via, TO; drop the repeated --via",
            data.places[pair[0]].name
        )));
    }
    let filter = network_filter(data, &args.filter, Filter::default())?;
    check_not_avoided(data, &filter, &stops)?;
    let metric = metric_of(args.by);
    let weights = weights(data, metric, &filter)?;
    let network = Network::new(data, &filter);
    let search = Search::new(&network, &weights).with_max_transfers(args.max_transfers);
    let query = Query {
        from,
        vias: &vias,
        to,
    };
    let paths = routing::alternatives(&search, &query, args.alternatives);
    if paths.is_empty() {
        if let Some(max) = args.max_transfers
            && let Some(path) = Search::new(&network, &weights).shortest(&query)
        {
            let route = routing::summarise(&weights, &path);
            return Err(Failure::NoResult(format!(
                "no route with at most {max} transfer(s).\nthe best route makes {}: {} km through {}.",
                route.transfers.len(),
                output::km(route.distance_km),
                route.countries.join(" → ")
            )));
        }
        let why = routing::explain_no_route(data, &filter, metric, &query);
        return Err(Failure::NoResult(no_route_message(&why)));
    }
    let answer = RouteAnswer {
        from: data.places[from].id.clone(),
        to: data.places[to].id.clone(),
        via: vias.iter().map(|&v| data.places[v].id.clone()).collect(),
        by: metric.as_str(),
        filter: FilterDescription::of(data, &filter),
        alternatives_rule: routing::alternatives_rule(&query),
        routes: paths
            .iter()
            .map(|p| routing::summarise(&weights, p))
            .collect(),
    };
    if let Some(path) = &args.svg {
        let overlays: Vec<RouteOverlay> = answer
            .routes
            .iter()
            .enumerate()
            .map(|(rank, route)| RouteOverlay::of(rank, route))
            .collect();
        let spec = MapSpec {
            title: routes::route_title(data, &answer),
            subtitle: format!(
                "Highlighted: {} route(s); the network drawn is the one searched",
                overlays.len()
            ),
            filter: &filter,
            routes: &overlays,
        };
        let basemap = load_basemap(routes_dir)?;
        let svg = chart::map(data, &basemap, &spec).map_err(chart_failure)?;
        if chart_format_is_png(Some(path))? {
            let png = chart::png::svg_to_png(&svg, None).map_err(chart_failure)?;
            write_output(Some(path), &png, out)?;
        } else {
            write_output(Some(path), svg.as_bytes(), out)?;
        }
    }
    routes::write_route(out, data, &answer, format).map_err(stdout_failure)
}

fn no_route_message(why: &routing::NoRoute) -> String {
    let mut message = format!("no route: {}.", why.reason);
    match &why.relaxation {
        Some(relaxed) => {
            let route = &relaxed.route;
            message.push_str(&format!(
                "\n{}: {} km through {}",
                relaxed.lifted,
                output::km(route.distance_km),
                route.countries.join(" → ")
            ));
            if !route.unbuilt_corridors.is_empty() {
                message.push_str(&format!(
                    ", using {} (not operational)",
                    route.unbuilt_corridors.join(", ")
                ));
            }
            message.push('.');
        }
        None => message.push_str(
            "\nno route exists even with every status, every transport mode and nothing avoided: \
             the dataset does not connect these places.",
        ),
    }
    message
}

fn matrix(
    data: &Dataset,
    args: &MatrixArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let from = places(data, &args.from)?;
    let to = places(data, &args.to)?;
    if from.is_empty() || to.is_empty() {
        return Err(Failure::Input(
            "--from and --to each need at least one place".into(),
        ));
    }
    let filter = network_filter(data, &args.filter, Filter::default())?;
    let ends: Vec<PlaceIdx> = from.iter().chain(&to).copied().collect();
    check_not_avoided(data, &filter, &ends)?;
    let metric = metric_of(args.by);
    let weights = weights(data, metric, &filter)?;
    let network = Network::new(data, &filter);
    let search = Search::new(&network, &weights);
    let values = routing::matrix(&search, &from, &to);
    let ids = |list: &[PlaceIdx]| -> Vec<String> {
        list.iter().map(|&p| data.places[p].id.clone()).collect()
    };
    let written = match format {
        Format::Json => {
            let mut object = serde_json::Map::new();
            object.insert("from".into(), serde_json::json!(ids(&from)));
            object.insert("to".into(), serde_json::json!(ids(&to)));
            object.insert("by".into(), serde_json::json!(metric.as_str()));
            object.insert(
                "filter".into(),
                serde_json::json!(FilterDescription::of(data, &filter)),
            );
            object.insert(value_key(metric).into(), serde_json::json!(values));
            output::write_json(out, &object)
        }
        _ => {
            let names = |list: &[PlaceIdx]| -> Vec<String> {
                list.iter().map(|&p| data.places[p].name.clone()).collect()
            };
            let table =
                routes::matrix_table(&names(&from), &names(&to), &values, metric.unit(), |x| {
                    routes::metric_value(metric, x)
                });
            let note = format!(
                "{} (least {}), {}; — = no route.",
                metric.unit(),
                metric,
                FilterDescription::of(data, &filter).phrase()
            );
            output::write_table_with_note(out, &table, format, &note)
        }
    };
    written.map_err(stdout_failure)
}

/// The JSON key of a metric's values: `distance_km`, `duration_h` or `cost_usd`.
fn value_key(metric: Metric) -> &'static str {
    match metric {
        Metric::Distance => "distance_km",
        Metric::Time => "duration_h",
        Metric::Cost => "cost_usd",
    }
}

fn reach(
    data: &Dataset,
    args: &ReachArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let from = place(data, &args.from)?;
    let (metric, budget) = match (args.within, args.within_hours) {
        (_, Some(hours)) => (Metric::Time, hours),
        (Some(km), None) => (Metric::Distance, km),
        (None, None) => {
            return Err(Failure::Input(
                "give --within KM or --within-hours H".into(),
            ));
        }
    };
    check_budget(budget)?;
    let filter = network_filter(data, &args.filter, Filter::default())?;
    check_not_avoided(data, &filter, &[from])?;
    let weights = weights(data, metric, &filter)?;
    let network = Network::new(data, &filter);
    let search = Search::new(&network, &weights);
    let reached = routing::reach(&search, from, budget);
    let written = match format {
        Format::Json => {
            let list: Vec<_> = reached
                .iter()
                .map(|r| {
                    let p = &data.places[r.place];
                    let mut object = serde_json::Map::new();
                    object.insert("id".into(), serde_json::json!(p.id));
                    object.insert("name".into(), serde_json::json!(p.name));
                    object.insert("country".into(), serde_json::json!(p.country));
                    object.insert("kind".into(), serde_json::json!(p.kind));
                    object.insert(value_key(metric).into(), serde_json::json!(r.value));
                    serde_json::Value::Object(object)
                })
                .collect();
            output::write_json(
                out,
                &serde_json::json!({
                    "from": data.places[from].id,
                    "by": metric.as_str(),
                    "within": budget,
                    "filter": FilterDescription::of(data, &filter),
                    "places": list,
                }),
            )
        }
        _ => {
            let note = format!(
                "{} places within {} {} of {}, {}.",
                reached.len(),
                routes::metric_value(metric, budget),
                metric.unit(),
                data.places[from].name,
                FilterDescription::of(data, &filter).phrase()
            );
            let table = routes::reach_table(data, &reached, metric);
            output::write_table_with_note(out, &table, format, &note)
        }
    };
    written.map_err(stdout_failure)
}

/// The pairs of `--pairs FILE`, or the default ones.
fn pairs(data: &Dataset, file: Option<&Path>) -> Result<Pairs, Failure> {
    match file {
        None => {
            let pairs = Pairs::default_for(data);
            if pairs.pairs.is_empty() {
                return Err(Failure::Input(format!(
                    "the dataset has none of the default pairs (the capitals {} to the ports {}); give --pairs FILE",
                    analysis::CAPITALS.join(", "),
                    analysis::PORTS.join(", ")
                )));
            }
            Ok(pairs)
        }
        Some(path) => {
            let (shown, text) = read_text(
                path,
                load::MAX_FILE_BYTES,
                "--pairs takes a TOML file of [[pair]] tables (format in routes/README.md)",
            )?;
            let pairs = load::pairs(&shown, &text, data).map_err(Failure::Dataset)?;
            if pairs.is_empty() {
                return Err(Failure::Input(format!("{shown}: no [[pair]] tables")));
            }
            Ok(Pairs {
                pairs,
                origin: format!("from {shown}"),
            })
        }
    }
}

fn impact(
    data: &Dataset,
    args: &ImpactArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let filter = network_filter(data, &args.filter, Filter::default())?;
    let pairs = pairs(data, args.pairs.as_deref())?;
    let result = analysis::impact::impact(data, &filter, &pairs);
    let written = match format {
        Format::Json => output::write_json(out, &result),
        _ => {
            let note = format!(
                "Pairs: {} ({} pairs). Base network: {}.\n\
                 km saved and h saved: summed over pairs connected before and after; \
                 # by h: rank by hours saved; newly connected: pairs only the link connects.",
                pairs.origin,
                pairs.pairs.len(),
                result.filter.phrase()
            );
            output::write_table_with_note(out, &output::analysis::impact(&result), format, &note)
        }
    };
    written.map_err(stdout_failure)
}

fn critical(
    data: &Dataset,
    args: &CriticalArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let filter = network_filter(data, &args.filter, Filter::default())?;
    let pairs = pairs(data, args.pairs.as_deref())?;
    let result = analysis::critical::critical(data, &filter, &pairs);
    let written = match format {
        Format::Json => output::write_json(out, &result),
        _ => {
            let shown = args.top.min(result.closures.len());
            let note = format!(
                "Network: {}. Key pairs: {} ({} pairs).\n\
                 {} articulation points, {} bridges; {} closures examined, the worst {} shown \
                 (--top N for more). km added: summed over key pairs that stay connected.",
                result.filter.phrase(),
                pairs.origin,
                pairs.pairs.len(),
                result.articulation_points.len(),
                result.bridges.len(),
                result.closures.len(),
                shown
            );
            output::write_table_with_note(
                out,
                &output::analysis::critical(&result, args.top),
                format,
                &note,
            )
        }
    };
    written.map_err(stdout_failure)
}

fn claims(
    data: &Dataset,
    routes_dir: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let results = claim_results(data, routes_dir)?;
    let written = match format {
        Format::Json => output::write_json(out, &results),
        Format::Table => {
            let consistent = results
                .iter()
                .filter(|r| r.verdict == analysis::claims::Verdict::Consistent)
                .count();
            output::write_table_with_note(
                out,
                &output::analysis::claims(&results),
                format,
                &format!(
                    "{consistent} of {} claims consistent within their tolerance; diff: (computed − stated) ÷ stated.",
                    results.len()
                ),
            )
            .and_then(|()| write!(out, "\n{}", output::analysis::claim_details(&results)))
        }
        _ => output::write_table(out, &output::analysis::claims(&results), format),
    };
    written.map_err(stdout_failure)
}

fn evidence(data: &Dataset, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
    if data.evidence.is_empty() {
        return Err(Failure::Input(
            "the dataset has no evidence.toml, so there are no published distances to check".into(),
        ));
    }
    let report = analysis::evidence::check_all(data, &data.evidence);
    let written = match format {
        Format::Json => output::write_json(out, &report),
        Format::Table => output::write_table_with_note(
            out,
            &output::analysis::evidence(&report),
            format,
            &output::analysis::evidence_note(&report),
        ),
        _ => output::write_table(out, &output::analysis::evidence(&report), format),
    };
    written.map_err(stdout_failure)
}

/// Every claim checked; refuses a dataset without claims.
fn claim_results(
    data: &Dataset,
    routes_dir: Option<&Path>,
) -> Result<Vec<analysis::claims::ClaimResult>, Failure> {
    if data.claims.is_empty() {
        return Err(Failure::Input(
            "the dataset has no claims.toml, so there are no claims to check".into(),
        ));
    }
    let basemap = load_basemap(routes_dir)?;
    Ok(analysis::claims::check_all(data, &basemap))
}

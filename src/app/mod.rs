//! The command layer: runs one parsed command line, turning its arguments into
//! calls of the library and their answers into output. Files are read through
//! `load` and written through `output`'s atomic writers.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::{Cli, Command, ImportCommand};
use crate::load::Problems;
use crate::output::{self, Format, answer::Answer};

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

mod chart;
mod claims;
mod compare;
mod critical;
mod dataset;
mod evidence;
mod export;
mod impact;
mod import;
mod list;
mod matrix;
mod network;
mod reach;
mod report;
mod request;
mod route;

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

/// Runs one command line. Once a process: the dataset it loads is never freed (the
/// process exits next, and freeing it would only cost time).
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

/// Runs one command line, writing its data to `out`: the arguments are checked
/// against each other first (`request::check`), then the command turns them into a
/// request on the dataset (or a network), answers it, and emits the answer. Once a
/// process: the dataset it loads is not freed.
fn run_with(cli: Cli, out: &mut dyn Write) -> Result<(), Failure> {
    request::check(&cli)?;
    let format = cli.format;
    if let Some(file) = &cli.network {
        return network::run(file, &cli.command, format, out);
    }
    // Only the commands that need the dataset load it (`import` reads none). It
    // lives until the process exits: freeing its thousands of small allocations just
    // before exiting cost 0.9 M of `compare`'s 12.6 M instructions.
    let data = || -> Result<&'static crate::model::Dataset, Failure> {
        let data = dataset::load_dataset(cli.routes.as_deref())
            .and_then(|data| dataset::apply_scenarios(data, &cli.scenario))?;
        Ok(Box::leak(Box::new(data)))
    };
    let routes = cli.routes.as_deref();
    match cli.command {
        Command::Import(ImportCommand::Osm(args)) => import::run(&args, format, out),
        Command::Route(args) => route::run(data()?, routes, &args, format, out),
        Command::Matrix(args) => matrix::run(data()?, &args, format, out),
        Command::Reach(args) => reach::run(data()?, &args, format, out),
        Command::Check => {
            let data = data()?;
            // The base map is read only when a map is drawn; `check` says now
            // whether one would be.
            dataset::load_basemap(routes)?;
            emit(out, format, &crate::compare::summary(data))
        }
        Command::List { what, country } => {
            list::run(data()?, what, country.as_deref(), format, out)
        }
        Command::Compare(args) => compare::run(data()?, &args, format, out),
        Command::Chart(args) => chart::run(data()?, routes, &args, out),
        Command::Impact(args) => impact::run(data()?, &args, format, out),
        Command::Critical(args) => critical::run(data()?, &args, format, out),
        Command::Claims => claims::run(data()?, routes, format, out),
        Command::Evidence => evidence::run(data()?, format, out),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "corridors", out);
            Ok(())
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(out)
                .map_err(stdout_failure)
        }
        Command::Report { output, pairs } => {
            report::run(data()?, routes, &output, pairs.as_deref(), out)
        }
        Command::Export(args) => export::export(data()?, &args, out),
    }
}

/// Writes `answer` to `out` in `format` ([`output::answer::emit`]).
fn emit(out: &mut dyn Write, format: Format, answer: &impl Answer) -> Result<(), Failure> {
    output::answer::emit(out, format, answer).map_err(stdout_failure)
}

/// Writes `bytes` to `path` atomically, or to `out` where no path is given.
fn write_output(
    path: Option<&std::path::Path>,
    bytes: &[u8],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    match path {
        Some(path) => output::write_atomic(path, bytes).map_err(|error| Failure::Io {
            doing: format!("writing {}", path.display()),
            error,
        }),
        None => out.write_all(bytes).map_err(stdout_failure),
    }
}

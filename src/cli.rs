//! The command line, as clap derive types. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

/// Compare transport and energy corridors between Central Asia and South Asia.
///
/// The corridors (roads, railways, pipelines, power lines) come from a sourced
/// dataset of TOML files compiled into the binary; --routes loads another one in the
/// same format. Lengths are geodesic on the WGS84 ellipsoid, in km.
#[derive(Debug, Parser)]
#[command(name = "corridors", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 ok, 1 no result, 2 bad input or bad usage.\n\
Data goes to stdout, diagnostics to stderr."
)]
pub struct Cli {
    /// Load the dataset from DIR (holding places.toml and corridors/) instead of the
    /// built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub routes: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the places or the corridors of the dataset.
    List {
        #[arg(value_enum)]
        what: ListWhat,
    },
    /// Validate the dataset: print every problem with file:line:col and exit 2, or a
    /// one-line summary and exit 0.
    Check,
    /// Compare corridors: measured and published length, straight-line distance,
    /// circuity, km by status, countries, border crossings and sources.
    Compare(CompareArgs),
    /// The main job: write every table (and, as they land, every chart) into a
    /// directory.
    Report {
        /// Directory to write into; created if missing.
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Places,
    Corridors,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Keep only these modes: road, rail, ferry, pipeline, power-line (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "MODE,..")]
    pub mode: Vec<String>,

    /// Keep corridors with km in these statuses: operational, under-construction,
    /// proposed, or all (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "STATUS,..")]
    pub status: Vec<String>,

    /// Row order: by mode then length (longest first), by name, or by status.
    #[arg(long, value_enum, default_value_t = SortArg::Length)]
    pub sort: SortArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Length,
    Name,
    Status,
}

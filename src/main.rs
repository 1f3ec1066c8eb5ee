//! The `corridors` binary: parse the arguments, run, report the error and exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = corridors::cli::Cli::parse();
    match corridors::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => error.report(),
    }
}

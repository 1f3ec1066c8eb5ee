//! `corridors report -o DIR`: every chart and table, written as one set.

use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use super::{Failure, dataset, stdout_failure};
use crate::analysis::Pairs;
use crate::model::Dataset;
use crate::output;

pub(super) fn run(
    data: &Dataset,
    routes_dir: Option<&Path>,
    dir: &Path,
    pairs_file: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let pairs = match pairs_file {
        Some(file) => dataset::pairs(data, Some(file))?,
        None => Pairs::default_for(data),
    };
    write(data, routes_dir, dir, &pairs, out)
}

fn write(
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
    let basemap = dataset::load_basemap(routes_dir)?;
    let files = crate::report::build(data, &basemap, pairs).map_err(super::chart::failure)?;
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

//! `corridors export`: checks the output directory, then writes the layers of
//! [`crate::output::export`] into it, each file atomically.

use std::io::{self, Read, Write};
use std::path::Path;

use super::{Failure, dataset, stdout_failure, write_output};
use crate::cli::{ExportArgs, FilterArgs};
use crate::graph::Filter;
use crate::model::Dataset;
use crate::output::{self, export};

/// How far into an existing file to look for [`export::GENERATOR`]: a GeoJSON file
/// carries it after its features, so this bounds the read of a stranger's big file.
const OWNERSHIP_SCAN_BYTES: u64 = 256 << 20;

pub(super) fn export(
    data: &Dataset,
    args: &ExportArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let dir = &args.output;
    // The directory first: a place that cannot be written fails before the work.
    output::check_outside_datasets(dir).map_err(|error| Failure::Io {
        doing: format!("exporting into {}", dir.display()),
        error,
    })?;
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Input(format!(
            "-o {}: not a directory; export writes four files into a directory",
            dir.display()
        )));
    }
    let filter = dataset::network_filter(data, &args.filter, Filter::everything())?;
    let every_place = args.filter == FilterArgs::default();
    let (places, segments) = export::layers(data, &filter, every_place);

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for layer in [&places, &segments] {
        let mut geojson = Vec::new();
        export::write_geojson(layer, &mut geojson).map_err(export_failure)?;
        files.push((format!("{}.geojson", layer.name), geojson));
        let mut fgb = Vec::new();
        export::write_fgb(layer, &mut fgb).map_err(export_failure)?;
        files.push((format!("{}.fgb", layer.name), fgb));
    }
    // Refuse before writing anything, so a refusal leaves the directory as it was.
    for (name, _) in &files {
        check_replaceable(&dir.join(name))?;
    }
    std::fs::create_dir_all(dir).map_err(|error| Failure::Io {
        doing: format!("creating the output directory {}", dir.display()),
        error,
    })?;
    for (name, bytes) in &files {
        write_output(Some(&dir.join(name)), bytes, out)?;
    }
    let mut summary = || -> io::Result<()> {
        for (name, bytes) in &files {
            writeln!(
                out,
                "wrote {} ({} KB)",
                dir.join(name).display(),
                bytes.len().div_ceil(1024)
            )?;
        }
        writeln!(
            out,
            "{} places, {} segments",
            places.rows.len(),
            segments.rows.len()
        )
    };
    summary().map_err(stdout_failure)
}

fn export_failure(error: io::Error) -> Failure {
    Failure::Io {
        doing: "encoding the export".into(),
        error,
    }
}

/// An error unless `path` is missing or a file an export wrote (it names
/// [`export::GENERATOR`]): export never replaces someone else's file.
fn check_replaceable(path: &Path) -> Result<(), Failure> {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let refuse = |why: &str| {
        Err(Failure::Input(format!(
            "{} exists and {why}; export replaces only files it wrote: remove it or give another directory",
            path.display()
        )))
    };
    if !metadata.is_file() {
        return refuse("is not a plain file");
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(OWNERSHIP_SCAN_BYTES).read_to_end(&mut head))
        .map_err(|error| Failure::Io {
            doing: format!("reading {}", path.display()),
            error,
        })?;
    let marker = export::GENERATOR.as_bytes();
    if head.windows(marker.len()).any(|w| w == marker) {
        Ok(())
    } else {
        refuse("was not written by `corridors export`")
    }
}

//! Reads a dataset (`places.toml` and `corridors/*.toml`) into a validated
//! [`Dataset`], or reports every problem found, each with file:line:col and a hint.
//!
//! Two sources share one code path ([`load`]): a directory on disk (`--routes DIR`),
//! read and validated at run time, and the `routes/` directory compiled into the
//! binary, validated by build.rs when the binary is built and loaded from the form it
//! prepared ([`prepared_dataset`]).

mod builtin;
mod claims;
mod dataset;
mod diagnostic;
mod evidence;
mod files;
mod outlets;
mod pairs;
mod parse;
mod raw;
mod scenario;
mod syntax;
mod travel;
mod validate;

use std::path::Path;

pub use builtin::{
    builtin_scenario, builtin_scenario_names, dataset_from_files, embedded_label_points,
    prepared_dataset,
};
pub use dataset::load;
pub use diagnostic::{Diagnostic, Problems, nearest, show_number};
pub use files::{
    DatasetFiles, FileError, MAX_DATASET_BYTES, MAX_FILE_BYTES, MAX_SCENARIO_BYTES, SourceFile,
    decode, read_limited, read_source, refuse_special_file,
};
pub use pairs::pairs;
pub use scenario::scenario;

use crate::model::Dataset;

/// Where the base map lies in a dataset directory.
const BASEMAP_FILE: &str = "basemap/countries.geojson";

/// The base map of the dataset in `dir` where it has one, else the built-in one.
pub fn basemap(dir: Option<&Path>) -> Result<crate::basemap::Basemap, String> {
    // The base map is read on its own, so only the one-file limit applies.
    let own = dir
        .map(|dir| dir.join(BASEMAP_FILE))
        .filter(|path| path.exists())
        .map(|path| SourceFile {
            name: path.display().to_string(),
            text: read_source(
                &path,
                MAX_FILE_BYTES,
                "the base map is a GeoJSON file (routes/basemap/README.md)",
            ),
        });
    let Some(file) = own else {
        return Ok(builtin::basemap());
    };
    let text = file
        .text
        .map_err(|why| why.diagnostic(&file.name).to_string())?;
    crate::basemap::parse(&file.name, &text)
}

/// Loads the dataset in `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, Problems> {
    load(&DatasetFiles::from_dir(dir))
}

/// The dataset compiled into the binary, as build.rs prepared it.
pub fn load_embedded() -> Result<Dataset, Problems> {
    builtin::dataset()
}

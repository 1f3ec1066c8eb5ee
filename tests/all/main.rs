//! The one integration test binary (as in ripgrep): modules by subject.

mod analysis;
mod charts;
mod cli;
mod dataset;
mod geodesy;
mod loader;
mod routing;
mod shipped_routes;

use std::path::PathBuf;

/// A fixture directory under tests/data.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

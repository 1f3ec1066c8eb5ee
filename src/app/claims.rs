//! `corridors claims`: the papers' quantitative claims checked on the network.

use std::io::Write;
use std::path::Path;

use super::{Failure, dataset, emit};
use crate::analysis;
use crate::model::Dataset;
use crate::output::Format;
use crate::output::answers::ClaimsAnswer;

pub(super) fn run(
    data: &Dataset,
    routes_dir: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let results = claim_results(data, routes_dir)?;
    emit(out, format, &ClaimsAnswer { results })
}

/// Every claim checked; refuses a dataset without claims.
pub(super) fn claim_results(
    data: &Dataset,
    routes_dir: Option<&Path>,
) -> Result<Vec<analysis::claims::ClaimResult>, Failure> {
    if data.claims.is_empty() {
        return Err(Failure::Input(
            "the dataset has no claims.toml, so there are no claims to check".into(),
        ));
    }
    let basemap = dataset::load_basemap(routes_dir)?;
    Ok(analysis::claims::check_all(data, &basemap))
}

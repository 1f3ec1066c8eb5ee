//! The planner's analyses: `impact`, `critical`, `claims` and `evidence`.

use std::io::Write;
use std::path::Path;

use super::{Failure, dataset, emit};
use crate::analysis;
use crate::cli::{CriticalArgs, ImpactArgs};
use crate::model::Dataset;
use crate::network::Filter;
use crate::output::Format;
use crate::output::answers::{ClaimsAnswer, CriticalAnswer};

pub(super) fn impact(
    data: &Dataset,
    args: &ImpactArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let filter = dataset::network_filter(data, &args.filter, Filter::default())?;
    let pairs = dataset::pairs(data, args.pairs.as_deref())?;
    emit(
        out,
        format,
        &analysis::impact::impact(data, &filter, &pairs),
    )
}

pub(super) fn critical(
    data: &Dataset,
    args: &CriticalArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let filter = dataset::network_filter(data, &args.filter, Filter::default())?;
    let pairs = dataset::pairs(data, args.pairs.as_deref())?;
    let critical = analysis::critical::critical(data, &filter, &pairs);
    emit(
        out,
        format,
        &CriticalAnswer {
            critical,
            top: args.top,
        },
    )
}

pub(super) fn claims(
    data: &Dataset,
    routes_dir: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let results = claim_results(data, routes_dir)?;
    emit(out, format, &ClaimsAnswer { results })
}

pub(super) fn evidence(data: &Dataset, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
    if data.evidence.is_empty() {
        return Err(Failure::Input(
            "the dataset has no evidence.toml, so there are no published distances to check".into(),
        ));
    }
    emit(
        out,
        format,
        &analysis::evidence::check_all(data, &data.evidence),
    )
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

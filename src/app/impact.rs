//! `corridors impact`: what each unbuilt project would change for a set of pairs.

use std::io::Write;

use super::{Failure, dataset, emit};
use crate::analysis;
use crate::cli::ImpactArgs;
use crate::graph::Filter;
use crate::model::Dataset;
use crate::output::Format;

pub(super) fn run(
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

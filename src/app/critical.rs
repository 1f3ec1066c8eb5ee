//! `corridors critical`: where the network is fragile, and what each closure costs.

use std::io::Write;

use super::{Failure, dataset, emit};
use crate::analysis;
use crate::cli::CriticalArgs;
use crate::graph::Filter;
use crate::model::Dataset;
use crate::output::Format;
use crate::output::answers::CriticalAnswer;

pub(super) fn run(
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

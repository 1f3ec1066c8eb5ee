//! `corridors compare [ID...]`: the corridors asked for, side by side.

use std::io::Write;

use super::{Failure, emit};
use crate::cli::{CompareArgs, Selected, SortArg};
use crate::compare::{self, CompareOptions, SortKey};
use crate::load;
use crate::model::Dataset;
use crate::output::Format;
use crate::output::answers::Comparison;

pub(super) fn run(
    data: &Dataset,
    args: &CompareArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let options = options(data, args)?;
    let rows = compare::compare(data, &options);
    emit(out, format, &Comparison { rows })
}

/// The request: corridor ids resolved, modes and statuses parsed.
fn options(data: &Dataset, args: &CompareArgs) -> Result<CompareOptions, Failure> {
    let corridors = args
        .corridors
        .iter()
        .map(|id| {
            data.corridor_by_id(id).ok_or_else(|| {
                let ids = data.corridors.iter().map(|c| c.id.as_str());
                let hint = match load::nearest(id, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`corridors list corridors` gives the ids".into(),
                };
                Failure::Input(format!("no corridor `{id}`; {hint}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CompareOptions {
        corridors,
        modes: Selected::resolve(&args.mode, Vec::new()),
        statuses: Selected::resolve(&args.status, Vec::new()),
        sort: match args.sort {
            SortArg::Length => SortKey::Length,
            SortArg::Name => SortKey::Name,
            SortArg::Status => SortKey::Status,
        },
    })
}

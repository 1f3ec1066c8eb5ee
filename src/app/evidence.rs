//! `corridors evidence`: every published town-to-town distance routed and compared.

use std::io::Write;

use super::{Failure, emit};
use crate::analysis;
use crate::model::Dataset;
use crate::output::Format;

pub(super) fn run(data: &Dataset, format: Format, out: &mut dyn Write) -> Result<(), Failure> {
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

//! One way to write any command's answer: [`emit`] picks the form from the `--format`
//! asked for. An answer is a typed value; JSON is its `Serialize` form (the contract in
//! docs/json.md), and [`Answer::write_text`] gives the table, Markdown and CSV forms.

use std::io::{self, Write};

use serde::Serialize;

use super::{Format, TextFormat, write_json};

/// A command's answer, in every format it can be written in.
pub trait Answer: Serialize {
    /// The answer as text. CSV is data only; a table may carry notes under it.
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()>;

    /// The answer as GeoJSON, where it has a geometry (a route).
    fn geojson(&self) -> Option<geojson::FeatureCollection> {
        None
    }
}

/// Writes `answer` in `format`. GeoJSON of an answer without a geometry is an error
/// (the command layer refuses `--format geojson` for those before any work).
pub fn emit(out: &mut dyn Write, format: Format, answer: &impl Answer) -> io::Result<()> {
    let text = match format {
        Format::Json => return write_json(out, answer),
        Format::Geojson => {
            return match answer.geojson() {
                Some(collection) => write_json(out, &collection),
                None => Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "this answer has no geometry to write as GeoJSON",
                )),
            };
        }
        Format::Table => TextFormat::Table,
        Format::Markdown => TextFormat::Markdown,
        Format::Csv => TextFormat::Csv,
    };
    answer.write_text(out, text)
}

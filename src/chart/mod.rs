//! Charts as SVG text, drawn with plotters' SVG backend and no system fonts: text is
//! SVG `<text>` in the viewer's sans-serif, and layout uses a width estimate, so the
//! same input gives the same bytes on every machine. No file I/O happens here.
//!
//! Every chart has a document `<title>`, text of at least 10 px, and `<title>`
//! tooltips on its bars, lines and markers.

pub mod analysis;
mod canvas;
mod frame;
pub mod lengths;
pub mod map;
pub mod sea_access;
mod style;

pub use lengths::lengths;
pub use map::{MapSpec, RouteOverlay, map};
pub use sea_access::sea_access;

/// The line under a chart's title: what the filter keeps.
pub fn subtitle(data: &crate::model::Dataset, filter: &crate::network::Filter) -> String {
    if *filter == crate::network::Filter::everything() && data.scenarios.is_empty() {
        "All corridors: every mode and every status".to_string()
    } else {
        format!(
            "Segments {}",
            crate::routing::FilterDescription::of(data, filter).phrase()
        )
    }
}

/// A chart that could not be drawn (plotters reported an error).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "drawing the chart failed: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

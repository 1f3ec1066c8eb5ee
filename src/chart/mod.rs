//! Charts as SVG text, drawn with plotters (through a backend of our own that writes
//! what plotters' SVG backend writes, see svg.rs) and no system fonts: text is
//! SVG `<text>` in the viewer's sans-serif, and layout uses a width estimate, so the
//! same input gives the same bytes on every machine. No file I/O happens here.
//!
//! Every chart has a document `<title>`, text of at least 10 px, and `<title>`
//! tooltips on its bars, lines and markers.

pub mod analysis;
mod cache;
mod canvas;
mod frame;
pub mod lengths;
pub mod map;
pub mod png;
pub mod sea_access;
mod style;
mod svg;

pub use cache::MapCache;
pub use frame::Bounds;
pub use lengths::lengths;
pub use map::{MapSpec, RouteOverlay, map, map_cached};
pub use sea_access::sea_access;

/// The line under a chart's title: what the filter keeps.
pub fn subtitle(data: &crate::model::Dataset, filter: &crate::graph::Filter) -> String {
    if *filter == crate::graph::Filter::everything() && data.scenarios.is_empty() {
        "All corridors: every mode and every status".to_string()
    } else {
        format!(
            "Segments {}",
            crate::routing::FilterDescription::of(data, filter).phrase()
        )
    }
}

/// The chart with `title` in place of its own, both as the document `<title>` and
/// as the heading drawn at the top.
pub fn retitled(svg: &str, title: &str) -> String {
    let Some(start) = svg.find("<title>") else {
        return svg.to_string();
    };
    let Some(length) = svg[start..].find("</title>") else {
        return svg.to_string();
    };
    let old = &svg[start + "<title>".len()..start + length];
    let new = crate::output::escape_xml(title);
    // plotters writes a text's content on its own line: the heading is the first such.
    let heading = format!(">\n{old}\n</text>");
    let out = svg.replacen(
        &format!("<title>{old}</title>"),
        &format!("<title>{new}</title>"),
        1,
    );
    out.replacen(&heading, &format!(">\n{new}\n</text>"), 1)
}

/// The chart drawn `width_px` wide, height in proportion: the drawing keeps its own
/// coordinates through the viewBox plotters writes, so only the displayed size changes.
pub fn resized(svg: &str, width_px: u32) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let attr = |key: &str| -> Option<f64> {
        let at = open.find(&format!(" {key}=\""))? + key.len() + 3;
        open[at..].split('"').next()?.parse().ok()
    };
    let (Some(width), Some(height)) = (attr("width"), attr("height")) else {
        return svg.to_string();
    };
    let new_height = (height * width_px as f64 / width).round();
    let open_new = open
        .replacen(
            &format!(" width=\"{width}\""),
            &format!(" width=\"{width_px}\""),
            1,
        )
        .replacen(
            &format!(" height=\"{height}\""),
            &format!(" height=\"{new_height}\""),
            1,
        );
    format!("{open_new}{}", &svg[open_end..])
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

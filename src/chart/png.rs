//! A chart as PNG: its SVG rendered by resvg with the DejaVu Sans fonts compiled into
//! the binary (never the system's fonts), so the same chart gives the same pixels on
//! every machine.

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::ChartError;

/// DejaVu Sans (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt): regular, bold and
/// oblique, the three faces the charts use.
const FONTS: [&[u8]; 3] = [
    include_bytes!("fonts/DejaVuSans.ttf"),
    include_bytes!("fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("fonts/DejaVuSans-Oblique.ttf"),
];
const FAMILY: &str = "DejaVu Sans";

/// The largest PNG side drawn, in pixels: beyond it the image would take gigabytes.
pub const MAX_SIDE_PX: u32 = 16_000;

/// Renders `svg` to PNG bytes `width_px` wide (the SVG's own width where `None`),
/// height in proportion.
pub fn svg_to_png(svg: &str, width_px: Option<u32>) -> Result<Vec<u8>, ChartError> {
    let mut fonts = fontdb::Database::new();
    for data in FONTS {
        fonts.load_font_data(data.to_vec());
    }
    // The charts ask for "sans-serif"; every generic family maps to the bundled face.
    fonts.set_sans_serif_family(FAMILY);
    fonts.set_serif_family(FAMILY);
    fonts.set_monospace_family(FAMILY);
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: std::sync::Arc::new(fonts),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| ChartError(format!("the SVG does not parse: {e}")))?;
    let size = tree.size();
    let scale = width_px.map_or(1.0, |w| w as f32 / size.width());
    let (width, height) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    if width == 0 || height == 0 || width > MAX_SIDE_PX || height > MAX_SIDE_PX {
        return Err(ChartError(format!(
            "a {width} × {height} px image is outside 1..{MAX_SIDE_PX} px a side"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| ChartError(format!("no {width} × {height} px image")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError(format!("encoding the PNG: {e}")))
}

//! One SVG document drawn with plotters: the drawing area, the text and marker
//! helpers every chart uses, and the finishing touches plotters cannot make itself
//! (a document `<title>`, and `<title>` tooltips over bars, lines and markers).

use std::borrow::Cow;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::style::Font;
use super::style::{GRID, LABEL, SMALL};
use super::svg::SvgBackend;

/// The drawing area of a chart, in pixels from the top-left corner.
pub type Area<'a> = DrawingArea<SvgBackend<'a>, Shift>;

/// What a drawing step returns.
pub type Drawn = Result<(), DrawingAreaErrorKind<std::convert::Infallible>>;

/// A point in pixels: x right, y down.
pub type Px = (i32, i32);

/// Width of `text` at `size_px`, in pixels. A generous estimate for sans-serif (the
/// SVG names no font file, so the viewer's own sans-serif draws it), used to keep
/// labels apart.
pub fn text_width_px(text: &str, size_px: f64) -> f64 {
    text.chars().count() as f64 * size_px * 0.58
}

/// Where a text's anchor point lies on the text.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Left,
    Centre,
    Right,
}

/// Writes `text` with its anchor point at `at`, vertically centred on it.
pub fn text(area: &Area, content: &str, at: Px, font: Font, anchor: Anchor) -> Drawn {
    let h_pos = match anchor {
        Anchor::Left => HPos::Left,
        Anchor::Centre => HPos::Center,
        Anchor::Right => HPos::Right,
    };
    let style = if font.bold {
        FontStyle::Bold
    } else if font.italic {
        FontStyle::Italic
    } else {
        FontStyle::Normal
    };
    // plotters writes font-size as size / 1.24.
    let text_style = TextStyle::from(("sans-serif", font.size_px * 1.24, style).into_font())
        .color(&font.colour)
        .pos(Pos::new(h_pos, VPos::Center));
    area.draw(&Text::new(content.to_string(), at, text_style))
}

/// The smallest round step (1, 2, 2.5 or 5 × 10ⁿ) that covers `span` in at most
/// `max_ticks` steps, however large the span.
pub fn nice_step(span: f64, max_ticks: f64) -> f64 {
    let rough = (span / max_ticks).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * power)
}

/// A horizontal km axis from 0 to a round maximum over `left_px`..`right_px`.
#[derive(Debug, Clone, Copy)]
pub struct KmAxis {
    pub left_px: i32,
    pub right_px: i32,
    pub max_km: f64,
    pub step_km: f64,
}

impl KmAxis {
    /// An axis reaching past `longest_km` in round steps, at most `max_ticks` of them.
    pub fn new(left_px: i32, right_px: i32, longest_km: f64, max_ticks: f64) -> Self {
        let longest_km = longest_km.max(1.0);
        let step_km = nice_step(longest_km, max_ticks).max(100.0);
        Self {
            left_px,
            right_px,
            max_km: (longest_km / step_km).ceil() * step_km,
            step_km,
        }
    }

    /// The pixel column of a km value.
    pub fn x(&self, value_km: f64) -> i32 {
        self.left_px
            + ((self.right_px - self.left_px) as f64 * value_km / self.max_km).round() as i32
    }

    /// Gridlines from `top` to `bottom` with km labels on each row of `label_rows`,
    /// and `caption` under the lower labels.
    pub fn draw(
        &self,
        area: &Area,
        top: i32,
        bottom: i32,
        label_rows: &[i32],
        caption: &str,
    ) -> Drawn {
        let ticks = (self.max_km / self.step_km).round() as usize;
        for i in 0..=ticks {
            let value_km = i as f64 * self.step_km;
            let x = self.x(value_km);
            area.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                GRID.stroke_width(1),
            ))?;
            for &y in label_rows {
                text(
                    area,
                    &crate::wording::km(value_km),
                    (x, y),
                    SMALL,
                    Anchor::Centre,
                )?;
            }
        }
        let middle = (self.left_px + self.right_px) / 2;
        text(area, caption, (middle, bottom + 30), LABEL, Anchor::Centre)
    }
}

/// A filled bar between two corners, with a tooltip over it.
pub fn bar(
    area: &Area,
    hovers: &mut Vec<Hover<'_>>,
    corners: [Px; 2],
    colour: RGBColor,
    title: String,
) -> Drawn {
    area.draw(&Rectangle::new(corners, colour.filled()))?;
    hovers.push(Hover {
        shape: HoverShape::Rect {
            from: corners[0],
            to: corners[1],
        },
        title: title.into(),
    });
    Ok(())
}

/// A chart's title and subtitle at the top left, and a key line under them.
pub fn heading(area: &Area, title: &str, subtitle: &str, key: &str) -> Drawn {
    text(area, title, (20, 20), super::style::TITLE, Anchor::Left)?;
    text(
        area,
        subtitle,
        (20, 44),
        super::style::SUBTITLE,
        Anchor::Left,
    )?;
    if !key.is_empty() {
        text(area, key, (20, 70), LABEL, Anchor::Left)?;
    }
    Ok(())
}

/// A line of small print at the left margin: a source or a method note.
pub fn footnote(area: &Area, content: &str, y: i32) -> Drawn {
    text(area, content, (20, y), SMALL, Anchor::Left)
}

/// The shape a tooltip covers, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum HoverShape {
    Rect { from: Px, to: Px },
    Line(Vec<Px>),
    Dot { at: Px, radius: i32 },
}

/// An invisible shape with a `<title>`: a browser shows the title on hover.
#[derive(Debug, Clone, PartialEq)]
pub struct Hover<'t> {
    pub shape: HoverShape,
    /// Borrowed where a map cache holds it (a map has thousands of hovers).
    pub title: Cow<'t, str>,
}

/// Draws a chart of `width` × `height` pixels on white and returns the SVG text,
/// with `title` as the document's title and `hovers` as tooltips on top.
pub fn render<'t>(
    width: u32,
    height: u32,
    title: &str,
    draw: impl FnOnce(&Area, &mut Vec<Hover<'t>>) -> Drawn,
) -> Result<String, ChartError> {
    // A map is about 400 KB: room for most charts from the start rather than
    // copying the document as it doubles.
    let mut svg = String::with_capacity(1 << 19);
    let mut hovers = Vec::new();
    {
        let area = SvgBackend::titled(&mut svg, (width, height), title).into_drawing_area();
        let drawn = area.fill(&WHITE).and_then(|()| draw(&area, &mut hovers));
        // Not `present`: it would close the document, and the hovers go before its
        // end (`finish` closes it).
        drawn.map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(finish(svg, &hovers))
}

/// Writes `points` as an SVG `points` attribute's value: `x,y x,y ...`.
fn write_points(out: &mut String, points: &[Px]) {
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        super::svg::push_i32(out, x);
        out.push(',');
        super::svg::push_i32(out, y);
    }
}

/// Adds what plotters cannot write, then ends the document: over everything, an
/// invisible shape with a `<title>` for each hover. Written straight into the
/// document (a `String` per element took a tenth of a map's time; a copy of the
/// whole document, a hundred pages of memory to fault in).
fn finish(mut out: String, hovers: &[Hover<'_>]) -> String {
    use super::svg::push_i32;
    if !hovers.is_empty() {
        // Invisible but still hit by the pointer: a zero opacity paints.
        out.push_str("<g class=\"tooltips\" fill=\"#000\" fill-opacity=\"0\" stroke=\"#000\" stroke-opacity=\"0\">\n");
        for hover in hovers {
            match &hover.shape {
                HoverShape::Rect { from, to } => {
                    out.push_str("<rect x=\"");
                    push_i32(&mut out, from.0.min(to.0));
                    out.push_str("\" y=\"");
                    push_i32(&mut out, from.1.min(to.1));
                    out.push_str("\" width=\"");
                    push_i32(&mut out, (to.0 - from.0).abs().max(1));
                    out.push_str("\" height=\"");
                    push_i32(&mut out, (to.1 - from.1).abs().max(1));
                    out.push_str("\">");
                }
                HoverShape::Line(points) => {
                    out.push_str("<polyline fill=\"none\" stroke-width=\"7\" points=\"");
                    write_points(&mut out, points);
                    out.push_str("\">");
                }
                HoverShape::Dot { at, radius } => {
                    out.push_str("<circle cx=\"");
                    push_i32(&mut out, at.0);
                    out.push_str("\" cy=\"");
                    push_i32(&mut out, at.1);
                    out.push_str("\" r=\"");
                    push_i32(&mut out, *radius);
                    out.push_str("\">");
                }
            }
            out.push_str("<title>");
            crate::output::push_escaped_xml(&mut out, &hover.title);
            out.push_str("</title>");
            out.push_str(match hover.shape {
                HoverShape::Rect { .. } => "</rect>\n",
                HoverShape::Line(_) => "</polyline>\n",
                HoverShape::Dot { .. } => "</circle>\n",
            });
        }
        out.push_str("</g>\n");
    }
    out.push_str(super::svg::SVG_END);
    out
}

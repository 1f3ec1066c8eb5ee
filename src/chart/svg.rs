//! The drawing backend under every chart: SVG text, byte for byte as plotters' own
//! `SVGBackend` writes it, without its cost.
//!
//! plotters' backend formats every number through `core::fmt` into a `String` of its
//! own, then copies each attribute character by character to escape it; a map's
//! 14,000 points took about a fifth of drawing it. This one writes numbers and
//! colours straight into the document and escapes only text.

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

/// The end of an SVG document, written once however it is closed.
pub const SVG_END: &str = "</svg>\n";

/// An SVG document being drawn into a `String`.
pub struct SvgBackend<'a> {
    out: &'a mut String,
    size: (u32, u32),
    closed: bool,
}

impl<'a> SvgBackend<'a> {
    /// Starts a document of `size` (width, height) pixels in `out`.
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        out.push_str("<svg width=\"");
        push_u32(out, size.0);
        out.push_str("\" height=\"");
        push_u32(out, size.1);
        out.push_str("\" viewBox=\"0 0 ");
        push_u32(out, size.0);
        out.push(' ');
        push_u32(out, size.1);
        out.push_str("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        Self {
            out,
            size,
            closed: false,
        }
    }

    /// Starts a document as [`SvgBackend::new`] does, with `title` as its
    /// `<title>`, first in it.
    pub fn titled(out: &'a mut String, size: (u32, u32), title: &str) -> Self {
        let backend = Self::new(out, size);
        backend.out.push_str("<title>");
        crate::output::push_escaped_xml(backend.out, title);
        backend.out.push_str("</title>\n");
        backend
    }

    /// `name="value"` with a space before it.
    fn attr(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.push_str(value);
        self.out.push('"');
    }

    fn attr_int(&mut self, name: &str, value: i32) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_i32(self.out, value);
        self.out.push('"');
    }

    fn attr_opacity(&mut self, colour: BackendColor) {
        self.out.push_str(" opacity=\"");
        push_f64(self.out, colour.alpha);
        self.out.push('"');
    }

    /// Starts element `tag` (with any fixed attributes) where `colour` shows;
    /// plotters writes nothing for a transparent one, and neither does this.
    fn open(&mut self, tag: &str, colour: BackendColor) -> bool {
        if colour.alpha == 0.0 {
            return false;
        }
        self.out.push('<');
        self.out.push_str(tag);
        true
    }

    /// Ends an element that [`Self::open`] started.
    fn close(&mut self) -> Drawn {
        self.out.push_str("/>\n");
        Ok(())
    }

    /// A shape filled in `colour`, or outlined in it, as plotters writes either.
    fn attr_fill_or_stroke(&mut self, colour: BackendColor, fill: bool) {
        if fill {
            self.attr_colour("fill", colour);
            self.attr("stroke", "none");
        } else {
            self.attr("fill", "none");
            self.attr_colour("stroke", colour);
        }
    }

    fn attr_colour(&mut self, name: &str, colour: BackendColor) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_colour(self.out, colour);
        self.out.push('"');
    }

    /// ` points="x,y x,y "`, with the space after every point as plotters writes it.
    fn attr_points(&mut self, points: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in points {
            push_i32(self.out, x);
            self.out.push(',');
            push_i32(self.out, y);
            self.out.push(' ');
        }
        self.out.push('"');
    }
}

/// Every number below 10,000 in four digits, "0000" to "9999", made at compile
/// time: a number is written as a slice of it.
const FOUR_DIGITS: &str = match std::str::from_utf8(&four_digits()) {
    Ok(digits) => digits,
    Err(_) => panic!("digits are ASCII"),
};

const fn four_digits() -> [u8; 40_000] {
    let mut digits = [0u8; 40_000];
    let mut n = 0;
    while n < 10_000 {
        digits[n * 4] = b'0' + (n / 1000) as u8;
        digits[n * 4 + 1] = b'0' + (n / 100 % 10) as u8;
        digits[n * 4 + 2] = b'0' + (n / 10 % 10) as u8;
        digits[n * 4 + 3] = b'0' + (n % 10) as u8;
        n += 1;
    }
    digits
}

/// Writes `n` in decimal.
fn push_u32(out: &mut String, n: u32) {
    let four = |n: u32| n as usize * 4;
    if n < 10_000 {
        let leading_zeros = match n {
            0..10 => 3,
            10..100 => 2,
            100..1000 => 1,
            _ => 0,
        };
        out.push_str(&FOUR_DIGITS[four(n) + leading_zeros..four(n) + 4]);
    } else {
        push_u32(out, n / 10_000);
        out.push_str(&FOUR_DIGITS[four(n % 10_000)..four(n % 10_000) + 4]);
    }
}

/// Writes `n` in decimal.
pub fn push_i32(out: &mut String, n: i32) {
    if n < 0 {
        out.push('-');
    }
    push_u32(out, n.unsigned_abs());
}

/// `n` as `{}` writes it; a whole number (most opacities are 1) without `core::fmt`.
fn push_f64(out: &mut String, n: f64) {
    if n == n.trunc() && n.abs() < 1e9 {
        if n.is_sign_negative() && n == 0.0 {
            out.push_str("-0");
        } else {
            push_i32(out, n as i32);
        }
    } else {
        let _ = write!(out, "{n}");
    }
}

fn push_colour(out: &mut String, colour: BackendColor) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let (r, g, b) = colour.rgb;
    out.push('#');
    for byte in [r, g, b] {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
    }
}

/// Text escaped as plotters escapes it (apostrophes too).
fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['<', '>', '&', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for SvgBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        if !self.closed {
            self.out.push_str(SVG_END);
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, colour: BackendColor) -> Drawn {
        if !self.open("rect", colour) {
            return Ok(());
        }
        self.attr_int("x", point.0);
        self.attr_int("y", point.1);
        self.out
            .push_str(" width=\"1\" height=\"1\" stroke=\"none\"");
        self.attr_opacity(colour);
        self.attr_colour("fill", colour);
        self.close()
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        let colour = style.color();
        if !self.open("line", colour) {
            return Ok(());
        }
        self.attr_opacity(colour);
        self.attr_colour("stroke", colour);
        self.attr_int("stroke-width", style.stroke_width() as i32);
        self.attr_int("x1", from.0);
        self.attr_int("y1", from.1);
        self.attr_int("x2", to.0);
        self.attr_int("y2", to.1);
        self.close()
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let colour = style.color();
        if !self.open("rect", colour) {
            return Ok(());
        }
        self.attr_int("x", upper_left.0);
        self.attr_int("y", upper_left.1);
        self.attr_int("width", bottom_right.0 - upper_left.0);
        self.attr_int("height", bottom_right.1 - upper_left.1);
        self.attr_opacity(colour);
        self.attr_fill_or_stroke(colour, fill);
        self.close()
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let colour = style.color();
        if !self.open("polyline fill=\"none\"", colour) {
            return Ok(());
        }
        self.attr_opacity(colour);
        self.attr_colour("stroke", colour);
        self.attr_int("stroke-width", style.stroke_width() as i32);
        self.attr_points(path);
        self.close()
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        let colour = style.color();
        if !self.open("polygon", colour) {
            return Ok(());
        }
        self.attr_opacity(colour);
        self.attr_colour("fill", colour);
        self.attr_points(path);
        self.close()
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let colour = style.color();
        if !self.open("circle", colour) {
            return Ok(());
        }
        self.attr_int("cx", center.0);
        self.attr_int("cy", center.1);
        self.out.push_str(" r=\"");
        push_u32(self.out, radius);
        self.out.push('"');
        self.attr_opacity(colour);
        self.attr_fill_or_stroke(colour, fill);
        self.attr_int("stroke-width", style.stroke_width() as i32);
        self.close()
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        self.out.push_str("<text");
        self.attr_int("x", pos.0);
        self.attr_int("y", pos.1);
        self.attr("dy", dy);
        self.attr("text-anchor", anchor);
        self.out.push_str(" font-family=\"");
        push_escaped(self.out, style.family().as_str());
        self.out.push_str("\" font-size=\"");
        push_f64(self.out, style.size() / 1.24);
        self.out.push('"');
        self.attr_opacity(colour);
        self.attr_colour("fill", colour);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.attr("font-weight", "bold"),
            other => self.attr("font-style", other.as_str()),
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        if let Some(degrees) = turn {
            let _ = write!(
                self.out,
                " transform=\"rotate({degrees}, {}, {})\"",
                pos.0, pos.1
            );
        }
        self.out.push_str(">\n");
        push_escaped(self.out, text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use plotters::element::{DashedPathElement, DottedPathElement};
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::SvgBackend;

    /// Every kind of element the charts draw, in every style they use.
    fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>) {
        let grey = RGBColor(0x5f, 0x5f, 0x5f);
        area.fill(&WHITE).unwrap();
        area.draw(&Rectangle::new([(3, 4), (120, -7)], grey.filled()))
            .unwrap();
        area.draw(&Rectangle::new(
            [(3, 4), (12, 70)],
            grey.mix(0.45).stroke_width(2),
        ))
        .unwrap();
        area.draw(&Rectangle::new([(0, 0), (9, 9)], TRANSPARENT.filled()))
            .unwrap();
        let line = vec![(0, 0), (-15, 2000), (123_456, -7), (40, 40)];
        area.draw(&PathElement::new(
            line.clone(),
            BLUE.mix(0.55).stroke_width(9),
        ))
        .unwrap();
        area.draw(&Polygon::new(
            line.clone(),
            RGBColor(0xf7, 0xf5, 0xef).filled(),
        ))
        .unwrap();
        area.draw(&DashedPathElement::new(
            line.clone(),
            6,
            4,
            RED.stroke_width(2),
        ))
        .unwrap();
        area.draw(&DottedPathElement::new(line, 3, 7, |p| {
            Circle::new(p, 1, GREEN.filled())
        }))
        .unwrap();
        area.draw(&Circle::new((5, 6), 3, WHITE.filled())).unwrap();
        area.draw(&Circle::new((5, 6), 3, BLACK.mix(0.3).stroke_width(1)))
            .unwrap();
        for (size, style, h_pos, v_pos) in [
            (18.0 * 1.24, FontStyle::Bold, HPos::Left, VPos::Center),
            (13.0 * 1.24, FontStyle::Italic, HPos::Center, VPos::Top),
            (11.0 * 1.24, FontStyle::Normal, HPos::Right, VPos::Bottom),
        ] {
            let text_style = TextStyle::from(("sans-serif", size, style).into_font())
                .color(&grey)
                .pos(Pos::new(h_pos, v_pos));
            area.draw(&Text::new(
                "Mazar-i-Sharif – \"Ürümqi\" <&> 'x'".to_string(),
                (-4, 300),
                text_style,
            ))
            .unwrap();
        }
        area.present().unwrap();
    }

    /// The same elements come out byte for byte as plotters' own SVG backend
    /// writes them.
    #[test]
    fn writes_what_plotters_svg_backend_writes() {
        for n in [
            0,
            7,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10_000,
            10_001,
            123_456_789,
            u32::MAX,
        ] {
            let mut out = String::new();
            super::push_u32(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        let mut ours = String::new();
        draw(&SvgBackend::new(&mut ours, (640, 480)).into_drawing_area());
        let mut theirs = String::new();
        draw(&SVGBackend::with_string(&mut theirs, (640, 480)).into_drawing_area());
        assert_eq!(ours, theirs);
        assert!(ours.contains("<polyline") && ours.contains("font-style=\"italic\""));
    }
}

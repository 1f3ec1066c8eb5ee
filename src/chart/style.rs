//! Colours, line styles and type sizes shared by the charts, so that a mode or a
//! status looks the same on every chart.
//!
//! Mode colours are from the Okabe–Ito palette, which stays distinct for the common
//! kinds of colour blindness.

use plotters::style::RGBColor;

use crate::model::{Mode, Status};

pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x5f, 0x5f, 0x5f);
pub const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
pub const SEA: RGBColor = RGBColor(0xe4, 0xef, 0xf7);
pub const LAND: RGBColor = RGBColor(0xf7, 0xf5, 0xef);
pub const BORDER: RGBColor = RGBColor(0xa8, 0xa3, 0x9a);
pub const COUNTRY_NAME: RGBColor = RGBColor(0x9a, 0x93, 0x88);

/// The colour of a mode's lines on the map.
pub fn mode_colour(mode: Mode) -> RGBColor {
    match mode {
        Mode::Road => RGBColor(0xd5, 0x5e, 0x00),
        Mode::Rail => RGBColor(0x00, 0x72, 0xb2),
        Mode::Ferry => RGBColor(0x00, 0x9e, 0x73),
        Mode::Pipeline => RGBColor(0xcc, 0x79, 0xa7),
        Mode::PowerLine => RGBColor(0xe6, 0x9f, 0x00),
    }
}

/// The fill of a status's part of a bar.
pub fn status_colour(status: Status) -> RGBColor {
    match status {
        Status::Operational => RGBColor(0x1f, 0x5f, 0x99),
        Status::UnderConstruction => RGBColor(0xe6, 0x9f, 0x00),
        Status::Proposed => RGBColor(0xb8, 0xc4, 0xce),
    }
}

/// The colours that tell routes apart on a route map: best route first.
pub const ROUTE_COLOURS: &[RGBColor] = &[
    RGBColor(0xc0, 0x1c, 0x28),
    RGBColor(0x6a, 0x3d, 0x9a),
    RGBColor(0x1a, 0x9e, 0x77),
    RGBColor(0x33, 0x33, 0x33),
];

/// A route's highlight colour.
pub fn route_colour(rank: usize) -> RGBColor {
    ROUTE_COLOURS[rank % ROUTE_COLOURS.len()]
}

/// A text's look: size in pixels (at least 10, so it reads at 100% zoom), colour,
/// weight.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size_px: f64,
    pub colour: RGBColor,
    pub bold: bool,
    pub italic: bool,
}

impl Font {
    pub const fn new(size_px: f64, colour: RGBColor) -> Self {
        Self {
            size_px,
            colour,
            bold: false,
            italic: false,
        }
    }

    pub const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub const fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
}

pub const TITLE: Font = Font::new(18.0, INK).bold();
pub const SUBTITLE: Font = Font::new(13.0, MUTED);
pub const LABEL: Font = Font::new(12.0, INK);
pub const SMALL: Font = Font::new(11.0, MUTED);
pub const HEADING: Font = Font::new(13.0, INK).bold();

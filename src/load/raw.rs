//! The data files' tables as serde reads them, before validation. Every field that a
//! message may point at keeps its span.
//!
//! Each struct has a `KEYS` list next to it: the loader checks a table's keys against
//! it first, so that every unknown key is reported (serde would stop at the first),
//! with the nearest known key as a hint.

use serde::Deserialize;
use toml::Spanned;

/// One `[[place]]` table of `places.toml`.
#[derive(Debug, Deserialize)]
pub struct RawPlace {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub country: Spanned<String>,
    pub border_with: Option<Spanned<String>>,
    pub lat: Spanned<f64>,
    pub lon: Spanned<f64>,
    pub kind: Spanned<String>,
    pub elevation_m: Option<Spanned<f64>>,
    pub source: Option<Spanned<String>>,
}

impl RawPlace {
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "name",
        "aliases",
        "country",
        "border_with",
        "lat",
        "lon",
        "kind",
        "elevation_m",
        "source",
    ];
    pub const REQUIRED: &'static str = "id, name, country, lat, lon, kind and source";
}

/// The top level of a corridor file, without its `[[segment]]` tables.
#[derive(Debug, Deserialize)]
pub struct RawCorridor {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub mode: Spanned<String>,
    pub status: Spanned<String>,
    pub stated_length_km: Option<Spanned<f64>>,
    pub stated_length_range_km: Option<Spanned<Vec<f64>>>,
    pub sources: Option<Spanned<Vec<Spanned<String>>>>,
    pub capacity: Option<String>,
    pub cost_usd_m: Option<Spanned<f64>>,
    pub opened: Option<i64>,
    pub expected: Option<i64>,
    pub description: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub includes: Vec<Spanned<String>>,
}

impl RawCorridor {
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "name",
        "mode",
        "status",
        "stated_length_km",
        "stated_length_range_km",
        "sources",
        "capacity",
        "cost_usd_m",
        "opened",
        "expected",
        "description",
        "notes",
        "includes",
        "segment",
    ];
    pub const REQUIRED: &'static str = "id, name, mode, status and sources";
}

/// One `[[segment]]` table of a corridor file.
#[derive(Debug, Deserialize)]
pub struct RawSegment {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub mode: Option<Spanned<String>>,
    pub status: Option<Spanned<String>>,
    #[serde(default)]
    pub shape: Vec<Spanned<Vec<f64>>>,
    pub length_km: Option<Spanned<f64>>,
    pub source: Option<Spanned<String>>,
    pub speed_kmh: Option<Spanned<f64>>,
    pub seasonal: Option<String>,
    pub gauge_mm: Option<Spanned<u32>>,
}

impl RawSegment {
    pub const KEYS: &'static [&'static str] = &[
        "from",
        "to",
        "mode",
        "status",
        "shape",
        "length_km",
        "source",
        "speed_kmh",
        "seasonal",
        "gauge_mm",
    ];
    pub const REQUIRED: &'static str = "from and to";
}

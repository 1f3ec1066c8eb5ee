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
    pub capital: Option<Spanned<bool>>,
    pub precision_km: Option<Spanned<f64>>,
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
        "capital",
        "precision_km",
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
    pub open_months: Option<Spanned<Vec<i64>>>,
    pub gauge_mm: Option<Spanned<u32>>,
    pub terrain: Option<Spanned<String>>,
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
        "open_months",
        "gauge_mm",
        "terrain",
    ];
    pub const REQUIRED: &'static str = "from and to";
}

/// The top level of `travel.toml`, without its tables.
#[derive(Debug, Deserialize)]
pub struct RawTravel {
    pub shipment_t: Option<Spanned<f64>>,
    pub shipment_source: Option<Spanned<String>>,
}

impl RawTravel {
    pub const KEYS: &'static [&'static str] = &[
        "shipment_t",
        "shipment_source",
        "mode",
        "transfer",
        "transfer_at",
        "terminal",
        "crossing",
    ];
    pub const REQUIRED: &'static str = "nothing";
}

/// One `[[mode]]` table of `travel.toml`.
#[derive(Debug, Deserialize)]
pub struct RawModeTravel {
    pub mode: Spanned<String>,
    pub speed_kmh: Option<Spanned<f64>>,
    pub speed_source: Option<Spanned<String>>,
    pub cost_usd_per_tkm: Option<Spanned<f64>>,
    pub cost_source: Option<Spanned<String>>,
    pub border_delay_h: Option<Spanned<f64>>,
    pub border_cost_usd: Option<Spanned<f64>>,
    pub border_source: Option<Spanned<String>>,
}

impl RawModeTravel {
    pub const KEYS: &'static [&'static str] = &[
        "mode",
        "speed_kmh",
        "speed_source",
        "cost_usd_per_tkm",
        "cost_source",
        "border_delay_h",
        "border_cost_usd",
        "border_source",
    ];
    pub const REQUIRED: &'static str = "mode";
}

/// The `[transfer]` table (`Place = Option<IgnoredAny>`: `KEYS` refuses a `place`),
/// or one `[[transfer_at]]` table (`Place = Spanned<String>`, required, so a missing
/// `place` is reported at the table).
#[derive(Debug, Deserialize)]
pub struct RawTransfer<Place> {
    pub place: Place,
    pub mode_change_h: Option<Spanned<f64>>,
    pub mode_change_source: Option<Spanned<String>>,
    pub gauge_change_h: Option<Spanned<f64>>,
    pub gauge_change_cost_usd: Option<Spanned<f64>>,
    pub gauge_change_source: Option<Spanned<String>>,
}

impl<Place> RawTransfer<Place> {
    /// Keys of `[transfer]`; `[[transfer_at]]` also takes `place`.
    pub const KEYS: &'static [&'static str] = &[
        "mode_change_h",
        "mode_change_source",
        "gauge_change_h",
        "gauge_change_cost_usd",
        "gauge_change_source",
    ];
    pub const KEYS_AT: &'static [&'static str] = &[
        "place",
        "mode_change_h",
        "mode_change_source",
        "gauge_change_h",
        "gauge_change_cost_usd",
        "gauge_change_source",
    ];
    pub const REQUIRED: &'static str = "place";
}

/// One `[[crossing]]` table of `travel.toml`.
#[derive(Debug, Deserialize)]
pub struct RawCrossing {
    pub place: Spanned<String>,
    pub mode: Spanned<String>,
    pub delay_h: Option<Spanned<f64>>,
    pub cost_usd: Option<Spanned<f64>>,
    pub source: Spanned<String>,
}

impl RawCrossing {
    pub const KEYS: &'static [&'static str] = &["place", "mode", "delay_h", "cost_usd", "source"];
    pub const REQUIRED: &'static str = "place, mode and source";
}

/// One `[[terminal]]` table of `travel.toml`: a place where freight changes mode.
#[derive(Debug, Deserialize)]
pub struct RawTerminal {
    pub place: Spanned<String>,
    pub facility: Spanned<String>,
    pub source: Spanned<String>,
}

impl RawTerminal {
    pub const KEYS: &'static [&'static str] = &["place", "facility", "source"];
    pub const REQUIRED: &'static str = "place, facility and source";
}

/// One `[[outlet]]` table of `outlets.toml`.
#[derive(Debug, Deserialize)]
pub struct RawOutlet {
    pub place: Spanned<String>,
    pub sea: Spanned<String>,
    pub stated: Option<Spanned<RawStated>>,
}

impl RawOutlet {
    pub const KEYS: &'static [&'static str] = &["place", "sea", "stated"];
    pub const REQUIRED: &'static str = "place and sea";
}

/// One `[[distance]]` table of `evidence.toml`: a published town-to-town distance.
#[derive(Debug, Deserialize)]
pub struct RawEvidence {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub mode: Spanned<String>,
    pub km: Spanned<f64>,
    pub range_km: Option<Spanned<Vec<f64>>>,
    pub status: Option<Spanned<String>>,
    pub source: Spanned<String>,
    pub quote: Spanned<String>,
}

impl RawEvidence {
    pub const KEYS: &'static [&'static str] = &[
        "from", "to", "mode", "km", "range_km", "status", "source", "quote",
    ];
    pub const REQUIRED: &'static str = "from, to, mode, km, source and quote";
}

/// An outlet's `[outlet.stated]` table: a published distance to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStated {
    pub from: Spanned<String>,
    pub length_km: Spanned<f64>,
    pub quote: Spanned<String>,
    pub source: Spanned<String>,
}

/// The top level of a scenario file, without its tables.
#[derive(Debug, Deserialize)]
pub struct RawScenario {
    pub name: Spanned<String>,
    pub description: Option<String>,
}

impl RawScenario {
    pub const KEYS: &'static [&'static str] =
        &["name", "description", "close", "set_status", "add_segment"];
    pub const REQUIRED: &'static str = "name";
}

/// A scenario's `[close]` table: countries and places closed to traffic.
#[derive(Debug, Deserialize)]
pub struct RawClose {
    #[serde(default)]
    pub countries: Vec<Spanned<String>>,
    #[serde(default)]
    pub places: Vec<Spanned<String>>,
}

impl RawClose {
    pub const KEYS: &'static [&'static str] = &["countries", "places"];
}

/// One `[[set_status]]` table: a corridor's segments, or the segments joining two
/// places, given a new status.
#[derive(Debug, Deserialize)]
pub struct RawSetStatus {
    pub corridor: Option<Spanned<String>>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub status: Spanned<String>,
}

impl RawSetStatus {
    pub const KEYS: &'static [&'static str] = &["corridor", "from", "to", "status"];
    pub const REQUIRED: &'static str = "status, and a corridor or from and to";
}

/// One `[[claim]]` table of `claims.toml`. Which keys a claim needs depends on its
/// `kind`; the validator says which are missing.
#[derive(Debug, Deserialize)]
pub struct RawClaim {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub quote: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub tolerance_pct: Spanned<f64>,
    pub from: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    pub stated_km: Option<Spanned<f64>>,
    pub corridor: Option<Spanned<String>>,
    pub countries: Option<Spanned<Vec<String>>>,
    pub by: Option<Spanned<String>>,
    pub stated_ratio: Option<Spanned<f64>>,
    #[serde(default)]
    pub mode: Vec<Spanned<String>>,
    #[serde(default)]
    pub status: Vec<Spanned<String>>,
    #[serde(default)]
    pub with_mode: Vec<Spanned<String>>,
    #[serde(default)]
    pub with_status: Vec<Spanned<String>>,
    pub outlet: Option<Spanned<String>>,
}

impl RawClaim {
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "kind",
        "quote",
        "source",
        "tolerance_pct",
        "from",
        "to",
        "stated_km",
        "corridor",
        "countries",
        "by",
        "stated_ratio",
        "mode",
        "status",
        "with_mode",
        "with_status",
        "outlet",
    ];
    pub const REQUIRED: &'static str = "id, kind and tolerance_pct";
}

/// One `[[pair]]` table of a pairs file (`--pairs FILE`).
#[derive(Debug, Deserialize)]
pub struct RawPair {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

impl RawPair {
    pub const KEYS: &'static [&'static str] = &["from", "to"];
    pub const REQUIRED: &'static str = "from and to";
}

//! Plain types of the dataset: places, corridors and their segments.
//!
//! Everything here is validated data. The loader (`crate::load`) is the only place
//! that builds these types from text, so code that receives a [`Dataset`] may rely on
//! its invariants: ids are unique, every segment joins two known places, and every
//! corridor is a connected chain of segments.
//!
//! Coordinates are WGS84 decimal degrees, written latitude first as in the data files.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A WGS84 position in decimal degrees, latitude first (the order the data uses).
///
/// `geo` works in (x = lon, y = lat); [`LatLon::to_point`] is the one place that
/// converts between the two orders.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LatLon {
    /// Latitude in degrees, −90 to 90, positive north.
    pub lat_deg: f64,
    /// Longitude in degrees, −180 to 180, positive east.
    pub lon_deg: f64,
}

impl LatLon {
    pub fn new(lat_deg: f64, lon_deg: f64) -> Self {
        Self { lat_deg, lon_deg }
    }

    /// The `geo` point for this position: x is longitude, y is latitude.
    pub fn to_point(self) -> geo::Point<f64> {
        geo::Point::new(self.lon_deg, self.lat_deg)
    }
}

/// A closed set of keywords (`mode = "road"`): what the loader and the command
/// line parse, with the accepted spellings for their messages.
pub trait Keyword: Sized + Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];
    /// The value of a spelling; `None` for anything else.
    fn parse(text: &str) -> Option<Self>;
    /// The accepted spellings: `road | rail | ...`.
    fn accepted() -> String;
}

/// Declares a closed set of keywords used in the data files (`mode = "road"`), with
/// the accepted spellings in one list so that error messages can show them.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The position in [`Self::ALL`]: for tables indexed by value.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The spelling used in data files, on the command line and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the data-file spelling; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages: `road | rail | ...`.
            pub fn accepted() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl Keyword for $name {
            const ALL: &'static [Self] = $name::ALL;

            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }

            fn accepted() -> String {
                $name::accepted()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// How a segment carries things.
    Mode {
        Road => "road",
        Rail => "rail",
        Ferry => "ferry",
        Pipeline => "pipeline",
        PowerLine => "power-line",
    }
}

keyword_enum! {
    /// How far a link is from carrying traffic.
    Status {
        Operational => "operational",
        UnderConstruction => "under-construction",
        Proposed => "proposed",
    }
}

keyword_enum! {
    /// What a route minimises (`--by`, and a claim's `by`).
    Metric {
        /// Kilometres: published segment lengths where given, else measured.
        Distance => "distance",
        /// Hours: moving time, border clearance and transfers.
        Time => "time",
        /// US$ per tonne: freight rate per tonne-km, border and transhipment costs.
        Cost => "cost",
    }
}

keyword_enum! {
    /// The ground a segment crosses, as its `terrain` key states it. An unpublished
    /// length is estimated with the detour factor fitted on published segments of the
    /// same mode and terrain (see `lengths`).
    Terrain {
        /// Lowland, desert or steppe: the road or line runs nearly straight.
        Plain => "plain",
        /// Foothills, rolling or broken ground, river valleys between ranges.
        Hill => "hill",
        /// Crosses a range or follows a mountain gorge (passes, the Karakoram, the Pamirs).
        Mountain => "mountain",
    }
}

keyword_enum! {
    /// What a segment's length stands on.
    LengthBasis {
        /// A source publishes the section's length (`length_km` with `source`).
        Published => "published",
        /// No length is published: the geodesic along the shape points times the
        /// detour factor fitted on published segments of the same mode and terrain
        /// ([`crate::lengths`]).
        Estimated => "estimated",
        /// No length is published and no detour factor could be fitted (too few
        /// published segments of the mode): the geodesic along the shape points.
        Measured => "measured",
    }
}

keyword_enum! {
    /// What a place is.
    PlaceKind {
        City => "city",
        Port => "port",
        BorderCrossing => "border-crossing",
        Pass => "pass",
        Junction => "junction",
        GasField => "gas-field",
        Substation => "substation",
        DryPort => "dry-port",
    }
}

/// The modes that carry freight and people, routable by default; pipelines and power
/// lines only when asked for.
pub const TRANSPORT_MODES: &[Mode] = &[Mode::Road, Mode::Rail, Mode::Ferry];

/// Index of a place in [`Dataset::places`].
pub type PlaceIdx = usize;
/// Index of a segment in [`Dataset::segments`].
pub type SegmentIdx = usize;
/// Index of a corridor in [`Dataset::corridors`].
pub type CorridorIdx = usize;

/// An origin–destination pair: of a pairs file (`--pairs`), or of the default
/// capitals-to-ports pairs that `impact` and `critical` run over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub from: PlaceIdx,
    pub to: PlaceIdx,
}

/// The months a seasonal segment is open (a pass closed in winter), as a set of
/// calendar months 1 (January) to 12.
///
/// ```
/// use corridors::model::OpenMonths;
/// let khunjerab = OpenMonths::from_months(&[4, 5, 6, 7, 8, 9, 10, 11]).unwrap();
/// assert!(khunjerab.contains(4) && !khunjerab.contains(1));
/// assert_eq!(khunjerab.describe(), "April–November");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OpenMonths(u16);

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl OpenMonths {
    /// The set of `months` (each 1 to 12); `None` for an empty list or a month out of
    /// range.
    pub fn from_months(months: &[u8]) -> Option<Self> {
        let mut bits = 0u16;
        for &m in months {
            if !(1..=12).contains(&m) {
                return None;
            }
            bits |= 1 << (m - 1);
        }
        (bits != 0).then_some(Self(bits))
    }

    /// True where the segment is open in `month` (1 to 12).
    pub fn contains(self, month: u8) -> bool {
        (1..=12).contains(&month) && self.0 & (1 << (month - 1)) != 0
    }

    /// The open months, 1 to 12, in calendar order.
    pub fn months(self) -> Vec<u8> {
        (1..=12).filter(|&m| self.contains(m)).collect()
    }

    /// "April–November"; a run across the new year as "November–March"; scattered
    /// months listed with commas.
    pub fn describe(self) -> String {
        let months = self.months();
        if months.len() == 12 {
            return "all year".into();
        }
        // A single run, possibly across December–January: start where the month
        // before is closed.
        let starts: Vec<u8> = months
            .iter()
            .copied()
            .filter(|&m| !self.contains(if m == 1 { 12 } else { m - 1 }))
            .collect();
        let name = |m: u8| MONTH_NAMES[usize::from(m - 1)];
        if let [start] = starts.as_slice() {
            let end = (0..12u8)
                .map(|k| (start - 1 + k) % 12 + 1)
                .take_while(|&m| self.contains(m))
                .last()
                .unwrap_or(*start);
            if start == &end {
                return name(*start).into();
            }
            return format!("{}–{}", name(*start), name(end));
        }
        months
            .iter()
            .map(|&m| name(m))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Serialize for OpenMonths {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.months().serialize(serializer)
    }
}

impl schemars::JsonSchema for OpenMonths {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OpenMonths".into()
    }

    /// As [`Serialize`] writes it: the months open, 1 to 12, in order.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "items": { "type": "integer", "minimum": 1, "maximum": 12 },
            "minItems": 1,
            "maxItems": 12
        })
    }
}

impl<'de> Deserialize<'de> for OpenMonths {
    /// The list [`Serialize`] writes, checked as [`OpenMonths::from_months`] checks it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let months = Vec::<u8>::deserialize(deserializer)?;
        Self::from_months(&months).ok_or_else(|| {
            serde::de::Error::custom("open months must be at least one month, each 1 to 12")
        })
    }
}

/// A node of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Place {
    /// Kebab-case, unique: `dushanbe`, `khunjerab-pass`.
    pub id: String,
    pub name: String,
    /// Other spellings accepted in queries (Khorog, Alma Ata ...).
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country the point lies in.
    pub country: String,
    /// For a border crossing or a border pass: the country on the other side.
    pub border_with: Option<String>,
    pub position: LatLon,
    pub kind: PlaceKind,
    pub elevation_m: Option<f64>,
    /// Its country's capital (`capital = true` in places.toml): the map always
    /// labels it.
    pub capital: bool,
    /// How far the point may lie from the place, in km, where the source is coarser
    /// than the usual 2 km (a gas field's centre, a border post read off a map).
    pub precision_km: Option<f64>,
    /// Where the coordinates come from.
    pub source: String,
}

impl Place {
    /// True where freight changes mode here by the place's kind alone: a port or a
    /// dry port. Other terminals are listed in `travel.toml` ([`Dataset::is_terminal`]).
    pub fn is_terminal_by_kind(&self) -> bool {
        matches!(self.kind, PlaceKind::Port | PlaceKind::DryPort)
    }

    /// True where the place is a crossing between two countries.
    pub fn is_border_crossing(&self) -> bool {
        self.border_with.is_some()
    }
}

/// One link between two places, owned by one corridor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Segment {
    pub corridor: CorridorIdx,
    pub from: PlaceIdx,
    pub to: PlaceIdx,
    /// The segment's own mode (a ferry link on a rail corridor), or the corridor's.
    pub mode: Mode,
    /// The segment's own status, or the corridor's default.
    pub status: Status,
    /// Intermediate points from `from` to `to`, excluding both ends.
    pub shape: Vec<LatLon>,
    /// Geodesic length on WGS84 along from → shape → to, in km.
    pub measured_length_km: f64,
    /// The length a source publishes for this segment, in km.
    pub published_length_km: Option<f64>,
    /// Where `published_length_km` (and any speed) comes from.
    pub source: Option<String>,
    pub speed_kmh: Option<f64>,
    /// A note such as "closed in winter".
    pub seasonal: Option<String>,
    /// The months it is open, where it closes for part of the year and a source says
    /// when; `--month` leaves it out of the network in the others.
    pub open_months: Option<OpenMonths>,
    /// Track gauge in mm, for rail.
    pub gauge_mm: Option<u32>,
    /// The ground it crosses, where the data states it.
    pub terrain: Option<Terrain>,
    /// Where no length is published: the estimate of [`crate::lengths`], in km.
    pub estimated_length_km: Option<f64>,
}

impl Segment {
    /// The length on the ground that routing and `compare` use, in km: the published
    /// figure, else the estimate, else the geodesic along the shape points.
    pub fn routing_length_km(&self) -> f64 {
        self.published_length_km
            .or(self.estimated_length_km)
            .unwrap_or(self.measured_length_km)
    }

    /// What [`Self::routing_length_km`] stands on.
    pub fn length_basis(&self) -> LengthBasis {
        if self.published_length_km.is_some() {
            LengthBasis::Published
        } else if self.estimated_length_km.is_some() {
            LengthBasis::Estimated
        } else {
            LengthBasis::Measured
        }
    }
}

/// A segment as a corridor traverses it: forward is from → to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Traversal {
    pub segment: SegmentIdx,
    pub forward: bool,
}

/// A named corridor: one project, road or line, as the sources name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Corridor {
    /// Kebab-case, unique, equal to the file's name without `.toml`.
    pub id: String,
    pub name: String,
    pub mode: Mode,
    /// The default status of its own segments.
    pub status: Status,
    /// The total length a source publishes, in km.
    pub stated_length_km: Option<f64>,
    /// Where sources disagree: the lowest and highest published totals, in km.
    pub stated_length_range_km: Option<(f64, f64)>,
    pub sources: Vec<String>,
    /// Published capacity with its unit, as text ("1,300 MW").
    pub capacity: Option<String>,
    /// Published cost in millions of US$.
    pub cost_usd_m: Option<f64>,
    pub opened: Option<i64>,
    pub expected: Option<i64>,
    pub description: Option<String>,
    /// Remarks, such as a paper's claim that the data does not bear out.
    pub notes: Vec<String>,
    /// Other corridors this one is made of (a through route such as
    /// Dushanbe–Karachi), in order.
    pub includes: Vec<CorridorIdx>,
    /// Every segment of the corridor in travel order, its own and its included
    /// corridors', oriented so that each starts where the previous one ended.
    pub path: Vec<Traversal>,
    /// The file the corridor comes from, as given to the loader.
    pub file: String,
}

/// A figure with the source it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sourced {
    pub value: f64,
    pub source: String,
}

/// Speed, freight rate and default border figures of one mode (`[[mode]]` in
/// `routes/travel.toml`). Each is absent where no source gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModeTravel {
    /// Average speed while moving, in km/h (CAREC's "speed without delay").
    pub speed_kmh: Option<Sourced>,
    /// Freight rate in US$ per tonne-km.
    pub cost_usd_per_tkm: Option<Sourced>,
    /// Clearance time at a border crossing with no figures of its own, in hours.
    pub border_delay_h: Option<Sourced>,
    /// Cost at a border crossing with no figures of its own, in US$ per shipment.
    pub border_cost_usd: Option<Sourced>,
}

/// Clearance figures of one border crossing for one mode (`[[crossing]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CrossingTravel {
    pub place: PlaceIdx,
    pub mode: Mode,
    /// In hours.
    pub delay_h: Option<f64>,
    /// In US$ per shipment.
    pub cost_usd: Option<f64>,
    pub source: String,
}

/// Times (and costs) of changing vehicles at a place: the defaults of `[transfer]`, or
/// one place's own figures (`[[transfer_at]]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TransferTravel {
    /// Changing mode (rail to road ...), in hours.
    pub mode_change_h: Option<Sourced>,
    /// Transhipment between rail gauges (1,520 to 1,676 mm ...), in hours.
    pub gauge_change_h: Option<Sourced>,
    /// Transhipment between rail gauges, in US$ per shipment.
    pub gauge_change_cost_usd: Option<Sourced>,
}

/// A place where freight changes mode (`[[terminal]]`): a dry port, an inland
/// container depot, a rail freight terminal with road access. Ports and dry ports
/// (by their `kind`) are terminals without a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Terminal {
    pub place: PlaceIdx,
    /// What is there: "Peshawar dry port (Pakistan Customs)".
    pub facility: String,
    pub source: String,
}

/// Everything `--by time` and `--by cost` need, from `routes/travel.toml`. A dataset
/// without that file has none of it, and routing by time or cost says what is missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Travel {
    /// The shipment that border and transhipment costs are per, in tonnes: dividing by it
    /// gives US$ per tonne.
    pub shipment_t: Option<Sourced>,
    /// Indexed by [`Mode::index`].
    pub modes: Vec<ModeTravel>,
    /// Default transfer figures.
    pub transfer: TransferTravel,
    /// Places with transfer figures of their own.
    pub transfer_at: Vec<(PlaceIdx, TransferTravel)>,
    /// Places besides ports and dry ports where freight changes mode.
    pub terminals: Vec<Terminal>,
    pub crossings: Vec<CrossingTravel>,
}

/// A mode with no figures: what [`Travel::mode`] gives where the file has none.
const NO_FIGURES: ModeTravel = ModeTravel {
    speed_kmh: None,
    cost_usd_per_tkm: None,
    border_delay_h: None,
    border_cost_usd: None,
};

impl Travel {
    /// The figures of one mode (all absent where the file has none).
    pub fn mode(&self, mode: Mode) -> &ModeTravel {
        self.modes.get(mode.index()).unwrap_or(&NO_FIGURES)
    }

    /// The crossing figures of `place` for `mode`, if the file has them.
    pub fn crossing(&self, place: PlaceIdx, mode: Mode) -> Option<&CrossingTravel> {
        self.crossings
            .iter()
            .find(|c| c.place == place && c.mode == mode)
    }

    /// One transfer figure as it holds at `place`: the place's own, else the default.
    /// `pick` chooses the figure: `|t| &t.mode_change_h`.
    pub fn transfer_figure(
        &self,
        place: PlaceIdx,
        pick: impl Fn(&TransferTravel) -> &Option<Sourced>,
    ) -> Option<&Sourced> {
        self.transfer_at
            .iter()
            .find(|(p, _)| *p == place)
            .and_then(|(_, own)| pick(own).as_ref())
            .or_else(|| pick(&self.transfer).as_ref())
    }
}

/// The whole validated dataset.
///
/// Serialize and Deserialize store the built-in dataset as build.rs prepared it
/// ([`crate::load`]); the JSON output uses some of the same impls, so a field skipped
/// in JSON would be lost there too (a test compares the two loads).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Dataset {
    pub places: Vec<Place>,
    pub corridors: Vec<Corridor>,
    pub segments: Vec<Segment>,
    /// Speeds, rates and delays; empty where the dataset has no `travel.toml`.
    pub travel: Travel,
    /// Ports standing for the seas that `chart sea-access` measures to; empty where
    /// the dataset has no `outlets.toml`.
    pub outlets: Vec<Outlet>,
    /// The papers' quantitative claims that `corridors claims` checks; empty where
    /// the dataset has no `claims.toml`.
    pub claims: Vec<Claim>,
    /// Published town-to-town distances that `corridors evidence` routes; empty where
    /// the dataset has no `evidence.toml`.
    pub evidence: Vec<PublishedDistance>,
    /// Countries and places that scenarios have closed: no network admits a segment
    /// with an end there.
    pub closed: Closures,
    /// The names of the scenarios applied, in order, for titles and notes.
    pub scenarios: Vec<String>,
    /// The detour factors that estimate unpublished lengths, fitted on the dataset's
    /// published segments when it was loaded.
    pub detour_factors: DetourFactors,
}

/// One fitted factor: published ÷ geodesic for a mode, on one terrain or on all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetourFactor {
    pub mode: Mode,
    /// `None`: every terrain of the mode together (the fallback).
    pub terrain: Option<Terrain>,
    /// The median of published length ÷ geodesic along the shape points.
    pub factor: f64,
    /// How many published segments it was fitted on.
    pub samples: usize,
}

/// The fitted factors of a dataset: per (mode, terrain) and per mode. Fitted and
/// applied by [`crate::lengths`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetourFactors {
    pub factors: Vec<DetourFactor>,
}

/// Countries and places closed to traffic (by `--scenario`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Closures {
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    pub places: Vec<PlaceIdx>,
}

impl Closures {
    /// True where the place, or its country, is closed.
    pub fn closes(&self, place: &Place, idx: PlaceIdx) -> bool {
        self.places.contains(&idx) || self.countries.contains(&place.country)
    }
}

/// A port that stands for a sea (`outlets.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outlet {
    pub place: PlaceIdx,
    /// The sea, as the chart names it: "Arabian Sea", "Black Sea".
    pub sea: String,
    /// A published distance to this sea, where a paper states one.
    pub stated: Option<StatedDistance>,
}

/// A town-to-town distance by road or rail as a source publishes it
/// (`evidence.toml`): the ground truth `corridors evidence` checks the network on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PublishedDistance {
    pub from: PlaceIdx,
    pub to: PlaceIdx,
    /// `road` or `rail`: the route is searched on that mode alone (rail with train ferries).
    pub mode: Mode,
    /// The figure used, in km.
    pub km: f64,
    /// Where sources disagree: the lowest and highest published figures, in km.
    pub range_km: Option<(f64, f64)>,
    /// The one status of the links the figure measures (a service on today's lines:
    /// `operational`); `None`: links of every status.
    pub status: Option<Status>,
    /// The source's own words.
    pub quote: String,
    pub source: String,
}

/// A distance a source states between a place and an outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatedDistance {
    pub from: PlaceIdx,
    pub length_km: f64,
    /// The source's own words.
    pub quote: String,
    pub source: String,
}

impl Dataset {
    pub fn place(&self, idx: PlaceIdx) -> &Place {
        &self.places[idx]
    }

    /// True where freight may change mode at the place: a port or dry port by its kind,
    /// or a `[[terminal]]` of `travel.toml`.
    pub fn is_terminal(&self, place: PlaceIdx) -> bool {
        self.places[place].is_terminal_by_kind()
            || self.travel.terminals.iter().any(|t| t.place == place)
    }

    /// The corridor with this exact id.
    pub fn corridor_by_id(&self, id: &str) -> Option<CorridorIdx> {
        self.corridors.iter().position(|c| c.id == id)
    }

    /// A segment's line as traversed: its start, its shape points, its end.
    pub fn traversal_points(&self, step: Traversal) -> Vec<LatLon> {
        let segment = &self.segments[step.segment];
        let mut points: Vec<LatLon> = std::iter::once(self.places[segment.from].position)
            .chain(segment.shape.iter().copied())
            .chain(std::iter::once(self.places[segment.to].position))
            .collect();
        if !step.forward {
            points.reverse();
        }
        points
    }

    /// The places a corridor passes, in travel order, from its first end to its last.
    pub fn corridor_places(&self, corridor: CorridorIdx) -> Vec<PlaceIdx> {
        let path = &self.corridors[corridor].path;
        let mut places = Vec::with_capacity(path.len() + 1);
        for (i, step) in path.iter().enumerate() {
            let segment = &self.segments[step.segment];
            let (start, end) = if step.forward {
                (segment.from, segment.to)
            } else {
                (segment.to, segment.from)
            };
            if i == 0 {
                places.push(start);
            }
            places.push(end);
        }
        places
    }
}

/// A quantitative claim of a source, and how to check it on the network
/// (`claims.toml`). Only the stated figure is stored; the check is always computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Claim {
    /// Kebab-case, unique: `wakhan-strip-width`.
    pub id: String,
    /// The source's own words; for a sea-access claim, the outlet's quote.
    pub quote: String,
    /// Where the words are: paper and section.
    pub source: String,
    /// |computed − stated| ÷ stated, in %, within which the claim counts as
    /// consistent.
    pub tolerance_pct: f64,
    pub check: ClaimCheck,
}

/// What a claim states and how it is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ClaimCheck {
    /// The shortest network distance between two places, in km.
    RouteDistance {
        from: PlaceIdx,
        to: PlaceIdx,
        modes: Vec<Mode>,
        statuses: Vec<Status>,
        stated_km: f64,
    },
    /// A corridor's length measured on WGS84 along its segments, in km.
    CorridorLength {
        corridor: CorridorIdx,
        stated_km: f64,
    },
    /// The least distance between two countries' outlines on the base map, in km.
    BorderGap {
        /// Country names as the base map spells them.
        countries: [String; 2],
        stated_km: f64,
    },
    /// A route's total with a link ÷ without it, under one metric: "half the time"
    /// is a ratio of 0.5.
    RouteRatio {
        from: PlaceIdx,
        to: PlaceIdx,
        by: Metric,
        with_modes: Vec<Mode>,
        with_statuses: Vec<Status>,
        without_modes: Vec<Mode>,
        without_statuses: Vec<Status>,
        stated_ratio: f64,
    },
    /// The distance to an outlet that `outlets.toml` states, from the origin it
    /// states it for.
    SeaAccess {
        from: PlaceIdx,
        outlet: PlaceIdx,
        stated_km: f64,
    },
}

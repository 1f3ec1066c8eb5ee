//! Plain types of the dataset: places, corridors and their segments.
//!
//! Everything here is validated data. The loader (`crate::load`) is the only place
//! that builds these types from text, so code that receives a [`Dataset`] may rely on
//! its invariants: ids are unique, every segment joins two known places, and every
//! corridor is a connected chain of segments.
//!
//! Coordinates are WGS84 decimal degrees, written latitude first as in the data files.

use std::fmt;

use serde::Serialize;

/// A WGS84 position in decimal degrees, latitude first (the order the data uses).
///
/// `geo` works in (x = lon, y = lat); [`LatLon::to_point`] is the one place that
/// converts between the two orders.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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

/// Declares a closed set of keywords used in the data files (`mode = "road"`), with
/// the accepted spellings in one list so that error messages can show them.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

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

/// Index of a place in [`Dataset::places`].
pub type PlaceIdx = usize;
/// Index of a segment in [`Dataset::segments`].
pub type SegmentIdx = usize;
/// Index of a corridor in [`Dataset::corridors`].
pub type CorridorIdx = usize;

/// A node of the network.
#[derive(Debug, Clone)]
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
    /// Where the coordinates come from.
    pub source: String,
}

impl Place {
    /// True where the place is a crossing between two countries.
    pub fn is_border_crossing(&self) -> bool {
        self.border_with.is_some()
    }
}

/// One link between two places, owned by one corridor.
#[derive(Debug, Clone)]
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
    /// Track gauge in mm, for rail.
    pub gauge_mm: Option<u32>,
}

impl Segment {
    /// The length routing uses: the published figure where there is one, else the
    /// measured one (DESIGN.md).
    pub fn routing_length_km(&self) -> f64 {
        self.published_length_km.unwrap_or(self.measured_length_km)
    }
}

/// A segment as a corridor traverses it: forward is from → to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traversal {
    pub segment: SegmentIdx,
    pub forward: bool,
}

/// A named corridor: one project, road or line, as the sources name it.
#[derive(Debug, Clone)]
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

/// The whole validated dataset.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub places: Vec<Place>,
    pub corridors: Vec<Corridor>,
    pub segments: Vec<Segment>,
}

impl Dataset {
    pub fn place(&self, idx: PlaceIdx) -> &Place {
        &self.places[idx]
    }

    /// The corridor with this exact id.
    pub fn corridor_by_id(&self, id: &str) -> Option<CorridorIdx> {
        self.corridors.iter().position(|c| c.id == id)
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

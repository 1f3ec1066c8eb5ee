//! Which OpenStreetMap ways become links, and with which mode, status and direction.
//!
//! - `highway=CLASS` with a kept class: an operational road, unless `access`,
//!   `motor_vehicle` or `motorcar` is `no` or `private`, or it is an `area`.
//! - `highway=construction` (with `construction=CLASS` of a kept class, or none):
//!   an under-construction road; `highway=proposed` likewise a proposed one.
//! - `railway=CLASS` with a kept class: an operational railway;
//!   `railway=construction` and `railway=proposed` as for roads.
//! - Direction (roads only): `oneway=yes|true|1` forward, `oneway=-1|reverse`
//!   backward, `oneway=no` both; without a `oneway` tag, motorways, motorway links
//!   and roundabouts are one-way, as OSM's documentation implies.

use crate::model::{Mode, Status};

/// The car-accessible classes OSRM's car profile uses.
pub const DEFAULT_HIGHWAYS: &[&str] = &[
    "motorway",
    "motorway_link",
    "trunk",
    "trunk_link",
    "primary",
    "primary_link",
    "secondary",
    "secondary_link",
    "tertiary",
    "tertiary_link",
    "unclassified",
    "residential",
    "living_street",
    "service",
];

/// Main-line railways only: trams and subways do not carry corridor freight.
pub const DEFAULT_RAILWAYS: &[&str] = &["rail"];

/// The classes an import keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRules {
    pub highways: Vec<String>,
    pub railways: Vec<String>,
}

impl Default for TagRules {
    fn default() -> Self {
        Self {
            highways: DEFAULT_HIGHWAYS.iter().map(|s| s.to_string()).collect(),
            railways: DEFAULT_RAILWAYS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Which ways a link may be travelled along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Both,
    /// Only in the order of the way's nodes.
    Forward,
    /// Only against it (`oneway=-1`).
    Backward,
}

/// What a kept way becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WayClass {
    pub mode: Mode,
    pub status: Status,
    pub direction: Direction,
}

/// The tags this module reads, gathered from a way's tag list.
#[derive(Default)]
struct Tags<'a> {
    highway: Option<&'a str>,
    railway: Option<&'a str>,
    construction: Option<&'a str>,
    proposed: Option<&'a str>,
    oneway: Option<&'a str>,
    junction: Option<&'a str>,
    area: Option<&'a str>,
    /// `access`, `motor_vehicle` or `motorcar` says no.
    closed_to_cars: bool,
}

impl TagRules {
    /// The class of a way with these `(key, value)` tags, or `None` to leave it out.
    pub fn classify<'a>(&self, tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<WayClass> {
        let mut t = Tags::default();
        for (key, value) in tags {
            match key {
                "highway" => t.highway = Some(value),
                "railway" => t.railway = Some(value),
                "construction" => t.construction = Some(value),
                "proposed" => t.proposed = Some(value),
                "oneway" => t.oneway = Some(value),
                "junction" => t.junction = Some(value),
                "area" => t.area = Some(value),
                "access" | "motor_vehicle" | "motorcar" => {
                    t.closed_to_cars |= matches!(value, "no" | "private")
                }
                _ => {}
            }
        }
        if t.area == Some("yes") {
            return None;
        }
        if let Some(highway) = t.highway
            && let Some(status) = status_of(highway, &t, &self.highways)
        {
            if status == Status::Operational && t.closed_to_cars {
                return None;
            }
            return Some(WayClass {
                mode: Mode::Road,
                status,
                direction: road_direction(highway, &t),
            });
        }
        let railway = t.railway?;
        let status = status_of(railway, &t, &self.railways)?;
        Some(WayClass {
            mode: Mode::Rail,
            status,
            direction: Direction::Both,
        })
    }
}

/// The status of a `highway=` or `railway=` value, if its class is kept.
fn status_of(value: &str, t: &Tags, kept: &[String]) -> Option<Status> {
    let kept_class =
        |class: Option<&str>| class.is_none_or(|c| c == "yes" || kept.iter().any(|k| k == c));
    match value {
        "construction" => kept_class(t.construction).then_some(Status::UnderConstruction),
        "proposed" => kept_class(t.proposed).then_some(Status::Proposed),
        class => kept
            .iter()
            .any(|k| k == class)
            .then_some(Status::Operational),
    }
}

fn road_direction(highway: &str, t: &Tags) -> Direction {
    match t.oneway {
        Some("yes" | "true" | "1") => Direction::Forward,
        Some("-1" | "reverse") => Direction::Backward,
        Some("no" | "false" | "0") => Direction::Both,
        _ => {
            let implied = matches!(highway, "motorway" | "motorway_link")
                || matches!(t.junction, Some("roundabout" | "circular"));
            if implied {
                Direction::Forward
            } else {
                Direction::Both
            }
        }
    }
}

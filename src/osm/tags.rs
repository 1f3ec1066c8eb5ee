//! Which OpenStreetMap ways become links, and with which mode, status and direction.
//!
//! The road rules follow OSRM's car profile (26.10), so that imported networks and
//! OSRM agree on what a car may use:
//! - `highway=CLASS` with a kept class: an operational road, unless the first of
//!   `motorcar`, `motor_vehicle`, `vehicle`, `access` present says a car may not use
//!   it (`CLOSED_TO_CARS`; `private`, `destination` and the like stay, as OSRM
//!   keeps them; a private service road does not: see `classify`), or it is an
//!   `area`, `impassable`, `oneway=reversible` or `service=emergency_access`.
//! - `highway=construction` (with `construction=CLASS` of a kept class, or none):
//!   an under-construction road; `highway=proposed` likewise a proposed one.
//! - `railway=CLASS` with a kept class: an operational railway;
//!   `railway=construction` and `railway=proposed` as for roads.
//! - Direction (roads only): `oneway=yes|true|1` forward, `oneway=-1|reverse`
//!   backward, `oneway=no` both; without a `oneway` tag, motorways, motorway links
//!   and roundabouts are one-way, as OSM's documentation implies.
//! - A node that blocks cars ([`blocks_cars`]: a bollard, a locked barrier, an
//!   access tag that closes it) ends the links that meet there without joining them.
//! - Turn restrictions ([`restriction_rule`]): `type=restriction` relations that
//!   bind a car.

use crate::imported::turns::TurnRule;
use crate::model::{Mode, Status};

/// Access values that close a road to cars (OSRM car profile's blacklist, less the
/// values it keeps as "restricted": private, destination, delivery, customers,
/// permit, residents).
const CLOSED_TO_CARS: &[&str] = &[
    "no",
    "agricultural",
    "forestry",
    "emergency",
    "psv",
    "taxi",
    "share_taxi",
    "minibus",
    "bus",
    "foot",
    "emergency_vehicle",
    "restricted",
    "military",
    "official",
];

/// Barriers a car passes (OSRM car profile's whitelist and its penalised gates).
const PASSABLE_BARRIERS: &[&str] = &[
    "cattle_grid",
    "border_control",
    "toll_booth",
    "sally_port",
    "no",
    "entrance",
    "height_restrictor",
    "arch",
    "gate",
    "lift_gate",
];

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

/// The `highway=*` values besides [`DEFAULT_HIGHWAYS`] that a way can carry
/// (OpenStreetMap wiki, Key:highway), so that `--highways` refuses a typo instead of
/// keeping nothing.
pub const OTHER_HIGHWAYS: &[&str] = &[
    "track",
    "road",
    "pedestrian",
    "busway",
    "bus_guideway",
    "raceway",
    "escape",
    "path",
    "footway",
    "cycleway",
    "bridleway",
    "steps",
    "corridor",
    "construction",
    "proposed",
];

/// Every `highway=*` class OpenStreetMap has: the defaults, then the others.
pub fn highway_classes() -> impl Iterator<Item = &'static str> {
    DEFAULT_HIGHWAYS.iter().chain(OTHER_HIGHWAYS).copied()
}

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
    car_access: CarAccess<'a>,
    /// `impassable=yes`, `status=impassable`, `service=emergency_access`.
    unusable: bool,
}

/// The access tags that apply to a car, most specific first: `motorcar`,
/// `motor_vehicle`, `vehicle`, `access`. The first one present decides.
#[derive(Default)]
struct CarAccess<'a>([Option<&'a str>; 4]);

impl<'a> CarAccess<'a> {
    /// Takes `key = value` if it is one of the four; says whether it was.
    fn read(&mut self, key: &str, value: &'a str) -> bool {
        let slot = match key {
            "motorcar" => 0,
            "motor_vehicle" => 1,
            "vehicle" => 2,
            "access" => 3,
            _ => return false,
        };
        self.0[slot] = Some(value);
        true
    }

    /// The value that decides, if any tag is present.
    fn deciding(&self) -> Option<&'a str> {
        self.0.iter().flatten().next().copied()
    }

    fn closes(&self) -> bool {
        self.deciding().is_some_and(|v| CLOSED_TO_CARS.contains(&v))
    }
}

/// Whether a node with these tags stops cars passing through it: an access tag
/// that closes it, or a barrier other than a gate, a cattle grid, a toll booth and
/// the like (rising bollards and lowered kerbs let cars by).
pub fn blocks_cars<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    let mut access = CarAccess::default();
    let (mut barrier, mut passable_anyway) = (None, false);
    for (key, value) in tags {
        if access.read(key, value) {
            continue;
        }
        match key {
            "barrier" => barrier = Some(value),
            "bollard" => passable_anyway |= value == "rising",
            "kerb" => passable_anyway |= matches!(value, "lowered" | "flush"),
            "highway" => passable_anyway |= value == "crossing",
            _ => {}
        }
    }
    if access.deciding().is_some() {
        return access.closes();
    }
    barrier.is_some_and(|b| !PASSABLE_BARRIERS.contains(&b) && !passable_anyway)
}

impl TagRules {
    /// The class of a way with these `(key, value)` tags, or `None` to leave it out.
    pub fn classify<'a>(&self, tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<WayClass> {
        let mut t = Tags::default();
        for (key, value) in tags {
            if t.car_access.read(key, value) {
                continue;
            }
            match key {
                "highway" => t.highway = Some(value),
                "railway" => t.railway = Some(value),
                "construction" => t.construction = Some(value),
                "proposed" => t.proposed = Some(value),
                "oneway" => t.oneway = Some(value),
                "junction" => t.junction = Some(value),
                "area" => t.area = Some(value),
                "impassable" => t.unusable |= value == "yes",
                "status" => t.unusable |= value == "impassable",
                "service" => t.unusable |= value == "emergency_access",
                _ => {}
            }
        }
        if t.area == Some("yes") {
            return None;
        }
        if let Some(highway) = t.highway
            && let Some(status) = status_of(highway, &t, &self.highways)
        {
            let reversible = t.oneway == Some("reversible");
            // Private service roads are left out. OSRM keeps them but does not
            // start or end a route on them (car.lua's service_access_tag_blacklist
            // sets is_startpoint = false); matching that needs a no-snap flag on
            // links, which the network has not. BENCHMARKS.md counts the pairs.
            let private_service =
                highway == "service" && t.car_access.deciding() == Some("private");
            let closed = t.car_access.closes() || t.unusable || reversible || private_service;
            if status == Status::Operational && closed {
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

/// The rule of a `type=restriction` relation with these tags, if it binds a car:
/// `restriction:motorcar`, `restriction:motor_vehicle`, `restriction:vehicle` or
/// `restriction` (the first present, as OSRM's car profile reads them), unless
/// `except` names a car. `no_*` values forbid the turn, `only_*` values allow only
/// it; `None` for another relation, another value, or a car excepted.
pub fn restriction_rule<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<TurnRule> {
    const KEYS: [&str; 4] = [
        "restriction:motorcar",
        "restriction:motor_vehicle",
        "restriction:vehicle",
        "restriction",
    ];
    let mut values: [Option<&str>; 4] = [None; 4];
    let (mut is_restriction, mut car_excepted) = (false, false);
    for (key, value) in tags {
        match key {
            "type" => is_restriction = value == "restriction",
            "except" => {
                car_excepted = value
                    .split(';')
                    .any(|v| matches!(v.trim(), "motorcar" | "motor_vehicle" | "vehicle"))
            }
            _ => {
                if let Some(slot) = KEYS.iter().position(|&k| k == key) {
                    values[slot] = Some(value);
                }
            }
        }
    }
    if !is_restriction || car_excepted {
        return None;
    }
    let value = values.iter().flatten().next()?;
    if value.starts_with("no_") {
        Some(TurnRule::No)
    } else if value.starts_with("only_") {
        Some(TurnRule::Only)
    } else {
        None
    }
}

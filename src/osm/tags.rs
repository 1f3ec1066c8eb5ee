//! Which OpenStreetMap ways become links, and with which mode, status and direction.
//!
//! The road rules follow OSRM's car profile (26.10), so that imported networks and
//! OSRM agree on what a car may use:
//! - `highway=CLASS` with a kept class: an operational road, unless the first of
//!   `motorcar`, `motor_vehicle`, `vehicle`, `access` present says a car may not use
//!   it (`CLOSED_TO_CARS`; `private`, `destination` and the like stay, as OSRM
//!   keeps them), or it is an
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
//! - With the default classes, as the profile: `route=ferry` at 5 km/h and private
//!   service roads, both no start or end of a route ([`WayClass::startpoint`]), and
//!   a way of another class that a whitelisted access tag opens, at 10 km/h.
//! - A kept class also tagged `construction=*` (but minor works) or `proposed=*` is
//!   under construction or proposed, not open.
//! - Speeds for `--by time`: the profile's by class, replaced by 80% of a numeric
//!   `maxspeed`, capped by `surface`, `tracktype` and `smoothness`.
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

/// Access values after which OSRM's car profile gives a way of another class no
/// speed (its `access_tag_blacklist`): the closed ones and the restricted ones. Any
/// other value opens it to cars at the default speed (its `access_tag_whitelist`,
/// `yes`, `permissive`, `designated` ..., is among those).
const NO_DEFAULT_SPEED: &[&str] = &[
    "private",
    "delivery",
    "destination",
    "customers",
    "permit",
    "residents",
];

/// `highway=*` values OSRM's car profile never routes on, whatever the access.
const AVOIDED_HIGHWAYS: &[&str] = &["steps", "construction", "proposed"];

/// Speeds of the car profile, km/h, by `highway=*` class.
const CLASS_SPEEDS_KMH: &[(&str, u8)] = &[
    ("motorway", 90),
    ("motorway_link", 45),
    ("trunk", 85),
    ("trunk_link", 40),
    ("primary", 65),
    ("primary_link", 30),
    ("secondary", 55),
    ("secondary_link", 25),
    ("tertiary", 40),
    ("tertiary_link", 20),
    ("unclassified", 25),
    ("residential", 25),
    ("living_street", 10),
    ("service", 15),
];

/// The car profile's speed for a way of another class that access tags open.
const OTHER_CLASS_SPEED_KMH: u8 = 10;
/// The car profile's ferry speed (`route_speeds.ferry`).
const FERRY_SPEED_KMH: u8 = 5;
/// The car profile drives at this share of a `maxspeed` tag.
const MAXSPEED_SHARE: f64 = 0.8;
/// A railway's speed for `--by time`: a freight train's average, not a profile's.
const RAIL_SPEED_KMH: u8 = 60;

/// Caps on speed by surface, km/h (the car profile's `surface_speeds`).
const SURFACE_SPEEDS_KMH: &[(&str, u8)] = &[
    ("cement", 80),
    ("compacted", 80),
    ("fine_gravel", 80),
    ("paving_stones", 60),
    ("metal", 60),
    ("bricks", 60),
    ("grass", 40),
    ("wood", 40),
    ("sett", 40),
    ("grass_paver", 40),
    ("gravel", 40),
    ("unpaved", 40),
    ("ground", 40),
    ("dirt", 40),
    ("pebblestone", 40),
    ("tartan", 40),
    ("cobblestone", 30),
    ("clay", 30),
    ("earth", 20),
    ("stone", 20),
    ("rocky", 20),
    ("sand", 20),
    ("laterite", 15),
    ("mud", 10),
    ("ice", 20),
    ("snow", 30),
];

/// Caps by `tracktype` and by `smoothness`, km/h.
const TRACKTYPE_SPEEDS_KMH: &[(&str, u8)] = &[
    ("grade1", 60),
    ("grade2", 40),
    ("grade3", 30),
    ("grade4", 25),
    ("grade5", 20),
];
const SMOOTHNESS_SPEEDS_KMH: &[(&str, u8)] = &[
    ("intermediate", 80),
    ("bad", 40),
    ("very_bad", 20),
    ("horrible", 10),
    ("very_horrible", 5),
];

fn lookup(table: &[(&str, u8)], key: &str) -> Option<u8> {
    table.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

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
    /// Whether a route may start or end on it (not a ferry, not a private
    /// service road).
    pub startpoint: bool,
    /// Speed for `--by time`, km/h.
    pub speed_kmh: u8,
    /// A roundabout (`junction=roundabout` or `circular`): OSRM's car profile
    /// charges no oncoming traffic on turns into or out of it.
    pub roundabout: bool,
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
    route: Option<&'a str>,
    maxspeed: Option<&'a str>,
    surface: Option<&'a str>,
    tracktype: Option<&'a str>,
    smoothness: Option<&'a str>,
    car_access: CarAccess<'a>,
    /// `impassable=yes`, `status=impassable`, `service=emergency_access`.
    unusable: bool,
}

impl<'a> Tags<'a> {
    /// The tags this module reads from a way's tag list.
    fn gather(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
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
                "route" => t.route = Some(value),
                "maxspeed" => t.maxspeed = Some(value),
                "surface" => t.surface = Some(value),
                "tracktype" => t.tracktype = Some(value),
                "smoothness" => t.smoothness = Some(value),
                "impassable" => t.unusable |= value == "yes",
                "status" => t.unusable |= value == "impassable",
                "service" => t.unusable |= value == "emergency_access",
                _ => {}
            }
        }
        t
    }
}

/// A road of a kept highway class, at `status`.
fn road_class(highway: &str, status: Status, t: &Tags) -> WayClass {
    // OSRM keeps a private service road but neither starts nor ends a
    // route on it (car.lua's service_access_tag_blacklist).
    let private_service = highway == "service" && t.car_access.deciding() == Some("private");
    WayClass {
        mode: Mode::Road,
        status,
        direction: road_direction(highway, t),
        startpoint: !private_service,
        speed_kmh: road_speed_kmh(lookup(CLASS_SPEEDS_KMH, highway), t),
        roundabout: roundabout(t),
    }
}

/// What the car profile keeps beyond the highway classes, for an open way: a
/// ferry that carries cars, or a way of another class (a track) that an access
/// tag opens to cars.
fn car_profile_extra(t: &Tags) -> Option<WayClass> {
    if t.route == Some("ferry") {
        // At the profile's ferry speed.
        return Some(WayClass {
            mode: Mode::Road,
            status: Status::Operational,
            direction: road_direction("ferry", t),
            startpoint: false,
            speed_kmh: FERRY_SPEED_KMH,
            roundabout: false,
        });
    }
    let highway = t.highway?;
    let opened = !AVOIDED_HIGHWAYS.contains(&highway)
        && t.car_access
            .deciding()
            .is_some_and(|a| !NO_DEFAULT_SPEED.contains(&a));
    opened.then(|| WayClass {
        mode: Mode::Road,
        status: Status::Operational,
        direction: road_direction(highway, t),
        startpoint: true,
        speed_kmh: road_speed_kmh(Some(OTHER_CLASS_SPEED_KMH), t),
        roundabout: roundabout(t),
    })
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
    node_effect(tags).blocks
}

/// What a road node does to a car passing through it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NodeEffect {
    /// It stops cars ([`blocks_cars`]).
    pub blocks: bool,
    /// The time it costs to pass, in tenths of a second (OSRM 26.10 car profile,
    /// car.lua and lib/obstacles.lua): a gate or lift gate 60 s (when no access
    /// tag decides the node), traffic signals 2 s, a stop sign 2 s, give way 1 s.
    pub delay_ds: u16,
}

/// [`NodeEffect`] of a node with these tags. Deviations from OSRM: an
/// obstacle's `direction` (or `traffic_signals:direction`) is not read, so it
/// costs both ways; `stop=minor` (which OSRM charges only when entering by the
/// minor road) costs nothing, and so does OSRM's guess that an undirected stop
/// sign more than 20 m from a junction faces the other way is not made.
pub fn node_effect<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> NodeEffect {
    let mut access = CarAccess::default();
    let (mut barrier, mut passable_anyway) = (None, false);
    let (mut highway, mut minor_stop) = (None, false);
    for (key, value) in tags {
        if access.read(key, value) {
            continue;
        }
        match key {
            "barrier" => barrier = Some(value),
            "bollard" => passable_anyway |= value == "rising",
            "kerb" => passable_anyway |= matches!(value, "lowered" | "flush"),
            "highway" => {
                passable_anyway |= value == "crossing";
                highway = Some(value);
            }
            "stop" => minor_stop = value == "minor",
            _ => {}
        }
    }
    let mut delay_ds = match highway {
        Some("traffic_signals") => TRAFFIC_SIGNALS_DS,
        Some("stop") if !minor_stop => STOP_DS,
        Some("give_way") => GIVE_WAY_DS,
        _ => 0,
    };
    if access.deciding().is_some() {
        return NodeEffect {
            blocks: access.closes(),
            delay_ds,
        };
    }
    if barrier.is_some_and(|b| GATES.contains(&b)) {
        delay_ds += GATE_DS;
    }
    NodeEffect {
        blocks: barrier.is_some_and(|b| !PASSABLE_BARRIERS.contains(&b) && !passable_anyway),
        delay_ds,
    }
}

/// Barriers OSRM's car profile passes at a cost (`barrier_penalties`).
const GATES: &[&str] = &["gate", "lift_gate"];
/// OSRM 26.10 car.lua `barrier_penalties`: 60 s.
const GATE_DS: u16 = 600;
/// lib/obstacles.lua: `traffic_signal_penalty or 2` s.
const TRAFFIC_SIGNALS_DS: u16 = 20;
/// lib/obstacles.lua: a stop sign, 2 s.
const STOP_DS: u16 = 20;
/// lib/obstacles.lua: give way, 1 s.
const GIVE_WAY_DS: u16 = 10;

/// What OSRM's merge of one-way roads compares of a way
/// ([`crate::imported::merged_roads`]): its `name`, its `highway` class and its
/// `lanes` (0 where absent or not a number). Read at import only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoadNaming<'a> {
    pub name: Option<&'a str>,
    pub highway: Option<&'a str>,
    pub lanes: u8,
}

/// The [`RoadNaming`] of a way with these `(key, value)` tags.
pub fn road_naming<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> RoadNaming<'a> {
    let mut naming = RoadNaming::default();
    for (key, value) in tags {
        match key {
            "name" if !value.is_empty() => naming.name = Some(value),
            "highway" => naming.highway = Some(value),
            "lanes" => naming.lanes = value.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    naming
}

/// Whether the way is a roundabout (OSRM's `roundabout` and `circular` flags).
fn roundabout(t: &Tags) -> bool {
    matches!(t.junction, Some("roundabout" | "circular"))
}

impl TagRules {
    /// The class of a way with these `(key, value)` tags, or `None` to leave it out.
    pub fn classify<'a>(&self, tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<WayClass> {
        let t = Tags::gather(tags);
        if t.area == Some("yes") {
            return None;
        }
        let reversible = t.oneway == Some("reversible");
        let closed = t.car_access.closes() || t.unusable || reversible;
        if let Some(highway) = t.highway
            && let Some(status) = status_of(highway, &t, &self.highways)
        {
            if status == Status::Operational && closed {
                return None;
            }
            return Some(road_class(highway, status, &t));
        }
        if self.highways_are_default()
            && !closed
            && let Some(class) = car_profile_extra(&t)
        {
            return Some(class);
        }
        let railway = t.railway?;
        let status = status_of(railway, &t, &self.railways)?;
        Some(WayClass {
            mode: Mode::Rail,
            status,
            direction: Direction::Both,
            startpoint: true,
            speed_kmh: RAIL_SPEED_KMH,
            roundabout: false,
        })
    }

    /// Whether the highway classes are the car profile's: only then are ferries
    /// and ways opened by access tags kept, as the profile keeps them.
    fn highways_are_default(&self) -> bool {
        self.highways.len() == DEFAULT_HIGHWAYS.len()
            && self
                .highways
                .iter()
                .zip(DEFAULT_HIGHWAYS)
                .all(|(a, b)| a == b)
    }
}

/// The status of a `highway=` or `railway=` value, if its class is kept.
fn status_of(value: &str, t: &Tags, kept: &[String]) -> Option<Status> {
    let kept_class =
        |class: Option<&str>| class.is_none_or(|c| c == "yes" || kept.iter().any(|k| k == c));
    match value {
        "construction" => kept_class(t.construction).then_some(Status::UnderConstruction),
        "proposed" => kept_class(t.proposed).then_some(Status::Proposed),
        class if kept.iter().any(|k| k == class) => Some(
            // A road of a kept class that also carries `construction=*` (but for
            // the minor works OSRM's car profile lets by) or `proposed=*` is not
            // open yet, as the profile has it.
            if t.construction.is_some_and(|c| !MINOR_WORKS.contains(&c)) {
                Status::UnderConstruction
            } else if t.proposed.is_some() {
                Status::Proposed
            } else {
                Status::Operational
            },
        ),
        _ => None,
    }
}

/// `construction=*` values that leave a road open (the car profile's
/// `construction_whitelist`).
const MINOR_WORKS: &[&str] = &["no", "widening", "minor"];

/// The car profile's speed on a road: its class's (`class_kmh`), replaced by 80%
/// of a numeric `maxspeed` (km/h, or `N mph`), then capped by its surface,
/// tracktype and smoothness.
fn road_speed_kmh(class_kmh: Option<u8>, t: &Tags) -> u8 {
    let mut kmh = f64::from(class_kmh.unwrap_or(OTHER_CLASS_SPEED_KMH));
    if let Some(limit) = t.maxspeed.and_then(maxspeed_kmh) {
        kmh = limit * MAXSPEED_SHARE;
    }
    let caps = [
        t.surface.and_then(|v| lookup(SURFACE_SPEEDS_KMH, v)),
        t.tracktype.and_then(|v| lookup(TRACKTYPE_SPEEDS_KMH, v)),
        t.smoothness.and_then(|v| lookup(SMOOTHNESS_SPEEDS_KMH, v)),
    ];
    for cap in caps.into_iter().flatten() {
        kmh = kmh.min(f64::from(cap));
    }
    kmh.round().clamp(1.0, 255.0) as u8
}

/// A `maxspeed` value in km/h: `50`, `30 mph`; `None` for the others (`none`,
/// `FR:urban`), which keep the class's speed.
fn maxspeed_kmh(value: &str) -> Option<f64> {
    let value = value.trim();
    let (number, factor) = match value.strip_suffix("mph") {
        Some(n) => (n.trim(), 1.609_344),
        None => (value.strip_suffix("km/h").unwrap_or(value).trim(), 1.0),
    };
    let n: f64 = number.parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * factor)
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

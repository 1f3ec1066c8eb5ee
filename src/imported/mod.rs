//! Large networks: imported from OpenStreetMap (or generated for benchmarks), stored
//! in one binary file together with a contraction hierarchy prepared once, so that
//! each `route` or `matrix` query on a million nodes takes milliseconds.
//!
//! The curated dataset (`crate::model`) has named places and sourced corridors; an
//! imported network has only nodes (junctions and way ends, at WGS84 positions) and
//! links (the road or railway between two of them, with a geodesic length). Queries
//! give places as `lat,lon` and are snapped to the nearest node ([`snap`]).
//!
//! - [`hierarchy`]: the prepared contraction hierarchy (built with `fast_paths`),
//!   one-to-one and many-to-many queries on it.
//! - [`dijkstra`]: plain Dijkstra on the links, for filters the hierarchy was not
//!   prepared for, for `reach`, and as the slow reference the tests hold the
//!   hierarchy to.
//! - [`turns`]: turn restrictions, as copies of the nodes they apply at.
//! - [`merged_roads`]: which one-way roads OSRM merges into one at a junction.
//! - [`file`](mod@file): the binary file format.

pub mod components;
pub mod dijkstra;
pub mod file;
mod heap;
pub mod hierarchy;
pub mod journey;
pub mod merged_roads;
pub mod route;
pub mod snap;
pub mod timed;
pub mod turns;

use crate::model::{LatLon, Mode, Status};

pub use components::Components;
pub use hierarchy::Hierarchy;

/// A node's position: WGS84 latitude and longitude in units of 10⁻⁷ degree (about
/// 1 cm), latitude first. OpenStreetMap stores positions at the same precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePosition {
    pub lat_e7: i32,
    pub lon_e7: i32,
}

impl NodePosition {
    /// The position of `lat_deg`, `lon_deg` rounded to 10⁻⁷ degree.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64) -> Self {
        Self {
            lat_e7: (lat_deg * 1e7).round() as i32,
            lon_e7: (lon_deg * 1e7).round() as i32,
        }
    }

    /// The point a fraction `t` of the way from `self` to `to` (straight in degrees),
    /// moved by `offset_e7` (10⁻⁷ degree, latitude first): a shape point between two
    /// nodes, as random networks in tests draw them. Public only for the
    /// integration tests, hence hidden from the documentation.
    #[doc(hidden)]
    pub fn between(self, to: NodePosition, t: f64, offset_e7: (f64, f64)) -> Self {
        let lerp = |x: i32, y: i32| f64::from(x) + t * f64::from(y - x);
        Self {
            lat_e7: (lerp(self.lat_e7, to.lat_e7) + offset_e7.0) as i32,
            lon_e7: (lerp(self.lon_e7, to.lon_e7) + offset_e7.1) as i32,
        }
    }

    /// True where the position lies on the globe: latitude within ±90°,
    /// longitude within ±180°.
    pub fn is_on_globe(self) -> bool {
        (-900_000_000..=900_000_000).contains(&self.lat_e7)
            && (-1_800_000_000..=1_800_000_000).contains(&self.lon_e7)
    }

    pub fn lat_lon(self) -> LatLon {
        LatLon::new(f64::from(self.lat_e7) / 1e7, f64::from(self.lon_e7) / 1e7)
    }
}

/// Link lengths are whole decimetres: the hierarchy needs integer weights, and a
/// decimetre keeps the rounding of a 1,000 km route under 1 m per hundred links.
pub const DM_PER_KM: f64 = 10_000.0;

/// The road or railway between two nodes of an imported network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Node index where the link starts.
    pub from: u32,
    /// Node index where it ends.
    pub to: u32,
    /// Geodesic length along the way's own nodes, in decimetres.
    pub length_dm: u32,
    pub mode: Mode,
    pub status: Status,
    /// Travel only from `from` to `to` (a one-way street); otherwise both ways.
    pub one_way: bool,
    /// The same stretch of road as an earlier link: one of the links that a turn
    /// restriction adds ([`turns`]). Routes use it; km totals count it once.
    /// Duplicates follow the link they copy, which carries the shape.
    pub duplicate: bool,
    /// A route may start or end on it. OSRM's car profile passes through a ferry
    /// or a private service road but does not put a start or end there.
    pub startpoint: bool,
    /// Travel speed for `--by time`, km/h: the car profile's speed for the road's
    /// class, or its `maxspeed` (see `osm::tags`).
    pub speed_kmh: u8,
    /// Part of a roundabout: turns into or out of it cross no oncoming traffic
    /// ([`timed`]).
    pub roundabout: bool,
    /// At which of its ends OSRM merges it with another road into one
    /// ([`merged_roads`]): [`timed`] prices going from one into the other as a
    /// U-turn.
    pub merged: MergedEnds,
}

/// The ends of a link where it is merged with another road ([`merged_roads`]):
/// one byte, so a [`Link`] stays 20 bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergedEnds(u8);

impl MergedEnds {
    /// Merged at neither end.
    pub const NONE: Self = Self(0);
    /// Merged at its `from` node: a one-way road leaving it.
    pub const AT_FROM: Self = Self(1);
    /// Merged at its `to` node: a one-way road entering it.
    pub const AT_TO: Self = Self(2);

    pub fn at_from(self) -> bool {
        self.0 & Self::AT_FROM.0 != 0
    }

    pub fn at_to(self) -> bool {
        self.0 & Self::AT_TO.0 != 0
    }

    /// These ends and `other`'s.
    pub fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Its bits, as the network file stores them ([`file`](mod@file)).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The ends of `bits`, or `None` if it sets a bit that is no end.
    pub fn from_bits(bits: u8) -> Option<Self> {
        (bits & !(Self::AT_FROM.0 | Self::AT_TO.0) == 0).then_some(Self(bits))
    }
}

impl Link {
    /// An operational two-way road from `from` to `to`, `length_dm` long.
    pub fn road(from: u32, to: u32, length_dm: u32) -> Self {
        Self {
            from,
            to,
            length_dm,
            mode: Mode::Road,
            status: Status::Operational,
            one_way: false,
            duplicate: false,
            startpoint: true,
            speed_kmh: DEFAULT_SPEED_KMH,
            roundabout: false,
            merged: MergedEnds::NONE,
        }
    }

    /// The (tail, head) pairs it can be travelled along: one for a one-way link, two
    /// otherwise; none for a link from a node to itself, which no search uses.
    pub fn arcs(&self) -> impl Iterator<Item = (u32, u32)> {
        let usable = self.from != self.to;
        let forward = usable.then_some((self.from, self.to));
        let backward = (usable && !self.one_way).then_some((self.to, self.from));
        forward.into_iter().chain(backward)
    }

    /// The weight searches use: the length, but at least 1 dm, because the hierarchy
    /// drops zero-weight edges (two OSM nodes can share a position) and the plain
    /// search must see the same graph.
    pub fn weight_dm(&self) -> u32 {
        self.length_dm.max(1)
    }

    /// Its travel time in tenths of a second at `speed_kmh`, at least 1 (as
    /// [`Self::weight_dm`], and for the same reason).
    pub fn duration_ds(&self) -> u32 {
        let speed_kmh = f64::from(self.speed_kmh.max(1));
        // dm ÷ (km/h) = 0.36 s per dm at 1 km/h, i.e. 3.6 ds.
        let ds = (f64::from(self.length_dm) * 3.6 / speed_kmh).round();
        (ds.min(f64::from(u32::MAX)) as u32).max(1)
    }

    /// Its weight under `weighting`.
    pub fn weight(&self, weighting: Weighting) -> u32 {
        match weighting {
            Weighting::Distance => self.weight_dm(),
            Weighting::Time => self.duration_ds(),
        }
    }
}

/// The speed of a link whose road class sets none: a generated network's, or a
/// hand-made one's.
pub const DEFAULT_SPEED_KMH: u8 = 50;

/// What a search minimises: length (weights in decimetres) or travel time
/// (tenths of a second, from each link's `speed_kmh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weighting {
    Distance,
    Time,
}

/// The shape of each link between its two ends: the positions of the way's nodes
/// in between, in the link's direction (from `from` to `to`). A duplicate link
/// (see [`Link::duplicate`]) has none: it is the stretch of the link before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shapes {
    /// Link `i`'s points are `points[first[i]..first[i + 1]]`; empty when no link
    /// has a shape (every link straight), which costs nothing.
    pub first: Vec<u32>,
    pub points: Vec<NodePosition>,
}

impl Shapes {
    /// Link `link`'s inner points.
    pub fn of(&self, link: usize) -> &[NodePosition] {
        match (self.first.get(link), self.first.get(link + 1)) {
            (Some(&a), Some(&b)) => &self.points[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Link `link`'s points, all of them: its `from` node, its inner points,
    /// its `to` node, positions taken from `nodes`.
    pub fn points_of(
        &self,
        nodes: &[NodePosition],
        links: &[Link],
        link: usize,
    ) -> Vec<NodePosition> {
        let l = &links[link];
        let mut points = vec![nodes[l.from as usize]];
        points.extend_from_slice(self.of(link));
        points.push(nodes[l.to as usize]);
        points
    }

    /// Appends the next link's inner points (links are added in order).
    pub fn push(&mut self, points: &[NodePosition]) {
        if self.first.is_empty() {
            self.first.push(0);
        }
        self.points.extend_from_slice(points);
        self.first.push(self.points.len() as u32);
    }

    /// Bytes its arrays take.
    pub fn heap_bytes(&self) -> usize {
        self.first.len() * std::mem::size_of::<u32>()
            + self.points.len() * std::mem::size_of::<NodePosition>()
    }
}

/// The links at each of `node_count` nodes: those that start or end there (a
/// link from a node to itself once), in link order.
pub fn links_at_nodes(links: &[Link], node_count: usize) -> Vec<Vec<u32>> {
    let mut at: Vec<Vec<u32>> = vec![Vec::new(); node_count];
    for (i, l) in links.iter().enumerate() {
        at[l.from as usize].push(i as u32);
        if l.to != l.from {
            at[l.to as usize].push(i as u32);
        }
    }
    at
}

/// The junction that link `link` leads to from its end `v`, past nodes where
/// only two links meet (OSRM's graph joins those into one road): `v` itself if
/// the road comes back to it. `links_at` is [`links_at_nodes`]'s.
pub fn junction_along(links: &[Link], links_at: &[Vec<u32>], mut link: u32, mut v: u32) -> u32 {
    let start = v;
    for _ in 0..links_at.len() {
        let l = &links[link as usize];
        let next = if l.from == v { l.to } else { l.from };
        let at = &links_at[next as usize];
        let through = at.len() == 2
            && at
                .iter()
                .all(|&m| links[m as usize].from != links[m as usize].to);
        if !through || next == start {
            return next;
        }
        let Some(&other) = at.iter().find(|&&m| m != link) else {
            return next;
        };
        (link, v) = (other, next);
    }
    v
}

/// (copy, via node) for each (via node, copy), sorted by copy.
fn copy_bases(turn_copies: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut bases: Vec<(u32, u32)> = turn_copies.iter().map(|&(via, copy)| (copy, via)).collect();
    bases.sort_unstable();
    bases
}

/// `node` and its copies in a sorted (via node, copy) table.
fn arrivals(turn_copies: &[(u32, u32)], node: u32) -> impl Iterator<Item = u32> + '_ {
    let start = turn_copies.partition_point(|&(via, _)| via < node);
    let copies = turn_copies[start..]
        .iter()
        .take_while(move |&&(via, _)| via == node);
    std::iter::once(node).chain(copies.map(|&(_, copy)| copy))
}

/// Which links a query may use. The hierarchy is prepared for
/// [`LinkFilter::prepared`] (operational links, every mode); other filters run plain
/// Dijkstra, which gives the same answers more slowly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFilter {
    pub modes: Vec<Mode>,
    pub statuses: Vec<Status>,
}

impl LinkFilter {
    /// The filter the hierarchy is prepared for: operational links of every mode.
    /// Modes need no filter of their own: the import keeps road and rail nodes apart
    /// (a level crossing is not a place to change mode), so a route that starts on a
    /// road node stays on roads.
    pub fn prepared() -> Self {
        Self {
            modes: Mode::ALL.to_vec(),
            statuses: vec![Status::Operational],
        }
    }

    pub fn admits(&self, link: &Link) -> bool {
        self.modes.contains(&link.mode) && self.statuses.contains(&link.status)
    }

    /// Whether the prepared hierarchy answers this filter: the statuses are the
    /// prepared ones (modes are separate networks anyway).
    pub fn uses_hierarchy(&self) -> bool {
        self.statuses == [Status::Operational]
    }
}

/// The nodes and links of an imported network, before the hierarchy is prepared.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    /// Node positions, indexed by node.
    pub nodes: Vec<NodePosition>,
    /// The mode of the ways each node lies on (each node belongs to one mode).
    pub node_modes: Vec<Mode>,
    pub links: Vec<Link>,
    /// (via node, copy) for each copy that a turn restriction made ([`turns`]),
    /// sorted.
    pub turn_copies: Vec<(u32, u32)>,
    /// Each link's shape; empty for straight links.
    pub shapes: Shapes,
    /// (node, ds) for each node that costs time to pass by car, sorted by node:
    /// traffic signals, stop signs, gates (`osm::tags::node_effect`).
    pub node_delays_ds: Vec<(u32, u16)>,
}

impl Links {
    /// Road `links` between `nodes`, straight (no shapes), without copies or
    /// delays: a hand-made network, as tests build them.
    pub fn straight_roads(nodes: Vec<NodePosition>, links: Vec<Link>) -> Self {
        Self {
            node_modes: vec![Mode::Road; nodes.len()],
            nodes,
            links,
            turn_copies: Vec::new(),
            node_delays_ds: Vec::new(),
            shapes: Shapes::default(),
        }
    }
}

/// An imported network with its prepared hierarchy: what a network file holds.
///
/// Nodes are numbered in hierarchy order (node `i` has rank `i`), which keeps the
/// upward searches of a query close together in memory.
#[derive(Debug, Clone)]
pub struct ImportedNetwork {
    pub nodes: Vec<NodePosition>,
    pub node_modes: Vec<Mode>,
    pub links: Vec<Link>,
    /// (via node, copy) for each copy that a turn restriction made, sorted: a
    /// copy is never snapped to, and a route to its via node may end at it.
    pub turn_copies: Vec<(u32, u32)>,
    /// The same pairs as (copy, via node), sorted by copy: [`Self::base_node`] is
    /// asked on every arc of every query, and no-U-turn copies are thousands.
    copy_bases: Vec<(u32, u32)>,
    /// Each link's shape, for snapping onto it.
    pub shapes: Shapes,
    /// (node, ds) for each node that costs time to pass, sorted by node
    /// ([`Links::node_delays_ds`]); a turn copy's is its via node's.
    pub node_delays_ds: Vec<(u32, u16)>,
    /// Each node's strongly connected component among operational links,
    /// numbered from the largest ([`components`]): snapping avoids small ones.
    pub components: Components,
    pub hierarchy: Hierarchy,
    /// Where the network came from, for people: the OSM file's name with its
    /// attribution, or the generator's parameters.
    pub origin: String,
}

impl ImportedNetwork {
    /// Prepares the hierarchy for `links` (the slow step: about a minute per million
    /// nodes on one core) and renumbers the nodes in hierarchy order.
    pub fn prepare(links: Links, origin: String) -> Self {
        let (hierarchy, rank_of_node) = Hierarchy::prepare(&links);
        let mut nodes = vec![
            NodePosition {
                lat_e7: 0,
                lon_e7: 0
            };
            links.nodes.len()
        ];
        let mut node_modes = vec![Mode::Road; links.nodes.len()];
        for (old, &rank) in rank_of_node.iter().enumerate() {
            nodes[rank as usize] = links.nodes[old];
            node_modes[rank as usize] = links.node_modes[old];
        }
        let renumbered = links
            .links
            .iter()
            .map(|l| Link {
                from: rank_of_node[l.from as usize],
                to: rank_of_node[l.to as usize],
                ..*l
            })
            .collect();
        let rank = |node: u32| rank_of_node[node as usize];
        let mut turn_copies: Vec<(u32, u32)> = (links.turn_copies.iter())
            .map(|&(via, copy)| (rank(via), rank(copy)))
            .collect();
        turn_copies.sort_unstable();
        let mut node_delays_ds: Vec<(u32, u16)> = (links.node_delays_ds.iter())
            .map(|&(node, ds)| (rank(node), ds))
            .collect();
        node_delays_ds.sort_unstable();
        // Links without inner points need no offsets (as the file stores them).
        let shapes = if links.shapes.points.is_empty() {
            Shapes::default()
        } else {
            links.shapes
        };
        let mut network = Self {
            nodes,
            node_modes,
            links: renumbered,
            copy_bases: copy_bases(&turn_copies),
            turn_copies,
            shapes,
            node_delays_ds,
            components: Components::default(),
            hierarchy,
            origin,
        };
        network.components = Components::find(&network);
        network
    }

    /// The links that share link `link`'s stretch of road: it and the duplicates
    /// after it ([`Link::duplicate`]).
    pub fn stretch(&self, link: u32) -> std::ops::Range<usize> {
        let start = link as usize;
        let end = (start + 1..self.links.len())
            .find(|&i| !self.links[i].duplicate)
            .unwrap_or(self.links.len());
        start..end
    }

    /// The node a turn restriction's copy stands for, or the node itself.
    pub fn base_node(&self, node: u32) -> u32 {
        match self
            .copy_bases
            .binary_search_by_key(&node, |&(copy, _)| copy)
        {
            Ok(i) => self.copy_bases[i].1,
            Err(_) => node,
        }
    }

    /// The time it costs to pass `node` (or the node a copy stands for), in ds.
    pub fn node_delay_ds(&self, node: u32) -> u16 {
        let base = self.base_node(node);
        match (self.node_delays_ds).binary_search_by_key(&base, |&(n, _)| n) {
            Ok(i) => self.node_delays_ds[i].1,
            Err(_) => 0,
        }
    }

    /// The nodes a route to `node` may end at: the node, and its copies if a turn
    /// restriction applies there ([`turns`]).
    pub fn arrivals(&self, node: u32) -> impl Iterator<Item = u32> + '_ {
        arrivals(&self.turn_copies, node)
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Which nodes `filter` leaves a link at, of `mode` only if given, turn
    /// restrictions' copies left out: where a position may snap.
    pub fn nodes_with_links(&self, filter: &LinkFilter, mode: Option<Mode>) -> Vec<bool> {
        let mut used = vec![false; self.node_count()];
        for link in self.links.iter().filter(|l| filter.admits(l)) {
            used[link.from as usize] = true;
            used[link.to as usize] = true;
        }
        if let Some(mode) = mode {
            for (node, flag) in used.iter_mut().enumerate() {
                *flag &= self.node_modes[node] == mode;
            }
        }
        for &(_, copy) in &self.turn_copies {
            used[copy as usize] = false;
        }
        used
    }

    /// The bytes its arrays take in memory (what a loaded network costs, before
    /// the snapping tree and query state).
    pub fn heap_bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<NodePosition>()
            + self.node_modes.len() * std::mem::size_of::<Mode>()
            + self.links.len() * std::mem::size_of::<Link>()
            + self.turn_copies.len() * std::mem::size_of::<(u32, u32)>()
            + self.shapes.heap_bytes()
            + self.node_delays_ds.len() * std::mem::size_of::<(u32, u16)>()
            + self.components.heap_bytes()
            + self.hierarchy.heap_bytes()
    }

    /// Total km of links by mode and status, for summaries: (mode, status, km), in
    /// the order of `Mode::ALL` then `Status::ALL`, without empty rows.
    pub fn km_by_mode_and_status(&self) -> Vec<(Mode, Status, f64)> {
        let mut dm = vec![[0u64; Status::ALL.len()]; Mode::ALL.len()];
        for link in self.links.iter().filter(|l| !l.duplicate) {
            dm[link.mode.index()][link.status.index()] += u64::from(link.length_dm);
        }
        let mut rows = Vec::new();
        for &mode in Mode::ALL {
            for &status in Status::ALL {
                let total = dm[mode.index()][status.index()];
                if total > 0 {
                    rows.push((mode, status, total as f64 / DM_PER_KM));
                }
            }
        }
        rows
    }
}

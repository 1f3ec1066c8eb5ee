//! Importing an OpenStreetMap extract (`.osm.pbf`) into the nodes and links of an
//! imported network ([`crate::imported::Links`]).
//!
//! Two passes over the file, so memory follows the network kept, not the file:
//! 1. ways: keep those [`tags::TagRules`] accepts, with their node ids, and count
//!    how often each node is used;
//! 2. nodes: keep the positions of the nodes those ways use, and no others.
//!
//! Then each kept way is split at its junctions (nodes that another way also uses,
//! and its ends) into links whose lengths are geodesic along every node of the way.
//! A way with a node missing from the file (extracts are cut at their borders) is
//! dropped whole and counted. Road and rail nodes are kept apart even where a way
//! of each shares a node (a level crossing): no route changes mode there.
//!
//! Turn restrictions (`type=restriction` relations, read in pass 1) that bind a
//! car and turn at a node are applied to the road links they name
//! ([`crate::imported::turns`]); those that turn along a via way are counted and
//! left out. The import applies two rules of its own likewise, both OSRM's car
//! profile's: no turning back where a divided road ends, and no U-turns within
//! 1 km of a restriction or of such an end.
//!
//! Before the restrictions' copies are made, pairs of one-way roads that OSRM
//! merges into one at a junction are found and marked on their links
//! ([`crate::imported::merged_roads`]), from each way's name, highway class and
//! lanes, which the import reads for that alone: the network keeps only the
//! marks.

pub mod tags;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

use indicatif::ProgressBar;
use osmpbf::{Element, ElementReader};

use crate::geodesy::polyline_km;
use crate::imported::merged_roads::{self, WayTraits};
use crate::imported::turns::{self, TurnRestriction, TurnRule};
use crate::imported::{DM_PER_KM, Link, Links, MergedEnds, NodePosition};
use crate::model::Mode;
use tags::{Direction, TagRules, WayClass};

/// What an import read and kept, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Ways in the file.
    pub ways_read: u64,
    /// Ways the tag rules accepted.
    pub ways_kept: u64,
    /// Accepted ways dropped because a node they use is not in the file.
    pub ways_missing_nodes: u64,
    /// Network nodes (junctions and way ends; a level crossing counts twice), turn
    /// restrictions' copies included.
    pub nodes: u64,
    /// Links, the duplicates that turn restrictions add included.
    pub links: u64,
    /// Turn restrictions that bind a car.
    pub restrictions_read: u64,
    /// Of those, the ones applied: a turn at a node, between kept road ways that
    /// meet there.
    pub restrictions_applied: u64,
    /// Of those read, the ones that turn along a via way, which the import leaves
    /// out.
    pub restrictions_via_way: u64,
    /// Copies of via nodes that the applied restrictions made.
    pub turn_copies: u64,
    /// Nodes near a restriction where U-turns are forbidden (copies counted in
    /// `turn_copies`).
    pub no_u_turn_nodes: u64,
    /// Turns back from one carriageway of a divided road into the other, where
    /// they meet and lead to the same junction, forbidden as U-turns
    /// ([`turns::no_turning_back_on_divided_roads`]).
    pub divided_road_ends: u64,
    /// Pairs of one-way roads merged into one at a junction, as OSRM merges
    /// them ([`merged_roads`]).
    pub merged_roads: u64,
}

/// Why an import failed.
#[derive(Debug)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A kept way: where its node ids sit in the shared list, its class, and what
/// merging roads compares of it (names and classes as indices into
/// [`Interned`]).
struct KeptWay {
    osm_id: i64,
    first_ref: usize,
    ref_count: u32,
    class: WayClass,
    traits: WayTraits,
}

/// Distinct strings, each once, by index: the kept ways' names and highway
/// classes.
#[derive(Default)]
struct Interned(HashMap<String, u32>);

impl Interned {
    fn index(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.0.get(s) {
            return i;
        }
        let i = self.0.len() as u32;
        self.0.insert(s.to_owned(), i);
        i
    }
}

/// The nodes pass 2 keeps: positions of the nodes kept ways use, which of the
/// road ones block cars, and what passing the others costs (in ds).
#[derive(Default)]
struct KeptNodes {
    positions: HashMap<i64, NodePosition>,
    blocked: HashSet<i64>,
    delays_ds: HashMap<i64, u16>,
}

impl KeptNodes {
    fn offer<'a>(
        &mut self,
        uses: &HashMap<(i64, bool), u32>,
        id: i64,
        lat_e7: i32,
        lon_e7: i32,
        tags: impl Iterator<Item = (&'a str, &'a str)>,
    ) {
        let on_road = uses.contains_key(&(id, false));
        // A position off the globe counts as missing: its ways are dropped.
        let position = NodePosition { lat_e7, lon_e7 };
        if position.is_on_globe() && (on_road || uses.contains_key(&(id, true))) {
            self.positions.insert(id, position);
            let effect = if on_road {
                tags::node_effect(tags)
            } else {
                tags::NodeEffect::default()
            };
            if effect.blocks {
                self.blocked.insert(id);
            } else if effect.delay_ds > 0 {
                self.delays_ds.insert(id, effect.delay_ds);
            }
        }
    }
}

/// A turn restriction as OpenStreetMap gives it: way and node ids.
struct OsmRestriction {
    rule: TurnRule,
    from_ways: Vec<i64>,
    via_node: i64,
    to_ways: Vec<i64>,
}

/// The members of a restriction relation with `rule`: `None` unless it has at
/// least one `from` way, exactly one `via` (a node; a via way is counted) and at
/// least one `to` way.
fn read_restriction(
    relation: &osmpbf::Relation,
    rule: TurnRule,
    counts: &mut ImportCounts,
) -> Option<OsmRestriction> {
    use osmpbf::RelMemberType;
    // osmpbf 0.3.8 panics on a member of unknown type (a damaged file); such a
    // relation is skipped, quietly, rather than ending the import.
    let members = quietly_catching_panics(|| {
        relation
            .members()
            .map(|m| (m.member_type.clone(), m.member_id, m.role().unwrap_or("")))
            .collect::<Vec<_>>()
    })?;
    let ids = |kind: RelMemberType, role: &str| -> Vec<i64> {
        (members.iter())
            .filter(|(t, _, r)| *t == kind && *r == role)
            .map(|&(_, id, _)| id)
            .collect()
    };
    let vias = members.iter().filter(|(_, _, r)| *r == "via").count();
    let via_nodes = ids(RelMemberType::Node, "via");
    if !ids(RelMemberType::Way, "via").is_empty() {
        counts.restrictions_via_way += 1;
    }
    let (from_ways, to_ways) = (
        ids(RelMemberType::Way, "from"),
        ids(RelMemberType::Way, "to"),
    );
    if vias != 1 || via_nodes.len() != 1 || from_ways.is_empty() || to_ways.is_empty() {
        return None;
    }
    Some(OsmRestriction {
        rule,
        from_ways,
        via_node: via_nodes[0],
        to_ways,
    })
}

/// Runs `f`, turning a panic into `None` without printing it.
fn quietly_catching_panics<T>(f: impl FnOnce() -> T) -> Option<T> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.ok()
}

/// A node as the network sees it: its OSM id and whether it is on a railway (road
/// and rail nodes are distinct even when OSM shares them).
fn node_key(osm_id: i64, mode: Mode) -> (i64, bool) {
    (osm_id, mode == Mode::Rail)
}

/// Imports `path` with `rules`, reporting progress on `progress` (which may be
/// hidden).
pub fn import(
    path: &Path,
    rules: &TagRules,
    progress: &ProgressBar,
) -> Result<(Links, ImportCounts), ImportError> {
    let shown = path.display().to_string();
    crate::load::refuse_special_file(path)
        .map_err(|e| ImportError(format!("{shown} {e}; give an .osm.pbf file")))?;
    let open = || std::fs::File::open(path).map(std::io::BufReader::new);
    import_from(open, &shown, rules, progress)
}

/// Imports the PBF data that `open` reads (called once per pass, each time from the
/// start), named `shown` in messages. [`import`] opens a file; tests and the fuzz
/// target read from memory.
pub fn import_from<R: Read + Send>(
    open: impl Fn() -> std::io::Result<R>,
    shown: &str,
    rules: &TagRules,
    progress: &ProgressBar,
) -> Result<(Links, ImportCounts), ImportError> {
    let read_error = |e: osmpbf::Error| {
        ImportError(format!(
            "{shown}: cannot read it as an OpenStreetMap PBF file ({e}); give an .osm.pbf extract"
        ))
    };
    let open = || {
        open()
            .map(ElementReader::new)
            .map_err(|e| ImportError(format!("{shown}: {e}")))
    };
    let mut counts = ImportCounts::default();

    progress.set_message("pass 1 of 2: ways");
    let read = read_ways(open()?, rules, progress, &mut counts).map_err(read_error)?;
    progress.set_message("pass 2 of 2: nodes");
    progress.set_position(0);
    let KeptNodes {
        positions,
        blocked,
        delays_ds,
    } = read_nodes(open()?, &read.uses, progress).map_err(read_error)?;

    progress.set_message("splitting ways at junctions");
    let nodes = SpecialNodes {
        blocked: &blocked,
        delayed: &delays_ds,
    };
    let (mut links, split) = split_ways(
        &read.ways,
        &read.refs,
        &read.uses,
        &positions,
        nodes,
        &mut counts,
    )?;
    // Traffic signals, stop signs and gates: each is a node of its own (ways are
    // split there, see split_ways), as OSRM charges them where it passes one.
    // A few delays against every node: look each delay's road node up.
    links.node_delays_ds = (delays_ds.iter())
        .filter_map(|(&id, &ds)| {
            let node = split.index_of.get(&node_key(id, Mode::Road))?;
            Some((*node, ds))
        })
        .collect();
    links.node_delays_ds.sort_unstable();
    progress.set_message("applying turn restrictions");
    let resolved = resolve_restrictions(&read.restrictions, &read.ways, &read.refs, &links, &split);
    // Before the restrictions' copies: OSRM merges roads on its own graph.
    let traits: Vec<WayTraits> = (split.way_of_link.iter())
        .map(|&w| read.ways[w as usize].traits)
        .collect();
    let merges = merged_roads::find(&links, &traits);
    merged_roads::mark(&mut links, &merges);
    counts.merged_roads = merges.len() as u64;
    drop(split);
    apply_restrictions(&mut links, resolved, &mut counts);
    counts.nodes = links.nodes.len() as u64;
    counts.links = links.links.len() as u64;
    Ok((links, counts))
}

/// What pass 1 keeps: the kept ways, their node ids (one shared list), how many
/// times each node is used (ends count twice, so they always become network
/// nodes), and the turn restrictions.
struct ReadWays {
    ways: Vec<KeptWay>,
    refs: Vec<i64>,
    uses: HashMap<(i64, bool), u32>,
    restrictions: Vec<OsmRestriction>,
}

/// Pass 1: the ways `rules` keep, and the turn restrictions.
fn read_ways<R: Read + Send>(
    reader: ElementReader<R>,
    rules: &TagRules,
    progress: &ProgressBar,
    counts: &mut ImportCounts,
) -> Result<ReadWays, osmpbf::Error> {
    let mut read = ReadWays {
        ways: Vec::new(),
        refs: Vec::new(),
        uses: HashMap::new(),
        restrictions: Vec::new(),
    };
    let mut strings = Interned::default();
    reader.for_each(|element| {
        let way = match element {
            Element::Way(way) => way,
            Element::Relation(relation) => {
                if let Some(rule) = tags::restriction_rule(relation.tags()) {
                    counts.restrictions_read += 1;
                    (read.restrictions).extend(read_restriction(&relation, rule, counts));
                }
                return;
            }
            _ => return,
        };
        counts.ways_read += 1;
        if counts.ways_read.is_multiple_of(16_384) {
            progress.set_position(counts.ways_read);
        }
        let Some(class) = rules.classify(way.tags()) else {
            return;
        };
        let refs = &mut read.refs;
        let first_ref = refs.len();
        refs.extend(way.refs());
        let ref_count = refs.len() - first_ref;
        if ref_count < 2 {
            refs.truncate(first_ref);
            return;
        }
        for (i, &id) in refs[first_ref..].iter().enumerate() {
            let end = i == 0 || i + 1 == ref_count;
            *read.uses.entry(node_key(id, class.mode)).or_default() += if end { 2 } else { 1 };
        }
        counts.ways_kept += 1;
        let naming = tags::road_naming(way.tags());
        let traits = WayTraits {
            name: naming.name.map(|n| strings.index(n)),
            highway: strings.index(naming.highway.unwrap_or("")),
            lanes: naming.lanes,
        };
        read.ways.push(KeptWay {
            osm_id: way.id(),
            first_ref,
            ref_count: ref_count as u32,
            class,
            traits,
        });
    })?;
    Ok(read)
}

/// Pass 2: the positions of the nodes the kept ways use, and what they do to cars.
fn read_nodes<R: Read + Send>(
    reader: ElementReader<R>,
    uses: &HashMap<(i64, bool), u32>,
    progress: &ProgressBar,
) -> Result<KeptNodes, osmpbf::Error> {
    let mut kept = KeptNodes::default();
    let mut nodes_read = 0u64;
    reader.for_each(|element| {
        match element {
            Element::Node(n) => {
                kept.offer(uses, n.id(), n.decimicro_lat(), n.decimicro_lon(), n.tags())
            }
            Element::DenseNode(n) => {
                kept.offer(uses, n.id(), n.decimicro_lat(), n.decimicro_lon(), n.tags())
            }
            _ => return,
        }
        nodes_read += 1;
        if nodes_read.is_multiple_of(262_144) {
            progress.set_position(nodes_read);
        }
    })?;
    Ok(kept)
}

/// Applies the `resolved` restrictions to `links` with those the import adds: no
/// turning back where a divided road's carriageways meet, and no U-turns near
/// any restriction, as OSRM's car profile turns back only at dead ends
/// (turns::no_u_turns_near says why near them only). Counts each kind.
fn apply_restrictions(
    links: &mut Links,
    mut resolved: Vec<TurnRestriction>,
    counts: &mut ImportCounts,
) {
    let read = resolved.len();
    resolved.extend(turns::no_turning_back_on_divided_roads(links));
    counts.divided_road_ends = (resolved.len() - read) as u64;
    let no_u_turns = turns::no_u_turns_near(links, &resolved, turns::NO_U_TURN_RADIUS_DM);
    let mut u_turn_nodes: Vec<u32> = no_u_turns.iter().map(|r| r.via).collect();
    u_turn_nodes.dedup();
    counts.no_u_turn_nodes = u_turn_nodes.len() as u64;
    let all: Vec<TurnRestriction> = resolved
        .into_iter()
        .chain(no_u_turns.iter().cloned())
        .collect();
    // Each "no U-turn" applies: its link is two-way at its node.
    let applied = turns::apply(links, &all);
    counts.restrictions_applied =
        applied.saturating_sub(no_u_turns.len() + counts.divided_road_ends as usize) as u64;
    counts.turn_copies = links.turn_copies.len() as u64;
}

/// What splitting ways leaves for turn restrictions to find their links by.
struct Split {
    /// The kept way (index into the list of ways) each link comes from.
    way_of_link: Vec<u32>,
    /// The network node of each OSM node id that is one (road or rail).
    index_of: HashMap<(i64, bool), u32>,
}

/// Turns the OSM restrictions into [`TurnRestriction`]s on `links`: the via node
/// must be a road junction, and each from and to way must start or end there, as
/// OSM's rules for restrictions say (a way through the via node would restrict
/// both its halves, so it is left out). Its link at the via node is the one named;
/// [`turns::apply`] keeps those that enter (from) or leave (to) the node.
fn resolve_restrictions(
    restrictions: &[OsmRestriction],
    ways: &[KeptWay],
    refs: &[i64],
    links: &Links,
    split: &Split,
) -> Vec<TurnRestriction> {
    let named: HashSet<i64> = (restrictions.iter())
        .flat_map(|r| r.from_ways.iter().chain(&r.to_ways).copied())
        .collect();
    let way_index: HashMap<i64, u32> = (ways.iter().enumerate())
        .filter(|(_, w)| w.class.mode == Mode::Road && named.contains(&w.osm_id))
        .map(|(i, w)| (w.osm_id, i as u32))
        .collect();
    let mut links_of_way: HashMap<u32, Vec<u32>> =
        way_index.values().map(|&w| (w, Vec::new())).collect();
    for (link, way) in split.way_of_link.iter().enumerate() {
        if let Some(list) = links_of_way.get_mut(way) {
            list.push(link as u32);
        }
    }
    let ends_at = |w: u32, node: i64| {
        let way = &ways[w as usize];
        let ids = &refs[way.first_ref..way.first_ref + way.ref_count as usize];
        ids.first() == Some(&node) || ids.last() == Some(&node)
    };
    let links_at = |osm_ways: &[i64], osm_via: i64, via: u32| -> Vec<u32> {
        (osm_ways.iter())
            .filter_map(|id| way_index.get(id))
            .filter(|&&w| ends_at(w, osm_via))
            .flat_map(|w| links_of_way.get(w).into_iter().flatten())
            .copied()
            .filter(|&l| [links.links[l as usize].from, links.links[l as usize].to].contains(&via))
            .collect()
    };
    restrictions
        .iter()
        .filter_map(|r| {
            let via = *split.index_of.get(&node_key(r.via_node, Mode::Road))?;
            Some(TurnRestriction {
                via,
                from_links: links_at(&r.from_ways, r.via_node, via),
                rule: r.rule,
                to_links: links_at(&r.to_ways, r.via_node, via),
            })
        })
        .collect()
}

/// Road nodes that end links although no other way meets there.
#[derive(Clone, Copy)]
struct SpecialNodes<'a> {
    /// Nodes that stop cars: each link ending there gets a node of its own.
    blocked: &'a HashSet<i64>,
    /// Nodes that cost time to pass (traffic signals, stop signs, gates).
    delayed: &'a HashMap<i64, u16>,
}

/// Cuts each kept way at its junctions (and at its special nodes) into links.
fn split_ways(
    ways: &[KeptWay],
    refs: &[i64],
    uses: &HashMap<(i64, bool), u32>,
    positions: &HashMap<i64, NodePosition>,
    special: SpecialNodes,
    counts: &mut ImportCounts,
) -> Result<(Links, Split), ImportError> {
    let mut splitter = Splitter {
        special,
        uses,
        network: Links::default(),
        index_of: HashMap::new(),
        way_of_link: Vec::new(),
    };
    for (way_index, way) in ways.iter().enumerate() {
        let ids = &refs[way.first_ref..way.first_ref + way.ref_count as usize];
        let Some(points) = ids
            .iter()
            .map(|id| positions.get(id).copied())
            .collect::<Option<Vec<NodePosition>>>()
        else {
            counts.ways_missing_nodes += 1;
            continue;
        };
        splitter.split_way(way_index as u32, way, ids, &points)?;
    }
    Ok((
        splitter.network,
        Split {
            way_of_link: splitter.way_of_link,
            index_of: splitter.index_of,
        },
    ))
}

/// The network [`split_ways`] builds, with what it needs to find its nodes.
struct Splitter<'a> {
    special: SpecialNodes<'a>,
    uses: &'a HashMap<(i64, bool), u32>,
    network: Links,
    index_of: HashMap<(i64, bool), u32>,
    way_of_link: Vec<u32>,
}

impl Splitter<'_> {
    fn is_blocked(&self, id: i64, mode: Mode) -> bool {
        mode == Mode::Road && self.special.blocked.contains(&id)
    }

    /// The network node of OSM node `id` (at `position`), added if new. A node
    /// that blocks cars gets a node of its own for each link that ends there: the
    /// links reach it but do not join.
    fn node_index(
        &mut self,
        id: i64,
        mode: Mode,
        position: NodePosition,
    ) -> Result<u32, ImportError> {
        if !self.is_blocked(id, mode)
            && let Some(&index) = self.index_of.get(&node_key(id, mode))
        {
            return Ok(index);
        }
        let index = u32::try_from(self.network.nodes.len()).map_err(|_| {
            ImportError(format!(
                "more than {} network nodes: import a smaller extract",
                u32::MAX
            ))
        })?;
        self.network.nodes.push(position);
        self.network.node_modes.push(mode);
        if !self.is_blocked(id, mode) {
            self.index_of.insert(node_key(id, mode), index);
        }
        Ok(index)
    }

    /// Cuts way `way_index` (node `ids` at `points`) into links at its junctions.
    fn split_way(
        &mut self,
        way_index: u32,
        way: &KeptWay,
        ids: &[i64],
        points: &[NodePosition],
    ) -> Result<(), ImportError> {
        let mode = way.class.mode;
        let mut start = self.node_index(ids[0], mode, points[0])?;
        let mut start_at = 0;
        for i in 1..ids.len() {
            let junction = self.uses.get(&node_key(ids[i], mode)).copied().unwrap_or(0) >= 2
                || self.is_blocked(ids[i], mode)
                || (mode == Mode::Road && self.special.delayed.contains_key(&ids[i]));
            if !junction {
                continue;
            }
            let end = self.node_index(ids[i], mode, points[i])?;
            let piece = |a: usize, b: usize| Piece {
                way_index,
                way,
                points,
                a,
                b,
            };
            if end != start {
                self.push_link(piece(start_at, i), start, end);
            } else if i - start_at >= 2 {
                // The way comes back to where the piece began (a loop within the
                // way): cut it halfway, so its length is not lost as a self-loop.
                let mid_at = (start_at + i) / 2;
                let mid = self.node_index(ids[mid_at], mode, points[mid_at])?;
                self.push_link(piece(start_at, mid_at), start, mid);
                self.push_link(piece(mid_at, i), mid, end);
            }
            // The next piece starts here; at a barrier, from a node of its own, so
            // a way through a bollard is cut in two (and where the way ends at the
            // barrier, no piece follows, so no node either).
            start = if self.is_blocked(ids[i], mode) && i + 1 < ids.len() {
                self.node_index(ids[i], mode, points[i])?
            } else {
                end
            };
            start_at = i;
        }
        Ok(())
    }

    /// Adds `piece` as a link between network nodes `start` and `end`; its shape
    /// is the points in between, in the link's direction.
    fn push_link(&mut self, piece: Piece, start: u32, end: u32) {
        let Piece {
            way_index,
            way,
            points,
            a,
            b,
        } = piece;
        self.way_of_link.push(way_index);
        let inner = &points[a + 1..b];
        let (from, to) = match way.class.direction {
            Direction::Backward => {
                let reversed: Vec<NodePosition> = inner.iter().rev().copied().collect();
                self.network.shapes.push(&reversed);
                (end, start)
            }
            Direction::Both | Direction::Forward => {
                self.network.shapes.push(inner);
                (start, end)
            }
        };
        let km = polyline_km(points[a..=b].iter().map(|p| p.lat_lon()));
        self.network.links.push(Link {
            from,
            to,
            length_dm: (km * DM_PER_KM).round().min(f64::from(u32::MAX)) as u32,
            mode: way.class.mode,
            status: way.class.status,
            one_way: way.class.direction != Direction::Both,
            duplicate: false,
            startpoint: way.class.startpoint,
            speed_kmh: way.class.speed_kmh,
            roundabout: way.class.roundabout,
            merged: MergedEnds::NONE,
        });
    }
}

/// A piece of a way: from its point `a` to its point `b`.
struct Piece<'w> {
    way_index: u32,
    way: &'w KeptWay,
    points: &'w [NodePosition],
    a: usize,
    b: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn way(first_ref: usize, ref_count: u32, direction: Direction) -> KeptWay {
        KeptWay {
            osm_id: first_ref as i64,
            first_ref,
            ref_count,
            class: WayClass {
                mode: Mode::Road,
                status: Status::Operational,
                direction,
                startpoint: true,
                speed_kmh: 25,
                roundabout: false,
            },
            traits: WayTraits {
                name: None,
                highway: 0,
                lanes: 0,
            },
        }
    }

    /// Splits `ways` over nodes 1..=9 placed 0.01° of longitude apart on the
    /// equator (about 1.113 km each), with the uses that pass 1 would count.
    fn split(refs: &[i64], ways: &[KeptWay], blocked: &[i64]) -> Links {
        let positions: HashMap<i64, NodePosition> = (1..=9)
            .map(|id| (id, NodePosition::from_degrees(0.0, id as f64 * 0.01)))
            .collect();
        let mut uses = HashMap::new();
        for w in ways {
            let ids = &refs[w.first_ref..w.first_ref + w.ref_count as usize];
            for (i, &id) in ids.iter().enumerate() {
                let end = i == 0 || i + 1 == ids.len();
                *uses.entry(node_key(id, Mode::Road)).or_default() += if end { 2 } else { 1 };
            }
        }
        let blocked = blocked.iter().copied().collect();
        split_ways(
            ways,
            refs,
            &uses,
            &positions,
            SpecialNodes {
                blocked: &blocked,
                delayed: &HashMap::new(),
            },
            &mut ImportCounts::default(),
        )
        .unwrap()
        .0
    }

    #[test]
    fn a_bollard_inside_a_way_cuts_it_in_two() {
        let links = split(&[1, 2, 3], &[way(0, 3, Direction::Both)], &[2]);
        assert_eq!(links.links.len(), 2);
        // Node 2 is two nodes, one per link: nothing passes through it.
        let (a, b) = (links.links[0], links.links[1]);
        assert_eq!(links.nodes[a.to as usize], links.nodes[b.from as usize]);
        assert_ne!(a.to, b.from);
    }

    #[test]
    fn a_traffic_signal_inside_a_way_is_a_node_of_its_own() {
        // OSRM charges a signal where a route passes it: the way is cut there
        // and the node joins its two links.
        let ways = [way(0, 3, Direction::Both)];
        let refs = [1, 2, 3];
        let positions: HashMap<i64, NodePosition> = (1..=3)
            .map(|id| (id, NodePosition::from_degrees(0.0, id as f64 * 0.01)))
            .collect();
        let uses = HashMap::from([
            (node_key(1, Mode::Road), 2),
            (node_key(2, Mode::Road), 1),
            (node_key(3, Mode::Road), 2),
        ]);
        let delayed = HashMap::from([(2, 20)]);
        let (links, _) = split_ways(
            &ways,
            &refs,
            &uses,
            &positions,
            SpecialNodes {
                blocked: &HashSet::new(),
                delayed: &delayed,
            },
            &mut ImportCounts::default(),
        )
        .unwrap();
        assert_eq!(links.links.len(), 2);
        assert_eq!(links.links[0].to, links.links[1].from);
    }

    #[test]
    fn a_way_ending_at_a_bollard_adds_no_node_beyond_it() {
        // 1–2–3 with a bollard at its last node: one link, two nodes, none left
        // without a link.
        let links = split(&[1, 2, 3], &[way(0, 3, Direction::Both)], &[3]);
        assert_eq!(links.links.len(), 1);
        assert_eq!(links.nodes.len(), 2);
    }

    #[test]
    fn junctions_split_and_loops_within_a_way_keep_their_length() {
        // Way 1–2–3–4–2–5 comes back to 2 (a loop within it); way 6–7 stands apart.
        let refs = [1, 2, 3, 4, 2, 5, 6, 7];
        let links = split(
            &refs,
            &[way(0, 6, Direction::Backward), way(6, 2, Direction::Both)],
            &[],
        );
        // 1→2, the loop cut in two at 3, 2→5, and 6→7.
        assert_eq!(links.links.len(), 5);
        let km: f64 = links
            .links
            .iter()
            .map(|l| f64::from(l.length_dm) / DM_PER_KM)
            .sum();
        // Every step of both ways, on the ground: 1+1+1+2+3 steps and 1 step.
        let step_km = 1.113_195;
        assert!((km - 9.0 * step_km).abs() < 0.001, "{km}");
        // A backward one-way runs against the way's order: its first link ends at 1.
        assert!(links.links[0].one_way);
        assert_eq!(
            links.nodes[links.links[0].to as usize],
            NodePosition::from_degrees(0.0, 0.01)
        );
    }
}

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

pub mod tags;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

use indicatif::ProgressBar;
use osmpbf::{Element, ElementReader};

use crate::geodesy::polyline_km;
use crate::imported::{DM_PER_KM, Link, Links, NodePosition};
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
    /// Network nodes (junctions and way ends; a level crossing counts twice).
    pub nodes: u64,
    pub links: u64,
}

/// Why an import failed.
#[derive(Debug)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A kept way: where its node ids sit in the shared list, and its class.
struct KeptWay {
    first_ref: usize,
    ref_count: u32,
    class: WayClass,
}

/// The nodes pass 2 keeps: positions of the nodes kept ways use, and which of the
/// road ones block cars.
#[derive(Default)]
struct KeptNodes {
    positions: HashMap<i64, NodePosition>,
    blocked: HashSet<i64>,
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
            if on_road && tags::blocks_cars(tags) {
                self.blocked.insert(id);
            }
        }
    }
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

    // Pass 1: the ways, and how many times each node is used (ends count twice, so
    // they always become network nodes).
    progress.set_message("pass 1 of 2: ways");
    let mut ways: Vec<KeptWay> = Vec::new();
    let mut refs: Vec<i64> = Vec::new();
    let mut uses: HashMap<(i64, bool), u32> = HashMap::new();
    open()?
        .for_each(|element| {
            let Element::Way(way) = element else {
                return;
            };
            counts.ways_read += 1;
            if counts.ways_read.is_multiple_of(16_384) {
                progress.set_position(counts.ways_read);
            }
            let Some(class) = rules.classify(way.tags()) else {
                return;
            };
            let first_ref = refs.len();
            refs.extend(way.refs());
            let ref_count = refs.len() - first_ref;
            if ref_count < 2 {
                refs.truncate(first_ref);
                return;
            }
            for (i, &id) in refs[first_ref..].iter().enumerate() {
                let end = i == 0 || i + 1 == ref_count;
                *uses.entry(node_key(id, class.mode)).or_default() += if end { 2 } else { 1 };
            }
            counts.ways_kept += 1;
            ways.push(KeptWay {
                first_ref,
                ref_count: ref_count as u32,
                class,
            });
        })
        .map_err(read_error)?;

    // Pass 2: the positions of the nodes the kept ways use.
    progress.set_message("pass 2 of 2: nodes");
    progress.set_position(0);
    let mut kept = KeptNodes::default();
    let mut nodes_read = 0u64;
    open()?
        .for_each(|element| {
            match element {
                Element::Node(n) => kept.offer(
                    &uses,
                    n.id(),
                    n.decimicro_lat(),
                    n.decimicro_lon(),
                    n.tags(),
                ),
                Element::DenseNode(n) => kept.offer(
                    &uses,
                    n.id(),
                    n.decimicro_lat(),
                    n.decimicro_lon(),
                    n.tags(),
                ),
                _ => return,
            }
            nodes_read += 1;
            if nodes_read.is_multiple_of(262_144) {
                progress.set_position(nodes_read);
            }
        })
        .map_err(read_error)?;
    let KeptNodes { positions, blocked } = kept;

    progress.set_message("splitting ways at junctions");
    let links = split_ways(&ways, &refs, &uses, &positions, &blocked, &mut counts)?;
    counts.nodes = links.nodes.len() as u64;
    counts.links = links.links.len() as u64;
    Ok((links, counts))
}

/// Cuts each kept way at its junctions into links.
fn split_ways(
    ways: &[KeptWay],
    refs: &[i64],
    uses: &HashMap<(i64, bool), u32>,
    positions: &HashMap<i64, NodePosition>,
    blocked: &HashSet<i64>,
    counts: &mut ImportCounts,
) -> Result<Links, ImportError> {
    let mut network = Links::default();
    let mut index_of: HashMap<(i64, bool), u32> = HashMap::new();
    let is_blocked = |id: i64, mode: Mode| mode == Mode::Road && blocked.contains(&id);
    let mut node_index = |network: &mut Links, id: i64, mode: Mode, position: NodePosition| {
        let mut add = || {
            let index = u32::try_from(network.nodes.len()).map_err(|_| {
                ImportError(format!(
                    "more than {} network nodes: import a smaller extract",
                    u32::MAX
                ))
            })?;
            network.nodes.push(position);
            network.node_modes.push(mode);
            Ok(index)
        };
        // A node that blocks cars gets a node of its own for each link that ends
        // there: the links reach it but do not join.
        if is_blocked(id, mode) {
            return add();
        }
        match index_of.get(&node_key(id, mode)) {
            Some(&index) => Ok(index),
            None => {
                let index = add()?;
                index_of.insert(node_key(id, mode), index);
                Ok(index)
            }
        }
    };
    for way in ways {
        let ids = &refs[way.first_ref..way.first_ref + way.ref_count as usize];
        let Some(points) = ids
            .iter()
            .map(|id| positions.get(id).copied())
            .collect::<Option<Vec<NodePosition>>>()
        else {
            counts.ways_missing_nodes += 1;
            continue;
        };
        let mode = way.class.mode;
        let piece_km = |a: usize, b: usize| polyline_km(points[a..=b].iter().map(|p| p.lat_lon()));
        let push = |network: &mut Links, start: u32, end: u32, km: f64| {
            let (from, to) = match way.class.direction {
                Direction::Backward => (end, start),
                Direction::Both | Direction::Forward => (start, end),
            };
            network.links.push(Link {
                from,
                to,
                length_dm: (km * DM_PER_KM).round().min(f64::from(u32::MAX)) as u32,
                mode,
                status: way.class.status,
                one_way: way.class.direction != Direction::Both,
            });
        };
        let mut start = node_index(&mut network, ids[0], mode, points[0])?;
        let mut start_at = 0;
        for i in 1..ids.len() {
            let junction = uses.get(&node_key(ids[i], mode)).copied().unwrap_or(0) >= 2
                || is_blocked(ids[i], mode);
            if !junction {
                continue;
            }
            let end = node_index(&mut network, ids[i], mode, points[i])?;
            if end != start {
                push(&mut network, start, end, piece_km(start_at, i));
            } else if i - start_at >= 2 {
                // The way comes back to where the piece began (a loop within the
                // way): cut it halfway, so its length is not lost as a self-loop.
                let mid_at = (start_at + i) / 2;
                let mid = node_index(&mut network, ids[mid_at], mode, points[mid_at])?;
                push(&mut network, start, mid, piece_km(start_at, mid_at));
                push(&mut network, mid, end, piece_km(mid_at, i));
            }
            // The next piece starts here; at a barrier, from a node of its own, so
            // a way through a bollard is cut in two (and where the way ends at the
            // barrier, no piece follows, so no node either).
            start = if is_blocked(ids[i], mode) && i + 1 < ids.len() {
                node_index(&mut network, ids[i], mode, points[i])?
            } else {
                end
            };
            start_at = i;
        }
    }
    Ok(network)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn way(first_ref: usize, ref_count: u32, direction: Direction) -> KeptWay {
        KeptWay {
            first_ref,
            ref_count,
            class: WayClass {
                mode: Mode::Road,
                status: Status::Operational,
                direction,
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
            &blocked,
            &mut ImportCounts::default(),
        )
        .unwrap()
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

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
use std::path::Path;

use indicatif::ProgressBar;
use osmpbf::{Element, ElementReader};

use crate::geodesy::geodesic_km;
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
        if on_road || uses.contains_key(&(id, true)) {
            self.positions.insert(id, NodePosition { lat_e7, lon_e7 });
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
    let shown = path.display();
    let read_error = |e: osmpbf::Error| {
        ImportError(format!(
            "{shown}: cannot read it as an OpenStreetMap PBF file ({e}); give an .osm.pbf extract"
        ))
    };
    let open = || ElementReader::from_path(path).map_err(|e| ImportError(format!("{shown}: {e}")));
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
    let links = split_ways(&ways, &refs, &uses, &positions, &blocked, &mut counts);
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
) -> Links {
    let mut network = Links::default();
    let mut index_of: HashMap<(i64, bool), u32> = HashMap::new();
    let mut node_index = |network: &mut Links, id: i64, mode: Mode, position: NodePosition| {
        let mut add = || {
            network.nodes.push(position);
            network.node_modes.push(mode);
            (network.nodes.len() - 1) as u32
        };
        // A node that blocks cars gets a node of its own for each link that ends
        // there: the links reach it but do not join.
        if mode == Mode::Road && blocked.contains(&id) {
            return add();
        }
        *index_of.entry(node_key(id, mode)).or_insert_with(add)
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
        let piece_km = |a: usize, b: usize| -> f64 {
            (a..b)
                .map(|k| geodesic_km(points[k].lat_lon(), points[k + 1].lat_lon()))
                .sum()
        };
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
        let mut start = node_index(&mut network, ids[0], mode, points[0]);
        let mut start_at = 0;
        for i in 1..ids.len() {
            let junction = uses.get(&node_key(ids[i], mode)).copied().unwrap_or(0) >= 2
                || (mode == Mode::Road && blocked.contains(&ids[i]));
            if !junction {
                continue;
            }
            let end = node_index(&mut network, ids[i], mode, points[i]);
            if end != start {
                push(&mut network, start, end, piece_km(start_at, i));
            } else if i - start_at >= 2 {
                // The way comes back to where the piece began (a loop within the
                // way): cut it halfway, so its length is not lost as a self-loop.
                let mid_at = (start_at + i) / 2;
                let mid = node_index(&mut network, ids[mid_at], mode, points[mid_at]);
                push(&mut network, start, mid, piece_km(start_at, mid_at));
                push(&mut network, mid, end, piece_km(mid_at, i));
            }
            start = end;
            start_at = i;
        }
    }
    network
}

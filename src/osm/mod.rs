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

use std::collections::HashMap;
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
    let mut positions: HashMap<i64, NodePosition> = HashMap::new();
    let mut nodes_read = 0u64;
    let mut keep = |id: i64, lat_e7: i32, lon_e7: i32| {
        nodes_read += 1;
        if nodes_read.is_multiple_of(262_144) {
            progress.set_position(nodes_read);
        }
        if uses.contains_key(&(id, false)) || uses.contains_key(&(id, true)) {
            positions.insert(id, NodePosition { lat_e7, lon_e7 });
        }
    };
    open()?
        .for_each(|element| match element {
            Element::Node(n) => keep(n.id(), n.decimicro_lat(), n.decimicro_lon()),
            Element::DenseNode(n) => keep(n.id(), n.decimicro_lat(), n.decimicro_lon()),
            _ => {}
        })
        .map_err(read_error)?;

    progress.set_message("splitting ways at junctions");
    let links = split_ways(&ways, &refs, &uses, &positions, &mut counts);
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
    counts: &mut ImportCounts,
) -> Links {
    let mut network = Links::default();
    let mut index_of: HashMap<(i64, bool), u32> = HashMap::new();
    let mut node_index = |network: &mut Links, id: i64, mode: Mode, position: NodePosition| {
        *index_of.entry(node_key(id, mode)).or_insert_with(|| {
            network.nodes.push(position);
            network.node_modes.push(mode);
            (network.nodes.len() - 1) as u32
        })
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
        let mut start = node_index(&mut network, ids[0], mode, points[0]);
        let mut length_km = 0.0;
        for i in 1..ids.len() {
            length_km += geodesic_km(points[i - 1].lat_lon(), points[i].lat_lon());
            let junction = uses.get(&node_key(ids[i], mode)).copied().unwrap_or(0) >= 2;
            if !junction {
                continue;
            }
            let end = node_index(&mut network, ids[i], mode, points[i]);
            if end != start {
                let (from, to) = match way.class.direction {
                    Direction::Backward => (end, start),
                    Direction::Both | Direction::Forward => (start, end),
                };
                network.links.push(Link {
                    from,
                    to,
                    length_dm: (length_km * DM_PER_KM).round().min(f64::from(u32::MAX)) as u32,
                    mode,
                    status: way.class.status,
                    one_way: way.class.direction != Direction::Both,
                });
            }
            start = end;
            length_km = 0.0;
        }
    }
    network
}

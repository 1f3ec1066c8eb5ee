//! Snapping a `lat,lon` to the nearest node of an imported network, with an R-tree.
//!
//! The tree holds the nodes in an equirectangular projection around the network's
//! mean latitude (x = lon·cos(lat₀), y = lat, in degrees), so "nearest" is close to
//! nearest on the ground within a country; the distance reported is geodesic.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::{ImportedNetwork, LinkFilter};
use crate::geodesy::geodesic_km;
use crate::model::{LatLon, Mode};

type Entry = GeomWithData<[f64; 2], u32>;

pub struct Snapper {
    tree: RTree<Entry>,
    cos_lat0: f64,
}

/// A node found for a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapped {
    pub node: u32,
    /// Geodesic distance from the position asked for to the node, in metres.
    pub offset_m: f64,
}

impl Snapper {
    /// A tree of the nodes that `filter` leaves a link at, of `mode` only if given.
    pub fn new(network: &ImportedNetwork, filter: &LinkFilter, mode: Option<Mode>) -> Self {
        let used = network.nodes_with_links(filter, mode);
        let mean_lat = if network.nodes.is_empty() {
            0.0
        } else {
            network
                .nodes
                .iter()
                .map(|p| f64::from(p.lat_e7) / 1e7)
                .sum::<f64>()
                / network.nodes.len() as f64
        };
        let cos_lat0 = mean_lat.to_radians().cos().max(0.01);
        let entries = network
            .nodes
            .iter()
            .enumerate()
            .filter(|&(node, _)| used[node])
            .map(|(node, p)| Entry::new(project(p.lat_lon(), cos_lat0), node as u32))
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
            cos_lat0,
        }
    }

    /// The node nearest to `position`, or `None` if the tree is empty.
    pub fn nearest(&self, network: &ImportedNetwork, position: LatLon) -> Option<Snapped> {
        let entry = self
            .tree
            .nearest_neighbor(&project(position, self.cos_lat0))?;
        let node_position = network.nodes[entry.data as usize].lat_lon();
        Some(Snapped {
            node: entry.data,
            offset_m: geodesic_km(position, node_position) * 1000.0,
        })
    }
}

fn project(position: LatLon, cos_lat0: f64) -> [f64; 2] {
    [position.lon_deg * cos_lat0, position.lat_deg]
}

//! Snapping a `lat,lon` to the nearest node of an imported network, with an R-tree.
//!
//! Positions are compared in an equirectangular projection around the network's
//! mean latitude (x = lon·cos(lat₀), y = lat, in degrees), so "nearest" is close to
//! nearest on the ground within a country; the distance reported is geodesic.
//!
//! The tree (rstar) holds buckets, not nodes: the nodes are sorted along a Z-order
//! curve of their projected positions and cut into runs of [`BUCKET_NODES`], and
//! each run's bounding rectangle goes into the tree. A node then costs 4 bytes (its
//! index in the sorted list) rather than the ~100 bytes a tree of points takes,
//! and a search visits buckets by their distance and stops when the next bucket
//! lies farther than the best node found, so the answer is exact.

use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use super::{ImportedNetwork, LinkFilter};
use crate::geodesy::geodesic_km;
use crate::model::{LatLon, Mode};

/// Nodes per bucket: small enough to scan quickly, large enough that the tree is
/// small (1,000,000 nodes: 31,250 buckets).
const BUCKET_NODES: usize = 32;

/// A bucket's bounding rectangle, with the bucket's number.
type Bucket = GeomWithData<Rectangle<[f64; 2]>, u32>;

pub struct Snapper {
    /// The nodes that may be snapped to, in Z-order; bucket `b` is
    /// `nodes[b * BUCKET_NODES..]`, at most BUCKET_NODES long.
    nodes: Vec<u32>,
    tree: RTree<Bucket>,
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
    /// An index of the nodes that `filter` leaves a link at, of `mode` only if given.
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
        let projected = |node: usize| project(network.nodes[node].lat_lon(), cos_lat0);
        // Z-order over the used nodes' bounding box, 16 bits an axis, packed with
        // the node's index into one u64 so that sorting needs no second array.
        let (low, high) = bounds((0..network.nodes.len()).filter(|&n| used[n]).map(projected));
        let cell = |p: [f64; 2], axis: usize| {
            let span = (high[axis] - low[axis]).max(1e-12);
            (((p[axis] - low[axis]) / span) * 65_535.0) as u32
        };
        let mut keyed: Vec<u64> = (0..network.nodes.len())
            .filter(|&n| used[n])
            .map(|node| {
                let p = projected(node);
                let key = interleave(cell(p, 0)) | (interleave(cell(p, 1)) << 1);
                (key << 32) | node as u64
            })
            .collect();
        drop(used);
        keyed.sort_unstable();
        let nodes: Vec<u32> = keyed.iter().map(|&k| k as u32).collect();
        drop(keyed);
        let buckets = nodes
            .chunks(BUCKET_NODES)
            .enumerate()
            .map(|(b, chunk)| {
                let (low, high) = bounds(chunk.iter().map(|&n| projected(n as usize)));
                Bucket::new(Rectangle::from_corners(low, high), b as u32)
            })
            .collect();
        Self {
            nodes,
            tree: RTree::bulk_load(buckets),
            cos_lat0,
        }
    }

    /// The node nearest to `position` (the lowest-numbered of equally near ones), or
    /// `None` if there is none to snap to.
    pub fn nearest(&self, network: &ImportedNetwork, position: LatLon) -> Option<Snapped> {
        let q = project(position, self.cos_lat0);
        let mut best: Option<(f64, u32)> = None;
        for (bucket, bucket_d2) in self.tree.nearest_neighbor_iter_with_distance_2(&q) {
            // Buckets come nearest first: none further on can hold a nearer node.
            if best.is_some_and(|(best_d2, _)| bucket_d2 > best_d2) {
                break;
            }
            let first = bucket.data as usize * BUCKET_NODES;
            let last = (first + BUCKET_NODES).min(self.nodes.len());
            for &node in &self.nodes[first..last] {
                let p = project(network.nodes[node as usize].lat_lon(), self.cos_lat0);
                let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2);
                if best.is_none_or(|(best_d2, best_node)| {
                    d2 < best_d2 || (d2 == best_d2 && node < best_node)
                }) {
                    best = Some((d2, node));
                }
            }
        }
        let (_, node) = best?;
        let node_position = network.nodes[node as usize].lat_lon();
        Some(Snapped {
            node,
            offset_m: geodesic_km(position, node_position) * 1000.0,
        })
    }
}

/// The lowest and highest corner of `points`' bounding box (streamed, so that a
/// million nodes need no array of positions).
fn bounds(points: impl Iterator<Item = [f64; 2]>) -> ([f64; 2], [f64; 2]) {
    points.fold(([f64::MAX; 2], [f64::MIN; 2]), |(low, high), p| {
        (
            [low[0].min(p[0]), low[1].min(p[1])],
            [high[0].max(p[0]), high[1].max(p[1])],
        )
    })
}

fn project(position: LatLon, cos_lat0: f64) -> [f64; 2] {
    [position.lon_deg * cos_lat0, position.lat_deg]
}

/// The 16 bits of `v` spread to the even bits of a u32 (for a Z-order key).
fn interleave(v: u32) -> u64 {
    let mut x = u64::from(v & 0xFFFF);
    x = (x | (x << 8)) & 0x00FF_00FF;
    x = (x | (x << 4)) & 0x0F0F_0F0F;
    x = (x | (x << 2)) & 0x3333_3333;
    x = (x | (x << 1)) & 0x5555_5555;
    x
}

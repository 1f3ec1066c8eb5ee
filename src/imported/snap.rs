//! Snapping a `lat,lon` to the nearest point of the nearest road of an imported
//! network, as OSRM, GraphHopper and Valhalla do: the point where the position
//! projects onto a link's shape (a "phantom node" on the link, [`Phantom`]), not
//! the nearest junction, which on a long link can lie far along it.
//!
//! Positions are compared in an equirectangular projection around the network's
//! mean latitude (x = lon·cos(lat₀), y = lat, in degrees), so "nearest" is close to
//! nearest on the ground within a country; the distance reported is geodesic
//! ([`near_km`]: in the tangent plane within 1 km, to well under a millimetre).
//!
//! Two trees hold buckets, not segments: the links a position may snap to
//! (admitted by the filter, of the mode asked, and a
//! [`Link::startpoint`](super::Link::startpoint)), those of large components
//! ([`super::components`]) in one and the others in the other, are cut into pieces
//! of at most `PIECE_SEGMENTS` (4) segments of their shape, the pieces sorted by
//! size class and then along a Z-order curve of their boxes' centres, and cut into
//! runs of `BUCKET_SEGMENTS` (4) segments; each run's bounding rectangle is a leaf
//! of a static R-tree ([`PackedTree`]). A piece costs 4 bytes (6 where links have
//! shapes), a bucket 20. A search takes a tree's nodes nearest first (best first,
//! by a heap) and stops at the first that lies farther than the best point found,
//! so the answer is exact. Short pieces keep the rectangles of a winding road
//! small; sorting by size class keeps a long straight link (a generated highway)
//! out of the buckets of short streets.
//!
//! Small pieces of road: each search finds the nearest road of a large component
//! (the first tree), then whether a small piece is nearer (the second), and
//! [`choose`] applies OSRM's rule. Keeping them apart means a position on a car
//! park's loop finds the nearest street without looking at every segment in between.

use std::cell::RefCell;

use super::heap::PackedHeap;
use super::{ImportedNetwork, LinkFilter, NodePosition, Weighting};
use crate::geodesy::near_km;
use crate::model::{LatLon, Mode};

/// Segments per piece of a link, and per bucket (or pieces, where they are
/// single segments): small enough to scan quickly, large enough that the tree
/// is small. Buckets of 8 segments rather than 16 cut a snap on Monaco by about
/// a quarter (callgrind, four routes: 341,000 instructions for eight snaps
/// against 261,000); with the packed trees, buckets of 4 rather than 8 cut a
/// Monaco request on random positions from 83,102 instructions to 60,279 (200
/// requests), and pieces of 2 cost more (77,339).
const PIECE_SEGMENTS: usize = 4;
const BUCKET_SEGMENTS: usize = 4;

/// How much farther than the nearest road a road of a large component is looked
/// for, in degrees of latitude (about 25 km): OSRM moves ends by up to about 2 km
/// on Monaco; past this the position is taken as on its small piece.
const LARGE_SEARCH_DEG: f64 = 0.225;

pub struct Snapper {
    /// The link of each piece, in (size class, Z-order); each bucket holds a run
    /// of them, of at most BUCKET_SEGMENTS segments (or one piece).
    piece_link: Vec<u32>,
    /// The first segment of each piece within its link; empty when no link has
    /// a shape (every piece is a whole straight link).
    piece_first: Vec<u16>,
    /// The buckets of links of large components ([`super::components`]), and
    /// the others': a position's nearest large road is found by the first tree
    /// alone, however far the small pieces of road around it reach.
    large: PackedTree,
    small: PackedTree,
    cos_lat0: f64,
}

/// A rectangle in projected degrees: its lowest and highest corner.
type Rect = ([f64; 2], [f64; 2]);

/// Children of a node of the [`PackedTree`]: 4 and 8 cost the same on Monaco
/// (57,736 and 57,695 instructions a request on random positions), 16 more (62,667).
const FANOUT: usize = 8;

/// A static R-tree over the buckets, packed top down as rstar's bulk loading
/// packs (sort-tile-recursive: slabs along x, each cut along y into subtrees of
/// at most a power of `FANOUT` buckets, recursively): the buckets are its leaves,
/// nodes `0..buckets`, then the inner nodes, each after its children, the root
/// last. Rectangles are kept as f32, rounded outwards, so each holds everything
/// below it: a search prunes no less safely than with exact ones, and a
/// rectangle takes 16 bytes (an rstar node took 64 a bucket).
struct PackedTree {
    /// Each node's rectangle in projected degrees, [min x, min y, max x, max y].
    boxes: Vec<[f32; 4]>,
    /// Inner node `buckets + i` has the children `children[kids[i]..kids[i + 1]]`.
    kids: Vec<u32>,
    children: Vec<u32>,
    /// The first piece of each bucket, and the end of the last: bucket `i` holds
    /// pieces `bucket_first[i]..bucket_first[i + 1]`.
    bucket_first: Vec<u32>,
}

impl PackedTree {
    /// The tree over buckets of pieces `bucket_first[i]..bucket_first[i + 1]`
    /// with the rectangles `leaves` (exact, in f64).
    fn new(leaves: Vec<Rect>, bucket_first: Vec<u32>) -> Self {
        let outward = |(low, high): Rect| {
            [
                f32_below(low[0]),
                f32_below(low[1]),
                f32_above(high[0]),
                f32_above(high[1]),
            ]
        };
        let boxes: Vec<[f32; 4]> = leaves.into_iter().map(outward).collect();
        let buckets = boxes.len();
        let mut tree = Self {
            boxes,
            kids: vec![0],
            children: Vec::new(),
            bucket_first,
        };
        if buckets > 1 {
            let mut nodes: Vec<u32> = (0..buckets as u32).collect();
            tree.pack(&mut nodes);
        }
        tree
    }

    fn buckets(&self) -> usize {
        self.bucket_first.len() - 1
    }

    /// Adds the subtree over `nodes` (more than one) and returns its root.
    fn pack(&mut self, nodes: &mut [u32]) -> u32 {
        let children: Vec<u32> = if nodes.len() <= FANOUT {
            nodes.to_vec()
        } else {
            // Each child holds at most `per_child` nodes, in about √children
            // slabs along x, each cut along y.
            let mut per_child = FANOUT;
            while per_child * FANOUT < nodes.len() {
                per_child *= FANOUT;
            }
            let child_count = nodes.len().div_ceil(per_child);
            let slabs = (child_count as f64).sqrt().ceil() as usize;
            let per_slab = per_child * child_count.div_ceil(slabs);
            let centre = |tree: &Self, node: u32, axis: usize| {
                let b = tree.boxes[node as usize];
                f64::from(b[axis]) + f64::from(b[axis + 2])
            };
            nodes.sort_unstable_by(|&a, &b| centre(self, a, 0).total_cmp(&centre(self, b, 0)));
            let mut children = Vec::new();
            for slab in nodes.chunks_mut(per_slab) {
                slab.sort_unstable_by(|&a, &b| centre(self, a, 1).total_cmp(&centre(self, b, 1)));
                for group in slab.chunks_mut(per_child) {
                    children.push(match group {
                        [one] => *one,
                        _ => self.pack(group),
                    });
                }
            }
            children
        };
        let union = children
            .iter()
            .fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |u, &c| {
                let b = self.boxes[c as usize];
                [
                    u[0].min(b[0]),
                    u[1].min(b[1]),
                    u[2].max(b[2]),
                    u[3].max(b[3]),
                ]
            });
        self.children.extend_from_slice(&children);
        self.kids.push(self.children.len() as u32);
        self.boxes.push(union);
        (self.boxes.len() - 1) as u32
    }

    /// The children of inner node `node`.
    fn children_of(&self, node: usize) -> &[u32] {
        let i = node - self.buckets();
        &self.children[self.kids[i] as usize..self.kids[i + 1] as usize]
    }

    /// The squared distance from `q` to node `node`'s rectangle (0 inside).
    fn distance_2(&self, node: usize, q: [f64; 2]) -> f64 {
        let b = self.boxes[node];
        let dx = (f64::from(b[0]) - q[0])
            .max(q[0] - f64::from(b[2]))
            .max(0.0);
        let dy = (f64::from(b[1]) - q[1])
            .max(q[1] - f64::from(b[3]))
            .max(0.0);
        dx * dx + dy * dy
    }
}

/// The greatest f32 at most `v`.
fn f32_below(v: f64) -> f32 {
    let f = v as f32;
    if f64::from(f) > v { f.next_down() } else { f }
}

/// The least f32 at least `v`.
fn f32_above(v: f64) -> f32 {
    let f = v as f32;
    if f64::from(f) < v { f.next_up() } else { f }
}

/// A position on a link: where a `lat,lon` snapped to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phantom {
    /// The link (the first of its stretch, [`ImportedNetwork::stretch`]).
    pub link: u32,
    /// How far along the link from its `from` end, as a fraction of its length.
    pub along: f64,
    /// The point on the link.
    pub position: LatLon,
    /// Geodesic distance from the position asked for to the point, in metres.
    pub snap_m: f64,
    /// The link's component ([`super::Components`]); `None` for a one-way link
    /// between two components.
    pub component: Option<u32>,
}

/// An arc of the link a position lies on, with the weight of its part between
/// the position and the arc's head (a start) or tail (an end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartArc {
    pub tail: u32,
    pub head: u32,
    pub link: u32,
    pub weight: u32,
}

/// What a position snapped to: the nearest road, and the nearest road of a large
/// component if that is another one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    pub nearest: Phantom,
    pub nearest_large: Option<Phantom>,
}

/// A snap chosen by [`choose`]: the phantom, and how much farther it is than the
/// nearest road (in metres) if it was moved off a small piece of road.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chosen {
    pub phantom: Phantom,
    pub moved_m: Option<f64>,
}

/// OSRM's rule for the ends of one request: if every end's nearest road lies in
/// the same small component, they stay there (a route inside a car park);
/// otherwise each end whose nearest road is in a small component moves to the
/// nearest road of a large one (within `LARGE_SEARCH_DEG`, 0.225°).
pub fn choose(network: &ImportedNetwork, snaps: &[Snap]) -> Vec<Chosen> {
    let small = |p: &Phantom| p.component.is_none_or(|c| !network.components.is_large(c));
    // A link between two components is a piece of its own.
    let piece = |p: &Phantom| p.component.map_or((u32::MAX, p.link), |c| (c, u32::MAX));
    let first = snaps.first().map(|s| piece(&s.nearest));
    let all_in_one_small = snaps
        .iter()
        .all(|s| small(&s.nearest) && Some(piece(&s.nearest)) == first);
    snaps
        .iter()
        .map(|s| match s.nearest_large {
            Some(large) if !all_in_one_small && small(&s.nearest) => Chosen {
                phantom: large,
                moved_m: Some(large.snap_m - s.nearest.snap_m),
            },
            _ => Chosen {
                phantom: s.nearest,
                moved_m: None,
            },
        })
        .collect()
}

/// A candidate segment: its squared projected distance, link, segment index within
/// the link and the fraction along the segment.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    d2: f64,
    link: u32,
    segment: u32,
    t: f64,
}

impl Snapper {
    /// An index of the links a position may snap to: admitted by `filter`, of
    /// `mode` only if given, startpoints, and travelled at least one way.
    pub fn new(network: &ImportedNetwork, filter: &LinkFilter, mode: Option<Mode>) -> Self {
        let cos_lat0 = mean_cos_lat(network);
        let (large, small): (Vec<_>, Vec<_>) = snappable_pieces(network, filter, mode)
            .into_iter()
            .partition(|&(link, _)| is_large(network, link));
        let (mut piece_link, mut piece_first) = (Vec::new(), Vec::new());
        let mut tree = |pieces| {
            let (links, firsts) = sort_pieces(network, cos_lat0, pieces);
            let (boxes, mut bucket_first) = bucket_pieces(network, cos_lat0, &links, &firsts);
            for first in &mut bucket_first {
                *first += piece_link.len() as u32;
            }
            piece_link.extend(links);
            piece_first.extend(firsts);
            PackedTree::new(boxes, bucket_first)
        };
        let (large, small) = (tree(large), tree(small));
        Self {
            piece_link,
            piece_first,
            large,
            small,
            cos_lat0,
        }
    }

    /// The nearest point of the nearest road to `position` (of equally near
    /// points, that of the lowest-numbered link, then of its lowest-numbered
    /// segment), and the nearest of a large component; `None` if there is no road
    /// to snap to.
    pub fn snap(&self, network: &ImportedNetwork, position: LatLon) -> Option<Snap> {
        let mut search = Search {
            snapper: self,
            network,
            q: project(position, self.cos_lat0),
            best: None,
            best_large: None,
        };
        search.walk();
        let best = search.best?;
        // Past reach, the position is taken as on its small piece of road.
        let best_large =
            (search.best_large).filter(|l| l.d2.sqrt() <= best.d2.sqrt() + LARGE_SEARCH_DEG);
        let cos_lat = position.lat_deg.to_radians().cos();
        let nearest = Self::phantom(network, position, cos_lat, best);
        let nearest_large = best_large
            .filter(|l| l.link != best.link || l.segment != best.segment)
            .map(|l| Self::phantom(network, position, cos_lat, l));
        Some(Snap {
            nearest,
            nearest_large,
        })
    }

    /// The phantom of candidate `c`; `cos_lat` is the cosine of `position`'s
    /// latitude, computed once for both of a snap's phantoms.
    fn phantom(network: &ImportedNetwork, position: LatLon, cos_lat: f64, c: Candidate) -> Phantom {
        let k = c.segment as usize;
        // Only the share of the link before the point matters: flat lengths
        // around the point's latitude give it, at a fraction of a geodesic's cost.
        // Summed in one pass in link order, no array: the same sums as `Sum`'s,
        // from -0.0 as it starts (a point at a link's start keeps along -0.0).
        // The pass keeps segment k's ends for the point itself: each point of
        // the link is fetched once.
        // A plain square root, not `hypot`: libm's overflow-safe hypot cost a
        // request about 2,900 instructions (callgrind, Monaco), and differences of
        // degrees within a link can neither overflow nor underflow.
        let flat_deg = |a: LatLon, b: LatLon| {
            let (x, y) = ((b.lon_deg - a.lon_deg) * cos_lat, b.lat_deg - a.lat_deg);
            (x * x + y * y).sqrt()
        };
        let points = LinkPoints::new(network, c.link as usize);
        let (mut before_deg, mut total_deg) = (0.0, -0.0);
        let mut a = points.get(0).lat_lon();
        // A candidate's segment is one of its link's (`scan` finds no other).
        let mut segment = (a, a);
        for j in 0..points.segments() {
            let b = points.get(j + 1).lat_lon();
            let deg = flat_deg(a, b);
            if j == k {
                before_deg = total_deg + c.t * deg;
                segment = (a, b);
            }
            total_deg += deg;
            a = b;
        }
        let (a, b) = segment;
        let on = LatLon::new(
            a.lat_deg + c.t * (b.lat_deg - a.lat_deg),
            a.lon_deg + c.t * (b.lon_deg - a.lon_deg),
        );
        let along = if total_deg > 0.0 {
            (before_deg / total_deg).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Phantom {
            link: c.link,
            along,
            position: on,
            snap_m: near_km(position, on) * 1000.0,
            component: component_of(network, c.link),
        }
    }
}

thread_local! {
    /// The walks' heap, kept from snap to snap on each thread: a snap
    /// allocates nothing (an allocation and its release cost about 300
    /// instructions a snap).
    static WALK_HEAP: RefCell<PackedHeap> = RefCell::new(PackedHeap::with_capacity(64));
    /// The nodes a walk's first descent passes by, with their distances².
    static PASSED_BY: RefCell<Vec<(f64, u32)>> = RefCell::new(Vec::with_capacity(64));
}

/// One snap's walk down the tree: straight down to the nearest bucket, then best
/// first, the nearest node not yet visited next (a bucket no farther than any
/// waiting is scanned as soon as its parent opens), until the nearest lies
/// farther than both answers need. The answers are those of any exact walk, as
/// the order of visits decides nothing: of equally near candidates the lowest
/// (link, segment) wins.
struct Search<'s> {
    snapper: &'s Snapper,
    network: &'s ImportedNetwork,
    /// The position, projected.
    q: [f64; 2],
    best: Option<Candidate>,
    best_large: Option<Candidate>,
}

impl Search<'_> {
    /// Whether nothing at squared distance `d2` or farther can improve the
    /// nearest road found so far.
    fn done_at(&self, d2: f64) -> bool {
        self.best.is_some_and(|b| d2 > b.d2)
    }

    /// The nearest road of a large component (the first tree's), then the
    /// nearest of all if a small piece of road is nearer (the second's).
    fn walk(&mut self) {
        let snapper = self.snapper;
        // Keyed by a node's distance² rounded down to an f32, whose bits order
        // as the distances do (none being negative): nearest first, one word
        // an entry, one heap for both walks (and, on this thread, every snap).
        // Rounding down only prunes later, so the answer stays exact.
        WALK_HEAP.with_borrow_mut(|heap| {
            PASSED_BY.with_borrow_mut(|passed_by| {
                heap.clear();
                self.walk_tree(&snapper.large, true, heap, passed_by);
                heap.clear();
                self.walk_tree(&snapper.small, false, heap, passed_by);
            })
        });
    }

    fn walk_tree(
        &mut self,
        tree: &PackedTree,
        large: bool,
        heap: &mut PackedHeap,
        passed_by: &mut Vec<(f64, u32)>,
    ) {
        let Some(root) = tree.boxes.len().checked_sub(1) else {
            return;
        };
        let buckets = tree.buckets();
        let key = |d2: f64| f32_below(d2).to_bits();
        // First straight down to the nearest bucket, then best first from
        // the nodes passed by: with the best point of that bucket known, most
        // of them are pruned, not kept in the heap. Best first from the root,
        // a Monaco walk pushed about 48 nodes and took 11 out; the descent
        // cut a request on random positions from 40,595 instructions to
        // 39,619 (callgrind, 200 requests).
        if self.done_at(tree.distance_2(root, self.q)) {
            return;
        }
        passed_by.clear();
        let mut node = root;
        while node >= buckets {
            let mut nearest: Option<(f64, u32)> = None;
            for &child in tree.children_of(node) {
                let d2 = tree.distance_2(child as usize, self.q);
                match nearest {
                    Some((near, _)) if near <= d2 => passed_by.push((d2, child)),
                    _ => {
                        if let Some(farther) = nearest.replace((d2, child)) {
                            passed_by.push(farther);
                        }
                    }
                }
            }
            // An inner node has children (`pack` makes none without). A
            // nearest child too far stops the descent, but not the walk: a
            // node passed by higher up may still be nearer.
            let Some((d2, child)) = nearest else { break };
            if self.done_at(d2) {
                break;
            }
            node = child as usize;
        }
        if node < buckets {
            self.scan_bucket(tree, node, large);
        }
        for &(d2, child) in passed_by.iter() {
            if !self.done_at(d2) {
                heap.push(key(d2), child);
            }
        }
        while let Some((bits, node)) = heap.pop() {
            if self.done_at(f64::from(f32::from_bits(bits))) {
                break;
            }
            let node = node as usize;
            if node < buckets {
                self.scan_bucket(tree, node, large);
                continue;
            }
            for &child in tree.children_of(node) {
                let d2 = tree.distance_2(child as usize, self.q);
                let child = child as usize;
                if self.done_at(d2) {
                    continue;
                }
                if child < buckets && heap.min_key().is_none_or(|min| key(d2) <= min) {
                    // A bucket no farther than anything waiting: it would
                    // come out of the heap about next, so it is scanned now,
                    // and what comes after it is pruned by what it holds.
                    self.scan_bucket(tree, child, large);
                } else {
                    heap.push(key(d2), child as u32);
                }
            }
        }
    }

    /// Every segment of bucket `bucket` of `tree` (of large components if `large`).
    #[inline]
    fn scan_bucket(&mut self, tree: &PackedTree, bucket: usize, large: bool) {
        self.scan(
            tree.bucket_first[bucket],
            tree.bucket_first[bucket + 1],
            large,
        );
    }

    /// Every segment of the pieces `first..last`, of large components if `large`.
    fn scan(&mut self, first: u32, last: u32, large: bool) {
        let (snapper, network) = (self.snapper, self.network);
        let pieces = first as usize..last as usize;
        // Empty where no link has a shape: every piece is then piece 0.
        let piece_first = snapper.piece_first.get(pieces.clone()).unwrap_or(&[]);
        for (i, &link) in snapper.piece_link[pieces].iter().enumerate() {
            let p = piece_first.get(i).map_or(0, |&p| usize::from(p));
            let points = LinkPoints::new(network, link as usize);
            let from = p * PIECE_SEGMENTS;
            let to = (from + PIECE_SEGMENTS).min(points.segments());
            let at = |k: usize| project(points.get(k).lat_lon(), snapper.cos_lat0);
            let mut a = at(from);
            for k in from..to {
                let b = at(k + 1);
                let (d2, t) = to_segment(self.q, a, b);
                a = b;
                let c = Candidate {
                    d2,
                    link,
                    segment: k as u32,
                    t,
                };
                if better(&c, &self.best) {
                    self.best = Some(c);
                }
                if large && better(&c, &self.best_large) {
                    self.best_large = Some(c);
                }
            }
        }
    }
}

/// Whether `c` is nearer than `than`, or as near and of a lower (link, segment).
fn better(c: &Candidate, than: &Option<Candidate>) -> bool {
    // As the tuples (d2, link, segment) compare, without partial_cmp's chain.
    than.is_none_or(|b| c.d2 < b.d2 || (c.d2 == b.d2 && (c.link, c.segment) < (b.link, b.segment)))
}

fn is_large(network: &ImportedNetwork, link: u32) -> bool {
    component_of(network, link).is_some_and(|c| network.components.is_large(c))
}

/// The component of link `link`'s stretch: that of an arc whose two ends share
/// one (the largest such), if any.
fn component_of(network: &ImportedNetwork, link: u32) -> Option<u32> {
    // A link's two arcs join the same two nodes, so they share a component
    // or neither has one: its forward arc (or its only one) answers for both.
    let mut component = None;
    for l in &network.links[network.stretch(link)] {
        if l.from != l.to
            && let Some(c) = network.components.of_arc(l.from, l.to)
        {
            component = Some(component.map_or(c, |m: u32| m.min(c)));
        }
    }
    component
}

/// Link `link`'s points: its `from` node, its inner points, its `to` node.
pub fn link_points(network: &ImportedNetwork, link: usize) -> Vec<NodePosition> {
    (network.shapes).points_of(&network.nodes, &network.links, link)
}

/// A link's points, looked up once for a walk along them: the link, its
/// shape's slice and its two nodes are fetched once, not once a point.
struct LinkPoints<'n> {
    from: NodePosition,
    inner: &'n [NodePosition],
    to: NodePosition,
}

impl<'n> LinkPoints<'n> {
    fn new(network: &'n ImportedNetwork, link: usize) -> Self {
        let l = &network.links[link];
        Self {
            from: network.nodes[l.from as usize],
            inner: network.shapes.of(link),
            to: network.nodes[l.to as usize],
        }
    }

    /// Its segments: one more than its inner points.
    fn segments(&self) -> usize {
        self.inner.len() + 1
    }

    /// Point `k`: the `from` node, the inner points, the `to` node.
    fn get(&self, k: usize) -> NodePosition {
        if k == 0 {
            self.from
        } else if let Some(&p) = self.inner.get(k - 1) {
            p
        } else {
            self.to
        }
    }
}

/// Squared distance from `q` to the segment `a`–`b`, and the fraction along it
/// of the nearest point.
fn to_segment(q: [f64; 2], a: [f64; 2], b: [f64; 2]) -> (f64, f64) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + t * dx, a[1] + t * dy);
    ((q[0] - x).powi(2) + (q[1] - y).powi(2), t)
}

impl Phantom {
    /// The weight of the link before and after the point, under `weighting`:
    /// they add up to the link's weight.
    pub fn split(&self, network: &ImportedNetwork, weighting: Weighting) -> (u32, u32) {
        let weight = network.links[self.link as usize].weight(weighting);
        let before = ((self.along * f64::from(weight)).round() as u32).min(weight);
        (before, weight - before)
    }

    /// Each arc of its stretch as (tail, head, whether it runs the link's way).
    fn arcs<'n>(
        &self,
        network: &'n ImportedNetwork,
    ) -> impl Iterator<Item = (u32, u32, bool)> + 'n {
        self.link_arcs(network)
            .map(|(tail, head, forward, _)| (tail, head, forward))
    }

    /// Each arc of its stretch as (tail, head, whether it runs the link's way,
    /// link).
    fn link_arcs<'n>(
        &self,
        network: &'n ImportedNetwork,
    ) -> impl Iterator<Item = (u32, u32, bool, u32)> + 'n {
        let from = network.base_node(network.links[self.link as usize].from);
        network.stretch(self.link).flat_map(move |j| {
            (network.links[j].arcs())
                .map(move |(tail, head)| (tail, head, network.base_node(tail) == from, j as u32))
        })
    }

    /// Where a route from the point starts, for a search over arcs
    /// ([`super::timed`]): along each arc of its link, at the weight of the part
    /// to its head, and at each node the point lies on. After a via stop reached
    /// from `arrived_from`, only straight on, as [`Self::departures_after`].
    pub fn start_arcs(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
        arrived_from: Option<u32>,
    ) -> (Vec<PartArc>, Vec<u32>) {
        let (before, after) = self.split(network, weighting);
        let at_nodes = self.at_nodes(network, weighting);
        let all = || {
            let arcs = (self.link_arcs(network))
                .map(|(tail, head, forward, link)| PartArc {
                    tail,
                    head,
                    link,
                    weight: if forward { after } else { before },
                })
                .collect();
            (arcs, at_nodes.clone())
        };
        let Some(node) = arrived_from else {
            return all();
        };
        if at_nodes.contains(&network.base_node(node)) {
            return (Vec::new(), vec![node]);
        }
        let (arcs, _) = all();
        let onward: Vec<PartArc> = arcs.into_iter().filter(|a| a.tail == node).collect();
        if onward.is_empty() {
            return all();
        }
        (onward, Vec::new())
    }

    /// Where a route to the point ends, for a search over arcs: leaving the
    /// tail of each arc of its link, at the weight of the part from it, and at
    /// each node the point lies on (or a turn copy of it).
    pub fn end_arcs(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
    ) -> (Vec<PartArc>, Vec<u32>) {
        let (before, after) = self.split(network, weighting);
        let arcs = (self.link_arcs(network))
            .map(|(tail, head, forward, link)| PartArc {
                tail,
                head,
                link,
                weight: if forward { before } else { after },
            })
            .collect();
        (arcs, self.at_nodes(network, weighting))
    }

    /// The nodes the point lies on (within the rounding of a weight), as their
    /// base nodes: a point at a node departs from it, against a one-way link too,
    /// and is reached at it or any of its turn-restriction copies.
    fn at_nodes(&self, network: &ImportedNetwork, weighting: Weighting) -> Vec<u32> {
        let (before, after) = self.split(network, weighting);
        self.at_nodes_split(network, before, after)
    }

    /// [`Self::at_nodes`] of the point that splits its link's weight into
    /// `before` and `after` ([`Self::split`]).
    fn at_nodes_split(&self, network: &ImportedNetwork, before: u32, after: u32) -> Vec<u32> {
        let mut nodes = Vec::new();
        // Off both ends (most points): at no node, and nothing to look up.
        if before != 0 && after != 0 {
            return nodes;
        }
        for (tail, head, forward) in self.arcs(network) {
            let (from_tail, to_head) = if forward {
                (before, after)
            } else {
                (after, before)
            };
            for (node, at) in [(tail, from_tail), (head, to_head)] {
                let base = network.base_node(node);
                if at == 0 && !nodes.contains(&base) {
                    nodes.push(base);
                }
            }
        }
        nodes
    }

    /// The nodes a route from the point starts at, each with the weight of the
    /// part of the link to it, along every way the link may be travelled.
    pub fn departures(&self, network: &ImportedNetwork, weighting: Weighting) -> Vec<(u32, u32)> {
        let mut ends = Vec::new();
        self.departures_into(network, weighting, &mut ends);
        ends
    }

    /// [`Self::departures`] into `ends`, cleared first: a router keeps its
    /// allocation from route to route.
    pub fn departures_into(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
        ends: &mut Vec<(u32, u32)>,
    ) {
        self.ends_into::<false>(network, weighting, ends);
    }

    /// The ends of a route from the point (`ARRIVING` false: the heads of its
    /// link's arcs, over the part after the point) or to it (true: their tails,
    /// over the part before), and the nodes it lies on (arriving, with their
    /// turn-restriction copies). A constant, not an argument: each of the
    /// request's two calls compiles without the other's branches.
    fn ends_into<const ARRIVING: bool>(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
        ends: &mut Vec<(u32, u32)>,
    ) {
        let (before, after) = self.split(network, weighting);
        // The part of the link between the point and the end, for an arc that
        // runs the link's way and for one that runs against it.
        let (with_link, against_link) = if ARRIVING {
            (before, after)
        } else {
            (after, before)
        };
        ends.clear();
        // `for_each`, not `extend`: extending from a flat map reserves at
        // every element.
        (self.arcs(network)).for_each(|(tail, head, forward)| {
            let end = if ARRIVING { tail } else { head };
            ends.push((end, if forward { with_link } else { against_link }));
        });
        for v in self.at_nodes_split(network, before, after) {
            if ARRIVING {
                ends.extend(network.arrivals(v).map(|a| (a, 0)));
            } else {
                ends.push((v, 0));
            }
        }
    }

    /// The departures of a route that goes on from the point after arriving
    /// from `arrived_from` (a via stop): straight on, as OSRM's car profile goes
    /// on at a waypoint, and from a node at the point as the route reached it
    /// (a turn-restriction copy keeps its restriction). All departures if none
    /// goes on that way.
    pub fn departures_after(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
        arrived_from: u32,
    ) -> Vec<(u32, u32)> {
        let (before, after) = self.split(network, weighting);
        let mut ends: Vec<(u32, u32)> = self
            .arcs(network)
            .filter(|&(tail, _, _)| tail == arrived_from)
            .map(|(_, head, forward)| (head, if forward { after } else { before }))
            .collect();
        if self
            .at_nodes(network, weighting)
            .contains(&network.base_node(arrived_from))
        {
            ends = vec![(arrived_from, 0)];
        }
        if ends.is_empty() {
            return self.departures(network, weighting);
        }
        ends
    }

    /// The nodes a route to the point arrives from, each with the weight of the
    /// part of the link from it.
    pub fn arrivals(&self, network: &ImportedNetwork, weighting: Weighting) -> Vec<(u32, u32)> {
        let mut ends = Vec::new();
        self.arrivals_into(network, weighting, &mut ends);
        ends
    }

    /// [`Self::arrivals`] into `ends`, cleared first.
    pub fn arrivals_into(
        &self,
        network: &ImportedNetwork,
        weighting: Weighting,
        ends: &mut Vec<(u32, u32)>,
    ) {
        self.ends_into::<true>(network, weighting, ends);
    }

    /// The weight from this point to `to` along their link without leaving it,
    /// if both are on the same link and it may be travelled that way.
    pub fn direct(
        &self,
        to: &Phantom,
        network: &ImportedNetwork,
        weighting: Weighting,
    ) -> Option<u32> {
        if self.link != to.link {
            return None;
        }
        let (here, _) = self.split(network, weighting);
        let (there, _) = to.split(network, weighting);
        self.arcs(network)
            .filter_map(|(_, _, forward)| match forward {
                true if there >= here => Some(there - here),
                false if here >= there => Some(here - there),
                _ => None,
            })
            .min()
    }
}

/// The cosine of the nodes' mean latitude (at least 0.01), which scales
/// longitudes to the same unit as latitudes in the index.
fn mean_cos_lat(network: &ImportedNetwork) -> f64 {
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
    mean_lat.to_radians().cos().max(0.01)
}

/// The pieces of the links a position may snap to, as (link, piece); a link of
/// more than 262,140 segments (none real) is indexed up to there.
fn snappable_pieces(
    network: &ImportedNetwork,
    filter: &LinkFilter,
    mode: Option<Mode>,
) -> Vec<(u32, u16)> {
    let snappable = |i: usize| {
        let l = &network.links[i];
        !l.duplicate
            && l.startpoint
            && filter.admits(l)
            && mode.is_none_or(|m| l.mode == m)
            && network
                .stretch(i as u32)
                .any(|j| network.links[j].arcs().next().is_some())
    };
    (0..network.links.len())
        .filter(|&i| snappable(i))
        .flat_map(|i| {
            let segments = network.shapes.of(i).len() + 1;
            (0..segments
                .div_ceil(PIECE_SEGMENTS)
                .min(usize::from(u16::MAX) + 1))
                .map(move |p| (i as u32, p as u16))
        })
        .collect()
}

/// The projected bounding box of piece `p` of `link`.
fn piece_box(
    network: &ImportedNetwork,
    cos_lat0: f64,
    (link, p): (u32, u16),
) -> ([f64; 2], [f64; 2]) {
    let first = usize::from(p) * PIECE_SEGMENTS;
    let points = LinkPoints::new(network, link as usize);
    let last = (first + PIECE_SEGMENTS).min(points.segments());
    bounds((first..=last).map(|k| project(points.get(k).lat_lon(), cos_lat0)))
}

/// Sorts `pieces` by the size class and Z-order of their boxes, so that a run of
/// them lies close together, and returns each piece's link and (where the
/// network has shapes) its piece number.
fn sort_pieces(
    network: &ImportedNetwork,
    cos_lat0: f64,
    pieces: Vec<(u32, u16)>,
) -> (Vec<u32>, Vec<u16>) {
    let piece_box = |piece| piece_box(network, cos_lat0, piece);
    let (low, high) = bounds(pieces.iter().flat_map(|&piece| {
        let (a, b) = piece_box(piece);
        [a, b]
    }));
    // 14 bits an axis: cells of 73 m on a 1,200 km square, fine enough for
    // the buckets, and the key then fits one u64 with the piece's index.
    let cells = |v: f64, axis: usize| {
        let span = (high[axis] - low[axis]).max(1e-12);
        ((v - low[axis]) / span * 16_383.0).clamp(0.0, 16_383.0)
    };
    // (size class: 4 bits, Z-order of the box's centre: 28 bits, index: 32
    // bits). Classes grow 8-fold: few enough that a search meets few of them.
    let mut keyed: Vec<u64> = (pieces.iter().enumerate())
        .map(|(index, &piece)| {
            let (a, b) = piece_box(piece);
            let extent = (cells(b[0], 0) - cells(a[0], 0)).max(cells(b[1], 1) - cells(a[1], 1));
            let class = ((extent.max(1.0).log2() / 3.0).ceil() as u64).min(15);
            let centre = |axis: usize| cells((a[axis] + b[axis]) / 2.0, axis) as u32;
            let z = interleave(centre(0)) | (interleave(centre(1)) << 1);
            (class << 60) | (z << 32) | index as u64
        })
        .collect();
    keyed.sort_unstable();
    let sorted = keyed.iter().map(|&k| pieces[k as u32 as usize]);
    let piece_link: Vec<u32> = sorted.clone().map(|(link, _)| link).collect();
    let piece_first: Vec<u16> = if network.shapes.first.is_empty() {
        Vec::new()
    } else {
        sorted.map(|(_, p)| p).collect()
    };
    (piece_link, piece_first)
}

/// Groups the sorted pieces into buckets of runs of at most `BUCKET_SEGMENTS`
/// segments (a piece at least): the box around each bucket's pieces, and the
/// first piece of each bucket followed by the end of the last.
fn bucket_pieces(
    network: &ImportedNetwork,
    cos_lat0: f64,
    piece_link: &[u32],
    piece_first: &[u16],
) -> (Vec<Rect>, Vec<u32>) {
    let piece_segments = |i: usize| {
        let p = piece_first.get(i).map_or(0, |&p| usize::from(p));
        let segments = network.shapes.of(piece_link[i] as usize).len() + 1;
        (segments - p * PIECE_SEGMENTS).min(PIECE_SEGMENTS)
    };
    let (mut boxes, mut firsts) = (Vec::new(), Vec::new());
    let mut start = 0;
    while start < piece_link.len() {
        let (mut end, mut segments) = (start, 0);
        while end < piece_link.len()
            && (end == start || segments + piece_segments(end) <= BUCKET_SEGMENTS)
        {
            segments += piece_segments(end);
            end += 1;
        }
        let (low, high) = bounds((start..end).flat_map(|i| {
            let p = piece_first.get(i).copied().unwrap_or(0);
            let (a, b) = piece_box(network, cos_lat0, (piece_link[i], p));
            [a, b]
        }));
        boxes.push((low, high));
        firsts.push(start as u32);
        start = end;
    }
    firsts.push(piece_link.len() as u32);
    (boxes, firsts)
}

/// The lowest and highest corner of `points`' bounding box (streamed, so that a
/// million points need no array).
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

/// The 14 bits of `v` spread to the even bits of a u28 (for a Z-order key).
fn interleave(v: u32) -> u64 {
    let mut x = u64::from(v & 0x3FFF);
    x = (x | (x << 8)) & 0x00FF_00FF;
    x = (x | (x << 4)) & 0x0F0F_0F0F;
    x = (x | (x << 2)) & 0x3333_3333;
    x = (x | (x << 1)) & 0x5555_5555;
    x
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::imported::{Link, Links, Shapes};

    /// Chains of nodes of random lengths (components of many sizes), a few links
    /// across them, and shapes of up to nine inner points (links of several
    /// pieces), in a box of about 30 km.
    fn random_network(rng: &mut StdRng, n: usize) -> ImportedNetwork {
        let at = |rng: &mut StdRng| {
            NodePosition::from_degrees(
                43.7 + rng.random_range(0.0..0.3),
                7.4 + rng.random_range(0.0..0.3),
            )
        };
        let nodes: Vec<NodePosition> = (0..n).map(|_| at(rng)).collect();
        let mut links = Vec::new();
        let mut shapes = Shapes::default();
        for i in 0..n {
            let to = if rng.random_bool(0.8) {
                (i + 1) % n
            } else {
                rng.random_range(0..n)
            };
            let (a, b) = (nodes[i], nodes[to]);
            let inner: Vec<NodePosition> = (0..rng.random_range(0..10))
                .map(|k| {
                    let offset_e7 = (rng.random_range(-3e4..3e4), rng.random_range(-3e4..3e4));
                    a.between(b, f64::from(k + 1) / 11.0, offset_e7)
                })
                .collect();
            shapes.push(&inner);
            links.push(Link {
                one_way: rng.random_bool(0.2),
                ..Link::road(i as u32, to as u32, rng.random_range(1..20_000))
            });
            // Cut the chain now and then: components of many sizes.
            if rng.random_bool(0.1) && i + 1 < n {
                links.last_mut().expect("just pushed").to = i as u32;
            }
        }
        let links = Links {
            node_modes: vec![Mode::Road; n],
            nodes,
            links,
            turn_copies: Vec::new(),
            node_delays_ds: Vec::new(),
            shapes,
        };
        ImportedNetwork::prepare(links, "random chains".into())
    }

    /// The nearest segment of every snappable link, and the nearest of a large
    /// component, by looking at every segment: what the trees' walk must find.
    fn scan_every_segment(
        network: &ImportedNetwork,
        q: [f64; 2],
        cos_lat0: f64,
    ) -> (Option<Candidate>, Option<Candidate>) {
        let (mut best, mut best_large) = (None, None);
        let filter = LinkFilter::prepared();
        let snappable = snappable_pieces(network, &filter, None);
        let mut links: Vec<u32> = snappable.iter().map(|&(link, _)| link).collect();
        links.dedup();
        for link in links {
            let points = link_points(network, link as usize);
            for (k, pair) in points.windows(2).enumerate() {
                let [a, b] = [pair[0], pair[1]].map(|p| project(p.lat_lon(), cos_lat0));
                let (d2, t) = to_segment(q, a, b);
                let c = Candidate {
                    d2,
                    link,
                    segment: k as u32,
                    t,
                };
                if better(&c, &best) {
                    best = Some(c);
                }
                if is_large(network, link) && better(&c, &best_large) {
                    best_large = Some(c);
                }
            }
        }
        (best, best_large)
    }

    /// The trees' walk finds what a look at every segment finds: the nearest
    /// segment exactly, and the nearest of a large component wherever it lies
    /// within reach of the nearest road. Positions anywhere in and around the
    /// box, and exactly on nodes and shape points (where segments tie).
    #[test]
    fn the_walk_finds_what_a_look_at_every_segment_finds() {
        let mut rng = StdRng::seed_from_u64(20);
        for n in [2usize, 7, 40, 400, 3_000] {
            let network = random_network(&mut rng, n);
            let snapper = Snapper::new(&network, &LinkFilter::prepared(), None);
            for i in 0..300 {
                let position = match i % 3 {
                    0 => LatLon::new(rng.random_range(43.6..44.1), rng.random_range(7.3..7.8)),
                    1 => network.nodes[rng.random_range(0..n)].lat_lon(),
                    _ => match network.shapes.points.len() {
                        0 => continue,
                        len => network.shapes.points[rng.random_range(0..len)].lat_lon(),
                    },
                };
                let q = project(position, snapper.cos_lat0);
                let mut walk = Search {
                    snapper: &snapper,
                    network: &network,
                    q,
                    best: None,
                    best_large: None,
                };
                walk.walk();
                let (best, best_large) = scan_every_segment(&network, q, snapper.cos_lat0);
                let key = |c: Option<Candidate>| c.map(|c| (c.d2, c.link, c.segment, c.t));
                assert_eq!(key(walk.best), key(best), "{n} nodes, {position:?}");
                assert_eq!(
                    key(walk.best_large),
                    key(best_large),
                    "{n} nodes, {position:?}: nearest large"
                );
            }
        }
    }
}

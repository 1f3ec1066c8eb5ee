//! The contraction hierarchy of an imported network, and the queries on it.
//!
//! `fast_paths` contracts the nodes (the slow, once-only step). Its graph keeps five
//! machine words per edge; this module keeps three 32-bit numbers (the other end,
//! the weight, and the middle node of a shortcut), which brings a million-node road
//! network to about 60 bytes per node, and runs its own queries on them:
//! - one-to-one: a bidirectional upward Dijkstra that stops when neither side can
//!   still improve the best meeting;
//! - many-to-many: the bucket method (Knopp et al. 2007), one backward upward search
//!   per target and one forward upward search per source, not N×M searches.
//!
//! Nodes are numbered by rank: an "up" edge of node `v` leads to a node above `v`, a
//! "down" edge of `v` comes from a node above `v`. Weights are link lengths in
//! decimetres ([`super::Link::weight_dm`]).

use std::collections::HashMap;

use serde::Deserialize;

use super::heap::PackedHeap;
use super::{ImportedNetwork, LinkFilter, Links};

/// No node: the middle of an edge that is not a shortcut, or no parent.
pub const NO_NODE: u32 = u32::MAX;
/// No route.
pub const UNREACHABLE: u32 = u32::MAX;

/// One edge of the hierarchy, stored at its lower-ranked end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HierarchyEdge {
    /// The higher-ranked end.
    pub other: u32,
    /// Length in decimetres.
    pub weight_dm: u32,
    /// For a shortcut, the node it skips (ranked below both ends); else [`NO_NODE`].
    pub middle: u32,
}

/// The prepared hierarchy, in compressed-row form: node `v`'s up edges are
/// `up_edges[up_first[v]..up_first[v + 1]]`, and likewise down.
///
/// Built only by [`Hierarchy::prepare`] or read by `file::read`, which checks it:
/// queries rely on its offsets covering every node and its edges leading upwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hierarchy {
    pub(crate) up_first: Vec<u32>,
    pub(crate) up_edges: Vec<HierarchyEdge>,
    pub(crate) down_first: Vec<u32>,
    pub(crate) down_edges: Vec<HierarchyEdge>,
}

/// `fast_paths`' graph, read field for field through serde (its fields are private).
#[derive(Deserialize)]
struct FastGraphFields {
    num_nodes: usize,
    ranks: Vec<usize>,
    edges_fwd: Vec<FastEdgeFields>,
    first_edge_ids_fwd: Vec<usize>,
    edges_bwd: Vec<FastEdgeFields>,
    first_edge_ids_bwd: Vec<usize>,
}

#[derive(Deserialize, Clone, Copy)]
struct FastEdgeFields {
    base_node: usize,
    adj_node: usize,
    weight: usize,
    // Read only because bincode reads fields in order; the middle node comes
    // from the other half.
    #[allow(dead_code)]
    replaced_in_edge: usize,
    replaced_out_edge: usize,
}

impl Hierarchy {
    /// Contracts the links that [`LinkFilter::prepared`] admits. Returns the
    /// hierarchy (in rank numbering) and each node's rank, by its index in `links`.
    pub fn prepare(links: &Links) -> (Hierarchy, Vec<u32>) {
        let node_count = links.nodes.len();
        let filter = LinkFilter::prepared();
        let mut input = fast_paths::InputGraph::new();
        let mut edge_count = 0;
        for link in links
            .links
            .iter()
            .filter(|l| filter.admits(l) && l.from != l.to)
        {
            edge_count += 1;
            let (from, to) = (link.from as usize, link.to as usize);
            let weight = link.weight_dm() as usize;
            if link.one_way {
                input.add_edge(from, to, weight);
            } else {
                input.add_edge_bidir(from, to, weight);
            }
        }
        if edge_count == 0 {
            // Nothing to contract: every node is its own rank.
            let empty = vec![0; node_count + 1];
            let hierarchy = Hierarchy {
                up_first: empty.clone(),
                up_edges: Vec::new(),
                down_first: empty,
                down_edges: Vec::new(),
            };
            return (hierarchy, (0..node_count as u32).collect());
        }
        input.freeze();
        let graph = fast_paths::prepare(&input);
        // The one way to reach fast_paths' private fields: its own serde derive.
        let bytes = bincode::serialize(&graph).expect("an in-memory graph serialises");
        drop(graph);
        let fields: FastGraphFields =
            bincode::deserialize(&bytes).expect("the bytes fast_paths just wrote");
        drop(bytes);
        Self::from_fast_graph(fields, node_count)
    }

    fn from_fast_graph(graph: FastGraphFields, node_count: usize) -> (Hierarchy, Vec<u32>) {
        // Nodes above the last one with an operational link are not in fast_paths'
        // graph; they rank after all the others, in their own order.
        let mut rank_of_node: Vec<u32> = graph.ranks.iter().map(|&r| r as u32).collect();
        rank_of_node.extend(graph.num_nodes as u32..node_count as u32);
        let rank = |node: usize| rank_of_node[node];
        // A shortcut's two halves are both stored at the node it skips; the fwd half
        // gives that node as its base.
        let convert = |edges: &[FastEdgeFields], first: &[usize]| {
            let compact: Vec<HierarchyEdge> = edges
                .iter()
                .map(|e| HierarchyEdge {
                    other: rank(e.adj_node),
                    // A shortcut weighs what its links add up to; past 429,496 km
                    // (no real route) it saturates rather than wrap.
                    weight_dm: u32::try_from(e.weight).unwrap_or(u32::MAX),
                    middle: if e.replaced_out_edge == fast_paths::INVALID_EDGE {
                        NO_NODE
                    } else {
                        rank(graph.edges_fwd[e.replaced_out_edge].base_node)
                    },
                })
                .collect();
            let mut offsets: Vec<u32> = first.iter().map(|&i| i as u32).collect();
            let last = *offsets.last().unwrap_or(&0);
            offsets.resize(node_count + 1, last);
            (offsets, compact)
        };
        let (up_first, up_edges) = convert(&graph.edges_fwd, &graph.first_edge_ids_fwd);
        let (down_first, down_edges) = convert(&graph.edges_bwd, &graph.first_edge_ids_bwd);
        let hierarchy = Hierarchy {
            up_first,
            up_edges,
            down_first,
            down_edges,
        };
        (hierarchy, rank_of_node)
    }

    pub fn node_count(&self) -> usize {
        self.up_first.len().saturating_sub(1)
    }

    /// Edges in both directions, shortcuts included.
    pub fn edge_count(&self) -> usize {
        self.up_edges.len() + self.down_edges.len()
    }

    /// The bytes its arrays take in memory.
    pub fn heap_bytes(&self) -> usize {
        (self.up_first.len() + self.down_first.len()) * std::mem::size_of::<u32>()
            + self.edge_count() * std::mem::size_of::<HierarchyEdge>()
    }

    /// Checks that each shortcut is made of two edges stored at its middle node
    /// that add up to it, as [`Self::unpack`] needs: a file that passes draws every
    /// route link by link. Says which edge fails.
    pub(crate) fn check_shortcuts(&self) -> Result<(), String> {
        for v in 0..self.node_count() as u32 {
            let ups = self.up(v).iter().map(|e| (v, e.other, e, "up"));
            let downs = self.down(v).iter().map(|e| (e.other, v, e, "down"));
            for (from, to, e, name) in ups.chain(downs) {
                if e.middle != NO_NODE && self.halves(from, to, e.weight_dm, e.middle).is_none() {
                    return Err(format!(
                        "the {name} shortcut {from} → {to} at node {v} is not made of two edges"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The two edges a shortcut `from → to` joins at `middle`: `from → middle` (a
    /// down edge of the middle node) and `middle → to` (an up edge), the first
    /// of each, if they add up to `weight_dm`.
    ///
    /// The first, not the lightest of parallel edges: fast_paths keeps no
    /// parallel edges (its input graph drops all but the lightest, and its
    /// contraction reduces an edge rather than add a second), and a file whose
    /// first halves do not add up is refused ([`Self::check_shortcuts`]). Stopping
    /// at the first cut a Monaco request by about 2,100 instructions (callgrind).
    #[inline(always)]
    fn halves(
        &self,
        from: u32,
        to: u32,
        weight_dm: u32,
        middle: u32,
    ) -> Option<(HierarchyEdge, HierarchyEdge)> {
        let first = first_to(self.down(middle), from)?;
        let second = first_to(self.up(middle), to)?;
        (u64::from(first.weight_dm) + u64::from(second.weight_dm) == u64::from(weight_dm))
            .then_some((first, second))
    }

    #[inline]
    fn up(&self, node: u32) -> &[HierarchyEdge] {
        self.adjacency(Direction::Forward).of(node)
    }

    #[inline]
    fn down(&self, node: u32) -> &[HierarchyEdge] {
        self.adjacency(Direction::Backward).of(node)
    }

    /// The edges a search in `direction` follows: up for the forward search,
    /// down (read in reverse) for the backward one. A search picks them once,
    /// not at every node it settles.
    #[inline]
    fn adjacency(&self, direction: Direction) -> Adjacency<'_> {
        match direction {
            Direction::Forward => Adjacency {
                first: &self.up_first,
                edges: &self.up_edges,
            },
            Direction::Backward => Adjacency {
                first: &self.down_first,
                edges: &self.down_edges,
            },
        }
    }

    /// Appends the nodes of the hierarchy edge `from → to` (weight, middle) to
    /// `nodes`: the skipped nodes in order, then `to`. `pending` is scratch
    /// space, passed in so that a route's edges share one allocation.
    fn unpack(
        &self,
        (from, to, weight_dm, middle): (u32, u32, u32, u32),
        nodes: &mut Vec<u32>,
        pending: &mut Vec<(u32, u32, u32, u32)>,
    ) {
        // An explicit stack, not recursion: depth is bounded by the rank order the
        // file check enforces, and no stack can overflow. A shortcut's first
        // half is unpacked next, without a trip through the stack; its second
        // waits there.
        pending.clear();
        let mut next = Some((from, to, weight_dm, middle));
        while let Some((from, to, weight_dm, middle)) = next {
            if middle == NO_NODE {
                nodes.push(to);
                next = pending.pop();
                continue;
            }
            // Prepared and read hierarchies have both halves (check_shortcuts).
            next = match self.halves(from, to, weight_dm, middle) {
                Some((a, b)) => {
                    pending.push((middle, to, b.weight_dm, b.middle));
                    Some((from, middle, a.weight_dm, a.middle))
                }
                None => pending.pop(),
            };
        }
    }
}

/// One direction's edges, in compressed-row form: node `v`'s are
/// `edges[first[v]..first[v + 1]]`.
#[derive(Clone, Copy)]
struct Adjacency<'h> {
    first: &'h [u32],
    edges: &'h [HierarchyEdge],
}

impl<'h> Adjacency<'h> {
    #[inline]
    fn of(self, node: u32) -> &'h [HierarchyEdge] {
        let v = node as usize;
        &self.edges[self.first[v] as usize..self.first[v + 1] as usize]
    }
}

/// The first of `edges` to `other`.
#[inline(always)]
fn first_to(edges: &[HierarchyEdge], other: u32) -> Option<HierarchyEdge> {
    edges.iter().find(|e| e.other == other).copied()
}

/// A shortest route on the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HierarchyRoute {
    pub length_dm: u64,
    /// Every node on the way, both ends included.
    pub nodes: Vec<u32>,
}

/// Which edges a search follows: up from the source, or (backwards) up from the
/// target, which is the down edges read in reverse.
#[derive(Debug, Clone, Copy)]
enum Direction {
    Forward,
    Backward,
}

/// One side of a search: distance labels, reset after each query by the list of
/// nodes touched, so a query costs what it explores, not the size of the network.
struct Side {
    distance_dm: Vec<u32>,
    /// The node each node was reached from. The edge itself is found again when
    /// a route is unpacked (see [`Side::edge_to`]), which keeps the labels at 8
    /// bytes a node rather than 16.
    parent: Vec<u32>,
    touched: Vec<u32>,
    /// (distance, node), nearest first.
    heap: PackedHeap,
}

impl Side {
    fn new(node_count: usize) -> Self {
        Self {
            distance_dm: vec![UNREACHABLE; node_count],
            parent: vec![NO_NODE; node_count],
            touched: Vec::new(),
            heap: PackedHeap::default(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.distance_dm[v as usize] = UNREACHABLE;
        }
        self.touched.clear();
        self.heap.clear();
    }

    /// Starts a search from every (node, distance) of `nodes`: a node's own
    /// distance is 0; a position on a link starts from the link's ends at the
    /// partial lengths.
    fn start(&mut self, nodes: impl IntoIterator<Item = (u32, u32)>) {
        self.reset();
        for (node, at_dm) in nodes {
            let slot = &mut self.distance_dm[node as usize];
            if *slot == UNREACHABLE {
                self.touched.push(node);
            }
            if at_dm < *slot {
                *slot = at_dm;
                self.parent[node as usize] = NO_NODE;
                self.heap.push(at_dm, node);
            }
        }
    }

    /// The edge by which this search reached `node`, from its parent: the one of
    /// the parent's edges in `direction` that leads to `node` with the weight the
    /// two labels differ by (of parallel edges of that weight, any gives the same
    /// length). Returns (parent, weight, middle).
    fn edge_to(&self, edges: Adjacency, node: u32) -> (u32, u32, u32) {
        let parent = self.parent[node as usize];
        let weight = self.distance_dm[node as usize] - self.distance_dm[parent as usize];
        // `settle` sets a label and its parent together, only from a settled
        // parent (whose label is final), and never to a saturated sum: so the
        // labels differ by exactly the weight of the edge it relaxed.
        let edge = (edges.of(parent).iter())
            .find(|e| e.other == node && e.weight_dm == weight)
            .expect("a search's parent has the edge it relaxed");
        (parent, edge.weight_dm, edge.middle)
    }

    fn min_key(&self) -> u32 {
        self.heap.min_key().unwrap_or(UNREACHABLE)
    }

    /// Settles the nearest node and relaxes its `edges` (its search
    /// direction's); returns the node and its distance, or `None` for a stale
    /// heap entry.
    // Inlined into `meet`, its hot loop: called, it costs a request about 1,600
    // instructions more (callgrind, Monaco).
    #[inline(always)]
    fn settle(&mut self, edges: Adjacency) -> Option<(u32, u32)> {
        let (d, v) = self.heap.pop()?;
        if d > self.distance_dm[v as usize] {
            return None;
        }
        for e in edges.of(v) {
            let candidate = d.saturating_add(e.weight_dm);
            let slot = &mut self.distance_dm[e.other as usize];
            if candidate < *slot {
                if *slot == UNREACHABLE {
                    self.touched.push(e.other);
                }
                *slot = candidate;
                self.parent[e.other as usize] = v;
                self.heap.push(candidate, e.other);
            }
        }
        Some((v, d))
    }

    /// Runs the whole upward search from `nodes` (many-to-many needs every node
    /// of it); calls `visit` with each settled node and its distance.
    fn exhaust(
        &mut self,
        edges: Adjacency,
        nodes: impl IntoIterator<Item = (u32, u32)>,
        mut visit: impl FnMut(u32, u32),
    ) {
        self.start(nodes);
        while !self.heap.is_empty() {
            if let Some((v, d)) = self.settle(edges) {
                visit(v, d);
            }
        }
    }
}

/// Queries on one network's hierarchy, with state reused from query to query. One
/// per thread.
///
/// A route to a node may end at the node or at any of its turn-restriction copies
/// ([`ImportedNetwork::arrivals`]): each query's backward search starts from all of
/// them, so callers name the node only.
pub struct Query<'h> {
    network: &'h ImportedNetwork,
    hierarchy: &'h Hierarchy,
    forward: Side,
    backward: Side,
    /// Scratch space of [`Self::route_between`], kept from route to route: the
    /// hierarchy edges up to the meeting node, the unpacking stack, the nodes.
    upward: Vec<(u32, u32, u32, u32)>,
    pending: Vec<(u32, u32, u32, u32)>,
    nodes: Vec<u32>,
}

impl<'h> Query<'h> {
    pub fn new(network: &'h ImportedNetwork) -> Self {
        let hierarchy = &network.hierarchy;
        let n = hierarchy.node_count();
        Self {
            network,
            hierarchy,
            forward: Side::new(n),
            backward: Side::new(n),
            upward: Vec::new(),
            pending: Vec::new(),
            nodes: Vec::new(),
        }
    }

    /// The shortest route from `source` to `target`, or `None` if there is none.
    /// It ends at the copy of `target` it reached, if any (same position).
    pub fn route(&mut self, source: u32, target: u32) -> Option<HierarchyRoute> {
        let arrivals: Vec<(u32, u32)> = self.network.arrivals(target).map(|a| (a, 0)).collect();
        self.route_between(&[(source, 0)], &arrivals)
    }

    /// The shortest route from any of `departures` to any of `arrivals`, each a
    /// (node, dm) pair: a route starts at a departure node that far from its
    /// start, and ends at an arrival node that far from its end. Its length
    /// counts both; its nodes run from a departure node to an arrival node.
    pub fn route_between(
        &mut self,
        departures: &[(u32, u32)],
        arrivals: &[(u32, u32)],
    ) -> Option<HierarchyRoute> {
        let (length_dm, meeting) = self.meet(departures, arrivals)?;
        // Up from the source to the meeting node, then down to the target. The
        // searches' start nodes are those without a parent.
        let (upward, pending, nodes) = (&mut self.upward, &mut self.pending, &mut self.nodes);
        upward.clear();
        let mut v = meeting;
        let (up, down) = (
            self.hierarchy.adjacency(Direction::Forward),
            self.hierarchy.adjacency(Direction::Backward),
        );
        while self.forward.parent[v as usize] != NO_NODE {
            let (previous, weight, middle) = self.forward.edge_to(up, v);
            upward.push((previous, v, weight, middle));
            v = previous;
        }
        nodes.clear();
        nodes.push(v);
        for &(from, to, weight, middle) in upward.iter().rev() {
            (self.hierarchy).unpack((from, to, weight, middle), nodes, pending);
        }
        let mut v = meeting;
        while self.backward.parent[v as usize] != NO_NODE {
            let (next, weight, middle) = self.backward.edge_to(down, v);
            (self.hierarchy).unpack((v, next, weight, middle), nodes, pending);
            v = next;
        }
        // One allocation of the route's size, not one per doubling.
        Some(HierarchyRoute {
            length_dm,
            nodes: nodes.clone(),
        })
    }

    /// The shortest distance from `source` to `target` in decimetres, without the
    /// route: what a matrix cell or a benchmark needs.
    pub fn distance_dm(&mut self, source: u32, target: u32) -> Option<u64> {
        let arrivals: Vec<(u32, u32)> = self.network.arrivals(target).map(|a| (a, 0)).collect();
        self.meet(&[(source, 0)], &arrivals).map(|(d, _)| d)
    }

    /// Alternates the two upward searches until neither can beat the best meeting.
    fn meet(&mut self, departures: &[(u32, u32)], arrivals: &[(u32, u32)]) -> Option<(u64, u32)> {
        let (up, down) = (
            self.hierarchy.adjacency(Direction::Forward),
            self.hierarchy.adjacency(Direction::Backward),
        );
        self.forward.start(departures.iter().copied());
        self.backward.start(arrivals.iter().copied());
        let mut best: Option<(u64, u32)> = None;
        let best_dm = |best: &Option<(u64, u32)>| best.map_or(u64::MAX, |(d, _)| d);
        loop {
            let forward_key = u64::from(self.forward.min_key());
            let backward_key = u64::from(self.backward.min_key());
            let limit = best_dm(&best);
            let forward_open = forward_key < limit && forward_key != u64::from(UNREACHABLE);
            let backward_open = backward_key < limit && backward_key != u64::from(UNREACHABLE);
            let (side, other, edges) = match (forward_open, backward_open) {
                (false, false) => break,
                (true, false) => (&mut self.forward, &self.backward, up),
                (false, true) => (&mut self.backward, &self.forward, down),
                (true, true) if forward_key <= backward_key => {
                    (&mut self.forward, &self.backward, up)
                }
                (true, true) => (&mut self.backward, &self.forward, down),
            };
            if let Some((v, d)) = side.settle(edges) {
                let there = other.distance_dm[v as usize];
                if there != UNREACHABLE {
                    let total = u64::from(d) + u64::from(there);
                    if total < best_dm(&best) {
                        best = Some((total, v));
                    }
                }
            }
        }
        best
    }

    /// Shortest distances in decimetres from each source to each target
    /// (`None`: no route), by buckets: every target's backward search leaves its
    /// distance at each node it settles, and every source's forward search reads
    /// them.
    pub fn matrix_dm(&mut self, sources: &[u32], targets: &[u32]) -> Vec<Vec<Option<u64>>> {
        let sources: Vec<Vec<(u32, u32)>> = sources.iter().map(|&s| vec![(s, 0)]).collect();
        let targets: Vec<Vec<(u32, u32)>> = (targets.iter())
            .map(|&t| self.network.arrivals(t).map(|a| (a, 0)).collect())
            .collect();
        self.matrix_between_dm(&sources, &targets)
    }

    /// [`Self::matrix_dm`] between positions on links: each source is its
    /// departures and each target its arrivals, as in [`Self::route_between`].
    pub fn matrix_between_dm(
        &mut self,
        sources: &[Vec<(u32, u32)>],
        targets: &[Vec<(u32, u32)>],
    ) -> Vec<Vec<Option<u64>>> {
        let (up, down) = (
            self.hierarchy.adjacency(Direction::Forward),
            self.hierarchy.adjacency(Direction::Backward),
        );
        let mut buckets: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        for (t, arrivals) in targets.iter().enumerate() {
            let arrivals = arrivals.iter().copied();
            self.backward.exhaust(down, arrivals, |v, d| {
                buckets.entry(v).or_default().push((t as u32, d));
            });
        }
        let mut rows = Vec::with_capacity(sources.len());
        for departures in sources {
            let mut row: Vec<Option<u64>> = vec![None; targets.len()];
            let departures = departures.iter().copied();
            self.forward.exhaust(up, departures, |v, d| {
                for &(t, there) in buckets.get(&v).into_iter().flatten() {
                    let total = u64::from(d) + u64::from(there);
                    let cell = &mut row[t as usize];
                    if cell.is_none_or(|c| total < c) {
                        *cell = Some(total);
                    }
                }
            });
            rows.push(row);
        }
        rows
    }
}

//! Plain Dijkstra on the links of an imported network.
//!
//! It serves the filters the hierarchy was not prepared for (`--status all`), the
//! bounded search of `reach`, and the tests, which hold the hierarchy's answers to
//! it on random graphs. Weights are the same decimetres as the hierarchy's.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Link, LinkFilter};

/// The links a filter admits, as outgoing adjacency lists (two-way links appear in
/// both ends' lists).
pub struct LinkGraph {
    first: Vec<u32>,
    /// (other end, weight in dm, link index).
    arcs: Vec<(u32, u32, u32)>,
}

/// What a search found: each node's distance in decimetres and the link that
/// reached it.
pub struct Tree {
    distance_dm: Vec<u64>,
    parent_link: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl LinkGraph {
    pub fn new(node_count: usize, links: &[Link], filter: &LinkFilter) -> Self {
        let mut degree = vec![0u32; node_count + 1];
        let arcs_of = |link: &Link| {
            let forward = Some((link.from, link.to));
            let backward = (!link.one_way).then_some((link.to, link.from));
            forward.into_iter().chain(backward)
        };
        let admitted = || {
            links
                .iter()
                .enumerate()
                .filter(|(_, l)| filter.admits(l) && l.from != l.to)
        };
        for (_, link) in admitted() {
            for (from, _) in arcs_of(link) {
                degree[from as usize + 1] += 1;
            }
        }
        for v in 0..node_count {
            degree[v + 1] += degree[v];
        }
        let first = degree;
        let mut next = first.clone();
        let mut arcs = vec![(0, 0, 0); *first.last().unwrap_or(&0) as usize];
        for (index, link) in admitted() {
            for (from, to) in arcs_of(link) {
                let slot = &mut next[from as usize];
                arcs[*slot as usize] = (to, link.weight_dm(), index as u32);
                *slot += 1;
            }
        }
        Self { first, arcs }
    }

    pub fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    /// Dijkstra from `source`, stopping once one of `targets` is settled (if any
    /// are given) or the distance passes `budget_dm` (if given).
    pub fn search(&self, source: u32, targets: &[u32], budget_dm: Option<u64>) -> Tree {
        let n = self.node_count();
        let mut distance_dm = vec![u64::MAX; n];
        let mut parent_link = vec![NONE; n];
        let mut heap = BinaryHeap::new();
        distance_dm[source as usize] = 0;
        heap.push(Reverse((0u64, source)));
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance_dm[v as usize] {
                continue;
            }
            if targets.contains(&v) {
                break;
            }
            let v = v as usize;
            for &(to, weight, link) in
                &self.arcs[self.first[v] as usize..self.first[v + 1] as usize]
            {
                let candidate = d + u64::from(weight);
                if budget_dm.is_some_and(|b| candidate > b) {
                    continue;
                }
                if candidate < distance_dm[to as usize] {
                    distance_dm[to as usize] = candidate;
                    parent_link[to as usize] = link;
                    heap.push(Reverse((candidate, to)));
                }
            }
        }
        Tree {
            distance_dm,
            parent_link,
        }
    }
}

impl Tree {
    pub fn reached(&self, node: u32) -> Option<u64> {
        let d = self.distance_dm[node as usize];
        (d != u64::MAX).then_some(d)
    }

    /// The nearest of `nodes` reached, with its distance.
    pub fn nearest_of(&self, nodes: &[u32]) -> Option<(u32, u64)> {
        (nodes.iter())
            .filter_map(|&n| self.reached(n).map(|d| (n, d)))
            .min_by_key(|&(n, d)| (d, n))
    }

    /// The way from the source to `node`, or `None` if unreached.
    pub fn path_to(&self, links: &[Link], node: u32) -> Option<Path> {
        self.reached(node)?;
        let mut path = Path {
            links: Vec::new(),
            nodes: vec![node],
        };
        let mut v = node;
        while self.parent_link[v as usize] != NONE {
            let index = self.parent_link[v as usize];
            path.links.push(index);
            let link = &links[index as usize];
            v = if link.to == v { link.from } else { link.to };
            path.nodes.push(v);
        }
        path.links.reverse();
        path.nodes.reverse();
        Some(path)
    }
}

/// A way through the network: its links in order, and its nodes from the source
/// to the end (one more than the links).
pub struct Path {
    pub links: Vec<u32>,
    pub nodes: Vec<u32>,
}

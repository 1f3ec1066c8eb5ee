//! Plain Dijkstra on the links of an imported network.
//!
//! It serves the filters the hierarchy was not prepared for (`--status all`), the
//! bounded search of `reach`, and the tests, which hold the hierarchy's answers to
//! it on random graphs. Weights are the same decimetres as the hierarchy's.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{ImportedNetwork, Link, LinkFilter, Weighting};

/// The links a filter admits, as outgoing adjacency lists (two-way links appear in
/// both ends' lists).
pub struct LinkGraph {
    first: Vec<u32>,
    /// (other end, weight, link index); weights in dm, or ds by time.
    arcs: Vec<(u32, u32, u32)>,
    /// The network's (via node, copy) table of turn restrictions: a search to a
    /// node ends at the first of it and its copies.
    turn_copies: Vec<(u32, u32)>,
}

/// What a search found: each node's distance in decimetres and the link that
/// reached it. A turn restriction's copy is folded into its via node: the node is
/// reached at the nearer of the two, and a copy is never reached itself.
pub struct Tree {
    distance_dm: Vec<u64>,
    parent_link: Vec<u32>,
    /// (via node, copy) where the via node was reached at its copy: its way back
    /// starts there.
    reached_at_copy: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

/// Where each node's arcs start when `filter`'s links' arcs are grouped by tail
/// node: the arcs out of node `v` are at `first[v]..first[v + 1]` (`node_count`
/// + 1 offsets).
pub(super) fn arc_offsets(links: &[Link], filter: &LinkFilter, node_count: usize) -> Vec<u32> {
    let mut first = vec![0u32; node_count + 1];
    for link in links.iter().filter(|l| filter.admits(l)) {
        for (from, _) in link.arcs() {
            first[from as usize + 1] += 1;
        }
    }
    for v in 0..node_count {
        first[v + 1] += first[v];
    }
    first
}

impl LinkGraph {
    /// The graph of `filter`'s links, weighted by length.
    pub fn new(network: &ImportedNetwork, filter: &LinkFilter) -> Self {
        Self::weighted(network, filter, Weighting::Distance)
    }

    /// The graph of `filter`'s links, weighted by `weighting`.
    pub fn weighted(network: &ImportedNetwork, filter: &LinkFilter, weighting: Weighting) -> Self {
        let node_count = network.node_count();
        let links = &network.links;
        let first = arc_offsets(links, filter, node_count);
        let mut next = first.clone();
        let admitted = || links.iter().enumerate().filter(|(_, l)| filter.admits(l));
        let mut arcs = vec![(0, 0, 0); *first.last().unwrap_or(&0) as usize];
        for (index, link) in admitted() {
            for (from, to) in link.arcs() {
                let slot = &mut next[from as usize];
                arcs[*slot as usize] = (to, link.weight(weighting), index as u32);
                *slot += 1;
            }
        }
        Self {
            first,
            arcs,
            turn_copies: network.turn_copies.clone(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    /// The arcs out of `node`: (head, weight, link index).
    pub fn arcs_of(&self, node: u32) -> &[(u32, u32, u32)] {
        let v = node as usize;
        &self.arcs[self.first[v] as usize..self.first[v + 1] as usize]
    }

    /// Dijkstra from `source`, stopping once `target` (or one of its copies) is
    /// settled, if given, or the distance passes `budget_dm`, if given. Copies are
    /// folded into their via nodes ([`Tree::reached`]).
    pub fn search(&self, source: u32, target: Option<u32>, budget_dm: Option<u64>) -> Tree {
        let targets: Vec<(u32, u64)> = target
            .map(|t| {
                super::arrivals(&self.turn_copies, t)
                    .map(|a| (a, 0))
                    .collect()
            })
            .unwrap_or_default();
        self.search_from(&[(source, 0)], &targets, budget_dm)
            .folded(&self.turn_copies)
    }

    /// Dijkstra from several nodes at once, each with the weight it starts at (the
    /// partial link from a position on a road to its ends). With `targets`, each
    /// reached from its node plus its weight, it stops once no target can still
    /// get nearer; with `budget`, it goes no farther. Copies are not folded: each
    /// node keeps its own distance.
    pub fn search_from(
        &self,
        starts: &[(u32, u64)],
        targets: &[(u32, u64)],
        budget: Option<u64>,
    ) -> Tree {
        let n = self.node_count();
        let mut distance_dm = vec![u64::MAX; n];
        let mut parent_link = vec![NONE; n];
        let mut heap = BinaryHeap::new();
        for &(node, at) in starts {
            if at < distance_dm[node as usize] && budget.is_none_or(|b| at <= b) {
                distance_dm[node as usize] = at;
                heap.push(Reverse((at, node)));
            }
        }
        let mut best = u64::MAX;
        while let Some(Reverse((d, v))) = heap.pop() {
            if d > distance_dm[v as usize] {
                continue;
            }
            if d >= best {
                break;
            }
            for &(_, off) in targets.iter().filter(|&&(t, _)| t == v) {
                best = best.min(d.saturating_add(off));
            }
            let v = v as usize;
            for &(to, weight, link) in
                &self.arcs[self.first[v] as usize..self.first[v + 1] as usize]
            {
                let candidate = d + u64::from(weight);
                if budget.is_some_and(|b| candidate > b) {
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
            reached_at_copy: Vec::new(),
        }
    }
}

impl Tree {
    /// The tree with each copy folded into its via node: what a search to a node
    /// or `reach` reports.
    pub fn folded(mut self, turn_copies: &[(u32, u32)]) -> Self {
        self.fold_copies(turn_copies);
        self
    }

    /// Folds each copy into its via node (the nearer distance wins) and forgets
    /// the copy.
    fn fold_copies(&mut self, turn_copies: &[(u32, u32)]) {
        for &(via, copy) in turn_copies {
            let at_copy = std::mem::replace(&mut self.distance_dm[copy as usize], u64::MAX);
            if at_copy < self.distance_dm[via as usize] {
                self.distance_dm[via as usize] = at_copy;
                self.reached_at_copy.push((via, copy));
            }
        }
        self.reached_at_copy.sort_unstable();
    }

    pub fn reached(&self, node: u32) -> Option<u64> {
        let d = self.distance_dm[node as usize];
        (d != u64::MAX).then_some(d)
    }

    /// The way from the source to `node`, or `None` if unreached. It ends at the
    /// copy of `node` it was reached at, if any (same position).
    pub fn path_to(&self, links: &[Link], node: u32) -> Option<LinkPath> {
        self.reached(node)?;
        let end = match self
            .reached_at_copy
            .binary_search_by_key(&node, |&(via, _)| via)
        {
            Ok(i) => self.reached_at_copy[i].1,
            Err(_) => node,
        };
        let mut path = LinkPath {
            links: Vec::new(),
            nodes: vec![end],
        };
        let mut v = end;
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
pub struct LinkPath {
    pub links: Vec<u32>,
    pub nodes: Vec<u32>,
}

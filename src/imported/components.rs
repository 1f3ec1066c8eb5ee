//! Strongly connected components of an imported network's operational links.
//!
//! An extract is cut at its border, and car parks and ramps leave small pieces of
//! road that the rest cannot reach or cannot be left from. OSRM does not snap a
//! position into such a piece when a road of the main network is near
//! (osrm-extract's `--small-component-size`, 1,000 nodes); [`super::snap`] does the
//! same with these components. They are found once, when the network is prepared,
//! and stored in the network file.

use super::dijkstra::LinkGraph;
use super::{ImportedNetwork, LinkFilter};

/// A component of fewer nodes than this is small (OSRM's default).
pub const SMALL_COMPONENT_NODES: u32 = 1000;

/// Each node's component, numbered by size, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Components {
    /// Component of each node; empty for a network without components (every
    /// node then counts as in a large one).
    pub of_node: Vec<u32>,
    /// Components `0..large` have at least [`SMALL_COMPONENT_NODES`] nodes, or are
    /// the largest one.
    pub large: u32,
}

impl Components {
    /// Tarjan's algorithm on the links [`LinkFilter::prepared`] admits, with an
    /// explicit stack (a million-node network would overflow a recursive one).
    pub fn find(network: &ImportedNetwork) -> Self {
        let graph = LinkGraph::new(network, &LinkFilter::prepared());
        let n = graph.node_count();
        const UNSEEN: u32 = u32::MAX;
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut raw = vec![UNSEEN; n];
        let mut sizes: Vec<u32> = Vec::new();
        let mut next_index = 0u32;
        // (node, position in its arc list)
        let mut calls: Vec<(u32, usize)> = Vec::new();
        for root in 0..n as u32 {
            if index[root as usize] != UNSEEN {
                continue;
            }
            calls.push((root, 0));
            index[root as usize] = next_index;
            low[root as usize] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root as usize] = true;
            while let Some(&(v, at)) = calls.last() {
                if let Some(&(w, _, _)) = graph.arcs_of(v).get(at) {
                    if let Some(top) = calls.last_mut() {
                        top.1 += 1;
                    }
                    if index[w as usize] == UNSEEN {
                        index[w as usize] = next_index;
                        low[w as usize] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w as usize] = true;
                        calls.push((w, 0));
                    } else if on_stack[w as usize] {
                        low[v as usize] = low[v as usize].min(index[w as usize]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent as usize] = low[parent as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    let id = sizes.len() as u32;
                    let mut size = 0;
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        raw[w as usize] = id;
                        size += 1;
                        if w == v {
                            break;
                        }
                    }
                    sizes.push(size);
                }
            }
        }
        // Renumber largest first (ties by first found), so "large" is a prefix.
        let mut order: Vec<u32> = (0..sizes.len() as u32).collect();
        order.sort_by_key(|&c| (std::cmp::Reverse(sizes[c as usize]), c));
        let mut new_id = vec![0u32; sizes.len()];
        for (rank, &c) in order.iter().enumerate() {
            new_id[c as usize] = rank as u32;
        }
        let large = order
            .iter()
            .enumerate()
            .take_while(|&(rank, &c)| rank == 0 || sizes[c as usize] >= SMALL_COMPONENT_NODES)
            .count() as u32;
        Self {
            of_node: raw.iter().map(|&c| new_id[c as usize]).collect(),
            large,
        }
    }

    /// The component of the stretch from `tail` to `head`, if both ends are in
    /// the same one (a one-way link between two components belongs to neither).
    pub fn of_arc(&self, tail: u32, head: u32) -> Option<u32> {
        if self.of_node.is_empty() {
            return Some(0);
        }
        let (a, b) = (self.of_node[tail as usize], self.of_node[head as usize]);
        (a == b).then_some(a)
    }

    pub fn is_large(&self, component: u32) -> bool {
        component < self.large.max(1)
    }

    pub fn heap_bytes(&self) -> usize {
        self.of_node.len() * std::mem::size_of::<u32>()
    }
}

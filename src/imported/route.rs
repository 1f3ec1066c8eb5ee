//! Routes, matrices and reach between positions on links ([`Phantom`]s): a search
//! starts from both ends of the link a position snapped to, at the partial weights
//! of the link, and ends at either end of the target's link likewise; two
//! positions on one link may also be joined along it.
//!
//! By distance, operational links use the prepared hierarchy; other filters run
//! plain Dijkstra (the hierarchy is prepared for lengths only). Routes and
//! matrices by time search over arcs with OSRM's turn costs ([`super::timed`]);
//! `reach` by time runs plain Dijkstra over nodes, without turn costs.

use super::dijkstra::{LinkGraph, Tree};
use super::hierarchy::Query;
use super::snap::{PartArc, Phantom};
use super::timed::{End, Start, TurnGraph};
use super::{ImportedNetwork, LinkFilter, Weighting};
use crate::model::Status;

/// One leg of a route: from one phantom to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// The weight minimised: dm by distance, ds by time.
    pub weight: u64,
    /// The nodes passed, from a node of the first link to a node of the last;
    /// empty when both positions are on one link and joined along it.
    pub nodes: Vec<u32>,
    /// Length by status, in dm, the partial links at both ends included.
    pub dm_by_status: Vec<(Status, u64)>,
    /// Travel time in ds, where the links are known (plain search).
    pub duration_ds: Option<u64>,
    /// The node it entered the target's link from (`None` when joined along one
    /// link): where the next leg goes on from ([`Phantom::departures_after`]).
    pub arrived_from: Option<u32>,
}

/// What [`Router::search_name`] calls a plain search (also `reach`'s).
pub const PLAIN_SEARCH: &str = "plain Dijkstra";

enum Engine<'n> {
    Hierarchy(Query<'n>),
    Plain(LinkGraph),
    Turns(TurnGraph),
}

/// Searches on one network with one filter and weighting, with their state
/// reused from query to query.
pub struct Router<'n> {
    network: &'n ImportedNetwork,
    weighting: Weighting,
    engine: Engine<'n>,
    /// A route's departures and arrivals, kept from route to route.
    departures: Vec<(u32, u32)>,
    arrivals: Vec<(u32, u32)>,
}

impl<'n> Router<'n> {
    pub fn new(network: &'n ImportedNetwork, filter: &LinkFilter, weighting: Weighting) -> Self {
        let engine = if weighting == Weighting::Time {
            Engine::Turns(TurnGraph::new(network, filter))
        } else if filter.uses_hierarchy() {
            Engine::Hierarchy(Query::new(network))
        } else {
            Engine::Plain(LinkGraph::weighted(network, filter, weighting))
        };
        Self {
            network,
            weighting,
            engine,
            departures: Vec::new(),
            arrivals: Vec::new(),
        }
    }

    /// How it searches, in words, for what an answer says of its method.
    pub fn search_name(&self) -> &'static str {
        match self.engine {
            Engine::Hierarchy(_) => "contraction hierarchy",
            Engine::Plain(_) => PLAIN_SEARCH,
            Engine::Turns(_) => "Dijkstra over road directions, with OSRM's car-profile turn costs",
        }
    }

    /// The best route from `from` to `to`, or `None` if there is none.
    pub fn route(&mut self, from: &Phantom, to: &Phantom) -> Option<Leg> {
        self.route_after(from, None, to)
    }

    /// The best route from `from` to `to`, going on from `from` as a previous
    /// leg arrived there if `arrived_from` is given (a via stop).
    pub fn route_after(
        &mut self,
        from: &Phantom,
        arrived_from: Option<u32>,
        to: &Phantom,
    ) -> Option<Leg> {
        let Self {
            network,
            weighting: w,
            engine,
            departures,
            arrivals,
        } = self;
        let (network, w) = (*network, *w);
        if let Engine::Turns(graph) = engine {
            return turn_route(network, graph, from, arrived_from, to);
        }
        match arrived_from {
            Some(node) => *departures = from.departures_after(network, w, node),
            None => from.departures_into(network, w, departures),
        }
        to.arrivals_into(network, w, arrivals);
        let mut best = match engine {
            Engine::Hierarchy(query) => query.route_between(departures, arrivals).map(|r| Leg {
                weight: r.length_dm,
                arrived_from: r.nodes.last().copied(),
                nodes: r.nodes,
                dm_by_status: vec![(Status::Operational, r.length_dm)],
                duration_ds: None,
            }),
            Engine::Plain(graph) => plain_route(network, graph, departures, from, to, w),
            Engine::Turns(_) => None,
        };
        if let Some(direct) = from.direct(to, network, w)
            && best.as_ref().is_none_or(|b| u64::from(direct) < b.weight)
        {
            let link = &network.links[from.link as usize];
            let dm = from.direct(to, network, Weighting::Distance).unwrap_or(0);
            let ds = from.direct(to, network, Weighting::Time).unwrap_or(0);
            best = Some(Leg {
                weight: u64::from(direct),
                nodes: Vec::new(),
                dm_by_status: vec![(link.status, u64::from(dm))],
                duration_ds: Some(u64::from(ds)),
                arrived_from: None,
            });
        }
        best
    }

    /// The weight of the best route between each source and each target (`None`:
    /// no route); by buckets on the hierarchy, one search per source otherwise.
    pub fn matrix(&mut self, sources: &[Phantom], targets: &[Phantom]) -> Vec<Vec<Option<u64>>> {
        let network = self.network;
        let w = self.weighting;
        let mut cells = match &mut self.engine {
            Engine::Hierarchy(query) => {
                let departures: Vec<_> = sources.iter().map(|s| s.departures(network, w)).collect();
                let arrivals: Vec<_> = targets.iter().map(|t| t.arrivals(network, w)).collect();
                query.matrix_between_dm(&departures, &arrivals)
            }
            Engine::Turns(graph) => {
                let ends: Vec<Vec<End>> =
                    targets.iter().map(|t| ends_of(graph, network, t)).collect();
                sources
                    .iter()
                    .map(|s| {
                        let starts = starts_of(graph, network, s, None);
                        ends.iter()
                            .map(|e| graph.route(&starts, e).map(|f| f.weight))
                            .collect()
                    })
                    .collect()
            }
            Engine::Plain(graph) => {
                let arrivals: Vec<_> = targets.iter().map(|t| t.arrivals(network, w)).collect();
                sources
                    .iter()
                    .map(|s| {
                        let tree =
                            graph.search_from(&widened(&s.departures(network, w)), &[], None);
                        arrivals
                            .iter()
                            .map(|a| nearest_arrival(&tree, a).map(|(_, d)| d))
                            .collect()
                    })
                    .collect()
            }
        };
        for (s, row) in sources.iter().zip(&mut cells) {
            for (t, cell) in targets.iter().zip(row.iter_mut()) {
                if let Some(direct) = s.direct(t, network, w).map(u64::from)
                    && cell.is_none_or(|c| direct < c)
                {
                    *cell = Some(direct);
                }
            }
        }
        cells
    }
}

/// Every node within `budget` of `from` under `weighting` (plain Dijkstra), turn
/// restrictions' copies folded into their nodes.
pub fn reach(
    network: &ImportedNetwork,
    filter: &LinkFilter,
    weighting: Weighting,
    from: &Phantom,
    budget: u64,
) -> Tree {
    let graph = LinkGraph::weighted(network, filter, weighting);
    let starts = widened(&from.departures(network, weighting));
    graph
        .search_from(&starts, &[], Some(budget))
        .folded(&network.turn_copies)
}

fn widened(ends: &[(u32, u32)]) -> Vec<(u32, u64)> {
    ends.iter().map(|&(n, w)| (n, u64::from(w))).collect()
}

/// The arrival node through which `tree` reaches the target soonest, with the
/// total weight.
fn nearest_arrival(tree: &Tree, arrivals: &[(u32, u32)]) -> Option<(u32, u64)> {
    arrivals
        .iter()
        .filter_map(|&(n, off)| tree.reached(n).map(|d| (n, d + u64::from(off))))
        .min_by_key(|&(n, d)| (d, n))
}

/// A phantom's starts in `graph`'s terms.
fn starts_of(
    graph: &TurnGraph,
    network: &ImportedNetwork,
    from: &Phantom,
    arrived_from: Option<u32>,
) -> Vec<Start> {
    let (arcs, nodes) = from.start_arcs(network, Weighting::Time, arrived_from);
    let along = arcs.iter().filter_map(|a: &PartArc| {
        graph.arc(a.tail, a.head, a.link).map(|arc| Start::Arc {
            arc,
            weight: u64::from(a.weight),
        })
    });
    let at = nodes.iter().map(|&node| Start::Node { node, weight: 0 });
    along.chain(at).collect()
}

/// A phantom's ends in `graph`'s terms.
fn ends_of(graph: &TurnGraph, network: &ImportedNetwork, to: &Phantom) -> Vec<End> {
    let (arcs, nodes) = to.end_arcs(network, Weighting::Time);
    let along = arcs.iter().filter_map(|a: &PartArc| {
        graph.arc(a.tail, a.head, a.link).map(|arc| End::Arc {
            arc,
            weight: u64::from(a.weight),
        })
    });
    let at = nodes.iter().map(|&node| End::Node { node });
    along.chain(at).collect()
}

/// The fastest route with turn costs, or the way along the one link both
/// positions lie on if that is faster.
fn turn_route(
    network: &ImportedNetwork,
    graph: &TurnGraph,
    from: &Phantom,
    arrived_from: Option<u32>,
    to: &Phantom,
) -> Option<Leg> {
    let starts = starts_of(graph, network, from, arrived_from);
    let found = graph.route(&starts, &ends_of(graph, network, to));
    let direct = from.direct(to, network, Weighting::Time);
    if let Some(direct) = direct
        && found.as_ref().is_none_or(|f| u64::from(direct) < f.weight)
    {
        let dm = from.direct(to, network, Weighting::Distance).unwrap_or(0);
        return Some(Leg {
            weight: u64::from(direct),
            nodes: Vec::new(),
            dm_by_status: vec![(network.links[from.link as usize].status, u64::from(dm))],
            duration_ds: Some(u64::from(direct)),
            arrived_from: None,
        });
    }
    let found = found?;
    let start = *found.nodes.first()?;
    let end = *found.nodes.last()?;
    let dm_out = partial_weight(from.departures(network, Weighting::Distance), start);
    let dm_in = partial_weight(to.arrivals(network, Weighting::Distance), end);
    let mut dm_by_status = vec![(network.links[from.link as usize].status, dm_out)];
    dm_by_status.extend(found.links.iter().map(|&i| {
        let l = &network.links[i as usize];
        (l.status, u64::from(l.weight_dm()))
    }));
    dm_by_status.push((network.links[to.link as usize].status, dm_in));
    Some(Leg {
        weight: found.weight,
        nodes: found.nodes,
        dm_by_status,
        duration_ds: Some(found.weight),
        arrived_from: Some(end),
    })
}

fn plain_route(
    network: &ImportedNetwork,
    graph: &LinkGraph,
    departures: &[(u32, u32)],
    from: &Phantom,
    to: &Phantom,
    weighting: Weighting,
) -> Option<Leg> {
    let arrivals = to.arrivals(network, weighting);
    let tree = graph.search_from(&widened(departures), &widened(&arrivals), None);
    let (end, weight) = nearest_arrival(&tree, &arrivals)?;
    let path = tree.path_to(&network.links, end)?;
    let start = *path.nodes.first()?;
    // The partial links at both ends, by length and by time.
    let (dm_out, ds_out) = (
        partial_weight(from.departures(network, Weighting::Distance), start),
        partial_weight(from.departures(network, Weighting::Time), start),
    );
    let (dm_in, ds_in) = (
        partial_weight(to.arrivals(network, Weighting::Distance), end),
        partial_weight(to.arrivals(network, Weighting::Time), end),
    );
    let links = path.links.iter().map(|&i| &network.links[i as usize]);
    let mut dm_by_status = vec![(network.links[from.link as usize].status, dm_out)];
    dm_by_status.extend(links.clone().map(|l| (l.status, u64::from(l.weight_dm()))));
    dm_by_status.push((network.links[to.link as usize].status, dm_in));
    let duration_ds = ds_out + ds_in + links.map(|l| u64::from(l.duration_ds())).sum::<u64>();
    Some(Leg {
        weight,
        nodes: path.nodes,
        dm_by_status,
        duration_ds: Some(duration_ds),
        arrived_from: Some(end),
    })
}

/// The least weight of the partial link between a phantom and `node`, among `ends`
/// (a phantom's departures or arrivals); 0 where `node` is not one of them.
fn partial_weight(ends: Vec<(u32, u32)>, node: u32) -> u64 {
    ends.iter()
        .filter(|&&(n, _)| n == node)
        .map(|&(_, w)| u64::from(w))
        .min()
        .unwrap_or(0)
}

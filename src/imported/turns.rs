//! Turn restrictions on an imported network, by splitting the nodes they apply at.
//!
//! A restriction says that a route reaching node `via` along one of `from_links`
//! may not go on along any of `to_links` ([`TurnRule::No`]: no left turn, no
//! U-turn), or only along them ([`TurnRule::Only`]: only straight on).
//! OpenStreetMap maps them as `type=restriction` relations, and OSRM obeys them;
//! on Monaco's extract, ignoring them made 344 of 8,519 routes shorter than OSRM's
//! by more than 0.5%, each through a turn a car may not take.
//!
//! A node-based graph cannot say "reached along this link". So each via node gets
//! a copy for each link a restriction starts from: that link now ends at the copy
//! ("the via node, reached along link j"), and the copy's links out are the ones
//! the restrictions leave open. Every other way in still ends at the via node
//! itself, which keeps all its turns. The graph stays node-based, so the hierarchy
//! and plain Dijkstra work on it unchanged and the tests' brute force (which
//! searches over (node, link in) states instead) can check them.
//!
//! A copy stands at its via node's position. It is never snapped to, and a route
//! to the via node may end at the node or at any of its copies
//! ([`super::ImportedNetwork::arrivals`]).
//!
//! The import adds restrictions of its own, as OSRM's car profile turns back only
//! at dead ends: turning back where a divided road's carriageways meet
//! ([`no_turning_back_on_divided_roads`]), and U-turns near any restriction
//! ([`no_u_turns_near`]), which a node-based route would otherwise use to get
//! round it.

use std::collections::{BTreeMap, HashMap};

use super::{Link, Links};

/// What a restriction allows onto its `to_links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnRule {
    /// None of them (`no_left_turn`, `no_u_turn`, ...).
    No,
    /// Only them (`only_straight_on`, ...).
    Only,
}

/// One turn restriction, in terms of a [`Links`]' link indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRestriction {
    /// The node where the turn is made.
    pub via: u32,
    /// The links a route arrives along (each must be able to enter `via`).
    pub from_links: Vec<u32>,
    pub rule: TurnRule,
    /// The links it may not, or may only, leave along (each must be able to leave
    /// `via`).
    pub to_links: Vec<u32>,
}

/// Whether `link` can be travelled into `node`.
pub fn enters(link: &Link, node: u32) -> bool {
    link.arcs().any(|(_, head)| head == node)
}

/// Whether `link` can be travelled out of `node`.
pub fn leaves(link: &Link, node: u32) -> bool {
    link.arcs().any(|(tail, _)| tail == node)
}

/// A copy of a via node: the link it is reached along, the copy's index, and the
/// links it may be left along (sorted).
struct ViaCopy {
    arrived_along: u32,
    node: u32,
    may_leave_along: Vec<u32>,
}

/// Applies `restrictions` to `network`: adds the copies (listed in
/// `network.turn_copies`) and rewires the links at their via nodes. Returns how
/// many restrictions were applied; one whose links do not enter or leave its via
/// node is skipped (as is a link of it that does not).
pub fn apply(network: &mut Links, restrictions: &[TurnRestriction]) -> usize {
    let (by_via, applied) = restrictions_by_via(&network.links, restrictions);
    if by_via.is_empty() {
        return applied;
    }
    let out_of = links_out_of(&network.links, &by_via);
    let copies = add_copies(network, &by_via, &out_of);
    rewire(network, &copies);
    // Sorted as `Links` promises, also when `network` had copies already.
    network.turn_copies.sort_unstable();
    applied
}

/// The restrictions that apply, by via node, with only the links that fit, and
/// how many there are.
fn restrictions_by_via(
    links: &[Link],
    restrictions: &[TurnRestriction],
) -> (BTreeMap<u32, Vec<TurnRestriction>>, usize) {
    let link = |i: u32| links.get(i as usize);
    let mut by_via: BTreeMap<u32, Vec<TurnRestriction>> = BTreeMap::new();
    let mut applied = 0;
    for r in restrictions {
        let from_links: Vec<u32> = (r.from_links.iter().copied())
            .filter(|&j| link(j).is_some_and(|l| enters(l, r.via)))
            .collect();
        let to_links: Vec<u32> = (r.to_links.iter().copied())
            .filter(|&k| link(k).is_some_and(|l| leaves(l, r.via)))
            .collect();
        if from_links.is_empty() || to_links.is_empty() {
            continue;
        }
        applied += 1;
        by_via.entry(r.via).or_default().push(TurnRestriction {
            via: r.via,
            from_links,
            rule: r.rule,
            to_links,
        });
    }
    (by_via, applied)
}

/// Every link out of each via node.
fn links_out_of(
    links: &[Link],
    by_via: &BTreeMap<u32, Vec<TurnRestriction>>,
) -> HashMap<u32, Vec<u32>> {
    let mut out_of: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, l) in links.iter().enumerate() {
        for (tail, _) in l.arcs().filter(|(tail, _)| by_via.contains_key(tail)) {
            out_of.entry(tail).or_default().push(i as u32);
        }
    }
    out_of
}

/// Adds one copy per (via node, link a restriction starts from) that the
/// restrictions leave fewer ways out of, and returns the copies by via node.
fn add_copies(
    network: &mut Links,
    by_via: &BTreeMap<u32, Vec<TurnRestriction>>,
    out_of: &HashMap<u32, Vec<u32>>,
) -> HashMap<u32, Vec<ViaCopy>> {
    let mut copies: HashMap<u32, Vec<ViaCopy>> = HashMap::new();
    for (&via, rules) in by_via {
        let mut arrivals: Vec<u32> = (rules.iter())
            .flat_map(|r| r.from_links.iter().copied())
            .collect();
        arrivals.sort_unstable();
        arrivals.dedup();
        let all_out = out_of.get(&via).cloned().unwrap_or_default();
        for j in arrivals {
            let mut open = all_out.clone();
            for r in rules.iter().filter(|r| r.from_links.contains(&j)) {
                match r.rule {
                    TurnRule::No => open.retain(|k| !r.to_links.contains(k)),
                    TurnRule::Only => open.retain(|k| r.to_links.contains(k)),
                }
            }
            if open.len() == all_out.len() {
                continue;
            }
            // Past u32's range (no real extract comes near), the turn stays open.
            let Ok(node) = u32::try_from(network.nodes.len()) else {
                continue;
            };
            network.nodes.push(network.nodes[via as usize]);
            network.node_modes.push(network.node_modes[via as usize]);
            network.turn_copies.push((via, node));
            copies.entry(via).or_default().push(ViaCopy {
                arrived_along: j,
                node,
                may_leave_along: open,
            });
        }
    }
    copies
}

/// Rewires the links at the copies' via nodes: a link into a via node along a
/// restricted way ends at the copy; a link out of one also leaves from each copy
/// that may take it. A link's shape stays with it; the duplicates pushed after
/// it have none.
fn rewire(network: &mut Links, copies: &HashMap<u32, Vec<ViaCopy>>) {
    let old = std::mem::take(&mut network.links);
    let old_shapes = std::mem::take(&mut network.shapes);
    let has_shapes = !old_shapes.first.is_empty();
    for (i, l) in old.iter().enumerate() {
        let pushed = network.links.len();
        let touches = |v: u32| copies.contains_key(&v);
        if l.from == l.to || (!touches(l.from) && !touches(l.to)) {
            network.links.push(*l);
        } else {
            push_rewired(&mut network.links, l, i as u32, copies);
        }
        if has_shapes {
            network.shapes.push(old_shapes.of(i));
            for _ in pushed + 1..network.links.len() {
                network.shapes.push(&[]);
            }
        }
    }
}

/// Pushes link `i` (`l`), which touches a via node with copies, rewired: its
/// first version, then duplicates (one-way) for the other ways it now runs.
fn push_rewired(links: &mut Vec<Link>, l: &Link, i: u32, copies: &HashMap<u32, Vec<ViaCopy>>) {
    let head = |v: u32| {
        (copies.get(&v).into_iter().flatten())
            .find(|c| c.arrived_along == i)
            .map_or(v, |c| c.node)
    };
    let extra_tails = |v: u32| -> Vec<u32> {
        (copies.get(&v).into_iter().flatten())
            .filter(|c| c.may_leave_along.binary_search(&i).is_ok())
            .map(|c| c.node)
            .collect()
    };
    let arcs: Vec<(u32, u32)> = l.arcs().collect();
    let redirected = head(l.to) != l.to || head(l.from) != l.from;
    let mut first = true;
    let mut push = |from: u32, to: u32, one_way: bool| {
        links.push(Link {
            from,
            to,
            one_way,
            duplicate: !first,
            ..*l
        });
        first = false;
    };
    if !l.one_way && !redirected {
        // Both ways still join the same two nodes: one two-way link.
        push(l.from, l.to, false);
    } else {
        for &(tail, to) in &arcs {
            push(tail, head(to), true);
        }
    }
    for (tail, to) in arcs {
        for copy in extra_tails(tail) {
            push(copy, head(to), true);
        }
    }
}

/// How far from a turn restriction U-turns are forbidden ([`no_u_turns_near`]),
/// in dm: farther than a city block, so that turning back costs more than the
/// way round.
pub const NO_U_TURN_RADIUS_DM: u64 = 10_000;

/// "No U-turn" restrictions at every node within `radius_dm` (along links, either
/// way) of a restriction's via node: a route may not leave a node along the
/// two-way link it arrived along, unless no other link leaves it (a dead end).
///
/// OSRM's car profile allows a U-turn at a dead end only. A node-based graph
/// allows one anywhere, and without turn restrictions a shortest route never
/// takes one (it would come back to a node it passed). With them it can: past a
/// junction whose turn is forbidden, round at the next node and back, to make the
/// turn from the other side. Forbidding U-turns near restrictions closes that
/// way round at the cost of a few more node copies, and leaves networks without
/// restrictions as they were.
pub fn no_u_turns_near(
    network: &Links,
    restrictions: &[TurnRestriction],
    radius_dm: u64,
) -> Vec<TurnRestriction> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let n = network.nodes.len();
    let incident = super::links_at_nodes(&network.links, n);
    // Multi-source Dijkstra from the via nodes, links taken either way.
    let mut distance = vec![u64::MAX; n];
    let mut heap = BinaryHeap::new();
    for r in restrictions.iter().filter(|r| (r.via as usize) < n) {
        distance[r.via as usize] = 0;
        heap.push(Reverse((0u64, r.via)));
    }
    while let Some(Reverse((d, v))) = heap.pop() {
        if d > distance[v as usize] {
            continue;
        }
        for &i in &incident[v as usize] {
            let l = &network.links[i as usize];
            let other = if l.from == v { l.to } else { l.from };
            let next = d + u64::from(l.weight_dm());
            if next <= radius_dm && next < distance[other as usize] {
                distance[other as usize] = next;
                heap.push(Reverse((next, other)));
            }
        }
    }
    let mut no_u_turns = Vec::new();
    for via in (0..n as u32).filter(|&v| distance[v as usize] != u64::MAX) {
        let links = &incident[via as usize];
        for &l in links {
            let link = &network.links[l as usize];
            let two_way = !link.one_way && link.from != link.to;
            let another_way_out = links
                .iter()
                .any(|&m| m != l && leaves(&network.links[m as usize], via));
            if two_way && another_way_out {
                no_u_turns.push(TurnRestriction {
                    via,
                    from_links: vec![l],
                    rule: TurnRule::No,
                    to_links: vec![l],
                });
            }
        }
    }
    no_u_turns
}

/// The sharpest turn, in degrees off straight back, that counts as turning back
/// where a divided road's two one-way carriageways meet.
pub const TURN_BACK_DEG: f64 = 30.0;

/// "No turn" restrictions where a divided road ends: arriving along one one-way
/// carriageway and leaving along the other, back the way it came (within
/// `TURN_BACK_DEG` (30°) of straight back), at a node with another way out,
/// where the two carriageways lead to the same junction.
///
/// OSRM merges the two carriageways of a divided road into one road where they
/// meet (mergable_road_detector.cpp), so that turning from one into the other
/// is priced as a U-turn ([`super::timed`]). Its `isTurnAllowed`
/// (intersection_analysis.cpp) forbids a U-turn only where the road left leads
/// back to the node the road arrived on came from (`from.node ==
/// destination_node`, nodes of its graph with roads of two links joined), and
/// there only at a node with another way out: so turning back is forbidden where
/// the carriageways join the same junction at their other ends too (a traffic
/// island), and allowed where they part for different junctions. Without this,
/// a route ran round a traffic island and back (Andorra: 19% of random pairs
/// shorter than OSRM's); forbidding every turn back made routes go round where
/// OSRM turns (Monaco: the Pont Sainte-Dévote, 11% longer).
pub fn no_turning_back_on_divided_roads(network: &Links) -> Vec<TurnRestriction> {
    let n = network.nodes.len();
    let mut ins: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut outs: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, l) in network.links.iter().enumerate() {
        for (tail, head) in l.arcs() {
            outs[tail as usize].push(i as u32);
            ins[head as usize].push(i as u32);
        }
    }
    // The direction of travel of link `i` at node `v`, leaving it (or arriving,
    // reversed), in a flat projection around it.
    let heading_out = |i: u32, v: u32| -> Option<f64> {
        let l = &network.links[i as usize];
        let shape = network.shapes.of(i as usize);
        let at = network.nodes[v as usize].lat_lon();
        let next = if l.from == v {
            shape
                .first()
                .copied()
                .unwrap_or(network.nodes[l.to as usize])
        } else {
            shape
                .last()
                .copied()
                .unwrap_or(network.nodes[l.from as usize])
        }
        .lat_lon();
        let dx = (next.lon_deg - at.lon_deg) * at.lat_deg.to_radians().cos();
        let dy = next.lat_deg - at.lat_deg;
        (dx != 0.0 || dy != 0.0).then(|| dy.atan2(dx).to_degrees())
    };
    let links_at = super::links_at_nodes(&network.links, n);
    let junction = |link: u32, v: u32| super::junction_along(&network.links, &links_at, link, v);
    let mut rules = Vec::new();
    for v in 0..n as u32 {
        for &a in ins[v as usize]
            .iter()
            .filter(|&&a| network.links[a as usize].one_way)
        {
            for &b in outs[v as usize]
                .iter()
                .filter(|&&b| b != a && network.links[b as usize].one_way)
            {
                let (Some(back), Some(out)) = (heading_out(a, v), heading_out(b, v)) else {
                    continue;
                };
                // Arriving along `a` and leaving back along it would head `back`.
                let off = ((out - back + 540.0) % 360.0 - 180.0).abs();
                let another_way_out = outs[v as usize].iter().any(|&m| m != b);
                if off <= TURN_BACK_DEG && another_way_out && junction(a, v) == junction(b, v) {
                    rules.push(TurnRestriction {
                        via: v,
                        from_links: vec![a],
                        rule: TurnRule::No,
                        to_links: vec![b],
                    });
                }
            }
        }
    }
    rules
}

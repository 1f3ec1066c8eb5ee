//! Which pairs of links at a node OSRM merges into one road, as its
//! mergable_road_detector.cpp (`CanMergeRoad`) does: two one-way roads of one
//! name and road class, one only entering the node and one only leaving it,
//! neither a roundabout, whose directions there lie within 95° of each other.
//! OSRM then gives both the bisector of their directions, so going from one
//! into the other is a turn of angle 0, which it calls a U-turn and prices as
//! one (car.lua: 7.45 s + 20 s). [`super::timed`] does the same with the pairs
//! found here, which the import marks on the links ([`super::Link::merged`]).
//!
//! The place that needs it: the Rond-Point Sainte-Dévote in Monaco, a loop of
//! one-way ways of one name without `junction=roundabout`, where OSRM charges
//! 27.4 s for going on round it (BENCHMARKS.md).
//!
//! The last of `CanMergeRoad`'s tests are graph walks, estimated here
//! ([`one_road_ahead`]): each road is followed along its name up to 100 m, and
//! the two are one road where they meet again (a small loop or island of one
//! name: OSRM's `HaveSameDirection` with roads that connect again) or where both
//! reach past 40 m and lie close together 20 m from the node (two carriageways
//! side by side). On Monaco, of the 26 pairs that OSRM's answers show merged
//! (`in` and `out` the same bearing), 21 pass; of 26 it keeps apart, 10 do.
//!
//! Deviations from `CanMergeRoad`: `IsTrafficIsland`, `IsNarrowTriangle`,
//! `IsCircularShape` and `IsLinkRoad` are not replicated, nor
//! `HaveSameDirection`'s regression lines (the gap is measured at one point);
//! only `IsTrafficLoop` is kept (a road that comes back to the node past nodes
//! where only two links meet). Names compare as written (OSRM also compares
//! `ref` and reads a suffix such as "North" as the same street), and a road's
//! direction is the straight line to the point its lookahead along it, stopping
//! at its link's end, not OSRM's fitted line (coordinate_extractor.cpp). Two
//! ways meeting at a node with no third link are not merged: OSRM joins them
//! into one road with no turn between.

use super::timed::heading;
use super::{Link, Links, MergedEnds, NodePosition, junction_along, links_at_nodes};
use crate::geodesy::geodesic_km;
use crate::model::Mode;

/// OSRM's `MERGABLE_ANGLE_DIFFERENCE`: two roads further apart than this at the
/// node are never merged.
pub const MERGABLE_ANGLE_DEG: f64 = 95.0;

/// OSRM's `FAR_LOOKAHEAD_DISTANCE` and `ASSUMED_LANE_WIDTH`: a road's direction
/// at a node is read up to 40 m + 1.5 lanes' widths along it (49.75 m for a
/// road of 2 lanes).
const FAR_LOOKAHEAD_M: f64 = 40.0;
const ASSUMED_LANE_WIDTH_M: f64 = 3.25;

/// What OSRM compares of two roads before merging them, read from each link's
/// way at import (the network does not keep it): its name (an index into the
/// import's names; `None` for a way without one, which never merges), its
/// highway class (likewise) and its lane count (0 where not tagged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WayTraits {
    pub name: Option<u32>,
    pub highway: u32,
    pub lanes: u8,
}

/// One merge: at `node`, the link `entering` (one-way, into the node) and the
/// link `leaving` (one-way, out of it) are one road.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub node: u32,
    pub entering: u32,
    pub leaving: u32,
}

/// The pairs of links OSRM would merge in `network`, given each link's way's
/// traits (`traits[i]` for link `i`).
/// Each link merges at most once at each of its ends; where a link could merge
/// with two, the pair closer in direction wins.
pub fn find(network: &Links, traits: &[WayTraits]) -> Vec<Merge> {
    let links = &network.links;
    let links_at = links_at_nodes(links, network.nodes.len());
    let cos_lat0 = network
        .nodes
        .first()
        .map_or(1.0, |p| p.lat_lon().lat_deg.to_radians().cos());
    let mut merges = Vec::new();
    for (v, at) in links_at.iter().enumerate() {
        // Where two links meet OSRM sees one road, no junction.
        if at.len() < 3 {
            continue;
        }
        let v = v as u32;
        let bearings: Vec<f64> = (at.iter())
            .map(|&i| {
                let lanes = traits[i as usize].lanes;
                let lookahead_m =
                    FAR_LOOKAHEAD_M + 1.5 * f64::from(lanes.max(1)) * ASSUMED_LANE_WIDTH_M;
                let points = points_from(network, i, v);
                heading(&mut points.into_iter(), lookahead_m, cos_lat0)
            })
            .collect();
        let mut candidates = Vec::new();
        for (a, &e) in at.iter().enumerate() {
            for (b, &l) in at.iter().enumerate() {
                let (entering, leaving) = (&links[e as usize], &links[l as usize]);
                if e == l || !(enters_only(entering, v) && leaves_only(leaving, v)) {
                    continue;
                }
                let (te, tl) = (traits[e as usize], traits[l as usize]);
                let apart = angle_between(bearings[a], bearings[b]);
                let same_road = te.name.is_some() && te.name == tl.name && te.highway == tl.highway;
                // OSRM merges neighbours only: no other road between the two.
                let neighbours = (0..at.len())
                    .filter(|&c| c != a && c != b)
                    .all(|c| !between(bearings[c], bearings[a], bearings[b]));
                if same_road
                    && apart <= MERGABLE_ANGLE_DEG
                    && neighbours
                    && junction_along(links, &links_at, e, v) != v
                    && junction_along(links, &links_at, l, v) != v
                    && one_road_ahead(network, &links_at, traits, (e, l), v)
                {
                    candidates.push((apart, e, l));
                }
            }
        }
        candidates.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut used: Vec<u32> = Vec::new();
        for (_, e, l) in candidates {
            if !used.contains(&e) && !used.contains(&l) {
                used.extend([e, l]);
                merges.push(Merge {
                    node: v,
                    entering: e,
                    leaving: l,
                });
            }
        }
    }
    merges
}

/// How far OSRM's `HaveSameDirection` follows each road (`distance_to_extract`),
/// and how far both must reach for it to compare them
/// (`MINIMUM_LENGTH_FOR_PARALLEL_DETECTION`), in metres.
const WALK_M: f64 = 100.0;
const PARALLEL_MIN_M: f64 = 40.0;
/// OSRM's `MAXIMAL_ALLOWED_SEPARATION_WIDTH`, metres: two roads this far apart
/// beyond their lanes' width are still one road.
const SEPARATION_M: f64 = 12.0;
/// Where the gap between the two roads is measured, metres from the node.
const GAP_AT_M: f64 = 20.0;

/// Whether OSRM would see the links `e` (entering) and `l` (leaving) as one road
/// at `v`, an estimate of `CanMergeRoad`'s last tests: followed along their
/// name up to 100 m, either they meet again (a small loop or island of one
/// name, as the Rond-Point Sainte-Dévote), or both reach past 40 m and, 20 m
/// from the node, lie within half their lanes' width plus 12 m of each other
/// (`HaveSameDirection`: two carriageways side by side).
fn one_road_ahead(
    network: &Links,
    links_at: &[Vec<u32>],
    traits: &[WayTraits],
    (e, l): (u32, u32),
    v: u32,
) -> bool {
    let (e_m, e_nodes) = walk_by_name(network, links_at, traits, e, v);
    let (l_m, l_nodes) = walk_by_name(network, links_at, traits, l, v);
    if e_nodes.iter().any(|n| l_nodes.contains(n)) {
        return true;
    }
    let lanes = |i: u32| f64::from(traits[i as usize].lanes.max(1));
    let width_m = 0.5 * (lanes(e) + lanes(l)) * ASSUMED_LANE_WIDTH_M + SEPARATION_M;
    let gap_m = geodesic_km(
        point_along(&points_from(network, e, v), GAP_AT_M).lat_lon(),
        point_along(&points_from(network, l, v), GAP_AT_M).lat_lon(),
    ) * 1000.0;
    e_m > PARALLEL_MIN_M && l_m > PARALLEL_MIN_M && gap_m <= width_m
}

/// Follows link `link` from `v`, then on at each node along the link of the
/// same name that turns least (either way along it, as OSRM's walk), until
/// [`WALK_M`] or no such link: the metres walked and the nodes passed (`v`
/// left out).
fn walk_by_name(
    network: &Links,
    links_at: &[Vec<u32>],
    traits: &[WayTraits],
    link: u32,
    v: u32,
) -> (f64, Vec<u32>) {
    let links = &network.links;
    let name = traits[link as usize].name;
    let cos_lat0 = network.nodes[v as usize]
        .lat_lon()
        .lat_deg
        .to_radians()
        .cos();
    let (mut walked_m, mut nodes) = (0.0, Vec::new());
    let (mut cur, mut at) = (link, v);
    loop {
        walked_m += f64::from(links[cur as usize].length_dm) / 10.0;
        let l = &links[cur as usize];
        let next = if l.from == at { l.to } else { l.from };
        if next == v || nodes.contains(&next) || walked_m >= WALK_M {
            return (walked_m.min(WALK_M), nodes);
        }
        nodes.push(next);
        // The direction arriving at `next`, and each same-name link's out of it.
        let mut back = points_from(network, cur, next).into_iter();
        let arrive_deg = heading(&mut back, 10.0, cos_lat0) + 180.0;
        let straightest = (links_at[next as usize].iter())
            .filter(|&&m| m != cur && name.is_some())
            .filter(|&&m| traits[m as usize].name == name)
            .map(|&m| {
                let mut out = points_from(network, m, next).into_iter();
                (
                    angle_between(heading(&mut out, 10.0, cos_lat0), arrive_deg),
                    m,
                )
            })
            .min_by(|x, y| x.0.total_cmp(&y.0));
        let Some((_, m)) = straightest else {
            return (walked_m, nodes);
        };
        (cur, at) = (m, next);
    }
}

/// The point `m` metres along `points` (the last one if they are shorter).
fn point_along(points: &[NodePosition], m: f64) -> NodePosition {
    let mut left_m = m;
    for w in points.windows(2) {
        let step_m = geodesic_km(w[0].lat_lon(), w[1].lat_lon()) * 1000.0;
        if step_m >= left_m && step_m > 0.0 {
            return w[0].between(w[1], left_m / step_m, (0.0, 0.0));
        }
        left_m -= step_m;
    }
    points[points.len() - 1]
}

/// Marks `merges` on `network`'s links: the entering link at its `to` end, the
/// leaving one at its `from` end.
pub fn mark(network: &mut Links, merges: &[Merge]) {
    for m in merges {
        let entering = &mut network.links[m.entering as usize];
        entering.merged = entering.merged.with(MergedEnds::AT_TO);
        let leaving = &mut network.links[m.leaving as usize];
        leaving.merged = leaving.merged.with(MergedEnds::AT_FROM);
    }
}

/// A road link that can only be travelled into `v` (and does not start there).
fn enters_only(link: &Link, v: u32) -> bool {
    is_candidate(link) && link.to == v && link.from != v
}

/// A road link that can only be travelled out of `v` (and does not end there).
fn leaves_only(link: &Link, v: u32) -> bool {
    is_candidate(link) && link.from == v && link.to != v
}

/// A one-way road, not a roundabout (OSRM leaves roundabouts unmerged).
fn is_candidate(link: &Link) -> bool {
    link.mode == Mode::Road && link.one_way && !link.roundabout
}

/// Link `i`'s points from its end at `v` to its other end.
fn points_from(network: &Links, i: u32, v: u32) -> Vec<NodePosition> {
    let mut points = (network.shapes).points_of(&network.nodes, &network.links, i as usize);
    if network.links[i as usize].from != v {
        points.reverse();
    }
    points
}

/// The angle between two directions, 0–180°.
fn angle_between(a_deg: f64, b_deg: f64) -> f64 {
    (a_deg - b_deg)
        .rem_euclid(360.0)
        .min((b_deg - a_deg).rem_euclid(360.0))
}

/// Whether direction `c` lies strictly inside the smaller angle from `a` to `b`.
fn between(c_deg: f64, a_deg: f64, b_deg: f64) -> bool {
    let span = angle_between(a_deg, b_deg);
    let (to_a, to_b) = (angle_between(c_deg, a_deg), angle_between(c_deg, b_deg));
    to_a > 0.0 && to_b > 0.0 && (to_a + to_b - span).abs() < 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A position `north_m`, `east_m` from 43.7° N, 7.4° E.
    fn at(north_m: f64, east_m: f64) -> NodePosition {
        NodePosition::from_degrees(43.70 + north_m / 111_132.0, 7.40 + east_m / 80_450.0)
    }

    fn one_way(from: u32, to: u32) -> Link {
        Link {
            one_way: true,
            ..Link::road(from, to, 1000)
        }
    }

    /// Node 0 with a one-way road in from node 1 (north-east) and one out to
    /// node 2 (east), 45° apart, and a two-way road to node 3 (west).
    fn junction(links: Vec<Link>) -> Links {
        let nodes = vec![
            at(0.0, 0.0),
            at(70.0, 70.0),
            at(0.0, 100.0),
            at(0.0, -100.0),
        ];
        Links::straight_roads(nodes, links)
    }

    const ROAD: WayTraits = WayTraits {
        name: Some(0),
        highway: 0,
        lanes: 2,
    };

    #[test]
    fn a_link_is_still_20_bytes() {
        assert_eq!(std::mem::size_of::<Link>(), 20);
    }

    #[test]
    fn one_way_roads_of_one_name_merge_and_others_do_not() {
        let network = junction(vec![one_way(1, 0), one_way(0, 2), Link::road(0, 3, 1000)]);
        let other = WayTraits {
            name: Some(1),
            ..ROAD
        };
        let traits = |a, b| vec![a, b, other];
        let merged = Merge {
            node: 0,
            entering: 0,
            leaving: 1,
        };
        assert_eq!(find(&network, &traits(ROAD, ROAD)), vec![merged]);
        // Another name, another class, no name.
        assert_eq!(find(&network, &traits(ROAD, other)), Vec::new());
        let track = WayTraits { highway: 1, ..ROAD };
        assert_eq!(find(&network, &traits(ROAD, track)), Vec::new());
        let unnamed = WayTraits { name: None, ..ROAD };
        assert_eq!(find(&network, &traits(unnamed, unnamed)), Vec::new());
        // Both entering, or a roundabout.
        let both_in = junction(vec![one_way(1, 0), one_way(2, 0), Link::road(0, 3, 1000)]);
        assert_eq!(find(&both_in, &traits(ROAD, ROAD)), Vec::new());
        let mut roundabout = network.clone();
        roundabout.links[1].roundabout = true;
        assert_eq!(find(&roundabout, &traits(ROAD, ROAD)), Vec::new());
        // Only two links at the node: one road to OSRM, nothing to merge.
        let mut two = network.clone();
        two.links.pop();
        assert_eq!(find(&two, &traits(ROAD, ROAD)), Vec::new());
        // More than 95° apart: the road out heads south-west.
        let mut apart = network.clone();
        apart.nodes[2] = at(-100.0, -10.0);
        assert_eq!(find(&apart, &traits(ROAD, ROAD)), Vec::new());
        let mut marked = network.clone();
        mark(&mut marked, &[merged]);
        assert_eq!(
            (marked.links[0].merged, marked.links[1].merged),
            (MergedEnds::AT_TO, MergedEnds::AT_FROM)
        );
    }

    #[test]
    fn short_roads_that_part_are_not_one_road() {
        // Both 30 m long, ending at junctions of their own: they neither meet
        // again nor run on for 40 m.
        let mut network = junction(vec![one_way(1, 0), one_way(0, 2), Link::road(0, 3, 1000)]);
        network.nodes[1] = at(21.0, 21.0);
        network.nodes[2] = at(0.0, 30.0);
        network.links[0].length_dm = 300;
        network.links[1].length_dm = 300;
        let traits = vec![ROAD; 3];
        assert_eq!(find(&network, &traits), Vec::new());
        // Joined again beyond their ends by a road of the same name, with a
        // road north from node 1: a small loop, one road at nodes 0 and 1 (at
        // node 2 only two links meet).
        network.links.push(Link {
            length_dm: 300,
            ..one_way(2, 1)
        });
        network.nodes.push(at(60.0, 21.0));
        network.node_modes.push(Mode::Road);
        network.links.push(Link::road(1, 4, 1000));
        let other = WayTraits {
            name: Some(1),
            ..ROAD
        };
        let traits = vec![ROAD, ROAD, other, ROAD, other];
        let merged: Vec<(u32, u32, u32)> = (find(&network, &traits).iter())
            .map(|m| (m.node, m.entering, m.leaving))
            .collect();
        assert_eq!(merged, vec![(0, 0, 1), (1, 3, 0)]);
    }

    #[test]
    fn a_road_between_the_two_keeps_them_apart() {
        // A third road out to the north-east-by-east, between the two.
        let mut network = junction(vec![one_way(1, 0), one_way(0, 2), Link::road(0, 3, 1000)]);
        network.nodes.push(at(40.0, 100.0));
        network.node_modes.push(Mode::Road);
        network.links.push(Link::road(0, 4, 1000));
        let traits = vec![ROAD; 4];
        assert_eq!(find(&network, &traits), Vec::new());
    }
}

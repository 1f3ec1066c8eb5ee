//! The impact of unbuilt projects: for each corridor with segments that are not
//! operational, what building them (and nothing else) would change for a set of
//! origin–destination pairs, in km and in hours; then the same with every one built.
//!
//! The base network is the one the filter admits (by default the operational road,
//! rail and ferry network). "Building" a project adds its unbuilt segments of the
//! filter's modes. A shortest route can only get shorter when segments are added, so
//! every saving is zero or more; a pair that was not connected and becomes connected
//! is counted apart, not as a saving.

use serde::Serialize;

use super::{PairIds, Pairs, pair_totals};
use crate::graph::{CorridorGraph, Filter};
use crate::model::{CorridorIdx, Dataset, Mode, Pair, SegmentIdx, Status};
use crate::routing::{FilterDescription, Metric, Weights};

/// One pair before and after a project is built. Distances in km, times in hours;
/// `None` where the pair is not connected (or, for hours, where the dataset lacks
/// the travel figures).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PairChange {
    #[serde(flatten)]
    pub pair: PairIds,
    pub before_km: Option<f64>,
    pub after_km: Option<f64>,
    /// before − after, where both exist.
    pub saved_km: Option<f64>,
    pub before_h: Option<f64>,
    pub after_h: Option<f64>,
    pub saved_h: Option<f64>,
    /// Not connected before, connected after.
    pub newly_connected: bool,
}

/// What building one project (or all of them) changes.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProjectImpact {
    /// The corridor id, or `all` for every project together.
    pub project: String,
    pub name: String,
    pub mode: Option<Mode>,
    /// The statuses of the unbuilt segments: under-construction, proposed.
    pub statuses: Vec<Status>,
    /// Length of the unbuilt segments, in km (routing lengths).
    pub unbuilt_km: f64,
    /// Pairs whose distance drops.
    pub pairs_shorter: usize,
    /// Sum over pairs connected before and after, in km.
    pub saved_km_total: f64,
    /// Sum over pairs connected before and after, in hours; `None` without travel
    /// figures.
    pub saved_h_total: Option<f64>,
    /// Pairs that only the project connects.
    pub newly_connected: usize,
    /// 1 for the project that saves the most km (between equal savings, the one that
    /// saves more hours first); 0 for all projects together.
    pub rank_km: usize,
    /// 1 for the project that saves the most hours.
    pub rank_h: Option<usize>,
    pub pairs: Vec<PairChange>,
}

/// The answer to `corridors impact`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Impact {
    /// Where the pairs come from, in words.
    pub pairs_from: String,
    pub pairs: Vec<PairIds>,
    pub filter: FilterDescription,
    /// Every project, by km saved (most first), then by hours saved.
    pub projects: Vec<ProjectImpact>,
    /// Every project built together.
    pub all_built: ProjectImpact,
}

/// A project that could be built: a corridor's own segments that are not operational.
struct Candidate {
    corridor: CorridorIdx,
    segments: Vec<SegmentIdx>,
}

/// The corridors with unbuilt segments of the filter's modes (a through route that
/// only includes other corridors has none of its own: its parts are listed).
fn candidates(data: &Dataset, filter: &Filter) -> Vec<Candidate> {
    (0..data.corridors.len())
        .filter_map(|corridor| {
            let segments: Vec<SegmentIdx> = (0..data.segments.len())
                .filter(|&s| {
                    let seg = &data.segments[s];
                    seg.corridor == corridor
                        && seg.status != Status::Operational
                        && !filter.statuses.contains(&seg.status)
                        && filter.modes.contains(&seg.mode)
                        && filter.passes_ends(data, seg)
                })
                .collect();
            (!segments.is_empty()).then_some(Candidate { corridor, segments })
        })
        .collect()
}

/// km and hours of every pair on the base network plus `extra` segments.
struct Totals {
    km: Vec<Option<f64>>,
    h: Vec<Option<f64>>,
}

/// Distance weights, and time weights where the dataset has the figures: priced
/// once for every network the impact builds.
struct Priced<'d> {
    distance: Weights<'d>,
    time: Option<Weights<'d>>,
}

fn totals(filter: &Filter, weights: &Priced, extra: &[SegmentIdx], pairs: &[Pair]) -> Totals {
    let data = weights.distance.data;
    let graph =
        CorridorGraph::with_segments(data, |s| filter.admits(data, s) || extra.contains(&s));
    Totals {
        km: pair_totals(&graph, &weights.distance, pairs),
        h: match &weights.time {
            Some(weights) => pair_totals(&graph, weights, pairs),
            None => vec![None; pairs.len()],
        },
    }
}

fn saving(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    // Rounding of the integer search can leave −0.001 where nothing changed.
    before.zip(after).map(|(b, a)| (b - a).max(0.0))
}

/// A project as output names it: the corridor, or every project together.
struct ProjectName {
    id: String,
    name: String,
    mode: Option<Mode>,
}

fn project_impact(
    data: &Dataset,
    project: ProjectName,
    segments: &[SegmentIdx],
    pairs: &[Pair],
    before: &Totals,
    after: &Totals,
    time_known: bool,
) -> ProjectImpact {
    let changes: Vec<PairChange> = pairs
        .iter()
        .enumerate()
        .map(|(i, &pair)| PairChange {
            pair: PairIds::of(data, pair),
            before_km: before.km[i],
            after_km: after.km[i],
            saved_km: saving(before.km[i], after.km[i]),
            before_h: before.h[i],
            after_h: after.h[i],
            saved_h: saving(before.h[i], after.h[i]),
            newly_connected: before.km[i].is_none() && after.km[i].is_some(),
        })
        .collect();
    let mut statuses: Vec<Status> = segments.iter().map(|&s| data.segments[s].status).collect();
    statuses.sort();
    statuses.dedup();
    ProjectImpact {
        project: project.id,
        name: project.name,
        mode: project.mode,
        statuses,
        unbuilt_km: segments
            .iter()
            .map(|&s| data.segments[s].routing_length_km())
            .sum(),
        pairs_shorter: changes
            .iter()
            .filter(|c| c.saved_km.is_some_and(|s| s >= 0.5))
            .count(),
        saved_km_total: changes.iter().filter_map(|c| c.saved_km).sum(),
        saved_h_total: time_known.then(|| changes.iter().filter_map(|c| c.saved_h).sum()),
        newly_connected: changes.iter().filter(|c| c.newly_connected).count(),
        rank_km: 0,
        rank_h: None,
        pairs: changes,
    }
}

/// What building each unbuilt project alone, and all of them, would change for `pairs`,
/// on the network `filter` admits.
pub fn impact(data: &Dataset, filter: &Filter, pairs: &Pairs) -> Impact {
    let weights = Priced {
        distance: Weights::distance(data),
        time: Weights::new(data, Metric::Time, &filter.modes).ok(),
    };
    let time_known = weights.time.is_some();
    let candidates = candidates(data, filter);
    let before = totals(filter, &weights, &[], &pairs.pairs);
    let mut projects: Vec<ProjectImpact> = candidates
        .iter()
        .map(|candidate| {
            let after = totals(filter, &weights, &candidate.segments, &pairs.pairs);
            let corridor = &data.corridors[candidate.corridor];
            let name = ProjectName {
                id: corridor.id.clone(),
                name: corridor.name.clone(),
                mode: Some(corridor.mode),
            };
            let (segments, pairs) = (&candidate.segments, &pairs.pairs);
            project_impact(data, name, segments, pairs, &before, &after, time_known)
        })
        .collect();
    let every: Vec<SegmentIdx> = candidates
        .iter()
        .flat_map(|c| c.segments.iter().copied())
        .collect();
    let after_all = totals(filter, &weights, &every, &pairs.pairs);
    let name = ProjectName {
        id: "all".into(),
        name: format!("All {} unbuilt projects together", candidates.len()),
        mode: None,
    };
    let all_built = project_impact(
        data,
        name,
        &every,
        &pairs.pairs,
        &before,
        &after_all,
        time_known,
    );

    // Rank by hours first, then order by km: the table reads by km.
    let by_h = |a: &ProjectImpact, b: &ProjectImpact| {
        b.saved_h_total
            .unwrap_or(0.0)
            .total_cmp(&a.saved_h_total.unwrap_or(0.0))
            .then(b.newly_connected.cmp(&a.newly_connected))
    };
    let by_km = |a: &ProjectImpact, b: &ProjectImpact| {
        b.saved_km_total
            .total_cmp(&a.saved_km_total)
            .then(b.newly_connected.cmp(&a.newly_connected))
    };
    if time_known {
        projects.sort_by(by_h);
        for (rank, project) in projects.iter_mut().enumerate() {
            project.rank_h = Some(rank + 1);
        }
    }
    projects.sort_by(|a, b| by_km(a, b).then(by_h(a, b)));
    for (rank, project) in projects.iter_mut().enumerate() {
        project.rank_km = rank + 1;
    }
    Impact {
        pairs_from: pairs.origin.clone(),
        pairs: pairs.pairs.iter().map(|&p| PairIds::of(data, p)).collect(),
        filter: FilterDescription::of(data, filter),
        projects,
        all_built,
    }
}

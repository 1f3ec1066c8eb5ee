//! A route through several positions on an imported network: one leg per pair of
//! stops, each going on from a via stop as the leg before it arrived there (so a
//! via is passed through, not turned at), summed into one route.

use super::route::Router;
use super::snap::Phantom;
use super::{DM_PER_KM, ImportedNetwork};
use crate::lengths::KmByStatus;
use crate::model::LatLon;

/// The legs through every stop, summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub km_by_status: KmByStatus,
    /// The km from the start at each stop: 0 at the first.
    pub cumulative_km: Vec<f64>,
    /// Travel time in seconds, where every leg's links are known (plain search).
    pub duration_s: Option<f64>,
    /// The nodes passed, counted per leg.
    pub node_count: usize,
    /// The point on the road at each stop and every node on the way, in order, no
    /// point twice in a row.
    pub geometry: Vec<LatLon>,
}

/// The leg with no route: from stop `leg` to stop `leg + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoLeg {
    pub leg: usize,
}

/// The route through `stops` (at least two), in order.
pub fn through(
    network: &ImportedNetwork,
    router: &mut Router,
    stops: &[Phantom],
) -> Result<Journey, NoLeg> {
    let mut journey = Journey {
        km_by_status: KmByStatus::default(),
        cumulative_km: vec![0.0],
        duration_s: Some(0.0),
        node_count: 0,
        geometry: Vec::new(),
    };
    let mut arrived_from = None;
    for (leg, pair) in stops.windows(2).enumerate() {
        let found = router
            .route_after(&pair[0], arrived_from, &pair[1])
            .ok_or(NoLeg { leg })?;
        for (status, dm) in found.dm_by_status {
            journey.km_by_status.add(status, dm as f64 / DM_PER_KM);
        }
        journey.cumulative_km.push(journey.km_by_status.total());
        journey.duration_s = journey
            .duration_s
            .zip(found.duration_ds)
            .map(|(s, ds)| s + ds as f64 / 10.0);
        journey.node_count += found.nodes.len();
        arrived_from = found.arrived_from;
        journey.geometry.push(pair[0].position);
        journey.geometry.extend(
            found
                .nodes
                .iter()
                .map(|&n| network.nodes[n as usize].lat_lon()),
        );
    }
    if let Some(last) = stops.last() {
        journey.geometry.push(last.position);
    }
    journey.geometry.dedup();
    Ok(journey)
}

//! The routable network: one petgraph graph over every place, holding the segments
//! that pass a filter (modes, statuses, avoided countries and places). Parallel
//! segments between two places (a road and a railway) are separate edges.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::model::{Dataset, Mode, PlaceIdx, SegmentIdx, Status, TRANSPORT_MODES};

/// Which segments a question may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub modes: Vec<Mode>,
    pub statuses: Vec<Status>,
    /// ISO 3166-1 alpha-2 codes: no segment with an end in these countries.
    pub avoid_countries: Vec<String>,
    /// No segment touching these places.
    pub avoid_places: Vec<PlaceIdx>,
    /// Let the scenarios' closures pass (to say what they cost, when they cut a
    /// route).
    pub ignore_closures: bool,
    /// The month of travel, 1 to 12 (`--month`): a seasonal segment closed then is
    /// left out. `None` admits every segment whatever the season.
    pub month: Option<u8>,
}

/// Why a filter keeps a place out of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// `--avoid`.
    AvoidedPlace,
    /// `--avoid-country`.
    AvoidedCountry,
    /// Closed by a scenario.
    Closed,
}

impl Default for Filter {
    /// The default of `route`, `matrix` and `reach`: transport modes, operational links.
    fn default() -> Self {
        Self {
            modes: TRANSPORT_MODES.to_vec(),
            statuses: vec![Status::Operational],
            avoid_countries: Vec::new(),
            avoid_places: Vec::new(),
            ignore_closures: false,
            month: None,
        }
    }
}

impl Filter {
    /// Every status and every transport mode, nothing avoided.
    pub fn everything() -> Self {
        Self {
            modes: Mode::ALL.to_vec(),
            statuses: Status::ALL.to_vec(),
            ..Self::default()
        }
    }

    /// True where a question under this filter may use the segment: its mode and
    /// status are asked for, and neither end is avoided or closed by a scenario.
    pub fn admits(&self, data: &Dataset, segment: SegmentIdx) -> bool {
        let segment = &data.segments[segment];
        self.modes.contains(&segment.mode)
            && self.statuses.contains(&segment.status)
            && self.open_in_month(segment)
            && self.passes_ends(data, segment)
    }

    /// True where the segment is open in the month asked for (or none was).
    pub fn open_in_month(&self, segment: &crate::model::Segment) -> bool {
        match (self.month, segment.open_months) {
            (Some(month), Some(open)) => open.contains(month),
            _ => true,
        }
    }

    /// True where neither end of the segment is avoided or closed.
    pub fn passes_ends(&self, data: &Dataset, segment: &crate::model::Segment) -> bool {
        [segment.from, segment.to]
            .iter()
            .all(|&p| self.excludes(data, p).is_none())
    }

    /// Why no segment at `place` may be used, if one is avoided or closed.
    pub fn excludes(&self, data: &Dataset, place: PlaceIdx) -> Option<Exclusion> {
        let country = &data.places[place].country;
        if self.avoid_places.contains(&place) {
            Some(Exclusion::AvoidedPlace)
        } else if self.avoid_countries.contains(country) {
            Some(Exclusion::AvoidedCountry)
        } else if !self.ignore_closures && data.closed.closes(&data.places[place], place) {
            Some(Exclusion::Closed)
        } else {
            None
        }
    }
}

/// The filtered network. Node `i` is place `i` of the dataset, so place indices and
/// node indices are the same numbers; each edge's weight is its segment's index.
#[derive(Debug, Clone)]
pub struct CorridorGraph<'d> {
    pub data: &'d Dataset,
    pub petgraph: UnGraph<PlaceIdx, SegmentIdx>,
}

impl<'d> CorridorGraph<'d> {
    pub fn new(data: &'d Dataset, filter: &Filter) -> Self {
        Self::with_segments(data, |segment| filter.admits(data, segment))
    }

    /// The network of the segments that `admits` accepts: for questions a filter
    /// cannot put, such as "the operational network plus this one project".
    pub fn with_segments(data: &'d Dataset, admits: impl Fn(SegmentIdx) -> bool) -> Self {
        let mut petgraph = UnGraph::with_capacity(data.places.len(), data.segments.len());
        for place in 0..data.places.len() {
            petgraph.add_node(place);
        }
        for (idx, segment) in data.segments.iter().enumerate() {
            if admits(idx) {
                petgraph.add_edge(
                    NodeIndex::new(segment.from),
                    NodeIndex::new(segment.to),
                    idx,
                );
            }
        }
        Self { data, petgraph }
    }

    /// The segments at `place` that the filter admits, each with the place at its far
    /// end.
    pub fn segments_at(
        &self,
        place: PlaceIdx,
    ) -> impl Iterator<Item = (SegmentIdx, PlaceIdx)> + '_ {
        let node = NodeIndex::new(place);
        self.petgraph.edges(node).map(move |edge| {
            let other = if edge.source() == node {
                edge.target()
            } else {
                edge.source()
            };
            (*edge.weight(), other.index())
        })
    }
}

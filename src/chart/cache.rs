//! What every map of one dataset works out the same way whatever its frame, worked
//! out once however many maps are drawn: the report draws eleven. Writing the hover
//! titles' decimal degrees and km took a sixth of each map's time, and searching
//! every corridor name for each place's name a tenth.

use std::sync::OnceLock;

use crate::model::{Dataset, PlaceIdx, SegmentIdx};

/// Each figure is worked out when first asked for; one cache may serve maps drawn
/// on several threads.
pub struct MapCache<'d> {
    data: &'d Dataset,
    place_titles: Vec<OnceLock<String>>,
    segment_titles: Vec<OnceLock<String>>,
    naming: Vec<OnceLock<usize>>,
    /// Every corridor name, one a line, and where each starts.
    names: OnceLock<(String, Vec<usize>)>,
}

/// `n` figures not worked out yet.
fn empty<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

impl<'d> MapCache<'d> {
    /// Nothing worked out yet, for the places and segments of `data`.
    pub fn new(data: &'d Dataset) -> Self {
        Self {
            data,
            place_titles: empty(data.places.len()),
            segment_titles: empty(data.segments.len()),
            naming: empty(data.places.len()),
            names: OnceLock::new(),
        }
    }

    /// The dataset the figures are worked out for.
    pub fn data(&self) -> &'d Dataset {
        self.data
    }

    /// A place's hover title: "Termez (port, UZ): 37.2242° N, 67.2783° E".
    pub fn place_title(&self, p: PlaceIdx) -> &str {
        let data = self.data;
        self.place_titles[p].get_or_init(|| {
            let place = &data.places[p];
            format!("{} {}", place.name, place_facts(place))
        })
    }

    /// A segment's hover title: "Corridor: Termez – Mazar-i-Sharif, 75 km, rail,
    /// operational".
    pub fn segment_title(&self, s: SegmentIdx) -> &str {
        let data = self.data;
        self.segment_titles[s].get_or_init(|| {
            let segment = &data.segments[s];
            format!(
                "{}: {} – {}, {} km, {}, {}",
                data.corridors[segment.corridor].name,
                data.places[segment.from].name,
                data.places[segment.to].name,
                crate::wording::km(segment.routing_length_km()),
                segment.mode.as_str(),
                segment.status.as_str(),
            )
        })
    }

    /// How many corridors' names contain the place's name.
    pub fn corridors_naming(&self, p: PlaceIdx) -> usize {
        let data = self.data;
        *self.naming[p].get_or_init(|| {
            let name = data.places[p].name.as_str();
            if name.contains('\n') || name.is_empty() {
                // A match could span two corridor names: compare one by one.
                return data
                    .corridors
                    .iter()
                    .filter(|c| c.name.contains(name))
                    .count();
            }
            // Every name searched once in all corridor names, one per line:
            // searching each corridor name apart took a sixth of a map's time.
            let (all, starts) = self.names.get_or_init(|| {
                let mut all = String::new();
                let mut starts = Vec::with_capacity(data.corridors.len());
                for corridor in &data.corridors {
                    starts.push(all.len());
                    all.push_str(&corridor.name);
                    all.push('\n');
                }
                (all, starts)
            });
            let mut corridors: Vec<usize> = memchr::memmem::find_iter(all.as_bytes(), name)
                .map(|at| starts.partition_point(|&start| start <= at) - 1)
                .collect();
            corridors.dedup();
            corridors.len()
        })
    }
}

/// What a place's hover title says after its name: "(port, UZ): 37.2242° N,
/// 67.2783° E".
pub fn place_facts(place: &crate::model::Place) -> String {
    format!(
        "({}, {}): {:.4}° N, {:.4}° E",
        place.kind.as_str(),
        place.country,
        place.position.lat_deg,
        place.position.lon_deg
    )
}

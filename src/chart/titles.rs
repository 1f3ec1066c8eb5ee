//! The hover titles of a dataset's places and segments on the map, each written once
//! however many maps show it: the report draws eleven maps of one dataset, and
//! writing their decimal degrees and km anew took a sixth of each map's time.

use std::sync::OnceLock;

use crate::model::{Dataset, PlaceIdx, SegmentIdx};

/// The titles, written when first asked for; one set may serve maps drawn on
/// several threads.
pub struct HoverTitles {
    places: Vec<OnceLock<String>>,
    segments: Vec<OnceLock<String>>,
}

impl HoverTitles {
    /// None written yet, for the places and segments of `data`.
    pub fn new(data: &Dataset) -> Self {
        Self {
            places: (0..data.places.len()).map(|_| OnceLock::new()).collect(),
            segments: (0..data.segments.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// "Termez (port, UZ): 37.2242° N, 67.2783° E".
    pub fn place(&self, data: &Dataset, p: PlaceIdx) -> &str {
        self.places[p].get_or_init(|| {
            let place = &data.places[p];
            format!(
                "{} ({}, {}): {:.4}° N, {:.4}° E",
                place.name,
                place.kind.as_str(),
                place.country,
                place.position.lat_deg,
                place.position.lon_deg
            )
        })
    }

    /// "Corridor: Termez – Mazar-i-Sharif, 75 km, rail, operational".
    pub fn segment(&self, data: &Dataset, s: SegmentIdx) -> &str {
        self.segments[s].get_or_init(|| {
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
}

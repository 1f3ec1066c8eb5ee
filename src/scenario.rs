//! Scenarios: what-if changes to the dataset, read from a TOML file (`--scenario
//! FILE`, format in routes/README.md): close countries or places, give segments
//! another status, add segments.
//!
//! A scenario is applied to the loaded [`Dataset`] before any command runs, so every
//! command sees the changed network. Closures live in [`Dataset::closed`], which
//! every network filter honours; new segments become one-segment corridors of their
//! own.

use std::collections::{HashMap, HashSet};

use crate::model::{
    Corridor, CorridorIdx, Dataset, PlaceIdx, Segment, SegmentIdx, Status, Traversal,
};

/// A validated scenario: every id resolved against the dataset it was read for.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// "Afghanistan closed".
    pub name: String,
    pub description: Option<String>,
    /// The file, as given on the command line.
    pub file: String,
    /// ISO 3166-1 alpha-2 codes.
    pub close_countries: Vec<String>,
    pub close_places: Vec<PlaceIdx>,
    pub status_changes: Vec<StatusChange>,
    pub new_segments: Vec<NewSegment>,
}

/// Segments given a new status.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub segments: Vec<SegmentIdx>,
    pub status: Status,
}

/// A segment the scenario adds, with a name for the link it makes.
#[derive(Debug, Clone)]
pub struct NewSegment {
    /// "Broghil Pass road"; `None` where the file gives none.
    pub name: Option<String>,
    /// Its `corridor` field is set when it is added.
    pub segment: Segment,
}

/// Applies `scenario` to `data`: closures, then status changes, then new segments.
/// Applying it again changes nothing more (as when two `--scenario` options name
/// one file): a closure or status is set once, and the links its file adds are
/// added on its first application only.
pub fn apply(data: &mut Dataset, scenario: &Scenario) {
    for country in &scenario.close_countries {
        if !data.closed.countries.contains(country) {
            data.closed.countries.push(country.clone());
        }
    }
    for &place in &scenario.close_places {
        if !data.closed.places.contains(&place) {
            data.closed.places.push(place);
        }
    }
    for change in &scenario.status_changes {
        for &segment in &change.segments {
            data.segments[segment].status = change.status;
        }
        // A corridor whose segments now all share one status takes it, so that
        // `list corridors` agrees with the km `compare` counts.
        for corridor in &mut data.corridors {
            let touched = corridor
                .path
                .iter()
                .any(|t| change.segments.contains(&t.segment));
            let all_changed = corridor
                .path
                .iter()
                .all(|t| data.segments[t.segment].status == change.status);
            if touched && all_changed {
                corridor.status = change.status;
            }
        }
    }
    // Its links are added once: a corridor from its file means it was applied
    // before (each new link is a corridor whose file is the scenario's).
    let applied_before = data.corridors.iter().any(|c| c.file == scenario.file);
    if !applied_before {
        let mut ids = CorridorIds::of(data);
        for new in &scenario.new_segments {
            add_segment(data, scenario, new, &mut ids);
        }
    }
    if !data.scenarios.contains(&scenario.name) {
        data.scenarios.push(scenario.name.clone());
    }
}

/// The corridor ids taken, and for each id a new link was named after, the next
/// number to try: a scenario may add 100,000 links between the same two places,
/// and searching the corridors for a free id each time took minutes.
struct CorridorIds {
    taken: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl CorridorIds {
    fn of(data: &Dataset) -> Self {
        CorridorIds {
            taken: data.corridors.iter().map(|c| c.id.clone()).collect(),
            next_number: HashMap::new(),
        }
    }

    /// `base`, or `base-2`, `base-3` ... : the first no corridor has, now taken.
    fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let n = self.next_number.entry(base.to_string()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

/// Adds one segment as a corridor of its own, with an id no corridor has yet.
fn add_segment(data: &mut Dataset, scenario: &Scenario, new: &NewSegment, ids: &mut CorridorIds) {
    let corridor: CorridorIdx = data.corridors.len();
    let segment_idx: SegmentIdx = data.segments.len();
    let (from, to) = (&data.places[new.segment.from], &data.places[new.segment.to]);
    let id = ids.claim(&format!("scenario-{}-{}", from.id, to.id));
    let name = new
        .name
        .clone()
        .unwrap_or_else(|| format!("{} – {} (scenario)", from.name, to.name));
    let mut sources = vec![format!("scenario '{}' ({})", scenario.name, scenario.file)];
    sources.extend(new.segment.source.clone());
    data.corridors.push(Corridor {
        id,
        name,
        mode: new.segment.mode,
        status: new.segment.status,
        stated_length_km: None,
        stated_length_range_km: None,
        sources,
        capacity: None,
        cost_usd_m: None,
        opened: None,
        expected: None,
        description: Some(format!("Added by the scenario '{}'.", scenario.name)),
        notes: Vec::new(),
        includes: Vec::new(),
        path: vec![Traversal {
            segment: segment_idx,
            forward: true,
        }],
        file: scenario.file.clone(),
    });
    let mut segment = Segment {
        corridor,
        ..new.segment.clone()
    };
    // A new link is estimated as the dataset's own unpublished links are.
    data.detour_factors
        .apply(std::slice::from_mut(&mut segment));
    data.segments.push(segment);
}

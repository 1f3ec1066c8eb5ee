//! Scenarios: what-if changes to the dataset, read from a TOML file (`--scenario
//! FILE`, format in routes/README.md): close countries or places, give segments
//! another status, add segments.
//!
//! A scenario is applied to the loaded [`Dataset`] before any command runs, so every
//! command sees the changed network. Closures live in [`Dataset::closed`], which
//! every network filter honours; new segments become one-segment corridors of their
//! own.

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
/// one file): a closure or status is set once, and a link this scenario's file
/// added already is not added again.
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
    for new in &scenario.new_segments {
        // Only links this scenario's file added before count: a new link that
        // merely equals one of the dataset's own is still added, with its name.
        let added_before = data
            .corridors
            .iter()
            .filter(|c| c.file == scenario.file)
            .flat_map(|c| &c.path)
            .any(|t| same_link(&data.segments[t.segment], &new.segment));
        if !added_before {
            add_segment(data, scenario, new);
        }
    }
    if !data.scenarios.contains(&scenario.name) {
        data.scenarios.push(scenario.name.clone());
    }
}

/// True where `a` and `b` are one link: equal in all but the corridor that owns them.
fn same_link(a: &Segment, b: &Segment) -> bool {
    // Every field named, so that a new one must be decided on here.
    let Segment {
        corridor: _,
        from,
        to,
        mode,
        status,
        shape,
        measured_length_km,
        published_length_km,
        source,
        speed_kmh,
        seasonal,
        gauge_mm,
    } = a;
    *from == b.from
        && *to == b.to
        && *mode == b.mode
        && *status == b.status
        && *shape == b.shape
        && *measured_length_km == b.measured_length_km
        && *published_length_km == b.published_length_km
        && *source == b.source
        && *speed_kmh == b.speed_kmh
        && *seasonal == b.seasonal
        && *gauge_mm == b.gauge_mm
}

/// Adds one segment as a corridor of its own, with an id no corridor has yet.
fn add_segment(data: &mut Dataset, scenario: &Scenario, new: &NewSegment) {
    let corridor: CorridorIdx = data.corridors.len();
    let segment_idx: SegmentIdx = data.segments.len();
    let (from, to) = (&data.places[new.segment.from], &data.places[new.segment.to]);
    let base_id = format!("scenario-{}-{}", from.id, to.id);
    let mut id = base_id.clone();
    let mut n = 2;
    while data.corridor_by_id(&id).is_some() {
        id = format!("{base_id}-{n}");
        n += 1;
    }
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
    data.segments.push(Segment {
        corridor,
        ..new.segment.clone()
    });
}

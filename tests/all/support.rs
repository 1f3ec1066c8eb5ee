//! Builders shared by the test modules: places, segments, corridors and whole random
//! datasets made by hand, a breadth-first reference for connectivity, and the cases
//! of tests/data/bad ready to run.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use corridors::model::{
    Corridor, Dataset, LatLon, Mode, ModeTravel, Place, PlaceKind, Segment, Sourced, Status,
    Terminal, TransferTravel, Travel,
};
use rand::Rng;
use rand::rngs::StdRng;

/// A figure with a source, as the loader gives it.
pub fn sourced(value: f64) -> Option<Sourced> {
    Some(Sourced {
        value,
        source: "test".into(),
    })
}

pub fn place(i: usize, country: &str, border: bool, rng: &mut StdRng) -> Place {
    let position = LatLon::new(rng.random_range(30.0..40.0), rng.random_range(60.0..70.0));
    place_at(i, country, border, position)
}

/// Place `p{i}` in `country` at `position`; a border crossing (with "XX") if `border`.
pub fn place_at(i: usize, country: &str, border: bool, position: LatLon) -> Place {
    Place {
        id: format!("p{i}"),
        name: format!("Place {i}"),
        aliases: Vec::new(),
        country: country.into(),
        border_with: border.then(|| "XX".to_string()),
        position,
        kind: PlaceKind::City,
        elevation_m: None,
        capital: false,
        precision_km: None,
        source: "test".into(),
    }
}

/// A straight segment of `km` with no published figures.
pub fn segment(
    corridor: usize,
    (from, to): (usize, usize),
    mode: Mode,
    status: Status,
    km: f64,
) -> Segment {
    Segment {
        corridor,
        from,
        to,
        mode,
        status,
        shape: Vec::new(),
        measured_length_km: km,
        published_length_km: None,
        source: None,
        speed_kmh: None,
        seasonal: None,
        open_months: None,
        gauge_mm: None,
        terrain: None,
        estimated_length_km: None,
    }
}

/// Corridors `c0`, `c1`, … of the given mode and status, in order.
pub fn numbered_corridors(kinds: &[(Mode, Status)]) -> Vec<Corridor> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, &(mode, status))| corridor(i, mode, status))
        .collect()
}

pub fn corridor(i: usize, mode: Mode, status: Status) -> Corridor {
    Corridor {
        id: format!("c{i}"),
        name: format!("Corridor {i}"),
        mode,
        status,
        stated_length_km: None,
        stated_length_range_km: None,
        sources: vec!["test".into()],
        capacity: None,
        cost_usd_m: None,
        opened: None,
        expected: None,
        description: None,
        notes: Vec::new(),
        includes: Vec::new(),
        path: Vec::new(),
        file: "test".into(),
    }
}

/// A `[[terminal]]` at place `i`.
pub fn terminal(i: usize) -> Terminal {
    Terminal {
        place: i,
        facility: "test terminal".into(),
        source: "test".into(),
    }
}

/// A random network of 3–7 places and up to 11 segments (parallel ones included) of
/// random modes, gauges, statuses and lengths, with random travel figures.
pub fn random_dataset(rng: &mut StdRng) -> Dataset {
    let n = rng.random_range(3..=7);
    let countries = ["AA", "BB", "CC"];
    let places: Vec<Place> = (0..n)
        .map(|i| {
            let country = countries[rng.random_range(0..countries.len())];
            let border = rng.random_bool(0.3);
            place(i, country, border, rng)
        })
        .collect();
    let m = rng.random_range(2..=11);
    let mut corridors = Vec::new();
    let mut segments = Vec::new();
    for i in 0..m {
        let from = rng.random_range(0..n);
        let mut to = rng.random_range(0..n);
        while to == from {
            to = rng.random_range(0..n);
        }
        let mode = [
            Mode::Road,
            Mode::Rail,
            Mode::Rail,
            Mode::Ferry,
            Mode::Pipeline,
        ][rng.random_range(0..5)];
        let status = Status::ALL[rng.random_range(0..3)];
        let gauge_mm = (mode == Mode::Rail)
            .then(|| [Some(1520), Some(1676), None][rng.random_range(0..3)])
            .flatten();
        let length = rng.random_range(5.0..500.0);
        corridors.push(corridor(i, mode, status));
        segments.push(Segment {
            corridor: i,
            from,
            to,
            mode,
            status,
            shape: Vec::new(),
            measured_length_km: length,
            published_length_km: rng.random_bool(0.3).then_some(length * 1.1),
            source: None,
            speed_kmh: rng.random_bool(0.2).then(|| rng.random_range(20.0..80.0)),
            seasonal: None,
            open_months: None,
            gauge_mm,
            terrain: None,
            estimated_length_km: None,
        });
    }
    let mode_travel = |rng: &mut StdRng| ModeTravel {
        speed_kmh: sourced(rng.random_range(20.0..60.0)),
        cost_usd_per_tkm: sourced(rng.random_range(0.05..0.2)),
        border_delay_h: sourced(rng.random_range(0.0..40.0)),
        border_cost_usd: sourced(rng.random_range(0.0..300.0)),
    };
    let travel = Travel {
        shipment_t: sourced(20.0),
        modes: (0..Mode::ALL.len()).map(|_| mode_travel(rng)).collect(),
        transfer: TransferTravel {
            mode_change_h: sourced(rng.random_range(0.0..10.0)),
            gauge_change_h: sourced(rng.random_range(0.0..10.0)),
            gauge_change_cost_usd: sourced(rng.random_range(0.0..400.0)),
        },
        transfer_at: Vec::new(),
        // About a third of the places are terminals, some as dry ports by kind.
        terminals: (0..n)
            .filter(|_| rng.random_bool(0.2))
            .map(terminal)
            .collect(),
        crossings: Vec::new(),
    };
    let mut places = places;
    for place in &mut places {
        if rng.random_bool(0.15) {
            place.kind = PlaceKind::DryPort;
        }
    }
    Dataset {
        places,
        corridors,
        segments,
        travel,
        ..Dataset::default()
    }
}

/// Whether `a` reaches `b` over the segments `open` accepts, by breadth-first search.
pub fn reaches(data: &Dataset, open: &dyn Fn(usize) -> bool, a: usize, b: usize) -> bool {
    let mut seen = vec![false; data.places.len()];
    let mut queue = VecDeque::from([a]);
    seen[a] = true;
    while let Some(p) = queue.pop_front() {
        if p == b {
            return true;
        }
        for (s, seg) in data.segments.iter().enumerate() {
            if !open(s) {
                continue;
            }
            let next = if seg.from == p {
                seg.to
            } else if seg.to == p {
                seg.from
            } else {
                continue;
            };
            if !seen[next] {
                seen[next] = true;
                queue.push_back(next);
            }
        }
    }
    false
}

/// The places.toml of every case of tests/data/bad that does not bring its own: the
/// places of tests/data/valid, and Karachi Port for the outlet and claim cases.
pub const SHARED_PLACES: &str = "corpus-places.toml";

/// Whether the case in `dir` takes the shared places.toml: it has none of its own,
/// and its expect.toml does not say `places = "none"` (a case about the file missing).
pub fn takes_shared_places(dir: &Path) -> bool {
    let places = std::fs::read_to_string(dir.join("expect.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|expect| expect.get("places")?.as_str().map(String::from));
    !dir.join("places.toml").exists() && places.as_deref() != Some("none")
}

/// A copy of the case in `dir` under `scratch`, with the shared places.toml added.
/// The copy keeps the case's name, which a message may quote.
pub fn with_shared_places(dir: &Path, scratch: &Path) -> PathBuf {
    let copy = scratch.join(dir.file_name().expect("a case directory has a name"));
    crate::copy_dir(dir, &copy);
    std::fs::copy(crate::fixture(SHARED_PLACES), copy.join("places.toml"))
        .unwrap_or_else(|e| panic!("cannot copy {SHARED_PLACES}: {e}"));
    copy
}

/// The case `name` of tests/data/bad as a dataset directory to load: its own, or a
/// copy with the shared places.toml in the returned temporary directory.
pub fn bad_case(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = crate::fixture(&format!("bad/{name}"));
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let ready = if takes_shared_places(&dir) {
        with_shared_places(&dir, scratch.path())
    } else {
        dir
    };
    (scratch, ready)
}

//! What the targets share: the small valid dataset, and what a command does with a
//! dataset once it has loaded (compare, route, matrix, alternatives).

use corridors::compare::{self, CompareOptions};
use corridors::load::{DatasetFiles, SourceFile};
use corridors::model::Dataset;
use corridors::graph::{Filter, CorridorGraph};
use corridors::routing::{self, Metric, Trip, Search, Weights};

/// A file of tests/data/valid, named as it is on disk.
pub fn valid_file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: format!("tests/data/valid/{name}"),
        text: Ok(text.to_string()),
    }
}

/// The files of tests/data/valid: 4 places, 2 corridors, travel figures.
pub fn valid_files() -> DatasetFiles {
    DatasetFiles {
        places: valid_file(
            "places.toml",
            include_str!("../../tests/data/valid/places.toml"),
        ),
        corridors: vec![
            valid_file(
                "corridors/dushanbe-termez-road.toml",
                include_str!("../../tests/data/valid/corridors/dushanbe-termez-road.toml"),
            ),
            valid_file(
                "corridors/termez-mazar-railway.toml",
                include_str!("../../tests/data/valid/corridors/termez-mazar-railway.toml"),
            ),
        ],
        travel: Some(valid_file(
            "travel.toml",
            include_str!("../../tests/data/valid/travel.toml"),
        )),
        outlets: None,
        claims: None,
        evidence: None,
    }
}

/// Compares the corridors, then routes by every metric the travel figures allow:
/// one place to all (matrix), the best route, and three alternatives.
pub fn exercise(data: &Dataset) {
    let _ = compare::compare(data, &CompareOptions::default());
    let _ = compare::summary(data);
    let filter = Filter::everything();
    let network = CorridorGraph::new(data, &filter);
    let n = data.places.len();
    if n < 2 {
        return;
    }
    let all: Vec<usize> = (0..n).collect();
    for metric in [Metric::Distance, Metric::Time, Metric::Cost] {
        let Ok(weights) = Weights::new(data, metric, &filter.modes) else {
            continue;
        };
        let search = Search::new(&network, &weights);
        let _ = routing::matrix(&search, &[0], &all);
        let _ = routing::best(&search, 0, n - 1);
        let _ = routing::alternatives(&search, &Trip::direct(0, n - 1), 3);
    }
}

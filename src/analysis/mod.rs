//! Planner analysis on top of routing: what each unbuilt link would change
//! ([`impact`]), where the operational network is fragile ([`critical`]), and whether
//! the papers' figures hold on the network ([`claims`]).

pub mod claims;
pub mod critical;
pub mod impact;

use serde::Serialize;

use crate::lookup;
use crate::model::{Dataset, PlaceIdx};
use crate::network::Network;
use crate::routing::{self, Search, Weights};

/// The Central Asian capitals of the default origin–destination pairs.
pub const CAPITALS: &[&str] = &["dushanbe", "tashkent", "bishkek", "ashgabat", "astana"];
/// The Pakistani ports of the default pairs.
pub const PORTS: &[&str] = &["karachi", "gwadar", "port-qasim"];

/// An origin–destination pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub from: PlaceIdx,
    pub to: PlaceIdx,
}

/// The pairs a question runs over, and where they come from, in words.
#[derive(Debug, Clone)]
pub struct Pairs {
    pub pairs: Vec<Pair>,
    /// "the five Central Asian capitals to Karachi, Gwadar and Port Qasim" or the
    /// file's name.
    pub origin: String,
}

impl Pairs {
    /// Each capital to each port, for the ids the dataset has.
    pub fn default_for(data: &Dataset) -> Self {
        let known = |ids: &[&str]| -> Vec<PlaceIdx> {
            ids.iter()
                .filter_map(|id| lookup::find_place(data, id).ok())
                .collect()
        };
        let ports = known(PORTS);
        let pairs = known(CAPITALS)
            .into_iter()
            .flat_map(|from| ports.iter().map(move |&to| Pair { from, to }))
            .collect();
        Self {
            pairs,
            origin: "default: the five Central Asian capitals (Dushanbe, Tashkent, Bishkek, \
                     Ashgabat, Astana) to Karachi, Gwadar and Port Qasim"
                .into(),
        }
    }
}

/// A pair as place ids, for output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairIds {
    pub from: String,
    pub to: String,
}

impl PairIds {
    pub fn of(data: &Dataset, pair: Pair) -> Self {
        Self {
            from: data.places[pair.from].id.clone(),
            to: data.places[pair.to].id.clone(),
        }
    }
}

/// The least total (in the weights' unit) of each pair on `network`; `None` where
/// the pair is not connected. Each origin is searched once.
pub fn pair_totals(network: &Network, weights: &Weights, pairs: &[Pair]) -> Vec<Option<f64>> {
    let search = Search::new(network, weights);
    let from: Vec<PlaceIdx> = pairs.iter().map(|p| p.from).collect();
    let mut origins = from.clone();
    origins.sort_unstable();
    origins.dedup();
    let all_to: Vec<PlaceIdx> = (0..network.data.places.len()).collect();
    let rows = routing::matrix(&search, &origins, &all_to);
    pairs
        .iter()
        .map(|pair| {
            let row = origins.binary_search(&pair.from).expect("origin searched");
            rows[row][pair.to]
        })
        .collect()
}

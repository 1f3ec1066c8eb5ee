//! Sea access: the network distance from an origin to each sea outlet of
//! `outlets.toml`, beside the great-circle distance and the figure a paper states.
//!
//! Example (shipped dataset, operational links): Dushanbe to Karachi Port is 2,127 km
//! on the network and 1,529 km in a straight line; the second paper states 2,700 km.
//!
//! ```
//! use corridors::graph::{Filter, CorridorGraph};
//! use corridors::routing::{Search, Weights};
//! use corridors::{load, lookup, sea_access};
//! let data = load::load_embedded().unwrap();
//! let filter = Filter::default(); // road, rail and ferry; operational links
//! let graph = CorridorGraph::new(&data, &filter);
//! let weights = Weights::distance(&data);
//! let dushanbe = lookup::find_place(&data, "dushanbe").unwrap();
//! let access = sea_access::sea_access(&Search::new(&graph, &weights), &filter, dushanbe);
//! let karachi = access.outlets.iter().find(|o| o.port == "karachi-port").unwrap();
//! assert_eq!(karachi.network_km.map(f64::round), Some(2127.0));
//! assert_eq!(karachi.great_circle_km.round(), 1529.0);
//! assert_eq!(karachi.stated_km, Some(2700.0));
//! // 2,127 km on the network against 2,700 stated: 21% short.
//! assert_eq!(karachi.difference_pct.map(f64::round), Some(-21.0));
//! ```

use serde::Serialize;

use crate::geodesy;
use crate::graph::Filter;
use crate::model::PlaceIdx;
use crate::routing::{self, Search};

/// One outlet as seen from the origin.
#[derive(Debug, Clone, Serialize)]
pub struct OutletDistance {
    /// The port's place id and name.
    pub port: String,
    pub port_name: String,
    pub sea: String,
    /// Shortest distance on the filtered network, in km; `None` where no route exists.
    pub network_km: Option<f64>,
    /// Between origin and port on WGS84, in km.
    pub great_circle_km: f64,
    /// network_km ÷ great_circle_km.
    pub circuity: Option<f64>,
    /// ISO codes the route passes, in travel order.
    pub countries: Vec<String>,
    /// The distance a paper states from this origin, in km.
    pub stated_km: Option<f64>,
    /// (network − stated) / stated, in %.
    pub difference_pct: Option<f64>,
    /// Where the stated figure is published.
    pub stated_source: Option<String>,
    /// The source's own words.
    pub stated_quote: Option<String>,
}

/// The sea-access comparison from one origin.
#[derive(Debug, Clone, Serialize)]
pub struct SeaAccess {
    /// The origin's place id and name.
    pub from: String,
    pub from_name: String,
    pub filter: routing::FilterDescription,
    pub outlets: Vec<OutletDistance>,
}

/// Measures every outlet from `from` by distance on `search`'s network, which
/// `filter` describes (the search's weights should be distances).
pub fn sea_access(search: &Search, filter: &Filter, from: PlaceIdx) -> SeaAccess {
    let data = search.graph.data;
    let origin = &data.places[from];
    let outlets = data
        .outlets
        .iter()
        .map(|outlet| {
            let port = &data.places[outlet.place];
            let great_circle_km = geodesy::geodesic_km(origin.position, port.position);
            let summary = (outlet.place != from)
                .then(|| routing::best(search, from, outlet.place))
                .flatten();
            let network_km = summary.as_ref().map(|s| s.distance_km);
            let stated = outlet.stated.as_ref().filter(|s| s.from == from);
            let stated_km = stated.map(|s| s.length_km);
            OutletDistance {
                port: port.id.clone(),
                port_name: port.name.clone(),
                sea: outlet.sea.clone(),
                network_km,
                great_circle_km,
                circuity: summary.as_ref().and_then(|s| s.circuity),
                countries: summary.map(|s| s.countries).unwrap_or_default(),
                stated_km,
                difference_pct: network_km
                    .zip(stated_km)
                    .map(|(net, said)| (net - said) / said * 100.0),
                stated_source: stated.map(|s| s.source.clone()),
                stated_quote: stated.map(|s| s.quote.clone()),
            }
        })
        .collect();
    SeaAccess {
        from: origin.id.clone(),
        from_name: origin.name.clone(),
        filter: routing::FilterDescription::of(data, filter),
        outlets,
    }
}

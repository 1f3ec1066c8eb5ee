//! Sea access: the network distance from an origin to each sea outlet of
//! `outlets.toml`, beside the great-circle distance and the figure a paper states.
//!
//! Example (shipped dataset, operational links): Dushanbe to Karachi Port is 1,908 km
//! on the network and 1,529 km in a straight line; the second paper states 2,700 km.

use serde::Serialize;

use crate::geodesy;
use crate::model::{Dataset, PlaceIdx, Traversal};
use crate::network::{Filter, Network};
use crate::routing::{self, Query, Search, Weights};

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
    /// The route's segments, for drawing.
    #[serde(skip)]
    pub steps: Vec<Traversal>,
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

/// Measures every outlet from `from` by distance on the network that `filter` admits.
pub fn sea_access(data: &Dataset, filter: &Filter, from: PlaceIdx) -> SeaAccess {
    let weights = Weights::distance(data);
    let network = Network::new(data, filter);
    let search = Search::new(&network, &weights);
    let origin = &data.places[from];
    let outlets = data
        .outlets
        .iter()
        .map(|outlet| {
            let port = &data.places[outlet.place];
            let great_circle_km = geodesy::geodesic_km(origin.position, port.position);
            let path = (outlet.place != from)
                .then(|| {
                    search.shortest(&Query {
                        from,
                        vias: &[],
                        to: outlet.place,
                    })
                })
                .flatten();
            let summary = path.as_ref().map(|p| routing::summarise(&weights, p));
            let network_km = summary.as_ref().map(|s| s.distance_km);
            let stated = outlet.stated.as_ref().filter(|s| s.from == from);
            let stated_km = stated.map(|s| s.length_km);
            OutletDistance {
                port: port.id.clone(),
                port_name: port.name.clone(),
                sea: outlet.sea.clone(),
                network_km,
                great_circle_km,
                circuity: network_km
                    .filter(|_| great_circle_km > 1.0)
                    .map(|km| km / great_circle_km),
                countries: summary.map(|s| s.countries).unwrap_or_default(),
                stated_km,
                difference_pct: network_km
                    .zip(stated_km)
                    .map(|(net, said)| (net - said) / said * 100.0),
                stated_source: stated.map(|s| s.source.clone()),
                stated_quote: stated.map(|s| s.quote.clone()),
                steps: path.map(|p| p.steps).unwrap_or_default(),
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

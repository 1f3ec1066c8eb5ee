//! `corridors route FROM TO [--via ...]` on the dataset: the shortest route and its
//! alternatives, or why there is none.

use std::io::Write;
use std::path::Path;

use super::{Failure, dataset, emit};
use crate::chart::{self, MapSpec, RouteOverlay};
use crate::cli::RouteArgs;
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, PlaceIdx};
use crate::output::Format;
use crate::output::routes::{self, RouteAnswer, RouteOnDataset, Searched};
use crate::routing::{self, FilterDescription, Metric, Search, Trip};

/// The longest `--via` list: the via count is kept in a byte.
const MAX_VIAS: usize = 200;

pub(super) fn run(
    data: &Dataset,
    routes_dir: Option<&Path>,
    args: &RouteArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    // A map file of the wrong kind is refused before the search.
    let png = match &args.svg {
        Some(path) => super::chart::format_is_png(Some(path))?,
        None => false,
    };
    let request = RouteRequest::new(data, args)?;
    let answer = request.answer(data)?;
    if let Some(path) = &args.svg {
        let svg = route_map(data, routes_dir, &request.filter, &answer)?;
        super::chart::write_chart(svg, Some(path), png, None, out)?;
    }
    emit(out, format, &RouteOnDataset { answer, data })
}

/// A route question, resolved against the dataset.
struct RouteRequest {
    from: PlaceIdx,
    vias: Vec<PlaceIdx>,
    to: PlaceIdx,
    filter: Filter,
    metric: Metric,
    alternatives: usize,
    max_transfers: Option<u8>,
}

impl RouteRequest {
    fn new(data: &Dataset, args: &RouteArgs) -> Result<Self, Failure> {
        let from = dataset::place(data, &args.from)?;
        let to = dataset::place(data, &args.to)?;
        let vias = dataset::places(data, &args.via)?;
        if from == to && vias.is_empty() {
            return Err(Failure::Input(format!(
                "FROM and TO are the same place ({}); give two places",
                data.places[from].name
            )));
        }
        if vias.len() > MAX_VIAS {
            return Err(Failure::Input(format!("at most {MAX_VIAS} --via places")));
        }
        let stops: Vec<PlaceIdx> = std::iter::once(from)
            .chain(vias.iter().copied())
            .chain([to])
            .collect();
        if let Some(pair) = stops.windows(2).find(|w| w[0] == w[1]) {
            return Err(Failure::Input(format!(
                "{} follows itself in FROM, --via, TO; drop the repeated --via",
                data.places[pair[0]].name
            )));
        }
        let filter = dataset::network_filter(data, &args.filter, Filter::default())?;
        dataset::check_not_avoided(data, &filter, &stops)?;
        Ok(Self {
            from,
            vias,
            to,
            filter,
            metric: dataset::metric_of(args.by),
            alternatives: args.alternatives,
            max_transfers: args.max_transfers,
        })
    }

    fn answer(&self, data: &Dataset) -> Result<RouteAnswer, Failure> {
        let weights = dataset::weights(data, self.metric, &self.filter)?;
        let graph = CorridorGraph::new(data, &self.filter);
        let search = Search::new(&graph, &weights).with_max_transfers(self.max_transfers);
        let trip = Trip {
            from: self.from,
            vias: &self.vias,
            to: self.to,
        };
        let paths = routing::alternatives(&search, &trip, self.alternatives);
        if paths.is_empty() {
            if let Some(max) = self.max_transfers
                && let Some(path) = Search::new(&graph, &weights).shortest(&trip)
            {
                let route = routing::summarise(&weights, &path);
                return Err(Failure::NoResult(format!(
                    "no route with at most {max} transfer(s).\nthe best route makes {}: {} km through {}.",
                    route.transfers.len(),
                    crate::wording::km(route.distance_km),
                    route.countries.join(" → ")
                )));
            }
            let why = routing::explain_no_route(data, &self.filter, self.metric, &trip);
            return Err(Failure::NoResult(no_route_message(&why)));
        }
        let id = |p: PlaceIdx| data.places[p].id.clone();
        Ok(RouteAnswer {
            searched: Searched::dataset(FilterDescription::of(data, &self.filter)),
            from: id(self.from),
            to: id(self.to),
            via: self.vias.iter().map(|&v| id(v)).collect(),
            by: self.metric,
            alternatives_rule: Some(routing::alternatives_rule(&trip)),
            stops: None,
            routes: paths
                .iter()
                .map(|p| routing::summarise(&weights, p))
                .collect(),
        })
    }
}

/// The map of `--svg FILE`: the network searched, the routes found highlighted.
fn route_map(
    data: &Dataset,
    routes_dir: Option<&Path>,
    filter: &Filter,
    answer: &RouteAnswer,
) -> Result<String, Failure> {
    let overlays: Vec<RouteOverlay> = answer
        .routes
        .iter()
        .enumerate()
        .map(|(rank, route)| RouteOverlay::of(rank, route))
        .collect();
    let spec = MapSpec {
        title: routes::route_title(data, answer),
        subtitle: format!(
            "Highlighted: {} route(s); the network drawn is the one searched",
            overlays.len()
        ),
        filter,
        routes: &overlays,
    };
    let basemap = dataset::load_basemap(routes_dir)?;
    chart::map(data, &basemap, &spec).map_err(super::chart::failure)
}

fn no_route_message(why: &routing::NoRoute) -> String {
    let mut message = format!("no route: {}.", why.reason);
    match &why.relaxation {
        Some(relaxed) => {
            let route = &relaxed.route;
            message.push_str(&format!(
                "\n{}: {} km through {}",
                relaxed.lifted,
                crate::wording::km(route.distance_km),
                route.countries.join(" → ")
            ));
            if !route.unbuilt_corridors.is_empty() {
                message.push_str(&format!(
                    ", using {} (not operational)",
                    route.unbuilt_corridors.join(", ")
                ));
            }
            message.push('.');
        }
        None => message.push_str(
            "\nno route exists even with every status, every transport mode and nothing avoided: \
             the dataset does not connect these places.",
        ),
    }
    message
}

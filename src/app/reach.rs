//! `corridors reach FROM --within KM | --within-hours H` on the dataset.

use std::io::Write;

use super::{Failure, dataset, emit};
use crate::cli::ReachArgs;
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, Metric, PlaceIdx};
use crate::output::Format;
use crate::output::routes::{
    self, Budget, MetricValues, ReachAnswer, ReachedEntry, Searched, Shown, TableForm,
};
use crate::routing::{self, FilterDescription, Search};

pub(super) fn run(
    data: &Dataset,
    args: &ReachArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let answer = ReachRequest::new(data, args)?.answer(data)?;
    emit(out, format, &answer)
}

/// A reach question, resolved against the dataset: from where, and how far in the
/// budget's metric (km by distance, hours by time).
struct ReachRequest {
    from: PlaceIdx,
    metric: Metric,
    budget: f64,
    filter: Filter,
}

impl ReachRequest {
    fn new(data: &Dataset, args: &ReachArgs) -> Result<Self, Failure> {
        let from = dataset::place(data, &args.from)?;
        let (metric, budget) = match (args.within, args.within_hours) {
            (_, Some(hours)) => (Metric::Time, hours),
            (Some(km), None) => (Metric::Distance, km),
            (None, None) => {
                return Err(Failure::Input(
                    "give --within KM or --within-hours H".into(),
                ));
            }
        };
        dataset::check_budget(budget)?;
        let filter = dataset::network_filter(data, &args.filter, Filter::default())?;
        dataset::check_not_avoided(data, &filter, &[from])?;
        Ok(Self {
            from,
            metric,
            budget,
            filter,
        })
    }

    fn answer(&self, data: &Dataset) -> Result<ReachAnswer, Failure> {
        let Self {
            from,
            metric,
            budget,
            ref filter,
        } = *self;
        let weights = dataset::weights(data, metric, filter)?;
        let graph = CorridorGraph::new(data, filter);
        let reached = routing::reach(&Search::new(&graph, &weights), from, budget);
        let filter = FilterDescription::of(data, filter);
        let note = format!(
            "{} places within {} {} of {}, {}.",
            reached.len(),
            routes::metric_value(metric, budget),
            metric.unit(),
            data.places[from].name,
            filter.phrase()
        );
        let reached = reached
            .iter()
            .map(|r| {
                let place = &data.places[r.place];
                ReachedEntry {
                    id: Some(place.id.clone()),
                    name: Some(place.name.clone()),
                    country: Some(place.country.clone()),
                    kind: Some(place.kind),
                    node: None,
                    lat: place.position.lat_deg,
                    lon: place.position.lon_deg,
                    value: MetricValues::of(metric, r.value),
                }
            })
            .collect();
        Ok(ReachAnswer {
            searched: Searched::dataset(filter),
            from: data.places[from].id.clone(),
            snapped_from: None,
            by: metric,
            within: match metric {
                Metric::Time => Budget::Hours(budget),
                _ => Budget::Km(budget),
            },
            reached,
            table: TableForm {
                unit: metric.unit(),
                shown: Shown::ByMetric(metric),
                note,
            },
        })
    }
}

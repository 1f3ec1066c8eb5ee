//! `corridors matrix --from ... --to ...` on the dataset.

use std::io::Write;

use super::{Failure, dataset, emit};
use crate::cli::MatrixArgs;
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, Metric, PlaceIdx};
use crate::output::Format;
use crate::output::routes::{MatrixAnswer, MetricValues, Searched, Shown, TableForm};
use crate::routing::{self, FilterDescription, Search};

pub(super) fn run(
    data: &Dataset,
    args: &MatrixArgs,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let answer = MatrixRequest::new(data, args)?.answer(data)?;
    emit(out, format, &answer)
}

/// A matrix question, resolved against the dataset.
struct MatrixRequest {
    from: Vec<PlaceIdx>,
    to: Vec<PlaceIdx>,
    filter: Filter,
    metric: Metric,
}

impl MatrixRequest {
    fn new(data: &Dataset, args: &MatrixArgs) -> Result<Self, Failure> {
        let from = dataset::places(data, &args.from)?;
        let to = dataset::places(data, &args.to)?;
        if from.is_empty() || to.is_empty() {
            return Err(Failure::Input(
                "--from and --to each need at least one place".into(),
            ));
        }
        let filter = dataset::network_filter(data, &args.filter, Filter::default())?;
        let ends: Vec<PlaceIdx> = from.iter().chain(&to).copied().collect();
        dataset::check_not_avoided(data, &filter, &ends)?;
        Ok(Self {
            from,
            to,
            filter,
            metric: dataset::metric_of(args.by),
        })
    }

    fn answer(&self, data: &Dataset) -> Result<MatrixAnswer, Failure> {
        let Self {
            from,
            to,
            filter,
            metric,
        } = self;
        let weights = dataset::weights(data, *metric, filter)?;
        let graph = CorridorGraph::new(data, filter);
        let values = routing::matrix(&Search::new(&graph, &weights), from, to);
        let ids = |list: &[PlaceIdx]| list.iter().map(|&p| data.places[p].id.clone()).collect();
        let names = |list: &[PlaceIdx]| list.iter().map(|&p| data.places[p].name.clone()).collect();
        let filter = FilterDescription::of(data, filter);
        let note = format!(
            "{} (least {}), {}; — = no route.",
            metric.unit(),
            metric,
            filter.phrase()
        );
        Ok(MatrixAnswer {
            searched: Searched::dataset(filter),
            from: ids(from),
            to: ids(to),
            by: *metric,
            snapped_from: None,
            snapped_to: None,
            values: MetricValues::of(*metric, values),
            from_names: names(from),
            to_names: names(to),
            table: TableForm {
                unit: metric.unit(),
                shown: Shown::ByMetric(*metric),
                note,
            },
        })
    }
}

//! Validates `evidence.toml`: published town-to-town distances by road or rail, the
//! ground truth the network's lengths are checked against (`corridors evidence`).

use super::diagnostic::FileReport;
use super::raw::RawEvidence;
use super::validate::{Bound, ValidPlaces, km_range, non_blank, number, parse_keyword};
use crate::model::{Mode, PublishedDistance, Status};

/// Validates the parsed distances; a bad one is reported and left out.
pub fn evidence(
    report: &mut FileReport,
    raws: Vec<RawEvidence>,
    valid: &ValidPlaces,
) -> Vec<PublishedDistance> {
    let mut distances = Vec::new();
    for raw in raws {
        let from = valid.resolve(report, &raw.from, "from");
        let to = valid.resolve(report, &raw.to, "to");
        let mode: Option<Mode> = parse_keyword(report, &raw.mode, "mode");
        let status: Option<Option<Status>> = match &raw.status {
            None => Some(None),
            Some(status) => parse_keyword(report, status, "status").map(Some),
        };
        let km = number(report, &raw.km, "km", Bound::Positive);
        let range_km = match &raw.range_km {
            None => Some(None),
            Some(range) => km_range(report, range, "range_km").map(Some),
        };
        let hint = "a published distance needs the source's words and where they are";
        let quote = non_blank(report, &raw.quote, "quote", hint);
        let source = non_blank(report, &raw.source, "source", hint);
        let (
            Some(from),
            Some(to),
            Some(mode),
            Some(km),
            Some(range_km),
            Some(status),
            Some(quote),
            Some(source),
        ) = (from, to, mode, km, range_km, status, quote, source)
        else {
            continue;
        };
        if from == to {
            report.error(
                raw.to.span(),
                "a published distance from a place to itself",
                Some("name two different places".into()),
            );
            continue;
        }
        if let Some((low, high)) = range_km
            && !(low <= km && km <= high)
        {
            report.error(
                raw.km.span(),
                format!("`km` {km} lies outside its `range_km` [{low}, {high}]"),
                Some("the range holds every published figure, the one used included".into()),
            );
            continue;
        }
        distances.push(PublishedDistance {
            from,
            to,
            mode,
            km,
            range_km,
            status,
            quote,
            source,
        });
    }
    distances
}

//! Validates a scenario file against the dataset it changes: every place, country
//! and corridor it names must exist there, and every problem is located by
//! file:line:col.

use std::collections::HashSet;

use toml::Spanned;

use super::diagnostic::{FileReport, Problems};
use super::parse::{ParsedScenario, parse_scenario};
use super::raw::{RawClose, RawSetStatus};
use super::validate::{ValidPlaces, non_blank, parse_keyword, resolve_corridor, segment};
use crate::model::Dataset;
use crate::scenario::{NewSegment, Scenario, StatusChange};

/// Reads the scenario in `text` (from the file named `file`) for `data`.
pub fn scenario(file: &str, text: &str, data: &Dataset) -> Result<Scenario, Problems> {
    let mut report = FileReport::new(file, text);
    let declared = data.places.iter().map(|p| p.id.clone()).collect();
    let valid = ValidPlaces::new(data.places.clone(), Some(declared));
    let built = parse_scenario(&mut report, text)
        .and_then(|parsed| validate(&mut report, file, parsed, data, &valid));
    match built {
        Some(scenario) if report.problems.is_empty() => Ok(scenario),
        _ if report.problems.is_empty() => Err(Problems(vec![super::Diagnostic {
            file: file.to_string(),
            position: None,
            message: "the scenario could not be read".into(),
            hint: Some("please report this as a bug in corridors".into()),
        }])),
        _ => Err(Problems(report.problems)),
    }
}

fn validate(
    report: &mut FileReport,
    file: &str,
    parsed: ParsedScenario,
    data: &Dataset,
    valid: &ValidPlaces,
) -> Option<Scenario> {
    let name = non_blank(
        report,
        &parsed.top.name,
        "name",
        "name the scenario, e.g. name = \"Afghanistan closed\"",
    )
    .unwrap_or_default();
    let (close_countries, close_places) = match parsed.close {
        Some(close) => closures(report, close, data, valid),
        None => (Vec::new(), Vec::new()),
    };
    let status_changes = parsed
        .set_status
        .into_iter()
        .filter_map(|raw| status_change(report, raw, data, valid))
        .collect();
    let mut new_segments = Vec::new();
    for added in parsed.add_segment {
        let raw = added.entry.raw;
        let mut complete = true;
        for (key, value) in [("mode", &raw.mode), ("status", &raw.status)] {
            if value.is_none() {
                let offset = added.entry.offset;
                report.error(
                    offset..offset,
                    format!("[[add_segment]] has no `{key}`"),
                    Some(format!(
                        "a new segment belongs to no corridor, so give its {key}"
                    )),
                );
                complete = false;
            }
        }
        if !complete {
            continue;
        }
        if let Some(segment) = segment(report, raw, None, None, valid) {
            new_segments.push(NewSegment {
                name: added.name.map(Spanned::into_inner),
                segment,
            });
        }
    }
    Some(Scenario {
        name,
        description: parsed.top.description,
        file: file.to_string(),
        close_countries,
        close_places,
        status_changes,
        new_segments,
    })
}

fn closures(
    report: &mut FileReport,
    close: RawClose,
    data: &Dataset,
    valid: &ValidPlaces,
) -> (Vec<String>, Vec<usize>) {
    let countries_in_data: HashSet<&str> = data.places.iter().map(|p| p.country.as_str()).collect();
    let mut countries = Vec::new();
    for code in &close.countries {
        let upper = code.get_ref().trim().to_uppercase();
        if countries_in_data.contains(upper.as_str()) {
            countries.push(upper);
        } else {
            let mut known: Vec<&str> = countries_in_data.iter().copied().collect();
            known.sort_unstable();
            report.error(
                code.span(),
                format!("no place of the dataset lies in `{}`", code.get_ref()),
                Some(format!(
                    "give an ISO 3166-1 alpha-2 code the dataset uses: {}",
                    known.join(", ")
                )),
            );
        }
    }
    let places = close
        .places
        .iter()
        .filter_map(|id| valid.resolve(report, id, "places"))
        .collect();
    (countries, places)
}

fn status_change(
    report: &mut FileReport,
    raw: RawSetStatus,
    data: &Dataset,
    valid: &ValidPlaces,
) -> Option<StatusChange> {
    let status = parse_keyword(report, &raw.status, "status");
    let corridor = match &raw.corridor {
        Some(id) => Some(resolve_corridor(report, &data.corridors, None, id)?),
        None => None,
    };
    let on_corridor = |s: usize| match corridor {
        Some(c) => data.corridors[c].path.iter().any(|t| t.segment == s),
        None => true,
    };
    let segments: Vec<usize> = match (&raw.from, &raw.to) {
        (None, None) => {
            let Some(c) = corridor else {
                report.error(
                    raw.status.span(),
                    "[[set_status]] names no segments",
                    Some("give `corridor = \"id\"`, or `from` and `to`, or all three".into()),
                );
                return None;
            };
            data.corridors[c].path.iter().map(|t| t.segment).collect()
        }
        (Some(from), Some(to)) => {
            let a = valid.resolve(report, from, "from");
            let b = valid.resolve(report, to, "to");
            let (a, b) = (a?, b?);
            let joining: Vec<usize> = (0..data.segments.len())
                .filter(|&s| {
                    let seg = &data.segments[s];
                    ((seg.from == a && seg.to == b) || (seg.from == b && seg.to == a))
                        && on_corridor(s)
                })
                .collect();
            if joining.is_empty() {
                report.error(
                    from.span(),
                    format!(
                        "no segment joins `{}` and `{}`{}",
                        from.get_ref(),
                        to.get_ref(),
                        raw.corridor
                            .as_ref()
                            .map(|c| format!(" on corridor `{}`", c.get_ref()))
                            .unwrap_or_default()
                    ),
                    Some(
                        "name two places a segment joins directly, or add one with [[add_segment]]"
                            .into(),
                    ),
                );
                return None;
            }
            joining
        }
        (Some(one), None) | (None, Some(one)) => {
            report.error(
                one.span(),
                "[[set_status]] gives only one of `from` and `to`",
                Some("give both ends of the segment".into()),
            );
            return None;
        }
    };
    Some(StatusChange {
        segments,
        status: status?,
    })
}

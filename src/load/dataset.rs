//! Loads a dataset's files into a validated [`Dataset`], or reports every problem
//! found. The built-in dataset goes through this at build time (build.rs) and
//! `--routes DIR` at run time.

use std::collections::HashSet;
use std::path::Path;

use super::diagnostic::{Diagnostic, FileReport, Problems};
use super::files::{DatasetFiles, SourceFile};
use super::parse::SegmentEntry;
use super::raw::RawCorridor;
use super::{claims, evidence, outlets, parse, travel, validate};
use crate::model::Dataset;

/// The file name without directories or `.toml`: a corridor's expected id.
fn file_stem(name: &str) -> &str {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
}

/// A corridor file's report, and its header and segments where it parsed.
type ParsedCorridor<'a> = (FileReport<'a>, Option<(RawCorridor, Vec<SegmentEntry>)>);

/// Loads and validates a dataset, reporting every problem found.
pub fn load(files: &DatasetFiles) -> Result<Dataset, Problems> {
    let mut problems = Vec::new();
    let (valid, parsed_corridors) = places_and_corridors(files, &mut problems);
    let (mut reports, pending) = validate_corridors(files, parsed_corridors, &valid, &mut problems);

    let travel = optional_file(&files.travel, &mut problems, |report, text| {
        parse::parse_travel(report, text)
            .map(|parsed| travel::travel(report, parsed, &valid))
            .unwrap_or_default()
    });
    let (outlets, declared_outlets) =
        optional_file(&files.outlets, &mut problems, |report, text| {
            let (parsed, declared) = parse::parse_outlets(report, text);
            (outlets::outlets(report, parsed, &valid), declared)
        });

    let linked = validate::link_corridors(&mut reports, &valid.places, pending);
    for report in &mut reports {
        problems.append(&mut report.problems);
    }
    let no_corridors = Vec::new();
    let corridors = linked.as_ref().map_or(&no_corridors, |(c, _)| c);
    let declared_corridors: HashSet<String> = files
        .corridors
        .iter()
        .map(|f| file_stem(&f.name).to_string())
        .collect();
    let known = claims::Known {
        corridors,
        declared_corridors: &declared_corridors,
        outlets: &outlets,
        declared_outlets: &declared_outlets,
    };
    let claims = optional_file(&files.claims, &mut problems, |report, text| {
        let parsed = parse::parse_claims(report, text);
        claims::claims(report, parsed, &valid, &known)
    });
    let evidence = optional_file(&files.evidence, &mut problems, |report, text| {
        let parsed = parse::parse_evidence(report, text);
        evidence::evidence(report, parsed, &valid)
    });
    match linked {
        Some((corridors, segments)) if problems.is_empty() => {
            let mut data = Dataset {
                places: valid.places,
                corridors,
                segments,
                travel,
                outlets,
                claims,
                evidence,
                ..Dataset::default()
            };
            crate::lengths::estimate(&mut data);
            Ok(data)
        }
        _ => in_file_order(problems).into_result(),
    }
}

/// The validated places, and each corridor file parsed, with the places' problems
/// added to `problems`.
///
/// Parsing the corridor files needs no places: it runs on a thread of its own
/// while the places are read. (Each file's problems stay in the same order.)
fn places_and_corridors<'a>(
    files: &'a DatasetFiles,
    problems: &mut Vec<Diagnostic>,
) -> (validate::ValidPlaces, Vec<ParsedCorridor<'a>>) {
    std::thread::scope(|scope| {
        let corridors = scope.spawn(|| {
            files
                .corridors
                .iter()
                .map(|file| {
                    let (mut report, text) = file.report();
                    let parsed = text.and_then(|text| parse::parse_corridor(&mut report, text));
                    (report, parsed)
                })
                .collect::<Vec<_>>()
        });
        let (mut places_report, places_text) = files.places.report();
        let valid = match places_text {
            None => validate::ValidPlaces::new(Vec::new(), None),
            Some(text) => {
                let parsed = parse::parse_places(&mut places_report, text);
                validate::places(&mut places_report, parsed)
            }
        };
        problems.append(&mut places_report.problems);
        let corridors = corridors
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (valid, corridors)
    })
}

/// The corridors that pass their own checks and have an id of their own, each with
/// its file's report (for the linking step); the other files' problems go to
/// `problems`.
fn validate_corridors<'a>(
    files: &'a DatasetFiles,
    parsed_corridors: Vec<ParsedCorridor<'a>>,
    valid: &validate::ValidPlaces,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<FileReport<'a>>, Vec<validate::PendingCorridor>) {
    let mut reports = Vec::new();
    let mut pending = Vec::new();
    let mut seen_ids: Vec<(String, String)> = Vec::new();
    for (file, (mut report, parsed)) in files.corridors.iter().zip(parsed_corridors) {
        if let Some((raw, segments)) = parsed
            && let Some(corridor) =
                validate::corridor(&mut report, file_stem(&file.name), raw, segments, valid)
        {
            if let Some((_, first)) = seen_ids.iter().find(|(id, _)| *id == corridor.corridor.id) {
                report.file_error(
                    format!("duplicate corridor id `{}`", corridor.corridor.id),
                    Some(format!("{first} already uses it; ids must be unique")),
                );
            } else {
                seen_ids.push((corridor.corridor.id.clone(), file.name.clone()));
                pending.push(corridor);
                // Keep reports aligned with `pending` for the linking step.
                reports.push(report);
                continue;
            }
        }
        problems.append(&mut report.problems);
    }
    (reports, pending)
}

/// Each file's problems in line order, files in the order read.
fn in_file_order(mut problems: Vec<Diagnostic>) -> Problems {
    let file_order: Vec<String> = problems.iter().map(|p| p.file.clone()).collect();
    problems.sort_by_key(|p| {
        let first = file_order.iter().position(|f| *f == p.file).unwrap_or(0);
        (first, p.position)
    });
    Problems(problems)
}

/// Reads an optional file with `read`, adding its problems to `problems`; a missing
/// file gives the default (nothing), an unreadable one a problem and the default.
fn optional_file<T: Default>(
    file: &Option<SourceFile>,
    problems: &mut Vec<Diagnostic>,
    read: impl FnOnce(&mut FileReport, &str) -> T,
) -> T {
    let Some(file) = file else {
        return T::default();
    };
    let (mut report, text) = file.report();
    let value = text.map_or_else(T::default, |text| read(&mut report, text));
    problems.append(&mut report.problems);
    value
}

impl Problems {
    /// An empty list means the linking step failed without saying why, which would be
    /// a bug; report it rather than claim the data is fine.
    fn into_result<T>(self) -> Result<T, Problems> {
        if self.0.is_empty() {
            Err(Problems(vec![Diagnostic {
                file: "(dataset)".into(),
                position: None,
                message: "the dataset could not be linked".into(),
                hint: Some("please report this as a bug in corridors".into()),
            }]))
        } else {
            Err(self)
        }
    }
}

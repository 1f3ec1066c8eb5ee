//! The tables of `impact`, `critical` and `claims`, built from their result structs.

use super::{Column, TextTable, or_dash};
use crate::analysis::claims::{ClaimResult, ClaimUnit};
use crate::analysis::critical::Critical;
use crate::analysis::impact::{Impact, ProjectImpact};
use crate::wording::km;

fn hours(value: f64) -> String {
    crate::wording::fixed(value, 1)
}

/// The pair a project helps most, as "Tashkent→Karachi −312 km".
fn best_pair(project: &ProjectImpact) -> String {
    project
        .pairs
        .iter()
        .filter(|p| p.saved_km.is_some_and(|s| s >= 0.5))
        .max_by(|a, b| {
            a.saved_km
                .unwrap_or(0.0)
                .total_cmp(&b.saved_km.unwrap_or(0.0))
        })
        .map(|p| {
            format!(
                "{}→{} −{} km",
                p.pair.from,
                p.pair.to,
                km(p.saved_km.unwrap_or(0.0))
            )
        })
        .unwrap_or_default()
}

fn impact_row(project: &ProjectImpact, rank: String, name: String) -> Vec<String> {
    vec![
        rank,
        name,
        km(project.unbuilt_km),
        km(project.saved_km_total),
        or_dash(project.saved_h_total, hours),
        or_dash(project.rank_h, |r| r.to_string()),
        project.pairs_shorter.to_string(),
        project.newly_connected.to_string(),
        best_pair(project),
    ]
}

/// `impact`: one row per project, by km saved, then the row for all projects built.
pub fn impact(impact: &Impact) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Number("#"),
        Column::Text("project (corridor)"),
        Column::Number("unbuilt km"),
        Column::Number("km saved"),
        Column::Number("h saved"),
        Column::Number("# by h"),
        Column::Number("shorter"),
        Column::Number("new"),
        Column::Text("largest saving"),
    ]);
    for project in &impact.projects {
        table.push(impact_row(
            project,
            project.rank_km.to_string(),
            project.project.clone(),
        ));
    }
    // No rank: the row sums the others (and a rank column holds numbers only).
    table.push(impact_row(
        &impact.all_built,
        String::new(),
        "all (every project above)".into(),
    ));
    table
}

/// `critical`: one row per closure, worst first.
pub fn critical(critical: &Critical, top: usize) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("closed"),
        Column::Text("as"),
        Column::Number("cut"),
        Column::Number("longer"),
        Column::Number("km added"),
        Column::Number("place pairs"),
        Column::Text("worst key pair"),
    ]);
    for closure in critical.closures.iter().take(top) {
        let example = closure
            .detours
            .iter()
            .max_by(|a, b| {
                (a.after_km.is_none(), a.added_km.unwrap_or(0.0))
                    .partial_cmp(&(b.after_km.is_none(), b.added_km.unwrap_or(0.0)))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|d| match d.added_km {
                None => format!("{}→{} cut off", d.pair.from, d.pair.to),
                Some(added) if d.via.is_empty() => {
                    format!("{}→{} +{} km", d.pair.from, d.pair.to, km(added))
                }
                Some(added) => format!(
                    "{}→{} via {}, +{} km",
                    d.pair.from,
                    d.pair.to,
                    d.via.join(" + "),
                    km(added)
                ),
            })
            .unwrap_or_default();
        let name = match &closure.corridor {
            Some(corridor) => format!("{} ({corridor})", closure.id),
            None => closure.id.clone(),
        };
        let kinds: Vec<&str> = closure.kinds.iter().map(|k| k.label()).collect();
        table.push(vec![
            name,
            kinds.join(", "),
            closure.pairs_disconnected.to_string(),
            closure.pairs_longer.to_string(),
            km(closure.added_km_total),
            closure.place_pairs_cut.to_string(),
            example,
        ]);
    }
    table
}

fn figure(unit: ClaimUnit, value: f64) -> String {
    match unit {
        ClaimUnit::Ratio => format!("{value:.2}"),
        ClaimUnit::Km => km(value),
    }
}

/// `claims`: stated beside computed, with the verdict.
pub fn claims(results: &[ClaimResult]) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("claim"),
        Column::Text("subject"),
        Column::Number("stated"),
        Column::Number("computed"),
        Column::Number("diff"),
        Column::Number("tolerance"),
        Column::Text("verdict"),
    ]);
    for result in results {
        table.push(vec![
            result.id.clone(),
            result.subject.clone(),
            figure(result.unit, result.stated),
            or_dash(result.computed, |v| figure(result.unit, v)),
            or_dash(result.difference_pct, |d| crate::wording::signed_pct(d, 0)),
            format!("±{:.0}%", result.tolerance_pct),
            result.verdict.as_str().to_string(),
        ]);
    }
    table
}

/// The lines under the claims table: how each was computed and what the source
/// says.
pub fn claim_details(results: &[ClaimResult]) -> String {
    let mut text = String::new();
    for result in results {
        let heading = format!("{} — {}", result.id, result.verdict.as_str());
        super::push_wrapped(&mut text, "", "  ", &heading);
        for line in [
            format!("computed: {}", result.method),
            format!("\"{}\"", result.quote),
            format!("source: {}", result.source),
        ] {
            super::push_wrapped(&mut text, "  ", "    ", &line);
        }
    }
    text
}

/// `evidence`: each published distance beside the network's route.
pub fn evidence(report: &crate::analysis::evidence::EvidenceReport) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("from"),
        Column::Text("to"),
        Column::Text("mode"),
        Column::Number("published"),
        Column::Number("routed"),
        Column::Number("diff"),
        Column::Text("verdict"),
        Column::Number("published km"),
    ]);
    for c in &report.checks {
        let published = match c.published_range_km {
            Some((low, high)) => format!("{}–{}", km(low), km(high)),
            None => km(c.published_km),
        };
        table.push(vec![
            c.from.clone(),
            c.to.clone(),
            c.mode.to_string(),
            published,
            or_dash(c.routed_km, km),
            or_dash(c.difference_pct, |d| crate::wording::signed_pct(d, 0)),
            match c.verdict {
                crate::analysis::evidence::Verdict::Within => "within",
                crate::analysis::evidence::Verdict::Short => "short",
                crate::analysis::evidence::Verdict::Long => "long",
                crate::analysis::evidence::Verdict::NoRoute => "no route",
            }
            .to_string(),
            or_dash(c.km_by_basis.and_then(|b| b.published_pct()), |p| {
                format!("{p:.0}%")
            }),
        ]);
    }
    table
}

/// The line under the evidence table.
pub fn evidence_note(report: &crate::analysis::evidence::EvidenceReport) -> String {
    let total = report.checks.len();
    format!(
        "{} of {} published distances within {:.0}% ({:.0}%); {} short, {} long, {} without a route; \
         median difference {}, worst over the range {}. {} rows restate the published length of \
         the one segment between their places and pass by construction; of the {} others, {} are within \
         ({:.0}%). diff: how far the route lies outside the published range; published km: the share of \
         the route's km that are published section lengths.",
        report.within,
        total,
        crate::analysis::evidence::TOLERANCE_PCT,
        report.within as f64 / total.max(1) as f64 * 100.0,
        report.short,
        report.long,
        report.no_route,
        or_dash(
            report.median_difference_pct,
            |d| crate::wording::signed_pct(d, 1)
        ),
        or_dash(report.worst_long_pct, |d| crate::wording::signed_pct(d, 1)),
        total - report.independent,
        report.independent,
        report.independent_within,
        report.independent_within as f64 / report.independent.max(1) as f64 * 100.0,
    )
}

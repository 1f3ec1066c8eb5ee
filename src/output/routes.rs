//! The outputs of `route`, `matrix` and `reach` in every text format.

use std::io::{self, Write};

use super::{Format, TextTable, km, or_dash, write_json, write_table};
use crate::model::Dataset;
use crate::routing::{Metric, Reached, RouteAnswer, RouteSummary};

/// A value in a metric's unit, for a table: km and US$ whole, hours to 0.1.
pub fn metric_value(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Distance => km(value),
        Metric::Time => format!("{value:.1}"),
        Metric::Cost => format!("{value:.0}"),
    }
}

fn hours(value: Option<f64>) -> String {
    or_dash(value, |h| format!("{} h", super::fixed(h, 1)))
}

fn place_name(data: &Dataset, id: &str) -> String {
    data.places
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// The leg table of one route: from, to, corridor, mode, status, km, cumulative km.
pub fn legs(data: &Dataset, route: &RouteSummary) -> TextTable {
    let mut table = TextTable::new(&[
        ("from", false),
        ("to", false),
        ("corridor", false),
        ("mode", false),
        ("status", false),
        ("km", true),
        ("cum. km", true),
    ]);
    for leg in &route.legs {
        table.push(vec![
            place_name(data, &leg.from),
            place_name(data, &leg.to),
            leg.corridor.clone(),
            leg.mode.to_string(),
            leg.status.to_string(),
            km(leg.distance_km),
            km(leg.cumulative_km),
        ]);
    }
    table
}

/// Every route's legs in one table, numbered by route: the CSV of `route`.
fn all_legs(answer: &RouteAnswer) -> TextTable {
    let mut table = TextTable::new(&[
        ("route", true),
        ("from", false),
        ("to", false),
        ("corridor", false),
        ("mode", false),
        ("status", false),
        ("distance_km", true),
        ("cumulative_km", true),
    ]);
    for (r, route) in answer.routes.iter().enumerate() {
        for leg in &route.legs {
            table.push(vec![
                (r + 1).to_string(),
                leg.from.clone(),
                leg.to.clone(),
                leg.corridor.clone(),
                leg.mode.to_string(),
                leg.status.to_string(),
                format!("{:.1}", leg.distance_km),
                format!("{:.1}", leg.cumulative_km),
            ]);
        }
    }
    table
}

/// What a distance stands on: "1,500 km published (79%), 404 km estimated".
pub fn lengths_line(basis: &crate::lengths::KmByBasis) -> String {
    let mut parts = vec![format!(
        "{} km published ({:.0}%)",
        km(basis.published),
        basis.published_pct().unwrap_or(0.0)
    )];
    if basis.estimated > 0.0 {
        parts.push(format!("{} km estimated", km(basis.estimated)));
    }
    if basis.measured > 0.0 {
        parts.push(format!("{} km straight lines", km(basis.measured)));
    }
    parts.join(", ")
}

/// The summary lines of one route, as `label: value` pairs.
pub fn summary_lines(route: &RouteSummary) -> Vec<(&'static str, String)> {
    let k = &route.km_by_status;
    let mut status = vec![format!("{} km operational", km(k.operational))];
    if k.under_construction > 0.0 {
        status.push(format!(
            "{} km under construction",
            km(k.under_construction)
        ));
    }
    if k.proposed > 0.0 {
        status.push(format!("{} km proposed", km(k.proposed)));
    }
    let mut status = status.join(", ");
    if !route.unbuilt_corridors.is_empty() {
        status.push_str(&format!(
            "; not operational: {}",
            route.unbuilt_corridors.join(", ")
        ));
    }
    let crossings = if route.border_crossings.is_empty() {
        "none".to_string()
    } else {
        route
            .border_crossings
            .iter()
            .map(|c| {
                format!(
                    "{} ({}, {}, {})",
                    c.crossing,
                    c.mode,
                    hours(c.delay_h),
                    or_dash(c.cost_usd, |u| format!("US$ {u:.0}"))
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let transfers = if route.transfers.is_empty() {
        "none".to_string()
    } else {
        route
            .transfers
            .iter()
            .map(|t| format!("{} ({} → {}, {})", t.place, t.from, t.to, hours(t.hours)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut lines = vec![
        ("distance", format!("{} km", km(route.distance_km))),
        (
            "time",
            format!(
                "{} moving + {} at borders + {} transfers = {}",
                hours(route.duration_without_delay_h),
                hours(route.border_delay_h),
                hours(route.transfer_h),
                hours(route.duration_h)
            ),
        ),
        (
            "speed",
            format!(
                "{} without delay, {} with delay",
                or_dash(route.speed_without_delay_kmh, |s| format!("{s:.1} km/h")),
                or_dash(route.speed_with_delay_kmh, |s| format!("{s:.1} km/h"))
            ),
        ),
        (
            "cost",
            or_dash(route.cost_usd, |c| format!("US$ {c:.0} per tonne")),
        ),
        (
            "straight",
            format!(
                "{} km great circle, circuity {}",
                km(route.great_circle_km),
                or_dash(route.circuity, |c| format!("{c:.2}"))
            ),
        ),
        ("lengths", lengths_line(&route.km_by_basis)),
        ("status", status),
        ("countries", route.countries.join(" → ")),
        ("crossings", crossings),
        ("transfers", transfers),
    ];
    if !route.seasonal.is_empty() {
        let steps: Vec<String> = route
            .seasonal
            .iter()
            .map(|s| {
                let when = match (s.open_months, &s.note) {
                    (Some(open), _) => format!("open {} only", open.describe()),
                    (None, Some(note)) => note.clone(),
                    (None, None) => String::new(),
                };
                format!("{} – {} ({}): {when}", s.from, s.to, s.corridor)
            })
            .collect();
        lines.push(("seasonal", steps.join("; ")));
    }
    lines
}

/// Writes a `route` answer in `format`.
/// "Dushanbe → Karachi: least distance, on operational links, by road, rail, ferry".
pub fn route_title(data: &Dataset, answer: &RouteAnswer) -> String {
    format!(
        "{} → {}{}: least {}, {}",
        place_name(data, &answer.from),
        place_name(data, &answer.to),
        if answer.via.is_empty() {
            String::new()
        } else {
            let vias: Vec<String> = answer.via.iter().map(|v| place_name(data, v)).collect();
            format!(" via {}", vias.join(", "))
        },
        answer.by,
        answer.filter.phrase()
    )
}

pub fn write_route(
    out: &mut dyn Write,
    data: &Dataset,
    answer: &RouteAnswer,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, answer),
        Format::Geojson => write_json(
            out,
            &super::geojson::routes_collection(data, &answer.routes),
        ),
        Format::Csv => write_table(out, &all_legs(answer), format),
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let title = route_title(data, answer);
            if markdown {
                writeln!(out, "## {title}")?;
            } else {
                writeln!(out, "{title}")?;
            }
            let count = answer.routes.len();
            for (r, route) in answer.routes.iter().enumerate() {
                writeln!(out)?;
                let heading = if count == 1 {
                    "Route".to_string()
                } else if r == 0 {
                    format!("Route 1 of {count} (best)")
                } else {
                    format!("Route {} of {count}", r + 1)
                };
                if markdown {
                    writeln!(out, "### {heading}\n")?;
                    for (label, value) in summary_lines(route) {
                        writeln!(out, "- **{label}**: {value}")?;
                    }
                    writeln!(out)?;
                } else {
                    writeln!(out, "{heading}")?;
                    for (label, value) in summary_lines(route) {
                        writeln!(out, "  {label:<10} {value}")?;
                    }
                    writeln!(out)?;
                }
                write_table(out, &legs(data, route), format)?;
            }
            if count > 1 {
                writeln!(out, "\nAlternatives: {}.", answer.alternatives_rule)?;
            }
            Ok(())
        }
    }
}

/// The matrix as a table: one row per origin, one column per destination, cells
/// shown by `show` (— where there is no value).
pub fn matrix_table(
    from: &[String],
    to: &[String],
    values: &[Vec<Option<f64>>],
    unit: &str,
    show: impl Fn(f64) -> String,
) -> TextTable {
    let mut headers: Vec<(String, bool)> = vec![(format!("from \\ to ({unit})"), false)];
    headers.extend(to.iter().map(|t| (t.clone(), true)));
    let header_refs: Vec<(&str, bool)> = headers.iter().map(|(h, n)| (h.as_str(), *n)).collect();
    let mut table = TextTable::new(&header_refs);
    for (row, name) in values.iter().zip(from) {
        let mut cells = vec![name.clone()];
        cells.extend(row.iter().map(|v| or_dash(*v, &show)));
        table.push(cells);
    }
    table
}

/// The places within reach, nearest first.
pub fn reach_table(data: &Dataset, reached: &[Reached], metric: Metric) -> TextTable {
    let mut table = TextTable::new(&[
        ("place", false),
        ("id", false),
        ("country", false),
        ("kind", false),
        (metric.unit(), true),
    ]);
    for r in reached {
        let place = &data.places[r.place];
        table.push(vec![
            place.name.clone(),
            place.id.clone(),
            place.country.clone(),
            place.kind.to_string(),
            metric_value(metric, r.value),
        ]);
    }
    table
}

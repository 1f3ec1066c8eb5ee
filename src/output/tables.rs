//! The tables of each command, built from result structs, ready for any text format.

use super::{Column, TextTable, or_dash};
use crate::compare::CorridorMetrics;
use crate::model::Dataset;
use crate::wording::km;

/// `list places`.
pub fn places<'p>(places: impl IntoIterator<Item = &'p crate::model::Place>) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("id"),
        Column::Text("name"),
        Column::Text("country"),
        Column::Number("lat"),
        Column::Number("lon"),
        Column::Text("kind"),
        Column::Text("aliases"),
    ]);
    for place in places {
        let country = match &place.border_with {
            Some(other) => format!("{}/{}", place.country, other),
            None => place.country.clone(),
        };
        table.push(vec![
            place.id.clone(),
            place.name.clone(),
            country,
            format!("{:.4}", place.position.lat_deg),
            format!("{:.4}", place.position.lon_deg),
            place.kind.to_string(),
            place.aliases.join(", "),
        ]);
    }
    table
}

/// `list corridors`.
/// The corridors `shown` (indices into the dataset's), in that order.
pub fn corridors(data: &Dataset, shown: &[crate::model::CorridorIdx]) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("id"),
        Column::Text("name"),
        Column::Text("mode"),
        Column::Text("status"),
        Column::Number("segments"),
    ]);
    for corridor in shown.iter().map(|&c| &data.corridors[c]) {
        table.push(vec![
            corridor.id.clone(),
            corridor.name.clone(),
            corridor.mode.to_string(),
            corridor.status.to_string(),
            corridor.path.len().to_string(),
        ]);
    }
    table
}

/// `compare`, for a terminal: the figures only, to fit 100 columns, with a heading
/// row for each mode. The details (crossings, sources) follow the table, see
/// [`compare_details`].
pub fn compare_brief(rows: &[CorridorMetrics]) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("corridor"),
        Column::Number("km"),
        Column::Number("stated"),
        Column::Number("diff"),
        Column::Number("circ."),
        Column::Number("pub."),
        Column::Number("oper."),
        Column::Number("u.c."),
        Column::Number("prop."),
        Column::Text("countries"),
    ]);
    let mut modes: Vec<_> = rows.iter().map(|m| m.mode).collect();
    modes.sort();
    modes.dedup();
    for mode in modes {
        let mut heading = vec![String::new(); table.headers.len()];
        heading[0] = format!("[{mode}]");
        table.push(heading);
        for m in rows.iter().filter(|m| m.mode == mode) {
            table.push(vec![
                m.id.clone(),
                km(m.length_km),
                or_dash(m.stated_length_km, km),
                or_dash(m.difference_pct, |d| crate::wording::signed_pct(d, 0)),
                or_dash(m.circuity, |c| format!("{c:.2}")),
                or_dash(m.km_by_basis.published_pct(), |p| format!("{p:.0}%")),
                km(m.km_by_status.operational),
                km(m.km_by_status.under_construction),
                km(m.km_by_status.proposed),
                m.countries.join(" "),
            ]);
        }
    }
    table
}

/// `compare` with every field, for Markdown and CSV.
pub fn compare_full(rows: &[CorridorMetrics]) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("id"),
        Column::Text("name"),
        Column::Text("mode"),
        Column::Text("status"),
        Column::Number("length_km"),
        Column::Number("published_km"),
        Column::Number("estimated_km"),
        Column::Number("measured_km"),
        Column::Number("straight_lines_km"),
        Column::Number("stated_length_km"),
        Column::Number("difference_pct"),
        Column::Number("great_circle_km"),
        Column::Number("circuity"),
        Column::Number("operational_km"),
        Column::Number("under_construction_km"),
        Column::Number("proposed_km"),
        Column::Text("countries"),
        Column::Text("border_crossings"),
        Column::Text("sources"),
    ]);
    for m in rows {
        table.push(vec![
            m.id.clone(),
            m.name.clone(),
            m.mode.to_string(),
            m.status.to_string(),
            format!("{:.1}", m.length_km),
            format!("{:.1}", m.km_by_basis.published),
            format!("{:.1}", m.km_by_basis.estimated),
            format!("{:.1}", m.km_by_basis.measured),
            format!("{:.1}", m.measured_length_km),
            m.stated_length_km
                .map(|v| format!("{v}"))
                .unwrap_or_default(),
            m.difference_pct
                .map(|v| format!("{v:.1}"))
                .unwrap_or_default(),
            format!("{:.1}", m.great_circle_km),
            m.circuity.map(|v| format!("{v:.3}")).unwrap_or_default(),
            format!("{:.1}", m.km_by_status.operational),
            format!("{:.1}", m.km_by_status.under_construction),
            format!("{:.1}", m.km_by_status.proposed),
            m.countries.join(" "),
            m.border_crossings.join(" "),
            m.sources.join("; "),
        ]);
    }
    table
}

/// `compare` for the report: human headers, rounded numbers, and each corridor's
/// sources as note numbers ("1, 4") into the list that comes with it, so that no cell
/// holds a page of text.
pub fn compare_report(rows: &[CorridorMetrics]) -> (TextTable, Vec<String>) {
    let mut table = TextTable::new(&[
        Column::Text("Corridor"),
        Column::Text("Mode"),
        Column::Number("km"),
        Column::Number("Published total, km"),
        Column::Number("Difference"),
        Column::Number("Published sections"),
        Column::Number("Circuity"),
        Column::Number("Operational km"),
        Column::Number("Unbuilt km"),
        Column::Text("Countries"),
        Column::Text("Sources"),
    ]);
    let mut notes: Vec<String> = Vec::new();
    for m in rows {
        let numbers: Vec<String> = m
            .sources
            .iter()
            .map(|source| {
                let at = match notes.iter().position(|n| n == source) {
                    Some(at) => at,
                    None => {
                        notes.push(source.clone());
                        notes.len() - 1
                    }
                };
                (at + 1).to_string()
            })
            .collect();
        table.push(vec![
            m.name.clone(),
            m.mode.to_string(),
            km(m.length_km),
            or_dash(m.stated_length_km, km),
            or_dash(m.difference_pct, |d| crate::wording::signed_pct(d, 0)),
            or_dash(m.km_by_basis.published_pct(), |p| format!("{p:.0}%")),
            or_dash(m.circuity, |c| format!("{c:.2}")),
            km(m.km_by_status.operational),
            km(m.km_by_status.under_construction + m.km_by_status.proposed),
            m.countries.join(" "),
            numbers.join(", "),
        ]);
    }
    let notes = notes
        .into_iter()
        .enumerate()
        .map(|(i, source)| format!("[{}] {source}", i + 1))
        .collect();
    (table, notes)
}

/// The lines under `compare`'s terminal table: each corridor's crossings, sources
/// and notes, wrapped to the table's width.
pub fn compare_details(rows: &[CorridorMetrics]) -> String {
    let mut text = String::new();
    for m in rows {
        text.push('\n');
        let heading = format!("{} — {} ({} → {})", m.id, m.name, m.from, m.to);
        super::push_wrapped(&mut text, "", "  ", &heading);
        let mut line = String::new();
        let mut item = |label: &str, body: &str| {
            line.clear();
            line.push_str(label);
            line.push_str(": ");
            line.push_str(body);
            super::push_wrapped(&mut text, "  ", "    ", &line);
        };
        if !m.border_crossings.is_empty() {
            item("crossings", &m.border_crossings.join(", "));
        }
        if let Some((low, high)) = m.stated_length_range_km {
            item(
                "published totals",
                &format!("{} – {} km", km(low), km(high)),
            );
        }
        for source in &m.sources {
            item("source", source);
        }
        for note in &m.notes {
            item("note", note);
        }
    }
    text
}

/// `check`'s text: the one-line summary, then what the lengths stand on, the detour
/// factors with their leave-one-out error, and a line per suspicious length.
pub fn write_check_summary(
    out: &mut dyn std::io::Write,
    summary: &crate::compare::DatasetSummary,
) -> std::io::Result<()> {
    use crate::wording::km;
    let k = &summary.km_by_status;
    writeln!(
        out,
        "ok: {} places, {} corridors, {} segments; {} km operational, {} km under construction, {} km proposed",
        summary.places,
        summary.corridors,
        summary.segments,
        km(k.operational),
        km(k.under_construction),
        km(k.proposed),
    )?;
    let b = &summary.km_by_basis;
    writeln!(
        out,
        "lengths: {} km published ({:.0}%), {} km estimated, {} km measured (straight lines)",
        km(b.published),
        b.published_pct().unwrap_or(0.0),
        km(b.estimated),
        km(b.measured),
    )?;
    if !summary.detour_factors.is_empty() {
        let error = summary
            .leave_one_out_error_pct
            .map(|e| {
                format!(
                    "; leave-one-out error on {} published segments: median {:.1}%, 90% within {:.1}%",
                    e.segments, e.median, e.p90
                )
            })
            .unwrap_or_default();
        writeln!(out, "detour factors (published ÷ geodesic, median{error}):")?;
        let mut modes: Vec<_> = summary.detour_factors.iter().map(|f| f.mode).collect();
        modes.dedup();
        for mode in modes {
            let groups: Vec<String> = summary
                .detour_factors
                .iter()
                .filter(|f| f.mode == mode)
                .map(|f| {
                    let terrain = f.terrain.map_or("all", |t| t.as_str());
                    format!("{terrain} {:.2} (n={})", f.factor, f.samples)
                })
                .collect();
            writeln!(out, "  {mode}: {}", groups.join(", "))?;
        }
    }
    for w in &summary.warnings {
        writeln!(
            out,
            "warning: {}: segment {} → {}: the published {} km is {:.1} × the {} km straight line; check the figure and the ends",
            w.file,
            w.from,
            w.to,
            km(w.published_km),
            w.circuity,
            km(w.straight_km),
        )?;
    }
    Ok(())
}

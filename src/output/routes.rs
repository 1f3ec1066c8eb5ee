//! The outputs of `route`, `matrix` and `reach` in every text format.

use std::io::{self, Write};

use serde::Serialize;

use super::answer::Answer;
use super::{Column, TextFormat, TextTable, or_dash, write_table, write_table_with_note};
use crate::model::Dataset;
use crate::routing::{FilterDescription, Metric, RouteSummary};
use crate::wording::km;

/// A value in a metric's unit, for a table: km and US$ whole, hours to 0.1.
pub fn metric_value(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Distance => km(value),
        Metric::Time => format!("{value:.1}"),
        Metric::Cost => format!("{value:.0}"),
    }
}

fn hours(value: Option<f64>) -> String {
    or_dash(value, |h| format!("{} h", crate::wording::fixed(h, 1)))
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
        Column::Text("from"),
        Column::Text("to"),
        Column::Text("corridor"),
        Column::Text("mode"),
        Column::Text("status"),
        Column::Number("km"),
        Column::Number("cum. km"),
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
        Column::Number("route"),
        Column::Text("from"),
        Column::Text("to"),
        Column::Text("corridor"),
        Column::Text("mode"),
        Column::Text("status"),
        Column::Number("distance_km"),
        Column::Number("cumulative_km"),
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
            or_dash(route.cost_usd_per_t, |c| format!("US$ {c:.0} per tonne")),
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
        ("status", status_line(route)),
        ("countries", route.countries.join(" → ")),
        ("crossings", crossings_line(route)),
        ("transfers", transfers_line(route)),
    ];
    if !route.seasonal.is_empty() {
        lines.push(("seasonal", seasonal_line(route)));
    }
    lines
}

/// "1,234 km operational, 56 km proposed; not operational: ..."
fn status_line(route: &RouteSummary) -> String {
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
    status
}

/// Each border crossing with its mode, delay and cost; "none" where there is none.
fn crossings_line(route: &RouteSummary) -> String {
    joined_or_none(&route.border_crossings, |c| {
        format!(
            "{} ({}, {}, {})",
            c.crossing,
            c.mode,
            hours(c.delay_h),
            or_dash(c.cost_usd_per_shipment, |u| format!("US$ {u:.0}"))
        )
    })
}

/// Each change of mode with its place and duration; "none" where there is none.
fn transfers_line(route: &RouteSummary) -> String {
    joined_or_none(&route.transfers, |t| {
        let (place, from, to) = (&t.place, &t.from, &t.to);
        format!("{place} ({from} → {to}, {})", hours(t.duration_h))
    })
}

/// `items` shown by `show`, joined by "; "; "none" where there are none.
fn joined_or_none<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items.iter().map(show).collect::<Vec<_>>().join("; ")
}

/// Each seasonal step with when it is open.
fn seasonal_line(route: &RouteSummary) -> String {
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
    steps.join("; ")
}

/// What an answer was searched on: the dataset's links (`filter`), or an imported
/// network (`network`, with `method`, how it was searched).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Searched {
    /// The imported network, and its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// The dataset's links: modes, statuses, what is avoided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<FilterDescription>,
    /// How a network was searched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

impl Searched {
    pub fn dataset(filter: FilterDescription) -> Self {
        Self {
            network: None,
            filter: Some(filter),
            method: None,
        }
    }

    pub fn network(origin: &str, method: String) -> Self {
        Self {
            network: Some(origin.to_string()),
            filter: None,
            method: Some(method),
        }
    }
}

/// The answer to `route`, on the dataset (`R` = [`RouteSummary`]) or on an imported
/// network (`R` = [`NetworkRoute`]); the fields one of them cannot give are absent.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RouteAnswer<R = RouteSummary> {
    #[serde(flatten)]
    pub searched: Searched,
    /// Place ids, or on a network the positions asked for.
    pub from: String,
    pub to: String,
    pub via: Vec<String>,
    /// What was minimised.
    pub by: Metric,
    /// How alternatives were chosen (the dataset gives alternatives).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives_rule: Option<String>,
    /// Each position and the point on a road it snapped to, in travel order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stops: Option<Vec<SnappedStop>>,
    /// Best first.
    pub routes: Vec<R>,
}

/// The title of a `route` answer:
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
        answer
            .searched
            .filter
            .as_ref()
            .map_or_else(String::new, |f| f.phrase())
    )
}

/// `route` on the dataset: the answer, and the dataset whose ids it gives (for the
/// names in its tables).
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct RouteOnDataset<'d> {
    pub answer: RouteAnswer,
    #[serde(skip)]
    pub data: &'d Dataset,
}

impl Answer for RouteOnDataset<'_> {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let (data, answer) = (self.data, &self.answer);
        if format == TextFormat::Csv {
            return write_table(out, &all_legs(answer), format);
        }
        let markdown = format == TextFormat::Markdown;
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
            } else {
                writeln!(out, "{heading}")?;
                // A long value (many crossings, a seasonal note) wraps under itself.
                let mut text = String::new();
                for (label, value) in summary_lines(route) {
                    let first = format!("  {label:<10} ");
                    let rest = " ".repeat(first.len());
                    super::push_wrapped(&mut text, &first, &rest, &value);
                }
                out.write_all(text.as_bytes())?;
            }
            writeln!(out)?;
            write_table(out, &legs(data, route), format)?;
        }
        if count > 1
            && let Some(rule) = &answer.alternatives_rule
        {
            let mut text = String::from("\n");
            let line = format!("Alternatives: {rule}.");
            super::push_wrapped(&mut text, "", "", &line);
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    fn geojson(&self) -> Option<geojson::FeatureCollection> {
        Some(super::geojson::routes_collection(
            self.data,
            &self.answer.routes,
        ))
    }
}

/// Values in the unit of what was minimised, under a JSON key that names it:
/// `distance_km`, `duration_h` or `cost_usd_per_t`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub enum MetricValues<T> {
    #[serde(rename = "distance_km")]
    DistanceKm(T),
    #[serde(rename = "duration_h")]
    DurationH(T),
    #[serde(rename = "cost_usd_per_t")]
    CostUsdPerT(T),
}

impl<T> MetricValues<T> {
    /// `values` under the key of `metric`.
    pub fn of(metric: Metric, values: T) -> Self {
        match metric {
            Metric::Distance => Self::DistanceKm(values),
            Metric::Time => Self::DurationH(values),
            Metric::Cost => Self::CostUsdPerT(values),
        }
    }

    pub fn values(&self) -> &T {
        match self {
            Self::DistanceKm(v) | Self::DurationH(v) | Self::CostUsdPerT(v) => v,
        }
    }
}

/// A position asked for on an imported network, and the point on a road it was
/// snapped to (degrees, WGS84).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SnappedStop {
    /// The `lat,lon` as given.
    pub asked: String,
    /// The link it snapped onto.
    pub link: u32,
    pub lat: f64,
    pub lon: f64,
    /// Metres from the position asked for to the road.
    pub snap_m: f64,
    /// Metres farther than the nearest road, where that lay on a small piece of
    /// road cut off from the rest and the position was moved off it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_m: Option<f64>,
}

/// How a table shows a value: rounded by the metric (km whole, hours to 0.1), or
/// with three decimals (an imported network's metres).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    ByMetric(Metric),
    Thousandths,
}

impl Shown {
    pub fn show(self, value: f64) -> String {
        match self {
            Shown::ByMetric(metric) => metric_value(metric, value),
            Shown::Thousandths => format!("{value:.3}"),
        }
    }
}

/// How a table shows an answer's values: the unit in its header, their rounding, and
/// the note a terminal shows under it.
#[derive(Debug, Clone)]
pub struct TableForm {
    pub unit: &'static str,
    pub shown: Shown,
    pub note: String,
}

/// `matrix`, on the dataset or on an imported network (`network` and the snapped
/// stops are given only there; `filter` only on the dataset).
#[derive(Serialize, schemars::JsonSchema)]
pub struct MatrixAnswer {
    #[serde(flatten)]
    pub searched: Searched,
    /// Place ids, or on a network the positions asked for.
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub by: Metric,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapped_from: Option<Vec<SnappedStop>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapped_to: Option<Vec<SnappedStop>>,
    /// One row per origin, one cell per destination; null where there is no route.
    #[serde(flatten)]
    pub values: MetricValues<Vec<Vec<Option<f64>>>>,
    /// Row and column headings of a table.
    #[serde(skip)]
    pub from_names: Vec<String>,
    #[serde(skip)]
    pub to_names: Vec<String>,
    #[serde(skip)]
    pub table: TableForm,
}

impl Answer for MatrixAnswer {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let table = matrix_table(
            &self.from_names,
            &self.to_names,
            self.values.values(),
            self.table.unit,
            |v| self.table.shown.show(v),
        );
        write_table_with_note(out, &table, format, &self.table.note)
    }
}

/// A place (dataset) or a node (imported network) within reach, with its position
/// in degrees and what it takes to get there.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReachedEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::model::PlaceKind>,
    /// The node's index in the network file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<u32>,
    pub lat: f64,
    pub lon: f64,
    #[serde(flatten)]
    pub value: MetricValues<f64>,
}

/// How far `reach` looks, under a key that names the unit.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub enum Budget {
    #[serde(rename = "within_km")]
    Km(f64),
    #[serde(rename = "within_h")]
    Hours(f64),
}

/// `reach`, on the dataset or on an imported network.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ReachAnswer {
    #[serde(flatten)]
    pub searched: Searched,
    /// A place id, or on a network the position asked for.
    pub from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapped_from: Option<SnappedStop>,
    pub by: Metric,
    #[serde(flatten)]
    pub within: Budget,
    /// Nearest first.
    pub reached: Vec<ReachedEntry>,
    #[serde(skip)]
    pub table: TableForm,
}

impl Answer for ReachAnswer {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let table = reach_table(&self.reached, self.table.unit, self.table.shown);
        write_table_with_note(out, &table, format, &self.table.note)
    }
}

/// The matrix as a table: one row per origin, one column per destination, cells
/// shown by `show` (— where there is no value).
fn matrix_table(
    from: &[String],
    to: &[String],
    values: &[Vec<Option<f64>>],
    unit: &str,
    show: impl Fn(f64) -> String,
) -> TextTable {
    let corner = format!("from \\ to ({unit})");
    let columns: Vec<Column> = std::iter::once(Column::Text(&corner))
        .chain(to.iter().map(|t| Column::Number(t)))
        .collect();
    let mut table = TextTable::new(&columns);
    for (row, name) in values.iter().zip(from) {
        let mut cells = vec![name.clone()];
        cells.extend(row.iter().map(|v| or_dash(*v, &show)));
        table.push(cells);
    }
    table
}

/// What is within reach, nearest first: places (name, id, country, kind), or nodes
/// (node, lat, lon).
fn reach_table(reached: &[ReachedEntry], unit: &str, shown: Shown) -> TextTable {
    let places = reached.iter().all(|r| r.node.is_none());
    if places {
        let mut table = TextTable::new(&[
            Column::Text("place"),
            Column::Text("id"),
            Column::Text("country"),
            Column::Text("kind"),
            Column::Number(unit),
        ]);
        for r in reached {
            table.push(vec![
                r.name.clone().unwrap_or_default(),
                r.id.clone().unwrap_or_default(),
                r.country.clone().unwrap_or_default(),
                r.kind.map_or_else(String::new, |k| k.to_string()),
                shown.show(*r.value.values()),
            ]);
        }
        return table;
    }
    // One row per node reached, nearest first: a script's input.
    let mut table = TextTable::new(&[
        Column::Number("node"),
        Column::Number("lat"),
        Column::Number("lon"),
        Column::Number(unit),
    ]);
    for r in reached {
        table.push(vec![
            r.node.map_or_else(String::new, |n| n.to_string()),
            format!("{:.7}", r.lat),
            format!("{:.7}", r.lon),
            shown.show(*r.value.values()),
        ]);
    }
    table
}

/// `route` on an imported network: one route through the positions asked for.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct RouteOnNetwork {
    pub answer: RouteAnswer<NetworkRoute>,
    /// The km at each stop, for the table.
    #[serde(skip)]
    pub cumulative_km: Vec<f64>,
}

/// A route on an imported network.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NetworkRoute {
    pub distance_km: f64,
    /// Travel time at the car profile's speeds, where the route's links are known
    /// (plain Dijkstra: by time, or with --status all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_h: Option<f64>,
    pub great_circle_km: f64,
    pub circuity: Option<f64>,
    pub km_by_status: crate::lengths::KmByStatus,
    pub node_count: usize,
    /// The point on the road at each stop and every node on the way, [lat, lon].
    pub geometry: Vec<[f64; 2]>,
}

impl Answer for RouteOnNetwork {
    fn write_text(&self, out: &mut dyn Write, format: TextFormat) -> io::Result<()> {
        let answer = &self.answer;
        let stops = answer.stops.as_deref().unwrap_or_default();
        let route = &answer.routes[0];
        let mut table = TextTable::new(&[
            Column::Text("stop"),
            Column::Text("asked"),
            Column::Number("to road (m)"),
            Column::Number("km"),
        ]);
        for (i, (stop, km)) in stops.iter().zip(&self.cumulative_km).enumerate() {
            let role = match i {
                0 => "from".to_string(),
                i if i + 1 == stops.len() => "to".to_string(),
                i => format!("via {i}"),
            };
            let snapped = match stop.moved_m {
                Some(moved) => format!("{:.1} (moved {moved:.0})", stop.snap_m),
                None => format!("{:.1}", stop.snap_m),
            };
            table.push(vec![role, stop.asked.clone(), snapped, format!("{km:.3}")]);
        }
        let hours = route
            .duration_h
            .map_or(String::new(), |h| format!(", {h:.3} h"));
        let note = format!(
            "{:.3} km{hours} ({} nodes; great circle {:.3} km).\nSearch: {}.",
            route.distance_km,
            route.node_count,
            route.great_circle_km,
            answer.searched.method.as_deref().unwrap_or_default()
        );
        write_table_with_note(out, &table, format, &note)
    }

    fn geojson(&self) -> Option<geojson::FeatureCollection> {
        let answer = &self.answer;
        let route = &answer.routes[0];
        let mut properties = geojson::JsonObject::new();
        properties.insert("from".into(), answer.from.clone().into());
        properties.insert("to".into(), answer.to.clone().into());
        properties.insert("distance_km".into(), route.distance_km.into());
        if let Some(hours) = route.duration_h {
            properties.insert("duration_h".into(), hours.into());
        }
        if let Some(network) = &answer.searched.network {
            properties.insert("network".into(), network.clone().into());
        }
        let points = route
            .geometry
            .iter()
            .map(|p| crate::model::LatLon::new(p[0], p[1]));
        let feature = super::geojson::line_feature(points, properties);
        Some(super::geojson::collection(vec![feature]))
    }
}

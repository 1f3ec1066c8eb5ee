//! The report: every chart and table a report author needs, as in-memory files
//! (charts, `report.md`, a self-contained `report.html`). The command layer writes
//! them.

use crate::analysis::{self, Pairs};
use crate::basemap::Basemap;
use crate::chart::{self, ChartError, MapSpec, RouteOverlay};
use crate::compare::{self, CompareOptions};
use crate::graph::{CorridorGraph, Filter};
use crate::lookup;
use crate::model::{Dataset, Mode, Pair, PlaceIdx};
use crate::output::document::{Block, Document};
use crate::output::{self, Column, TextTable, or_dash, tables};
use crate::routing::{self, RouteSummary, Search, Weights};
use crate::sea_access;
use crate::wording::km;

/// The Pakistani ports the capitals are routed to with a map each (the analysis
/// adds Port Qasim, next to Karachi, to its pairs).
const MAPPED_PORTS: &[&str] = &["karachi", "gwadar"];
/// Where the sea-access chart starts: the second paper's origin.
pub const SEA_ACCESS_ORIGIN: &str = "dushanbe";

/// One output file: its name inside the report directory and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFile {
    pub name: String,
    pub text: String,
}

/// The key route pairs and their answers on operational links and on all links.
struct KeyRoute {
    from: PlaceIdx,
    to: PlaceIdx,
    operational: Option<RouteSummary>,
    all_links: Option<RouteSummary>,
}

impl KeyRoute {
    /// The route map's file name; `None` where neither network connects the pair,
    /// so there is no map.
    fn chart_file(&self, data: &Dataset) -> Option<String> {
        (self.operational.is_some() || self.all_links.is_some()).then(|| {
            format!(
                "route-{}-{}.svg",
                data.places[self.from].id, data.places[self.to].id
            )
        })
    }
}

/// Builds every file of the report.
pub fn build(
    data: &Dataset,
    basemap: &Basemap,
    pairs: &Pairs,
) -> Result<Vec<ReportFile>, ChartError> {
    // The planner analysis takes about half the report's time and needs nothing else
    // of it: it is worked out on a thread of its own while the rest is drawn.
    std::thread::scope(|scope| {
        let analyses = scope.spawn(|| Analyses::compute(data, basemap, pairs));
        build_with(data, basemap, pairs, || {
            analyses
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// The results of the planner analysis that [`push_analysis`] writes.
struct Analyses {
    impact: analysis::impact::Impact,
    rail_impact: analysis::impact::Impact,
    critical: analysis::critical::Critical,
    claims: Vec<analysis::claims::ClaimResult>,
}

impl Analyses {
    /// The analysis for `pairs`; `None` where there are none (the report has no
    /// analysis then).
    fn compute(data: &Dataset, basemap: &Basemap, pairs: &Pairs) -> Option<Self> {
        if pairs.pairs.is_empty() {
            return None;
        }
        let operational = Filter::default();
        let impact = analysis::impact::impact(data, &operational, pairs);
        // Most unbuilt projects are railways; where the roads already join the pairs by
        // shorter ways, they save no km on the whole network, so they are also
        // measured on the operational railways alone, which is what a rail project
        // changes.
        let rail = Filter {
            modes: vec![Mode::Rail],
            ..operational.clone()
        };
        let rail_impact = analysis::impact::impact(data, &rail, pairs);
        let critical = analysis::critical::critical(data, &operational, pairs);
        let claims = if data.claims.is_empty() {
            Vec::new()
        } else {
            analysis::claims::check_all(data, basemap)
        };
        Some(Self {
            impact,
            rail_impact,
            critical,
            claims,
        })
    }
}

/// The report as it is built: the document and, beside it, the files its figures
/// are written to.
struct Report {
    document: Document,
    files: Vec<ReportFile>,
}

impl Report {
    fn new() -> Self {
        Self {
            document: Document {
                title: "Corridors between Central Asia and South Asia".into(),
                blocks: Vec::new(),
            },
            files: Vec::new(),
        }
    }

    fn push(&mut self, block: Block) {
        self.document.blocks.push(block);
    }

    fn heading(&mut self, text: impl Into<String>) {
        self.push(Block::Heading {
            level: 1,
            text: text.into(),
        });
    }

    fn paragraph(&mut self, text: impl Into<String>) {
        self.push(Block::Paragraph(text.into()));
    }

    /// A table with no column of links.
    fn table(&mut self, table: TextTable) {
        self.push(Block::Table {
            table,
            link_column: None,
        });
    }

    /// A figure in the document, and its SVG as a file of its own.
    fn figure(&mut self, file: &str, caption: &str, svg: String) {
        self.push(Block::Figure {
            file: file.into(),
            caption: caption.into(),
            svg: svg.clone(),
        });
        self.files.push(ReportFile {
            name: file.into(),
            text: svg,
        });
    }

    /// The files with the document last, as Markdown and as HTML.
    fn finish(mut self) -> Vec<ReportFile> {
        self.files.push(ReportFile {
            name: "report.md".into(),
            text: self.document.to_markdown(),
        });
        self.files.push(ReportFile {
            name: "report.html".into(),
            text: self.document.to_html(),
        });
        self.files
    }
}

/// The two networks the report routes on: operational links, and all links (under
/// construction and proposed too).
struct Networks<'a> {
    operational: &'a Filter,
    all_links: &'a Filter,
    on_operational: &'a Search<'a>,
    on_all_links: &'a Search<'a>,
}

fn build_with(
    data: &Dataset,
    basemap: &Basemap,
    pairs: &Pairs,
    analyses: impl FnOnce() -> Option<Analyses>,
) -> Result<Vec<ReportFile>, ChartError> {
    let everything = Filter::everything();
    let operational = Filter::default();
    let all_links = Filter {
        statuses: everything.statuses.clone(),
        ..Filter::default()
    };
    let weights = Weights::distance(data);
    let operational_network = CorridorGraph::new(data, &operational);
    let all_links_network = CorridorGraph::new(data, &all_links);
    let on_operational = Search::new(&operational_network, &weights);
    let on_all_links = Search::new(&all_links_network, &weights);
    let networks = Networks {
        operational: &operational,
        all_links: &all_links,
        on_operational: &on_operational,
        on_all_links: &on_all_links,
    };

    let mut report = Report::new();
    push_overview(data, &mut report);
    // Written once for the network map and every route map.
    let cache = chart::MapCache::new(data);
    let network_map = MapSpec::network(data, &everything);
    let map_svg = chart::map_cached(data, basemap, &network_map, &cache)?;
    report.figure(
        "map.svg",
        "The corridors on the map: colour by mode, line style by status",
        map_svg,
    );
    let rows = compare::compare(data, &CompareOptions::default());
    push_comparison(data, &everything, &rows, &mut report)?;
    push_evidence(data, &mut report);
    push_sea_access(data, &networks, &mut report)?;
    push_key_routes(data, (basemap, &cache), &networks, &mut report)?;
    if let Some(analyses) = analyses() {
        push_analysis(data, pairs, &operational, analyses, &mut report)?;
    }
    push_notes(&rows, &mut report);
    Ok(report.finish())
}

/// The opening paragraphs: the dataset in numbers, how lengths are estimated, and
/// the scenario in force.
fn push_overview(data: &Dataset, report: &mut Report) {
    let summary = compare::summary(data);
    let k = &summary.km_by_status;
    report.paragraph(format!(
        "{} places, {} corridors, {} segments: {} km operational, {} km under construction, {} km proposed. \
         Lengths are on the ground: {}. Every figure names its source in routes/.",
        summary.places,
        summary.corridors,
        summary.segments,
        km(k.operational),
        km(k.under_construction),
        km(k.proposed),
        crate::output::routes::lengths_line(&summary.km_by_basis),
    ));
    if let Some(factors) = summary.leave_one_out_error_pct {
        report.paragraph(format!(
            "A segment with no published length is estimated: the geodesic along its shape points times the \
             median ratio of published length to geodesic over the published segments of the same mode and \
             terrain. Estimated from all the others, the {} published segments come out with a median error \
             of {:.1}% (90% within {:.1}%).",
            factors.segments, factors.median, factors.p90
        ));
    }
    if !data.scenarios.is_empty() {
        report.paragraph(format!(
            "Scenario in force: {}. Every figure below is for the changed network.",
            data.scenarios.join(" + ")
        ));
    }
}

/// The corridor comparison: the lengths chart, the table and its sources.
fn push_comparison(
    data: &Dataset,
    everything: &Filter,
    rows: &[compare::CorridorMetrics],
    report: &mut Report,
) -> Result<(), ChartError> {
    report.heading("Corridor comparison");
    let lengths_svg = chart::lengths(data, everything, &chart::subtitle(data, everything))?;
    report.figure(
        "lengths.svg",
        "Corridor lengths, stacked by status, with the published length marked",
        lengths_svg,
    );
    let (table, sources) = tables::compare_report(rows);
    report.table(table);
    report.paragraph(
        "Sources, by the numbers in the table (every field of every corridor: `corridors compare --format csv`):",
    );
    report.push(Block::List(sources));
    Ok(())
}

/// Lengths against published distances, where the dataset has evidence.
fn push_evidence(data: &Dataset, report: &mut Report) {
    if data.evidence.is_empty() {
        return;
    }
    let evidence = analysis::evidence::check_all(data, &data.evidence);
    report.heading("Lengths against published distances");
    report.paragraph(crate::output::analysis::evidence_note(&evidence));
    report.table(crate::output::analysis::evidence(&evidence));
}

/// Sea access from [`SEA_ACCESS_ORIGIN`], where the dataset has it and outlets.
fn push_sea_access(
    data: &Dataset,
    networks: &Networks,
    report: &mut Report,
) -> Result<(), ChartError> {
    let Ok(origin) = lookup::find_place(data, SEA_ACCESS_ORIGIN) else {
        return Ok(());
    };
    if data.outlets.is_empty() {
        return Ok(());
    }
    report.heading(format!("Sea access from {}", data.places[origin].name));
    let now = sea_access::sea_access(networks.on_operational, networks.operational, origin);
    let later = sea_access::sea_access(networks.on_all_links, networks.all_links, origin);
    let svg = chart::sea_access(&now, &chart::subtitle(data, networks.operational))?;
    report.figure(
        "sea-access.svg",
        "Network distance to each sea outlet beside the straight line and the paper's figure",
        svg,
    );
    report.table(sea_access_table(&now, &later));
    let quotes: Vec<String> = now
        .outlets
        .iter()
        .filter_map(|o| {
            let source = o.stated_source.as_ref()?;
            let quote = o.stated_quote.as_deref().unwrap_or("");
            Some(format!("{}: \"{quote}\" ({source})", o.port_name))
        })
        .collect();
    if !quotes.is_empty() {
        report.push(Block::List(quotes));
    }
    Ok(())
}

/// One route map to draw: its file, its title and the routes drawn on it.
type RouteMap = (String, String, Vec<RouteOverlay>);

/// The key routes, the capitals to the Pakistani ports: a table, then a map each.
fn push_key_routes(
    data: &Dataset,
    (basemap, cache): (&Basemap, &chart::MapCache<'_>),
    networks: &Networks,
    report: &mut Report,
) -> Result<(), ChartError> {
    let key_routes: Vec<KeyRoute> =
        Pairs::between(data, analysis::CENTRAL_ASIAN_CAPITALS, MAPPED_PORTS)
            .pairs
            .into_iter()
            .map(|Pair { from, to }| KeyRoute {
                from,
                to,
                operational: routing::best(networks.on_operational, from, to),
                all_links: routing::best(networks.on_all_links, from, to),
            })
            .collect();
    if key_routes.is_empty() {
        return Ok(());
    }
    report.heading("Key routes: the capitals to the Pakistani ports");
    report.paragraph(
        "Shortest by distance, by road, rail and ferry: first on operational links, then on all links \
         (under construction and proposed too). Hours and US$ per tonne use routes/travel.toml.",
    );
    report.push(Block::Table {
        table: key_route_table(data, &key_routes),
        link_column: Some(8),
    });
    let maps: Vec<RouteMap> = key_routes
        .iter()
        .filter_map(|route| route_map(data, route))
        .collect();
    let svgs = draw_route_maps(data, (basemap, cache), networks.all_links, &maps);
    for ((file, title, _), svg) in maps.iter().zip(svgs) {
        report.figure(file, title, svg?);
    }
    Ok(())
}

/// A key route's map: both answers drawn over the network; `None` where neither
/// network connects the pair.
fn route_map(data: &Dataset, route: &KeyRoute) -> Option<RouteMap> {
    let overlays: Vec<RouteOverlay> = [
        ("operational links", &route.operational),
        ("all links", &route.all_links),
    ]
    .into_iter()
    .filter_map(|(links, summary)| summary.as_ref().map(|s| (links, s)))
    .map(|(links, summary)| {
        let label = format!("On {links}: {} km", km(summary.distance_km));
        RouteOverlay::labelled(label, summary)
    })
    .collect();
    let file = route.chart_file(data)?;
    let title = format!(
        "{} → {}: shortest on operational links and on all links",
        data.places[route.from].name, data.places[route.to].name
    );
    Some((file, title, overlays))
}

/// Draws the route maps, in order. They are most of the report's drawing: half are
/// drawn on a thread of their own.
fn draw_route_maps(
    data: &Dataset,
    (basemap, cache): (&Basemap, &chart::MapCache<'_>),
    all_links: &Filter,
    maps: &[RouteMap],
) -> Vec<Result<String, ChartError>> {
    let draw = |(_, title, overlays): &RouteMap| {
        chart::map_cached(
            data,
            basemap,
            &MapSpec {
                title: title.clone(),
                subtitle: format!(
                    "{}; the network drawn has every status",
                    chart::subtitle(data, all_links)
                ),
                filter: all_links,
                routes: overlays,
            },
            cache,
        )
    };
    let (here, beside) = maps.split_at(maps.len() / 2);
    std::thread::scope(|scope| {
        let drawn_beside = scope.spawn(|| beside.iter().map(draw).collect::<Vec<_>>());
        let mut svgs: Vec<_> = here.iter().map(draw).collect();
        svgs.extend(
            drawn_beside
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        svgs
    })
}

/// The notes of every corridor, each after its id.
fn push_notes(rows: &[compare::CorridorMetrics], report: &mut Report) {
    let notes: Vec<String> = rows
        .iter()
        .flat_map(|m| m.notes.iter().map(move |note| format!("{}: {note}", m.id)))
        .collect();
    if !notes.is_empty() {
        report.heading("Notes");
        report.push(Block::List(notes));
    }
}

/// How many closures the report's table of fragile points lists.
const CRITICAL_ROWS: usize = 15;

/// The planner analysis: impact of unbuilt projects, fragile points, the papers' claims.
fn push_analysis(
    data: &Dataset,
    pairs: &Pairs,
    operational: &Filter,
    analyses: Analyses,
    report: &mut Report,
) -> Result<(), ChartError> {
    push_impact(data, pairs, operational, &analyses, report)?;
    push_critical(&analyses.critical, report);
    if !data.claims.is_empty() {
        push_claims(data, &analyses.claims, report)?;
    }
    Ok(())
}

/// What the unbuilt projects would change: on the whole operational network, then on
/// the railways alone.
fn push_impact(
    data: &Dataset,
    pairs: &Pairs,
    operational: &Filter,
    analyses: &Analyses,
    report: &mut Report,
) -> Result<(), ChartError> {
    let Analyses {
        impact,
        rail_impact,
        ..
    } = analyses;
    let rail = Filter {
        modes: vec![Mode::Rail],
        ..operational.clone()
    };
    report.heading("What the unbuilt projects would change");
    report.paragraph(format!(
        "Each corridor's proposed and under-construction segments added alone to the operational road, rail \
         and ferry network, then all together (`corridors impact`). Pairs: {}. km and hours saved are summed \
         over the pairs; hours include border clearance and transfers. On that network all of them together \
         save {} km and {} h.",
        pairs.origin,
        crate::wording::km(impact.all_built.saved_km_total),
        impact
            .all_built
            .saved_h_total
            .map_or("—".to_string(), |h| crate::wording::fixed(h, 1)),
    ));
    report.table(output::analysis::impact(impact));
    report.paragraph(
        "The unbuilt railways added to the operational railways alone (`corridors impact --mode rail`): \
         what each would change for freight that stays on rail.",
    );
    let svg = chart::analysis::impact(rail_impact, &chart::subtitle(data, &rail))?;
    report.figure(
        "impact.svg",
        "km saved on the railways by each unbuilt railway, and by all of them",
        svg,
    );
    report.table(output::analysis::impact(rail_impact));
    Ok(())
}

/// Where the operational network is fragile: the worst [`CRITICAL_ROWS`] closures.
fn push_critical(critical: &analysis::critical::Critical, report: &mut Report) {
    report.heading("Where the operational network is fragile");
    report.paragraph(format!(
        "{} articulation points (places whose closure splits the network), {} bridges (segments likewise) \
         and every border crossing, each closed on its own (`corridors critical`); the worst {CRITICAL_ROWS} \
         for the same pairs. cut: pairs disconnected; longer: pairs with a detour; place pairs: pairs of \
         places the closure separates.",
        critical.articulation_points.len(),
        critical.bridges.len()
    ));
    report.table(output::analysis::critical(critical, CRITICAL_ROWS));
}

/// The papers' figures, checked: the chart, the table and each claim's quote.
fn push_claims(
    data: &Dataset,
    results: &[analysis::claims::ClaimResult],
    report: &mut Report,
) -> Result<(), ChartError> {
    report.heading("The papers' figures, checked");
    let svg = chart::analysis::claims(results, &chart::analysis::claims_subtitle(data))?;
    report.figure(
        "claims.svg",
        "Each claim's computed figure against the stated one",
        svg,
    );
    report.table(output::analysis::claims(results));
    report.push(Block::List(
        results
            .iter()
            .map(|r| {
                format!(
                    "{} ({}): \"{}\" ({}). Computed: {}.",
                    r.id,
                    r.verdict.as_str(),
                    r.quote,
                    r.source,
                    r.method
                )
            })
            .collect(),
    ));
    Ok(())
}

fn sea_access_table(now: &sea_access::SeaAccess, later: &sea_access::SeaAccess) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("port"),
        Column::Text("sea"),
        Column::Number("km, operational"),
        Column::Number("km, all links"),
        Column::Number("great circle km"),
        Column::Number("stated km"),
        Column::Number("operational vs stated"),
        Column::Text("countries (operational)"),
    ]);
    for (row, all) in now.outlets.iter().zip(&later.outlets) {
        table.push(vec![
            row.port_name.clone(),
            row.sea.clone(),
            or_dash(row.network_km, km),
            or_dash(all.network_km, km),
            km(row.great_circle_km),
            or_dash(row.stated_km, km),
            or_dash(row.difference_pct, |d| crate::wording::signed_pct(d, 0)),
            row.countries.join(" → "),
        ]);
    }
    table
}

fn key_route_table(data: &Dataset, routes: &[KeyRoute]) -> TextTable {
    let mut table = TextTable::new(&[
        Column::Text("from"),
        Column::Text("to"),
        Column::Text("links"),
        Column::Number("km"),
        Column::Number("hours"),
        Column::Number("US$/t"),
        Column::Text("countries"),
        Column::Text("not yet operational"),
        Column::Text("chart"),
    ]);
    for route in routes {
        let chart_file = route.chart_file(data).unwrap_or_default();
        for (links, summary) in [
            ("operational", &route.operational),
            ("all", &route.all_links),
        ] {
            let row = match summary {
                Some(s) => vec![
                    km(s.distance_km),
                    or_dash(s.duration_h, |h| format!("{h:.1}")),
                    or_dash(s.cost_usd_per_t, |c| format!("{c:.0}")),
                    s.countries.join(" → "),
                    s.unbuilt_corridors.join(", "),
                ],
                None => vec![
                    "no route".into(),
                    "—".into(),
                    "—".into(),
                    String::new(),
                    String::new(),
                ],
            };
            let mut cells = vec![
                data.places[route.from].name.clone(),
                data.places[route.to].name.clone(),
                links.to_string(),
            ];
            cells.extend(row);
            cells.push(chart_file.clone());
            table.push(cells);
        }
    }
    table
}

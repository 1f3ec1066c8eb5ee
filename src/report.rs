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
use crate::output::{self, Column, TextTable, km, or_dash, tables};
use crate::routing::{self, RouteSummary, Search, Weights};
use crate::sea_access;

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
        // Most unbuilt links are railways; where the roads already join the pairs by
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

    let mut files = Vec::new();
    let mut document = Document {
        title: "Corridors between Central Asia and South Asia".into(),
        blocks: Vec::new(),
    };
    let summary = compare::summary(data);
    let k = &summary.km_by_status;
    document.blocks.push(Block::Paragraph(format!(
        "{} places, {} corridors, {} segments: {} km operational, {} km under construction, {} km proposed. \
         Lengths are on the ground: {}. Every figure names its source in routes/.",
        summary.places,
        summary.corridors,
        summary.segments,
        km(k.operational),
        km(k.under_construction),
        km(k.proposed),
        crate::output::routes::lengths_line(&summary.km_by_basis),
    )));
    if let Some(factors) = summary.leave_one_out_error_pct {
        document.blocks.push(Block::Paragraph(format!(
            "A segment with no published length is estimated: the geodesic along its shape points times the \
             median ratio of published length to geodesic over the published segments of the same mode and \
             terrain. Estimated from all the others, the {} published segments come out with a median error \
             of {:.1}% (90% within {:.1}%).",
            factors.segments, factors.median, factors.p90
        )));
    }
    if !data.scenarios.is_empty() {
        document.blocks.push(Block::Paragraph(format!(
            "Scenario in force: {}. Every figure below is for the changed network.",
            data.scenarios.join(" + ")
        )));
    }

    let map_svg = chart::map(data, basemap, &MapSpec::network(data, &everything))?;
    push_figure(
        &mut document,
        &mut files,
        "map.svg",
        "The corridors on the map: colour by mode, line style by status",
        map_svg,
    );

    document.blocks.push(Block::Heading {
        level: 1,
        text: "Corridor comparison".into(),
    });
    let lengths_svg = chart::lengths(data, &everything, &chart::subtitle(data, &everything))?;
    push_figure(
        &mut document,
        &mut files,
        "lengths.svg",
        "Corridor lengths, stacked by status, with the published length marked",
        lengths_svg,
    );
    let rows = compare::compare(data, &CompareOptions::default());
    let (table, sources) = tables::compare_report(&rows);
    document.blocks.push(Block::Table {
        table,
        link_column: None,
    });
    document.blocks.push(Block::Paragraph(
        "Sources, by the numbers in the table (every field of every corridor: `corridors compare --format csv`):"
            .into(),
    ));
    document.blocks.push(Block::List(sources));

    if !data.evidence.is_empty() {
        let evidence = analysis::evidence::check_all(data, &data.evidence);
        document.blocks.push(Block::Heading {
            level: 1,
            text: "Lengths against published distances".into(),
        });
        document
            .blocks
            .push(Block::Paragraph(crate::output::analysis::evidence_note(
                &evidence,
            )));
        document.blocks.push(Block::Table {
            table: crate::output::analysis::evidence(&evidence),
            link_column: None,
        });
    }

    if let Ok(origin) = lookup::find_place(data, SEA_ACCESS_ORIGIN)
        && !data.outlets.is_empty()
    {
        document.blocks.push(Block::Heading {
            level: 1,
            text: format!("Sea access from {}", data.places[origin].name),
        });
        let now = sea_access::sea_access(&on_operational, &operational, origin);
        let later = sea_access::sea_access(&on_all_links, &all_links, origin);
        let svg = chart::sea_access(&now, &chart::subtitle(data, &operational))?;
        push_figure(
            &mut document,
            &mut files,
            "sea-access.svg",
            "Network distance to each sea outlet beside the straight line and the paper's figure",
            svg,
        );
        document.blocks.push(Block::Table {
            table: sea_access_table(&now, &later),
            link_column: None,
        });
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
            document.blocks.push(Block::List(quotes));
        }
    }

    let key_routes: Vec<KeyRoute> = Pairs::between(data, analysis::CAPITALS, MAPPED_PORTS)
        .pairs
        .into_iter()
        .map(|Pair { from, to }| KeyRoute {
            from,
            to,
            operational: routing::best(&on_operational, from, to),
            all_links: routing::best(&on_all_links, from, to),
        })
        .collect();
    if !key_routes.is_empty() {
        document.blocks.push(Block::Heading {
            level: 1,
            text: "Key routes: the capitals to the Pakistani ports".into(),
        });
        document.blocks.push(Block::Paragraph(
            "Shortest by distance, by road, rail and ferry: first on operational links, then on all links \
             (under construction and proposed too). Hours and US$ per tonne use routes/travel.toml."
                .into(),
        ));
        document.blocks.push(Block::Table {
            table: key_route_table(data, &key_routes),
            link_column: Some(8),
        });
        // The route maps are most of the report's drawing: half are drawn on a thread
        // of their own, and all put in the document in order.
        let mut maps = Vec::new();
        for route in &key_routes {
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
            let Some(file) = route.chart_file(data) else {
                continue;
            };
            let title = format!(
                "{} → {}: shortest on operational links and on all links",
                data.places[route.from].name, data.places[route.to].name
            );
            maps.push((file, title, overlays));
        }
        let draw = |(_, title, overlays): &(String, String, Vec<RouteOverlay>)| {
            chart::map(
                data,
                basemap,
                &MapSpec {
                    title: title.clone(),
                    subtitle: format!(
                        "{}; the network drawn has every status",
                        chart::subtitle(data, &all_links)
                    ),
                    filter: &all_links,
                    routes: overlays,
                },
            )
        };
        let (here, beside) = maps.split_at(maps.len() / 2);
        let svgs: Vec<Result<String, ChartError>> = std::thread::scope(|scope| {
            let drawn_beside = scope.spawn(|| beside.iter().map(draw).collect::<Vec<_>>());
            let mut svgs: Vec<_> = here.iter().map(draw).collect();
            svgs.extend(
                drawn_beside
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
            svgs
        });
        for ((file, title, _), svg) in maps.iter().zip(svgs) {
            push_figure(&mut document, &mut files, file, title, svg?);
        }
    }

    if let Some(analyses) = analyses() {
        push_analysis(
            data,
            pairs,
            &operational,
            analyses,
            &mut document,
            &mut files,
        )?;
    }

    let notes: Vec<String> = rows
        .iter()
        .flat_map(|m| m.notes.iter().map(move |note| format!("{}: {note}", m.id)))
        .collect();
    if !notes.is_empty() {
        document.blocks.push(Block::Heading {
            level: 1,
            text: "Notes".into(),
        });
        document.blocks.push(Block::List(notes));
    }

    files.push(ReportFile {
        name: "report.md".into(),
        text: document.to_markdown(),
    });
    files.push(ReportFile {
        name: "report.html".into(),
        text: document.to_html(),
    });
    Ok(files)
}

/// How many closures the report's table of fragile points lists.
const CRITICAL_ROWS: usize = 15;

/// The planner analysis: impact of unbuilt links, fragile points, the papers' claims.
fn push_analysis(
    data: &Dataset,
    pairs: &Pairs,
    operational: &Filter,
    analyses: Analyses,
    document: &mut Document,
    files: &mut Vec<ReportFile>,
) -> Result<(), ChartError> {
    let Analyses {
        impact,
        rail_impact,
        critical,
        claims: results,
    } = analyses;
    let rail = Filter {
        modes: vec![Mode::Rail],
        ..operational.clone()
    };
    document.blocks.push(Block::Heading {
        level: 1,
        text: "What the unbuilt links would change".into(),
    });
    document.blocks.push(Block::Paragraph(format!(
        "Each corridor's proposed and under-construction segments added alone to the operational road, rail \
         and ferry network, then all together (`corridors impact`). Pairs: {}. km and hours saved are summed \
         over the pairs; hours include border clearance and transfers. On that network all of them together \
         save {} km and {} h.",
        pairs.origin,
        output::km(impact.all_built.saved_km_total),
        impact
            .all_built
            .saved_h_total
            .map_or("—".to_string(), |h| output::fixed(h, 1)),
    )));
    document.blocks.push(Block::Table {
        table: output::analysis::impact(&impact),
        link_column: None,
    });
    document.blocks.push(Block::Paragraph(
        "The unbuilt railways added to the operational railways alone (`corridors impact --mode rail`): \
         what each would change for freight that stays on rail."
            .into(),
    ));
    let svg = chart::analysis::impact(&rail_impact, &chart::subtitle(data, &rail))?;
    push_figure(
        document,
        files,
        "impact.svg",
        "km saved on the railways by each unbuilt railway, and by all of them",
        svg,
    );
    document.blocks.push(Block::Table {
        table: output::analysis::impact(&rail_impact),
        link_column: None,
    });

    document.blocks.push(Block::Heading {
        level: 1,
        text: "Where the operational network is fragile".into(),
    });
    document.blocks.push(Block::Paragraph(format!(
        "{} articulation points (places whose closure splits the network), {} bridges (segments likewise) \
         and every border crossing, each closed on its own (`corridors critical`); the worst {CRITICAL_ROWS} \
         for the same pairs. cut: pairs disconnected; longer: pairs with a detour; place pairs: pairs of \
         places the closure separates.",
        critical.articulation_points.len(),
        critical.bridges.len()
    )));
    document.blocks.push(Block::Table {
        table: output::analysis::critical(&critical, CRITICAL_ROWS),
        link_column: None,
    });

    if !data.claims.is_empty() {
        document.blocks.push(Block::Heading {
            level: 1,
            text: "The papers' figures, checked".into(),
        });
        let svg = chart::analysis::claims(&results, &chart::analysis::claims_subtitle(data))?;
        push_figure(
            document,
            files,
            "claims.svg",
            "Each claim's computed figure against the stated one",
            svg,
        );
        document.blocks.push(Block::Table {
            table: output::analysis::claims(&results),
            link_column: None,
        });
        document.blocks.push(Block::List(
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
    }
    Ok(())
}

fn push_figure(
    document: &mut Document,
    files: &mut Vec<ReportFile>,
    file: &str,
    caption: &str,
    svg: String,
) {
    document.blocks.push(Block::Figure {
        file: file.into(),
        caption: caption.into(),
        svg: svg.clone(),
    });
    files.push(ReportFile {
        name: file.into(),
        text: svg,
    });
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
            or_dash(row.difference_pct, |d| crate::output::signed_pct(d, 0)),
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

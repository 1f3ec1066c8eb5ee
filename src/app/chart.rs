//! `corridors chart KIND`: one chart, as SVG or PNG, to a file or stdout.

use std::io::{self, Write};
use std::path::Path;

use super::{Failure, dataset, write_output};
use crate::analysis::{self, Pairs, claims::ClaimResult};
use crate::basemap::Basemap;
use crate::chart::{self, MapSpec};
use crate::cli::{ChartArgs, ChartKind};
use crate::graph::{CorridorGraph, Filter};
use crate::model::{Dataset, PlaceIdx};
use crate::output;
use crate::report::SEA_ACCESS_ORIGIN;
use crate::routing::{Search, Weights};
use crate::sea_access;

/// A chart that could not be drawn.
pub(super) fn failure(error: chart::ChartError) -> Failure {
    Failure::Io {
        doing: "drawing a chart".into(),
        error: io::Error::other(error),
    }
}

pub(super) fn run(
    data: &Dataset,
    routes: Option<&Path>,
    args: &ChartArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    // Refused before drawing: a chart written as SVG into x.png would not open.
    let png = format_is_png(args.output.as_deref())?;
    let svg = ChartRequest::new(data, routes, args)?.draw(data)?;
    let svg = match &args.title {
        Some(title) => chart::retitled(&svg, title),
        None => svg,
    };
    write_chart(svg, args.output.as_deref(), png, args.width, out)
}

/// A chart asked for, resolved against the dataset: its filter, places and inputs.
enum ChartRequest {
    Lengths {
        filter: Filter,
    },
    Map {
        filter: Filter,
        basemap: Basemap,
        bounds: Option<chart::Bounds>,
    },
    SeaAccess {
        filter: Filter,
        from: PlaceIdx,
    },
    Impact {
        filter: Filter,
        pairs: Pairs,
    },
    Claims {
        results: Vec<ClaimResult>,
    },
}

impl ChartRequest {
    fn new(data: &Dataset, routes: Option<&Path>, args: &ChartArgs) -> Result<Self, Failure> {
        // Maps and lengths show every segment by default; the analyses, today's network.
        let filter = |default| dataset::network_filter(data, &args.filter, default);
        Ok(match args.kind {
            ChartKind::Lengths => Self::Lengths {
                filter: filter(Filter::everything())?,
            },
            ChartKind::Map => Self::Map {
                filter: filter(Filter::everything())?,
                basemap: dataset::load_basemap(routes)?,
                bounds: args.bbox.map(|[south, west, north, east]| chart::Bounds {
                    south_deg: south,
                    west_deg: west,
                    north_deg: north,
                    east_deg: east,
                }),
            },
            ChartKind::SeaAccess => {
                let filter = filter(Filter::default())?;
                let origin = args.from.as_deref();
                let from = dataset::place(data, origin.unwrap_or(SEA_ACCESS_ORIGIN))?;
                dataset::check_not_avoided(data, &filter, &[from])?;
                if data.outlets.is_empty() {
                    return Err(Failure::Input(
                        "the dataset has no outlets.toml, so there are no sea outlets to measure"
                            .into(),
                    ));
                }
                Self::SeaAccess { filter, from }
            }
            ChartKind::Impact => Self::Impact {
                filter: filter(Filter::default())?,
                pairs: dataset::pairs(data, args.pairs.as_deref())?,
            },
            ChartKind::Claims => Self::Claims {
                results: super::claims::claim_results(data, routes)?,
            },
        })
    }

    fn draw(&self, data: &Dataset) -> Result<String, Failure> {
        match self {
            Self::Lengths { filter } => {
                chart::lengths(data, filter, &chart::subtitle(data, filter))
            }
            Self::Map {
                filter,
                basemap,
                bounds,
            } => chart::map::framed(data, basemap, &MapSpec::network(data, filter), *bounds),
            Self::SeaAccess { filter, from } => {
                let weights = Weights::distance(data);
                let graph = CorridorGraph::new(data, filter);
                let access = sea_access::sea_access(&Search::new(&graph, &weights), filter, *from);
                chart::sea_access(&access, &chart::subtitle(data, filter))
            }
            Self::Impact { filter, pairs } => {
                let result = analysis::impact::impact(data, filter, pairs);
                chart::analysis::impact(&result, &chart::subtitle(data, filter))
            }
            Self::Claims { results } => {
                chart::analysis::claims(results, &chart::analysis::claims_subtitle(data))
            }
        }
        .map_err(failure)
    }
}

/// Writes a drawn chart to `output` (or stdout): as PNG where [`format_is_png`] said
/// so, else as SVG, at `width_px` where one is asked for.
pub(super) fn write_chart(
    svg: String,
    output: Option<&Path>,
    png: bool,
    width_px: Option<u32>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if png {
        let bytes = chart::png::svg_to_png(&svg, width_px).map_err(failure)?;
        return write_output(output, &bytes, out);
    }
    let svg = match width_px {
        Some(width_px) => chart::resized(&svg, width_px),
        None => svg,
    };
    write_output(output, svg.as_bytes(), out)
}

/// True where the chart goes to a `.png` file; false for `.svg` or stdout. Any other
/// extension is refused: the chart would be written in a format its name belies.
pub(super) fn format_is_png(output: Option<&Path>) -> Result<bool, Failure> {
    let Some(path) = output else {
        return Ok(false);
    };
    // Through a link (/dev/stdout redirected to out.svg), the file it names counts.
    let named = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let extension = named
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // A device or a pipe (/dev/stdout, a FIFO) has no extension to go by: SVG.
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    match extension.as_deref() {
        Some("svg") => Ok(false),
        Some("png") => Ok(true),
        _ if special => Ok(false),
        _ => {
            // A path into a dataset is refused for that first: it is the graver mistake.
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            output::check_outside_datasets(dir).map_err(|error| Failure::Io {
                doing: format!("writing {}", path.display()),
                error,
            })?;
            Err(Failure::Input(format!(
                "{}: a chart is written as .svg or .png\n  hint: name the file map.svg or map.png",
                path.display()
            )))
        }
    }
}

//! The command line, as clap derive types. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Keyword, Mode, Status};
use crate::output::Format;

/// Compare transport and energy corridors between Central Asia and South Asia.
///
/// The corridors (roads, railways, pipelines, power lines) come from a sourced
/// dataset of TOML files compiled into the binary; --routes loads another one in the
/// same format. Lengths are geodesic on the WGS84 ellipsoid, in km.
#[derive(Debug, Parser)]
#[command(name = "corridors", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 ok, 1 no result, 2 bad input or bad usage.\n\
Data goes to stdout, diagnostics to stderr."
)]
pub struct Cli {
    /// Load the dataset from DIR (holding places.toml and corridors/) instead of the
    /// built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub routes: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Apply a what-if scenario (a TOML file: close countries or places, change a
    /// segment's status, add segments) before running the command. Repeatable;
    /// applied in order. Examples ship in routes/scenarios/.
    #[arg(long, global = true, value_name = "FILE")]
    pub scenario: Vec<PathBuf>,

    /// Run `route`, `matrix` and `reach` on an imported network (a file written by
    /// `corridors import osm`) instead of the dataset. Places are then `lat,lon`
    /// positions, snapped to the nearest node.
    #[arg(long, global = true, value_name = "FILE")]
    pub network: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the places or the corridors of the dataset.
    List {
        #[arg(value_enum)]
        what: ListWhat,
        /// Only the places in this country (ISO 3166-1 alpha-2; a border crossing
        /// counts for both its countries), or the corridors that cross it.
        #[arg(long, value_name = "CC")]
        country: Option<String>,
    },
    /// Validate the dataset: print every problem with file:line:col and exit 2, or a
    /// one-line summary and exit 0.
    Check,
    /// Compare corridors: length on the ground and published length, straight-line distance,
    /// circuity, km by status, countries, border crossings and sources.
    Compare(CompareArgs),
    /// The shortest route between two places, its alternatives, and what it crosses.
    ///
    /// Places are ids, names or aliases (case-insensitive), or `lat,lon` positions
    /// (the nearest place). By default routes use the transport modes (road, rail,
    /// ferry) on operational links only. With --network FILE, on an imported network.
    #[command(after_help = ROUTE_HELP)]
    Route(RouteArgs),
    /// Distances (or hours, or cost) between two sets of places.
    Matrix(MatrixArgs),
    /// Every place within a distance (or a number of hours) of a place.
    Reach(ReachArgs),
    /// Draw one chart as SVG or PNG: corridor lengths, the map, sea access, impact or claims.
    #[command(after_help = CHART_HELP)]
    Chart(ChartArgs),
    /// What each unbuilt (proposed or under-construction) link would change: km and
    /// hours saved for a set of origin–destination pairs, link by link and all
    /// together.
    #[command(after_help = IMPACT_HELP)]
    Impact(ImpactArgs),
    /// Where the network is fragile: articulation points, bridges and each border
    /// crossing closed on its own, with the detours they force.
    #[command(after_help = CRITICAL_HELP)]
    Critical(CriticalArgs),
    /// Check the papers' quantitative claims (routes/claims.toml) on the network:
    /// stated beside computed, with a verdict.
    #[command(after_help = CLAIMS_HELP)]
    Claims,
    /// Route every published town-to-town distance of routes/evidence.toml and compare:
    /// how far the network's lengths are from the distances on the ground.
    #[command(after_help = EVIDENCE_HELP)]
    Evidence,
    /// Import a road and rail network from an OpenStreetMap extract, for `route`,
    /// `matrix` and `reach --network FILE`.
    #[command(subcommand)]
    Import(ImportCommand),
    /// The main job: write every chart and table into a directory (lengths.svg,
    /// map.svg, sea-access.svg, a map per key route, report.md and report.html).
    Report {
        /// Directory to write into; created if missing. Files are replaced atomically.
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        /// The origin–destination pairs of the planner analysis (impact, fragile
        /// points): a TOML file of `[[pair]]` tables, as for `impact --pairs`. Default:
        /// the capitals of Central Asia to the ports of Pakistan.
        #[arg(long, value_name = "FILE")]
        pairs: Option<PathBuf>,
    },
    /// Write the dataset, or the part the filters keep, as GIS layers for QGIS or
    /// GDAL: places.geojson, segments.geojson, places.fgb and segments.fgb.
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),
    /// Print a shell completion script to stdout.
    #[command(
        after_help = "Example (bash): corridors completions bash > ~/.local/share/bash-completion/completions/corridors"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout.
    #[command(after_help = "Example: corridors man > corridors.1 && man ./corridors.1")]
    Man,
}

const EXPORT_HELP: &str = "\
Layers: places (Points: id, name, country, kind, border_with, lat_deg, lon_deg,
precision_km, elevation_m, aliases, source) and segments (LineStrings from `from`
through the shape points to `to`: segment, corridor, corridor_name, from, to, mode,
status, length_km, length_basis, length_source, published_length_km,
estimated_length_km, measured_length_km, terrain, open_months, seasonal, gauge_mm,
speed_kmh). length_km is the length routing uses; length_basis says whether it is
published, estimated or measured. Coordinates are WGS84 longitude, latitude
(EPSG:4326); GeoJSON follows RFC 7946, FlatGeobuf carries a spatial index.

Filters: every mode and status unless --mode or --status narrow them; with a filter,
the places layer holds the ends of the segments kept. Each file is replaced
atomically; a file of the same name that an export did not write is refused, and so
is a directory inside a dataset.

Examples:
  corridors export -o gis
  corridors export --mode rail --status all -o rail
  corridors export --avoid-country AF -o without-af
  ogrinfo -so gis/segments.fgb segments";

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Directory to write the four files into; created if missing.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// What `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// An OpenStreetMap extract (.osm.pbf): keeps roads and railways of the given
    /// classes, splits ways at junctions, measures links on WGS84, prepares a
    /// contraction hierarchy and writes one network file.
    #[command(after_help = IMPORT_HELP)]
    Osm(ImportOsmArgs),
}

const IMPORT_HELP: &str = "\
Tags: highway=CLASS and railway=CLASS of the kept classes are operational;
highway|railway=construction and =proposed (with construction=|proposed= a kept class,
or none) become under-construction and proposed links. Roads closed to cars are left
out: the first of motorcar, motor_vehicle, vehicle, access given says no (or
agricultural, forestry, psv, bus and the like, as OSRM's car profile reads them);
private roads stay, private service roads do not. oneway=yes|-1 and
implied one-ways (motorways, roundabouts) are kept. Road and rail never share a node.

A way with a node missing from the extract (extracts are cut at their borders) is
dropped whole; the summary counts them. Memory follows the network kept, not the file.
The hierarchy covers operational links; `--status` other than operational on queries
runs plain Dijkstra instead, with the same answers, more slowly.

Example (Monaco, © OpenStreetMap contributors, ODbL):
  corridors import osm monaco.osm.pbf -o monaco.net
  corridors route --network monaco.net 43.7384,7.4246 43.7311,7.4197";

#[derive(Debug, Args)]
pub struct ImportOsmArgs {
    /// The .osm.pbf file to read.
    pub file: PathBuf,
    /// Where to write the network (replaced atomically; the directory must exist).
    #[arg(short, long, value_name = "NETWORK")]
    pub output: PathBuf,
    /// highway= classes to keep (comma-separated) [default: the car classes,
    /// motorway to service].
    #[arg(long, value_delimiter = ',', value_name = "CLASS,..")]
    pub highways: Vec<String>,
    /// railway= classes to keep (comma-separated) [default: rail].
    #[arg(long, value_delimiter = ',', value_name = "CLASS,..")]
    pub railways: Vec<String>,
    /// Keep no railways.
    #[arg(long, conflicts_with = "railways")]
    pub no_railways: bool,
}

/// Which chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartKind {
    /// One bar per corridor, grouped by mode, stacked by status, with the published
    /// length marked.
    Lengths,
    /// Country outlines, every segment along its shape points, places, legend and
    /// scale bar.
    Map,
    /// Network distance from --from to each sea outlet (routes/outlets.toml), with
    /// the great-circle distance and the paper's figure.
    SeaAccess,
    /// km saved by each unbuilt project for the default pairs (as `corridors impact`).
    Impact,
    /// Each claim of routes/claims.toml: computed against stated, in %, with its
    /// tolerance (as `corridors claims`).
    Claims,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    #[arg(value_enum)]
    pub kind: ChartKind,
    /// Write the chart to FILE (replaced atomically) instead of SVG on stdout: SVG
    /// when FILE ends in .svg, PNG when it ends in .png.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// sea-access only: where the routes start [default: dushanbe].
    #[arg(long, value_name = "PLACE")]
    pub from: Option<String>,
    /// The chart's title, in place of its own.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Width of the image in pixels, height in proportion [default: the chart's own,
    /// 1,200 to 1,340 px].
    #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(100..=16000))]
    pub width: Option<u32>,
    /// map only: the frame, as MIN_LAT,MIN_LON,MAX_LAT,MAX_LON in degrees (latitude
    /// first, south and west negative), e.g. 23,52,50,82. Places outside it are shown
    /// by an arrow at the edge.
    #[arg(long, value_name = "MIN_LAT,MIN_LON,MAX_LAT,MAX_LON", value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
    /// impact only: the origin–destination pairs, a TOML file of `[[pair]]` tables as
    /// for `corridors impact --pairs` [default: the capitals to the ports].
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// A `--bbox`: four numbers, latitude before longitude, south-west corner first.
pub fn parse_bbox(text: &str) -> Result<[f64; 4], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{text}` is not four numbers: write MIN_LAT,MIN_LON,MAX_LAT,MAX_LON, e.g. 23,52,50,82"))?;
    let [min_lat, min_lon, max_lat, max_lon] = numbers[..] else {
        return Err(format!(
            "`{text}` has {} numbers, not four: write MIN_LAT,MIN_LON,MAX_LAT,MAX_LON, e.g. 23,52,50,82",
            numbers.len()
        ));
    };
    if !(-85.0..=85.0).contains(&min_lat) || !(-85.0..=85.0).contains(&max_lat) {
        return Err(format!(
            "latitudes must lie within ±85°; `{text}` is read as MIN_LAT,MIN_LON,MAX_LAT,MAX_LON (latitude first)"
        ));
    }
    if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
        return Err(format!("longitudes must lie within ±180° in `{text}`"));
    }
    if min_lat >= max_lat || min_lon >= max_lon {
        return Err(format!(
            "`{text}` is an empty box: MIN_LAT must be below MAX_LAT and MIN_LON below MAX_LON"
        ));
    }
    Ok([min_lat, min_lon, max_lat, max_lon])
}

const CHART_HELP: &str = "\
Filters: lengths and map show every mode and every status unless --mode or --status
narrow them; sea-access routes like `route`, on road, rail and ferry, operational
links only, unless told otherwise. So `--status operational` and `--status all` make
a before/after pair. impact builds on the network the filters admit (default:
operational road, rail and ferry); claims computes each claim as the file says.

The SVG is deterministic (the same data gives the same bytes), uses no font files
(text is SVG text in the viewer's sans-serif), and names bars, lines and places in
<title> tooltips. `-o FILE.png` renders it to PNG with the DejaVu Sans fonts built
into the binary, so a PNG too is the same on every machine; other extensions are
refused.

The map's default frame is 23–50° N, 52–82° E: Central and South Asia, where the
corridors of the two seed papers lie (Mashhad and Bandar Abbas in the west, Kashgar
and Delhi in the east). Places beyond it (Lianyungang, Istanbul, Poti) are shown by
an arrow at the frame's edge with their name. --bbox sets another frame, latitude
first.

Examples:
  corridors chart map -o map.svg
  corridors chart map -o map.png --width 2400 --title \"Corridors, 2026\"
  corridors chart map --bbox 20,25,53,120 -o wide.svg
  corridors chart map --status operational -o before.svg
  corridors chart lengths --mode rail,road -o lengths.svg
  corridors chart sea-access --from tashkent --status all -o sea.svg";

/// The pairs paragraph that `impact` and `critical` share.
macro_rules! pairs_help {
    () => {
        "Pairs (--pairs FILE): a TOML file of [[pair]] tables, each with from and to (place
ids, names or aliases). Default: the five Central Asian capitals (Dushanbe,
Tashkent, Bishkek, Ashgabat, Astana) to Karachi, Gwadar and Port Qasim.

"
    };
}

const IMPACT_HELP: &str = concat!(
    pairs_help!(),
    "\
A link is a corridor's own segments that are not operational. Each is added alone to
the network the filters admit (by default operational road, rail and ferry); then all
of them together. km are shortest distances, hours the fastest times with border
clearance and transfers (routes/travel.toml). Pairs connected only once a link is
built are counted apart (newly connected), not as km saved.

Examples:
  corridors impact
  corridors impact --pairs pairs.toml --format csv
  corridors impact --scenario routes/scenarios/afghanistan-closed.toml"
);

const CRITICAL_HELP: &str = concat!(
    pairs_help!(),
    "\
Works on the network the filters admit (by default the operational road, rail and
ferry network). Each articulation point, bridge and border crossing is closed on its
own; for each, the key pairs it disconnects or lengthens (with the border crossings
the detour takes) and the number of pairs of places it cuts apart.

Examples:
  corridors critical
  corridors critical --top 50
  corridors critical --format json > critical.json"
);

const EVIDENCE_HELP: &str = "\
Each distance is routed on its own mode alone (road, or rail with train ferries), on links of every status,
and compared with the published figure or its range: within means within 10% of the
range. The lengths column says what the route's km stand on: published section lengths,
estimates (straight line times a fitted detour factor; `corridors check` gives the
factors and their error) or straight lines. Exit 0 whatever the verdicts.";

const CLAIMS_HELP: &str = "\
Each claim of routes/claims.toml is computed afresh: route distances on the
operational network, corridor lengths on WGS84, the gap between two countries on the
base map, and ratios of time or cost with and without a link. Sea-access claims take
their figures from routes/outlets.toml. Consistent means |computed − stated| ÷ stated
is within the claim's tolerance.

Examples:
  corridors claims
  corridors claims --format json";

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// Origin–destination pairs from a TOML file (see below) instead of the default.
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct CriticalArgs {
    /// Origin–destination pairs from a TOML file instead of the default.
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// How many closures the table shows, worst first (JSON has all).
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub top: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Places,
    Corridors,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Only these corridors, by id (all where none is given).
    #[arg(value_name = "CORRIDOR")]
    pub corridors: Vec<String>,

    /// Keep only these modes: road, rail, ferry, pipeline, power-line (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "MODE,..", value_parser = keyword_or_all::<Mode>)]
    pub mode: Vec<Selected<Mode>>,

    /// Keep corridors with km in these statuses: operational, under-construction,
    /// proposed, or all (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "STATUS,..", value_parser = keyword_or_all::<Status>)]
    pub status: Vec<Selected<Status>>,

    /// Row order: by mode then length (longest first), by name, or by status.
    #[arg(long, value_enum, default_value_t = SortArg::Length)]
    pub sort: SortArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Length,
    Name,
    Status,
}

const ROUTE_HELP: &str = "\
Weights (--by):
  distance  km on the ground: a segment's published length where a source gives one,
            else an estimate (the geodesic along its shape points times the detour
            factor fitted on published segments of its mode and terrain; `check` prints
            the factors and their error). The `lengths` line says which km are which.
  time      hours: length / speed (the segment's, else its mode's), plus each border
            crossing's clearance time, plus transfers between modes (and gauges).
  cost      US$ per tonne: the mode's rate per tonne-km, plus border and transhipment
            costs. Speeds, rates and delays come from routes/travel.toml, with sources.

Alternatives (-k): Yen's k shortest loopless routes, keeping a route only if at most
80% of its km runs on segments of a route already listed.

Exit codes: 0 a route, 1 no route under the constraints (with the reason and the route
with a constraint lifted), 2 bad input.

Examples:
  corridors route dushanbe karachi
  corridors route dushanbe karachi --avoid-country AF --status all
  corridors route termez peshawar --mode rail --status all -k 3
  corridors route galkynysh fazilka --mode pipeline --status all
  corridors route tashkent karachi --by time --format geojson > route.geojson
  corridors route 38.56,68.78 karachi

On an imported network (--network FILE, from `corridors import osm`): places are
lat,lon positions snapped to the nearest road node (--mode rail: rail node), refused
beyond 25 km; the shortest route by distance, with --via; -k, --by time|cost, --svg
and --avoid are for the dataset. Operational links use the prepared hierarchy;
--status all runs plain Dijkstra.
  corridors route --network monaco.net 43.7310,7.4190 43.7390,7.4280";

/// The network filter that `route`, `matrix`, `reach`, `impact`, `critical` and
/// `chart` share.
#[derive(Debug, Default, PartialEq, Args)]
pub struct FilterArgs {
    /// Modes to use: road, rail, ferry, pipeline, power-line (comma-separated)
    /// [default: road,rail,ferry].
    #[arg(long, value_delimiter = ',', value_name = "MODE,..", value_parser = keyword_or_all::<Mode>)]
    pub mode: Vec<Selected<Mode>>,

    /// Statuses to use: operational, under-construction, proposed, or all
    /// (comma-separated) [default: operational].
    #[arg(long, value_delimiter = ',', value_name = "STATUS,..", value_parser = keyword_or_all::<Status>)]
    pub status: Vec<Selected<Status>>,

    /// Avoid a country: an ISO 3166-1 alpha-2 code such as AF (repeat or comma-separate).
    #[arg(long = "avoid-country", value_delimiter = ',', value_name = "ISO2")]
    pub avoid_country: Vec<String>,

    /// Avoid a place: an id, a name or an alias (repeatable).
    #[arg(long, value_name = "PLACE")]
    pub avoid: Vec<String>,

    /// Travel in this month, 1 (January) to 12: seasonal segments closed then (the
    /// Khunjerab pass, December to March) are left out. Without it every segment is
    /// used and a route over a seasonal one says so.
    #[arg(long, value_name = "1..12", value_parser = clap::value_parser!(u8).range(1..=12), conflicts_with = "date")]
    pub month: Option<u8>,

    /// Travel on this date (YYYY-MM-DD): as --month with the date's month.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_month)]
    pub date: Option<u8>,
}

/// One value of `--mode` or `--status`: a keyword, or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected<T> {
    All,
    One(T),
}

impl<T: Keyword + PartialEq> Selected<T> {
    /// The values chosen: `default` where none is given; every value where `all`
    /// is among them.
    pub fn resolve(chosen: &[Selected<T>], default: Vec<T>) -> Vec<T> {
        if chosen.is_empty() {
            return default;
        }
        if chosen.contains(&Selected::All) {
            return T::ALL.to_vec();
        }
        chosen
            .iter()
            .filter_map(|s| match s {
                Selected::One(value) => Some(*value),
                Selected::All => None,
            })
            .collect()
    }
}

/// Parses a keyword of `T` (`road`, `proposed` ...) or `all`.
pub fn keyword_or_all<T: Keyword>(text: &str) -> Result<Selected<T>, String> {
    let text = text.trim();
    if text == "all" {
        return Ok(Selected::All);
    }
    T::parse(text)
        .map(Selected::One)
        .ok_or_else(|| format!("use one of: {} | all (comma-separated)", T::accepted()))
}

/// The month of a `YYYY-MM-DD` date, checked as a calendar date.
pub fn parse_date_month(text: &str) -> Result<u8, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(format!(
            "`{text}` is not a date: write YYYY-MM-DD, e.g. 2026-01-15"
        ));
    };
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(format!(
            "`{text}` is not a date: write YYYY-MM-DD, e.g. 2026-01-15"
        ));
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("`{text}`: month {month} is not 01 to 12")),
    };
    if !(1..=days).contains(&day) {
        return Err(format!(
            "`{text}`: day {day} is not in that month (01 to {days})"
        ));
    }
    Ok(month as u8)
}

/// What a route minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Kilometres.
    Distance,
    /// Hours, with border clearance and transfers.
    Time,
    /// US$ per tonne.
    Cost,
}

/// The most alternatives `route -k` gives: Yen's search grows with k, and beyond a
/// handful the routes are no longer meaningfully different.
pub const MAX_ALTERNATIVES: u64 = 20;

#[derive(Debug, Args)]
pub struct RouteArgs {
    /// Where the route starts: an id, a name, an alias, or `lat,lon` (the nearest
    /// place; with --network, the nearest node).
    #[arg(allow_hyphen_values = true)]
    pub from: String,
    /// Where it ends.
    #[arg(allow_hyphen_values = true)]
    pub to: String,
    /// A place to pass on the way, in order (repeatable).
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    pub via: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// What to minimise.
    #[arg(long, value_enum, default_value_t = ByArg::Distance)]
    pub by: ByArg,
    /// How many meaningfully different routes to give, best first.
    #[arg(
        short = 'k',
        long,
        value_name = "K",
        default_value_t = 1,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_ALTERNATIVES)
    )]
    pub alternatives: usize,
    /// At most N changes of carrier on a route (road to rail, rail to ferry, one rail
    /// gauge to another). Freight changes mode only at a terminal: a port, a dry port
    /// or a `[[terminal]]` of travel.toml.
    #[arg(long, value_name = "N")]
    pub max_transfers: Option<u8>,
    /// Also draw the routes on the map into FILE (replaced atomically): SVG when it
    /// ends in .svg, PNG when it ends in .png.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Unreachable pairs are null in JSON and \"—\" in tables.\n\
Example: corridors matrix --from dushanbe,tashkent,bishkek,almaty,ashgabat --to karachi,gwadar,port-qasim"
)]
pub struct MatrixArgs {
    /// Origins: ids, names or aliases, comma-separated or repeated. A value that is
    /// exactly two numbers (`38.56,68.78`) is one `lat,lon` position.
    #[arg(
        long,
        required = true,
        value_name = "PLACE,..",
        allow_hyphen_values = true
    )]
    pub from: Vec<String>,
    /// Destinations, as for --from.
    #[arg(
        long,
        required = true,
        value_name = "PLACE,..",
        allow_hyphen_values = true
    )]
    pub to: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// What the cells hold: km, hours or US$ per tonne.
    #[arg(long, value_enum, default_value_t = ByArg::Distance)]
    pub by: ByArg,
}

#[derive(Debug, Args)]
pub struct ReachArgs {
    /// Where to start: an id, a name, an alias or `lat,lon`.
    #[arg(allow_hyphen_values = true)]
    pub from: String,
    /// Budget in km (shortest distance).
    #[arg(
        long,
        value_name = "KM",
        required_unless_present = "within_hours",
        conflicts_with = "within_hours"
    )]
    pub within: Option<f64>,
    /// Budget in hours (fastest, with border clearance and transfers).
    #[arg(long, value_name = "H")]
    pub within_hours: Option<f64>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

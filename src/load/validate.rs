//! Raw tables → validated model: ids, references, ranges, keywords, and the rule that
//! every corridor is one connected chain.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::diagnostic::{FileReport, MAX_PROBLEMS_SHOWN, nearest, show_number};
use super::parse::{ParsedPlaces, SegmentEntry};
use super::raw::{RawCorridor, RawSegment};
use crate::geodesy;
use crate::model::{
    Corridor, CorridorIdx, Keyword, LatLon, Mode, OpenMonths, Place, PlaceIdx, Segment, Status,
    Traversal,
};
use crate::wording::unusual_note;

/// A segment shorter than this is taken for two places at one position, in km.
const ZERO_LENGTH_KM: f64 = 0.01;

/// True for `kebab-case-ids`: lower-case ASCII letters and digits in dash-separated words.
fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn check_id(report: &mut FileReport, id: &Spanned<String>, what: &str) {
    if !is_kebab_case(id.get_ref()) {
        report.error(
            id.span(),
            format!(
                "{what} id `{}` is not kebab-case{}",
                id.get_ref(),
                unusual_note(id.get_ref())
            ),
            Some("use lower-case letters, digits and single dashes, e.g. `khunjerab-pass`".into()),
        );
    }
}

/// Validates an ISO 3166-1 alpha-2 code.
fn check_country(report: &mut FileReport, code: &Spanned<String>, key: &str) -> bool {
    let text = code.get_ref();
    if isocountry::CountryCode::for_alpha2(text).is_ok() {
        return true;
    }
    let hint = if isocountry::CountryCode::for_alpha2(&text.to_uppercase()).is_ok() {
        format!("write it in capitals: `{}`", text.to_uppercase())
    } else {
        "use an ISO 3166-1 alpha-2 code such as TJ, AF, PK, CN".to_string()
    };
    report.error(
        code.span(),
        format!("`{key}` = \"{text}\" is not an ISO 3166-1 alpha-2 country code"),
        Some(hint),
    );
    false
}

/// Checks a latitude/longitude pair; reports each bad coordinate at `span`.
fn check_lat_lon(
    report: &mut FileReport,
    lat_deg: f64,
    lon_deg: f64,
    lat_span: Range<usize>,
    lon_span: Range<usize>,
) -> bool {
    let mut ok = true;
    if !lat_deg.is_finite() || !(-90.0..=90.0).contains(&lat_deg) {
        report.error(
            lat_span,
            format!("latitude {} is outside −90 to 90", show_number(lat_deg)),
            Some("latitude comes first, in WGS84 decimal degrees".into()),
        );
        ok = false;
    }
    if !lon_deg.is_finite() || !(-180.0..=180.0).contains(&lon_deg) {
        report.error(
            lon_span,
            format!("longitude {} is outside −180 to 180", show_number(lon_deg)),
            Some("longitude comes second, in WGS84 decimal degrees".into()),
        );
        ok = false;
    }
    ok
}

/// What a number may be.
#[derive(Clone, Copy)]
pub(super) enum Bound {
    /// Greater than zero: a length, a speed, a shipment size.
    Positive,
    /// Zero or more: a delay, a cost, a tolerance.
    NonNegative,
    /// Any finite number of at most 1e9 either way: an elevation.
    Any,
}

/// The smallest positive figure a key takes: a millionth (of a km, a km/h, a tonne).
/// Below it a number is a typo, and as a divisor (a stated length) it overflows to
/// an infinite percentage.
const MIN_POSITIVE_FIGURE: f64 = 1e-6;

/// The largest figure any key takes: a billion (km, km/h, hours, US$, %). Past it a
/// number is a typo, and left in, it would swamp every sum it enters.
pub(super) const MAX_FIGURE: f64 = 1e9;

/// A finite number within `bound` and at most [`MAX_FIGURE`]; anything else is
/// reported at the value.
pub(super) fn number(
    report: &mut FileReport,
    value: &Spanned<f64>,
    key: &str,
    bound: Bound,
) -> Option<f64> {
    let number = *value.get_ref();
    let ok = number.is_finite()
        && number.abs() <= MAX_FIGURE
        && match bound {
            Bound::Positive => number >= MIN_POSITIVE_FIGURE,
            Bound::NonNegative => number >= 0.0,
            Bound::Any => true,
        };
    if !ok {
        let wanted = match bound {
            Bound::Positive => "a positive number from 1e-6 to 1e9",
            Bound::NonNegative => "a number from 0 to 1e9",
            Bound::Any => "a number from -1e9 to 1e9",
        };
        report.error(
            value.span(),
            format!("`{key}` must be {wanted}, found {}", show_number(number)),
            Some("give the published figure, or leave the key out".into()),
        );
    }
    ok.then_some(number)
}

/// A `[lowest, highest]` range of km figures under `key`, each checked as any km
/// figure; `None`, with the problem reported, otherwise.
pub(super) fn km_range(
    report: &mut FileReport,
    range: &Spanned<Vec<f64>>,
    key: &str,
) -> Option<(f64, f64)> {
    if let &[low, high] = range.get_ref().as_slice() {
        // Each figure as any other km figure, at the range's position.
        let figure = |value: f64| Spanned::new(range.span(), value);
        let low_ok = number(report, &figure(low), key, Bound::Positive).is_some();
        let high_ok = number(report, &figure(high), key, Bound::Positive).is_some();
        if !(low_ok && high_ok) {
            return None;
        }
        if low <= high {
            return Some((low, high));
        }
    }
    report.error(
        range.span(),
        format!("`{key}` must be [lowest, highest], two positive km figures"),
        Some("record the range of published totals, lowest first".into()),
    );
    None
}

/// Checks an optional positive, finite number such as a length or a speed.
fn check_positive(report: &mut FileReport, value: &Option<Spanned<f64>>, key: &str) -> bool {
    value
        .as_ref()
        .is_none_or(|v| number(report, v, key, Bound::Positive).is_some())
}

/// Parses a keyword value (`mode`, `status`, `kind`), listing the accepted ones.
pub(super) fn parse_keyword<T: Keyword>(
    report: &mut FileReport,
    value: &Spanned<String>,
    key: &str,
) -> Option<T> {
    let parsed = T::parse(value.get_ref());
    if parsed.is_none() {
        report.error(
            value.span(),
            format!("unknown {key} `{}`", value.get_ref()),
            Some(format!("{key} is one of: {}", T::accepted())),
        );
    }
    parsed
}

/// The places that passed validation, and every id declared (valid or not), so that
/// a segment naming a place with its own problem is not reported again as unknown.
/// `declared` is `None` when places.toml could not be read or parsed: then no place
/// reference can be judged.
pub struct ValidPlaces {
    pub places: Vec<Place>,
    pub declared: Option<HashSet<String>>,
    /// Each valid place's index by its id, built once.
    ids: HashMap<String, PlaceIdx>,
    /// How many more unknown ids get a "did you mean": each compares the id with
    /// every place, and only the first problems are printed (10,000 unknown ids
    /// against 20,000 places once took a minute).
    suggestions_left: std::cell::Cell<usize>,
}

impl ValidPlaces {
    pub fn new(places: Vec<Place>, declared: Option<HashSet<String>>) -> Self {
        let ids = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Self {
            places,
            declared,
            ids,
            suggestions_left: std::cell::Cell::new(MAX_PROBLEMS_SHOWN),
        }
    }

    /// Looks a place id up, reporting an unknown one with the nearest known id.
    pub fn resolve(
        &self,
        report: &mut FileReport,
        id: &Spanned<String>,
        key: &str,
    ) -> Option<PlaceIdx> {
        if let Some(&idx) = self.ids.get(id.get_ref()) {
            return Some(idx);
        }
        // A place with a problem of its own, or a places.toml that could not be
        // read, is already reported; saying "unknown place" again would only add
        // noise.
        let declared = self.declared.as_ref()?;
        if declared.contains(id.get_ref()) {
            return None;
        }
        let left = self.suggestions_left.get();
        self.suggestions_left.set(left.saturating_sub(1));
        let near = (left > 0)
            .then(|| nearest(id.get_ref(), declared.iter().map(String::as_str)))
            .flatten();
        let hint = match near {
            Some(near) => format!("did you mean `{near}`? Otherwise add the place to places.toml"),
            None => "add the place to places.toml, or fix the id".to_string(),
        };
        report.error(
            id.span(),
            format!(
                "`{key}` names an unknown place `{}`{}",
                id.get_ref(),
                unusual_note(id.get_ref())
            ),
            Some(hint),
        );
        None
    }
}

/// Validates the places of `places.toml`; invalid ones are reported and left out.
pub fn places(report: &mut FileReport, parsed: ParsedPlaces) -> ValidPlaces {
    let ParsedPlaces {
        places: raws,
        declared,
    } = parsed;
    let mut places: Vec<Place> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (raw, offset) in raws {
        let mut ok = true;
        check_id(report, &raw.id, "place");
        let line = report.position(offset).0;
        if let Some(first) = first_line.get(raw.id.get_ref()) {
            report.error(
                raw.id.span(),
                format!("duplicate place id `{}`", raw.id.get_ref()),
                Some(format!(
                    "it is already defined at line {first}; ids must be unique"
                )),
            );
            ok = false;
        } else {
            first_line.insert(raw.id.get_ref().clone(), line);
        }
        ok &= check_country(report, &raw.country, "country");
        if let Some(border) = &raw.border_with {
            ok &= check_country(report, border, "border_with");
            if border.get_ref() == raw.country.get_ref() {
                report.error(
                    border.span(),
                    "`border_with` names the place's own country",
                    Some("give the country on the other side of the border".into()),
                );
                ok = false;
            }
        }
        ok &= check_lat_lon(
            report,
            *raw.lat.get_ref(),
            *raw.lon.get_ref(),
            raw.lat.span(),
            raw.lon.span(),
        );
        let kind = parse_keyword(report, &raw.kind, "kind");
        if let Some(elevation) = &raw.elevation_m {
            ok &= number(report, elevation, "elevation_m", Bound::Any).is_some();
        }
        if let Some(precision) = &raw.precision_km {
            ok &= number(report, precision, "precision_km", Bound::Positive).is_some();
        }
        let source = non_empty(
            report,
            &raw.source,
            offset,
            "place",
            "the gazetteer the coordinates come from",
        );
        let (Some(kind), Some(source), true) = (kind, source, ok) else {
            continue;
        };
        places.push(Place {
            id: raw.id.into_inner(),
            name: raw.name.into_inner(),
            aliases: raw.aliases.into_iter().map(Spanned::into_inner).collect(),
            country: raw.country.into_inner(),
            border_with: raw.border_with.map(Spanned::into_inner),
            position: LatLon::new(raw.lat.into_inner(), raw.lon.into_inner()),
            kind,
            elevation_m: raw.elevation_m.map(Spanned::into_inner),
            capital: raw.capital.is_some_and(Spanned::into_inner),
            precision_km: raw.precision_km.map(Spanned::into_inner),
            source,
        });
    }
    ValidPlaces::new(places, declared)
}

/// The text, where it is not blank; a blank one is reported at the value with
/// `hint`.
pub(super) fn non_blank(
    report: &mut FileReport,
    text: &Spanned<String>,
    key: &str,
    hint: &str,
) -> Option<String> {
    if text.get_ref().trim().is_empty() {
        report.error(
            text.span(),
            format!("`{key}` is empty"),
            Some(hint.to_string()),
        );
        None
    } else {
        Some(text.get_ref().clone())
    }
}

/// A required, non-blank `source`; reports its absence at the table's start, and a
/// blank one as [`non_blank`] does.
fn non_empty(
    report: &mut FileReport,
    value: &Option<Spanned<String>>,
    table_offset: usize,
    what: &str,
    expected: &str,
) -> Option<String> {
    match value {
        Some(text) => non_blank(report, text, "source", &format!("name {expected}")),
        None => {
            report.error(
                table_offset..table_offset,
                format!("{what} has no `source`"),
                Some(format!("add `source = \"...\"` naming {expected}")),
            );
            None
        }
    }
}

/// The corridor `id` names. An unknown one is reported with the nearest id, unless
/// `declared` (every corridor file's id, valid or not) holds it: then the corridor
/// has a problem of its own, reported already.
pub(super) fn resolve_corridor(
    report: &mut FileReport,
    corridors: &[Corridor],
    declared: Option<&HashSet<String>>,
    id: &Spanned<String>,
) -> Option<CorridorIdx> {
    let found = corridors.iter().position(|c| c.id == *id.get_ref());
    if found.is_none() && !declared.is_some_and(|d| d.contains(id.get_ref())) {
        let known = corridors
            .iter()
            .map(|c| c.id.as_str())
            .chain(declared.into_iter().flatten().map(String::as_str));
        let hint = match report.suggestion(id.get_ref(), known) {
            Some(near) => format!("did you mean `{near}`? `corridors list corridors` lists them"),
            None => "`corridors list corridors` lists the corridor ids".to_string(),
        };
        report.error(
            id.span(),
            format!("unknown corridor `{}`", id.get_ref()),
            Some(hint),
        );
    }
    found
}

/// A corridor that passed its own checks, waiting for `includes` to be resolved.
pub struct PendingCorridor {
    pub corridor: Corridor,
    pub segments: Vec<Segment>,
    /// The segments' table offsets, for chain messages.
    pub segment_offsets: Vec<usize>,
    pub includes: Vec<Spanned<String>>,
}

/// Validates one corridor file's header and segments.
pub fn corridor(
    report: &mut FileReport,
    file_stem: &str,
    raw: RawCorridor,
    entries: Vec<SegmentEntry>,
    valid: &ValidPlaces,
) -> Option<PendingCorridor> {
    check_id(report, &raw.id, "corridor");
    let mut ok = check_id_is_file_name(report, &raw.id, file_stem);
    let mode = parse_keyword(report, &raw.mode, "mode");
    let status = parse_keyword(report, &raw.status, "status");
    ok &= check_positive(report, &raw.stated_length_km, "stated_length_km");
    ok &= check_positive(report, &raw.cost_usd_m, "cost_usd_m");
    let range = (raw.stated_length_range_km.as_ref())
        .map(|r| km_range(report, r, "stated_length_range_km"));
    ok &= range != Some(None);
    let range = range.flatten();
    let sources = corridor_sources(report, &raw);
    ok &= !sources.is_empty();
    if entries.is_empty() && raw.includes.is_empty() {
        report.error(
            raw.id.span(),
            format!("corridor `{}` has no segments", raw.id.get_ref()),
            Some("add [[segment]] tables with from and to, or `includes` other corridors".into()),
        );
        ok = false;
    }
    let segments = corridor_segments(report, entries, mode, status, valid);
    let (Some(mode), Some(status), Some((segments, segment_offsets)), true) =
        (mode, status, segments, ok)
    else {
        return None;
    };
    Some(PendingCorridor {
        corridor: Corridor {
            id: raw.id.into_inner(),
            name: raw.name.into_inner(),
            mode,
            status,
            stated_length_km: raw.stated_length_km.map(Spanned::into_inner),
            stated_length_range_km: range,
            sources,
            capacity: raw.capacity,
            cost_usd_m: raw.cost_usd_m.map(Spanned::into_inner),
            opened: raw.opened,
            expected: raw.expected,
            description: raw.description,
            notes: raw.notes,
            includes: Vec::new(),
            path: Vec::new(),
            file: report.file.to_string(),
        },
        segments,
        segment_offsets,
        includes: raw.includes,
    })
}

/// False, reported, where the corridor's id is not its file's name.
fn check_id_is_file_name(report: &mut FileReport, id: &Spanned<String>, file_stem: &str) -> bool {
    if id.get_ref() == file_stem {
        return true;
    }
    report.error(
        id.span(),
        format!(
            "corridor id `{}` differs from its file name `{file_stem}.toml`",
            id.get_ref()
        ),
        Some(format!(
            "rename the file to `{}.toml` or set id = \"{file_stem}\"",
            id.get_ref()
        )),
    );
    false
}

/// The corridor's non-blank sources, trimmed; none is reported.
fn corridor_sources(report: &mut FileReport, raw: &RawCorridor) -> Vec<String> {
    let sources: Vec<String> = raw
        .sources
        .as_ref()
        .map(|s| {
            s.get_ref()
                .iter()
                .map(|x| x.get_ref().trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if sources.is_empty() {
        let span = raw.sources.as_ref().map_or(raw.id.span(), |s| s.span());
        report.error(
            span,
            format!("corridor `{}` has no sources", raw.id.get_ref()),
            Some("add `sources = [\"paper and section, or public source\"]`".into()),
        );
    }
    sources
}

/// The corridor's own segments and their table offsets; `None` where any has a
/// problem (each is validated, so that every problem is reported).
fn corridor_segments(
    report: &mut FileReport,
    entries: Vec<SegmentEntry>,
    mode: Option<Mode>,
    status: Option<Status>,
    valid: &ValidPlaces,
) -> Option<(Vec<Segment>, Vec<usize>)> {
    let mut ok = true;
    let mut segments = Vec::new();
    let mut segment_offsets = Vec::new();
    for entry in entries {
        match segment(report, entry.raw, mode, status, valid) {
            Some(segment) => {
                segment_offsets.push(entry.offset);
                segments.push(segment);
            }
            None => ok = false,
        }
    }
    ok.then_some((segments, segment_offsets))
}

/// Validates one `[[segment]]` table; `mode` and `status` are the defaults where the
/// table gives none (the corridor's). `None` where it has a problem, reported.
pub(super) fn segment(
    report: &mut FileReport,
    raw_segment: RawSegment,
    mode: Option<Mode>,
    status: Option<Status>,
    valid: &ValidPlaces,
) -> Option<Segment> {
    let from = valid.resolve(report, &raw_segment.from, "from");
    let to = valid.resolve(report, &raw_segment.to, "to");
    let segment_mode = keyword_or(report, &raw_segment.mode, "mode", mode);
    let segment_status = keyword_or(report, &raw_segment.status, "status", status);
    let terrain = match &raw_segment.terrain {
        Some(t) => parse_keyword(report, t, "terrain").map(Some),
        None => Some(None),
    };
    let open_months = match &raw_segment.open_months {
        None => Some(None),
        Some(months) => open_months(report, months).map(Some),
    };
    let figures_ok = check_positive(report, &raw_segment.length_km, "length_km")
        & check_positive(report, &raw_segment.speed_kmh, "speed_kmh")
        & check_length_source(report, &raw_segment);
    let shape = shape(report, &raw_segment.shape);
    let (
        Some(from),
        Some(to),
        Some(segment_mode),
        Some(segment_status),
        Some(terrain),
        Some(open_months),
        Some(shape),
        true,
    ) = (
        from,
        to,
        segment_mode,
        segment_status,
        terrain,
        open_months,
        shape,
        figures_ok,
    )
    else {
        return None;
    };
    let measured_length_km =
        measured_length(report, &raw_segment, &valid.places, from, to, &shape)?;
    Some(Segment {
        corridor: usize::MAX, // set when the corridor gets its index
        from,
        to,
        mode: segment_mode,
        status: segment_status,
        shape,
        measured_length_km,
        published_length_km: raw_segment.length_km.map(Spanned::into_inner),
        source: raw_segment.source.map(Spanned::into_inner),
        speed_kmh: raw_segment.speed_kmh.map(Spanned::into_inner),
        seasonal: raw_segment.seasonal,
        open_months,
        gauge_mm: raw_segment.gauge_mm.map(Spanned::into_inner),
        terrain,
        estimated_length_km: None,
    })
}

/// The keyword under `key` where the table gives one, else `default` (the
/// corridor's).
fn keyword_or<T: Keyword>(
    report: &mut FileReport,
    value: &Option<Spanned<String>>,
    key: &str,
    default: Option<T>,
) -> Option<T> {
    match value {
        Some(value) => parse_keyword(report, value, key),
        None => default,
    }
}

/// The months of `open_months`: each 1 to 12, once, and not all twelve (a segment
/// open all year has no `open_months`).
fn open_months(report: &mut FileReport, months: &Spanned<Vec<i64>>) -> Option<OpenMonths> {
    let list: Vec<u8> = months
        .get_ref()
        .iter()
        .filter_map(|&m| u8::try_from(m).ok())
        .collect();
    let unique = list.iter().collect::<HashSet<_>>().len() == list.len();
    match OpenMonths::from_months(&list) {
        Some(open) if unique && list.len() == months.get_ref().len() && list.len() < 12 => {
            Some(open)
        }
        _ => {
            report.error(
                months.span(),
                "`open_months` must list the months the segment is open, each 1 to 12 once, not all twelve",
                Some("e.g. open_months = [4, 5, 6, 7, 8, 9, 10, 11] for April to November".into()),
            );
            None
        }
    }
}

/// False, reported, where a published `length_km` has no `source`.
fn check_length_source(report: &mut FileReport, raw_segment: &RawSegment) -> bool {
    let Some(length) = &raw_segment.length_km else {
        return true;
    };
    if raw_segment.source.is_some() {
        return true;
    }
    report.error(
        length.span(),
        "a published `length_km` needs a `source`",
        Some("add `source = \"...\"` naming where the length is published".into()),
    );
    false
}

/// The segment's shape points; `None` where any is not a valid `[lat, lon]` pair
/// (each such point is reported).
fn shape(report: &mut FileReport, points: &[Spanned<Vec<f64>>]) -> Option<Vec<LatLon>> {
    let mut shape = Vec::new();
    let mut ok = true;
    for point in points {
        match point.get_ref().as_slice() {
            [lat, lon] => {
                if check_lat_lon(report, *lat, *lon, point.span(), point.span()) {
                    shape.push(LatLon::new(*lat, *lon));
                } else {
                    ok = false;
                }
            }
            other => {
                report.error(
                    point.span(),
                    format!(
                        "a shape point must be a [lat, lon] pair, found {} numbers",
                        other.len()
                    ),
                    Some("write shape = [[lat, lon], [lat, lon], ...]".into()),
                );
                ok = false;
            }
        }
    }
    ok.then_some(shape)
}

/// The length of the segment from `from` along `shape` to `to`, in km; `None`,
/// reported, where its ends are one place or one position, or where its published
/// length is shorter than the straight line.
fn measured_length(
    report: &mut FileReport,
    raw_segment: &RawSegment,
    places: &[Place],
    from: PlaceIdx,
    to: PlaceIdx,
    shape: &[LatLon],
) -> Option<f64> {
    if from == to {
        report.error(
            raw_segment.to.span(),
            format!("segment goes from `{}` to itself", places[from].id),
            Some("a segment joins two different places".into()),
        );
        return None;
    }
    let (from, to) = (&places[from], &places[to]);
    let measured_length_km = geodesy::polyline_km(
        std::iter::once(from.position)
            .chain(shape.iter().copied())
            .chain(std::iter::once(to.position)),
    );
    if measured_length_km < ZERO_LENGTH_KM {
        report.error(
            raw_segment.from.span(),
            format!("segment `{}` → `{}` has zero length", from.id, to.id),
            Some("the two places have the same coordinates; check places.toml".into()),
        );
        return None;
    }
    match &raw_segment.length_km {
        Some(published) if !check_published_length(report, published, from, to) => None,
        _ => Some(measured_length_km),
    }
}

/// False, reported, where the published length is shorter than the straight line
/// between the segment's ends: a road cannot be, less what the ends' own
/// coordinates may be off by.
fn check_published_length(
    report: &mut FileReport,
    published: &Spanned<f64>,
    from: &Place,
    to: &Place,
) -> bool {
    let straight_km = geodesy::geodesic_km(from.position, to.position);
    let slack_km = from.precision_km.unwrap_or(0.0) + to.precision_km.unwrap_or(0.0);
    if *published.get_ref() + slack_km < straight_km {
        report.error(
            published.span(),
            format!(
                "the published length {} km is shorter than the {:.1} km straight line from `{}` to `{}`",
                show_number(*published.get_ref()),
                straight_km,
                from.id,
                to.id
            ),
            Some(
                "the figure or the segment's ends are wrong: check which two places the source measures between"
                    .into(),
            ),
        );
        return false;
    }
    true
}

/// A stretch of a corridor's chain: one segment, or a whole included corridor.
struct Piece {
    steps: Vec<Traversal>,
    start: PlaceIdx,
    end: PlaceIdx,
    /// Where to point a message about this piece.
    offset: usize,
}

impl Piece {
    fn reversed(mut self) -> Self {
        self.steps.reverse();
        for step in &mut self.steps {
            step.forward = !step.forward;
        }
        std::mem::swap(&mut self.start, &mut self.end);
        self
    }
}

/// Chains `pieces` end to end, flipping each as needed; reports the first piece that
/// does not continue from where the chain has got to.
fn chain(report: &mut FileReport, places: &[Place], pieces: Vec<Piece>) -> Option<Vec<Traversal>> {
    let mut pieces = pieces.into_iter().peekable();
    let mut first = pieces.next()?;
    if let Some(second) = pieces.peek()
        && first.end != second.start
        && first.end != second.end
    {
        first = first.reversed();
    }
    let mut end = first.end;
    let mut steps = first.steps;
    for piece in pieces {
        let piece = if piece.start == end {
            piece
        } else if piece.end == end {
            piece.reversed()
        } else {
            report.error(
                piece.offset..piece.offset,
                format!(
                    "this part ({} – {}) does not continue the corridor from `{}`",
                    places[piece.start].id, places[piece.end].id, places[end].id
                ),
                Some(
                    "a corridor is one chain: list its segments (and includes) in travel order"
                        .into(),
                ),
            );
            return None;
        };
        end = piece.end;
        steps.extend(piece.steps);
    }
    Some(steps)
}

/// Resolves `includes` and builds each corridor's travel-order path.
///
/// `reports[i]` is the report of `pending[i]`'s file. Returns the corridors with
/// their paths and all segments, each pointing at its corridor.
pub fn link_corridors(
    reports: &mut [FileReport],
    places: &[Place],
    pending: Vec<PendingCorridor>,
) -> Option<(Vec<Corridor>, Vec<Segment>)> {
    let (segments, own_pieces) = numbered_segments(&pending);
    // Paths of corridors without includes come first: included corridors must be
    // plain chains (one level of composition keeps the data easy to read).
    let own_paths: Vec<Option<Vec<Traversal>>> = own_pieces
        .into_iter()
        .enumerate()
        .map(|(i, pieces)| {
            if pieces.is_empty() {
                Some(Vec::new())
            } else {
                chain(&mut reports[i], places, pieces)
            }
        })
        .collect();
    let mut ok = own_paths.iter().all(Option::is_some);
    let linking = Linking {
        places,
        pending: &pending,
        index: pending
            .iter()
            .enumerate()
            .map(|(i, p)| (p.corridor.id.clone(), i))
            .collect(),
        segments,
        own_paths,
    };
    let mut corridors = Vec::with_capacity(pending.len());
    for (i, report) in reports.iter_mut().enumerate().take(pending.len()) {
        match linking.corridor(report, i) {
            Some(corridor) => corridors.push(corridor),
            None => ok = false,
        }
    }
    ok.then_some((corridors, linking.segments))
}

/// Every corridor's own segments, numbered across the dataset and pointing at their
/// corridor, and each corridor's segments as pieces of its chain.
fn numbered_segments(pending: &[PendingCorridor]) -> (Vec<Segment>, Vec<Vec<Piece>>) {
    let mut segments = Vec::new();
    let mut own_pieces: Vec<Vec<Piece>> = Vec::new();
    for (corridor_idx, p) in pending.iter().enumerate() {
        let mut pieces = Vec::new();
        for (segment, offset) in p.segments.iter().zip(&p.segment_offsets) {
            let mut segment = segment.clone();
            segment.corridor = corridor_idx;
            pieces.push(Piece {
                steps: vec![Traversal {
                    segment: segments.len(),
                    forward: true,
                }],
                start: segment.from,
                end: segment.to,
                offset: *offset,
            });
            segments.push(segment);
        }
        own_pieces.push(pieces);
    }
    (segments, own_pieces)
}

/// What linking a corridor to the corridors it includes looks at.
struct Linking<'a> {
    places: &'a [Place],
    pending: &'a [PendingCorridor],
    /// Each corridor's index by its id.
    index: HashMap<String, CorridorIdx>,
    segments: Vec<Segment>,
    /// Each corridor's path through its own segments; `None` where they do not
    /// chain (reported).
    own_paths: Vec<Option<Vec<Traversal>>>,
}

impl Linking<'_> {
    /// Corridor `i` with its includes and its path; `None` where an include or the
    /// chain has a problem (each is reported).
    fn corridor(&self, report: &mut FileReport, i: CorridorIdx) -> Option<Corridor> {
        let p = &self.pending[i];
        let mut ok = true;
        let mut includes = Vec::new();
        let mut pieces: Vec<Piece> = Vec::new();
        if let Some(path) = &self.own_paths[i]
            && !path.is_empty()
        {
            pieces.push(piece_of(path, &self.segments, 0));
        }
        for name in &p.includes {
            let Some(included) = self.included(report, i, name, &includes) else {
                ok = false;
                continue;
            };
            includes.push(included);
            if let Some(path) = &self.own_paths[included] {
                pieces.push(piece_of(path, &self.segments, name.span().start));
            }
        }
        let path = if p.includes.is_empty() {
            self.own_paths[i].clone().unwrap_or_default()
        } else {
            let path = chain(report, self.places, pieces);
            ok &= path.is_some();
            path.unwrap_or_default()
        };
        let mut corridor = p.corridor.clone();
        corridor.includes = includes;
        corridor.path = path;
        ok.then_some(corridor)
    }

    /// The corridor that `name`, in corridor `i`'s `includes`, may include; `None`,
    /// reported, where it is unknown, itself, a through route, already included or
    /// of another mode.
    fn included(
        &self,
        report: &mut FileReport,
        i: CorridorIdx,
        name: &Spanned<String>,
        includes: &[CorridorIdx],
    ) -> Option<CorridorIdx> {
        let Some(&included) = self.index.get(name.get_ref()) else {
            let known = self.index.keys().map(String::as_str);
            let hint = match report.suggestion(name.get_ref(), known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name the id of another corridor file".into(),
            };
            report.error(
                name.span(),
                format!("`includes` names an unknown corridor `{}`", name.get_ref()),
                Some(hint),
            );
            return None;
        };
        let (mode, included_mode) = (
            self.pending[i].corridor.mode,
            self.pending[included].corridor.mode,
        );
        let (message, hint) = if included == i || !self.pending[included].includes.is_empty() {
            (
                format!("corridor `{}` cannot be included here", name.get_ref()),
                "include only corridors made of their own segments, not itself or other through routes",
            )
        } else if includes.contains(&included) {
            (
                format!("`includes` names `{}` twice", name.get_ref()),
                "a through route passes each corridor once; drop the repeat",
            )
        } else if included_mode != mode {
            (
                format!(
                    "included corridor `{}` is {included_mode}, this one is {mode}",
                    name.get_ref(),
                ),
                "a corridor has one mode; include only corridors of the same mode",
            )
        } else {
            return Some(included);
        };
        report.error(name.span(), message, Some(hint.into()));
        None
    }
}

/// A whole chained path as one piece.
fn piece_of(path: &[Traversal], segments: &[Segment], offset: usize) -> Piece {
    let ends = |step: &Traversal| {
        let s = &segments[step.segment];
        if step.forward {
            (s.from, s.to)
        } else {
            (s.to, s.from)
        }
    };
    let start = ends(&path[0]).0;
    let end = ends(&path[path.len() - 1]).1;
    Piece {
        steps: path.to_vec(),
        start,
        end,
        offset,
    }
}

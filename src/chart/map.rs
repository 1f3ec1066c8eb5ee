//! The map: country outlines, every segment that passes the filter along its shape
//! points (colour = mode, line style = status), places with their labels, a legend and
//! a scale bar; on a route map, the routes highlighted beneath.

use plotters::element::{DashedPathElement, DottedPathElement};
use plotters::prelude::*;

use super::ChartError;
use super::cache::MapCache;
use super::canvas::{self, Anchor, Area, Drawn, Hover, HoverShape, Px};
use super::frame::{Bounds, Frame, PxRect, clip_polyline, clip_ring, round_px};
use super::style::Font;
use super::style::{self, BORDER, COUNTRY_NAME, INK, LAND, MUTED, SEA};
use crate::basemap::{Basemap, Country};
use crate::graph::Filter;
use crate::model::{
    Dataset, LatLon, Mode, Place, PlaceIdx, PlaceKind, SegmentIdx, Status, Traversal,
};
use crate::routing::RouteSummary;

/// The network map's default frame: Central and South Asia, where the seed papers'
/// corridors lie, from Astana (51.2° N) to Karachi and Gwadar (24.8–25.1° N) and from
/// the Caspian ports (Baku 49.9° E, Aktau) to Kashgar and Delhi (76–77° E), with a
/// degree or two to spare. Places beyond it (Poti, Istanbul, Lianyungang) get an
/// arrow at its edge instead of widening the map to reach them.
pub const DEFAULT_FRAME: Bounds = Bounds {
    south_deg: 23.0,
    west_deg: 48.0,
    north_deg: 52.5,
    east_deg: 84.0,
};

const WIDTH_PX: u32 = 1200;
const MAP_LEFT_PX: f64 = 20.0;
const MAP_TOP_PX: f64 = 64.0;
const MAP_WIDTH_PX: f64 = 1160.0;
const MAP_MAX_HEIGHT_PX: f64 = 900.0;
const LEGEND_HEIGHT_PX: f64 = 118.0;
const FOOTER_HEIGHT_PX: f64 = 44.0;

/// A route drawn over the map, best first.
#[derive(Debug, Clone)]
pub struct RouteOverlay {
    /// "Route 1: 1,904 km".
    pub label: String,
    pub steps: Vec<Traversal>,
}

impl RouteOverlay {
    /// The overlay of the route ranked `rank` (0 = best): its label gives km and,
    /// where known, hours.
    pub fn of(rank: usize, route: &RouteSummary) -> Self {
        let mut label = format!(
            "Route {}: {} km",
            rank + 1,
            crate::wording::km(route.distance_km)
        );
        if let Some(hours) = route.duration_h {
            label.push_str(&format!(", {hours:.1} h"));
        }
        Self::labelled(label, route)
    }

    /// The route's overlay with a legend label of the caller's.
    pub fn labelled(label: String, route: &RouteSummary) -> Self {
        Self {
            label,
            steps: route
                .legs
                .iter()
                .flat_map(|leg| leg.steps.iter().copied())
                .collect(),
        }
    }
}

/// What the map shows.
#[derive(Debug, Clone)]
pub struct MapSpec<'a> {
    pub title: String,
    /// A line under the title: what the filter keeps.
    pub subtitle: String,
    pub filter: &'a Filter,
    /// Routes to highlight; the frame then fits them rather than the region.
    pub routes: &'a [RouteOverlay],
}

/// The title of the network map (`chart map`, the report's map.svg).
pub const NETWORK_MAP_TITLE: &str =
    "Transport and energy corridors between Central Asia and South Asia";

impl<'a> MapSpec<'a> {
    /// The network map under `filter`, with no route highlighted.
    pub fn network(data: &Dataset, filter: &'a Filter) -> Self {
        Self {
            title: NETWORK_MAP_TITLE.into(),
            subtitle: super::subtitle(data, filter),
            filter,
            routes: &[],
        }
    }
}

/// Draws the map as an SVG document, in its default frame: around the routes on a
/// route map, else [`DEFAULT_FRAME`].
pub fn map(data: &Dataset, basemap: &Basemap, spec: &MapSpec) -> Result<String, ChartError> {
    framed(data, basemap, spec, None)
}

/// [`map`] with hover cache shared with other maps of `data` (see [`MapCache`]).
pub fn map_cached(
    data: &Dataset,
    basemap: &Basemap,
    spec: &MapSpec,
    cache: &MapCache<'_>,
) -> Result<String, ChartError> {
    framed_cached(data, basemap, spec, None, cache)
}

/// Draws the map in `bounds` (latitude/longitude degrees) where given, else in its
/// default frame. Places beyond the frame that matter (ports, capitals, the ends of
/// lines) are shown by an arrow at its edge with their name.
pub fn framed(
    data: &Dataset,
    basemap: &Basemap,
    spec: &MapSpec,
    bounds: Option<Bounds>,
) -> Result<String, ChartError> {
    framed_cached(data, basemap, spec, bounds, &MapCache::new(data))
}

fn framed_cached(
    data: &Dataset,
    basemap: &Basemap,
    spec: &MapSpec,
    bounds: Option<Bounds>,
    cache: &MapCache<'_>,
) -> Result<String, ChartError> {
    let segments: Vec<SegmentIdx> = (0..data.segments.len())
        .filter(|&s| spec.filter.admits(data, s))
        .collect();
    let shown_places = shown_places(data, &segments, spec.routes);
    let frame = Frame::fit(
        bounds.unwrap_or_else(|| frame_bounds(data, &segments, spec.routes)),
        MAP_LEFT_PX,
        MAP_TOP_PX,
        MAP_WIDTH_PX,
        MAP_MAX_HEIGHT_PX,
    );
    let legend_top = frame.px.bottom + 14.0;
    let height = (legend_top + LEGEND_HEIGHT_PX + FOOTER_HEIGHT_PX).ceil() as u32;

    let markers: Vec<(PlaceIdx, Px)> = shown_places
        .iter()
        .map(|&p| (p, frame.pixel_of(data.places[p].position)))
        .filter(|(_, at)| frame.px.contains(*at))
        .map(|(p, at)| (p, round_px(at)))
        .collect();
    // How many shown segments meet at each place: arrows and labels both rank by it.
    let degree = degrees(data, &segments);
    // A route map frames its routes: the rest of the network beyond it is no aim.
    let arrows = if spec.routes.is_empty() {
        edge_arrows(data, &shown_places, &degree, &frame)
    } else {
        Vec::new()
    };
    let labels = place_labels(cache, &markers, &degree, spec.routes, &frame, &arrows);
    let all_labels: Vec<PlaceLabel> = labels
        .iter()
        .cloned()
        .chain(arrows.iter().map(|a| a.label.clone()))
        .collect();
    let country_labels = country_labels(basemap, &frame, &all_labels, &markers);

    canvas::render(WIDTH_PX, height, &spec.title, |area, hovers| {
        canvas::heading(area, &spec.title, &spec.subtitle, "")?;
        draw_countries(area, basemap, &frame)?;
        for (name, at) in &country_labels {
            canvas::text(area, name, *at, COUNTRY_LABEL, Anchor::Centre)?;
        }
        draw_routes(area, data, spec.routes, &frame)?;
        let faded = !spec.routes.is_empty();
        draw_segments(area, data, &segments, &frame, faded, (hovers, cache))?;
        draw_places(area, (hovers, cache), data, &markers, &labels, &arrows)?;
        draw_frame_edge(area, &frame)?;
        let modes = modes_shown(data, &segments);
        draw_legend(
            area,
            &modes,
            spec.routes,
            &frame,
            legend_top,
            !arrows.is_empty(),
        )?;
        draw_footer(area, &frame, legend_top + LEGEND_HEIGHT_PX)
    })
}

/// The places the map shows, in index order: the ends of every admitted segment and
/// of every route's steps, each once.
fn shown_places(data: &Dataset, segments: &[SegmentIdx], routes: &[RouteOverlay]) -> Vec<PlaceIdx> {
    let mut shown_places: Vec<PlaceIdx> = Vec::new();
    let mut seen = vec![false; data.places.len()];
    let mut include = |p: PlaceIdx| {
        if !std::mem::replace(&mut seen[p], true) {
            shown_places.push(p);
        }
    };
    for &s in segments {
        include(data.segments[s].from);
        include(data.segments[s].to);
    }
    for route in routes {
        for step in &route.steps {
            include(data.segments[step.segment].from);
            include(data.segments[step.segment].to);
        }
    }
    shown_places.sort_unstable();
    shown_places
}

/// The place markers with their hovers, then the place labels, then the arrows to
/// places beyond the frame with theirs.
fn draw_places<'c>(
    area: &Area,
    (hovers, cache): (&mut Vec<Hover<'c>>, &'c MapCache<'_>),
    data: &Dataset,
    markers: &[(PlaceIdx, Px)],
    labels: &[PlaceLabel],
    arrows: &'c [EdgeArrow],
) -> Drawn {
    for &(p, at) in markers {
        let place = &data.places[p];
        marker(area, place.kind, place.is_border_crossing(), at)?;
        hovers.push(Hover {
            shape: HoverShape::Dot { at, radius: 5 },
            title: cache.place_title(p).into(),
        });
    }
    for label in labels {
        if let Some((from, to)) = label.leader {
            area.draw(&PathElement::new(vec![from, to], MUTED.stroke_width(1)))?;
        }
        canvas::text(area, &label.text, label.at, PLACE_LABEL, label.anchor)?;
    }
    for arrow in arrows {
        draw_arrow(area, arrow)?;
        hovers.push(Hover {
            shape: HoverShape::Dot {
                at: arrow.tip,
                radius: 6,
            },
            title: arrow.title.as_str().into(),
        });
    }
    Ok(())
}

/// The frame's edge, drawn over everything cut at it.
fn draw_frame_edge(area: &Area, frame: &Frame) -> Drawn {
    let edge = [
        (frame.px.left, frame.px.top),
        (frame.px.right, frame.px.top),
        (frame.px.right, frame.px.bottom),
        (frame.px.left, frame.px.bottom),
        (frame.px.left, frame.px.top),
    ];
    area.draw(&PathElement::new(
        edge.iter().map(|&p| round_px(p)).collect::<Vec<_>>(),
        MUTED.stroke_width(1),
    ))
}

/// The projection and the sources, under the legend.
fn draw_footer(area: &Area, frame: &Frame, footer_top: f64) -> Drawn {
    canvas::footnote(
        area,
        &format!(
            "Projection: equirectangular, standard parallel {:.1}° N, on WGS84 latitudes and longitudes. \
             Lines follow each segment's shape points.",
            frame.standard_parallel_deg
        ),
        (footer_top + 8.0) as i32,
    )?;
    canvas::footnote(
        area,
        "Base map: Made with Natural Earth (1:50m Admin 0 countries, public domain; boundaries as Natural Earth draws them). \
         Data: the corridors dataset (routes/).",
        (footer_top + 26.0) as i32,
    )
}

const PLACE_LABEL: Font = Font::new(11.0, INK);
const COUNTRY_LABEL: Font = Font::new(13.0, COUNTRY_NAME).italic();

/// The frame: around the routes when there are any, else around the network, within
/// [`DEFAULT_FRAME`] (a filtered network smaller than it gets a closer view).
fn frame_bounds(data: &Dataset, segments: &[SegmentIdx], routes: &[RouteOverlay]) -> Bounds {
    let points_of = |steps: &mut dyn Iterator<Item = Traversal>| -> Vec<LatLon> {
        steps.flat_map(|step| data.traversal_points(step)).collect()
    };
    if !routes.is_empty() {
        let points = points_of(&mut routes.iter().flat_map(|r| r.steps.iter().copied()));
        if let Some(bounds) = Bounds::around(points) {
            return bounds.grown(1.5).at_least(8.0, 12.0).widened_to(1.2);
        }
    }
    let points = points_of(&mut segments.iter().map(|&segment| Traversal {
        segment,
        forward: true,
    }));
    match Bounds::around(points) {
        Some(bounds) => bounds.grown(1.0).within(DEFAULT_FRAME),
        None => DEFAULT_FRAME,
    }
}

/// A segment's line in pixels, cut into the runs inside the frame.
fn runs(data: &Dataset, step: Traversal, frame: &Frame) -> Vec<Vec<Px>> {
    let points: Vec<(f64, f64)> = data
        .traversal_points(step)
        .into_iter()
        .map(|p| frame.pixel_of(p))
        .collect();
    clip_polyline(&points, &frame.px)
        .into_iter()
        .map(|run| decimate(&run))
        .filter(|run| run.len() > 1)
        .collect()
}

/// Rounds a pixel line and drops points that would repeat the previous one.
fn decimate(points: &[(f64, f64)]) -> Vec<Px> {
    let mut out: Vec<Px> = Vec::with_capacity(points.len());
    for &p in points {
        let px = round_px(p);
        if out.last() != Some(&px) {
            out.push(px);
        }
    }
    out
}

/// Whether `country` lies wholly outside `frame`, with a pixel to spare: then none of
/// its outline is drawn (clipping leaves nothing of it) and its label has no place.
/// The projection is linear, so the country's bounding box projects to a box around
/// every point of it.
fn outside_frame(country: &Country, frame: &Frame) -> bool {
    let Some(outline) = country.bounds() else {
        return false;
    };
    let (x0, y0) = frame.pixel_of(LatLon::new(outline.min().y, outline.min().x));
    let (x1, y1) = frame.pixel_of(LatLon::new(outline.max().y, outline.max().x));
    x0.max(x1) + 1.0 < frame.px.left
        || x0.min(x1) - 1.0 > frame.px.right
        || y0.max(y1) + 1.0 < frame.px.top
        || y0.min(y1) - 1.0 > frame.px.bottom
}

fn draw_countries(area: &Area, basemap: &Basemap, frame: &Frame) -> Drawn {
    let rect = frame.px;
    let corners = [(rect.left, rect.top), (rect.right, rect.bottom)];
    area.draw(&Rectangle::new(corners.map(round_px), SEA.filled()))?;
    // Each ring projected once, for its land and for its border line.
    let rings: Vec<(Vec<(f64, f64)>, Placement)> = basemap
        .countries
        .iter()
        .filter(|c| !outside_frame(c, frame))
        .flat_map(|country| &country.shape.0)
        .flat_map(|polygon| {
            // Exterior first: only an exterior is filled.
            std::iter::once((polygon.exterior(), true))
                .chain(polygon.interiors().iter().map(|ring| (ring, false)))
        })
        .map(|(ring, exterior)| {
            let points: Vec<(f64, f64)> = ring
                .coords()
                .map(|c| frame.pixel_of(LatLon::new(c.y, c.x)))
                .collect();
            let placement = Placement::of(&points, &rect, exterior);
            (points, placement)
        })
        .collect();
    for (points, placement) in &rings {
        let land = match placement {
            Placement::Outside | Placement::Hole => continue,
            // Clipping a ring inside the frame gives the ring.
            Placement::Inside => decimate(points),
            Placement::Across => decimate(&clip_ring(points, &rect)),
        };
        if land.len() > 2 {
            area.draw(&Polygon::new(land, LAND.filled()))?;
        }
    }
    for (points, placement) in &rings {
        let runs = match placement {
            Placement::Outside => continue,
            // Clipping a line inside the frame gives the line (where it is one).
            Placement::Inside if points.len() > 1 => vec![decimate(points)],
            Placement::Inside => continue,
            Placement::Across | Placement::Hole => clip_polyline(points, &rect)
                .iter()
                .map(|run| decimate(run))
                .collect(),
        };
        for run in runs {
            if run.len() > 1 {
                area.draw(&PathElement::new(run, BORDER.stroke_width(1)))?;
            }
        }
    }
    Ok(())
}

/// Where a projected ring of the base map lies against the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Placement {
    /// Wholly inside: clipping would change nothing.
    Inside,
    /// Wholly beyond one edge: clipping would leave nothing.
    Outside,
    /// Across an edge: clipped.
    Across,
    /// A hole (an interior ring), not wholly outside: only its border is drawn,
    /// clipped.
    Hole,
}

impl Placement {
    fn of(points: &[(f64, f64)], rect: &PxRect, exterior: bool) -> Self {
        let (mut left, mut top) = (f64::INFINITY, f64::INFINITY);
        let (mut right, mut bottom) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
        for &(x, y) in points {
            left = left.min(x);
            right = right.max(x);
            top = top.min(y);
            bottom = bottom.max(y);
        }
        let beyond =
            right < rect.left || left > rect.right || bottom < rect.top || top > rect.bottom;
        let within = rect.contains((left, top)) && rect.contains((right, bottom));
        match (beyond, within, exterior) {
            (true, _, _) => Self::Outside,
            (false, _, false) => Self::Hole,
            (false, true, true) => Self::Inside,
            (false, false, true) => Self::Across,
        }
    }
}

/// The routes as broad translucent bands under the network lines, worst first so
/// that the best lies on top.
fn draw_routes(area: &Area, data: &Dataset, routes: &[RouteOverlay], frame: &Frame) -> Drawn {
    for (rank, route) in routes.iter().enumerate().rev() {
        let colour = style::route_colour(rank).mix(0.45).stroke_width(9);
        for &step in &route.steps {
            for run in runs(data, step, frame) {
                area.draw(&PathElement::new(run, colour))?;
            }
        }
    }
    Ok(())
}

/// Every admitted segment, unbuilt ones first so that operational lines lie on top.
fn draw_segments<'c>(
    area: &Area,
    data: &Dataset,
    segments: &[SegmentIdx],
    frame: &Frame,
    faded: bool,
    (hovers, cache): (&mut Vec<Hover<'c>>, &'c MapCache<'_>),
) -> Drawn {
    let mut order = segments.to_vec();
    order.sort_by_key(|&s| (std::cmp::Reverse(data.segments[s].status), s));
    for s in order {
        let segment = &data.segments[s];
        let colour = style::mode_colour(segment.mode).mix(if faded { 0.55 } else { 1.0 });
        let step = Traversal {
            segment: s,
            forward: true,
        };
        for run in runs(data, step, frame) {
            status_line(area, run.clone(), segment.status, colour)?;
            hovers.push(Hover {
                shape: HoverShape::Line(run),
                title: cache.segment_title(s).into(),
            });
        }
    }
    Ok(())
}

/// A place's marker: a square for a port, a diamond for a border crossing, a dot for
/// anything else.
fn marker(area: &Area, kind: PlaceKind, border_crossing: bool, (x, y): Px) -> Drawn {
    if kind == PlaceKind::Port {
        area.draw(&Rectangle::new(
            [(x - 4, y - 4), (x + 4, y + 4)],
            INK.filled(),
        ))
    } else if border_crossing {
        let diamond = vec![(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)];
        area.draw(&Polygon::new(diamond.clone(), WHITE.filled()))?;
        let mut outline = diamond;
        outline.push((x, y - 5));
        area.draw(&PathElement::new(outline, INK.stroke_width(1)))
    } else {
        area.draw(&Circle::new((x, y), 3, WHITE.filled()))?;
        area.draw(&Circle::new((x, y), 3, INK.stroke_width(1)))
    }
}

/// A place name placed on the map.
#[derive(Debug, Clone)]
struct PlaceLabel {
    text: String,
    at: Px,
    anchor: Anchor,
    bounds: PxRect,
    /// A thin line from the marker to a label set away from it.
    leader: Option<(Px, Px)>,
}

/// A place beyond the frame: an arrow at the edge, pointing its way, with its name.
#[derive(Debug, Clone)]
struct EdgeArrow {
    /// On the frame's edge, where the line from the frame's centre to the place
    /// leaves it.
    tip: Px,
    /// The arrow's tail, inside the frame.
    tail: Px,
    label: PlaceLabel,
    title: String,
}

/// Length of an edge arrow, in pixels.
const ARROW_PX: f64 = 16.0;

/// The arrows for the places beyond the frame that a reader looks for: ports,
/// capitals and the ends of lines (a place only one shown segment reaches). Each
/// label sits inside the frame beside its arrow, slid along the edge where two
/// would meet.
fn edge_arrows(
    data: &Dataset,
    shown_places: &[PlaceIdx],
    degree: &[usize],
    frame: &Frame,
) -> Vec<EdgeArrow> {
    let mut arrows: Vec<EdgeArrow> = Vec::new();
    let mut taken: Vec<PxRect> = Vec::new();
    for &p in shown_places {
        let place = &data.places[p];
        let at = frame.pixel_of(place.position);
        let wanted = place.kind == PlaceKind::Port || place.capital || degree[p] == 1;
        if frame.px.contains(at) || !wanted {
            continue;
        }
        if let Some(arrow) = edge_arrow(place, at, &frame.px, &taken) {
            taken.push(arrow.label.bounds);
            arrows.push(arrow);
        }
    }
    arrows
}

/// Segments meeting at each place, counted once rather than per comparison.
fn degrees(data: &Dataset, segments: &[SegmentIdx]) -> Vec<usize> {
    let mut degree = vec![0usize; data.places.len()];
    for &s in segments {
        degree[data.segments[s].from] += 1;
        degree[data.segments[s].to] += 1;
    }
    degree
}

/// The arrow to `place`, at pixel `at` beyond `rect`: where the line from the
/// frame's centre leaves it, with the name slid along the edge, alternately either
/// side, until it clears the labels `taken`. `None` where it fits nowhere.
fn edge_arrow(place: &Place, at: (f64, f64), rect: &PxRect, taken: &[PxRect]) -> Option<EdgeArrow> {
    let centre = (
        (rect.left + rect.right) / 2.0,
        (rect.top + rect.bottom) / 2.0,
    );
    let run = super::frame::clip_polyline(&[centre, at], rect).pop()?;
    let &edge = run.last()?;
    let (dx, dy) = (at.0 - centre.0, at.1 - centre.1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let tip = round_px(edge);
    let tail = round_px((edge.0 - ux * ARROW_PX, edge.1 - uy * ARROW_PX));
    // The name on the frame's side of the tail, away from the edge it points at.
    let (anchor, gap) = if ux > 0.5 {
        (Anchor::Right, -4)
    } else if ux < -0.5 {
        (Anchor::Left, 4)
    } else {
        (Anchor::Centre, 0)
    };
    let vertical = if ux.abs() > 0.5 {
        0
    } else if uy > 0.0 {
        -9
    } else {
        9
    };
    let text = place.name.clone();
    let (label_at, bounds, (sx, sy)) = (0..24).find_map(|step: i32| {
        let shift = (step + 1) / 2 * if step % 2 == 0 { 1 } else { -1 } * 14;
        let (sx, sy) = if ux.abs() > 0.5 {
            (0, shift)
        } else {
            (shift, 0)
        };
        let at = (tail.0 + gap + sx, tail.1 + vertical + sy);
        let bounds = text_box(&text, PLACE_LABEL, at, anchor);
        let clear = bounds.inside(rect) && !taken.iter().any(|t| t.overlaps(&bounds));
        clear.then_some((at, bounds, (sx, sy)))
    })?;
    Some(EdgeArrow {
        tip: (tip.0 + sx, tip.1 + sy),
        tail: (tail.0 + sx, tail.1 + sy),
        label: PlaceLabel {
            text,
            at: label_at,
            anchor,
            bounds,
            leader: None,
        },
        title: format!(
            "{}, beyond the frame {}",
            place.name,
            super::cache::place_facts(place)
        ),
    })
}

fn draw_arrow(area: &Area, arrow: &EdgeArrow) -> Drawn {
    let (tip, tail) = (arrow.tip, arrow.tail);
    area.draw(&PathElement::new(vec![tail, tip], INK.stroke_width(2)))?;
    let (dx, dy) = ((tip.0 - tail.0) as f64, (tip.1 - tail.1) as f64);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let back = (tip.0 as f64 - ux * 7.0, tip.1 as f64 - uy * 7.0);
    let head = vec![
        tip,
        round_px((back.0 - uy * 4.0, back.1 + ux * 4.0)),
        round_px((back.0 + uy * 4.0, back.1 - ux * 4.0)),
    ];
    area.draw(&Polygon::new(head, INK.filled()))?;
    let label = &arrow.label;
    canvas::text(area, &label.text, label.at, PLACE_LABEL, label.anchor)
}

/// The box a text takes with its anchor at `at`, vertically centred.
fn text_box(text: &str, font: Font, at: Px, anchor: Anchor) -> PxRect {
    let width = canvas::text_width_px(text, font.size_px);
    let (x, y) = (at.0 as f64, at.1 as f64);
    let left = match anchor {
        Anchor::Left => x,
        Anchor::Centre => x - width / 2.0,
        Anchor::Right => x - width,
    };
    let half = font.size_px * 0.65;
    PxRect {
        left,
        top: y - half,
        right: left + width,
        bottom: y + half,
    }
}

fn marker_box((x, y): Px) -> PxRect {
    let (x, y) = (x as f64, y as f64);
    PxRect {
        left: x - 5.0,
        top: y - 5.0,
        right: x + 5.0,
        bottom: y + 5.0,
    }
}

/// What makes a place's name worth placing, and how hard to try: the ends of the
/// routes, the segments meeting at each place and the corridors naming it.
struct LabelPriority<'a> {
    data: &'a Dataset,
    /// Counts the corridors whose name names a place: the towns the sources
    /// themselves call out (Mazar-i-Sharif, Gilgit) before a junction on a road's way.
    cache: &'a MapCache<'a>,
    route_ends: Vec<PlaceIdx>,
    degree: &'a [usize],
}

impl<'a> LabelPriority<'a> {
    fn new(cache: &'a MapCache<'a>, degree: &'a [usize], routes: &[RouteOverlay]) -> Self {
        let data = cache.data();
        let route_ends: Vec<PlaceIdx> = routes
            .iter()
            .filter_map(|r| {
                let first = r.steps.first()?;
                let last = r.steps.last()?;
                let start = &data.segments[first.segment];
                let end = &data.segments[last.segment];
                Some([
                    if first.forward { start.from } else { start.to },
                    if last.forward { end.to } else { end.from },
                ])
            })
            .flatten()
            .collect();
        Self {
            data,
            cache,
            route_ends,
            degree,
        }
    }

    /// 0 for a route end, then capital, port, border crossing, any other place.
    fn rank(&self, p: PlaceIdx) -> u8 {
        let place = &self.data.places[p];
        if self.route_ends.contains(&p) {
            0
        } else if place.capital {
            1
        } else if place.kind == PlaceKind::Port {
            2
        } else if place.is_border_crossing() {
            3
        } else {
            4
        }
    }

    /// The markers, most important first.
    fn order(&self, markers: &[(PlaceIdx, Px)]) -> Vec<(PlaceIdx, Px)> {
        let mut order: Vec<(PlaceIdx, Px)> = markers.to_vec();
        order.sort_by_cached_key(|&(p, _)| {
            (
                self.rank(p),
                std::cmp::Reverse(self.cache.corridors_naming(p).min(3)),
                std::cmp::Reverse(self.degree[p]),
                self.data.places[p].id.clone(),
            )
        });
        order
    }

    /// Leader lines only where the name matters enough to be worth the ink; the
    /// longest only for the names never dropped.
    fn leader_radii(&self, p: PlaceIdx) -> &'static [i32] {
        let (rank, named) = (self.rank(p), self.cache.corridors_naming(p));
        if rank < 3 || named >= 3 {
            &[24, 38, 54, 72, 92, 120]
        } else if rank == 3 || self.degree[p] >= 3 || named >= 2 {
            &[24, 38]
        } else {
            &[]
        }
    }
}

/// Labels the places most important first: route ends, capitals, ports, border
/// crossings, then places by the number of segments meeting there. Each tries eight
/// positions around its marker, then the same set further out with a leader line; a
/// route end, capital or port is never dropped, nor a crossing or a junction of three
/// or more lines while any position is clear. Minor places that fit nowhere are left
/// unlabelled (their marker still names them on hover).
fn place_labels(
    cache: &MapCache<'_>,
    markers: &[(PlaceIdx, Px)],
    degree: &[usize],
    routes: &[RouteOverlay],
    frame: &Frame,
    arrows: &[EdgeArrow],
) -> Vec<PlaceLabel> {
    let data = cache.data();
    let priority = LabelPriority::new(cache, degree, routes);
    let mut taken: Vec<PxRect> = markers.iter().map(|&(_, at)| marker_box(at)).collect();
    taken.extend(arrows.iter().map(|a| a.label.bounds));
    let mut labels = Vec::new();
    for (p, marker) in priority.order(markers) {
        let text = data.places[p].name.clone();
        let fits = std::iter::once(7)
            .chain(priority.leader_radii(p).iter().copied())
            .flat_map(|radius| label_candidates(marker, radius))
            .find_map(|(at, anchor, radius)| {
                let bounds = text_box(&text, PLACE_LABEL, at, anchor);
                let clear = bounds.inside(&frame.px) && !taken.iter().any(|t| t.overlaps(&bounds));
                clear.then_some((at, anchor, bounds, radius))
            });
        if let Some((at, anchor, bounds, radius)) = fits {
            taken.push(bounds);
            let leader = (radius > 7).then(|| leader_line(marker, &bounds));
            labels.push(PlaceLabel {
                text,
                at,
                anchor,
                bounds,
                leader,
            });
        }
    }
    labels
}

/// Where a label may go at `radius` px from its marker: right, left, above, below,
/// then the four diagonals.
fn label_candidates((x, y): Px, radius: i32) -> [(Px, Anchor, i32); 8] {
    let r = radius;
    let d = radius * 7 / 10;
    [
        ((x + r, y), Anchor::Left, radius),
        ((x - r, y), Anchor::Right, radius),
        ((x, y - r - 4), Anchor::Centre, radius),
        ((x, y + r + 5), Anchor::Centre, radius),
        ((x + d, y - d - 4), Anchor::Left, radius),
        ((x + d, y + d + 4), Anchor::Left, radius),
        ((x - d, y - d - 4), Anchor::Right, radius),
        ((x - d, y + d + 4), Anchor::Right, radius),
    ]
}

/// A leader from just outside the marker to the nearest point of the label's box.
fn leader_line((x, y): Px, label: &PxRect) -> (Px, Px) {
    let end = (
        (x as f64).clamp(label.left, label.right),
        (y as f64).clamp(label.top, label.bottom),
    );
    let (dx, dy) = (end.0 - x as f64, end.1 - y as f64);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let start = (x as f64 + dx / length * 5.0, y as f64 + dy / length * 5.0);
    (round_px(start), round_px(end))
}

/// Country names at a point inside each country's largest part, where they clear the
/// place labels and markers.
fn country_labels(
    basemap: &Basemap,
    frame: &Frame,
    labels: &[PlaceLabel],
    markers: &[(PlaceIdx, Px)],
) -> Vec<(String, Px)> {
    let mut taken: Vec<PxRect> = labels.iter().map(|l| l.bounds).collect();
    taken.extend(markers.iter().map(|&(_, at)| marker_box(at)));
    let mut placed = Vec::new();
    for country in &basemap.countries {
        // A label must lie inside the frame, and its point inside the country: a
        // country wholly outside the frame gets none, without computing its point.
        if outside_frame(country, frame) {
            continue;
        }
        let Some(point) = country.label_point() else {
            continue;
        };
        let at = round_px(frame.pixel_of(point));
        let bounds = text_box(&country.name, COUNTRY_LABEL, at, Anchor::Centre);
        if bounds.inside(&frame.px) && !taken.iter().any(|t| t.overlaps(&bounds)) {
            taken.push(bounds);
            placed.push((country.name.clone(), at));
        }
    }
    placed
}

/// The modes of the admitted segments, in the documented order.
fn modes_shown(data: &Dataset, segments: &[SegmentIdx]) -> Vec<Mode> {
    Mode::ALL
        .iter()
        .copied()
        .filter(|&m| segments.iter().any(|&s| data.segments[s].mode == m))
        .collect()
}

/// A line in a status's style: solid operational, dashed under construction,
/// dotted proposed. The map and its legend both draw through here.
fn status_line(area: &Area, points: Vec<(i32, i32)>, status: Status, colour: RGBAColor) -> Drawn {
    let stroke = colour.stroke_width(2);
    match status {
        Status::Operational => area.draw(&PathElement::new(points, stroke)),
        Status::UnderConstruction => area.draw(&DashedPathElement::new(points, 7, 4, stroke)),
        Status::Proposed => area.draw(&DottedPathElement::new(points, 0, 6, move |at| {
            Circle::new(at, 1, colour.filled())
        })),
    }
}

/// The legend under the map: modes, statuses, place markers, routes, scale bar.
fn draw_legend(
    area: &Area,
    modes: &[Mode],
    routes: &[RouteOverlay],
    frame: &Frame,
    top: f64,
    arrows: bool,
) -> Drawn {
    let top = top as i32;
    let x = 20;
    draw_line_key(
        area,
        top,
        x,
        "Mode",
        modes
            .iter()
            .map(|&mode| (Status::Operational, style::mode_colour(mode), mode.as_str())),
    )?;
    let x = x + 170;
    draw_line_key(
        area,
        top,
        x,
        "Status",
        Status::ALL
            .iter()
            .map(|&status| (status, INK, status.as_str())),
    )?;
    let x = x + 200;
    draw_place_key(area, top, x, arrows)?;
    let x = x + 200;
    if !routes.is_empty() {
        draw_route_key(area, top, x, routes)?;
    }
    draw_scale_bar(area, frame, top)
}

/// The legend's `i`th row under a column heading at `top`.
fn legend_row(top: i32, i: usize) -> i32 {
    top + 24 + 18 * i as i32
}

/// A legend column of line samples, each in its status's style and colour, with its
/// name.
fn draw_line_key<'n>(
    area: &Area,
    top: i32,
    x: i32,
    heading: &str,
    samples: impl Iterator<Item = (Status, RGBColor, &'n str)>,
) -> Drawn {
    canvas::text(area, heading, (x, top + 6), style::HEADING, Anchor::Left)?;
    for (i, (status, colour, name)) in samples.enumerate() {
        let y = legend_row(top, i);
        status_line(area, vec![(x, y), (x + 30, y)], status, colour.into())?;
        canvas::text(area, name, (x + 38, y), style::LABEL, Anchor::Left)?;
    }
    Ok(())
}

/// The legend column of place markers, with the edge arrow where the map has any.
fn draw_place_key(area: &Area, top: i32, x: i32, arrows: bool) -> Drawn {
    canvas::text(area, "Places", (x, top + 6), style::HEADING, Anchor::Left)?;
    let kinds = [
        (PlaceKind::Port, false, "port"),
        (PlaceKind::City, true, "border crossing"),
        (PlaceKind::City, false, "city, junction, other"),
    ];
    for (i, (kind, crossing, name)) in kinds.into_iter().enumerate() {
        let y = legend_row(top, i);
        marker(area, kind, crossing, (x + 10, y))?;
        canvas::text(area, name, (x + 26, y), style::LABEL, Anchor::Left)?;
    }
    if arrows {
        let y = legend_row(top, kinds.len());
        let sample = EdgeArrow {
            tip: (x + 18, y),
            tail: (x + 2, y),
            label: PlaceLabel {
                text: "beyond the frame".into(),
                at: (x + 26, y),
                anchor: Anchor::Left,
                bounds: text_box("beyond the frame", PLACE_LABEL, (x + 26, y), Anchor::Left),
                leader: None,
            },
            title: String::new(),
        };
        draw_arrow(area, &sample)?;
    }
    Ok(())
}

/// The legend column of routes: each one's band with its label.
fn draw_route_key(area: &Area, top: i32, x: i32, routes: &[RouteOverlay]) -> Drawn {
    canvas::text(area, "Routes", (x, top + 6), style::HEADING, Anchor::Left)?;
    for (i, route) in routes.iter().enumerate() {
        let y = legend_row(top, i);
        let band = style::route_colour(i).mix(0.45).stroke_width(9);
        area.draw(&PathElement::new(vec![(x, y), (x + 30, y)], band))?;
        canvas::text(area, &route.label, (x + 38, y), style::LABEL, Anchor::Left)?;
    }
    Ok(())
}

/// A scale bar of a round length, at the right of the legend.
fn draw_scale_bar(area: &Area, frame: &Frame, top: i32) -> Drawn {
    let px_per_km = frame.px_per_km();
    let length_km = [2000.0, 1000.0, 500.0, 250.0, 200.0, 100.0, 50.0]
        .into_iter()
        .find(|km| km * px_per_km <= 220.0)
        .unwrap_or(50.0);
    let width = (length_km * px_per_km).round() as i32;
    // At the page's right edge, clear of the legend columns whatever the map's width.
    let right = (MAP_LEFT_PX + MAP_WIDTH_PX) as i32 - 30;
    let left = right - width;
    let y = top + 30;
    canvas::text(area, "Scale", (left, top + 6), style::HEADING, Anchor::Left)?;
    area.draw(&Rectangle::new(
        [(left, y), (left + width / 2, y + 5)],
        INK.filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left + width / 2, y), (right, y + 5)],
        WHITE.filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, y), (right, y + 5)],
        INK.stroke_width(1),
    ))?;
    canvas::text(area, "0", (left, y + 16), style::SMALL, Anchor::Centre)?;
    canvas::text(
        area,
        &format!("{} km", crate::wording::km(length_km)),
        (right, y + 16),
        style::SMALL,
        Anchor::Centre,
    )?;
    canvas::text(
        area,
        &format!(
            "true at {:.1}° N and along meridians",
            frame.standard_parallel_deg
        ),
        (right, y + 34),
        style::SMALL,
        Anchor::Right,
    )
}

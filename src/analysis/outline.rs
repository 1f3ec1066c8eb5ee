//! A country outline indexed for nearest-point queries: the same answers as `geo`'s
//! `ClosestPoint` for a `MultiPolygon`, to the bit and ties alike, without measuring
//! the edges that lie farther than the best point found so far.
//!
//! `geo` keeps, of the points at the least distance, the last one in the order
//! polygons, then each polygon's holes before its exterior, then edges; and stops at
//! the first edge (or polygon) the point lies on (in). Skipping a run of edges whose
//! bounding box is farther than the best so far leaves that choice as it is, since
//! none of them can be at the least distance.

use geo::{BoundingRect, Closest, ClosestPoint, Distance, Euclidean, Intersects};
use geo::{Coord, Line, MultiPolygon, Point, Polygon, Rect};

/// Edges per bounding box: a run along the ring.
const RUN_EDGES: usize = 16;

/// A run of consecutive edges of a ring, with their bounding box.
struct Run {
    bounds: Rect<f64>,
    edges: Vec<Line<f64>>,
}

struct IndexedPolygon<'a> {
    polygon: &'a Polygon<f64>,
    bounds: Option<Rect<f64>>,
    /// Each ring's runs: holes first, then the exterior, as `geo` visits them.
    rings: Vec<Vec<Run>>,
}

/// A multipolygon's polygons and edges with their bounding boxes.
pub struct Outline<'a> {
    polygons: Vec<IndexedPolygon<'a>>,
}

impl<'a> Outline<'a> {
    pub fn new(shape: &'a MultiPolygon<f64>) -> Self {
        let polygons = shape
            .iter()
            .map(|polygon| IndexedPolygon {
                polygon,
                bounds: polygon.bounding_rect(),
                rings: polygon
                    .interiors()
                    .iter()
                    .chain(std::iter::once(polygon.exterior()))
                    .map(|ring| {
                        let edges: Vec<Line<f64>> = ring.lines().collect();
                        edges
                            .chunks(RUN_EDGES)
                            .filter_map(|run| {
                                let first = run.first()?;
                                let bounds = run.iter().fold(first.bounding_rect(), |b, line| {
                                    Rect::new(
                                        Coord {
                                            x: b.min().x.min(line.bounding_rect().min().x),
                                            y: b.min().y.min(line.bounding_rect().min().y),
                                        },
                                        Coord {
                                            x: b.max().x.max(line.bounding_rect().max().x),
                                            y: b.max().y.max(line.bounding_rect().max().y),
                                        },
                                    )
                                });
                                Some(Run {
                                    bounds,
                                    edges: run.to_vec(),
                                })
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Self { polygons }
    }

    /// What `shape.closest_point(&p)` gives.
    pub fn closest_point(&self, p: Point<f64>) -> Closest<f64> {
        // The best point so far and its distance, as geo measures it.
        let mut best: Option<(Point<f64>, f64)> = None;
        // Farther than the best for certain, with room for rounding.
        let beyond = |bounds: &Rect<f64>, best: Option<(Point<f64>, f64)>| {
            best.is_some_and(|(_, d)| box_distance(bounds, p) > d * (1.0 + 1e-9) + 1e-12)
        };
        for polygon in &self.polygons {
            if polygon.bounds.is_some_and(|b| beyond(&b, best)) {
                continue;
            }
            if polygon.polygon.intersects(&p) {
                return Closest::Intersection(p);
            }
            for run in polygon.rings.iter().flatten() {
                if beyond(&run.bounds, best) {
                    continue;
                }
                for edge in &run.edges {
                    match edge.closest_point(&p) {
                        Closest::Indeterminate => {}
                        Closest::Intersection(c) => return Closest::Intersection(c),
                        Closest::SinglePoint(c) => {
                            let d = Euclidean.distance(c, p);
                            // Ties go to the later point, as in geo.
                            if best.is_none_or(|(_, b)| d <= b) {
                                best = Some((c, d));
                            }
                        }
                    }
                }
            }
        }
        best.map_or(Closest::Indeterminate, |(c, _)| Closest::SinglePoint(c))
    }
}

/// The distance from `p` to the box (0 inside it).
fn box_distance(bounds: &Rect<f64>, p: Point<f64>) -> f64 {
    let dx = (bounds.min().x - p.x())
        .max(p.x() - bounds.max().x)
        .max(0.0);
    let dy = (bounds.min().y - p.y())
        .max(p.y() - bounds.max().y)
        .max(0.0);
    dx.hypot(dy)
}

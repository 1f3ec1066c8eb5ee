#!/usr/bin/env python3
"""Build the clipped country base map for the SVG map chart.

Usage:
    python3 scripts/basemap.py path/to/countries-50m.json [OUTPUT]

INPUT is countries-50m.json from the npm package world-atlas 2.0.2
(Natural Earth 1:50m Admin 0 - Countries, as quantized TopoJSON), e.g.:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/basemap.py /tmp/package/countries-50m.json

OUTPUT defaults to routes/basemap/countries.geojson next to this script's
parent directory (the repository root).

What it does (Python standard library only):
  * decodes the TopoJSON: quantized, delta-encoded arcs with transform
    scale/translate; arcs referenced by index, a negative index ~i means
    arc i reversed; Polygon and MultiPolygon geometries;
  * clips every ring to the box lon 20..125 E, lat 12..56 N
    (Sutherland-Hodgman against the rectangle) and keeps every country with
    at least one ring left after clipping;
  * rounds coordinates to 3 decimals, drops consecutive duplicate points,
    closes every ring (first point == last point) and drops rings that end up
    with fewer than 4 points or zero area; a polygon whose exterior ring is
    dropped is dropped with its holes;
  * orients rings as RFC 7946 asks (exterior counter-clockwise, holes
    clockwise, in lon/lat);
  * writes a GeoJSON FeatureCollection, one compact feature per line,
    features sorted by name (then id), properties "name" (Natural Earth name)
    and "iso_n3" (the TopoJSON id as a string, e.g. "004"; null for the few
    Natural Earth units without an ISO numeric code, e.g. Siachen Glacier).

The output is deterministic: re-running on the same input gives a
byte-identical file. Prints the number of features and points.
"""

import json
import os
import sys

# Clip box: (west, south, east, north) in degrees.
BOX = (20.0, 12.0, 125.0, 56.0)
DECIMALS = 3


def decode_arcs(topo):
    """Absolute [lon, lat] coordinates of every arc."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_points(indices, arcs):
    """Join the arcs of one ring; each arc after the first skips its first
    point (it repeats the previous arc's last point)."""
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip_ring(points, box):
    """Sutherland-Hodgman clip of a ring (open or closed) to a rectangle."""
    west, south, east, north = box
    if points and points[0] == points[-1]:
        points = points[:-1]

    def clip(pts, inside, cross):
        out = []
        if not pts:
            return out
        prev = pts[-1]
        prev_in = inside(prev)
        for cur in pts:
            cur_in = inside(cur)
            if cur_in:
                if not prev_in:
                    out.append(cross(prev, cur))
                out.append(cur)
            elif prev_in:
                out.append(cross(prev, cur))
            prev, prev_in = cur, cur_in
        return out

    def at_x(x0):
        def cross(a, b):
            t = (x0 - a[0]) / (b[0] - a[0])
            return (x0, a[1] + t * (b[1] - a[1]))
        return cross

    def at_y(y0):
        def cross(a, b):
            t = (y0 - a[1]) / (b[1] - a[1])
            return (a[0] + t * (b[0] - a[0]), y0)
        return cross

    pts = clip(points, lambda p: p[0] >= west, at_x(west))
    pts = clip(pts, lambda p: p[0] <= east, at_x(east))
    pts = clip(pts, lambda p: p[1] >= south, at_y(south))
    pts = clip(pts, lambda p: p[1] <= north, at_y(north))
    return pts


def signed_area(ring):
    """Twice the signed area (shoelace); positive = counter-clockwise."""
    return sum(
        ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1]
        for k in range(len(ring) - 1)
    )


def finish_ring(points, exterior):
    """Round, drop consecutive duplicates, close, orient; None if degenerate."""
    ring = []
    for x, y in points:
        p = (round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0)
        if not ring or ring[-1] != p:
            ring.append(p)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3:
        return None
    ring.append(ring[0])
    area = signed_area(ring)
    if area == 0:
        return None
    if (area > 0) != exterior:
        ring.reverse()
    return ring


def clip_polygon(rings, arcs, box):
    out = []
    for k, indices in enumerate(rings):
        ring = finish_ring(clip_ring(ring_points(indices, arcs), box), k == 0)
        if ring is None:
            if k == 0:
                return None  # exterior gone: the holes go with it
            continue
        out.append(ring)
    return out


def fmt(v):
    s = repr(v)
    return s[:-2] if s.endswith(".0") else s


def dump_coords(obj):
    """Compact JSON of nested coordinate lists with shortest number form."""
    if isinstance(obj, tuple):
        return "[" + fmt(obj[0]) + "," + fmt(obj[1]) + "]"
    return "[" + ",".join(dump_coords(o) for o in obj) + "]"


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    src = argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dst = argv[2] if len(argv) == 3 else os.path.join(
        root, "routes", "basemap", "countries.geojson")

    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)

    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("type") == "Polygon":
            polygons = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue  # null geometry or other types: nothing to draw
        clipped = [p for p in (clip_polygon(r, arcs, BOX) for r in polygons) if p]
        if not clipped:
            continue
        name = geom.get("properties", {}).get("name")
        iso = geom.get("id")
        iso = None if iso is None else str(iso)
        if len(clipped) == 1:
            geometry = {"type": "Polygon", "coordinates": clipped[0]}
        else:
            geometry = {"type": "MultiPolygon", "coordinates": clipped}
        features.append((name or "", iso or "", name, iso, geometry))

    features.sort(key=lambda f: (f[0], f[1]))
    points = 0
    lines = []
    for _, _, name, iso, geometry in features:
        coords = geometry["coordinates"]
        polys = [coords] if geometry["type"] == "Polygon" else coords
        points += sum(len(ring) for poly in polys for ring in poly)
        props = json.dumps({"name": name, "iso_n3": iso},
                           ensure_ascii=False, separators=(",", ":"))
        lines.append(
            '{"type":"Feature","properties":' + props
            + ',"geometry":{"type":"' + geometry["type"]
            + '","coordinates":' + dump_coords(coords) + "}}")

    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(lines))
        f.write("\n]}\n")

    print(f"{len(features)} features, {points} points -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

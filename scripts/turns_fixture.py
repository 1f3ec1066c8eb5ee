#!/usr/bin/env python3
"""Writes tests/data/osm/turns.osm.pbf: a made-up crossroads for the turn-restriction
tests (pyosmium: pip install osmium).

    python3 scripts/turns_fixture.py tests/data/osm/turns.osm.pbf

A centre node C with four 100 m arms (ways S, N, E, W ending at nodes 2, 3, 4, 5)
and a ring road joining the arm ends S-E-N (one way through the east end) and N-W
(no W-S link). Relations:
- no_left_turn from S via C to W (S -> C -> W is forbidden);
- only_straight_on from E via C to W;
- no_right_turn from N via the way E to S (a via way: read, counted, left out);
- no_left_turn from W via C to S with except=motorcar (does not bind a car);
- restriction:bicycle=no_left_turn from N via C to E (not for cars);
- no_left_turn from E via the east end to the ring S-E-N, which runs through that
  node: invalid in OSM (a to way must start or end at the via node), read and left
  out, since it would close both halves of the ring to traffic off the E arm.
"""
import sys

import osmium

LAT0, LON0 = 43.7300000, 7.4200000
DLAT = 100 / 111_132.0  # about 100 m of latitude
DLON = 100 / 80_450.0  # about 100 m of longitude at 43.73°N

NODES = {
    1: (LAT0, LON0),  # C
    2: (LAT0 - DLAT, LON0),  # south end
    3: (LAT0 + DLAT, LON0),  # north end
    4: (LAT0, LON0 + DLON),  # east end
    5: (LAT0, LON0 - DLON),  # west end
}
WAYS = {
    10: [2, 1],  # S: from the south end to C
    11: [1, 3],  # N
    12: [1, 4],  # E
    13: [1, 5],  # W
    14: [2, 4, 3],  # ring S-E-N, through the east end
    16: [3, 5],  # ring N-W
}


def restriction(rid, tags, from_way, via, to_way, via_type="n"):
    return osmium.osm.mutable.Relation(
        id=rid,
        version=1,
        tags={"type": "restriction", **tags},
        members=[("w", from_way, "from"), (via_type, via, "via"), ("w", to_way, "to")],
    )


def main(path):
    writer = osmium.SimpleWriter(path)
    for nid, (lat, lon) in NODES.items():
        writer.add_node(osmium.osm.mutable.Node(id=nid, version=1, location=(lon, lat)))
    for wid, refs in WAYS.items():
        writer.add_way(osmium.osm.mutable.Way(id=wid, version=1, nodes=refs,
                                              tags={"highway": "residential"}))
    writer.add_relation(restriction(100, {"restriction": "no_left_turn"}, 10, 1, 13))
    writer.add_relation(restriction(101, {"restriction": "only_straight_on"}, 12, 1, 13))
    writer.add_relation(restriction(102, {"restriction": "no_right_turn"}, 11, 12, 10, "w"))
    writer.add_relation(restriction(103, {"restriction": "no_left_turn", "except": "bicycle;motorcar"}, 13, 1, 10))
    writer.add_relation(restriction(104, {"restriction:bicycle": "no_left_turn"}, 11, 1, 12))
    writer.add_relation(restriction(105, {"restriction": "no_left_turn"}, 12, 4, 14))
    writer.close()


if __name__ == "__main__":
    main(sys.argv[1])

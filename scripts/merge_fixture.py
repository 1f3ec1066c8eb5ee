#!/usr/bin/env python3
"""Writes tests/data/osm/merge.osm.pbf: a made-up loop of one-way ways of one name
without junction=roundabout, as at Monaco's Rond-Point Sainte-Dévote, for the test
of roads OSRM merges into one (pyosmium: pip install osmium).

    python3 scripts/merge_fixture.py tests/data/osm/merge.osm.pbf

Nodes J, P and Q (metres north, east of 43.73 N, 7.42 E):
- J (0, 0), where way 20 ("Rond-Point", primary, oneway, 2 lanes) arrives from P
  (10 m north, 30 m east) and way 21 (the same name and class) leaves for Q (20 m
  south, 10 m east): 82 degrees apart at J, so OSRM merges them into one road and
  calls going on from 20 into 21 a U-turn;
- way 22 (the same name and class) closes the loop from Q back to P (90 m round,
  small enough for the roads to meet again within 100 m of J either way);
- way 23, "Avenue", primary, two-way, from P to R (100 m east of P), and way 24, a
  two-way service road without a name, from J to W (100 m west): the third road at
  P and at J, so both are junctions.
"""
import sys

import osmium

LAT0, LON0 = 43.7300000, 7.4200000
M_LAT = 1 / 111_132.0  # degrees of latitude per metre
M_LON = 1 / 80_450.0  # degrees of longitude per metre at 43.73 N


def at(north_m, east_m):
    return (LAT0 + north_m * M_LAT, LON0 + east_m * M_LON)


NODES = {
    1: at(0, 0),  # J
    2: at(10, 30),  # P
    3: at(-20, 10),  # Q
    4: at(10, 130),  # R
    5: at(0, -100),  # W
}
LOOP = {"name": "Rond-Point", "highway": "primary", "oneway": "yes", "lanes": "2"}
WAYS = {
    20: ([2, 1], LOOP),  # P -> J
    21: ([1, 3], LOOP),  # J -> Q
    22: ([3, 2], LOOP),  # Q -> P
    23: ([2, 4], {"name": "Avenue", "highway": "primary"}),
    24: ([1, 5], {"highway": "service"}),
}


def main(path):
    writer = osmium.SimpleWriter(path)
    for nid, (lat, lon) in NODES.items():
        writer.add_node(osmium.osm.mutable.Node(id=nid, version=1, location=(lon, lat)))
    for wid, (refs, tags) in WAYS.items():
        writer.add_way(osmium.osm.mutable.Way(id=wid, version=1, nodes=refs, tags=tags))
    writer.close()


if __name__ == "__main__":
    main(sys.argv[1])

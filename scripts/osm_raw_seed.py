#!/usr/bin/env python3
"""Writes uncompressed .osm.pbf seeds for the osm_import fuzz target (pyosmium:
`pip install osmium`). The test extract's blocks are zlib-compressed, so a mutation
of it almost never reaches the element decoder; an uncompressed one does.

    python3 scripts/osm_raw_seed.py SOURCE.osm.pbf OUT_DIR

OUT_DIR gets raw-40.osm.pbf (the first 40 highways and their nodes, about 8 KB) and
raw-all.osm.pbf (everything). Data © OpenStreetMap contributors, ODbL.
"""

import os
import sys

import osmium


def write(source, out, way_limit):
    if os.path.exists(out):
        os.remove(out)
    ways, nodes = set(), set()

    class Pick(osmium.SimpleHandler):
        def way(self, way):
            if "highway" in way.tags and (way_limit is None or len(ways) < way_limit):
                ways.add(way.id)
                nodes.update(n.ref for n in way.nodes)

    Pick().apply_file(source)
    writer = osmium.SimpleWriter(osmium.io.File(out, "pbf,pbf_compression=none"))

    class Copy(osmium.SimpleHandler):
        def node(self, node):
            if way_limit is None or node.id in nodes:
                writer.add_node(node)

        def way(self, way):
            if way_limit is None or way.id in ways:
                writer.add_way(way)

    Copy().apply_file(source)
    writer.close()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    write(source, os.path.join(out_dir, "raw-40.osm.pbf"), 40)
    write(source, os.path.join(out_dir, "raw-all.osm.pbf"), None)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""igraph and rustworkx on the generated network (run by bench_networks.py, in its venv).

    python bench_graph_libraries.py WORK_DIR

Reads WORK_DIR/edges.txt (node count, then `from to weight_dm` per undirected link),
pairs.csv, matrix.csv and matrix_dm.csv written by benches/network_queries.rs; times
one-to-one Dijkstra on the first pairs (igraph's get_shortest_path and rustworkx's
dijkstra with a goal, both stopping at the target) and the 20x20 matrix; checks every
distance equals ours exactly (weights are whole decimetres); prints JSON.
"""

import csv
import json
import statistics
import sys
import time
from pathlib import Path

import igraph
import rustworkx

PAIRS = 30


def main():
    work = Path(sys.argv[1])
    with open(work / "edges.txt") as f:
        n = int(f.readline())
        edges = [tuple(map(int, line.split())) for line in f]
    pairs = [p for p in csv.DictReader(open(work / "pairs.csv")) if p["distance_dm"]][:PAIRS]
    points = list(csv.DictReader(open(work / "matrix.csv")))
    sources = [int(p["node"]) for p in points if p["role"] == "from"]
    targets = [int(p["node"]) for p in points if p["role"] == "to"]
    ours_matrix = [[int(x) if x else None for x in row]
                   for row in csv.reader(open(work / "matrix_dm.csv"))]
    result = {"pairs": len(pairs), "matrix": f"{len(sources)}x{len(targets)}"}

    start = time.perf_counter()
    g = igraph.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=False)
    g.es["w"] = [w for _, _, w in edges]
    result["igraph_build_s"] = time.perf_counter() - start
    start = time.perf_counter()
    r = rustworkx.PyGraph(multigraph=True)
    r.add_nodes_from(range(n))
    r.add_edges_from([(a, b, w) for a, b, w in edges])
    result["rustworkx_build_s"] = time.perf_counter() - start

    mismatches = 0
    igraph_s, rustworkx_s = [], []
    for p in pairs:
        s, t, ours = int(p["from_node"]), int(p["to_node"]), int(p["distance_dm"])
        start = time.perf_counter()
        edge_path = g.get_shortest_path(s, to=t, weights="w", output="epath")
        d_ig = sum(g.es[e]["w"] for e in edge_path)
        igraph_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        d_rx = rustworkx.dijkstra_shortest_path_lengths(r, s, float, goal=t)[t]
        rustworkx_s.append(time.perf_counter() - start)
        mismatches += (round(d_ig) != ours) + (round(d_rx) != ours)
    result["igraph_one_to_one_median_s"] = statistics.median(igraph_s)
    result["rustworkx_one_to_one_median_s"] = statistics.median(rustworkx_s)

    matrix_ig, matrix_rx = [], []
    for _ in range(3):
        start = time.perf_counter()
        m = g.distances(source=sources, target=targets, weights="w")
        matrix_ig.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = []
        for s in sources:
            lengths = rustworkx.dijkstra_shortest_path_lengths(r, s, float)
            rows.append([0 if t == s else lengths[t] for t in targets])
        matrix_rx.append(time.perf_counter() - start)
    for i in range(len(sources)):
        for j in range(len(targets)):
            mismatches += (round(m[i][j]) != ours_matrix[i][j]) + (round(rows[i][j]) != ours_matrix[i][j])
    result["igraph_matrix_median_s"] = statistics.median(matrix_ig)
    result["rustworkx_matrix_median_s"] = statistics.median(matrix_rx)
    result["distance_mismatches"] = mismatches
    result["versions"] = {"igraph": igraph.__version__, "rustworkx": rustworkx.__version__}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

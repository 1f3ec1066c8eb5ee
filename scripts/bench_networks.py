#!/usr/bin/env python3
"""Benchmarks of imported networks, side by side with OSRM, igraph and rustworkx.

    python3 scripts/bench_networks.py [--cache DIR] [--out DIR] [--nodes N] [--quick]

Sets up the other tools itself (from PyPI, into --cache, default ~/.cache/corridors-bench):
- OSRM 26.10 (the osrm-bindings wheel's osrm-extract, osrm-contract and osrm-routed) and
  Monaco's extract from the osrm-bindings source distribution (test/data/monaco.osm.pbf,
  © OpenStreetMap contributors, ODbL), via scripts/setup-osrm.sh;
- igraph and rustworkx in a virtual environment.

Then, in one run on this machine:
1. Monaco: `corridors import osm` against osrm-extract + osrm-contract (median of 5);
   10,000 random one-to-one queries and a 100x100 matrix, ours (in-process, timed per
   query by benches/network_queries.rs) against osrm-routed's own per-request times from
   its log (server-side, so HTTP is not counted against OSRM); route lengths compared.
2. A generated road-like network of --nodes nodes (default 1,000,000): preparation time,
   bytes per node, one-to-one medians and a 20x20 matrix against igraph and rustworkx
   (exact distances compared), and the peak memory of `corridors route --network`.

Writes OUT/results.json and prints a Markdown summary. Only loopback is used.
"""

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 5057


def run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, repeats, cwd=None):
    """Median wall time of `cmd` (a list of commands run in sequence) over `repeats`."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for c in cmd:
            subprocess.run(c, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def setup(cache):
    cache.mkdir(parents=True, exist_ok=True)
    env_text = subprocess.run(["bash", str(ROOT / "scripts/setup-osrm.sh"), str(cache / "osrm")],
                              check=True, capture_output=True, text=True).stdout
    osrm = dict(line.split("=", 1) for line in env_text.strip().splitlines())
    venv = cache / "venv"
    if not (venv / "bin/python").exists():
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(venv / "bin/pip"), "install", "-q", "igraph", "rustworkx"])
    run(["cargo", "build", "--release", "-q"], cwd=ROOT)
    run(["cargo", "bench", "--no-run", "-q", "--bench", "network_queries"], cwd=ROOT)
    return osrm, venv / "bin/python"


def bench(args):
    """Runs benches/network_queries.rs with `args`; returns its JSON line."""
    out = subprocess.run(["cargo", "bench", "-q", "--bench", "network_queries", "--"] + [str(a) for a in args],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def corridors():
    return str(ROOT / "target/release/corridors")


def start_osrm(osrm, base, log_path, max_table):
    log = open(log_path, "w")
    proc = subprocess.Popen([osrm["OSRM_ROUTED"], "--algorithm", "ch", "-i", "127.0.0.1", "-p", str(PORT),
                             "--max-table-size", str(max_table), str(base)],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):  # at most 20 s
        if "running and waiting for requests" in Path(log_path).read_text():
            return proc
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("osrm-routed did not start; see " + str(log_path))


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as r:
        return json.loads(r.read())


LOG_MS = re.compile(r" (\d+(?:\.\d+)?)ms .* \d{3} (/\S+)")


def server_ms(log_path, prefix):
    return [float(m.group(1)) for line in Path(log_path).read_text().splitlines()
            if (m := LOG_MS.search(line)) and m.group(2).startswith(prefix)]


def monaco(osrm, out, quick):
    work = out / "monaco"
    work.mkdir(parents=True, exist_ok=True)
    pbf = work / "monaco.osm.pbf"
    pbf.write_bytes(Path(osrm["MONACO_PBF"]).read_bytes())
    net = work / "monaco.net"
    result = {}
    result["import_s"] = timed([[corridors(), "import", "osm", str(pbf), "-o", str(net)]], 5)
    result["osrm_extract_contract_s"] = timed(
        [[osrm["OSRM_EXTRACT"], "-p", osrm["OSRM_PROFILE_DISTANCE"], str(pbf)],
         [osrm["OSRM_CONTRACT"], str(work / "monaco.osrm")]], 5)
    pairs = 1000 if quick else 10000
    ours = bench(["queries", net, pairs, 100, 42, work])
    result["ours"] = ours
    log = work / "osrm-routed.log"
    proc = start_osrm(osrm, work / "monaco.osrm", log, 1000)
    try:
        rows = list(csv.DictReader(open(work / "pairs.csv")))
        # Every drawn pair goes to OSRM, those without a route on our side too.
        # OSRM moves an end that lies on a small cut-off piece of its graph (a one-way
        # loop, a stub cut by the extract's edge) to its main network, and routes
        # from there: such an answer is between other points, so it is counted apart
        # ("osrm_moved_an_end"), by whether we found a route between the points asked.
        agree = {"both_route_within_0_5_pct": 0, "both_route_differ": 0, "only_ours": 0,
                 "only_osrm": 0, "neither": 0, "osrm_moved_an_end_we_route": 0,
                 "osrm_moved_an_end_we_do_not": 0}
        client_s = []
        for row in rows:
            path = (f"/route/v1/driving/{row['from_lon']},{row['from_lat']};{row['to_lon']},{row['to_lat']}"
                    "?overview=false&generate_hints=false")
            start = time.perf_counter()
            try:
                answer = get(path)
            except urllib.error.HTTPError as e:  # OSRM answers 400 NoRoute
                answer = json.loads(e.read())
            client_s.append(time.perf_counter() - start)
            osrm_m = answer["routes"][0]["distance"] if answer.get("code") == "Ok" else None
            ours_m = int(row["distance_dm"]) / 10 if row["distance_dm"] else None
            moved_m = max((w.get("distance", 0) for w in answer.get("waypoints") or []), default=0)
            if osrm_m is not None and moved_m > 1.0:
                agree["osrm_moved_an_end_we_route" if ours_m is not None
                      else "osrm_moved_an_end_we_do_not"] += 1
            elif ours_m is None and osrm_m is None:
                agree["neither"] += 1
            elif ours_m is None:
                agree["only_osrm"] += 1
            elif osrm_m is None:
                agree["only_ours"] += 1
            elif abs(osrm_m - ours_m) <= 0.005 * max(ours_m, 1e-9):
                agree["both_route_within_0_5_pct"] += 1
            else:
                agree["both_route_differ"] += 1
        points = list(csv.DictReader(open(work / "matrix.csv")))
        coords = ";".join(f"{p['lon']},{p['lat']}" for p in points)
        n = sum(1 for p in points if p["role"] == "from")
        table = (f"/table/v1/driving/{coords}?annotations=distance&generate_hints=false"
                 f"&sources={';'.join(map(str, range(n)))}"
                 f"&destinations={';'.join(map(str, range(n, len(points))))}")
        for _ in range(5):
            get(table)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    route_ms = server_ms(log, "/route/")
    table_ms = server_ms(log, "/table/")
    result["osrm"] = {
        "route_server_median_s": statistics.median(route_ms) / 1000,
        "route_requests_logged": len(route_ms),
        "route_client_median_s": statistics.median(client_s),
        "table_server_median_s": statistics.median(table_ms) / 1000,
        "pairs": len(rows),
        **agree,
    }
    return result


def large(venv_python, out, nodes):
    work = out / "large"
    work.mkdir(parents=True, exist_ok=True)
    result = {"generated": bench(["generate", nodes, 1, work])}
    result["ours"] = bench(["queries", work / "big.net", 10000, 20, 7, work])
    # Peak memory of one `route` on the network, as a user runs it.
    first = next(p for p in csv.DictReader(open(work / "pairs.csv")) if p["distance_dm"])
    timing = subprocess.run(["/usr/bin/time", "-v", corridors(), "route", "--network", str(work / "big.net"),
                             f"{first['from_lat']},{first['from_lon']}", f"{first['to_lat']},{first['to_lon']}"],
                            capture_output=True, text=True, check=True).stderr
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1))
    result["route_cli_peak_rss_bytes"] = rss_kb * 1024
    result["route_cli_bytes_per_node"] = rss_kb * 1024 / result["generated"]["nodes"]
    others = subprocess.run([str(venv_python), str(ROOT / "scripts/bench_graph_libraries.py"), str(work)],
                            check=True, capture_output=True, text=True).stdout
    result["others"] = json.loads(others)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/corridors-bench")
    parser.add_argument("--out", type=Path, default=ROOT / "target/bench-networks")
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="1,000 Monaco pairs instead of 10,000")
    parser.add_argument("--only", choices=["monaco", "large"], help="run one half")
    args = parser.parse_args()
    osrm, venv_python = setup(args.cache)
    meminfo = Path("/proc/meminfo").read_text().splitlines()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "unknown")
    results = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "cpu": cpu,
               "memory": meminfo.split(":", 1)[1].strip()}
    if args.only != "large":
        results["monaco"] = monaco(osrm, args.out, args.quick)
    if args.only != "monaco":
        results["large"] = large(venv_python, args.out, args.nodes)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results{'-' + args.only if args.only else ''}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmarks of imported networks, side by side with OSRM, igraph and rustworkx.

    python3 scripts/bench_networks.py [--cache DIR] [--out DIR] [--nodes N] [--quick]

Sets up the other tools itself (from PyPI, into --cache, default ~/.cache/corridors-bench):
- OSRM 26.10 (the osrm-bindings wheel's osrm-extract, osrm-contract and osrm-routed) and
  Monaco's extract from the osrm-bindings source distribution (test/data/monaco.osm.pbf,
  © OpenStreetMap contributors, ODbL), via scripts/setup-osrm.sh;
- igraph and rustworkx in a virtual environment.

Then, in one run on this machine:
1. Monaco, and Andorra (../shared/osm/andorra.osm.pbf, or --andorra PATH; left out if
   missing): `corridors import osm` against osrm-extract + osrm-contract (median of 5);
   10,000 random one-to-one queries and a 100x100 matrix, ours (in-process, timed per
   query by benches/network_queries.rs) against osrm-routed's own per-request times from
   its log (server-side, so HTTP is not counted against OSRM). Route lengths (OSRM's
   distance-weighted car profile) and durations (its duration-weighted one) compared
   pair by pair, on 10,000 pairs of road nodes' positions and on 10,000 pairs of random
   positions within 100 m of a road; every pair is in OUT/NAME/compared.csv.
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


def duration_profile(osrm):
    """The car profile weighted by duration alone (no routability penalties), next to
    car.lua so that its require('lib/...') resolves: the fastest route OSRM finds."""
    profiles = Path(osrm["OSRM_PROFILE_DIR"])
    path = profiles / "car_duration.lua"
    if not path.exists():
        text = (profiles / "car.lua").read_text()
        patched = re.sub(r"^(\s*)weight_name\s*=\s*'routability',", r"\1weight_name = 'duration',", text,
                         count=1, flags=re.M)
        if patched == text:
            raise RuntimeError("could not patch car.lua's weight_name")
        path.write_text(patched)
    return str(path)


def within(ours, theirs, share):
    return abs(ours - theirs) <= share * max(theirs, 1e-9)


def compare_pairs(rows, answers, durations):
    """Our answers against OSRM's, pair by pair, by kind (node positions, random
    positions near a road). OSRM's distances come from the distance-weighted profile,
    its durations from the duration-weighted one (its fastest route)."""
    result = {}
    for kind in ("node", "random"):
        c = {"pairs": 0, "both_route": 0, "within_1_pct": 0, "within_0_5_pct": 0, "only_osrm": 0,
             "only_ours": 0, "neither": 0, "osrm_moved_an_end": 0, "we_moved_an_end": 0,
             "both_timed": 0, "duration_within_2_pct": 0, "duration_within_5_pct": 0,
             "osrm_duration_over_ours_median": None}
        ratios = []
        for row, answer, timed in zip(rows, answers, durations):
            if row["kind"] != kind:
                continue
            c["pairs"] += 1
            osrm_m = answer["routes"][0]["distance"] if answer.get("code") == "Ok" else None
            ours_m = int(row["route_dm"]) / 10 if row["route_dm"] else None
            moved_m = max((w.get("distance", 0) for w in answer.get("waypoints") or []), default=0)
            c["osrm_moved_an_end"] += kind == "node" and moved_m > 1.0
            c["we_moved_an_end"] += row["moved"] == "1"
            if ours_m is None and osrm_m is None:
                c["neither"] += 1
            elif ours_m is None:
                c["only_osrm"] += 1
            elif osrm_m is None:
                c["only_ours"] += 1
            else:
                c["both_route"] += 1
                c["within_1_pct"] += within(ours_m, osrm_m, 0.01)
                c["within_0_5_pct"] += within(ours_m, osrm_m, 0.005)
            osrm_s = timed["routes"][0]["duration"] if timed and timed.get("code") == "Ok" else None
            ours_s = int(row["duration_ds"]) / 10 if row["duration_ds"] else None
            if osrm_s is not None and ours_s is not None:
                c["both_timed"] += 1
                c["duration_within_2_pct"] += within(ours_s, osrm_s, 0.02)
                c["duration_within_5_pct"] += within(ours_s, osrm_s, 0.05)
                if ours_s > 0:
                    ratios.append(osrm_s / ours_s)
        if ratios:
            c["osrm_duration_over_ours_median"] = statistics.median(ratios)
        result[kind] = c
    return result


def ask_routes(rows):
    """Every pair to the running osrm-routed; its answers and the client times."""
    answers, client_s = [], []
    for row in rows:
        path = (f"/route/v1/driving/{row['from_lon']},{row['from_lat']};{row['to_lon']},{row['to_lat']}"
                "?overview=false&generate_hints=false")
        start = time.perf_counter()
        try:
            answer = get(path)
        except urllib.error.HTTPError as e:  # OSRM answers 400 NoRoute
            answer = json.loads(e.read())
        client_s.append(time.perf_counter() - start)
        answers.append(answer)
    return answers, client_s


def extract_bench(name, source_pbf, osrm, out, quick):
    """One real extract: import and preparation, queries, and route lengths and
    durations against OSRM on node positions and on random positions near a road."""
    work = out / name
    work.mkdir(parents=True, exist_ok=True)
    pbf = work / f"{name}.osm.pbf"
    pbf.write_bytes(Path(source_pbf).read_bytes())
    net = work / f"{name}.net"
    result = {}
    result["import_s"] = timed([[corridors(), "import", "osm", str(pbf), "-o", str(net)]], 5)
    result["osrm_extract_contract_s"] = timed(
        [[osrm["OSRM_EXTRACT"], "-p", osrm["OSRM_PROFILE_DISTANCE"], str(pbf)],
         [osrm["OSRM_CONTRACT"], str(work / f"{name}.osrm")]], 5)
    # The duration-weighted graph, apart.
    timed_dir = work / "duration"
    timed_dir.mkdir(exist_ok=True)
    timed_pbf = timed_dir / pbf.name
    timed_pbf.write_bytes(pbf.read_bytes())
    run([osrm["OSRM_EXTRACT"], "-p", duration_profile(osrm), str(timed_pbf)], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    run([osrm["OSRM_CONTRACT"], str(timed_dir / f"{name}.osrm")], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    pairs = 1000 if quick else 10000
    result["ours"] = bench(["queries", net, pairs, 100, 42, work])
    rows = list(csv.DictReader(open(work / "pairs.csv")))
    log = work / "osrm-routed.log"
    proc = start_osrm(osrm, work / f"{name}.osrm", log, 1000)
    try:
        answers, client_s = ask_routes(rows)
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
    timed_log = work / "osrm-routed-duration.log"
    proc = start_osrm(osrm, timed_dir / f"{name}.osrm", timed_log, 1000)
    try:
        durations, _ = ask_routes(rows)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # Every pair side by side, for tracing disagreements.
    with open(work / "compared.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(rows[0].keys()) + ["osrm_distance_m", "osrm_duration_s", "osrm_waypoint_m",
                                           "osrm_timed_distance_m"])
        for row, answer, timed_answer in zip(rows, answers, durations):
            ok = answer.get("code") == "Ok"
            timed_ok = timed_answer.get("code") == "Ok"
            w.writerow(list(row.values()) + [
                answer["routes"][0]["distance"] if ok else "",
                timed_answer["routes"][0]["duration"] if timed_ok else "",
                max((p.get("distance", 0) for p in answer.get("waypoints") or []), default=""),
                timed_answer["routes"][0]["distance"] if timed_ok else "",
            ])
    route_ms = server_ms(log, "/route/")
    table_ms = server_ms(log, "/table/")
    result["osrm"] = {
        "route_server_median_s": statistics.median(route_ms) / 1000,
        "route_requests_logged": len(route_ms),
        "route_client_median_s": statistics.median(client_s),
        "table_server_median_s": statistics.median(table_ms) / 1000,
    }
    result["compared"] = compare_pairs(rows, answers, durations)
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
    parser.add_argument("--only", choices=["monaco", "andorra", "large"], help="run one part")
    parser.add_argument("--andorra", type=Path, default=ROOT.parent / "shared/osm/andorra.osm.pbf",
                        help="Andorra's extract (GraphHopper's test file; default ../shared/osm/)")
    args = parser.parse_args()
    osrm, venv_python = setup(args.cache)
    meminfo = Path("/proc/meminfo").read_text().splitlines()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "unknown")
    results = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "cpu": cpu,
               "memory": meminfo.split(":", 1)[1].strip()}
    if args.only in (None, "monaco"):
        results["monaco"] = extract_bench("monaco", osrm["MONACO_PBF"], osrm, args.out, args.quick)
    if args.only in (None, "andorra"):
        if args.andorra.exists():
            results["andorra"] = extract_bench("andorra", args.andorra, osrm, args.out, args.quick)
        else:
            print(f"no {args.andorra}: Andorra left out", file=sys.stderr)
    if args.only in (None, "large"):
        results["large"] = large(venv_python, args.out, args.nodes)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results{'-' + args.only if args.only else ''}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

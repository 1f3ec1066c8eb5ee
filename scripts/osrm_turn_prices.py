#!/usr/bin/env python3
"""Where OSRM charges a U-turn's price: the pairs outside 2% of OSRM's duration, after
`scripts/bench_networks.py`, sorted by what differs.

    python3 scripts/osrm_turn_prices.py [--out DIR] [--cache DIR] NAME

Reads OUT/NAME/compared.csv and asks OSRM's duration-weighted graph of the same run
(OUT/NAME/duration/NAME.osrm, served by osrm-routed on loopback) for each pair outside
2%, with steps and segment durations. A step's duration less its segments' durations
is the turn at its end (OSRM adds a turn's duration to the road before it); a turn of
19.5 s or more is a U-turn's price (car.lua: turn_penalty's sigmoid at 180 degrees,
7.45 s, plus u_turn_penalty, 20 s). Prints the failing pairs by kind, by whether our
fastest route is OSRM's (lengths within 0.5% or 2 m), faster or slower, and with or
without such a turn in OSRM's route; then where those turns are and OSRM's maneuver
there; then how many of our routes that differ from OSRM's and are faster pass
through each of those places. Our routes come from `corridors route --by time`.
"""

import argparse
import collections
import csv
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_networks as bn  # noqa: E402

U_TURN_S = 19.5
# Not bench_networks' port, so that both can run at once.
bn.PORT = 5061


def osrm_route(r):
    return bn.get(f"/route/v1/driving/{r['from_lon']},{r['from_lat']};{r['to_lon']},{r['to_lat']}"
                  "?steps=true&geometries=geojson&overview=false&annotations=duration&generate_hints=false")


def u_turn_places(answer):
    """(lat, lon, maneuver) of each turn in OSRM's route that costs a U-turn's price."""
    leg = answer["routes"][0]["legs"][0]
    durations = leg["annotation"]["duration"]
    steps = leg["steps"]
    places, k = [], 0
    for j, step in enumerate(steps):
        n = len(step["geometry"]["coordinates"]) - 1 if step["maneuver"]["type"] != "arrive" else 0
        turn = step["duration"] - sum(durations[k:k + n])
        k += n
        if turn >= U_TURN_S and j + 1 < len(steps):
            m = steps[j + 1]["maneuver"]
            places.append((round(m["location"][1], 6), round(m["location"][0], 6),
                           f"{m['type']} {m.get('modifier', '')}".strip()))
    return places


def our_geometry(net, r):
    out = subprocess.run([bn.corridors(), "route", "--network", str(net), "--by", "time", "--format", "json",
                          f"{r['from_lat']},{r['from_lon']}", f"{r['to_lat']},{r['to_lon']}"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["routes"][0]["geometry"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name")
    parser.add_argument("--out", type=Path, default=bn.ROOT / "target/bench-networks")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/corridors-bench")
    args = parser.parse_args()
    work = args.out / args.name
    env = subprocess.run(["bash", str(bn.ROOT / "scripts/setup-osrm.sh"), str(args.cache / "osrm")],
                         check=True, capture_output=True, text=True).stdout
    osrm = dict(line.split("=", 1) for line in env.strip().splitlines())
    rows = list(csv.DictReader(open(work / "compared.csv")))
    proc = bn.start_osrm(osrm, work / "duration" / f"{args.name}.osrm", work / "osrm-routed-turns.log", 10)
    kinds, places, faster_elsewhere = collections.Counter(), collections.Counter(), []
    try:
        for r in rows:
            if not r["duration_ds"] or not r["osrm_duration_s"]:
                continue
            ours, theirs = int(r["duration_ds"]) / 10, float(r["osrm_duration_s"])
            if bn.within(ours, theirs, 0.02):
                continue
            ours_m, theirs_m = int(r["timed_distance_dm"]) / 10, float(r["osrm_timed_distance_m"])
            same = abs(ours_m - theirs_m) <= max(2.0, 0.005 * theirs_m)
            found = u_turn_places(osrm_route(r))
            places.update(found)
            kinds[(r["kind"], "same route" if same else "another route", "ours faster" if ours < theirs
                   else "ours slower", "U-turn price in OSRM's" if found else "-")] += 1
            if not same and ours < theirs:
                faster_elsewhere.append(r)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print("Pairs outside 2%:")
    for key, n in sorted(kinds.items()):
        print(f"  {n:5}  {', '.join(key)}")
    print("Turns OSRM prices as U-turns, on those pairs:")
    for (lat, lon, maneuver), n in places.most_common():
        print(f"  {n:5}  {lat},{lon}  {maneuver}")
    spots = {(lat, lon) for (lat, lon, _) in places}
    through = collections.Counter()
    for r in faster_elsewhere:
        g = our_geometry(work / f"{args.name}.net", r)
        for lat, lon in spots:
            if any(abs(p[0] - lat) < 2e-6 and abs(p[1] - lon) < 2e-6 for p in g):
                through[(r["kind"], lat, lon)] += 1
    print("Our faster routes that are not OSRM's, through each place:")
    for (kind, lat, lon), n in through.most_common():
        print(f"  {n:5}  {kind}  {lat},{lon}")
    print(f"  (of {sum(1 for r in faster_elsewhere if r['kind'] == 'random')} random, "
          f"{sum(1 for r in faster_elsewhere if r['kind'] == 'node')} node pairs)")


if __name__ == "__main__":
    try:
        main()
    except urllib.error.URLError as e:
        sys.exit(f"osrm-routed: {e}")

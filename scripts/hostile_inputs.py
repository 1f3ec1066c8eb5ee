#!/usr/bin/env python3
"""Time and peak memory of `corridors` on hostile inputs (issue 21): each case must
finish in under 2 s and 200 MB, and stay so at ten times its size.

    cargo build --release && python3 scripts/hostile_inputs.py [--scale 10]

Each case builds its input in a temporary directory, runs the release binary once
under GNU time (`/usr/bin/time -v`, Debian's package `time`) and prints the wall
time, the peak resident set and the exit code. The exit code is the tool's answer
(most cases are refused with exit 2); the point is that the answer comes quickly.
Exits 1 if a case breaks a limit. These are measurements, not tests: they depend on
the machine, so `cargo test` does not run them.
"""

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "corridors")
VALID = os.path.join(ROOT, "tests", "data", "valid")
LIMIT_S = 2.0
LIMIT_MB = 200.0


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(text)


def valid_copy(temp):
    dataset = os.path.join(temp, "dataset")
    shutil.copytree(VALID, dataset)
    return dataset


def chain_dataset(temp, places, unknown=0):
    """`places` places on a line 0.01° apart, joined in one corridor, and
    `unknown` segments that name places nobody defined."""
    dataset = os.path.join(temp, "chain")
    lines = []
    for i in range(places):
        lines.append('[[place]]\nid = "p%d"\nname = "Place %d"\ncountry = "UZ"\n'
                     'lat = %.4f\nlon = 60.0\nkind = "city"\nsource = "generated"\n'
                     % (i, i, 30.0 + i * 20.0 / places))
    write(os.path.join(dataset, "places.toml"), "\n".join(lines))
    segments = ['id = "chain"\nname = "Chain"\nmode = "road"\nstatus = "operational"\n'
                'sources = ["generated"]\n']
    for i in range(places - 1):
        segments.append('[[segment]]\nfrom = "p%d"\nto = "p%d"\n' % (i, i + 1))
    for i in range(unknown):
        segments.append('[[segment]]\nfrom = "q%d"\nto = "p%d"\n' % (i, i % places))
    write(os.path.join(dataset, "corridors", "chain.toml"), "\n".join(segments))
    pairs = os.path.join(temp, "pairs.toml")
    write(pairs, '[[pair]]\nfrom = "p0"\nto = "p%d"\n' % (places - 1))
    return dataset, pairs


def case_equals_lines(temp, scale):
    """A corridor file of `= = =` lines, 1.2 MB × scale."""
    dataset = valid_copy(temp)
    write(os.path.join(dataset, "corridors", "bad.toml"), "= = =\n" * 200_000 * scale)
    return ["--routes", dataset, "check"]


def case_csv_scenario(temp, scale):
    """A CSV given as --scenario: every line a syntax error."""
    path = os.path.join(temp, "n.csv")
    write(path, "".join("%d,a,b\n" % i for i in range(5_000 * scale)))
    return ["--scenario", path, "check"]


def case_add_segments(temp, scale):
    """1,000 × scale [[add_segment]] between the same two places (10,000 take 0.97 MB,
    near the 1 MiB a scenario may hold)."""
    path = os.path.join(temp, "many.toml")
    entry = ('[[add_segment]]\nfrom = "dushanbe"\nto = "termez"\nmode = "road"\n'
             'status = "proposed"\nsource = "generated"\n')
    write(path, 'name = "many"\n' + entry * (1_000 * scale))
    return ["--scenario", path, "check"]


def case_critical_chain(temp, scale):
    """`critical` on a chain of 2,000 × scale places."""
    dataset, pairs = chain_dataset(temp, 2_000 * scale)
    return ["--routes", dataset, "critical", "--pairs", pairs]


def case_did_you_mean(temp, scale):
    """2,000 × scale places and 1,000 × scale segments naming unknown places."""
    dataset, _ = chain_dataset(temp, 2_000 * scale, unknown=1_000 * scale)
    return ["--routes", dataset, "check"]


def densify(coordinates, times):
    out = []
    for a, b in zip(coordinates, coordinates[1:]):
        for k in range(times):
            t = k / times
            out.append([round(a[0] + (b[0] - a[0]) * t, 6), round(a[1] + (b[1] - a[1]) * t, 6)])
    out.append(coordinates[-1])
    return out


def case_dense_basemap(temp, scale):
    """The shipped dataset with scale times as many vertices on its base map's
    outlines (350 KB × scale): the Wakhan border-gap claim compares two outlines."""
    dataset = os.path.join(temp, "routes")
    shutil.copytree(os.path.join(ROOT, "routes"), dataset)
    path = os.path.join(dataset, "basemap", "countries.geojson")
    import json
    with open(path) as f:
        basemap = json.load(f)
    times = scale
    for feature in basemap["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                polygon[i] = densify(ring, times)
    with open(path, "w") as f:
        json.dump(basemap, f)
    return ["--routes", dataset, "claims"]


def case_many_vias(temp, scale):
    """`route -k 2` with 20 × scale --via places from the shipped dataset."""
    # Places the route can reach, so that every via is routed to.
    listing = subprocess.run([BINARY, "reach", "dushanbe", "--within", "20000", "--status",
                              "all", "--format", "csv"],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    ids = [row["id"] for row in csv.DictReader(listing)]
    ids = (ids * (1 + 20 * scale // len(ids)))
    vias = []
    for place in ids[: 20 * scale]:
        vias += ["--via", place]
    return ["route", "dushanbe", "karachi", "-k", "2", "--status", "all"] + vias


def case_sparse_network(temp, scale):
    """A sparse network file of 300 MB × scale (4 KB on disk) whose header
    announces as many nodes as its length could hold."""
    path = os.path.join(temp, "sparse.net")
    size = 300_000_000 * scale
    origin = b"x"
    with open(path, "wb") as f:
        f.write(b"corridors network 5\n")
        f.write(len(origin).to_bytes(4, "little") + origin)
        f.write(((size - 100) // 17).to_bytes(4, "little"))
        f.truncate(size)
    return ["route", "--network", path, "0,0", "0,0.001"]


CASES = [
    ("'= = =' lines, 1.2 MB", case_equals_lines),
    ("CSV as --scenario, 5,000 lines", case_csv_scenario),
    ("1,000 [[add_segment]]", case_add_segments),
    ("critical, 2,000-place chain", case_critical_chain),
    ("did-you-mean, 2,000 places x 1,000 unknown", case_did_you_mean),
    ("claims, base map 350 KB", case_dense_basemap),
    ("route -k 2, 20 --via", case_many_vias),
    ("sparse network file, 300 MB", case_sparse_network),
]


def measure(args):
    run = subprocess.run(["/usr/bin/time", "-v", BINARY] + args,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    hours, minutes, seconds = wall.groups()
    seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    status = re.search(r"Exit status: (\d+)", run.stderr)
    signal = re.search(r"Command terminated by signal (\d+)", run.stderr)
    code = status.group(1) if status else "signal " + signal.group(1)
    return seconds, peak_kb / 1024, code


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10],
                        help="sizes to run each case at (default: 1 10)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    options = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build first: cargo build --release")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time: apt-get install time")
    print("%-45s %6s %8s %9s %5s" % ("case", "scale", "time s", "peak MB", "exit"))
    broken = 0
    for name, build in CASES:
        if options.only and options.only not in name:
            continue
        for scale in options.scale:
            with tempfile.TemporaryDirectory() as temp:
                seconds, peak_mb, code = measure(build(temp, scale))
            over = seconds > LIMIT_S or peak_mb > LIMIT_MB or code in ("101", "signal 6")
            broken += over
            print("%-45s %6s %8.2f %9.1f %5s%s" % (name, "x%d" % scale, seconds, peak_mb, code,
                                                 "  OVER" if over else ""))
            sys.stdout.flush()
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()

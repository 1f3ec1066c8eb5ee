#!/usr/bin/env python3
"""Peak memory and time of `corridors check` on datasets of growing size, to show
that loading takes memory in proportion to the input, up to the 16 MiB a file may
hold (src/load/mod.rs, MAX_FILE_BYTES).

    cargo build --release && python3 scripts/large_inputs.py

Each dataset is tests/data/valid with one more corridor file of N segments between
two of its places. Peak memory is the run's maximum resident set, from GNU time
(/usr/bin/time, Debian's package `time`).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "corridors")
SIZES = [10_000, 50_000, 100_000, 200_000, 350_000, 1_000_000]


def corridor_file(path, segments):
    with open(path, "w") as out:
        out.write('id = "large"\nname = "Large"\nmode = "road"\n'
                  'status = "operational"\nsources = ["generated"]\n')
        for i in range(segments):
            ends = ("dushanbe", "termez") if i % 2 == 0 else ("termez", "dushanbe")
            out.write('\n[[segment]]\nfrom = "%s"\nto = "%s"\n' % ends)


def main():
    if not os.path.exists(BINARY):
        sys.exit("build first: cargo build --release")
    print("%10s %10s %8s %9s %10s %s" % ("segments", "file MB", "exit", "time s", "peak MB", "peak / file"))
    for segments in SIZES:
        with tempfile.TemporaryDirectory() as temp:
            dataset = os.path.join(temp, "dataset")
            shutil.copytree(os.path.join(ROOT, "tests", "data", "valid"), dataset)
            path = os.path.join(dataset, "corridors", "large.toml")
            corridor_file(path, segments)
            size_mb = os.path.getsize(path) / 1e6
            peak_file = os.path.join(temp, "peak")
            started = time.perf_counter()
            run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file,
                                  BINARY, "--routes", dataset, "check"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - started
            with open(peak_file) as peak:
                peak_mb = int(peak.read().split()[-1]) / 1024  # KiB
            print("%10d %10.1f %8d %9.2f %10.0f %10.1f" % (
                segments, size_mb, run.returncode, elapsed, peak_mb, peak_mb / size_mb))
            if run.returncode != 0:
                print("           " + run.stderr.decode().splitlines()[0][-110:])


if __name__ == "__main__":
    main()

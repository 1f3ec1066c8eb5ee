#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (nightly Rust and `cargo install cargo-fuzz`),
# each for SECONDS (default 600), seeded with corpora made from the test fixtures:
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: dataset, scenario, osm_import, network_file. A finding lands in
# fuzz/artifacts/TARGET/ and stops that target; reproduce it with
# `cargo +nightly fuzz run TARGET FILE`, fix it, and keep it as a regression test
# (a case under tests/data/bad/ for a file the command line reads, or a unit test).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(dataset scenario osm_import network_file)
fi

# Seeds: every fixture file under 64 KiB. The dataset target reads its first byte
# as the file the rest stands for: 0 places, 1 a corridor in place of one, 2 a
# corridor added, 3 travel, 4 outlets, 5 claims (fuzz/fuzz_targets/dataset.rs);
# the scenario target takes a file as it is (no slot byte).
seed() { # seed TARGET SLOT FILE...
    local target=$1 slot=$2 file name
    shift 2
    mkdir -p "fuzz/corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] || continue
        name=$(printf '%s' "$file" | cksum | cut -d' ' -f1)
        if [ -n "$slot" ]; then
            { printf "\\x0$slot"; cat "$file"; } > "fuzz/corpus/$target/$slot-$name"
        else
            cp "$file" "fuzz/corpus/$target/$name"
        fi
    done
}
seed dataset 0 routes/places.toml tests/data/valid/places.toml tests/data/bad/*/places.toml
seed dataset 1 routes/corridors/*.toml tests/data/valid/corridors/*.toml tests/data/bad/*/corridors/*.toml
seed dataset 3 routes/travel.toml tests/data/bad/*/travel.toml
seed dataset 4 routes/outlets.toml tests/data/bad/*/outlets.toml
seed dataset 5 routes/claims.toml tests/data/bad/*/claims.toml
seed scenario "" routes/scenarios/*.toml tests/data/bad/*/scenario.toml
mkdir -p fuzz/corpus/osm_import fuzz/corpus/network_file
cp tests/data/osm/pyrosm-test.osm.pbf fuzz/corpus/osm_import/
# Uncompressed copies reach the element decoder (needs pyosmium; skipped without it).
if python3 -c "import osmium" 2>/dev/null || pip install --quiet osmium 2>/dev/null; then
    python3 scripts/osm_raw_seed.py tests/data/osm/pyrosm-test.osm.pbf fuzz/corpus/osm_import
else
    echo "pyosmium not installed: osm_import seeded with the compressed extract only"
fi
# Written afresh each time: a seed of an older file format is refused at its first
# line and would teach the fuzzer nothing.
cargo run --release --quiet -- import osm tests/data/osm/pyrosm-test.osm.pbf \
    -o fuzz/corpus/network_file/karhula.network
cargo run --release --quiet -- import osm tests/data/osm/turns.osm.pbf \
    -o fuzz/corpus/network_file/turns.network
cp tests/data/osm/turns.osm.pbf fuzz/corpus/osm_import/

# Build once, then run the built targets, so that editing the sources during a
# run changes nothing.
cargo +nightly fuzz build
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
for target in "${targets[@]}"; do
    echo "== $target: $seconds s"
    # One job per target (the machine has 2 cores); 4 GiB is far above any input's
    # need, so a report of running out of memory is a finding.
    mkdir -p "fuzz/artifacts/$target"
    "fuzz/target/$host/release/$target" "fuzz/corpus/$target" \
        -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 \
        > "fuzz/$target.log" 2>&1 || echo "$target: stopped on a finding; see fuzz/$target.log"
    grep -E "^stat::|ERROR|SUMMARY|Test unit written" "fuzz/$target.log" || true
done

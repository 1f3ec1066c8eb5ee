#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (nightly Rust and `cargo install cargo-fuzz`),
# each for SECONDS (default 600), seeded with corpora made from the test fixtures:
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: dataset, scenario, osm_import, network_file. Findings land in
# fuzz/artifacts/TARGET/; copy each into tests/data/fuzz/TARGET/, where
# `cargo test` replays it (tests/all/fuzz_findings.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(dataset scenario osm_import network_file)
fi

# Seeds. The dataset target reads its first byte as the file the rest stands for:
# 0 places, 1 a corridor in place of one, 2 a corridor added, 3 travel, 4 outlets,
# 5 claims (fuzz/fuzz_targets/dataset.rs).
seed() { # seed DIR SLOT FILE
    local dir=$1 slot=$2 file=$3
    local name
    name=$(printf '%s' "$file" | cksum | cut -d' ' -f1)
    { printf "\\x0$slot"; cat "$file"; } > "$dir/$slot-$name"
}
mkdir -p fuzz/corpus/dataset fuzz/corpus/scenario fuzz/corpus/osm_import fuzz/corpus/network_file
for file in routes/places.toml tests/data/valid/places.toml tests/data/bad/*/places.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && seed fuzz/corpus/dataset 0 "$file"
done
for file in routes/corridors/*.toml tests/data/valid/corridors/*.toml tests/data/bad/*/corridors/*.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && seed fuzz/corpus/dataset 1 "$file"
done
for file in routes/travel.toml tests/data/bad/*/travel.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && seed fuzz/corpus/dataset 3 "$file"
done
for file in routes/outlets.toml tests/data/bad/*/outlets.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && seed fuzz/corpus/dataset 4 "$file"
done
for file in routes/claims.toml tests/data/bad/*/claims.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && seed fuzz/corpus/dataset 5 "$file"
done
for file in routes/scenarios/*.toml tests/data/bad/*/scenario.toml; do
    [ -f "$file" ] && [ "$(wc -c < "$file")" -lt 65536 ] && cp "$file" "fuzz/corpus/scenario/$(printf '%s' "$file" | cksum | cut -d' ' -f1)"
done
cp tests/data/osm/pyrosm-test.osm.pbf fuzz/corpus/osm_import/
# Uncompressed copies reach the element decoder (needs pyosmium; skipped without it).
if python3 -c "import osmium" 2>/dev/null || pip install --quiet osmium 2>/dev/null; then
    python3 scripts/osm_raw_seed.py tests/data/osm/pyrosm-test.osm.pbf fuzz/corpus/osm_import
else
    echo "pyosmium not installed: osm_import seeded with the compressed extract only"
fi
if [ ! -f fuzz/corpus/network_file/karhula.network ]; then
    cargo run --release --quiet -- import osm tests/data/osm/pyrosm-test.osm.pbf \
        -o fuzz/corpus/network_file/karhula.network
fi

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

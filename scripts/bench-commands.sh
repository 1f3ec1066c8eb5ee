#!/usr/bin/env bash
# Whole-process timings of the everyday commands (issue 18, "Speed"), with hyperfine.
#
#   scripts/bench-commands.sh              # build release, time target/release/corridors
#   scripts/bench-commands.sh OLD_BINARY   # the same, side by side with OLD_BINARY,
#                                          # and each command's ratio old/new
#
# Goals: report < 100 ms, chart map < 15 ms, a single query (check, route, compare) < 5 ms.
set -euo pipefail

cd "$(dirname "$0")/.."
baseline="${1:-}"
if [[ -n "$baseline" && ! -x "$baseline" ]]; then
    echo "not an executable: $baseline" >&2
    exit 2
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }

cargo build --release --quiet
new="$PWD/target/release/corridors"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

names=(check route compare "chart map" report)
args=(
    "check"
    "route dushanbe karachi"
    "compare"
    "chart map -o /tmp/bench-map.svg"
    "report -o /tmp/bench-report"
)

for i in "${!args[@]}"; do
    cmds=("$new ${args[$i]}")
    [[ -n "$baseline" ]] && cmds+=("$baseline ${args[$i]}")
    hyperfine -N --warmup 3 --runs 15 --style none --export-json "$out/$i.json" \
        "${cmds[@]}" >/dev/null
done

python3 - "$out" "${names[@]}" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
rows = []
for i, name in enumerate(names):
    results = json.load(open(f"{out}/{i}.json"))["results"]
    new = results[0]["median"] * 1000
    old = results[1]["median"] * 1000 if len(results) > 1 else None
    rows.append((name, new, old))
if rows[0][2] is None:
    print(f"{'command':<12} {'median ms':>10}")
    for name, new, _ in rows:
        print(f"{name:<12} {new:>10.1f}")
else:
    print(f"{'command':<12} {'old ms':>8} {'new ms':>8} {'old/new':>8}")
    for name, new, old in rows:
        print(f"{name:<12} {old:>8.1f} {new:>8.1f} {old / new:>7.1f}x")
PY

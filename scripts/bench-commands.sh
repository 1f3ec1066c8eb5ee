#!/usr/bin/env bash
# Whole-process timings of the everyday commands (issue 18, "Speed"), with hyperfine.
#
#   scripts/bench-commands.sh              # build release, time target/release/corridors
#   scripts/bench-commands.sh OLD_BINARY   # the same, side by side with OLD_BINARY,
#                                          # and each command's ratio old/new
#
# Where valgrind is installed, each command's instructions (all threads, whole
# process) are counted too: they hold still on a busy machine, where times do not.
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

# Instructions of one run of BINARY ARGS..., in millions ("" without valgrind).
instructions() {
    command -v valgrind >/dev/null || return 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/refs:/ { gsub(",", "", $NF); printf "%.1f", $NF / 1e6 }'
}

for i in "${!args[@]}"; do
    cmds=("$new ${args[$i]}")
    [[ -n "$baseline" ]] && cmds+=("$baseline ${args[$i]}")
    hyperfine -N --warmup 3 --runs 15 --style none --export-json "$out/$i.json" \
        "${cmds[@]}" >/dev/null
    # shellcheck disable=SC2086 # the arguments are meant to split
    instructions "$new" ${args[$i]} >"$out/$i.new.instr"
    if [[ -n "$baseline" ]]; then
        # shellcheck disable=SC2086
        instructions "$baseline" ${args[$i]} >"$out/$i.old.instr"
    fi
done

python3 - "$out" "${names[@]}" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
def instr(i, which):
    try:
        return open(f"{out}/{i}.{which}.instr").read().strip() or "-"
    except OSError:
        return "-"

rows = []
for i, name in enumerate(names):
    results = json.load(open(f"{out}/{i}.json"))["results"]
    new = results[0]["median"] * 1000
    old = results[1]["median"] * 1000 if len(results) > 1 else None
    rows.append((name, new, old, instr(i, "new"), instr(i, "old")))
if rows[0][2] is None:
    print(f"{'command':<12} {'median ms':>10} {'M instr':>9}")
    for name, new, _, new_instr, _ in rows:
        print(f"{name:<12} {new:>10.1f} {new_instr:>9}")
else:
    print(f"{'command':<12} {'old ms':>8} {'new ms':>8} {'old/new':>8} {'old M instr':>12} {'new M instr':>12}")
    for name, new, old, new_instr, old_instr in rows:
        print(f"{name:<12} {old:>8.1f} {new:>8.1f} {old / new:>7.1f}x {old_instr:>12} {new_instr:>12}")
PY

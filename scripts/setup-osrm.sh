#!/usr/bin/env bash
# setup-osrm.sh CACHE_DIR
# Fetches OSRM v26.10.0 binaries + Monaco extract from PyPI (osrm-bindings==26.10.0)
# using pip download only, unpacks them into CACHE_DIR and prints KEY=VALUE lines:
#   MONACO_PBF, OSRM_EXTRACT, OSRM_CONTRACT, OSRM_ROUTED, OSRM_PROFILE_DISTANCE,
#   OSRM_PROFILE_DIR, OSRM_LD_LIBRARY_PATH (empty: binaries only need system libc/libstdc++)
# Usage in a driver:  eval "$(bash scripts/setup-osrm.sh CACHE_DIR)"
# Idempotent: re-running reuses what is already in CACHE_DIR. Progress goes to stderr.
set -euo pipefail

CACHE=${1:?usage: setup_osrm.sh CACHE_DIR}
VER=26.10.0
PY=${PYTHON:-python3}
mkdir -p "$CACHE/dl"
CACHE=$(cd "$CACHE" && pwd)
log() { echo "[setup_osrm] $*" >&2; }

# 1. Wheel (cp312-abi3, manylinux_2_28_x86_64): statically linked osrm-* executables + lua profiles.
#    Needs only glibc >= 2.26 / libstdc++ (GLIBCXX_3.4.22); no Python 3.12 needed to run the executables.
WHL=$(ls "$CACHE"/dl/osrm_bindings-$VER-*manylinux*_x86_64.whl 2>/dev/null | head -1 || true)
if [ -z "$WHL" ]; then
  log "downloading wheel"
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
      --platform manylinux_2_28_x86_64 -d "$CACHE/dl" "osrm-bindings==$VER" >&2
  WHL=$(ls "$CACHE"/dl/osrm_bindings-$VER-*manylinux*_x86_64.whl | head -1)
fi
W="$CACHE/wheel"
if [ ! -x "$W/osrm/bin/osrm-routed" ]; then
  log "unpacking wheel"
  rm -rf "$W"; mkdir -p "$W"
  "$PY" -m zipfile -e "$WHL" "$W"
  chmod +x "$W"/osrm/bin/*          # zipfile does not keep the exec bits
fi

# 2. sdist: only source of test/data/monaco.osm.pbf (1,759,101 bytes, md5 2b8dd9343d5e615afc9c67bcc7028a63).
#    --no-binary=osrm-bindings (NOT :all:) so build deps come as wheels; pip then only prepares
#    metadata (~15 s) and does not compile OSRM. (Its install-osrm/bin/* are aarch64: unusable.)
SD="$CACHE/dl/osrm_bindings-$VER.tar.gz"
if [ ! -f "$SD" ]; then
  log "downloading sdist (pip prepares metadata, ~15 s)"
  "$PY" -m pip download -q --no-deps --no-binary=osrm-bindings -d "$CACHE/dl" "osrm-bindings==$VER" >&2
fi
D="$CACHE/data"
PBF="$D/monaco.osm.pbf"
if [ ! -f "$PBF" ]; then
  mkdir -p "$D"
  tar -xzf "$SD" -C "$D" --strip-components=3 "osrm_bindings-$VER/test/data/monaco.osm.pbf"
fi
echo "2b8dd9343d5e615afc9c67bcc7028a63  $PBF" | md5sum -c --quiet - >&2

# 3. Distance-weighted car profile. Must sit next to lib/ (car.lua does require('lib/...')).
PROF_DIR="$W/osrm/share/profiles"
PROF="$PROF_DIR/car_distance.lua"
if [ ! -f "$PROF" ]; then
  sed "s/^\(\s*\)weight_name\s*=\s*'routability',/\1weight_name = 'distance',/" \
      "$PROF_DIR/car.lua" > "$PROF"
fi
grep -q "^\s*weight_name = 'distance'," "$PROF" || { log "profile patch failed"; exit 1; }

# 4. Sanity: executables run here.
for b in osrm-extract osrm-contract osrm-routed; do
  v=$("$W/osrm/bin/$b" --version) || { log "$b does not run"; exit 1; }
  log "$b $v"
done

cat <<EOF
MONACO_PBF=$PBF
OSRM_EXTRACT=$W/osrm/bin/osrm-extract
OSRM_CONTRACT=$W/osrm/bin/osrm-contract
OSRM_ROUTED=$W/osrm/bin/osrm-routed
OSRM_PROFILE_DISTANCE=$PROF
OSRM_PROFILE_DIR=$PROF_DIR
OSRM_LD_LIBRARY_PATH=
EOF

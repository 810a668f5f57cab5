#!/usr/bin/env bash
# README command (a): install, build, and run the main job on the embedded default.
# Until the processing stages land that is: start the fake JSearch server on loopback,
# collect a few pages from it into SQLite (data/jobpilot.db) and the raw file store
# (data/raw_collections/), and show the status. No network and no API key needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target jobpilot-etl -j "$(nproc)"
BIN="$BUILD/jobpilot-etl"

out=$(mktemp)
"$BIN" fake-jsearch --port 0 --seed 42 --postings 2000 >"$out" 2>/dev/null &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
addr=$(sed -n 's/^listening on //p' "$out" | head -n 1)
[ -n "$addr" ] || { echo "fake-jsearch did not start" >&2; exit 1; }
echo "fake JSearch server on http://$addr"

"$BIN" collect --query "software engineer" --location "Austin, TX" --pages 3 --base-url "http://$addr"
echo
"$BIN" status

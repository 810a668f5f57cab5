#!/usr/bin/env bash
# README command (a): install, build, and run the main job end to end on the embedded
# default: SQLite (data/jobpilot.db), local embeddings, and - when JSEARCH_API_KEY is not
# set - generated postings from the fake JSearch server that this script starts on
# loopback (no network, no key). With JSEARCH_API_KEY set, the real API is used.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target jobpilot-etl -j "$(nproc)"
BIN="$BUILD/jobpilot-etl"

if [ -n "${JSEARCH_API_KEY:-}" ]; then
  echo "JSEARCH_API_KEY is set: collecting from the real JSearch API (this spends quota)"
  exec "$BIN" run --once
fi

out=$(mktemp)
"$BIN" fake-jsearch --port 0 --seed 42 --postings 2000 --rps 0 >"$out" 2>/dev/null &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 200); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
addr=$(sed -n 's/^listening on //p' "$out" | head -n 1)
[ -n "$addr" ] || { echo "fake-jsearch did not start" >&2; exit 1; }
echo "no JSEARCH_API_KEY: using the fake JSearch server on http://$addr (generated postings)"
"$BIN" run --once --base-url "http://$addr"

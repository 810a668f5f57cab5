#!/usr/bin/env bash
# The bench as the README runs it: builds jobpilot-bench (RelWithDebInfo), starts a throwaway
# PostgreSQL cluster on loopback (scripts/pg.sh, port 55460), measures SQLite and PostgreSQL, prints
# the table and writes bench-results.json. Arguments go to jobpilot-bench (e.g. --postings 1000000).
# usage: bench/run.sh [--postings N] [jobpilot-bench options]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
[ -d "$BUILD" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target jobpilot-bench jobpilot-etl >/dev/null
export PGTEST_PORT=${BENCH_PG_PORT:-55460} PGTEST_DIR=${BENCH_PG_DIR:-/tmp/jobpilot-bench-pg}
scripts/pg.sh start >/dev/null
trap 'scripts/pg.sh stop >/dev/null' EXIT
"$BUILD/jobpilot-bench" --work-dir "${BENCH_WORK_DIR:-$BUILD/bench-work}" --json "${BENCH_JSON:-bench-results.json}" \
  --pg-url "postgresql://postgres@127.0.0.1:$PGTEST_PORT/jobpilot_bench" "$@"

#!/usr/bin/env bash
# Cluster throughput on one machine: the same `run --once` (about 10,300 postings from a 12,000-posting
# fake corpus, 1,522 pages) on one node, then a coordinator with 1 and with 2 workers, all on loopback
# against one throwaway PostgreSQL cluster (scripts/pg.sh, port 55461). Prints seconds, postings/s and
# how many collections each node processed. On a 2-core machine expect little gain: every node
# shares the same cores, and the deduper and loader (the coordinator's, by design) do most of the work.
# usage: bench/cluster.sh [--postings N] [--workers "0 1 2"]
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
POSTINGS=12000
WORKERS_LIST="0 1 2"
while [ $# -gt 0 ]; do
  case "$1" in
    --postings) POSTINGS=$2; shift 2 ;;
    --workers) WORKERS_LIST=$2; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "bench/cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
BUILD=${BUILD_DIR:-build}
[ -d "$BUILD" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target jobpilot-etl >/dev/null
BIN=$(realpath "$BUILD/jobpilot-etl")
WORK=$(mktemp -d /tmp/jobpilot-bench-cluster.XXXXXX)
chmod 755 "$WORK"
export PGTEST_PORT=${BENCH_PG_PORT:-55461} PGTEST_DIR=$WORK/pg
FAKE_PORT=${BENCH_FAKE_PORT:-8461}
CLUSTER_PORT=${BENCH_CLUSTER_PORT:-4861}
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  scripts/pg.sh stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
scripts/pg.sh start >/dev/null
. scripts/fake_corpus_run.sh

config() {  # config DB NODE WORKERS
  fake_corpus_run_config "postgresql://postgres@127.0.0.1:$PGTEST_PORT/$1" "$FAKE_PORT" >"$WORK/$1-$2.yaml"
  cat >>"$WORK/$1-$2.yaml" <<YAML
log:
  level: warn
cluster:
  node_name: $2
  port: $CLUSTER_PORT
  coordinator: 127.0.0.1
  wait_for_workers: $3
YAML
  echo "$WORK/$1-$2.yaml"
}

printf "%-26s %9s %11s %12s  %s\n" "nodes" "seconds" "postings" "postings/s" "collections processed by node"
for n in $WORKERS_LIST; do
  db=bench_$n
  psql -X -q -h 127.0.0.1 -p "$PGTEST_PORT" -U postgres -c "CREATE DATABASE $db"
  "$BIN" fake-jsearch --port $FAKE_PORT --postings "$POSTINGS" --rps 0 >"$WORK/fake-$n.log" 2>&1 &
  fake=$!
  PIDS+=("$fake")
  sleep 1
  workers=()
  for i in $(seq 1 "$n"); do
    "$BIN" --config "$(config "$db" "w$i" "$n")" --data-dir "$WORK/data-$db-w$i" --log-level info run --role worker \
      >"$WORK/$db-w$i.log" 2>&1 &
    workers+=($!)
    PIDS+=($!)
  done
  role=coordinator
  [ "$n" = 0 ] && role=none
  start=$(date +%s%N)
  "$BIN" --config "$(config "$db" coord "$n")" --data-dir "$WORK/data-$db-coord" --log-level info run --once \
    --role "$role" --json >"$WORK/$db-coord.json" 2>"$WORK/$db-coord.log"
  ms=$((($(date +%s%N) - start) / 1000000))
  postings=$(psql -X -At -h 127.0.0.1 -p "$PGTEST_PORT" -U postgres -d "$db" -c "SELECT COUNT(*) FROM job_sources")
  by_node="coord $(grep -c '\[processor\] collection' "$WORK/$db-coord.log" || true)"
  for i in $(seq 1 "$n"); do by_node+=", w$i $(grep -c '\[processor\] collection' "$WORK/$db-w$i.log" || true)"; done
  label="single node"
  [ "$n" != 0 ] && label="coordinator + $n worker(s)"
  printf "%-26s %9.1f %11d %12.0f  %s\n" "$label" "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" \
    "$postings" "$(awk -v p="$postings" -v m="$ms" 'BEGIN { print p / (m / 1000) }')" "$by_node"
  for w in "${workers[@]}"; do kill "$w" 2>/dev/null || true; done
  for w in "${workers[@]}"; do wait "$w" 2>/dev/null || true; done
  kill "$fake"
  wait "$fake" 2>/dev/null || true
done
echo "($(nproc) cores; every node on this machine)"

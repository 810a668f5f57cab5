#!/usr/bin/env bash
# Cluster mode end to end (issue 9): a coordinator and two workers as separate processes, each in its
# own network namespace with its own address and host name (veth pairs on a bridge made here), one
# PostgreSQL, a 12,000-posting corpus from the fake JSearch server. Every cluster run must load
# exactly what an uninterrupted single-node run loads (jobs and sources compared by sorted natural
# keys), with no duplicate rows:
#   1. plain TCP, one worker SIGKILLed mid-run: also the same number of paid calls;
#   2. the same with TLS, plus a node whose certificate another CA signed and a plain-TCP node: neither
#      ever joins;
#   3. workers started before the coordinator join when it comes up; the coordinator SIGKILLed
#      mid-run and started again, then a worker stopped with SIGTERM: the run completes (calls: at most
#      the one in flight at the kill bought again);
#   4. the service (`run --role coordinator` without --once) shows its nodes in
#      /api/jobs/processing-status and in `status`; a worker stopped with SIGTERM shows as left;
#   5. a coordinator stopped right after a worker left exits (ten times).
# Needs root (ip netns); exits 77 (CTest: skipped) where namespaces cannot be made.
# usage: tests/cluster/cluster_test.sh JOBPILOT_BINARY SOURCE_DIR
set -euo pipefail
BIN=$(realpath "$1")
SRC=$(realpath "$2")
POSTINGS=${CLUSTER_TEST_POSTINGS:-12000}
SKIP=77

if [ "$(id -u)" != 0 ]; then echo "skipped: the cluster test makes network namespaces and needs root (CI runs as root)"; exit $SKIP; fi
for tool in ip unshare curl psql python3 openssl; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (scripts/setup.sh installs it)"; exit $SKIP; }
done
if ! ip netns add "jpprobe$$" 2>/dev/null; then echo "skipped: network namespaces cannot be made here"; exit $SKIP; fi
ip netns del "jpprobe$$"

TAG=$$
NET=10.231.$((TAG % 200 + 20))
BR=jpbr$TAG
WORK=$(mktemp -d /tmp/jobpilot-cluster.XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL server runs as postgres
PGPORT=${CLUSTER_TEST_PG_PORT:-55442}
export PGTEST_PORT=$PGPORT PGTEST_DIR=$WORK/pg PGTEST_LISTEN="127.0.0.1,$NET.1" PGTEST_TRUST_NET="$NET.0/24"
FAKE_PORT=8099
CLUSTER_PORT=4790
# shellcheck source=../../scripts/fake_corpus_run.sh
. "$SRC/scripts/fake_corpus_run.sh"
declare -A ADDR=([nc]=$NET.10 [nw1]=$NET.11 [nw2]=$NET.12 [nrogue]=$NET.13 [nplainw]=$NET.14)
PIDS=()

say() { echo "cluster-test: $*"; }
fail() {
  echo "cluster-test: FAILED: $*" >&2
  for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $(basename "$f") (last 15 lines)"; tail -n 15 "$f"; }; done >&2
  exit 1
}

cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for ns in "${!ADDR[@]}"; do
    ip netns pids "$ns$TAG" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns$TAG" 2>/dev/null || true
  done
  ip link del "$BR" 2>/dev/null || true
  "$SRC/scripts/pg.sh" stop >/dev/null 2>&1 || true
  if [ -n "${CLUSTER_TEST_KEEP:-}" ]; then echo "cluster-test: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# -- the network: a bridge in this namespace, one namespace per node ----------------------------
ip link add "$BR" type bridge
ip link set "$BR" type bridge nf_call_iptables 0 2>/dev/null || true  # bridged node traffic skips iptables
ip addr add "$NET.1/24" dev "$BR"
ip link set "$BR" up
i=0
for ns in "${!ADDR[@]}"; do
  i=$((i + 1))
  ip netns add "$ns$TAG"
  ip link add "jpv$TAG$i" type veth peer name "jpq$TAG$i"
  ip link set "jpq$TAG$i" netns "$ns$TAG"
  ip -n "$ns$TAG" link set "jpq$TAG$i" name eth0
  ip -n "$ns$TAG" addr add "${ADDR[$ns]}/24" dev eth0
  ip -n "$ns$TAG" link set eth0 up
  ip -n "$ns$TAG" link set lo up
  ip link set "jpv$TAG$i" master "$BR" up
done
# in_ns NS HOST COMMAND...: in the background only (`in_ns ... &`): it execs, so $! is the node's pid.
in_ns() { local ns=$1 host=$2; shift 2; exec ip netns exec "$ns$TAG" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$host" "$@"; }

"$SRC/scripts/pg.sh" start >/dev/null
PSQL=(psql -X -q -At -h 127.0.0.1 -p "$PGPORT" -U postgres)
q() { local db=$1; shift; "${PSQL[@]}" -d "$db" -c "$*"; }

# -- certificates: the cluster's CA for coord, w1, w2; the rogue's from a CA of its own ---------
"$SRC/scripts/cluster-certs.sh" "$WORK/certs" coord w1 w2 >/dev/null
"$SRC/scripts/cluster-certs.sh" "$WORK/rogue-ca" rogue >/dev/null

# config DB NODE [TLS-NODE]: a node's config file (the TLS-NODE's certificate; rogue: the other CA's)
config() {
  local db=$1 node=$2 tls=${3:-} out="$WORK/$1-$2.yaml"
  fake_corpus_run_config "postgresql://postgres@$NET.1:$PGPORT/$db" "$FAKE_PORT" >"$out"
  cat >>"$out" <<YAML
cluster:
  node_name: $node
  listen: ${ADDR[nc]}
  port: $CLUSTER_PORT
  coordinator: ${ADDR[nc]}
  heartbeat_interval: 500ms
  node_timeout: 3s
  reconnect_max: 1s
  wait_for_workers: 2
YAML
  if [ -n "$tls" ]; then
    local dir="$WORK/certs"
    [ "$tls" = rogue ] && dir="$WORK/rogue-ca"
    cat >>"$out" <<YAML
  tls:
    certificate: $dir/$tls.pem
    key: $dir/$tls.key
    ca_file: $dir/ca.pem
YAML
  fi
  echo "$out"
}

fake_calls() { ip netns exec "nc$TAG" curl -sf "http://127.0.0.1:$FAKE_PORT/__calls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
start_fake() {  # a fresh fake server (its call count from 0) in the coordinator's namespace
  ip netns exec "nc$TAG" "$BIN" fake-jsearch --host 127.0.0.1 --port $FAKE_PORT --postings "$POSTINGS" --rps 0 \
    >"$WORK/fake-$1.log" 2>&1 &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
  for _ in $(seq 100); do fake_calls >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "the fake server did not start"
}
stop_fake() { kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; }

worker() {  # worker DB NODE [TLS-NODE]: starts it in its namespace, sets WPID
  local cfg
  cfg=$(config "$1" "$2" "${3:-}")
  in_ns "n$2" "host-$2" "$BIN" --config "$cfg" --data-dir "$WORK/data-$1-$2" run --role worker >"$WORK/$1-$2.log" 2>&1 &
  WPID=$!
  PIDS+=("$WPID")
}
coordinator() {  # coordinator DB [TLS-NODE] [LOG-SUFFIX]: `run --once` in its namespace, sets CPID
  local cfg
  cfg=$(config "$1" coord "${2:-}")
  in_ns nc host-coord "$BIN" --config "$cfg" --data-dir "$WORK/data-$1-coord" run --once --role coordinator \
    >"$WORK/$1-coord${3:-}.log" 2>&1 &
  CPID=$!
  PIDS+=("$CPID")
}
loaded() { q "$1" "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status IN ('loaded', 'partial')" 2>/dev/null || echo 0; }
processed_by() { grep -c "\[processor\] collection" "$WORK/$1.log" 2>/dev/null || true; }
wait_until() {  # wait_until SECONDS WHAT COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq $((limit * 5))); do "$@" && return 0; sleep 0.2; done
  fail "waited $limit s for: $what"
}
mid_run() { [ "$(loaded "$1")" -ge 150 ] && [ "$(processed_by "$1-$2")" -ge 2 ]; }

# Natural keys: a job by its canonical posting; a source by its posting, its job and why it joined.
jobs_keys() { q "$1" "SELECT jsearch_job_id || '|' || COALESCE(title, '') || '|' || COALESCE(company, '') FROM enhanced_jobs ORDER BY 1"; }
source_keys() {
  q "$1" "SELECT s.jsearch_job_id || '|' || s.publisher || '|' || e.jsearch_job_id || '|' || s.duplicate_reason
            FROM job_sources s JOIN enhanced_jobs e ON e.id = s.job_id ORDER BY 1"
}
same_result() {  # same_result DB: what DB loaded equals the single-node run's, no duplicate rows
  local db=$1
  jobs_keys "$db" >"$WORK/$db.jobs"
  source_keys "$db" >"$WORK/$db.sources"
  cmp -s "$WORK/ref.jobs" "$WORK/$db.jobs" ||
    fail "$db: the jobs differ from the single-node run's ($(wc -l <"$WORK/$db.jobs") vs $(wc -l <"$WORK/ref.jobs")): $(diff "$WORK/ref.jobs" "$WORK/$db.jobs" | head -5)"
  cmp -s "$WORK/ref.sources" "$WORK/$db.sources" ||
    fail "$db: the sources differ from the single-node run's: $(diff "$WORK/ref.sources" "$WORK/$db.sources" | head -5)"
  local dup
  dup=$(q "$db" "SELECT (SELECT COUNT(*) - COUNT(DISTINCT jsearch_job_id) FROM enhanced_jobs)
               + (SELECT COUNT(*) FROM (SELECT 1 FROM processed_job_data GROUP BY processing_id, job_index HAVING COUNT(*) > 1) d)
               + (SELECT COUNT(*) FROM (SELECT 1 FROM job_embeddings GROUP BY job_id, model HAVING COUNT(*) > 1) e)")
  [ "$dup" = 0 ] || fail "$db: $dup duplicate rows"
  local unfinished
  unfinished=$(q "$db" "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status NOT IN ('loaded', 'partial')")
  [ "$unfinished" = 0 ] || fail "$db: $unfinished collections not loaded"
  [ "$(q "$db" "SELECT COUNT(*) FROM raw_job_collections")" = "$REF_COLLECTIONS" ] ||
    fail "$db: $(q "$db" "SELECT COUNT(*) FROM raw_job_collections") raw collections, the single-node run stored $REF_COLLECTIONS"
}

# -- the single-node run everything is compared with ------------------------------------------------
say "single-node reference run: $POSTINGS generated postings"
q postgres "CREATE DATABASE ref"
start_fake ref
cfg=$(config ref single)
sed -i 's/^  wait_for_workers: 2/  wait_for_workers: 0/' "$cfg"
t0=$(date +%s%N)
ip netns exec "nc$TAG" "$BIN" --config "$cfg" --data-dir "$WORK/data-ref" run --once >"$WORK/ref.log" 2>&1 ||
  fail "the single-node run failed"
REF_MS=$((($(date +%s%N) - t0) / 1000000))
REF_CALLS=$(fake_calls)
stop_fake
jobs_keys ref >"$WORK/ref.jobs"
source_keys ref >"$WORK/ref.sources"
REF_COLLECTIONS=$(q ref "SELECT COUNT(*) FROM raw_job_collections")
REF_POSTINGS=$(wc -l <"$WORK/ref.sources")
[ "$REF_POSTINGS" -ge 10000 ] || fail "the reference run loaded $REF_POSTINGS postings; the test needs at least 10,000"
say "reference: $(wc -l <"$WORK/ref.jobs") jobs, $REF_POSTINGS sources, $REF_COLLECTIONS collections, $REF_CALLS calls, $REF_MS ms"

# -- 1 and 2: a worker SIGKILLed mid-run, plain and over TLS ----------------------------------------
kill_run() {  # kill_run DB TLS(yes|"")
  local db=$1 tls=$2
  q postgres "CREATE DATABASE $db"
  start_fake "$db"
  worker "$db" w1 "${tls:+w1}"
  local w1=$WPID
  worker "$db" w2 "${tls:+w2}"
  local w2=$WPID rogue="" plain=""
  if [ -n "$tls" ]; then
    worker "$db" rogue rogue  # a certificate from another CA: must never join
    rogue=$WPID
    worker "$db" plainw  # no TLS at all: must never join
    plain=$WPID
  fi
  coordinator "$db" "${tls:+coord}"
  wait_until 120 "worker w1 at work mid-run" mid_run "$db" w1
  kill -9 "$w1"
  say "$db: SIGKILLed worker w1 after $(processed_by "$db-w1") of its collections, $(loaded "$db") collections loaded"
  wait "$CPID" || fail "$db: the coordinator's run failed"
  local calls
  calls=$(fake_calls)
  stop_fake
  grep -q "worker w1 lost" "$WORK/$db-coord.log" || fail "$db: the coordinator never noticed that w1 was lost"
  [ "$(processed_by "$db-w2")" -ge 1 ] || fail "$db: worker w2 did no work"
  same_result "$db"
  [ "$calls" = "$REF_CALLS" ] || fail "$db: $calls paid calls, the single-node run made $REF_CALLS"
  [ "$(q "$db" "SELECT state FROM cluster_nodes WHERE node = 'w1'")" = lost ] || fail "$db: cluster_nodes does not say w1 was lost"
  if [ -n "$rogue" ]; then
    for node in rogue plainw; do
      [ "$(q "$db" "SELECT COUNT(*) FROM cluster_nodes WHERE node = '$node'")" = 0 ] || fail "$db: node $node joined"
      grep -q "cannot reach the coordinator" "$WORK/$db-$node.log" || fail "$db: node $node's failures were not logged"
      [ "$(processed_by "$db-$node")" = 0 ] || fail "$db: node $node was given work"
      [ "$(grep -c "joined coordinator" "$WORK/$db-$node.log")" = 0 ] || fail "$db: node $node says it joined"
    done
    kill "$rogue" "$plain"
  fi
  kill "$w2"
  wait "$w2" 2>/dev/null || true
  say "$db: same jobs and sources as the single-node run, no duplicates, $calls calls; w2 did $(processed_by "$db-w2") collections"
}
kill_run plain ""
kill_run tls yes
grep -q "TLS, certificates checked both ways" "$WORK/tls-coord.log" || fail "tls: the coordinator did not listen with TLS"

# -- 3: workers first; the coordinator SIGKILLed mid-run and started again ---------------------------
db=restart
q postgres "CREATE DATABASE $db"
start_fake "$db"
worker "$db" w1
w1=$WPID
worker "$db" w2
w2=$WPID
wait_until 30 "the workers retrying to reach a coordinator that is not there" \
  grep -q "cannot reach the coordinator" "$WORK/$db-w1.log"
coordinator "$db" "" -1
wait_until 120 "the run mid-way with w1 at work" mid_run "$db" w1
kill -9 "$CPID"
wait "$CPID" 2>/dev/null || true
before=$(loaded "$db")
say "$db: SIGKILLed the coordinator with $before collections loaded"
coordinator "$db" "" -2
# And a worker stopped the polite way (SIGTERM) in the middle: what it held goes to the others.
more_loaded() { [ "$(loaded "$db")" -ge $((before + 150)) ]; }
wait_until 120 "the restarted run under way" more_loaded
kill -TERM "$w2"
wait "$w2" || fail "$db: worker w2 did not stop cleanly on SIGTERM"
wait "$CPID" || fail "$db: the restarted coordinator's run failed"
grep -q "worker w2 left" "$WORK/$db-coord-2.log" || fail "$db: the coordinator did not hear that w2 left"
calls=$(fake_calls)
stop_fake
[ "$(grep -c "joined coordinator" "$WORK/$db-w1.log")" -ge 2 ] || fail "$db: w1 did not join the restarted coordinator"
same_result "$db"
[ "$calls" -ge "$REF_CALLS" ] && [ "$calls" -le $((REF_CALLS + 1)) ] ||
  fail "$db: $calls paid calls; the single-node run made $REF_CALLS (at most the one in flight may be bought again)"
kill "$w1"
say "$db: workers joined the coordinator when it came up and again after its restart; w2 left on SIGTERM mid-run; same result, $calls calls"

# -- 4: the service shows its nodes ------------------------------------------------------------------
db=service
export JOBPILOT_API_TOKEN=cluster-test-token  # the API's bearer token (POST /api/jobs/collect)
q postgres "CREATE DATABASE $db"
cfg=$(config "$db" coord)
python3 - "$cfg" "${ADDR[nc]}" <<'PY'
import sys
p, addr = sys.argv[1], sys.argv[2]
s = open(p).read().replace("http:\n  enabled: false\n", "http:\n  listen: %s\n  port: 8080\nschedules: {}\n" % addr)
open(p, "w").write(s)
PY
in_ns nc host-coord "$BIN" --config "$cfg" --data-dir "$WORK/data-$db-coord" run --role coordinator >"$WORK/$db-coord.log" 2>&1 &
svc=$!
PIDS+=("$svc")
worker "$db" w1
w1=$WPID
nodes_up() {  # the nodes /api/jobs/processing-status shows up, with both pools and a heartbeat
  curl -sf "http://${ADDR[nc]}:8080/api/jobs/processing-status" | python3 -c '
import json, sys
nodes = json.load(sys.stdin)["nodes"]
ok = [n for n in nodes if n["state"] == "up" and n["last_heartbeat"] and len(n["pools"]) == 2]
print(" ".join(sorted(n["node"] + ":" + n["role"] for n in ok)))'
}
both_up() { [ "$(nodes_up 2>/dev/null)" = "coord:coordinator w1:worker" ]; }
wait_until 30 "both nodes up in /api/jobs/processing-status" both_up
# The text is read whole before grep: `curl | grep -q` fails under pipefail when grep stops first
# and curl, still writing, gets SIGPIPE (it did once /metrics had grown past a pipe's buffer).
metric() {
  local text
  text=$(curl -sf "http://${ADDR[nc]}:8080/metrics") && grep -q "^jobpilot_cluster_workers{state=\"$1\"} $2\$" <<<"$text"
}
metric up 1 || fail "$db: /metrics does not count w1 up"
status=$("$BIN" --db "postgresql://postgres@127.0.0.1:$PGPORT/$db" --data-dir "$WORK/data-status" status)
echo "$status" | grep -q "w1 *worker *up" || fail "$db: status does not show w1 up: $status"
# Work asked for through the API: the coordinator's /metrics counts the jobs w1 processed too (the
# heartbeats carry what w1's stages did).
start_fake "$db"
run_id=$(curl -sf -X POST -H "Authorization: Bearer $JOBPILOT_API_TOKEN" -H "Content-Type: application/json" \
  -d '{"query":"software engineer","pages":20}' "http://${ADDR[nc]}:8080/api/jobs/collect" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || fail "$db: POST /api/jobs/collect failed"
run_done() {
  curl -sf "http://${ADDR[nc]}:8080/api/jobs/collect/$run_id" | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["state"] != "done")'
}
wait_until 120 "the API's run $run_id done" run_done
all_loaded() { [ "$(q "$db" "SELECT COUNT(*) FROM raw_job_collections WHERE processing_status NOT IN ('loaded', 'partial')")" = 0 ]; }
wait_until 60 "every collection of run $run_id loaded" all_loaded
stop_fake
[ "$(processed_by "$db-w1")" -ge 1 ] || fail "$db: w1 processed no collection of the API's run"
jobs_done=$(q "$db" "SELECT COALESCE(SUM(jobs_processed + jobs_failed), 0) FROM job_processing_log")
metric_value() { curl -sf "http://${ADDR[nc]}:8080/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
counted() { [ "$(metric_value jobpilot_jobs_processed_total)" = "$jobs_done" ]; }
wait_until 10 "/metrics counting the $jobs_done jobs processed on both nodes" counted
say "$db: an API run of $(q "$db" "SELECT COUNT(*) FROM raw_job_collections") pages, $(processed_by "$db-w1") processed by w1; /metrics counts all $jobs_done jobs"
kill "$w1"
wait "$w1" 2>/dev/null || true
wait_until 30 "the coordinator hearing that w1 left" grep -q "worker w1 left" "$WORK/$db-coord.log"
[ "$(q "$db" "SELECT state FROM cluster_nodes WHERE node = 'w1'")" = left ] || fail "$db: cluster_nodes does not say w1 left"
metric left 1 && metric up 0 || fail "$db: /metrics does not count w1 left"
kill "$svc"
wait "$svc" || fail "$db: the service did not stop cleanly"
say "$db: /api/jobs/processing-status, status and /metrics show the nodes; w1 left on SIGTERM"

# -- 5: stopping a coordinator right after a worker left ---------------------------------------------
# Regression: the registry ran detached, and a worker's reference to it could outlive the worker; the
# coordinator then never finished exiting (about 1 stop in 6).
hung=0
for i in $(seq 1 10); do
  in_ns nc host-coord "$BIN" --config "$cfg" --data-dir "$WORK/data-$db-coord" run --role coordinator \
    >"$WORK/$db-stop-coord.log" 2>&1 &
  svc=$!
  PIDS+=("$svc")
  worker "$db" w1
  w1=$WPID
  joined() { [ "$(grep -c "joined coordinator" "$WORK/$db-w1.log")" -ge 1 ]; }
  wait_until 30 "w1 joining for stop $i" joined
  sleep 0.5
  kill -TERM "$w1"
  sleep "0.$((i % 4))"
  kill -TERM "$svc"
  for _ in $(seq 100); do kill -0 "$svc" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$svc" 2>/dev/null; then hung=$((hung + 1)); kill -9 "$svc"; fi
  wait "$w1" 2>/dev/null || true
  wait "$svc" 2>/dev/null || true
done
[ "$hung" = 0 ] || fail "$db: the coordinator hung at exit $hung times of 10 after a worker left"
say "$db: the coordinator exited within 10 s every time of 10 after a worker left just before"
say "passed"

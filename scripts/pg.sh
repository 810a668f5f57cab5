#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the tests (CTest fixture "pg").
# usage: scripts/pg.sh start|stop|down|up|status
#   start: a new cluster (any old one at that place is removed); stop: stop it and remove it;
#   down: stop the server at once, keeping the data (an outage); up: start it again on that data.
# env: PGTEST_PORT (default 55439), PGTEST_DIR (default /tmp/jobpilot-pgtest-$PGTEST_PORT),
#   PGTEST_LISTEN (default 127.0.0.1; the cluster test adds its bridge address),
#   PGTEST_TRUST_NET (a network, e.g. 10.231.0.0/24, whose clients are trusted like loopback)
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PORT=${PGTEST_PORT:-55439}
DIR=${PGTEST_DIR:-/tmp/jobpilot-pgtest-$PORT}
DATA=$DIR/data
LISTEN=${PGTEST_LISTEN:-127.0.0.1}
LOG=$DIR/postgres.log

if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "pg.sh: PostgreSQL server binaries not found (install postgresql-15: scripts/setup.sh)" >&2
  exit 1
fi

# initdb refuses to run as root: use the postgres system user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

serve() {
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=$LISTEN -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$LOG" >&2; exit 1; }
}

case "${1:-}" in
  start)
    if [ -f "$DATA/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
    as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust --no-sync -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    if [ -n "${PGTEST_TRUST_NET:-}" ]; then
      echo "host all all $PGTEST_TRUST_NET trust" | as_pg tee -a "$DATA/pg_hba.conf" >/dev/null
    fi
    serve
    echo "pg.sh: PostgreSQL running on $LISTEN:$PORT (data in $DATA)"
    ;;
  stop)
    if [ -f "$DATA/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
      echo "pg.sh: stopped"
    else
      echo "pg.sh: not running"
    fi
    rm -rf "$DIR"
    ;;
  down)
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null
    echo "pg.sh: down (data kept in $DATA)"
    ;;
  up)
    serve
    echo "pg.sh: up again on 127.0.0.1:$PORT"
    ;;
  status)
    as_pg "$PGBIN/pg_ctl" -D "$DATA" status ;;
  *)
    echo "usage: $0 start|stop|down|up|status" >&2
    exit 2 ;;
esac

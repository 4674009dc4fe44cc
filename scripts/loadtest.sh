#!/usr/bin/env bash
# Load test of docs/PERFORMANCE.md: builds pmo and pmoload, loads the
# 10,000-project demo portfolio (52 weeks of history) into a SQLite file and
# into a PostgreSQL schema, starts `pmo serve` on each in turn, drives it
# over loopback with 16 connections and stops it. Besides pmoload's
# requests/s and latencies it prints the server's CPU time per request: the
# pmo process plus, on PostgreSQL, the backends serving it (found by
# application_name), read from /proc before and after each path. On a
# machine shared with other work that is the steadier number.
#
#   scripts/loadtest.sh                  # both databases, 10 s per path
#   DURATION=5s DBS=sqlite scripts/loadtest.sh
#
# Environment:
#   DBS        databases to test, "sqlite postgres" by default
#   DURATION   time per path (10s), after WARMUP (2s) of the same load
#              that is not counted; CONNS connections (16)
#   WORK       directory for binaries and the SQLite file (/tmp/pmo-loadtest);
#              the demo databases are built once and reused, delete to rebuild
#   PMO_LOAD_POSTGRES  PostgreSQL URL whose database holds the schema load10k
#              (default: PMO_TEST_POSTGRES, else the CI's local server); needs psql
#   PATHS      URL paths to request (default: the two lists of issue 2 and the roll-up)
set -euo pipefail
cd "$(dirname "$0")/.."

DBS=${DBS:-sqlite postgres}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNS=${CONNS:-16}
WORK=${WORK:-/tmp/pmo-loadtest}
PG=${PMO_LOAD_POSTGRES:-${PMO_TEST_POSTGRES:-postgres://pmo:pmo@127.0.0.1:5432/pmo_test?sslmode=disable}}
PORT=${PORT:-18090}
if [ -z "${PATHS:-}" ]; then
  PATHS=('/api/v1/projects?limit=100'
    '/api/v1/projects?limit=50&portfolio_id=1&state=active&rag=red,amber&sort=-budget'
    '/api/v1/rollup')
else
  read -r -a PATHS <<<"$PATHS"
fi

mkdir -p "$WORK"
go build -o "$WORK/pmo" ./cmd/pmo
go build -o "$WORK/pmoload" ./cmd/pmoload

# dsn prints the database URL or file of $1 (sqlite or postgres).
dsn() {
  case $1 in
  sqlite) echo "$WORK/load10k.db" ;;
  postgres)
    local sep='?'
    [[ $PG == *\?* ]] && sep='&'
    echo "${PG}${sep}search_path=load10k&application_name=pmo-loadtest"
    ;;
  esac
}

# prepare loads the demo portfolio once and prints a fresh read token.
prepare() {
  local db
  db=$(dsn "$1")
  if [ "$1" = postgres ]; then
    psql -q "$PG" -c 'SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS load10k' >&2
    if [ "$(psql -qtA "$PG" -c "SELECT to_regclass('load10k.projects') IS NOT NULL AND (SELECT COUNT(*) FROM load10k.projects) = 10000" 2>/dev/null)" != t ]; then
      psql -q "$PG" -c 'DROP SCHEMA load10k CASCADE; CREATE SCHEMA load10k' >&2
      "$WORK/pmo" demo --db "$db" --projects 10000 --weeks 52 >&2
      psql -q "$PG" -c 'ANALYZE' >/dev/null 2>&1 # skips (and warns about) tables not ours
    fi
  elif [ ! -f "$db" ]; then
    "$WORK/pmo" demo --db "$db.tmp" --projects 10000 --weeks 52 >&2
    mv "$db.tmp" "$db"
  fi
  "$WORK/pmo" user add --db "$db" --name loadtest --admin >/dev/null 2>&1 || true
  "$WORK/pmo" token create --db "$db" --user loadtest --name loadtest --days 1 | tail -n 1
}

# ticks prints the user + system CPU time of process $1 in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# server_pids lists the pmo process $2 and, for postgres, its backends.
server_pids() {
  echo "$2"
  if [ "$1" = postgres ]; then
    psql -qtA "$PG" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'pmo-loadtest'"
  fi
}

for kind in $DBS; do
  token=$(prepare "$kind")
  "$WORK/pmo" serve --db "$(dsn "$kind")" --addr "127.0.0.1:$PORT" >"$WORK/serve-$kind.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "== $kind: $CONNS connections, $DURATION per path, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for path in "${PATHS[@]}"; do
    PMO_TOKEN=$token "$WORK/pmoload" -url "http://127.0.0.1:$PORT" -c "$CONNS" -d "$WARMUP" "$path" >/dev/null
    declare -A before=()
    for p in $(server_pids "$kind" "$pid"); do before[$p]=$(ticks "$p"); done
    out=$(PMO_TOKEN=$token "$WORK/pmoload" -url "http://127.0.0.1:$PORT" -c "$CONNS" -d "$DURATION" "$path")
    used=0
    for p in $(server_pids "$kind" "$pid"); do used=$((used + $(ticks "$p") - ${before[$p]:-0})); done
    n=$(echo "$out" | awk 'NR == 2 { print $2 }')
    [ "$path" = "${PATHS[0]}" ] && echo "$out" | head -n 1 | sed 's/$/  server-cpu-ms\/req/'
    echo "$out" | tail -n 1 | awk -v t="$used" -v hz="$(getconf CLK_TCK)" -v n="$n" \
      '{ printf "%s %14.2f\n", $0, (n > 0 ? t * 1000 / hz / n : 0) }'
    unset before
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  trap - EXIT
done

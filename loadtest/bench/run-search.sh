#!/usr/bin/env bash
# The search aim of docs/BENCHMARKS.md: search p95 for a word query scoped to the caller's rooms, on PostgreSQL with
# MESSAGES messages (default 5,000,000) over 1,000 rooms, in two steps that can run apart:
#   fill     create the database SEARCH_DB (default bench_search), let a server migrate it, fill it with
#            search-data.sql and VACUUM ANALYZE it (so no autovacuum of the fresh rows runs during a later measure);
#            slow (minutes per million messages), needs no quiet machine.
#   measure  start a server on the filled database, send WARMUP (default 20) untimed and then QUERIES (default 500)
#            timed single-word searches as "reader" one after another over loopback, print p50 / p95 / p99 in ms;
#            then start the server once more with auto_explain on for that database, send 8 searches and copy the
#            plans PostgreSQL ran for the server's own search SQL (EXPLAIN ANALYZE, BUFFERS; the first five are
#            custom plans, later ones show whether the cached generic plan took over) into OUT/search-plans.txt.
#            Fast (about a minute); run it on a quiet machine.
#   loadtest/bench/run-search.sh OUT_DIR [MESSAGES] [QUERIES]
#     default: fill, measure, drop the database.  KEEP_DB=1: fill, measure, keep it.
#     REUSE_DB=1: measure only, on the database a KEEP_DB=1 run left (MESSAGES is then ignored).
#     QUERIES=0 (third argument): no measure, i.e. `KEEP_DB=1 run-search.sh OUT 5000000 0` is the fill step alone.
# Every query word comes from a fixed seed (SEED, default 20), so two measures send the same searches; the words are
# w0..w(WORDS-1) (default 200: the vocabulary's common-to-middling words; WORDS=5000 adds the rare ones).
# Check `cat /proc/loadavg` first: measure only when the 1-minute load is below 1.5, and note it with the figures.
# Needs server/target/community-server.jar (mvn -B -q package -DskipTests -Dlounge.skip=true) and, for the plans,
# read access to PostgreSQL's log (PG_LOG, default /var/log/postgresql/postgresql-15-main.log).
set -euo pipefail
out="$1"; messages="${2:-5000000}"; queries="${3:-500}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/server/target/community-server.jar"
[ -f "$jar" ] || { echo "build the server first: mvn -B -q package -DskipTests -Dlounge.skip=true" >&2; exit 2; }
mkdir -p "$out"; out="$(cd "$out" && pwd)"
db="${SEARCH_DB:-bench_search}"
pg_log="${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
launcher=""; data=""
start_server() { # $1: log name; the server's port is in $port
  data="$(mktemp -d /tmp/community-search-bench.XXXXXX)"
  port="$(free_port)"
  java ${SERVER_JAVA_OPTS:-} -jar "$jar" --data.dir="$data" --server.port="$port" --admin.port="$(free_port)" \
    --db.url="jdbc:postgresql://127.0.0.1:5432/$db" --db.user=postgres --limits.rest_requests_per_second=100000 \
    --limits.rest_requests_burst=100000 >"$out/$1.server.log" 2>&1 &
  launcher=$!
  for _ in $(seq 1 600); do grep -qs 'listening on' "$out/$1.server.log" && return 0; sleep 0.5; done
  echo "the server did not start, see $out/$1.server.log" >&2; exit 1
}
stop_server() {
  if [ -n "$launcher" ]; then kill -TERM "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; fi
  launcher=""
  if [ -n "$data" ]; then rm -rf "$data"; fi
  data=""
}
cleanup() {
  stop_server
  pg -d postgres -c "ALTER DATABASE $db RESET ALL" 2>/dev/null || true
  if [ "${KEEP_DB:-0}" != 1 ] && [ "${REUSE_DB:-0}" != 1 ]; then pg -d postgres -c "DROP DATABASE IF EXISTS $db" || true; fi
}
trap cleanup EXIT

if [ "${REUSE_DB:-0}" = 1 ]; then
  have="$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
  [ "$have" = 1 ] || { echo "no database $db to reuse: fill it first (KEEP_DB=1)" >&2; trap - EXIT; exit 2; }
else
  pg -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  start_server fill   # migrates the schema
  stop_server
  echo "filling $db with $messages messages (started $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" \
    | tee "$out/search-fill.txt"
  start=$(date +%s)
  pg -d "$db" -v messages="$messages" -f "$root/loadtest/bench/search-data.sql"
  filled=$(date +%s)
  pg -d "$db" -c "VACUUM ANALYZE"
  echo "filled in $((filled - start)) s, vacuumed in $(( $(date +%s) - filled )) s (ended $(date -u +%T));" \
    "database size $(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT pg_size_pretty(pg_database_size('$db'))")" \
    | tee -a "$out/search-fill.txt"
fi
[ "$queries" -gt 0 ] || exit 0

# the words: w0..w199 are the vocabulary's common-to-middling words (prefix matching widens each), the hard case
# for an index; from a fixed seed so every measure sends the same ones
RANDOM="${SEED:-20}"
words=(); for _ in $(seq 1 $(( ${WARMUP:-20} + queries ))); do words+=("w$(( (RANDOM * 32768 + RANDOM) % ${WORDS:-200} ))"); done
start_server measure
token="$(java -jar "$jar" token reader --data.dir="$data")"
search() { # $1: word; prints the time in seconds; fails on anything but 200
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/community/search/?q=$1&limit=20" | awk '$1 != 200 { exit 1 } { print $2 }'
}
for w in "${words[@]:0:${WARMUP:-20}}"; do search "$w" >/dev/null; done
{ echo "database $db: $(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT count(*) FROM messages") messages"
  echo "load before the queries: $(cat /proc/loadavg)"; } | tee "$out/search.txt"
: >"$out/search-times.txt"
for w in "${words[@]:${WARMUP:-20}}"; do search "$w" >>"$out/search-times.txt"; done
echo "load after the queries: $(cat /proc/loadavg)" | tee -a "$out/search.txt"
python3 - "$out/search-times.txt" <<'PY' | tee -a "$out/search.txt"
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(f"searches={len(t)} p50={q(0.50):.1f}ms p95={q(0.95):.1f}ms p99={q(0.99):.1f}ms max={t[-1]:.1f}ms")
PY
stop_server

# The plans: auto_explain for this database's new sessions only, so the server's pool runs with it; PostgreSQL writes
# each plan to its log, from which the search statements' plans are cut out.
if [ ! -r "$pg_log" ]; then
  echo "no plans: cannot read PostgreSQL's log $pg_log (set PG_LOG)" | tee -a "$out/search.txt"; exit 0
fi
pg -d postgres -c "ALTER DATABASE $db SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER DATABASE $db SET auto_explain.log_min_duration = 0" -c "ALTER DATABASE $db SET auto_explain.log_analyze = on" \
  -c "ALTER DATABASE $db SET auto_explain.log_buffers = on" -c "ALTER DATABASE $db SET auto_explain.log_timing = on"
offset=$(stat -c %s "$pg_log")
start_server explain
token="$(java -jar "$jar" token reader --data.dir="$data")"
for w in "${words[@]:0:8}"; do search "$w" >/dev/null; done
stop_server
pg -d postgres -c "ALTER DATABASE $db RESET ALL"
# a log entry starts with a timestamp; keep the entries of this database whose query is the search
tail -c +"$((offset + 1))" "$pg_log" | awk -v db="@$db " '
  /^[0-9]{4}-[0-9]{2}-[0-9]{2} / { if (keep) print entry; entry = $0; keep = 0; mine = index($0, db) > 0; next }
  { entry = entry "\n" $0; if (mine && /search_vector @@/ && /Query Text/) keep = 1 }
  END { if (keep) print entry }' >"$out/search-plans.txt"
n=$(grep -c 'duration: .* plan:' "$out/search-plans.txt" || true)
echo "plans of $n search statements in $out/search-plans.txt (words ${words[*]:0:8}); the last:" | tee -a "$out/search.txt"
awk '/duration: .* plan:/ { last = "" } { last = last $0 "\n" } END { printf "%s", last }' "$out/search-plans.txt" \
  | tee -a "$out/search.txt"

#!/usr/bin/env bash
# The purge aim of docs/BENCHMARKS.md: ingest during a purge of EXPIRED (default 1,000,000) expired messages within
# 90 % of ingest without it, on PostgreSQL. Two steps that can run apart:
#   fill     create the database PURGE_DB (default bench_purge), let a server migrate it (and create the forums
#            bench-01..20 the ingest writes to), fill it with purge-data.sql (EXPIRED messages 365-60 days old,
#            RECENT (default 1,000,000) 20 days-1 hour old, over ROOMS (default 1,000) rooms of which the 20 ingest
#            forums are the first: ROOMS=20 puts every expired message in a room being written), VACUUM (FREEZE,
#            ANALYZE) it. It is only ever a template: no server runs on it again.
#   measure  RUNS rounds (default 3), each of two runs in ABBA order (round 1 off then on, round 2 on then off, ...).
#            Every run gets a database of its own, a file copy of the template (CREATE DATABASE ... TEMPLATE), a
#            freshly started server on it and one harness `ingest` with the options of the ingest table
#            (20 senders, window 64, DURATION s, default 20). "on" starts the server with
#            --retention.default_days=RETENTION_DAYS (default 30, so every filled message older than 60 days is
#            expired) and --retention.purge_interval_seconds=1: the first purge pass starts 1 s after the server, and
#            the purger deletes expired rows (retention.batch_size, default 500, a transaction; at most
#            retention.max_rows_per_second, default 2000) while the ingest runs. PURGE_ARGS adds server flags to
#            "on" runs (e.g. PURGE_ARGS=--retention.max_rows_per_second=1000).
#            Per run: acked/s, ack p99, the audit, the purged rows while the harness ran and the purge lag (from the
#            server's /metrics, polled every second into OUT/NAME.metrics.tsv), and afterwards in SQL that no kept
#            message was touched (count and a hash of every kept filled row, and their reactions, equal to the copy's
#            before the run) and that every room's seqs are contiguous from purged_through_seq + 1 to last_seq.
#            Then the medians of each mode (OUT/purge-medians.txt, and medians.py's full tables of OUT/off, OUT/on).
#   loadtest/bench/run-purge-ingest.sh OUT [EXPIRED] [RUNS]
#     default: fill, measure, drop the template.  KEEP_DB=1: keep the template.  REUSE_DB=1: measure only, on the
#     template a KEEP_DB=1 run left (EXPIRED is then ignored).  RUNS=0: the fill alone.
# BENCH_MAX_LOAD=1.5 waits (at most BENCH_WAIT_SECONDS, default 600) before each run for the 1-minute load to fall
# below it; the load each run started at is in OUT/runs.tsv either way.
# Needs server/target/community-server.jar and loadtest/target/community-loadtest.jar
# (mvn -B -q package -DskipTests -Dlounge.skip=true).
set -euo pipefail
out="$1"; expired="${2:-1000000}"; runs="${3:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/server/target/community-server.jar"
[ -f "$jar" ] && [ -f "$root/loadtest/target/community-loadtest.jar" ] \
  || { echo "build first: mvn -B -q package -DskipTests -Dlounge.skip=true" >&2; exit 2; }
mkdir -p "$out"; out="$(cd "$out" && pwd)"
tpl="${PURGE_DB:-bench_purge}"; run_db="${tpl}_run"
recent="${RECENT:-1000000}"; rooms="${ROOMS:-1000}"; days="${RETENTION_DAYS:-30}"; duration="${DURATION:-20}"
forums="general,help,random$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
pgv() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
server_pid=""; poller=""; data=""

start_server() { # $1: database, $2: log name, then extra config keys; sets server_pid, port, admin, rooms20
  local database="$1" name="$2"; shift 2
  data="$(mktemp -d /tmp/community-purge-bench.XXXXXX)"
  port="$(free_port)"; admin="$(free_port)"
  java ${SERVER_JAVA_OPTS:-} -jar "$jar" --data.dir="$data" --server.port="$port" --admin.port="$admin" \
    --limits.rate_messages=1000000 --rooms.default_forums="$forums" \
    --db.url="jdbc:postgresql://127.0.0.1:5432/$database" --db.user=postgres "$@" >"$out/$name.server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do grep -qs 'listening on' "$out/$name.server.log" && break; sleep 0.5; done
  grep -qs 'listening on' "$out/$name.server.log" || { echo "$name: the server did not start, see $out/$name.server.log" >&2; exit 1; }
  local ids=()
  for i in $(seq 1 20); do
    ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/$name.server.log" | sed 's/.*id=//')")
  done
  rooms20="$(IFS=,; echo "${ids[*]}")"
}
stop_server() {
  if [ -n "$poller" ]; then kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true; fi
  poller=""
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
  if [ -n "$data" ]; then rm -rf "$data"; fi
  data=""
}
cleanup() {
  stop_server
  pg -d postgres -c "DROP DATABASE IF EXISTS $run_db WITH (FORCE)" 2>/dev/null || true
  if [ "${KEEP_DB:-0}" != 1 ] && [ "${REUSE_DB:-0}" != 1 ]; then pg -d postgres -c "DROP DATABASE IF EXISTS $tpl" || true; fi
}
trap cleanup EXIT
metric() { # $1: metric name; the value now (0 when not there yet)
  curl -s "http://127.0.0.1:$admin/metrics" | awk -v m="$1" '$1 == m { v = $2 } END { printf "%d\n", v + 0 }'
}

if [ "${REUSE_DB:-0}" = 1 ]; then
  [ "$(pgv -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$tpl'")" = 1 ] \
    || { echo "no database $tpl to reuse: fill it first (KEEP_DB=1)" >&2; trap - EXIT; exit 2; }
else
  pg -d postgres -c "DROP DATABASE IF EXISTS $run_db WITH (FORCE)" -c "DROP DATABASE IF EXISTS $tpl" -c "CREATE DATABASE $tpl"
  start_server "$tpl" fill   # migrates the schema, creates the forums
  stop_server
  echo "filling $tpl: $expired expired + $recent recent messages over $rooms rooms (started $(date -u +%T)," \
    "load $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/purge-fill.txt"
  start=$(date +%s)
  pg -d "$tpl" -v expired="$expired" -v recent="$recent" -v rooms="$rooms" -f "$root/loadtest/bench/purge-data.sql"
  filled=$(date +%s)
  pg -d "$tpl" -c "VACUUM (FREEZE, ANALYZE)"
  echo "filled in $((filled - start)) s, vacuumed in $(( $(date +%s) - filled )) s (ended $(date -u +%T)); size" \
    "$(pgv -d "$tpl" -c "SELECT pg_size_pretty(pg_database_size('$tpl'))")" | tee -a "$out/purge-fill.txt"
fi
[ "$runs" -gt 0 ] || exit 0

# The kept filled messages (newer than the fill's boundary, older than the fill) as count, hash of every column a
# purge could touch, their reactions; and the expired ones left. Equal kept figures before and after = untouched.
state_sql="SELECT count(*) FILTER (WHERE m.created_at >= b.boundary),
  coalesce(sum(hashtext(concat_ws('|', m.id, m.room_id, m.seq, m.content, m.reaction_counts, m.reply_to_id,
    m.thread_id, m.is_deleted, m.is_hidden, m.edited_at))::bigint) FILTER (WHERE m.created_at >= b.boundary), 0),
  (SELECT count(*) FROM message_reactions mr JOIN messages k ON k.id = mr.message_id
   WHERE k.created_at >= b.boundary AND k.created_at <= b.filled_at),
  count(*) FILTER (WHERE m.created_at < b.boundary)
FROM messages m, bench_purge_fill b WHERE m.created_at <= b.filled_at GROUP BY b.boundary, b.filled_at"
# rooms whose messages are not exactly purged_through_seq + 1 .. last_seq without a hole (0 = seqs intact), and
# rooms whose message_count is not their number of messages
holes_sql="SELECT count(*) FILTER (WHERE c > 0 AND (mn <> purged_through_seq + 1 OR mx <> last_seq OR c <> mx - mn + 1)),
  count(*) FILTER (WHERE message_count <> c)
FROM (SELECT r.id, r.last_seq, r.purged_through_seq, r.message_count, min(m.seq) mn, max(m.seq) mx, count(m.id) c
      FROM rooms r LEFT JOIN messages m ON m.room_id = r.id GROUP BY r.id) x"

wait_quiet() {
  [ -n "${BENCH_MAX_LOAD:-}" ] || return 0
  local waited=0
  while awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && [ "$waited" -lt "${BENCH_WAIT_SECONDS:-600}" ]; do
    sleep 5; waited=$((waited + 5))
  done
}

one_run() { # $1: round, $2: off|on
  local round="$1" mode="$2" name="purge-$2-$1" extra=()
  [ "$mode" = on ] && extra=(--retention.default_days="$days" --retention.purge_interval_seconds=1 ${PURGE_ARGS:-})
  wait_quiet
  local t0; t0=$(date +%s)
  pg -d postgres -c "DROP DATABASE IF EXISTS $run_db WITH (FORCE)" -c "CREATE DATABASE $run_db TEMPLATE $tpl STRATEGY FILE_COPY"
  local copied=$(( $(date +%s) - t0 ))
  local before; before="$(pgv -d "$run_db" -F' ' -c "$state_sql")"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  start_server "$run_db" "$name" "${extra[@]}"
  ( while true; do
      printf '%s\t%s\n' "$(date +%s.%N | cut -c1-14)" "$(curl -s "http://127.0.0.1:$admin/metrics" \
        | awk '$1 ~ /^community_retention_(purged_messages_total|lag_seconds)$/ { printf "%s=%s ", $1, $2 }')"
      sleep 1
    done ) >"$out/$name.metrics.tsv" 2>/dev/null &
  poller=$!
  local purged0; purged0="$(metric community_retention_purged_messages_total)"
  echo "== $name (copy $copied s; load $load; purged before the harness $purged0)" | tee -a "$out/harness.log" >&2
  "$root/bin/community-loadtest" ingest --rooms="$rooms20" --senders=20 --window=64 --duration="$duration" \
    --max-messages=5000000 --url="http://127.0.0.1:$port" --secret-file="$data/jwt-secret" --server-pid="$server_pid" \
    --quiet --connect-deadline=55 --drain-timeout=10 --source-addresses=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 \
    --report-dir="$out/$mode" --user-prefix="p$round-$mode-" >>"$out/harness.log" 2>&1 \
    || echo "$name: the harness exited $? (a run whose 20 clients did not all connect is left out of the medians)" \
      | tee -a "$out/harness.log" >&2
  local purged1; purged1="$(metric community_retention_purged_messages_total)"
  stop_server
  # the lag gauge is set at the end of a pass: while a pass works through the backlog it keeps the last pass's
  local lag; lag="$(awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^community_retention_lag_seconds=/) {
    split($i, kv, "="); if (kv[2] + 0 > max) max = kv[2] + 0 } } END { printf "%d\n", max }' "$out/$name.metrics.tsv")"
  local after; after="$(pgv -d "$run_db" -F' ' -c "$state_sql")"
  local holes; holes="$(pgv -d "$run_db" -F' ' -c "$holes_sql")"
  local report; report="$(ls -t "$out/$mode"/*.json | head -1)"
  # one line per run: name mode load connected acked/s ack_p99 audit purged_in_run purged_total max_lag
  # kept_untouched expired_left purged_by_sql seq_holes count_mismatch report
  python3 - "$report" "$name" "$mode" "$load" "$purged0" "$purged1" "$lag" "$before" "$after" "$holes" \
    >>"$out/runs.tsv" <<'PY'
import json, sys
report, name, mode, load, p0, p1, lag, before, after, holes = sys.argv[1:]
r = json.load(open(report))
a = r["audit"]
passed = sum(a[k] for k in ("lost", "undelivered", "duplicates", "reordered", "unsynced", "seq_collisions",
                             "unanswered")) == 0
b, f = before.split(), after.split()
untouched = b[:3] == f[:3]
print("\t".join(str(x) for x in (name, mode, load, r["counts"]["connected"], round(r["rates"]["acked_per_second"]),
      round(r["latency"]["send_to_ack"]["p99"]), "passed" if passed else "FAILED", int(p1) - int(p0), p1, lag,
      "yes" if untouched else f"NO(before {before} after {after})", f[3], int(b[3]) - int(f[3]), *holes.split(),
      report)))
PY
  tail -1 "$out/runs.tsv" | cut -f1-15 | tee -a "$out/harness.log" >&2
  pg -d postgres -c "DROP DATABASE IF EXISTS $run_db WITH (FORCE)"
}

[ -s "$out/runs.tsv" ] || printf 'run\tmode\tload\tconnected\tacked/s\tack p99 ms\taudit\tpurged during run\tpurged total\tmax lag s\tkept untouched\texpired left\tpurged (SQL)\trooms with seq holes\trooms count mismatch\treport\n' >"$out/runs.tsv"
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) = 1 ]; then order=(off on); else order=(on off); fi
  for mode in "${order[@]}"; do one_run "$round" "$mode"; done
done
python3 - "$out/runs.tsv" <<'PY' | tee "$out/purge-medians.txt"
import csv, statistics, sys
every = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
# a run whose clients did not all connect measured the connect path of an overloaded machine, not ingest
rows = [r for r in every if int(r["connected"]) == 20]
for r in every:
    if r not in rows:
        print(f"left out: {r['run']} ({r['connected']} of 20 clients connected)")
med = lambda mode, col: statistics.median([float(r[col]) for r in rows if r["mode"] == mode] or [float("nan")])
print("| run | runs | load (median) | acked/s | ack p99 ms | audit passed | purged during the harness run |"
      " purged by the end (SQL) | expired left | kept rows untouched | rooms with seq holes |")
print("|---" * 11 + "|")
for mode in ("off", "on"):
    rs = [r for r in rows if r["mode"] == mode]
    print(f"| {mode} | {len(rs)} | {med(mode, 'load'):.1f} | {med(mode, 'acked/s'):,.0f} | {med(mode, 'ack p99 ms'):,.0f} | "
          f"{sum(r['audit'] == 'passed' for r in rs)}/{len(rs)} | {med(mode, 'purged during run'):,.0f} | "
          f"{med(mode, 'purged (SQL)'):,.0f} | {med(mode, 'expired left'):,.0f} | "
          f"{sum(r['kept untouched'] == 'yes' for r in rs)}/{len(rs)} | "
          f"{sum(int(r['rooms with seq holes']) for r in rs)} |")
print(f"\non / off (median acked/s): {med('on', 'acked/s') / med('off', 'acked/s'):.0%} (aim: at least 90 %)")
PY
python3 "$root/loadtest/bench/medians.py" "$out" >"$out/medians.md" || true

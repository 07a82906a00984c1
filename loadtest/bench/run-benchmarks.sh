#!/usr/bin/env bash
# Runs the benchmark set of docs/BENCHMARKS.md against one store: every scenario RUNS times, each run against a
# freshly started server on this machine (so no run inherits another's state), with the harness on the same
# machine (loopback only, each run bounded in time and count).
#   loadtest/bench/run-benchmarks.sh embedded|postgres|postgres-fresh OUT_DIR [RUNS] [SCENARIO...]
# SCENARIO: fanout rooms ingest connect-storm idle resume (the default set), fanout-100k, connect-storm-10k, abuse-clean, abuse,
# restart-storm, restart-storm-10k, ingest-rate, raw-insert.
# postgres uses the database `test` as it is (populated by earlier work); postgres-fresh drops and creates the
# database community_bench_fresh before every run, so each server starts on a just-migrated, empty schema.
# ingest-rate is open loop (INGEST_RATE messages/s offered, default 10000: the ack latency at a fixed load);
# raw-insert runs no server: this machine's PostgreSQL taking 500-row multi-row INSERTs of message-shaped rows
# from 4 pgbench clients for 15 s — the reference ingest is compared with.
# SERVER_JFR=1 records each server with Java Flight Recorder into OUT_DIR/<store>-<scenario>-<run>.jfr.
# SERVER_ARGS="--writer.threads=1 ..." adds config keys to every server (for comparing settings).
# WARMUP=SECONDS sends that long before each run's measured send phase, at the same load, and reports it apart.
# HARNESS_ARGS="--aligned-sends" adds harness options to every run.
# SERVER_ROOT=DIR starts the server of another checkout (DIR/bin/community-server, e.g. the previous build for a
# before/after comparison) with this checkout's harness.
set -euo pipefail
store="$1"; out="$2"; runs="${3:-3}"; shift $(( $# >= 3 ? 3 : $# ))
scenarios=("$@"); [ ${#scenarios[@]} -eq 0 ] && scenarios=(fanout rooms ingest connect-storm idle resume)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server_root="${SERVER_ROOT:-$root}"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
port="${BENCH_PORT:-18080}"; admin_port="${BENCH_ADMIN_PORT:-19090}"
forums="general,help,random$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
db=()
fresh_db=community_bench_fresh
case "$store" in
  embedded) ;;
  postgres) db=(--db.url=jdbc:postgresql://127.0.0.1:5432/test --db.user=postgres) ;;
  postgres-fresh) db=(--db.url=jdbc:postgresql://127.0.0.1:5432/$fresh_db --db.user=postgres) ;;
  *) echo "unknown store $store" >&2; exit 2 ;;
esac
server_pid=""; launcher=""; data=""
pg() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }

# raw-insert: the reference. 500 rows a statement, the rows shaped like messages (uuid key, room, seq, author,
# client_id, 64 characters of content, JSON defaults, time) with two indexes (the key and the client_id key).
raw_insert() { # $1: run name
  local rawdb=community_bench_raw script="$out/raw-insert.sql"
  pg -d postgres -c "DROP DATABASE IF EXISTS $rawdb" -c "CREATE DATABASE $rawdb"
  pg -d "$rawdb" -c "CREATE TABLE raw_messages (id uuid PRIMARY KEY, room_id uuid NOT NULL, seq bigint NOT NULL,
    author_id varchar(64) NOT NULL, client_id varchar(64), content varchar(8000) NOT NULL,
    message_type varchar(16) NOT NULL DEFAULT 'text', attachments varchar(65536) NOT NULL DEFAULT '[]',
    mentions varchar(8000) NOT NULL DEFAULT '[]', created_at timestamptz NOT NULL,
    UNIQUE (room_id, author_id, client_id))"
  { echo '\set n random(1, 1000000000000)'
    printf 'INSERT INTO raw_messages (id, room_id, seq, author_id, client_id, content, created_at) VALUES\n'
    for i in $(seq 1 500); do
      printf "(gen_random_uuid(), '00000000-0000-7000-8000-%012d', :n::bigint * 500 + %d, 'raw-author', :n || '-%d', 'a message of sixty-four characters, as a chat line often is.....', now())%s\n" \
        "$((i % 20))" "$i" "$i" "$([ "$i" -lt 500 ] && echo , || echo ' ON CONFLICT DO NOTHING;')"
    done; } >"$script"
  echo "== $1 (no server; $(uptime | sed 's/.*load/load/'))" | tee -a "$out/harness-$store.log" >&2
  pgbench -n -h 127.0.0.1 -U postgres -c 4 -j 2 -T "${RAW_SECONDS:-15}" -f "$script" "$rawdb" >"$out/$1.txt" 2>&1 \
    || echo "$1: pgbench failed, see $out/$1.txt" | tee -a "$out/harness-$store.log" >&2
  local tps; tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/$1.txt")"
  echo "$1: $(awk -v t="$tps" 'BEGIN { printf "%.0f", t * 500 }') rows/s ($tps statements/s of 500 rows)" \
    | tee -a "$out/harness-$store.log" >&2
  pg -d postgres -c "DROP DATABASE IF EXISTS $rawdb"
}

start_server() { # $1: log name
  if [ "$store" = postgres-fresh ]; then
    pg -d postgres -c "DROP DATABASE IF EXISTS $fresh_db" -c "CREATE DATABASE $fresh_db"
  fi
  data="$(mktemp -d /tmp/community-bench.XXXXXX)"
  local opts="${SERVER_JAVA_OPTS:-}"
  if [ "${SERVER_JFR:-0}" = 1 ]; then
    opts="$opts -XX:StartFlightRecording=filename=$out/$1.jfr,settings=profile,dumponexit=true"
  fi
  # Load needs only plain config keys: the message rate limit lifted, nothing else changed.
  server_args=(--data.dir="$data" --server.port=$port --admin.port=$admin_port
    --limits.rate_messages=1000000 --rooms.default_forums="$forums" "${db[@]}" ${SERVER_ARGS:-})
  JAVA_OPTS="$opts" "$server_root/bin/community-server" "${server_args[@]}" >"$out/$1.server.log" 2>&1 &
  launcher=$!
  # a loaded machine can take a minute or more to start it: wait up to 5 minutes, and give up cleanly
  for _ in $(seq 1 600); do
    grep -q 'CommunityServer - listening on' "$out/$1.server.log" 2>/dev/null && break
    sleep 0.5
  done
  server_pid="$(pgrep -f "community-server.jar --data.dir=$data" | head -1 || true)"
  if ! grep -q 'CommunityServer - listening on' "$out/$1.server.log" 2>/dev/null; then
    echo "$1: the server did not start, see $out/$1.server.log" | tee -a "$out/harness-$store.log" >&2
    exit 1
  fi
  ids=()
  for i in $(seq 1 20); do
    ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/$1.server.log" | sed 's/.*id=//')")
  done
  rooms20="$(IFS=,; echo "${ids[*]}")"
}

stop_server() {
  # A restart-storm's server is the one its restart started: find it by its data directory.
  server_pid="$(pgrep -f "community-server.jar --data.dir=$data" | head -1 || echo "$server_pid")"
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  rm -rf "$data"
  # The server's SIGTERM path takes its time: never start the next one on a busy port.
  for _ in $(seq 1 60); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
}

# The restart-storm scenarios' command: kill the server (-9) and start it again on the same data and port,
# returning once the new server listens. Prints the script's path.
write_restart_script() {
  local script="$out/$1.restart.sh"
  {
    echo "kill -9 \$(pgrep -f 'community-server.jar --data.dir=$data' | head -1)"
    printf '%q ' env "JAVA_OPTS=${SERVER_JAVA_OPTS:-}" "$server_root/bin/community-server" "${server_args[@]}"
    echo ">>'$out/$1.server.log' 2>&1 &"
    echo "for _ in \$(seq 1 240); do [ \$(grep -c 'CommunityServer - listening on' '$out/$1.server.log') -ge 2 ] && exit 0; sleep 0.25; done; exit 1"
  } >"$script"
  echo "$script"
}

# BENCH_MAX_LOAD=1.5 waits (at most BENCH_WAIT_SECONDS, default 600) before each run until the 1-minute load
# average is below it; the load each run started at is in the harness log either way.
wait_quiet() {
  [ -n "${BENCH_MAX_LOAD:-}" ] || return 0
  local waited=0
  while awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && [ "$waited" -lt "${BENCH_WAIT_SECONDS:-600}" ]; do
    sleep 5; waited=$((waited + 5))
  done
}

# never leave a server behind, whatever ends the script
trap 'if [ -n "$server_pid" ]; then stop_server; fi' EXIT

for run in $(seq 1 "$runs"); do
  for s in "${scenarios[@]}"; do
    name="$store-$s-$run"
    wait_quiet
    if [ "$s" = raw-insert ]; then
      raw_insert "$name"
      continue
    fi
    start_server "$name"
    suffix=""
    if [ "$s" = ingest-rate ]; then suffix=-rate; fi
    common=(--url=http://127.0.0.1:$port --secret-file="$data/jwt-secret" --server-pid="$server_pid" --quiet
            --connect-deadline=55
            --source-addresses=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --report-dir="$out/$store$suffix")
    drain=10
    case "$s" in
      fanout) args=(fanout --rooms="${ids[0]}" --members=1000 --senders=10 --rate=20 --duration=20) ;;
      # issue 16's lower fan-out aim: the same room at half the rate (100,000 deliveries/s)
      fanout-100k) args=(fanout --rooms="${ids[0]}" --members=1000 --senders=10 --rate=10 --duration=20) ;;
      rooms) args=(rooms --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --room-rate=20 --duration=20) ;;
      ingest) args=(ingest --rooms="$rooms20" --senders=20 --window=64 --duration=20 --max-messages=5000000) ;;
      ingest-rate) args=(ingest --rooms="$rooms20" --senders=20 --rate="${INGEST_RATE:-10000}" --duration=20 --max-messages=5000000) ;;
      connect-storm) args=(connect-storm --rooms="$rooms20" --connections=4000 --connect-concurrency=500 --duration=2) ;;
      # issue 15's aim as it is stated: 10,000 clients over 20 rooms (500 each: above ws.presence_list_limit, so
      # presence goes as summaries), 1,000 handshakes in flight
      connect-storm-10k) args=(connect-storm --rooms="$rooms20" --connections=10000 --connect-concurrency=1000 --duration=2) ;;
      idle) args=(idle --rooms="$rooms20" --connections=5000 --connect-concurrency=500 --duration=10) ;;
      resume) args=(resume --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --rate=5 --drops-per-second=50 --duration=20) ;;
      # The same honest load without and with hostile clients (5 %, every kind, 100 frames/requests/connects a
      # second each); 45 s so that the clients that stopped reading fill their socket buffers and meet 4008.
      # 2,000 clients over the 20 rooms at 400 messages/s; 10 s in, the server is killed (-9) and started again
      # on the same data; the restart script returns once the new server listens.
      restart-storm)
        restart=$(write_restart_script "$name")
        args=(restart-storm --rooms="$rooms20" --members-per-room=100 --senders-per-room=2 --room-rate=20
              --duration=30 --restart-after=10 --restart-command="sh $restart") ;;
      # issue 15's aim: 10,000 clients over 20 rooms (500 a room), 40 messages/s (20,000 deliveries/s); the
      # restart 10 s into the send phase; every client must be back within 15 s of it
      restart-storm-10k)
        restart=$(write_restart_script "$name")
        args=(restart-storm --rooms="$rooms20" --members-per-room=500 --senders-per-room=2 --room-rate=2
              --connect-concurrency=1000 --duration=40 --restart-after=10 --restart-command="sh $restart")
        drain=60 ;;
      abuse-clean|abuse)
        abusers=20; [ "$s" = abuse-clean ] && abusers=0
        args=(abuse --rooms="$rooms20" --members-per-room=20 --senders-per-room=2 --room-rate=20 --abusers=$abusers
              --abuse-rate=100 --duration=45 --metrics-url=http://127.0.0.1:$admin_port/metrics) ;;
      *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
    common+=(--drain-timeout=$drain)
    # WARMUP=SECONDS: that long a send phase first, at the same load, reported apart (the run's "warmup")
    if [ -n "${WARMUP:-}" ]; then common+=(--warmup="$WARMUP"); fi
    # HARNESS_ARGS="--aligned-sends ..." adds harness options to every run
    if [ -n "${HARNESS_ARGS:-}" ]; then read -r -a extra <<<"$HARNESS_ARGS"; common+=("${extra[@]}"); fi
    echo "== $name (server pid $server_pid; $(uptime | sed 's/.*load/load/'))" | tee -a "$out/harness-$store.log" >&2
    "$root/bin/community-loadtest" "${args[@]}" "${common[@]}" --user-prefix="b$run-$s-" \
      >>"$out/harness-$store.log" 2>&1 || echo "$name exited $?" | tee -a "$out/harness-$store.log" >&2
    stop_server
    server_pid=""
  done
done
if [ "$store" = postgres-fresh ]; then
  pg -d postgres -c "DROP DATABASE IF EXISTS $fresh_db"
fi

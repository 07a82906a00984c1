#!/usr/bin/env bash
# Runs the benchmark set of docs/BENCHMARKS.md against one store: every scenario RUNS times, each run against a
# freshly started server on this machine (so no run inherits another's state), with the harness on the same
# machine (loopback only, each run bounded in time and count).
#   loadtest/bench/run-benchmarks.sh embedded|postgres OUT_DIR [RUNS] [SCENARIO...]
# SCENARIO: fanout rooms ingest connect-storm idle resume (the default set), abuse-clean, abuse, restart-storm.
# SERVER_JFR=1 records each server with Java Flight Recorder into OUT_DIR/<store>-<scenario>-<run>.jfr.
set -euo pipefail
store="$1"; out="$2"; runs="${3:-3}"; shift $(( $# >= 3 ? 3 : $# ))
scenarios=("$@"); [ ${#scenarios[@]} -eq 0 ] && scenarios=(fanout rooms ingest connect-storm idle resume)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
port=18080
forums="general,help,random$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
db=()
if [ "$store" = postgres ]; then
  db=(--db.url=jdbc:postgresql://127.0.0.1:5432/test --db.user=postgres)
fi
server_pid=""; launcher=""; data=""

start_server() { # $1: log name
  data="$(mktemp -d /tmp/community-bench.XXXXXX)"
  local opts="${SERVER_JAVA_OPTS:-}"
  if [ "${SERVER_JFR:-0}" = 1 ]; then
    opts="$opts -XX:StartFlightRecording=filename=$out/$1.jfr,settings=profile,dumponexit=true"
  fi
  # Load needs only plain config keys: the message rate limit lifted, nothing else changed.
  server_args=(--data.dir="$data" --server.port=$port --admin.port=19090
    --limits.rate_messages=1000000 --rooms.default_forums="$forums" "${db[@]}")
  JAVA_OPTS="$opts" "$root/bin/community-server" "${server_args[@]}" >"$out/$1.server.log" 2>&1 &
  launcher=$!
  for _ in $(seq 1 120); do
    grep -q 'listening on' "$out/$1.server.log" 2>/dev/null && break
    sleep 0.5
  done
  server_pid="$(pgrep -f "community-server.jar --data.dir=$data" | head -1)"
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

for run in $(seq 1 "$runs"); do
  for s in "${scenarios[@]}"; do
    name="$store-$s-$run"
    start_server "$name"
    common=(--url=http://127.0.0.1:$port --secret-file="$data/jwt-secret" --server-pid="$server_pid" --quiet
            --connect-deadline=55 --drain-timeout=10
            --source-addresses=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --report-dir="$out/$store")
    case "$s" in
      fanout) args=(fanout --rooms="${ids[0]}" --members=1000 --senders=10 --rate=20 --duration=20) ;;
      rooms) args=(rooms --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --room-rate=20 --duration=20) ;;
      ingest) args=(ingest --rooms="$rooms20" --senders=20 --window=64 --duration=20 --max-messages=5000000) ;;
      connect-storm) args=(connect-storm --rooms="$rooms20" --connections=4000 --connect-concurrency=500 --duration=2) ;;
      idle) args=(idle --rooms="$rooms20" --connections=5000 --connect-concurrency=500 --duration=10) ;;
      resume) args=(resume --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --rate=5 --drops-per-second=50 --duration=20) ;;
      # The same honest load without and with hostile clients (5 %, every kind, 100 frames/requests/connects a
      # second each); 45 s so that the clients that stopped reading fill their socket buffers and meet 4008.
      # 2,000 clients over the 20 rooms at 400 messages/s; 10 s in, the server is killed (-9) and started again
      # on the same data; the restart script returns once the new server listens.
      restart-storm)
        restart="$out/$name.restart.sh"
        {
          echo "kill -9 \$(pgrep -f 'community-server.jar --data.dir=$data' | head -1)"
          printf '%q ' env "JAVA_OPTS=${SERVER_JAVA_OPTS:-}" "$root/bin/community-server" "${server_args[@]}"
          echo ">>'$out/$name.server.log' 2>&1 &"
          echo "for _ in \$(seq 1 240); do [ \$(grep -c 'listening on' '$out/$name.server.log') -ge 2 ] && exit 0; sleep 0.25; done; exit 1"
        } >"$restart"
        args=(restart-storm --rooms="$rooms20" --members-per-room=100 --senders-per-room=2 --room-rate=20
              --duration=30 --restart-after=10 --restart-command="sh $restart") ;;
      abuse-clean|abuse)
        abusers=20; [ "$s" = abuse-clean ] && abusers=0
        args=(abuse --rooms="$rooms20" --members-per-room=20 --senders-per-room=2 --room-rate=20 --abusers=$abusers
              --abuse-rate=100 --duration=45 --metrics-url=http://127.0.0.1:19090/metrics) ;;
      *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
    echo "== $name (server pid $server_pid; $(uptime | sed 's/.*load/load/'))" | tee -a "$out/harness-$store.log" >&2
    "$root/bin/community-loadtest" "${args[@]}" "${common[@]}" --user-prefix="b$run-$s-" \
      >>"$out/harness-$store.log" 2>&1 || echo "$name exited $?" | tee -a "$out/harness-$store.log" >&2
    stop_server
  done
done

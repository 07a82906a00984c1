#!/usr/bin/env bash
# Runs the benchmark set of docs/BENCHMARKS.md: for one store, starts a fresh server on this machine, runs every
# scenario RUNS times with the harness on the same machine (loopback only, each run bounded), then stops it.
#   loadtest/bench/run-benchmarks.sh embedded|postgres OUT_DIR [RUNS] [SCENARIO...]
# Set SERVER_JFR=1 to record the server with Java Flight Recorder into OUT_DIR/server.jfr.
set -euo pipefail
store="$1"; out="$2"; runs="${3:-3}"; shift $(( $# >= 3 ? 3 : $# ))
scenarios=("$@"); [ ${#scenarios[@]} -eq 0 ] && scenarios=(fanout rooms ingest connect-storm idle resume)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
data="$(mktemp -d /tmp/community-bench.XXXXXX)"
port=18080
forums="general,help,random$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
db=()
if [ "$store" = postgres ]; then
  db=(--db.url=jdbc:postgresql://127.0.0.1:5432/test --db.user=postgres)
fi
server_opts="${SERVER_JAVA_OPTS:-}"
if [ "${SERVER_JFR:-0}" = 1 ]; then
  server_opts="$server_opts -XX:StartFlightRecording=filename=$out/server.jfr,settings=profile,dumponexit=true"
fi
# The server's own limits stay plain config keys: only the message rate limit is lifted for load.
JAVA_OPTS="$server_opts" "$root/bin/community-server" --data.dir="$data" --server.port=$port --admin.port=19090 \
  --limits.rate_messages=1000000 --rooms.default_forums="$forums" "${db[@]}" \
  >"$out/server-$store.log" 2>&1 &
launcher=$!
for _ in $(seq 1 120); do
  grep -q 'listening on' "$out/server-$store.log" 2>/dev/null && break
  sleep 1
done
pid="$(pgrep -f "community-server.jar --data.dir=$data" | head -1)"
# The default forums are logged with their ids at start.
ids=()
for i in $(seq 1 20); do
  ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/server-$store.log" | sed 's/.*id=//')")
done
if [ -z "${ids[0]}" ]; then
  echo "could not read the forum ids from $out/server-$store.log" >&2; kill "$launcher"; exit 1
fi
rooms20="$(IFS=,; echo "${ids[*]}")"
common=(--url=http://127.0.0.1:$port --connect-deadline=50 --drain-timeout=10 --secret-file="$data/jwt-secret" --server-pid="$pid" --quiet
        --source-addresses=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --report-dir="$out/$store")
echo "server pid $pid ($store), rooms ${ids[0]} ..." >&2
for run in $(seq 1 "$runs"); do
  for s in "${scenarios[@]}"; do
    echo "== $store run $run: $s" >&2
    case "$s" in
      fanout) args=(fanout --rooms="${ids[0]}" --members=1000 --senders=10 --rate=20 --duration=20) ;;
      rooms) args=(rooms --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --room-rate=20 --duration=20) ;;
      ingest) args=(ingest --rooms="$rooms20" --senders=20 --window=64 --duration=20 --max-messages=5000000) ;;
      connect-storm) args=(connect-storm --rooms="$rooms20" --connections=5000 --connect-concurrency=500 --duration=2) ;;
      idle) args=(idle --rooms="$rooms20" --connections=8000 --connect-concurrency=500 --duration=10) ;;
      resume) args=(resume --rooms="$rooms20" --members-per-room=50 --senders-per-room=2 --rate=5 --drops-per-second=50 --duration=20) ;;
      *) echo "unknown scenario $s" >&2; exit 2 ;;
    esac
    "$root/bin/community-loadtest" "${args[@]}" "${common[@]}" --user-prefix="b$run-$s-" \
      >>"$out/harness-$store.log" 2>&1 || echo "run $run $s exited $?" | tee -a "$out/harness-$store.log" >&2
  done
done
kill -TERM "$pid" 2>/dev/null || true
wait "$launcher" 2>/dev/null || true
rm -rf "$data"

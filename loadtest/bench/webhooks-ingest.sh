#!/usr/bin/env bash
# One ingest run (docs/BENCHMARKS.md's ingest options) on the embedded store, with or without webhooks to a local sink.
# usage: loadtest/bench/webhooks-ingest.sh OUT NAME [hooks]   (DB_ARGS="--db.url=... --db.user=..." for PostgreSQL;
#   SERVER_ARGS="--webhooks.batch_max=50" for more server options; DURATION seconds of sending, default 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; out="$1"; name="$2"; hooks="${3:-}"
mkdir -p "$out"
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free); admin=$(free); sinkport=$(free)
data=$(mktemp -d /tmp/wh-bench-data.XXXXXX)
forums="general$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
extra=()
sink=""
if [ -n "$hooks" ]; then
  # the receiver: the harness's Netty webhook-sink (cheap on CPU, checks every signature with the server's secret);
  # build the jar first if stale, so the backgrounded sink does not build it while the harness also would
  "$root/bin/community-loadtest" --help > /dev/null
  secret="whsec_$(head -c 32 /dev/urandom | base64)"
  LOADTEST_JAVA_OPTS="${SINK_JAVA_OPTS:--Xms64m -Xmx1g -XX:+UseSerialGC}" \
    "$root/bin/community-loadtest" webhook-sink --port "$sinkport" --secret "$secret" > "$out/$name.sink.log" 2>&1 &
  sink=$!
  for _ in $(seq 1 100); do grep -qs 'webhook sink listening' "$out/$name.sink.log" && break; sleep 0.1; done
  extra=(--webhooks.url=http://127.0.0.1:$sinkport/ --webhooks.secret="$secret")
fi
java ${JAVA_OPTS:-} -jar $root/server/target/community-server.jar ${DB_ARGS:-} --data.dir=$data --server.port=$port --admin.port=$admin \
  --limits.rate_messages=1000000 --rooms.default_forums="$forums" ${SERVER_ARGS:-} "${extra[@]}" > "$out/$name.server.log" 2>&1 &
srv=$!
cleanup() {
  kill -TERM $srv 2>/dev/null || true; wait $srv 2>/dev/null || true
  # SIGTERM: the sink prints its final counts to its log as it stops
  [ -n "$sink" ] && { kill $sink 2>/dev/null || true; wait $sink 2>/dev/null || true; }
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q 'listening on' "$out/$name.server.log" && break; sleep 0.5; done
ids=(); for i in $(seq 1 20); do ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/$name.server.log" | sed 's/.*id=//')"); done
rooms20="$(IFS=,; echo "${ids[*]}")"
echo "load at start: $(cut -d' ' -f1 /proc/loadavg)" | tee "$out/$name.load"
$root/bin/community-loadtest ingest --rooms="$rooms20" --senders=20 --window=64 --duration=${DURATION:-20} --max-messages=5000000 \
  --url=http://127.0.0.1:$port --secret-file="$data/jwt-secret" --quiet --connect-deadline=55 --drain-timeout=10 \
  --metrics-url=http://127.0.0.1:$admin/metrics --report-dir="$out/reports" > "$out/$name.harness.log" 2>&1 || echo "harness exit $?"
grep -E "messages|rates|send->ack|audit" "$out/$name.harness.log"
if [ -n "$hooks" ]; then
  stored=$(curl -s http://127.0.0.1:$admin/metrics | grep '^community_messages_stored_total' | awk '{print $2}')
  t0=$(date +%s)
  # drained once every event written was accepted (the counters are live; the backlog gauge lags by up to 15 s)
  for _ in $(seq 1 2400); do
    m=$(curl -s http://127.0.0.1:$admin/metrics)
    queued=$(awk '$1 == "community_webhooks_queued_total" {print $2}' <<< "$m")
    delivered=$(awk '$1 == "community_webhooks_delivered_total" {print $2}' <<< "$m")
    python3 -c "import sys; sys.exit(0 if float('${delivered:-0}') >= float('${queued:-1}') else 1)" && break; sleep 0.1
  done
  echo "stored $stored, webhooks queued $queued, delivered $delivered: all delivered $(( $(date +%s) - t0 )) s after the run"
fi

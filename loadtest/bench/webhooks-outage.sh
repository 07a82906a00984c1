#!/usr/bin/env bash
# Issue 19's outage aim: with webhooks to a receiver on this machine, the receiver down for OUTAGE seconds (default
# 60) in the middle of a chat load must leave chat's latency as it was and every event delivered afterwards.
# One server (embedded store; DB_ARGS="--db.url=... --db.user=..." for PostgreSQL) with --webhooks.url to the
# harness's `community-loadtest webhook-sink` (its log OUT/sink.log); one harness `ingest` at a fixed offered RATE
# (default 2,000 messages/s, open loop, 20 senders over 20 forums, 5 silent listeners per room so deliveries are
# measured too) for DURATION s (default 150). The sink is
# stopped BEFORE s (default 40) after the send phase starts and started again OUTAGE s later. Afterwards the script
# waits (at most 600 s) for the outbox backlog to reach 0 and prints: per phase (before / during / after the outage)
# the median and worst of the per-second ack p99 and delivery p99 from the harness's series, the events queued and
# delivered (community_webhooks_queued_total / _delivered_total: equal when nothing was lost), the dead ones, and
# how long after the receiver came back the backlog was empty. The server's metrics are polled every second into
# OUT/metrics.tsv (seconds, backlog, delivered, retried).
#   loadtest/bench/webhooks-outage.sh OUT [RATE] [DURATION]
# Needs server/target/community-server.jar and loadtest/target/community-loadtest.jar
# (mvn -B -q package -DskipTests -Dlounge.skip=true).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; rate="${2:-2000}"; duration="${3:-150}"; before="${BEFORE:-40}"; outage="${OUTAGE:-60}"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free); admin=$(free); sinkport=$(free)
data=$(mktemp -d /tmp/wh-outage-data.XXXXXX)
forums="general$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
sink=""; srv=""; poller=""
metric() { curl -s "http://127.0.0.1:$admin/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
cleanup() {
  [ -n "$poller" ] && kill "$poller" 2>/dev/null
  [ -n "$srv" ] && { kill -TERM "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; }
  [ -n "$sink" ] && { kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; }
  rm -rf "$data"
}
trap cleanup EXIT
# the receiver: the harness's Netty webhook-sink, checking every signature with the server's secret; it prints
# received/unique/duplicates/bad_signature every 5 s and when stopped (unique < received: redeliveries)
secret="whsec_$(head -c 32 /dev/urandom | base64)"
"$root/bin/community-loadtest" --help > /dev/null  # builds the jar now if stale, not in a backgrounded sink
sink_starts() { cat "$out/sink.log" 2>/dev/null | grep -c 'webhook sink listening' || true; }
start_sink() {  # returns once it listens (at most 10 s)
  local before_start; before_start=$(sink_starts)
  LOADTEST_JAVA_OPTS="${SINK_JAVA_OPTS:--Xms64m -Xmx1g -XX:+UseSerialGC}" \
    "$root/bin/community-loadtest" webhook-sink --port "$sinkport" --secret "$secret" >> "$out/sink.log" 2>&1 &
  sink=$!
  for _ in $(seq 1 100); do [ "$(sink_starts)" -gt "$before_start" ] && break; sleep 0.1; done
}
start_sink
java -jar "$root/server/target/community-server.jar" ${DB_ARGS:-} --data.dir="$data" --server.port="$port" \
  --admin.port="$admin" --limits.rate_messages=1000000 --rooms.default_forums="$forums" \
  --webhooks.url="http://127.0.0.1:$sinkport/" --webhooks.secret="$secret" \
  > "$out/server.log" 2>&1 &
srv=$!
for _ in $(seq 1 600); do grep -qs 'listening on' "$out/server.log" && break; sleep 0.5; done
grep -qs 'listening on' "$out/server.log" || { echo "the server did not start, see $out/server.log" >&2; exit 1; }
ids=(); for i in $(seq 1 20); do ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/server.log" | sed 's/.*id=//')"); done
rooms20="$(IFS=,; echo "${ids[*]}")"
( t0=$(date +%s); echo -e "seconds\tbacklog\tdelivered\tretried" > "$out/metrics.tsv"
  while sleep 1; do
    m=$(curl -s "http://127.0.0.1:$admin/metrics" || true)
    printf '%s\t%s\t%s\t%s\n' "$(( $(date +%s) - t0 ))" \
      "$(awk '$1 == "community_webhooks_backlog" {print $2}' <<< "$m")" \
      "$(awk '$1 == "community_webhooks_delivered_total" {print $2}' <<< "$m")" \
      "$(awk '/^community_webhooks_retried_total/ {s += $2} END {print s + 0}' <<< "$m")" >> "$out/metrics.tsv"
  done ) & poller=$!
echo "load at start: $(cut -d' ' -f1 /proc/loadavg)" | tee "$out/load.txt"
"$root/bin/community-loadtest" ingest --rooms="$rooms20" --senders=20 --rate="$rate" --listeners-per-room=5 \
  --duration="$duration" --max-messages=5000000 --url="http://127.0.0.1:$port" --secret-file="$data/jwt-secret" \
  --quiet --connect-deadline=55 --drain-timeout=15 --metrics-url="http://127.0.0.1:$admin/metrics" \
  --report-dir="$out/reports" > "$out/harness.log" 2>&1 & harness=$!
# the send phase starts once every client has its room_state: the harness prints nothing until the end (--quiet),
# so wait for the server to have stored the first messages
for _ in $(seq 1 1200); do
  stored=$(metric community_messages_stored_total); [ -n "$stored" ] && [ "${stored%.*}" -gt 0 ] && break; sleep 0.1
done
send_start=$(date +%s.%N)
sleep "$before"; kill "$sink"; wait "$sink" 2>/dev/null || true; sink=""; down_at=$(date +%s.%N)
echo "receiver stopped at +$(python3 -c "print(round($down_at - $send_start, 1))") s"
sleep "$outage"; start_sink; up_at=$(date +%s.%N)
echo "receiver back at +$(python3 -c "print(round($up_at - $send_start, 1))") s"
wait "$harness" || echo "harness exit $?"
grep -E "messages|rates|send->ack|send->deliv|audit" "$out/harness.log" || true
backlog=""
# drained once every event written was accepted or given up (live counters; the backlog gauge lags by up to 15 s)
for _ in $(seq 1 6000); do
  m=$(curl -s "http://127.0.0.1:$admin/metrics")
  q=$(awk '$1 == "community_webhooks_queued_total" {print $2}' <<< "$m")
  d=$(awk '$1 == "community_webhooks_delivered_total" {print $2}' <<< "$m")
  x=$(awk '$1 == "community_webhooks_dead_total" {print $2}' <<< "$m")
  python3 -c "import sys; sys.exit(0 if float('${d:-0}') + float('${x:-0}') >= float('${q:-1}') else 1)" && break
  sleep 0.1
done
backlog=$(metric community_webhooks_backlog)
drained_at=$(date +%s.%N)
queued=$(metric community_webhooks_queued_total); delivered=$(metric community_webhooks_delivered_total)
dead=$(metric community_webhooks_dead_total)
python3 - "$out" "$send_start" "$down_at" "$up_at" "$drained_at" "$queued" "$delivered" "$dead" "$backlog" <<'PY' | tee "$out/outage.txt"
import json, statistics, sys, datetime, pathlib
out, start, down, up, drained = sys.argv[1], *map(float, sys.argv[2:6])
queued, delivered, dead, backlog = sys.argv[6:10]
result = json.loads(next(pathlib.Path(out, "reports").glob("*.json")).read_text())
t0 = datetime.datetime.fromisoformat(result["started_at"].replace("Z", "+00:00")).timestamp()
phases = {"before": [], "during": [], "after": []}
for p in result["series"]:
    at = t0 + p["seconds"]
    if at < start + 5 or p["acked_per_second"] == 0:
        continue  # the first seconds of the send phase warm up
    phases["before" if at < down else "during" if at < up else "after"].append(p)
print("phase    seconds  ack p99 median/worst ms  delivery p99 median/worst ms  acked/s median")
for name, points in phases.items():
    if not points:
        continue
    ack = [p["ack_p99_ms"] for p in points]; dl = [p["delivery_p99_ms"] for p in points]
    acked = statistics.median(p["acked_per_second"] for p in points)
    print(f"{name:8} {len(points):7}  {statistics.median(ack):9.1f} / {max(ack):7.1f}  "
          f"{statistics.median(dl):14.1f} / {max(dl):7.1f}  {acked:10.0f}")
audit = result["audit"]
print(f"audit: lost {audit['lost']}, undelivered {audit['undelivered']}, unanswered {audit['unanswered']}; events queued {queued}, delivered {delivered}, dead {dead}, "
      f"backlog {backlog}; backlog empty {drained - up:.0f} s after the receiver came back")
PY

#!/usr/bin/env bash
# The transport benchmarks of docs/BENCHMARKS.md ("Encrypted transport and compression"): the same load against
# a server in plain text, over TLS, and with permessage-deflate, variants alternating within each round so the
# machine's drifting load falls on all of them alike. Every run gets a freshly started server; the harness runs on
# this machine (loopback only, each run bounded in time and count).
#   loadtest/bench/run-transport.sh OUT_DIR [ROUNDS] [VARIANT...]
# Variants: fanout-plain fanout-tls fanout-deflate storm-plain storm-tls (default: these five, in that order),
# and small-plain small-deflate (a room of 100, so bytes per frame are the chat messages' own).
# Per run it also records the server's /metrics counters before and after (bytes and frames written) in
# OUT_DIR/<variant>-<round>.metrics, and the load average in OUT_DIR/runs.txt. Summarise with transport-medians.py.
set -euo pipefail
out="$1"; rounds="${2:-3}"; shift $(( $# >= 2 ? 2 : $# ))
variants=("$@"); [ ${#variants[@]} -eq 0 ] && variants=(fanout-plain fanout-tls fanout-deflate storm-plain storm-tls)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out/results"; out="$(cd "$out" && pwd)"
port=28080
admin=29091
forums="general,help,random$(for i in $(seq 1 20); do printf ',bench-%02d' "$i"; done)"
# A self-signed certificate for 127.0.0.1 (EC P-256), made for these runs only; the harness trusts it via --ca-file.
cert="$out/cert.pem"; key="$out/key.pem"
if [ ! -f "$cert" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$key" -out "$cert" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
fi
server_pid=""; launcher=""; data=""

start_server() { # $1: log name, then extra server flags
  local name="$1"; shift
  data="$(mktemp -d /tmp/community-bench.XXXXXX)"
  "$root/bin/community-server" --data.dir="$data" --server.port=$port --admin.port=$admin \
    --limits.rate_messages=1000000 --rooms.default_forums="$forums" "$@" >"$out/$name.server.log" 2>&1 &
  launcher=$!
  # Up to 5 minutes: bin/community-server rebuilds the jar first when a source is newer than it.
  for _ in $(seq 1 600); do
    grep -q 'listening on' "$out/$name.server.log" 2>/dev/null && break
    sleep 0.5
  done
  grep -q 'listening on' "$out/$name.server.log" || { echo "server $name did not start" >&2; exit 1; }
  server_pid="$(pgrep -f "community-server.jar --data.dir=$data" | head -1)"
  ids=()
  for i in $(seq 1 20); do
    ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/$name.server.log" | sed 's/.*id=//')")
  done
  rooms20="$(IFS=,; echo "${ids[*]}")"
}

stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  rm -rf "$data"
  for _ in $(seq 1 60); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
}

counters() { # the server's write counters, as Prometheus lines
  curl -s "http://127.0.0.1:$admin/metrics" | grep -E '^community_(ws_bytes_out_bytes|ws_frames_out|fanout_deliveries)_total' || true
}

for round in $(seq 1 "$rounds"); do
  for v in "${variants[@]}"; do
    name="$v-$round"
    server_flags=(); client_flags=(); scheme=http
    case "$v" in
      *-tls) server_flags=(--tls.cert_file="$cert" --tls.key_file="$key"); client_flags=(--ca-file="$cert"); scheme=https ;;
      *-deflate) server_flags=(--ws.compression=true); client_flags=(--compression) ;;
      *-plain) ;;
    esac
    start_server "$name" "${server_flags[@]}"
    common=(--url=$scheme://127.0.0.1:$port --secret-file="$data/jwt-secret" --server-pid="$server_pid" --quiet
            --drain-timeout=10 --connect-timeout=60
            --source-addresses=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --report-dir="$out/results" "${client_flags[@]}")
    case "$v" in
      # 40 messages/s into one room of 1,000 members: 40,000 deliveries/s owed, chat-sized (100 character) messages.
      # 200 clients in the handshake at once: with 1,000 at once a loaded 2-core machine cannot finish TLS
      # handshakes within ws.handshake_timeout_seconds, which would measure the queue, not the transport.
      fanout-*) args=(fanout --rooms="${ids[0]}" --members=1000 --senders=4 --rate=10 --duration=20
                      --connect-concurrency=200 --connect-deadline=120) ;;
      # 100 messages/s into a room of 100: 10,000 deliveries/s, 97 % of the frames written are new_message events
      # (the joins' user_joined frames are the rest), so bytes per frame are those of chat-sized messages.
      small-*) args=(fanout --rooms="${ids[0]}" --members=100 --senders=4 --rate=25 --duration=20
                     --connect-concurrency=100 --connect-deadline=120) ;;
      # 10,000 clients over 20 rooms, 500 in the handshake at once.
      storm-*) args=(connect-storm --rooms="$rooms20" --connections=10000 --connect-concurrency=500 --duration=2
                     --connect-deadline=240) ;;
      *) echo "unknown variant $v" >&2; exit 2 ;;
    esac
    echo "== $name (server pid $server_pid; $(uptime | sed 's/.*load/load/'))" | tee -a "$out/runs.txt" >&2
    counters >"$out/$name.metrics.before"
    "$root/bin/community-loadtest" "${args[@]}" "${common[@]}" --user-prefix="t$round-$v-" \
      >"$out/$name.harness.log" 2>&1 || echo "$name exited $?" | tee -a "$out/runs.txt" >&2
    counters >"$out/$name.metrics.after"
    ls -t "$out/results"/*.json | head -1 | xargs -I{} cp {} "$out/$name.json"
    stop_server
  done
done

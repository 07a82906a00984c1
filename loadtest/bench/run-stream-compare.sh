#!/usr/bin/env bash
# The user stream against room sockets with the same population (docs/BENCHMARKS.md "User stream"): one run per
# transport, each against a freshly started server (embedded store, free loopback ports, 20 forums, the message
# rate limit lifted), the harness on the same machine. Starts the built jars directly (build them first with
#   mvn -q -B -DskipTests -Dlounge.skip=true -pl server,loadtest -am package),
# so no web client build is involved.
#   loadtest/bench/run-stream-compare.sh OUT_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; mkdir -p "$out"; out="$(cd "$out" && pwd)"
forums="$(for i in $(seq 1 20); do printf 'bench-%02d,' "$i"; done)"; forums="${forums%,}"
pid=""
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi' EXIT
for transport in stream sockets; do
  read -r port admin < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]; print(*[x.getsockname()[1] for x in s])')
  data="$(mktemp -d "$out/data.XXXXXX")"
  java -jar "$root/server/target/community-server.jar" --data.dir="$data" --server.host=127.0.0.1 --server.port=$port \
    --admin.port=$admin --limits.rate_messages=1000000 --rooms.default_forums="$forums" >"$out/$transport.server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q 'listening on' "$out/$transport.server.log" && break; sleep 0.5; done
  ids=(); for i in $(seq 1 20); do ids+=("$(grep -o "forum bench-$(printf %02d "$i") id=[0-9a-f-]*" "$out/$transport.server.log" | sed 's/.*id=//')"); done
  rooms20="$(IFS=,; echo "${ids[*]}")"
  echo "== $transport (server pid $pid; $(uptime | sed 's/.*load/load/'))" | tee -a "$out/harness.log"
  java -Xms1g -Xmx2g -XX:+UseParallelGC -jar "$root/loadtest/target/community-loadtest.jar" stream \
    --transport=$transport --rooms="$rooms20" --users=500 --rooms-per-user=5 --senders=20 --rate=1 --duration=20 \
    --url=http://127.0.0.1:$port --secret-file="$data/jwt-secret" --server-pid=$pid --quiet \
    --connect-deadline=55 --drain-timeout=10 --user-prefix="s-$transport-" --report-dir="$out/reports" \
    >>"$out/harness.log" 2>&1 || echo "$transport exited $?" | tee -a "$out/harness.log"
  kill -TERM $pid; wait $pid || true
  pid=""
  rm -rf "$data"
done

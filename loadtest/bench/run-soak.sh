#!/usr/bin/env bash
# The long soak (docs/RELIABILITY.md "The 60-minute soaks"): the soak scenario with half the member positions on
# user streams, against servers this script starts on loopback and stops again.
#   loadtest/bench/run-soak.sh OUT_DIR MINUTES one|two
# one: one node on the embedded store (a fresh data directory), no fault.
# two: two nodes on PostgreSQL (a database of its own, bench_soak, created and dropped here) and a private
#      redis-server on a spare port; every 5 minutes a fault, in turn: node 2 killed with kill -9 and started again
#      on the same port, then the Redis server killed with kill -9 and started again 5 s later (empty: Redis holds
#      nothing the messages need). Node 1 is never touched: its resources are the ones sampled, so its trend covers
#      the whole run. The harness deals its clients and REST actions over both nodes; a client whose reconnect
#      fails moves on to the other node.
# Starts the built jars (build them first with
#   mvn -q -B -DskipTests -Dlounge.skip=true -pl server,loadtest -am package).
# OUT_DIR gets the server logs, the harness's output, load averages every minute (load.log), the fault log and the
# soak report (reports/: JSON and HTML); loadtest/bench/soak-charts.py draws its SVG charts.
# Env: ROOMS (10), MEMBERS (20 per room), ROOM_RATE (5 messages/s per room), STREAM_PERCENT (50), REST_RATE (5),
#      CHURN_PERCENT (1), FAULT_EVERY (300 s), PG_DB (bench_soak), HARNESS_HEAP (1g), SERVER_JAVA_OPTS (JVM
#      options of the servers, e.g. a flight recording).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; minutes="$2"; mode="$3"
case "$mode" in one|two) ;; *) echo "usage: $0 OUT_DIR MINUTES one|two" >&2; exit 2 ;; esac
mkdir -p "$out"; out="$(cd "$out" && pwd)"
rooms_n="${ROOMS:-10}"; members="${MEMBERS:-20}"; room_rate="${ROOM_RATE:-5}"
stream_percent="${STREAM_PERCENT:-50}"; rest_rate="${REST_RATE:-5}"; churn="${CHURN_PERCENT:-1}"
fault_every="${FAULT_EVERY:-300}"; pg_db="${PG_DB:-bench_soak}"
server_jar="$root/server/target/community-server.jar"
loadtest_jar="$root/loadtest/target/community-loadtest.jar"
[ -f "$server_jar" ] && [ -f "$loadtest_jar" ] || { echo "build the jars first (see the header)" >&2; exit 2; }
pg() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
free_ports() { python3 -c 'import socket,sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
[x.bind(("127.0.0.1",0)) for x in s]; print(*[x.getsockname()[1] for x in s])' "$1"; }
forums="$(for i in $(seq 1 "$rooms_n"); do printf 'soak-%02d,' "$i"; done)"; forums="${forums%,}"
secret="soak-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d "$out/work.XXXXXX")"
# Run copies of the jars: a rebuild during the hour must not pull the classes from under the running JVMs.
cp "$server_jar" "$work/community-server.jar"; server_jar="$work/community-server.jar"
cp "$loadtest_jar" "$work/community-loadtest.jar"; loadtest_jar="$work/community-loadtest.jar"
load_pid=""

cleanup() {
  set +e
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null
  for f in "$work"/*.pid; do
    [ -f "$f" ] || continue
    p="$(cat "$f")"; [ -n "$p" ] && kill -TERM "$p" 2>/dev/null
  done
  for f in "$work"/*.pid; do
    [ -f "$f" ] || continue
    p="$(cat "$f")"
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null
  done
  # FORCE: backends of a node killed a moment ago may still be open.
  if [ "$mode" = two ]; then pg -d postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Load averages once a minute: the machine is shared, and the figures mean little without them.
( while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 60; done ) >>"$out/load.log" &
load_pid=$!

read -r port1 admin1 port2 admin2 redis_port < <(free_ports 5)

# start_node N PORT ADMIN [extra args]: starts node N detached (it must outlive a fault command that restarts it)
# and waits until it listens; its pid goes to work/nodeN.pid.
cat >"$work/start-node.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
n="\$1"; port="\$2"; admin="\$3"; shift 3
log="$out/node\$n.log"
# On a loaded machine a start can fail on a 1 s connection set-up (Redis): up to 5 tries.
for attempt in 1 2 3 4 5; do
echo "== start \$(date -u +%H:%M:%S) (try \$attempt)" >>"\$log"
from=\$(wc -l <"\$log")
mkdir -p "$work/data\$n"
setsid java -Xmx1g ${SERVER_JAVA_OPTS:-} -jar "$server_jar" --data.dir="$work/data\$n" --server.host=127.0.0.1 --server.port=\$port \\
  --admin.port=\$admin --auth.jwt.secret="$secret" --limits.rate_messages=1000000 \\
  --rooms.default_forums="$forums" "\$@" >>"\$log" 2>&1 </dev/null &
echo \$! >"$work/node\$n.pid"
exited=""
for _ in \$(seq 1 600); do
  tail -n +\$((from + 1)) "\$log" | grep -q 'listening on' && exit 0
  kill -0 "\$(cat "$work/node\$n.pid")" 2>/dev/null || { exited=yes; break; }
  sleep 0.5
done
[ -n "\$exited" ] || { echo "node \$n did not start in 300 s" >&2; exit 1; }
echo "node \$n exited at start (try \$attempt)" >&2
sleep 2
done
exit 1
EOF
chmod +x "$work/start-node.sh"
printf '%s\n' "$secret" >"$work/jwt-secret"

if [ "$mode" = one ]; then
  "$work/start-node.sh" 1 "$port1" "$admin1"
  urls=(--url="http://127.0.0.1:$port1")
  faults=()
else
  pg -d postgres -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
  cat >"$work/start-redis.sh" <<EOF
#!/usr/bin/env bash
setsid redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no >>"$out/redis.log" 2>&1 </dev/null &
echo \$! >"$work/redis.pid"
for _ in \$(seq 1 100); do redis-cli -p $redis_port ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.1; done
echo "redis did not start" >&2; exit 1
EOF
  chmod +x "$work/start-redis.sh"
  "$work/start-redis.sh"
  cluster=(--db.url="jdbc:postgresql://127.0.0.1:5432/$pg_db" --db.user=postgres
           --redis.url="redis://127.0.0.1:$redis_port")
  "$work/start-node.sh" 1 "$port1" "$admin1" "${cluster[@]}"
  "$work/start-node.sh" 2 "$port2" "$admin2" "${cluster[@]}"
  urls=(--url="http://127.0.0.1:$port1" --url="http://127.0.0.1:$port2")
  # The fault, in turn: node 2 killed and restarted; Redis killed and, 5 s later, restarted.
  cat >"$work/fault.sh" <<EOF
#!/usr/bin/env bash
set -u
count=\$(( \$(cat "$work/fault.count" 2>/dev/null || echo 0) + 1 )); echo \$count >"$work/fault.count"
t0=\$(date +%s.%N)
if [ \$((count % 2)) -eq 1 ]; then
  what="kill -9 node 2, restart it"
  kill -9 "\$(cat "$work/node2.pid")"
  "$work/start-node.sh" 2 $port2 $admin2 ${cluster[*]}
else
  what="kill -9 redis, restart it 5 s later"
  kill -9 "\$(cat "$work/redis.pid")"
  sleep 5
  "$work/start-redis.sh"
fi
rc=\$?
echo "\$(date -u +%H:%M:%S) fault \$count: \$what: exit \$rc after \$(awk "BEGIN {printf \\"%.1f\\", \$(date +%s.%N) - \$t0}") s (load \$(cut -d' ' -f1-3 /proc/loadavg))" >>"$out/faults.log"
exit \$rc
EOF
  chmod +x "$work/fault.sh"
  faults=(--fault-command="$work/fault.sh" --fault-every="$fault_every")
fi

ids=()
for i in $(seq 1 "$rooms_n"); do
  ids+=("$(grep -o "forum soak-$(printf %02d "$i") id=[0-9a-f-]*" "$out/node1.log" | head -1 | sed 's/.*id=//')")
done
rooms="$(IFS=,; echo "${ids[*]}")"
node1_pid="$(cat "$work/node1.pid")"
echo "== soak $mode, $minutes min, started $(date -u +%H:%M:%S), node 1 pid $node1_pid, load $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee -a "$out/harness.log"
set +e
java -Xmx"${HARNESS_HEAP:-1g}" -jar "$loadtest_jar" soak "${urls[@]}" --secret-file="$work/jwt-secret" \
  --rooms="$rooms" --members-per-room="$members" --senders-per-room=2 --room-rate="$room_rate" \
  --stream-percent="$stream_percent" --churn-percent="$churn" --rest-rate="$rest_rate" "${faults[@]}" \
  --resource-every=60 --duration=$((minutes * 60)) --drain-timeout=60 --connect-deadline=120 --quiet \
  --user-prefix="soak-$mode-" --metrics-url="http://127.0.0.1:$admin1/metrics" --server-pid="$node1_pid" \
  --report-dir="$out/reports" >>"$out/harness.log" 2>&1
rc=$?
set -e
echo "== harness exit $rc at $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/harness.log"
# RSS of the nodes at the end, for the record.
for f in "$work"/node*.pid; do
  echo "$(basename "$f" .pid) rss_kb $(awk '/VmRSS/ {print $2}' "/proc/$(cat "$f")/status" 2>/dev/null)" >>"$out/harness.log"
done
exit $rc

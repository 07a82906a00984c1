#!/usr/bin/env bash
# The search aim of docs/BENCHMARKS.md: search p95 for a word query scoped to the caller's rooms, on PostgreSQL with
# MESSAGES messages (default 5,000,000) over 1,000 rooms. Creates its own database (bench_search, dropped at the
# end), starts a server on it (which migrates it), fills it with search-data.sql, then sends QUERIES searches one
# after another (loopback only, bounded in count) and prints p50 / p95 / p99 in milliseconds.
#   loadtest/bench/run-search.sh OUT_DIR [MESSAGES] [QUERIES]
# Check `cat /proc/loadavg` first: run only when the 1-minute load is below 1.5, and note it with the figures.
set -euo pipefail
out="$1"; messages="${2:-5000000}"; queries="${3:-500}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
db=bench_search; port=18180
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
data="$(mktemp -d /tmp/community-search-bench.XXXXXX)"
"$root/bin/community-server" --data.dir="$data" --server.port=$port --admin.port=19190 \
  --db.url=jdbc:postgresql://127.0.0.1:5432/$db --db.user=postgres --limits.rest_requests_per_second=100000 \
  --limits.rest_requests_burst=100000 >"$out/search.server.log" 2>&1 &
launcher=$!
cleanup() {
  kill -TERM "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  rm -rf "$data"
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db" || true
}
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q 'listening on' "$out/search.server.log" && break; sleep 0.5; done
echo "filling $messages messages (started $(date -u +%T))"
time psql -h 127.0.0.1 -U postgres -d $db -q -v messages="$messages" -f "$root/loadtest/bench/search-data.sql"
token="$("$root/bin/community-server" token reader --data.dir="$data")"
echo "load before the queries: $(cat /proc/loadavg)" | tee "$out/search.txt"
: >"$out/search-times.txt"
for i in $(seq 1 "$queries"); do
  word="w$(( (RANDOM * 32768 + RANDOM) % 200 ))"   # a common-to-middling word: the hard case for an index
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/community/search/?q=$word&limit=20" >>"$out/search-times.txt"
done
python3 - "$out/search-times.txt" <<'PY' | tee -a "$out/search.txt"
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(f"searches={len(t)} p50={q(0.50):.1f}ms p95={q(0.95):.1f}ms p99={q(0.99):.1f}ms")
PY

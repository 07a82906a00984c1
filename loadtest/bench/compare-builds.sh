#!/usr/bin/env bash
# Before/after: the same scenarios against two builds, back to back and interleaved (old, new, old, new, ...) so
# that a change of the machine's load hits both alike. OLD_ROOT is a checkout of the previous build (for example
# `git worktree add /tmp/base main`, then `bin/community-server --version` there builds its jar), NEW_ROOT the
# build under test (a checkout, or a copy of bin/ and server/target/community-server.jar, so that editing sources
# here meanwhile does not make the launcher rebuild the jar mid-comparison).
#   loadtest/bench/compare-builds.sh OLD_ROOT NEW_ROOT OUT_DIR RUNS STORE[,STORE...] SCENARIO...
# Results: OUT_DIR/old and OUT_DIR/new, each as run-benchmarks.sh writes them (medians: medians.py OUT_DIR/old).
# raw-insert (no server) is run once per round, before the stores. Set BENCH_MAX_LOAD to wait for a quiet machine.
set -euo pipefail
old_root="$(cd "$1" && pwd)"; new_root="$(cd "$2" && pwd)"; out="$3"; runs="$4"; IFS=, read -r -a stores <<<"$5"
shift 5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scenarios=(); raw=0
for s in "$@"; do
  if [ "$s" = raw-insert ]; then raw=1; else scenarios+=("$s"); fi
done
for run in $(seq 1 "$runs"); do
  if [ "$raw" = 1 ]; then
    "$here/run-benchmarks.sh" postgres "$out/raw-$run" 1 raw-insert
  fi
  for store in "${stores[@]}"; do
    for s in "${scenarios[@]}"; do
      SERVER_ROOT="$old_root" "$here/run-benchmarks.sh" "$store" "$out/old" 1 "$s" || echo "old $store $s run $run failed" >&2
      SERVER_ROOT="$new_root" "$here/run-benchmarks.sh" "$store" "$out/new" 1 "$s" || echo "new $store $s run $run failed" >&2
    done
  done
done

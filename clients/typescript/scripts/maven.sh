#!/usr/bin/env bash
# The TypeScript client's steps inside the Maven build (server/pom.xml, profile "lounge", before the Lounge's, which
# depends on this package): install, build, test, e2e. Without Node.js a step is skipped with a warning, so
# `mvn -B verify` still passes on a machine that has only Java; under CI=true a missing tool fails the build instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step="${1:?usage: maven.sh install|build|test|e2e [skip]}"
if [ "${2:-false}" = "true" ]; then
  echo "[tsclient] lounge.skip=true: skipping '$step'"
  exit 0
fi

need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing "Node.js and npm"
    return 1
  fi
  local version major minor
  version="$(node --version | sed 's/^v//')"
  major="${version%%.*}"
  minor="$(echo "$version" | cut -d. -f2)"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    missing "Node.js 20.19 or newer (found $version)"
    return 1
  fi
}

missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "[tsclient] ERROR: $1 is required under CI to $step the TypeScript client" >&2
    exit 1
  fi
  echo "[tsclient] WARNING: $1 not found: skipping '$step' of the TypeScript client (see clients/typescript/README.md)" >&2
}

case "$step" in
  install)
    need_node || exit 0
    # npm ci only when the lock changed since the last install: it wipes node_modules every time.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund
    else
      echo "[tsclient] node_modules is up to date"
    fi
    ;;
  build)
    need_node || exit 0
    npm run build
    ;;
  test)
    need_node || exit 0
    npm test
    ;;
  e2e)
    need_node || exit 0
    npm run test:e2e
    ;;
  *)
    echo "unknown step $step" >&2
    exit 2
    ;;
esac

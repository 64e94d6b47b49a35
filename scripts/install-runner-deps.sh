#!/usr/bin/env bash
# Test-only: the real JavaScript test runners that tests/integration/test_junit_runners.py drives
# (Jest and jest-junit, pinned in tests/runners/package-lock.json). Node's --test runner needs no
# package; pytest, Go and gotestsum come from Debian (APT_PACKAGES in the Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  ./scripts/install-deps.sh nodejs npm
fi
stamp=tests/runners/node_modules/.flakyd-installed
if [ ! -f "$stamp" ] || [ tests/runners/package-lock.json -nt "$stamp" ]; then
  (cd tests/runners && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

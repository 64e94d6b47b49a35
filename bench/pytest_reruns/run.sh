#!/usr/bin/env bash
# Rerun benchmark: 30 deterministic failures and 30 tests that fail once with a network error,
# each test body taking 0.2 s. Compares pytest-rerunfailures (Debian) with flakyd's plugin:
#   pytest --reruns 3 --reruns-delay 0.1
#   pytest --flakyd --flakyd-max=4 --flakyd-delay=0.1
# Prints wall time, reruns and outcomes for each. Usage: bench/pytest_reruns/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
(work / "conftest.py").write_text("")
for i in range(30):
    (work / f"test_defect_{i:02d}.py").write_text(
        "import time\n"
        f"def test_defect_{i:02d}():\n"
        "    time.sleep(0.2)\n"
        f"    assert {{'total': {i}}} == {{'total': {i + 1}}}\n")
    (work / f"test_network_{i:02d}.py").write_text(
        "import os, pathlib, time\n"
        f"def test_network_{i:02d}():\n"
        "    time.sleep(0.2)\n"
        f"    marker = pathlib.Path(os.environ['FLAKY_STATE']) / 'net-{i:02d}'\n"
        "    if not marker.exists():\n"
        "        marker.write_text('failed once')\n"
        "        raise ConnectionResetError(104, 'Connection reset by peer')\n")
PY
run() {
  local label=$1; shift
  local state; state=$(mktemp -d)
  local started; started=$(date +%s.%N)
  local summary
  summary=$(cd "$work" && FLAKY_STATE=$state XDG_CACHE_HOME=$state/cache PYTHONPATH="$root/clients/pytest" \
            FLAKYD_BIN="$root/build/bin/flakyd" /usr/bin/python3 -m pytest -q -p no:cacheprovider "$@" 2>&1 | tail -1 || true)
  local ended; ended=$(date +%s.%N)
  printf "%-48s %6.1f s   %s\n" "$label" "$(echo "$ended - $started" | bc)" "$summary"
  rm -rf "$state"
}
run "pytest --reruns 3 --reruns-delay 0.1" --reruns 3 --reruns-delay 0.1
run "pytest --flakyd --flakyd-max=4 --flakyd-delay=0.1" -p pytest_flakyd --flakyd --flakyd-max=4 --flakyd-delay=0.1
run "pytest (no reruns, for reference)"

#!/usr/bin/env bash
# Load benchmark: for each binary (default build/bin/flakyd), starts it on a free loopback port
# and runs wrk at 1, 16 and 64 connections against classify_failure with a 4 KiB trace; the
# binaries take turns at each connection count, so two edges are compared in the same run under
# the same background load. Prints requests/s, p50, p99, the daemon's CPU time per request
# (user+system; steadier than requests/s on a shared machine, since wrk runs on the same cores)
# and RSS before and after. With SOAK_SECONDS set, then runs bench/soak.py (one request in five
# hostile) against each binary for that long and prints its RSS and descriptor samples.
# Usage: [SOAK_SECONDS=300] bench/load/run.sh [DURATION_SECONDS] [BINARY ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
shift || true
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(build/bin/flakyd)
command -v wrk >/dev/null || ./scripts/install-deps.sh wrk
ticks_per_second=$(getconf CLK_TCK)
pids=() ports=() logs=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f "${logs[@]}"; }
trap cleanup EXIT
for binary in "${binaries[@]}"; do
  log=$(mktemp)
  "$binary" serve --listen 127.0.0.1:0 --log-level info 2>"$log" &
  pids+=($!) logs+=("$log")
  for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
  ports+=("$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/mcp.*/\1/p' "$log")")
done
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime
for i in "${!binaries[@]}"; do
  echo "[$i] ${binaries[$i]}: pid ${pids[$i]} port ${ports[$i]}, RSS at start $(rss "${pids[$i]}")"
done
for connections in 1 16 64; do
  threads=$(( connections < 2 ? 1 : 2 ))
  for i in "${!binaries[@]}"; do
    printf "[%d] %3d connections: " "$i" "$connections"
    before=$(cpu_ticks "${pids[$i]}")
    summary=$(wrk -t$threads -c$connections -d${duration}s --latency -s bench/load/classify.lua \
                "http://127.0.0.1:${ports[$i]}/mcp" | tail -1)
    after=$(cpu_ticks "${pids[$i]}")
    requests=$(echo "$summary" | awk '{print $2}')
    echo "$summary  daemon CPU $(( (after - before) * 1000000 / ticks_per_second / requests )) us/request"
  done
done
for i in "${!binaries[@]}"; do echo "[$i] RSS at end $(rss "${pids[$i]}")"; done
if [ -n "${SOAK_SECONDS:-}" ]; then
  for i in "${!binaries[@]}"; do
    echo "[$i] soak ${SOAK_SECONDS}s, one request in five hostile: ${binaries[$i]}"
    FLAKYD_BIN="$(realpath "${binaries[$i]}")" /usr/bin/python3 bench/soak.py "$SOAK_SECONDS" 8 || true
  done
fi

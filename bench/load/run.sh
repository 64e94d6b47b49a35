#!/usr/bin/env bash
# Load benchmark: starts build/bin/flakyd on a free loopback port and runs wrk at 1, 16 and 64
# connections against classify_failure with a 4 KiB trace. Prints requests/s, p50, p99, the
# daemon's CPU time per request (user+system; steadier than requests/s on a shared machine,
# since wrk runs on the same cores) and its RSS before and after.
# Usage: bench/load/run.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
command -v wrk >/dev/null || ./scripts/install-deps.sh wrk
log=$(mktemp)
build/bin/flakyd serve --listen 127.0.0.1:0 --log-level info 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/mcp.*/\1/p' "$log")
rss() { awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status; }
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }  # utime + stime
echo "daemon pid $pid port $port, RSS at start $(rss)"
for connections in 1 16 64; do
  threads=$(( connections < 2 ? 1 : 2 ))
  printf "%3d connections: " "$connections"
  before=$(cpu_ticks)
  summary=$(wrk -t$threads -c$connections -d${duration}s --latency -s bench/load/classify.lua \
              "http://127.0.0.1:$port/mcp" | tail -1)
  after=$(cpu_ticks)
  requests=$(echo "$summary" | awk '{print $2}')
  echo "$summary  daemon CPU $(( (after - before) * 1000000 / ticks_per_second / requests )) us/request"
done
echo "RSS at end $(rss)"

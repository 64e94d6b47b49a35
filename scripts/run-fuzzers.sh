#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for SECONDS (default 60)
# on a scratch copy of its seed corpus, JOBS targets at a time. Exit status non-zero if any
# fuzzer found a crash, leak or timeout. Usage: scripts/run-fuzzers.sh [SECONDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-1}
./scripts/install-deps.sh clang libclang-rt-14-dev
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DFLAKYD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
artifacts=build-fuzz/artifacts  # crashes, leaks and timeouts are kept here for a regression test
mkdir -p "$artifacts"
status=0
run_one() {
  local target=$1
  mkdir -p "$scratch/$target"
  cp -r fuzz/corpus/$target/. "$scratch/$target/"
  # A unit past this many seconds is reported as a hang. rule_file compiles the whole built-in
  # rule pack and secret rules for every input: about 0.3 s plain, 6 s under ASan and coverage on
  # an idle 2-core machine, and twice that beside another fuzzer and a build.
  local unit_timeout=10
  [[ $target == rule_file ]] && unit_timeout=30
  if build-fuzz/bin/fuzz_$target "$scratch/$target" -max_total_time="$seconds" -timeout="$unit_timeout" -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" >"$scratch/$target.log" 2>&1; then
    echo "fuzz_$target: ok $(grep -E 'stat::number_of_executed_units|cov:' "$scratch/$target.log" | tail -2 | tr '\n' ' ')"
  else
    echo "fuzz_$target: FAILED"; tail -40 "$scratch/$target.log"; return 1
  fi
}
targets=(mcp_request redactor fingerprint rule_file upstream_reply json_reader json_writer trail_line junit_reader)
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  pids=()
  for target in "${targets[@]:i:jobs}"; do run_one "$target" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done
exit $status

#!/usr/bin/env bash
# Run a test suite, rerun only the failures flakyd says are worth it (in the runner's own
# selection syntax), and merge every attempt into one Surefire-form JUnit report.
#
#   rerun-flaky.sh FORMAT MERGED FIRST_COMMAND RERUN_COMMAND
#
# FORMAT is a `flakyd junit rerun --format` (go, maven, jest, pytest, ...). The two commands are
# shell strings run with eval; each must write its JUnit XML to "$JUNIT_FILE". In RERUN_COMMAND,
# the text $SELECTION is replaced by the shell words flakyd prints to select the tests (so keep
# the command in single quotes). For example:
#   rerun-flaky.sh go merged.xml \
#     'gotestsum --junitfile "$JUNIT_FILE" -- ./...' \
#     'gotestsum --junitfile "$JUNIT_FILE" -- $SELECTION'
#
# Environment: FLAKYD (default: flakyd on PATH), FLAKYD_RERUN_ROUNDS (default 2: rerun rounds at
# most), FLAKYD_RERUN_DELAY (seconds to wait before each round, default 0), FLAKYD_WORK (where
# the attempt reports go, default ./flakyd-attempts).
# Exit status: 0 when every test passed at last (flaky ones are marked <flakyFailure>); 6 when a
# test failed in every attempt; the first command's status when it wrote no report (a build
# error); flakyd's status (1, 2, 3) when it refused a report.
set -uo pipefail
if [ $# -ne 4 ]; then
  sed -n '2,22p' "$0" >&2
  exit 2
fi
format=$1 merged=$2 first=$3 rerun=$4
flakyd=${FLAKYD:-flakyd}
rounds=${FLAKYD_RERUN_ROUNDS:-2}
work=${FLAKYD_WORK:-flakyd-attempts}
mkdir -p "$work"
reports=("$work/attempt-1.xml")

(JUNIT_FILE=${reports[0]} eval "$first")
status=$?
if [ ! -s "${reports[0]}" ]; then
  echo "rerun-flaky: the test command wrote no report (exit $status): nothing to rerun" >&2
  exit "$status"
fi

for ((round = 2; status != 0 && round <= rounds + 1; round++)); do
  selection=$("$flakyd" junit rerun --format "$format" "${reports[@]}")
  verdict=$?
  if [ "$verdict" -eq 5 ]; then  # the command failed, yet no test in the reports did
    echo "rerun-flaky: the command failed (exit $status) but no test did: not a test failure" >&2
    exit "$status"
  fi
  [ "$verdict" -eq 0 ] || break  # 6: only failures not worth a rerun are left; else an error
  sleep "${FLAKYD_RERUN_DELAY:-0}"
  status=0
  part=0
  while IFS= read -r line; do  # one runner invocation per line (go: one per package)
    part=$((part + 1))
    report="$work/attempt-$round-$part.xml"
    # The selection's words are shell-quoted: put them into the command text, then eval it.
    (JUNIT_FILE=$report eval "${rerun//\$SELECTION/$line}") </dev/null || status=$?
    [ -s "$report" ] && reports+=("$report")
  done <<<"$selection"
done

"$flakyd" junit merge "${reports[@]}" -o "$merged"

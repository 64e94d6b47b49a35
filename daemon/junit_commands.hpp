// `flakyd junit classify|rerun|merge`: flakyd's advice for JUnit XML reports, for runners that
// have no plugin (junit/ reads and writes the XML; this file wires it to the classifier).
//
//   classify FILE...            one JSON line per test that failed (and did not pass on a later
//                               attempt): the decision plus test_id, outcome and attempts.
//   rerun FILE... --format F    the runner's own arguments selecting exactly the failed tests
//                               worth a rerun (junit/rerun_selection.hpp); one line per runner
//                               invocation on stdout, one line per failed test on stderr.
//   merge FIRST RERUN... -o OUT one report in Surefire's flakyFailure/rerunFailure form. With
//                               --run-id it also records every test's final outcome in the
//                               history store (engine::OutcomeRecorder: redacted first) -- passed
//                               first time, passed on a rerun (flaky: attempts > 1, the failure's
//                               fingerprint), never passed -- so any JUnit-producing runner feeds
//                               history. The file is written first; a store that is down or
//                               refuses the batch costs one warning, never the merge.
// A failed test's attempt number counts its failed attempts across the files (and Surefire's
// rerun elements), so --max-attempts bounds reruns over a whole CI job.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "daemon/settings.hpp"

namespace flakyd::app {

// Exit codes of `flakyd junit` (also in its --help).
constexpr int k_junit_ok = 0;             // classify: printed; rerun: a selection printed;
                                          // merge: written, no test failed for good
constexpr int k_junit_rejected = 1;       // a report was refused (malformed, hostile, over a limit)
constexpr int k_junit_config = 2;         // bad configuration (rules, format)
constexpr int k_junit_unreadable = 3;     // a file could not be read, or OUT not written
constexpr int k_junit_no_failures = 5;    // rerun: no test failed; stdout is empty
constexpr int k_junit_not_worth = 6;      // rerun: tests failed, none is worth a rerun (stdout
                                          // empty); merge: written, some test failed for good

struct JunitSettings {
  std::string action;  // classify | rerun | merge
  std::vector<std::string> files;
  std::string format;  // rerun
  std::string output;  // merge
  std::string run_id;  // merge: record outcomes under this run (empty: record nothing)
  std::string commit;  // merge: the code under test (empty: $GITHUB_SHA, ..., else git rev-parse HEAD)
  std::string root = ".";  // rerun --format pytest: where test files are looked up
  int max_attempts = 3;
  std::size_t max_xml_bytes = std::size_t{64} << 20;
};

int run_junit(const Settings& settings, const JunitSettings& junit);

// The commit a run tested, as the pytest plugin finds it: `given`, else the first set of
// GITHUB_SHA, CI_COMMIT_SHA, BUILDKITE_COMMIT, CIRCLE_SHA1, GIT_COMMIT, else `git rev-parse HEAD`
// in the working directory; empty when unknown.
std::string find_commit(const std::string& given);

}  // namespace flakyd::app

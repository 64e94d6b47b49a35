"""`flakyd junit rerun` and `merge` with real runners: pytest, go test through gotestsum, Jest with
jest-junit, Vitest's junit reporter and Node's --test runner. Each suite (tests/runners/) has
tests that fail once with a real ECONNREFUSED on 127.0.0.1 and tests with real bugs. The checks:
rerun selects exactly the blips, in the runner's own syntax; the runner, given that selection,
reruns them (and they pass); merge writes a Surefire-form report where the blips are flaky and the
bugs failed."""
import os
import shlex
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from daemon import BIN as FLAKYD
from runners import (RUNNERS, SYSTEM_PYTHON, OpenPort, node_for_jest, node_with_junit_reporter, refused_port,
                     require, vitest_command)


class RunnerSuite(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flakyd-runners-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        markers = os.path.join(self.scratch, "markers")
        os.mkdir(markers)
        self.port = OpenPort().__enter__()
        self.addCleanup(self.port.__exit__)
        self.env = dict(os.environ, FLAKYD_MARKER_DIR=markers, FLAKYD_OPEN_PORT=str(self.port.port),
                        FLAKYD_REFUSED_PORT=str(refused_port()), XDG_CACHE_HOME=self.scratch)

    def path(self, name):
        return os.path.join(self.scratch, name)

    def shell(self, command, cwd):
        """Runs `command` with bash, so the selection's shell words are used as CI would."""
        return subprocess.run(["bash", "-c", command], cwd=cwd, env=self.env, capture_output=True, text=True,
                              timeout=300)

    def flakyd(self, *args, cwd=None):
        return subprocess.run([os.path.abspath(FLAKYD), *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=120)

    def rerun_selection(self, fmt, *reports, cwd=None):
        result = self.flakyd("junit", "rerun", "--format", fmt, *reports, cwd=cwd)
        self.assertEqual(result.returncode, 0, result.stderr)
        return [line for line in result.stdout.splitlines() if line]

    def merge(self, *reports):
        merged = self.path("merged.xml")
        result = self.flakyd("junit", "merge", *reports, "-o", merged)
        self.assertEqual(result.returncode, 6, "bugs remain, so merge must say so: " + result.stderr)
        return ET.parse(merged).getroot()

    def assert_merged(self, root, flaky, failed, passed):
        """Every named test is in the merged report with the expected verdict; the flaky ones keep
        their first attempt's ECONNREFUSED in a <flakyFailure>."""
        cases = {case.get("name").strip(): case for case in root.iter("testcase")}
        for name in flaky:
            self.assertIn(name, cases)
            kinds = [child.tag for child in cases[name]]
            self.assertIn("flakyFailure", kinds, name)
            self.assertNotIn("failure", kinds, name)
            self.assertRegex(ET.tostring(cases[name], encoding="unicode"), r"(?i)refused|ECONNREFUSED", name)
        for name in failed:
            self.assertIn(name, cases)
            self.assertIn("failure", [child.tag for child in cases[name]], name)
            self.assertNotIn("flakyFailure", [child.tag for child in cases[name]], name)
        for name in passed:
            self.assertEqual([child.tag for child in cases[name] if child.tag != "system-out"], [], name)
        self.assertEqual(root.get("flakes"), str(len(flaky)))
        self.assertEqual(int(root.get("failures")) + int(root.get("errors")), len(failed))

    def rerun_by_name_and_merge(self, fmt, command, expected_selection, flaky, failed, passed):
        """Runners that select by name (and list every unselected test as skipped): first run,
        the selection, the rerun with it (every selected test passes now), the merge."""
        first = self.shell(command(self.path("first.xml"), ""), RUNNERS)
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
        lines = self.rerun_selection(fmt, self.path("first.xml"))
        self.assertEqual(lines, [expected_selection])
        rerun = self.shell(command(self.path("rerun.xml"), lines[0]), RUNNERS)
        self.assertEqual(rerun.returncode, 0, rerun.stdout + rerun.stderr)
        skipped = ET.parse(self.path("rerun.xml")).getroot().iter("skipped")
        self.assertEqual(len(list(skipped)), len(failed) + len(passed), "the unselected tests did not run")
        root = self.merge(self.path("first.xml"), self.path("rerun.xml"))
        self.assert_merged(root, flaky=flaky, failed=failed, passed=passed)

    def assert_nothing_more_to_rerun(self, *reports):
        result = self.flakyd("junit", "rerun", "--format", "pytest", *reports)
        self.assertEqual(result.returncode, 6, result.stderr)  # only the bugs are left
        self.assertEqual(result.stdout, "")


class Pytest(RunnerSuite):
    def blips_rerun_and_merged(self, *options):
        suite = os.path.join(RUNNERS, "pytest_suite")
        pytest = f"{SYSTEM_PYTHON} -m pytest -q -p no:cacheprovider {' '.join(options)}"
        first = self.shell(f"{pytest} --junitxml={self.path('first.xml')} tests", suite)
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)

        # From another directory: --root says where the test files are.
        lines = self.rerun_selection("pytest", "--root", suite, self.path("first.xml"), cwd=self.scratch)
        self.assertEqual(len(lines), 1)
        # xdist writes tests in the order they finish: compare the words, not their order.
        self.assertEqual(sorted(shlex.split(lines[0])), ["tests/test_service.py::TestClient::test_connect_blip[1]",
                                                         "tests/test_service.py::test_fetch_blip"])
        self.assertIn("'tests/test_service.py::TestClient::test_connect_blip[1]'", lines[0])  # [] quoted

        rerun = self.shell(f"{pytest} --junitxml={self.path('rerun.xml')} {lines[0]}", suite)
        self.assertEqual(rerun.returncode, 0, rerun.stdout + rerun.stderr)
        self.assertIn("2 passed", rerun.stdout)

        root = self.merge(self.path("first.xml"), self.path("rerun.xml"))
        self.assert_merged(root, flaky=["test_fetch_blip", "test_connect_blip[1]"],
                           failed=["test_sum_bug", "test_parse_bug"], passed=["test_ok"])
        self.assert_nothing_more_to_rerun(self.path("first.xml"), self.path("rerun.xml"))

    def test_pytest_blips_are_rerun_and_merged_as_flaky(self):
        self.blips_rerun_and_merged()

    def test_pytest_xdist_blips_are_rerun_and_merged_as_flaky(self):
        self.blips_rerun_and_merged("-p", "xdist", "-n", "2")  # Debian's python3-pytest-xdist


class GoTestsum(RunnerSuite):
    def test_go_blips_are_rerun_per_package_and_merged_as_flaky(self):
        require("go")
        gotestsum = require("gotestsum")
        suite = os.path.join(RUNNERS, "go_suite")
        # No network and nothing outside the scratch directory.
        self.env.update(GOPATH=self.path("gopath"), GOCACHE=self.path("gocache"), GOPROXY="off", GOFLAGS="-mod=mod",
                        GO111MODULE="on", GOTOOLCHAIN="local")
        first = self.shell(f"{gotestsum} --junitfile {self.path('first.xml')} -- ./...", suite)
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)

        lines = self.rerun_selection("go", self.path("first.xml"))
        self.assertEqual(lines, ["-run '^(TestDialBlip)$' example.com/flakysuite/netcheck",
                                 "-run '^(TestStoreBlip)$' example.com/flakysuite/store"])
        reruns = []
        for number, line in enumerate(lines, 1):
            report = self.path(f"rerun-{number}.xml")
            rerun = self.shell(f"{gotestsum} --junitfile {report} -- {line}", suite)
            self.assertEqual(rerun.returncode, 0, rerun.stdout + rerun.stderr)
            self.assertEqual(len(ET.parse(report).getroot().findall(".//testcase")), 1, "only the selected test ran")
            reruns.append(report)

        root = self.merge(self.path("first.xml"), *reruns)
        self.assert_merged(root, flaky=["TestDialBlip", "TestStoreBlip"], failed=["TestChecksumBug", "TestNilMapBug"],
                           passed=["TestPasses"])
        self.assert_nothing_more_to_rerun(self.path("first.xml"), *reruns)


class JestJunit(RunnerSuite):
    def test_jest_blips_are_rerun_by_name_and_merged_as_flaky(self):
        jest = (f"{node_for_jest()} {RUNNERS}/node_modules/jest/bin/jest.js --rootDir jest_suite --ci "
                f"--cacheDirectory {self.path('jest-cache')} --reporters=default --reporters=jest-junit")
        self.rerun_by_name_and_merge(
            "jest", lambda report, selection: f"JEST_JUNIT_OUTPUT_FILE={report} {jest} {selection}",
            r"-t '^(?:api client fetches the user \(blip\)|uploads a file \(blip\))$'",
            flaky=["api client fetches the user (blip)", "uploads a file (blip)"],
            failed=["api client formats the name (bug)"], passed=["passes"])


class NodeTestRunner(RunnerSuite):
    def test_node_test_blips_are_rerun_by_name_and_merged_as_flaky(self):
        run = f"{node_with_junit_reporter()} --test --test-reporter=junit --test-reporter-destination="
        self.rerun_by_name_and_merge(
            "node", lambda report, selection: f"{run}{report} {selection} node_suite/",
            r"'--test-name-pattern=^(?:streams events \(blip\))$'",
            flaky=["streams events (blip)"], failed=["computes the total (bug)"], passed=["passes"])


class VitestJunit(RunnerSuite):
    def test_vitest_blips_are_rerun_by_name_and_merged_as_flaky(self):
        self.env["FLAKYD_VITE_CACHE"] = self.path("vite-cache")
        vitest = f"{vitest_command()} run --config vitest_suite/vitest.config.mjs --reporter=junit"
        self.rerun_by_name_and_merge(
            "vitest", lambda report, selection: f"{vitest} --outputFile={report} {selection}",
            r"-t '^(?:orders sync pushes to the queue \(blip\))$' service.test.js",
            flaky=["orders > sync > pushes to the queue (blip)"], failed=["orders > totals the basket (bug)"],
            passed=["passes"])


class CiScript(RunnerSuite):
    """examples/ci/rerun-flaky.sh, as the CI examples call it, with real runners."""
    SCRIPT = os.path.normpath(os.path.join(RUNNERS, "..", "..", "examples", "ci", "rerun-flaky.sh"))

    def ci(self, fmt, first, rerun, cwd):
        self.env.update(FLAKYD=os.path.abspath(FLAKYD), FLAKYD_WORK=self.path("attempts"))
        return subprocess.run([self.SCRIPT, fmt, self.path("merged.xml"), first, rerun], cwd=cwd, env=self.env,
                              capture_output=True, text=True, timeout=300)

    def test_go_job(self):
        gotestsum = require("gotestsum")
        self.env.update(GOPATH=self.path("gopath"), GOCACHE=self.path("gocache"), GOPROXY="off", GOFLAGS="-mod=mod",
                        GOTOOLCHAIN="local")
        result = self.ci("go", f'{gotestsum} --junitfile "$JUNIT_FILE" -- ./...',
                         f'{gotestsum} --junitfile "$JUNIT_FILE" -- $SELECTION', os.path.join(RUNNERS, "go_suite"))
        self.assertEqual(result.returncode, 6, result.stdout + result.stderr)  # the two bugs remain
        self.assertIn("5 tests, 2 flaky, 2 failed", result.stderr)
        self.assertEqual(sorted(os.listdir(self.path("attempts"))), ["attempt-1.xml", "attempt-2-1.xml",
                                                                      "attempt-2-2.xml"])

    def test_pytest_job_where_every_failure_is_a_blip_exits_0(self):
        # Only the blips: deselect the bugs with -k, as a suite without real bugs would be.
        pytest = f"{SYSTEM_PYTHON} -m pytest -q -p no:cacheprovider"
        result = self.ci("pytest", f'{pytest} -k "not bug" --junitxml="$JUNIT_FILE" tests',
                         f'{pytest} --junitxml="$JUNIT_FILE" $SELECTION', os.path.join(RUNNERS, "pytest_suite"))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("3 tests, 2 flaky, 0 failed", result.stderr)

    def test_a_command_that_writes_no_report_keeps_its_status(self):
        result = self.ci("go", "exit 3", "true", self.scratch)
        self.assertEqual(result.returncode, 3)
        self.assertIn("wrote no report", result.stderr)


if __name__ == "__main__":
    unittest.main()

"""`flakyd junit classify|rerun|merge` on each runner's dialect (tests/data/junit/): the
selection printed for each --format, the exit codes, the classify lines and the merged report."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from daemon import BIN

FLAKYD = os.path.abspath(BIN)
DATA = os.path.join(os.environ.get("FLAKYD_TEST_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data")),
                    "junit")


def flakyd(*args, cwd=None):
    return subprocess.run([FLAKYD, "junit", *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def sample(name):
    return os.path.join(DATA, name)


class RerunSelection(unittest.TestCase):
    # (sample, format): the exact stdout; only the failures worth a rerun are in it.
    EXPECTED = {
        ("surefire.xml", "maven"): "'-Dtest=com.acme.ApiClientTest#uploads'\n",
        ("pytest_xdist.xml", "pytest"): "'tests/api/test_client.py::TestClient::test_get[https]' tests/test_db.py::test_migrate\n",
        ("jest_junit.xml", "jest"): "-t '^(?:cart checkout \\[card\\] calls the API\\?)$' src/cart.test.js\n",
        ("vitest.xml", "vitest"): "-t '^(?:api retries fetches the user)$' src/api.test.ts\n",
        ("go_junit_report.xml", "go"): "-run '^(TestFetch)$' github.com/acme/svc/client\n",
        ("nextest.xml", "nextest"): "-E 'test(=client::tests::connects)'\n",
        ("dotnet.xml", "dotnet"): "--filter FullyQualifiedName=Acme.Tests.PaymentTests.Charges\n",
        ("rspec.xml", "rspec"): "./spec/models/user_spec.rb -e 'User#save retries the '\\''write'\\'''\n",
    }

    def test_each_format_prints_exactly_the_tests_worth_a_rerun(self):
        for (name, fmt), expected in self.EXPECTED.items():
            with self.subTest(sample=name, format=fmt):
                result = flakyd("rerun", "--format", fmt, sample(name))
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, expected)

    def test_stderr_says_why_each_failed_test_is_or_is_not_rerun(self):
        result = flakyd("rerun", "--format", "pytest", sample("pytest_xdist.xml"))
        self.assertEqual(sorted(result.stderr.splitlines()), sorted([
            "flakyd: rerun tests.api.test_client.TestClient::test_get[https]: flaky-network (connection reset), "
            "advised delay 2 s",
            "flakyd: not rerun tests.test_math::test_add: deterministic (assertion)",
            "flakyd: rerun tests.test_db::test_migrate: concurrency (database locked), advised delay 0 s"]))

    def test_only_real_bugs_left_is_exit_6_and_no_failures_is_exit_5_both_with_empty_stdout(self):
        bugs = flakyd("rerun", "--format", "gradle", sample("gradle.xml"))
        self.assertEqual((bugs.returncode, bugs.stdout), (6, ""))
        scratch = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, scratch)
        green = os.path.join(scratch, "green.xml")
        with open(green, "w") as out:
            out.write('<testsuite name="s"><testcase classname="c" name="t"/></testsuite>')
        result = flakyd("rerun", "--format", "go", green)
        self.assertEqual((result.returncode, result.stdout), (5, ""))

    def test_the_attempt_budget_counts_reruns_already_in_the_report(self):
        # nextest's report already holds one rerun of `connects`: with two attempts in all, stop.
        result = flakyd("--max-attempts", "2", "rerun", "--format", "nextest", sample("nextest.xml"))
        self.assertEqual((result.returncode, result.stdout), (6, ""))

    def test_an_unknown_format_is_refused_and_help_tells_the_exit_codes(self):
        self.assertNotEqual(flakyd("rerun", "--format", "mocha", sample("jest_junit.xml")).returncode, 0)
        help_text = flakyd("rerun", "--help").stdout
        for word in ("5 (rerun) no test failed", "6 (rerun) tests failed but none is worth a rerun", "nextest",
                     "dotnet", "rspec"):
            self.assertIn(word, " ".join(help_text.split()))


class Classify(unittest.TestCase):
    def test_one_json_line_per_failed_test_with_its_decision(self):
        result = flakyd("classify", sample("phpunit.xml"), sample("surefire.xml"))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        by_test = {line["test_id"]: line for line in lines}
        self.assertEqual(set(by_test), {"Acme.Tests.MailerTest::testSends with data set #0",
                                        "Acme.Tests.MailerTest::testConnects", "com.acme.ApiClientTest::parsesDate",
                                        "com.acme.ApiClientTest::uploads(String)[1]"})
        self.assertEqual(by_test["Acme.Tests.MailerTest::testConnects"]["category"], "flaky-network")
        self.assertEqual(by_test["Acme.Tests.MailerTest::testConnects"]["outcome"], "error")
        self.assertEqual(by_test["com.acme.ApiClientTest::parsesDate"]["category"], "deterministic")
        self.assertEqual(by_test["com.acme.ApiClientTest::parsesDate"]["attempts"], 2)
        for line in lines:
            self.assertRegex(line["fingerprint"], r"^[0-9a-f]{64}$")
            self.assertIn(line["action"], ("retry_with_delay", "stop_retry"))


class Merge(unittest.TestCase):
    @staticmethod
    def merge_with_rerun(scratch, *extra, env=None):
        rerun = os.path.join(scratch, "rerun.xml")
        with open(rerun, "w") as out:
            out.write('<testsuite name="com.acme.ApiClientTest">'
                      '<testcase classname="com.acme.ApiClientTest" name="uploads(String)[1]" time="0.2"/>'
                      '</testsuite>')
        merged = os.path.join(scratch, "merged.xml")
        result = subprocess.run([FLAKYD, "junit", "merge", sample("surefire.xml"), rerun, "-o", merged, *extra],
                                capture_output=True, text=True, timeout=60, env=env)
        return result, merged

    def test_merge_writes_surefire_form_and_exit_says_whether_failures_remain(self):
        scratch = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, scratch)
        result, merged = self.merge_with_rerun(scratch)
        rerun = os.path.join(scratch, "rerun.xml")
        self.assertEqual(result.returncode, 6, result.stderr)  # parsesDate failed in every attempt
        self.assertIn("4 tests, 2 flaky, 1 failed, 0 errors, 1 skipped", result.stderr)
        root = ET.parse(merged).getroot()
        cases = {case.get("name"): case for case in root.iter("testcase")}
        self.assertEqual([c.tag for c in cases["uploads(String)[1]"]], ["flakyError"])
        self.assertIn("Read timed out", cases["uploads(String)[1]"][0].get("message"))
        self.assertEqual([c.tag for c in cases["parsesDate"]], ["failure", "rerunFailure", "system-out"])
        self.assertEqual([c.tag for c in cases["fetchesUser"]], ["flakyError"])
        self.assertEqual(cases["fetchesUser"][0].find("system-out").text, "GET /users/1")

        # All passed at last: exit 0.
        green = os.path.join(scratch, "green.xml")
        self.assertEqual(flakyd("merge", sample("gradle.xml"), rerun, "-o", green).returncode, 6)
        self.assertEqual(flakyd("merge", rerun, "-o", green).returncode, 0)

    def test_merge_with_a_run_id_records_final_outcomes_and_history_lists_the_flaky_tests(self):
        scratch = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, scratch)
        env = {k: v for k, v in os.environ.items() if k not in ("FLAKYD_STORE", "CI_COMMIT_SHA", "BUILDKITE_COMMIT",
                                                                 "CIRCLE_SHA1", "GIT_COMMIT")}
        env.update(XDG_STATE_HOME=os.path.join(scratch, "state"), GITHUB_SHA="0123456789abcdef0123456789abcdef01234567")
        result, merged = self.merge_with_rerun(scratch, "--run-id", "ci-run-1", env=env)
        self.assertEqual(result.returncode, 6, result.stderr)
        self.assertTrue(os.path.exists(merged))
        self.assertIn("recorded 4 outcomes of run ci-run-1", result.stderr)
        listing = subprocess.run([FLAKYD, "history", "--json"], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(listing.returncode, 0, listing.stderr)
        tests = {test["test_id"].split("::")[-1]: test for test in json.loads(listing.stdout)["tests"]}
        self.assertEqual((tests["uploads(String)[1]"]["flaky_runs"], tests["uploads(String)[1]"]["runs"]), (1, 1))
        self.assertEqual(tests["fetchesUser"]["flaky_runs"], 1)
        self.assertEqual((tests["parsesDate"]["failures"], tests["parsesDate"]["flaky_runs"]), (1, 0))
        flaky = subprocess.run([FLAKYD, "history", "flaky", "--json"], env=env, capture_output=True, text=True,
                               timeout=60)
        names = sorted(test["test_id"].split("::")[-1] for test in json.loads(flaky.stdout)["tests"])
        self.assertEqual(names, ["fetchesUser", "uploads(String)[1]"])
        # The commit came from $GITHUB_SHA; the flaky failures carry the fingerprint a classify
        # of the same failure answers, so history matches them later.
        import sqlite3
        db = sqlite3.connect(os.path.join(scratch, "state", "flakyd", "flakyd.db"))
        rows = db.execute("SELECT test_id, commit_id, outcome, attempts, fingerprint FROM flakyd_outcomes").fetchall()
        db.close()
        self.assertEqual({row[1] for row in rows}, {"0123456789abcdef0123456789abcdef01234567"})
        by_name = {row[0].split("::")[-1]: row for row in rows}
        self.assertEqual(by_name["parsesDate"][2:4], ("failed", 2))
        self.assertEqual(by_name["fetchesUser"][2:4], ("passed", 2))
        self.assertRegex(by_name["fetchesUser"][4], "^[0-9a-f]{64}$")
        self.assertEqual(by_name["uploads(String)[1]"][2:4], ("passed", 2))

    def test_merge_with_the_store_down_still_writes_its_file_and_warns_once(self):
        scratch = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, scratch)
        env = dict(os.environ, FLAKYD_STORE="sqlite:/proc/flakyd-no-such-dir/flakyd.db")
        result, merged = self.merge_with_rerun(scratch, "--run-id", "ci-run-2", "--commit", "c1", env=env)
        self.assertEqual(result.returncode, 6, result.stderr)
        ET.parse(merged)  # written, whole
        warnings = [line for line in result.stderr.splitlines() if "warn" in line.lower()]
        self.assertEqual(len(warnings), 1, result.stderr)
        self.assertIn("history store unavailable", warnings[0])
        self.assertNotIn("recorded", result.stderr)

    def test_an_unwritable_output_is_exit_3_and_leaves_nothing(self):
        result = flakyd("merge", sample("vitest.xml"), "-o", "/nonexistent-dir/merged.xml")
        self.assertEqual(result.returncode, 3)
        self.assertIn("cannot write /nonexistent-dir/merged.xml", result.stderr)


if __name__ == "__main__":
    unittest.main()

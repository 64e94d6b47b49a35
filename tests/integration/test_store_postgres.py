"""The shared store on a real PostgreSQL (DESIGN.md, "Store"; issue #18): every test starts its own
cluster (initdb in a temporary directory, a free loopback port, scram password from PGPASSWORD)
and its own daemons, and stops them.

- two daemons share a verdict: a failure classified by one is a cache hit on the other;
- the store stopped mid-run: both daemons keep answering from local state, log it once, count it
  in /metrics, and what they learnt meanwhile reaches PostgreSQL after it restarts;
- several daemons and `flakyd store migrate` runs migrating one fresh database at once end with
  one schema;
- the password never reaches a log line or an answer."""
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import unittest

from daemon import BIN, Daemon, wait_until
from postgres_server import PASSWORD, PostgresServer

TRACE = "ConnectionResetError: [Errno 104] Connection reset by peer while reading from the cache service"


def store_metric(daemon, name):
    """A flakyd_store_* series on the daemon's /metrics (None when absent)."""
    _, _, body = daemon.request("GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


def fleet_daemon(server, state_dir, *args):
    """A daemon on the shared store with its own disk cache and journal. Its store lookups may take
    a second, not the default 50 ms: on a loaded 2-core CI machine a healthy lookup can take longer
    than that, and the test would then see flakyd's (correct) fallback to the text instead of the
    store's answer. The slow-store test holds a lock for 4 s, past this deadline too."""
    env = dict(server.env, XDG_STATE_HOME=state_dir)
    return Daemon("--store", server.url, "--store-timeout-ms", "1000", *args, env=env)


@contextlib.contextmanager
def connected_fleet_daemon(server, state_dir, *args):
    """A fleet daemon once its store connection is open. A daemon tries one connection before it
    starts serving and connects in the background when that attempt misses its deadline (a
    loaded CI machine); until then it answers from local state, correctly but not what a test of
    sharing wants to see."""
    with fleet_daemon(server, state_dir, *args) as daemon:
        assert wait_until(lambda: store_metric(daemon, "flakyd_store_up") == 1, timeout=20), daemon.log()
        yield daemon


def run_store_command(server, action, *extra):
    return subprocess.run([BIN, "store", action, "--store", server.url, *extra],
                          env=dict(os.environ, **server.env), capture_output=True, text=True, timeout=60)


REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused\n"
FLIP = "AssertionError: the cache returned a stale total\nassert 41 == 42\n"


def report(daemon, run_id, commit, outcomes):
    status, _, reply = daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "report_outcome", "arguments": {"run_id": run_id, "commit": commit, "outcomes": outcomes}}})
    assert status == 200, reply
    return reply["result"]["structuredContent"]["recorded"]


# Schema version 2 as flakyd wrote it (store/schema.hpp, migrations 1 and 2).
V2_SCHEMA = [
    "CREATE TABLE flakyd_schema (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)",
    "CREATE TABLE flakyd_outcomes (run_id TEXT NOT NULL, test_id TEXT NOT NULL, commit_id TEXT NOT NULL DEFAULT '',"
    " outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped')), attempts INTEGER NOT NULL,"
    " fingerprint TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '', rule_id TEXT NOT NULL DEFAULT '',"
    " duration_s DOUBLE PRECISION, recorded_at BIGINT NOT NULL, PRIMARY KEY (run_id, test_id))",
    "CREATE INDEX flakyd_outcomes_by_test ON flakyd_outcomes (test_id, commit_id, outcome, attempts, fingerprint)",
    "CREATE INDEX flakyd_outcomes_by_time ON flakyd_outcomes (recorded_at)",
    "CREATE TABLE flakyd_verdicts (verdict_key TEXT NOT NULL PRIMARY KEY, category TEXT NOT NULL,"
    " confidence DOUBLE PRECISION NOT NULL, rule_id TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',"
    " origin TEXT NOT NULL, stored_at BIGINT NOT NULL)",
    "CREATE INDEX flakyd_verdicts_by_time ON flakyd_verdicts (stored_at)",
    "INSERT INTO flakyd_schema (version, applied_at) VALUES (1, 0), (2, 0)",
]


def history_key(text):
    """store/history_keys.hpp in Python: FNV-1a 64, a splitmix64 finaliser, signed; '' is 0."""
    if not text:
        return 0
    mask = (1 << 64) - 1
    value = 0xcbf29ce484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001b3) & mask
    value ^= value >> 30
    value = (value * 0xbf58476d1ce4e5b9) & mask
    value ^= value >> 27
    value = (value * 0x94d049bb133111eb) & mask
    value ^= value >> 31
    value = value or 1
    return value - (1 << 64) if value >= 1 << 63 else value


def trace_for(name):
    return f"ConnectionResetError: [Errno 104] Connection reset by peer in {name}"


class SharedStore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = PostgresServer().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="flakyd-state-")
        self.addCleanup(shutil.rmtree, self.state, ignore_errors=True)

    def test_two_daemons_share_a_verdict(self):
        with connected_fleet_daemon(self.server, os.path.join(self.state, "a")) as first, \
                connected_fleet_daemon(self.server, os.path.join(self.state, "b")) as second:
            learnt = first.classify(TRACE, test_id="tests/test_cache.py::test_reads")
            self.assertEqual(learnt["source"], "heuristic")
            # The verdict is written by the daemon's store worker, off the request path.
            self.assertTrue(wait_until(lambda: self.server.psql(
                "SELECT count(*) FROM flakyd_verdicts")[0][0] != "0", timeout=10))
            shared = second.classify(TRACE, test_id="tests/test_cache.py::test_reads")
            self.assertEqual(shared["source"], "cache")
            self.assertEqual(shared["category"], learnt["category"])
            self.assertEqual(shared["fingerprint"], learnt["fingerprint"])
            self.assertEqual(store_metric(second, "flakyd_store_verdict_hits_total"), 1)
            self.assertEqual(store_metric(second, "flakyd_store_up"), 1)
            # The second daemon copied it into its disk cache: the next lookup stays local.
            second.classify(TRACE, test_id="tests/test_cache.py::test_reads")
            self.assertEqual(store_metric(second, "flakyd_store_verdict_hits_total"), 1)

    def test_a_verdict_from_flakyd_classify_is_a_hit_for_the_daemons(self):
        failure = trace_for("classified_offline_by_the_command_line")
        offline = subprocess.run([BIN, "classify", "--store", self.server.url, "--no-history", "-"], input=failure,
                                 env=dict(os.environ, XDG_STATE_HOME=self.state, **self.server.env),
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(offline.returncode, 0, offline.stderr)
        self.assertEqual(json.loads(offline.stdout)["source"], "heuristic")
        with connected_fleet_daemon(self.server, os.path.join(self.state, "a")) as daemon:
            self.assertEqual(daemon.classify(failure)["source"], "cache")

    def test_store_stopped_mid_run_both_daemons_keep_answering_and_catch_up(self):
        with connected_fleet_daemon(self.server, os.path.join(self.state, "a")) as first, \
                connected_fleet_daemon(self.server, os.path.join(self.state, "b")) as second:
            known = trace_for("known_before_the_outage")
            self.assertEqual(first.classify(known)["source"], "heuristic")
            self.assertTrue(wait_until(lambda: second.classify(known)["source"] == "cache", timeout=10))
            self.server.stop()
            try:
                # Known failures: the disk cache; new ones: the heuristics. Nobody waits.
                self.assertEqual(first.classify(known)["source"], "cache")
                self.assertEqual(second.classify(known)["source"], "cache")
                during = trace_for("learnt_during_the_outage")
                self.assertEqual(first.classify(during)["category"], "flaky-network")
                for _ in range(5):
                    self.assertEqual(second.classify(trace_for("another_new_failure"))["category"], "flaky-network")
                self.assertTrue(wait_until(lambda: store_metric(first, "flakyd_store_up") == 0, timeout=10))
                self.assertTrue(wait_until(lambda: "unavailable" in first.log(), timeout=10))
            finally:
                self.server.start()
            # Back: the verdict learnt during the outage was queued and reaches the store, so the
            # other daemon finds it.
            self.assertTrue(wait_until(lambda: store_metric(first, "flakyd_store_up") == 1, timeout=20))
            self.assertTrue(wait_until(lambda: second.classify(during)["source"] == "cache", timeout=20))
            self.assertGreaterEqual(store_metric(first, "flakyd_store_reconnects_total"), 1)
            # One log line when it went down, one when it came back.
            self.assertEqual(first.log().count("answering from local state"), 1, first.log())
            self.assertIn("reachable again", first.log())

    def test_outcomes_reported_to_one_daemon_shape_the_others_advice(self):
        with connected_fleet_daemon(self.server, os.path.join(self.state, "a")) as first, \
                connected_fleet_daemon(self.server, os.path.join(self.state, "b")) as second:
            test_id = "tests/test_api.py::test_refused"
            fingerprint = first.classify(REFUSED, test_id=test_id)["fingerprint"]
            # Alone, a refused connection is a network blip worth retrying.
            self.assertEqual(second.classify(REFUSED, test_id=test_id)["action"], "retry_with_delay")
            for run in range(3):
                self.assertEqual(report(first, f"refused-run-{run}", "c1", [
                    {"test_id": test_id, "outcome": "failed", "attempts": 3, "fingerprint": fingerprint}]), 1)
            # The other daemon knows it failed every attempt in three runs: stop.
            answer = second.classify(REFUSED, test_id=test_id, commit="c1", run_id="refused-run-9")
            self.assertEqual(answer["source"], "history")
            self.assertEqual(answer["action"], "stop_retry")
            self.assertEqual(answer["history"]["failed_all_runs"], 3)
            self.assertEqual(answer["history"]["runs"], 3)
            # And the other way round: a flaky assertion reported to the second daemon is retried
            # when the first sees it (the text alone says it is a defect).
            flip_id = "tests/test_cache.py::test_flip"
            flip = first.classify(FLIP, test_id=flip_id)
            self.assertEqual(flip["action"], "stop_retry")
            self.assertEqual(report(second, "flip-run-1", "c1", [
                {"test_id": flip_id, "outcome": "passed", "attempts": 2, "fingerprint": flip["fingerprint"]}]), 1)
            self.assertEqual(report(second, "flip-run-2", "c1", [
                {"test_id": flip_id, "outcome": "failed", "attempts": 3, "fingerprint": flip["fingerprint"]}]), 1)
            answer = first.classify(FLIP, test_id=flip_id, commit="c1", run_id="flip-run-3")
            self.assertEqual(answer["source"], "history", answer)
            self.assertEqual(answer["action"], "retry_with_delay")
            rows = self.server.psql("SELECT count(*) FROM flakyd_outcomes WHERE run_id LIKE 'flip-run-%'")
            self.assertEqual(rows[0][0], "2")

    def test_outcomes_reported_during_an_outage_are_journaled_and_shipped_after_it(self):
        with connected_fleet_daemon(self.server, os.path.join(self.state, "a")) as first, \
                connected_fleet_daemon(self.server, os.path.join(self.state, "b")) as second:
            test_id = "tests/test_outage.py::test_refused"
            fingerprint = first.classify(REFUSED, test_id=test_id)["fingerprint"]
            self.server.stop()
            try:
                for run in range(3):
                    outcomes = [{"test_id": test_id, "outcome": "failed", "attempts": 3, "fingerprint": fingerprint}]
                    outcomes += [{"test_id": f"tests/test_outage.py::test_{index}", "outcome": "passed",
                                  "attempts": 1} for index in range(50)]
                    self.assertEqual(report(first if run % 2 == 0 else second, f"outage-run-{run}", "c2",
                                            outcomes), 51)
                # Both keep answering, from the text alone (history is the fleet's, and it is away).
                for daemon in (first, second):
                    answer = daemon.classify(REFUSED, test_id=test_id, commit="c2", run_id="outage-run-9")
                    self.assertEqual(answer["action"], "retry_with_delay", answer)
                    self.assertNotEqual(answer["source"], "history")
                self.assertEqual(store_metric(first, "flakyd_store_journal_depth"), 102)
                self.assertEqual(store_metric(second, "flakyd_store_journal_depth"), 51)
                self.assertEqual(store_metric(first, "flakyd_store_outcomes_journaled_total"), 102)
            finally:
                self.server.start()
            # Nothing was lost: the journals ship once the store is back.
            self.assertTrue(wait_until(lambda: self.server.psql(
                "SELECT count(*) FROM flakyd_outcomes WHERE run_id LIKE 'outage-run-%'")[0][0] == "153", timeout=30))
            for daemon in (first, second):
                self.assertTrue(wait_until(lambda: store_metric(daemon, "flakyd_store_journal_depth") == 0, timeout=10))
            self.assertEqual(store_metric(first, "flakyd_store_outcomes_shipped_total"), 102)
            answer = second.classify(REFUSED, test_id=test_id, commit="c2", run_id="outage-run-9")
            self.assertEqual(answer["source"], "history")
            self.assertEqual(answer["action"], "stop_retry")

    def test_read_only_store_keeps_outcomes_journaled_until_it_accepts_writes(self):
        with fleet_daemon(self.server, os.path.join(self.state, "a")) as daemon:
            test_id = "tests/test_ro.py::test_refused"
            fingerprint = daemon.classify(REFUSED, test_id=test_id)["fingerprint"]
            self.server.psql("ALTER DATABASE flakyd SET default_transaction_read_only = on", database="postgres")
            try:
                # Existing sessions keep their setting: end them, as a failover to a standby would.
                self.server.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'flakyd'",
                                 database="postgres")
                self.assertTrue(wait_until(lambda: store_metric(daemon, "flakyd_store_up") == 1, timeout=20))
                for run in range(3):
                    self.assertEqual(report(daemon, f"ro-run-{run}", "c3", [
                        {"test_id": test_id, "outcome": "failed", "attempts": 3, "fingerprint": fingerprint}]), 1)
                self.assertTrue(wait_until(lambda: store_metric(daemon, "flakyd_store_writable") == 0, timeout=10))
                self.assertEqual(store_metric(daemon, "flakyd_store_journal_depth"), 3)
                # Reads still work: the daemon keeps answering.
                self.assertEqual(daemon.classify(REFUSED, test_id=test_id)["action"], "retry_with_delay")
            finally:
                self.server.psql("ALTER DATABASE flakyd RESET default_transaction_read_only", database="postgres")
            self.assertTrue(wait_until(lambda: self.server.psql(
                "SELECT count(*) FROM flakyd_outcomes WHERE run_id LIKE 'ro-run-%'")[0][0] == "3", timeout=30))
            self.assertTrue(wait_until(lambda: store_metric(daemon, "flakyd_store_writable") == 1, timeout=10))
            self.assertEqual(daemon.log().count("is read-only"), 1, daemon.log())
            self.assertIn("accepts writes again", daemon.log())

    def test_slow_store_lookups_give_up_at_the_deadline_and_answer_from_text(self):
        with fleet_daemon(self.server, os.path.join(self.state, "a")) as daemon:
            test_id = "tests/test_slow.py::test_refused"
            fingerprint = daemon.classify(REFUSED, test_id=test_id)["fingerprint"]
            report(daemon, "slow-run-0", "c4", [
                {"test_id": test_id, "outcome": "failed", "attempts": 3, "fingerprint": fingerprint}])
            self.assertIn("history", daemon.classify(REFUSED, test_id=test_id, commit="c4", run_id="slow-run-1"))
            # Another session holds both tables locked: every store lookup blocks on it.
            holder = subprocess.Popen(
                ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.server.port), "-U", "flakyd", "-d", "flakyd",
                 "-c", "BEGIN; LOCK TABLE flakyd_outcomes, flakyd_verdicts IN ACCESS EXCLUSIVE MODE; "
                       "SELECT pg_sleep(4); COMMIT;"],
                env=dict(os.environ, **self.server.env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                self.assertTrue(wait_until(lambda: self.server.psql(
                    "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = "
                    "'flakyd_outcomes'::regclass")[0][0] == "1", timeout=10))
                answer = daemon.classify(REFUSED, test_id=test_id, commit="c4", run_id="slow-run")
                self.assertNotIn("history", answer)
                self.assertEqual(answer["source"], "cache")  # the disk cache still answers
                fresh = daemon.classify(trace_for("slow_store_new_failure"), test_id="t::new", commit="c4",
                                        run_id="slow-run")
                self.assertEqual(fresh["source"], "heuristic")
                self.assertGreaterEqual(store_metric(daemon, "flakyd_store_lookup_timeouts_total"), 2)
            finally:
                holder.wait(timeout=30)
            # The store is fine again: the worker reconnected and history answers.
            self.assertTrue(wait_until(lambda: "history" in daemon.classify(
                REFUSED, test_id=test_id, commit="c4", run_id="slow-run-2"), timeout=20))

    def test_sslmode_verify_full_is_honoured_never_downgraded(self):
        url = self.server.url.replace("sslmode=disable", "sslmode=verify-full")
        with Daemon("--store", url, env=dict(self.server.env, XDG_STATE_HOME=self.state)) as daemon:
            self.assertEqual(daemon.classify(trace_for("tls_required"))["category"], "flaky-network")
            self.assertEqual(store_metric(daemon, "flakyd_store_up"), 0)
            self.assertIn("SSL", daemon.log())  # the test server has no TLS: refused, not used in clear

    def test_password_never_logged(self):
        url_with_password = self.server.url.replace("flakyd@", f"flakyd:{PASSWORD}@")
        env = dict(XDG_STATE_HOME=self.state)  # no PGPASSWORD: the URL's password must work
        with Daemon("--store", url_with_password, env=env) as daemon:
            daemon.classify(TRACE)
            self.assertEqual(store_metric(daemon, "flakyd_store_up"), 1)
            _, _, metrics = daemon.request("GET", "/metrics")
            self.assertIn("flakyd@127.0.0.1", daemon.log())  # described without the password
            self.assertNotIn(PASSWORD, daemon.log())
            self.assertNotIn(PASSWORD, metrics.decode())
        checked = subprocess.run([BIN, "store", "check", "--store", url_with_password], capture_output=True,
                                 text=True, timeout=60)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertNotIn(PASSWORD, checked.stdout + checked.stderr)

    def test_wrong_password_degrades_with_one_log_line(self):
        with Daemon("--store", self.server.url, env={"PGPASSWORD": "wrong", "XDG_STATE_HOME": self.state}) as daemon:
            for name in ("alpha", "beta", "gamma"):
                self.assertEqual(daemon.classify(trace_for(f"wrong_password_{name}"))["source"], "heuristic")
            self.assertEqual(store_metric(daemon, "flakyd_store_up"), 0)
            self.assertEqual(daemon.log().count("answering from local state"), 1)
            self.assertNotIn("wrong", daemon.log().replace("wrong_password", ""))


class Migrations(unittest.TestCase):
    def test_daemons_and_operators_migrating_at_once_end_with_one_schema(self):
        with PostgresServer() as server, tempfile.TemporaryDirectory() as state:
            before = run_store_command(server, "check", "--json")
            self.assertEqual(before.returncode, 1, before.stderr)
            self.assertEqual(json.loads(before.stdout)["version"], 0)
            results = []

            def migrate():
                results.append(run_store_command(server, "migrate"))

            operators = [threading.Thread(target=migrate) for _ in range(4)]
            daemons = [fleet_daemon(server, os.path.join(state, str(index))) for index in range(3)]
            for operator in operators:
                operator.start()
            for daemon in daemons:
                daemon.__enter__()
            try:
                for operator in operators:
                    operator.join()
                for result in results:
                    self.assertEqual(result.returncode, 0, result.stderr)
                versions = server.psql("SELECT version FROM flakyd_schema ORDER BY version")
                self.assertEqual([row[0] for row in versions], ["1", "2", "3"])
                tables = server.psql("SELECT tablename FROM pg_tables WHERE tablename LIKE 'flakyd_%' ORDER BY 1")
                self.assertEqual([row[0] for row in tables], ["flakyd_outcomes", "flakyd_schema", "flakyd_verdicts"])
                for daemon in daemons:
                    self.assertEqual(store_metric(daemon, "flakyd_store_up"), 1)
                    self.assertNotIn("error", daemon.log().lower().replace("flakyd_store_errors", ""))
            finally:
                for daemon in daemons:
                    daemon.stop()
            after = run_store_command(server, "check")
            self.assertEqual(after.returncode, 0, after.stderr)
            self.assertIn("schema version 3 of 3 (current)", after.stdout)

    def test_a_version_2_database_is_migrated_and_its_outcomes_keep_deciding(self):
        test_id = "tests/test_api.py::test_refused"
        with PostgresServer() as server, tempfile.TemporaryDirectory() as state:
            offline = subprocess.run([BIN, "classify", "--json"], input=json.dumps({"trace": REFUSED, "test_id": test_id}),
                                     env=dict(os.environ, XDG_STATE_HOME=state), capture_output=True, text=True,
                                     timeout=60)
            fingerprint = json.loads(offline.stdout)["fingerprint"]
            # What flakyd at schema version 2 left: three runs in which the refusal failed every
            # attempt, written before the integer keys existed.
            for statement in V2_SCHEMA:
                server.psql(statement)
            for run in range(3):
                server.psql("INSERT INTO flakyd_outcomes (run_id, test_id, commit_id, outcome, attempts, fingerprint,"
                            f" recorded_at) VALUES ('old-{run}', '{test_id}', 'c1', 'failed', 3, '{fingerprint}',"
                            " extract(epoch from now())::bigint)")
            migrated = run_store_command(server, "migrate")
            self.assertEqual(migrated.returncode, 0, migrated.stderr)
            keys = server.psql("SELECT DISTINCT test_key, commit_key, fingerprint_key FROM flakyd_outcomes")
            # The adapter's hash, computed here independently: SQLite and PostgreSQL stores agree.
            self.assertEqual(keys, [[str(history_key(test_id)), str(history_key("c1")), str(history_key(fingerprint))]])
            with fleet_daemon(server, os.path.join(state, "a")) as daemon:
                answer = daemon.classify(REFUSED, test_id=test_id, commit="c1", run_id="new-run")
                self.assertEqual(answer["source"], "history", answer)
                self.assertEqual(answer["action"], "stop_retry")
                self.assertEqual(answer["history"]["failed_all_runs"], 3)

    def test_a_schema_from_a_newer_flakyd_is_refused(self):
        with PostgresServer() as server, tempfile.TemporaryDirectory() as state:
            self.assertEqual(run_store_command(server, "migrate").returncode, 0)
            server.psql("INSERT INTO flakyd_schema (version, applied_at) VALUES (99, 0)")
            checked = run_store_command(server, "check")
            self.assertEqual(checked.returncode, 1)
            self.assertIn("newer", checked.stdout)
            with fleet_daemon(server, state) as daemon:
                self.assertEqual(daemon.classify(TRACE)["category"], "flaky-network")
                self.assertEqual(store_metric(daemon, "flakyd_store_up"), 0)
                self.assertIn("upgrade flakyd", daemon.log())

    def test_store_command_without_a_postgres_store_is_a_usage_error(self):
        result = subprocess.run([BIN, "store", "check"], capture_output=True, text=True, timeout=30,
                                env={k: v for k, v in os.environ.items() if k != "FLAKYD_STORE"})
        self.assertEqual(result.returncode, 2)
        self.assertIn("postgresql://", result.stderr)

    def test_unreachable_store_check_exits_3(self):
        with PostgresServer() as server:
            url = server.url
            server.stop()
            result = subprocess.run([BIN, "store", "check", "--store", url], capture_output=True, text=True,
                                    timeout=60, env=dict(os.environ, **server.env))
            self.assertEqual(result.returncode, 3, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()

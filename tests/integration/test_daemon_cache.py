"""The disk cache and the report trail through the real daemon: hits, degradation when the
cache cannot be written, and a kill -9 in the middle of a load of writes."""
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import unittest

from daemon import BIN, Daemon, metric, wait_until

TRACES = [f"ConnectionResetError: [Errno 104] Connection reset by peer in worker_{i}_stage" for i in range(400)]


class Cache(unittest.TestCase):
    def test_a_repeated_failure_is_a_cache_hit_with_fresh_advice(self):
        with Daemon() as daemon:
            first = daemon.classify(TRACES[0], attempt=1)
            second = daemon.classify(TRACES[0], attempt=2)
            self.assertEqual(first["source"], "heuristic")
            self.assertEqual(second["source"], "cache")
            self.assertEqual(second["category"], first["category"])
            self.assertEqual((first["delay_s"], second["delay_s"]), (2.0, 4.0))
            self.assertEqual(metric(daemon, "cache_hit"), 1)

    def test_cache_directory_that_cannot_be_created(self):
        with tempfile.TemporaryDirectory() as scratch:
            blocker = os.path.join(scratch, "flakyd")
            open(blocker, "w").close()  # a file where the cache directory should be
            with Daemon(env={"XDG_CACHE_HOME": scratch}) as daemon:
                self.assertEqual(daemon.classify(TRACES[0])["source"], "heuristic")
                self.assertEqual(daemon.classify(TRACES[0])["source"], "heuristic")
                self.assertEqual(metric(daemon, "cache_disabled"), 1)
                self.assertIn("cache disabled", daemon.log())

    def test_unwritable_cache_degrades_with_one_log_line(self):
        with tempfile.TemporaryDirectory() as scratch:
            cache_dir = os.path.join(scratch, "flakyd")
            os.makedirs(cache_dir)
            for shard in range(256):  # files where every shard directory would go
                open(os.path.join(cache_dir, f"{shard:02x}"), "w").close()
            with Daemon(env={"XDG_CACHE_HOME": scratch}) as daemon:
                for trace in TRACES[:5]:
                    self.assertEqual(daemon.classify(trace)["category"], "flaky-network")
                self.assertEqual(metric(daemon, "cache_write_error"), 5)
                self.assertTrue(wait_until(lambda: "cannot write to" in daemon.log(), timeout=5))
                self.assertEqual(daemon.log().count("cannot write to"), 1)

    def test_cache_directory_vanishing_while_serving(self):
        with tempfile.TemporaryDirectory() as scratch:
            with Daemon(env={"XDG_CACHE_HOME": scratch}) as daemon:
                daemon.classify(TRACES[0])
                subprocess.run(["rm", "-rf", os.path.join(scratch, "flakyd")], check=True)
                open(os.path.join(scratch, "flakyd"), "w").close()
                for trace in TRACES[:3]:
                    self.assertEqual(daemon.classify(trace)["category"], "flaky-network")
                self.assertGreaterEqual(metric(daemon, "cache_write_error"), 1)


class Crash(unittest.TestCase):
    def test_kill_9_under_load_leaves_valid_entries_and_whole_lines(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            env = {"XDG_CACHE_HOME": scratch}
            daemon = Daemon("--report", trail, env=env, log_level="info").__enter__()
            stop = threading.Event()
            answered = []

            def hammer(offset):
                i = offset
                while not stop.is_set():
                    try:
                        daemon.classify(TRACES[i % len(TRACES)], test_id=f"t{i}")
                        answered.append(i)
                    except Exception:
                        return  # the daemon is gone
                    i += 7

            workers = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
            for worker in workers:
                worker.start()
            time.sleep(2.0)
            daemon.process.send_signal(signal.SIGKILL)
            daemon.process.wait()
            stop.set()
            for worker in workers:
                worker.join(timeout=30)
            daemon.stop()
            self.assertGreater(len(answered), 50)

            with open(trail, encoding="utf-8") as lines:
                parsed = [json.loads(line) for line in lines]  # a torn line would raise here
            self.assertGreaterEqual(len(parsed), len(answered) - 8)

            # After a restart every entry reads back valid, or is a miss: answers stay right. The
            # test id is part of the fingerprint, so the same requests are asked again.
            prune = subprocess.run([BIN, "cache", "prune", "--json", "--cache-dir", os.path.join(scratch, "flakyd")],
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(prune.returncode, 0, prune.stderr)
            with Daemon(env=env) as restarted:
                sources = set()
                for i in answered[:100]:
                    result = restarted.classify(TRACES[i % len(TRACES)], test_id=f"t{i}")
                    self.assertEqual(result["category"], "flaky-network")
                    sources.add(result["source"])
                self.assertIn("cache", sources)


class CacheCommand(unittest.TestCase):
    def test_stats_prune_clear(self):
        with tempfile.TemporaryDirectory() as scratch:
            cache_dir = os.path.join(scratch, "c")
            for trace in TRACES[:3]:
                subprocess.run([BIN, "classify", "--cache-dir", cache_dir, "-"], input=trace, capture_output=True,
                               text=True, check=True)
            stats = json.loads(subprocess.run([BIN, "cache", "stats", "--json", "--cache-dir", cache_dir],
                                              capture_output=True, text=True, check=True).stdout)
            self.assertEqual(stats["entries"], 3)
            again = json.loads(subprocess.run([BIN, "classify", "--cache-dir", cache_dir, "-"], input=TRACES[0],
                                              capture_output=True, text=True, check=True).stdout)
            self.assertEqual(again["source"], "cache")
            cleared = json.loads(subprocess.run([BIN, "cache", "clear", "--json", "--cache-dir", cache_dir],
                                                capture_output=True, text=True, check=True).stdout)
            self.assertEqual(cleared["removed"], 3)


class Report(unittest.TestCase):
    def test_report_summarises_a_trail(self):
        with tempfile.TemporaryDirectory() as scratch:
            trail = os.path.join(scratch, "trail.jsonl")
            lines = [json.dumps({"trace": "ConnectionResetError: reset", "test_id": "tests/a.py::test_x"}),
                     json.dumps({"trace": "E   AssertionError: 1 != 2", "test_id": "tests/b.py::test_y"})]
            subprocess.run([BIN, "classify", "--jsonl", "--report", trail, "-"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True, check=True)
            self.assertEqual(oct(os.stat(trail).st_mode & 0o777), "0o600")
            summary = json.loads(subprocess.run([BIN, "report", "--json", trail], capture_output=True, text=True,
                                                check=True).stdout)
            self.assertEqual(summary["decisions"], 2)
            self.assertEqual(summary["by_category"], {"flaky-network": 1, "deterministic": 1})
            self.assertEqual(summary["most_retried"][0]["test_id"], "tests/a.py::test_x")
            text = subprocess.run([BIN, "report", trail], capture_output=True, text=True, check=True).stdout
            self.assertIn("flaky-network: 1", text)
            with open(trail, encoding="utf-8") as raw:
                self.assertNotIn("AssertionError: 1 != 2", raw.read())


if __name__ == "__main__":
    unittest.main()

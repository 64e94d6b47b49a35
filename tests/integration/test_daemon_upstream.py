"""Forwarding to an upstream MCP endpoint with the heuristics as a safety net: every fault ends in
a correct answer with the right source, a log line and a metric. No secret reaches the upstream;
the bearer token does."""
import json
import os
import subprocess
import time
import unittest

from daemon import Daemon, metric, wait_until
from upstream_servers import Upstream
from test_daemon_interop import INTEROP, interop_node, node_problem

NETWORK = "Traceback (most recent call last):\nConnectionResetError: [Errno 104] Connection reset by peer"
DATA = os.environ.get("FLAKYD_TEST_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data"))


def upstream_daemon(upstream, *extra, env=None):
    return Daemon("--upstream", upstream.url, "--no-cache", "--upstream-timeout-ms", "800", *extra, env=env)


class Faults(unittest.TestCase):
    def test_healthy_upstream_answers_as_ai(self):
        with Upstream("healthy") as upstream, upstream_daemon(upstream) as daemon:
            result = daemon.classify(NETWORK)
            self.assertEqual((result["source"], result["category"], result["upstream"]), ("ai", "infrastructure", "ok"))
            self.assertEqual(result["delay_s"], 45)
            self.assertEqual(metric(daemon, "upstream_ok"), 1)

    def test_sse_reply(self):
        with Upstream("sse") as upstream, upstream_daemon(upstream) as daemon:
            self.assertEqual(daemon.classify(NETWORK)["source"], "ai")

    def assertFallsBack(self, mode, status, *extra, **upstream_args):
        with Upstream(mode, **upstream_args) as upstream, upstream_daemon(upstream, *extra) as daemon:
            # daemon.classify's client gives up after 10 s: a hang fails the test without it
            # timing anything (the fallback itself takes the upstream timeout, about a second).
            result = daemon.classify(NETWORK)
            self.assertEqual(result["source"], "heuristic", mode)
            self.assertEqual(result["category"], "flaky-network")
            self.assertEqual(result["upstream"], status)
            self.assertGreaterEqual(metric(daemon, f"upstream_{status}"), 1)
            # The log line was written before the answer; give the stderr reader a moment.
            self.assertTrue(wait_until(lambda: status in daemon.log(), timeout=5), daemon.log())
            return upstream, daemon

    def test_slow_past_the_timeout(self):
        self.assertFallsBack("slow", "timeout")

    def test_http_500(self):
        self.assertFallsBack("http500", "http-500")

    def test_wrong_token_401(self):
        with Upstream("healthy", token="the-right-token") as upstream, \
                upstream_daemon(upstream, env={"FLAKYD_UPSTREAM_TOKEN": "a-wrong-token"}) as daemon:
            result = daemon.classify(NETWORK)
            self.assertEqual((result["source"], result["upstream"]), ("heuristic", "http-401"))
            self.assertGreaterEqual(metric(daemon, "upstream_http-401"), 1)
            self.assertTrue(wait_until(lambda: "http-401" in daemon.log(), timeout=5))
            self.assertNotIn("a-wrong-token", daemon.log())

    def test_garbage_json(self):
        self.assertFallsBack("garbage", "invalid-answer")

    def test_out_of_taxonomy_answer(self):
        self.assertFallsBack("out_of_taxonomy", "invalid-answer")

    def test_delay_beyond_the_cap(self):
        self.assertFallsBack("bad_delay", "invalid-answer")

    def test_connection_refused(self):
        with Upstream("healthy") as upstream:
            url = upstream.url
        with Daemon("--upstream", url, "--no-cache") as daemon:
            result = daemon.classify(NETWORK)
            self.assertEqual((result["source"], result["upstream"]), ("heuristic", "unreachable"))
            self.assertGreaterEqual(metric(daemon, "upstream_unreachable"), 1)
            self.assertTrue(wait_until(lambda: "unreachable" in daemon.log(), timeout=5))

    def test_drop_mid_reply_endless_body_and_stall(self):
        self.assertFallsBack("drop_mid_reply", "timeout")
        self.assertFallsBack("endless", "too-large")
        self.assertFallsBack("stall_after_headers", "timeout")

    def test_https_self_signed_refused_without_ca_and_accepted_with_it(self):
        with Upstream("healthy", tls=True) as upstream:
            with upstream_daemon(upstream) as daemon:
                result = daemon.classify(NETWORK)
                self.assertEqual(result["source"], "heuristic")
                self.assertTrue(result["upstream"].startswith("tls"), result["upstream"])
            with upstream_daemon(upstream, "--upstream-ca", upstream.cert) as daemon:
                self.assertEqual(daemon.classify(NETWORK)["source"], "ai")

    def test_circuit_breaker_stops_calling_a_dead_upstream(self):
        with Upstream("http500") as upstream, \
                upstream_daemon(upstream, "--breaker-threshold", "2", "--breaker-cooldown-ms", "60000") as daemon:
            for i in range(6):
                self.assertEqual(daemon.classify(f"{NETWORK} #{i}")["source"], "heuristic")
            self.assertEqual(len(upstream.tool_calls()), 2)
            self.assertEqual(daemon.classify(NETWORK + " again")["upstream"], "circuit-open")
            self.assertGreaterEqual(metric(daemon, "upstream_circuit-open"), 4)

    def test_half_open_probe_recovers(self):
        with Upstream("http500") as upstream, \
                upstream_daemon(upstream, "--breaker-threshold", "1", "--breaker-cooldown-ms", "300") as daemon:
            daemon.classify(NETWORK + " 1")
            self.assertEqual(daemon.classify(NETWORK + " 2")["upstream"], "circuit-open")
            upstream.mode = "healthy"
            time.sleep(0.5)
            self.assertEqual(daemon.classify(NETWORK + " 3")["source"], "ai")

    def test_ai_answers_are_cached(self):
        with Upstream("healthy") as upstream, Daemon("--upstream", upstream.url) as daemon:
            first = daemon.classify(NETWORK, attempt=1)
            second = daemon.classify(NETWORK, attempt=2)
            self.assertEqual((first["source"], second["source"]), ("ai", "cache"))
            self.assertEqual(second["category"], "infrastructure")
            self.assertEqual(len(upstream.tool_calls()), 1)

    def test_confident_defects_are_not_overruled(self):
        with Upstream("healthy") as upstream, upstream_daemon(upstream) as daemon:
            result = daemon.classify("E   ModuleNotFoundError: No module named 'yaml'")
            self.assertEqual((result["source"], result["category"], result["action"]),
                             ("heuristic", "deterministic", "stop_retry"))
            self.assertIn("overruled", result["reason"])


class Secrets(unittest.TestCase):
    def test_no_planted_secret_reaches_the_upstream_and_the_token_does(self):
        with open(os.path.join(DATA, "secrets-dev.jsonl"), encoding="utf-8") as corpus:
            entries = [json.loads(line) for line in corpus]
        with Upstream("healthy") as upstream, \
                upstream_daemon(upstream, env={"FLAKYD_UPSTREAM_TOKEN": "upstream-bearer-123"}) as daemon:
            for entry in entries:
                daemon.classify(entry["text"], message=entry["text"][:200], test_id=entry["id"])
            received = "\n".join(body for _, body in upstream.requests)
            self.assertEqual(len(upstream.tool_calls()), len(entries))
            for entry in entries:
                for secret in entry["secrets"]:
                    self.assertNotIn(secret, received, entry["id"])
            for headers, _ in upstream.requests:
                self.assertEqual(headers.get("Authorization"), "Bearer upstream-bearer-123")
            _, _, metrics = daemon.request("GET", "/metrics")
            self.assertNotIn("upstream-bearer-123", daemon.log() + metrics.decode())


class OfficialSdkServer(unittest.TestCase):
    def test_a_server_built_with_the_typescript_sdk(self):
        problem = node_problem()
        if problem:
            raise RuntimeError(problem)
        server = subprocess.Popen([interop_node(), "upstream_server.mjs"], cwd=INTEROP, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = json.loads(server.stdout.readline())["port"]
            with Daemon("--upstream", f"http://127.0.0.1:{port}/mcp", "--no-cache") as daemon:
                result = daemon.classify(NETWORK)
                self.assertEqual((result["source"], result["category"], result["delay_s"]), ("ai", "timeout", 12))
                self.assertIn("AI: the host was slow", result["reason"])
        finally:
            server.stdin.close()
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    unittest.main()

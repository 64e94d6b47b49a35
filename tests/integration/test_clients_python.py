"""The shared standard-library client (clients/python/flakyd_client.py) against the real daemon:
advice over HTTP MCP without a handshake, the bearer token from the environment, and the fallback
rule when the daemon is down, refuses the token or answers nonsense."""
import http.server
import json
import logging
import os
import sys
import threading
import unittest
from unittest import mock

from daemon import Daemon, refusing_port

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

import flakyd_client  # noqa: E402
from flakyd_client import Client, Policy, Unavailable, fallback_advice  # noqa: E402

RESET = "ConnectionResetError: [Errno 104] Connection reset by peer"
BUG = "Traceback (most recent call last):\n  File \"app.py\", line 3, in f\n    return d['k']\nKeyError: 'k'"


def closed_port_url(test):
    return f"http://127.0.0.1:{refusing_port(test)}/mcp"


class NonsenseServer:
    """A local HTTP server that answers every POST with the same canned body."""

    def __init__(self, body, content_type="application/json"):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/mcp"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class AgainstTheDaemon(unittest.TestCase):
    def test_advice_for_a_blip_and_for_a_bug_without_a_handshake(self):
        with Daemon() as daemon:
            client = Client(daemon.url)
            blip = client.advise({"trace": RESET, "test_id": "jobs.sync"}, Policy(base_delay_s=0.5))
            self.assertEqual((blip["category"], blip["action"], blip["delay_s"]), ("flaky-network", "retry_with_delay", 0.5))
            self.assertEqual(blip["source"], "heuristic")
            bug = client.advise({"trace": BUG}, Policy(), exception_type="KeyError")
            self.assertEqual((bug["category"], bug["action"]), ("deterministic", "stop_retry"))
            self.assertIsNone(client.unavailable)

    def test_other_tools_answer_through_call_tool(self):
        with Daemon() as daemon:
            redacted = Client(daemon.url).call_tool("redact", {"text": "password=hunter2-very-secret"})
            self.assertEqual(redacted["redactions"], 1)
            self.assertNotIn("hunter2-very-secret", json.dumps(redacted))
            with self.assertRaises(Unavailable) as unknown:
                Client(daemon.url).call_tool("no_such_tool", {})
            self.assertTrue("error" in str(unknown.exception) or "unexpected" in str(unknown.exception))

    def test_a_huge_trace_is_cut_in_the_middle_and_still_classified(self):
        huge = "log line\n" * 1_200_000 + RESET  # 10.8 MB, over the daemon's 8 MiB body cap; the cause last
        with Daemon() as daemon:
            advice = Client(daemon.url).call({"trace": huge})
        self.assertEqual(advice["category"], "flaky-network")
        cut = flakyd_client.head_and_tail(huge)
        self.assertLessEqual(len(cut), flakyd_client.MAX_TRACE_CHARS + 100)
        self.assertTrue(cut.endswith(RESET))

    def test_the_url_comes_from_the_environment(self):
        with Daemon() as daemon, mock.patch.dict(os.environ, {"FLAKYD_URL": daemon.url}):
            self.assertEqual(Client().advise({"trace": RESET}, Policy())["source"], "heuristic")

    def test_the_token_comes_from_the_environment_and_never_shows(self):
        secret = "s3cret-token-for-the-test"
        with Daemon(env={"FLAKYD_TOKEN": secret}) as daemon:
            with mock.patch.dict(os.environ, {"FLAKYD_TOKEN": secret}):
                self.assertEqual(Client(daemon.url).call({"trace": RESET})["category"], "flaky-network")
            with mock.patch.dict(os.environ, {"FLAKYD_TOKEN": "wrong-" + secret}):
                with self.assertRaises(Unavailable) as refused:
                    Client(daemon.url).call({"trace": RESET})
            self.assertIn("401", str(refused.exception))
            self.assertIn("FLAKYD_TOKEN", str(refused.exception))
            self.assertNotIn(secret, str(refused.exception))
            with mock.patch.dict(os.environ, {"FLAKYD_TOKEN": "wrong"}), self.assertLogs("flakyd", "WARNING") as logs:
                advice = Client(daemon.url).advise({"trace": RESET, "attempt": 1}, Policy())
            self.assertEqual(advice["source"], "fallback")
            self.assertNotIn(secret, "".join(logs.output))


class Fallback(unittest.TestCase):
    def test_down_says_so_once_and_answers_plain_bounded_retries(self):
        client = Client(closed_port_url(self), timeout_s=5)
        policy = Policy(max_attempts=3, backoff="exp")
        with self.assertLogs("flakyd", "WARNING") as logs:
            advice = [client.advise({"trace": BUG, "attempt": n}, policy) for n in (1, 2, 3)]
        self.assertEqual(len(logs.output), 1)
        self.assertIn("falling back to plain bounded retries", logs.output[0])
        self.assertEqual([a["action"] for a in advice], ["retry_with_delay", "retry_with_delay", "stop_retry"])
        self.assertEqual([a["delay_s"] for a in advice], [1.0, 2.0, 0.0])
        self.assertTrue(all(a["source"] == "fallback" for a in advice))

    def test_a_session_client_stays_on_the_fallback_a_worker_client_asks_again(self):
        url = closed_port_url(self)
        session, worker = Client(url), Client(url, recheck_after_s=0)
        with self.assertLogs("flakyd", "WARNING"):
            session.advise({"trace": RESET}, Policy())
            worker.advise({"trace": RESET}, Policy())
        with mock.patch.object(Client, "call", side_effect=AssertionError("asked")) as call:
            session.advise({"trace": RESET}, Policy())
            call.assert_not_called()
        with mock.patch.object(Client, "call", return_value={"action": "stop_retry", "source": "heuristic"}):
            with self.assertLogs("flakyd", "WARNING") as logs:
                self.assertEqual(worker.advise({"trace": RESET}, Policy())["source"], "heuristic")
        self.assertIn("reachable again", logs.output[0])
        self.assertIsNone(worker.unavailable)

    def test_the_fallback_rule(self):
        exp, linear, none = Policy(backoff="exp"), Policy(backoff="linear", base_delay_s=2), Policy(backoff="none")
        self.assertEqual(fallback_advice(2, exp)["delay_s"], 2.0)
        self.assertEqual(fallback_advice(2, linear)["delay_s"], 4.0)
        self.assertEqual(fallback_advice(2, none)["delay_s"], 1.0)
        self.assertEqual(fallback_advice(2, Policy(max_delay_s=1.5))["delay_s"], 1.5)
        self.assertEqual(fallback_advice(3, exp)["action"], "stop_retry")
        allow = Policy(retry_on=["ConnectionResetError"])
        self.assertEqual(fallback_advice(1, allow, "builtins.ConnectionResetError")["action"], "retry_with_delay")
        self.assertEqual(fallback_advice(1, allow, "KeyError")["action"], "stop_retry")
        self.assertEqual(fallback_advice(1, allow, None)["action"], "stop_retry")

    def test_nonsense_answers_are_unavailable_not_crashes(self):
        answers = [(b"not json", "application/json"),
                   (b'{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no such method"}}', "application/json"),
                   (b'{"jsonrpc":"2.0","id":1,"result":{"isError":true,"content":[]}}', "application/json"),
                   (b'{"jsonrpc":"2.0","id":1,"result":{"structuredContent":{"action":"reboot"}}}', "application/json"),
                   (b"[1,2]", "application/json"),
                   (b"x" * (flakyd_client.MAX_REPLY_BYTES + 10), "application/json")]
        for body, content_type in answers:
            with self.subTest(body=body[:40]), NonsenseServer(body, content_type) as url:
                with self.assertRaises(Unavailable):
                    Client(url).call({"trace": RESET})

    def test_an_event_stream_reply_is_read(self):
        body = (b'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"structuredContent":'
                b'{"action":"stop_retry","category":"deterministic"}}}\n\n')
        with NonsenseServer(body, "text/event-stream") as url:
            self.assertEqual(Client(url).call({"trace": BUG})["category"], "deterministic")

    def test_bad_settings_are_clear_errors(self):
        for kwargs in ({"max_attempts": 0}, {"max_attempts": "3"}, {"backoff": "fibonacci"},
                       {"base_delay_s": -1}, {"max_delay_s": 7200}):
            with self.subTest(**kwargs), self.assertRaises(ValueError):
                Policy(**kwargs)
        with self.assertRaises(ValueError):
            Client("ftp://127.0.0.1/mcp")


if __name__ == "__main__":
    logging.basicConfig()
    unittest.main()

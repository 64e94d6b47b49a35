"""`flakyd serve --stdio`: newline-delimited JSON-RPC, nothing but replies on stdout, logs on
stderr, clean exit at end of input, bounded lines."""
import json
import subprocess
import unittest

from daemon import BIN


def serve_stdio(lines, *args):
    result = subprocess.run([BIN, "serve", "--stdio", *args], input="".join(line + "\n" for line in lines),
                            capture_output=True, text=True, timeout=60)
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


class Stdio(unittest.TestCase):
    def test_a_session(self):
        code, replies, stderr = serve_stdio([
            json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                   "clientInfo": {"name": "t", "version": "1"}}}),
            json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                        "params": {"name": "classify_failure",
                                   "arguments": {"trace": "E   ModuleNotFoundError: No module named 'yaml'"}}}),
            "{broken",
            json.dumps({"jsonrpc": "2.0", "id": "three", "method": "ping"}),
        ])
        self.assertEqual(code, 0)
        self.assertEqual([reply.get("id") for reply in replies], [1, 2, None, "three"])
        self.assertEqual(replies[0]["result"]["protocolVersion"], "2025-06-18")
        self.assertEqual(replies[1]["result"]["structuredContent"]["category"], "deterministic")
        self.assertEqual(replies[2]["error"]["code"], -32700)
        self.assertIn("end of input", stderr)

    def test_batches_after_2025_03_26(self):
        batch = json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 2, "method": "ping"}])
        code, replies, _ = serve_stdio([batch])
        self.assertEqual(replies[0]["error"]["code"], -32600)
        code, replies, _ = serve_stdio([
            json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                        "params": {"protocolVersion": "2025-03-26", "capabilities": {},
                                   "clientInfo": {"name": "t", "version": "1"}}}), batch])
        self.assertEqual(sorted(item["id"] for item in replies[1]), [1, 2])

    def test_a_batch_holds_at_most_100_requests(self):
        ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
        initialize = json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                                 "params": {"protocolVersion": "2025-03-26", "capabilities": {},
                                            "clientInfo": {"name": "t", "version": "1"}}})
        code, replies, _ = serve_stdio([initialize, "[" + ",".join([ping] * 200000) + "]",
                                        "[" + ",".join([ping] * 100) + "]"])
        self.assertEqual(code, 0)
        self.assertEqual(replies[1]["error"]["code"], -32600)
        self.assertIn("at most 100", replies[1]["error"]["message"])
        self.assertEqual(len(replies[2]), 100)

    def test_regression_out_of_range_number_does_not_end_the_session(self):
        code, replies, _ = serve_stdio(['{"jsonrpc":"2.0","id":1,"method":"ping","params":{"n":1e99999}}',
                                        json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"})])
        self.assertEqual(code, 0)
        self.assertEqual(replies[0]["error"]["code"], -32700)
        self.assertEqual(replies[1]["id"], 2)

    def test_over_long_lines_are_refused_and_the_session_goes_on(self):
        long_line = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                "params": {"name": "classify_failure", "arguments": {"trace": "x" * 50000}}})
        code, replies, _ = serve_stdio([long_line, json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"})],
                                       "--max-body-bytes", "4096")
        self.assertEqual(code, 0)
        self.assertEqual(replies[0]["error"]["code"], -32600)
        self.assertEqual(replies[1]["id"], 2)


if __name__ == "__main__":
    unittest.main()

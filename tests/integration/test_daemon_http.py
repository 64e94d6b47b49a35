"""The daemon over Streamable HTTP: the protocol, both MCP eras, and a bad-input suite that ends
each case with a good request to prove the daemon kept serving. Real daemon, real sockets."""
import json
import socket
import unittest

from daemon import Daemon, wait_until

GOOD_TRACE = "ConnectionResetError: [Errno 104] Connection reset by peer"
MODERN = "2026-07-28"
META = {"io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}


def call(arguments, name="classify_failure", id_=1):
    return {"jsonrpc": "2.0", "id": id_, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


def raw_exchange(port, data, read_timeout=5):
    """Sends raw bytes, returns everything the server answered before closing or timing out."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(b"".join(chunks)) > 12:
                    head = b"".join(chunks).split(b"\r\n\r\n", 1)[0]
                    if b"Content-Length: 0" in head or b" 416 " in head:
                        break
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


class Protocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(env={"FLAKYD_TEST_FAULTS": "1"}).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def assertServing(self):
        self.assertEqual(self.daemon.classify(GOOD_TRACE)["category"], "flaky-network")

    def test_stateless_tools_call_without_initialize(self):
        result = self.daemon.classify(GOOD_TRACE, attempt=2, policy={"base_delay_s": 0.5})
        self.assertEqual(result["action"], "retry_with_delay")
        self.assertAlmostEqual(result["delay_s"], 1.0)

    def test_ids_are_echoed_verbatim(self):
        for id_ in ["abc", 0, 2 ** 60, -7]:
            status, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": id_, "method": "ping"})
            self.assertEqual(status, 200)
            self.assertEqual(reply["id"], id_)
            self.assertEqual(type(reply["id"]), type(id_))

    def test_notification_gets_202_and_no_body(self):
        status, _, body = self.daemon.request("POST", "/mcp", {"jsonrpc": "2.0", "method": "notifications/initialized"})
        self.assertEqual((status, body), (202, b""))

    def test_initialize_negotiates_versions(self):
        for requested, expected in [("2025-03-26", "2025-03-26"), ("2025-06-18", "2025-06-18"),
                                    ("2025-11-25", "2025-11-25"), ("1999-01-01", "2025-11-25")]:
            status, headers, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                                      "params": {"protocolVersion": requested, "capabilities": {},
                                                                 "clientInfo": {"name": "t", "version": "1"}}})
            self.assertEqual(status, 200)
            self.assertEqual(reply["result"]["protocolVersion"], expected)
            self.assertIn("Mcp-Session-Id", headers)

    def test_batches_only_in_a_2025_03_26_session(self):
        batch = [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, call({"trace": GOOD_TRACE}, id_=2),
                 {"jsonrpc": "2.0", "method": "notifications/initialized"}]
        status, _, reply = self.daemon.rpc(batch)
        self.assertEqual(status, 400)
        self.assertEqual(reply["error"]["code"], -32600)
        for version, allowed in [("2025-03-26", True), ("2025-06-18", False)]:
            _, headers, _ = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                             "params": {"protocolVersion": version, "capabilities": {},
                                                        "clientInfo": {"name": "t", "version": "1"}}})
            session = {"Mcp-Session-Id": headers["Mcp-Session-Id"]}
            status, _, reply = self.daemon.rpc(batch, headers=session)
            if allowed:
                self.assertEqual(status, 200)
                self.assertEqual(sorted(item["id"] for item in reply), [1, 2])
            else:
                self.assertEqual(status, 400)

    def test_unknown_session_is_404_and_delete_ends_a_session(self):
        status, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"},
                                           headers={"Mcp-Session-Id": "0" * 32})
        self.assertEqual(status, 404)
        _, headers, _ = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                         "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                                                    "clientInfo": {"name": "t", "version": "1"}}})
        session = {"Mcp-Session-Id": headers["Mcp-Session-Id"]}
        self.assertEqual(self.daemon.request("DELETE", "/mcp", headers=session)[0], 204)
        self.assertEqual(self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers=session)[0], 404)

    def test_get_mcp_is_405(self):
        self.assertEqual(self.daemon.request("GET", "/mcp")[0], 405)

    def test_tools_list_publishes_schemas(self):
        _, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        tools = {tool["name"]: tool for tool in reply["result"]["tools"]}
        self.assertEqual(set(tools), {"classify_failure", "report_outcome", "redact"})
        self.assertEqual(tools["classify_failure"]["inputSchema"]["required"], ["trace"])
        self.assertIn("fingerprint", tools["classify_failure"]["outputSchema"]["properties"])

    def test_redact_tool(self):
        _, _, reply = self.daemon.rpc(call({"text": "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}, name="redact"))
        self.assertEqual(reply["result"]["structuredContent"]["redactions"], 1)
        self.assertNotIn("ghp_", json.dumps(reply))

    def test_modern_era(self):
        headers = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "server/discover"}
        status, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "server/discover",
                                            "params": {"_meta": META}}, headers=headers)
        self.assertEqual(status, 200)
        self.assertIn(MODERN, reply["result"]["supportedVersions"])
        self.assertEqual(reply["result"]["resultType"], "complete")
        self.assertIn("ttlMs", reply["result"])

        message = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                   "params": {"name": "classify_failure", "arguments": {"trace": GOOD_TRACE}, "_meta": META}}
        good = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": "classify_failure"}
        status, _, reply = self.daemon.rpc(message, headers=good)
        self.assertEqual(status, 200)
        self.assertEqual(reply["result"]["resultType"], "complete")
        self.assertEqual(reply["result"]["structuredContent"]["category"], "flaky-network")
        encoded = dict(good, **{"Mcp-Name": "=?base64?Y2xhc3NpZnlfZmFpbHVyZQ==?="})
        self.assertEqual(self.daemon.rpc(message, headers=encoded)[0], 200)

        for broken in [dict(good, **{"Mcp-Name": "redact"}), {k: v for k, v in good.items() if k != "Mcp-Method"},
                       {k: v for k, v in good.items() if k != "MCP-Protocol-Version"}]:
            status, _, reply = self.daemon.rpc(message, headers=broken)
            self.assertEqual(status, 400, broken)
            self.assertEqual(reply["error"]["code"], -32020)

        old = dict(META, **{"io.modelcontextprotocol/protocolVersion": "1900-01-01"})
        status, _, reply = self.daemon.rpc(
            {"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {"_meta": old}},
            headers={"MCP-Protocol-Version": "1900-01-01", "Mcp-Method": "tools/list"})
        self.assertEqual(status, 400)
        self.assertEqual(reply["error"]["code"], -32022)
        self.assertIn(MODERN, reply["error"]["data"]["supported"])

        status, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 4, "method": "no/such", "params": {"_meta": META}},
                                           headers={"MCP-Protocol-Version": MODERN, "Mcp-Method": "no/such"})
        self.assertEqual(status, 404)
        self.assertEqual(reply["error"]["code"], -32601)

    # ---- bad input: each gets the right status/error and the daemon keeps serving ----

    def test_malformed_json(self):
        status, _, body = self.daemon.request("POST", "/mcp", b'{"jsonrpc": "2.0", "id": 1,')
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"]["code"], -32700)
        self.assertServing()

    def test_invalid_requests(self):
        for message in [[], 5, {"jsonrpc": "1.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 1},
                        {"jsonrpc": "2.0", "id": 1, "method": 7}, {"jsonrpc": "2.0", "id": {}, "method": "ping"},
                        {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": "x"}]:
            status, _, reply = self.daemon.rpc(message)
            self.assertEqual(status, 400, message)
            self.assertEqual(reply["error"]["code"], -32600, message)
        self.assertServing()

    def test_wrong_argument_types_and_missing_trace(self):
        for arguments, needle in [({"trace": 5}, "trace"), ({}, "trace"), ({"trace": "x", "attempt": "1"}, "attempt"),
                                  ({"trace": "x", "policy": {"backoff": "fib"}}, "backoff")]:
            status, _, reply = self.daemon.rpc(call(arguments))
            self.assertEqual(status, 200)
            self.assertEqual(reply["error"]["code"], -32602)
            self.assertIn(needle, reply["error"]["message"])
        _, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": 5}})
        self.assertEqual(reply["error"]["code"], -32602)
        self.assertServing()

    def test_unknown_method_and_tool(self):
        _, _, reply = self.daemon.rpc({"jsonrpc": "2.0", "id": 1, "method": "resources/list"})
        self.assertEqual(reply["error"]["code"], -32601)
        _, _, reply = self.daemon.rpc(call({"trace": "x"}, name="nope"))
        self.assertEqual(reply["error"]["code"], -32602)
        self.assertServing()

    def test_empty_trace_is_a_tool_error(self):
        _, _, reply = self.daemon.rpc(call({"trace": "  "}))
        self.assertTrue(reply["result"]["isError"])
        self.assertServing()

    def test_deep_nesting(self):
        body = b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":' + b"[" * 10000 + b"]" * 10000 + b"}}"
        status, _, reply = self.daemon.request("POST", "/mcp", body)
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(reply)["error"]["code"], -32600)
        self.assertServing()

    def test_invalid_utf8_is_answered(self):
        body = b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"classify_failure","arguments":{"trace":"\xff\xfe ConnectionResetError \xc3\x28"}}}'
        status, _, reply = self.daemon.request("POST", "/mcp", body)
        self.assertIn(status, (200, 400))
        json.loads(reply)  # whatever the verdict, the answer is valid JSON
        self.assertServing()

    def test_body_over_the_limit_with_content_length(self):
        # Refused on the head alone: the answer comes while the body has not been sent at all.
        head = (b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % (9 << 20))
        self.assertIn(b" 413 ", raw_exchange(self.daemon.port, head).split(b"\r\n", 1)[0])
        self.assertServing()

    def test_body_over_the_limit_chunked(self):
        chunk = b"x" * 65536
        head = (b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(160)) + b"0\r\n\r\n"
        answer = raw_exchange(self.daemon.port, head + body)
        self.assertIn(b" 413 ", answer.split(b"\r\n", 1)[0])
        self.assertServing()

    def test_body_over_the_limit_without_length(self):
        head = b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\nConnection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10) as sock:
            sock.sendall(head)
            sent = 0
            try:
                while sent < (12 << 20):
                    sock.sendall(b"x" * 65536)
                    sent += 65536
                sock.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                answer = sock.recv(4096)
            except (ConnectionResetError, socket.timeout):
                answer = b""
        # A length-less request body is either refused (413) or treated as empty (400): never buffered whole.
        if answer:
            self.assertRegex(answer.split(b"\r\n", 1)[0], rb" (413|400) ")
        self.assertServing()

    def test_content_length_with_transfer_encoding(self):
        request = (b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\n"
                   b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        self.assertIn(b" 400 ", raw_exchange(self.daemon.port, request).split(b"\r\n", 1)[0])
        self.assertServing()

    def test_expect_100_continue_and_pipelined_requests(self):
        body = json.dumps(call({"trace": GOOD_TRACE})).encode()
        head = (b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\n"
                b"Content-Length: %d\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10) as sock:
            # The interim answer comes before the body is sent.
            sock.sendall(head + b"Expect: 100-continue\r\n\r\n")
            self.assertEqual(sock.recv(64), b"HTTP/1.1 100 Continue\r\n\r\n")
            sock.sendall(body)
            reader = sock.makefile("rb")
            self.assertIn(b" 200 ", reader.readline())
            # Two requests in one write: two answers, in order, on the same connection.
            ping = b'{"jsonrpc":"2.0","id":7,"method":"ping"}'
            one = b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            sock.sendall(one % len(body) + body + one % len(ping) + ping)
            answers = []
            while len(answers) < 3:
                line = reader.readline()
                self.assertTrue(line)
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
                    self.assertEqual(reader.readline(), b"\r\n")
                    answers.append(json.loads(reader.read(length)))
            self.assertEqual(answers[1]["result"]["structuredContent"]["category"], "flaky-network")
            self.assertEqual(answers[2], {"jsonrpc": "2.0", "id": 7, "result": {}})

    def test_chunked_body_is_read(self):
        body = json.dumps(call({"trace": GOOD_TRACE})).encode()
        half = len(body) // 2
        chunks = b"%x;ext=1\r\n%s\r\n%x\r\n%s\r\n0\r\nX-Trailer: t\r\n\r\n" % (
            half, body[:half], len(body) - half, body[half:])
        request = (b"POST /mcp HTTP/1.1\r\n" + self.daemon.host_field + b"Content-Type: application/json\r\n"
                   b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks)
        answer = raw_exchange(self.daemon.port, request)
        head, _, payload = answer.partition(b"\r\n\r\n")
        self.assertIn(b" 200 ", head.split(b"\r\n", 1)[0])
        self.assertEqual(json.loads(payload)["result"]["structuredContent"]["category"], "flaky-network")
        bad = request.replace(b"%x;ext=1" % half, b"zz")
        self.assertIn(b" 400 ", raw_exchange(self.daemon.port, bad).split(b"\r\n", 1)[0])
        self.assertServing()

    def test_head_and_unknown_paths(self):
        status, headers, body = self.daemon.request("HEAD", "/healthz")
        self.assertEqual((status, body), (200, b""))
        self.assertGreater(int(headers["Content-Length"]), 0)
        status, _, body = self.daemon.request("GET", "/elsewhere")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error"]["code"], -32600)
        self.assertEqual(self.daemon.request("PUT", "/mcp", b"{}")[0], 405)
        self.assertServing()

    def test_thousands_of_headers(self):
        headers = b"".join(b"X-Flood-%d: %d\r\n" % (i, i) for i in range(5000))
        request = b"GET /healthz HTTP/1.1\r\n" + self.daemon.host_field + headers + b"\r\n"
        answer = raw_exchange(self.daemon.port, request)
        if answer:
            self.assertIn(b" 431 ", answer.split(b"\r\n", 1)[0])
        self.assertServing()

    def test_range_header_is_refused(self):
        status, _, body = self.daemon.request("GET", "/metrics", headers={"Range": "bytes=0-1,0-1,0-1"})
        self.assertEqual((status, body), (416, b""))
        status, _, body = self.daemon.request("POST", "/mcp", call({"trace": GOOD_TRACE}), headers={"Range": "bytes=0-10"})
        self.assertEqual((status, body), (416, b""))
        self.assertServing()

    def test_spoofed_remote_addr_is_not_trusted(self):
        status, _, _ = self.daemon.request("GET", "/healthz", headers={"REMOTE_ADDR": "203.0.113.9",
                                                                        "X-Probe": "spoof"})
        self.assertEqual(status, 200)
        # The access log names the socket's address; wait for the line before checking it.
        self.assertTrue(wait_until(lambda: "GET /healthz 200 from" in self.daemon.log()))
        self.assertNotIn("203.0.113.9", self.daemon.log())
        self.assertServing()

    def test_a_throwing_handler_leaks_nothing(self):
        status, headers, body = self.daemon.request("POST", "/mcp", {"jsonrpc": "2.0", "id": 9, "method": "flakyd.test/throw"})
        self.assertEqual(status, 500)
        reply = json.loads(body)
        self.assertEqual(reply["error"]["code"], -32603)
        self.assertEqual(reply["id"], 9)
        everything = body.decode() + json.dumps(headers)
        self.assertNotIn("secret-internal-detail", everything)
        self.assertNotIn("EXCEPTION_WHAT", everything)
        self.assertServing()

    def test_foreign_origin_is_forbidden(self):
        for origin in ["http://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1.nip.io"]:
            status, _, _ = self.daemon.request("POST", "/mcp", call({"trace": GOOD_TRACE}), headers={"Origin": origin})
            self.assertEqual(status, 403, origin)
        status, _, _ = self.daemon.request("POST", "/mcp", call({"trace": GOOD_TRACE}), headers={"Origin": "http://localhost:3000"})
        self.assertEqual(status, 200)
        self.assertServing()

    def test_wrong_content_type(self):
        status, _, _ = self.daemon.request("POST", "/mcp", call({"trace": GOOD_TRACE}), headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        self.assertServing()

    def test_healthz_and_metrics(self):
        status, _, body = self.daemon.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["status"], "ok")
        self.daemon.classify(GOOD_TRACE)
        status, headers, body = self.daemon.request("GET", "/metrics")
        text = body.decode()
        self.assertIn('flakyd_rpc_requests_total{method="tools/call",outcome="ok"}', text)
        self.assertIn('flakyd_classifications_total{category="flaky-network",source="heuristic"}', text)
        self.assertIn("flakyd_tool_call_seconds_bucket", text)


class Token(unittest.TestCase):
    def test_bearer_token_is_required_and_compared(self):
        with Daemon(env={"FLAKYD_TOKEN": "s3cret-token-value"}) as daemon:
            message = call({"trace": GOOD_TRACE})
            self.assertEqual(daemon.request("POST", "/mcp", message)[0], 401)
            self.assertEqual(daemon.request("POST", "/mcp", message, headers={"Authorization": "Bearer wrong"})[0], 401)
            self.assertEqual(daemon.request("GET", "/metrics")[0], 401)
            self.assertEqual(daemon.request("GET", "/healthz")[0], 200)
            status, _, _ = daemon.request("POST", "/mcp", message, headers={"Authorization": "Bearer s3cret-token-value"})
            self.assertEqual(status, 200)
            self.assertNotIn("s3cret-token-value", daemon.log())


class Shutdown(unittest.TestCase):
    def test_sigterm_exits_cleanly(self):
        daemon = Daemon().__enter__()
        daemon.classify(GOOD_TRACE)
        self.assertEqual(daemon.stop(), 0)
        self.assertIn("stopped", daemon.log())

    def test_busy_port_is_a_clear_error(self):
        with Daemon() as first:
            import subprocess
            from daemon import BIN
            result = subprocess.run([BIN, "serve", "--listen", f"127.0.0.1:{first.port}"], capture_output=True,
                                    text=True, timeout=30)
            self.assertEqual(result.returncode, 4)
            self.assertIn("cannot bind", result.stderr)


if __name__ == "__main__":
    unittest.main()

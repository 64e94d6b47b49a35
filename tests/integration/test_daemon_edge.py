"""The HTTP edge (libmicrohttpd) against the levers of issue #15, over raw sockets: slow readers,
refusals before the body, batch size, half-sent heads, 100-continue, split chunk framing, Host
screening, an injected allocation failure, the connection cap, the two deadlines; and a property
test: valid requests split at random byte boundaries, or pipelined, get the answers they get
when sent whole."""
import json
import os
import random
import re
import socket
import time
import unittest

from daemon import Daemon, metric, wait_until

TRACE = "ConnectionResetError: [Errno 104] Connection reset by peer"
CLASSIFY = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "classify_failure", "arguments": {"trace": TRACE}}}


def post(daemon, body, extra=b""):
    body = body if isinstance(body, bytes) else json.dumps(body).encode()
    return (b"POST /mcp HTTP/1.1\r\n" + daemon.host_field + b"Content-Type: application/json\r\n" + extra +
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


def read_response(reader, head_request=False):
    """(status, {lowercase name: value}, body) of one answer from a socket's file, None at EOF."""
    status_line = reader.readline()
    if not status_line:
        return None
    fields = {}
    while True:
        line = reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        fields[name.strip().lower()] = value.strip()
    length = 0 if head_request else int(fields.get("content-length", "0"))
    return int(status_line.split()[1]), fields, reader.read(length)


def exchange(daemon, data, timeout=10):
    """Sends raw bytes on a new connection and reads one answer."""
    with socket.create_connection(("127.0.0.1", daemon.port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_response(sock.makefile("rb"))


def rss_kib(daemon):
    with open(f"/proc/{daemon.process.pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


class Levers(unittest.TestCase):
    def assertServing(self, daemon):
        status, _, body = exchange(daemon, post(daemon, CLASSIFY))
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["result"]["structuredContent"]["category"], "flaky-network")

    def test_slow_readers_beside_a_legitimate_client_with_a_small_pool(self):
        # Eight clients pipeline requests whose answers fill their socket buffers and read none of
        # them; their bodies are large, so they go through the worker pool (two threads). A
        # legitimate client is still answered, more than once.
        big = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                          "params": {"name": "redact", "arguments": {"text": "x" * (80 << 10)}}}).encode()
        with Daemon("--threads", "2") as daemon:
            slow = []
            for _ in range(8):
                sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
                sock.setblocking(False)
                pending = post(daemon, big) * 40
                try:
                    while pending:
                        pending = pending[sock.send(pending):]
                except BlockingIOError:
                    pass  # the daemon stopped reading: its answers are not being taken
                slow.append(sock)
            for _ in range(5):
                self.assertServing(daemon)
            for sock in slow:
                sock.close()

    def test_token_free_post_healthz_with_a_large_declared_body_is_refused_before_the_body(self):
        with Daemon(env={"FLAKYD_TOKEN": "s3cret"}) as daemon:
            before = rss_kib(daemon)
            head = (b"POST /healthz HTTP/1.1\r\n" + daemon.host_field +
                    b"Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n")
            holders = []
            for _ in range(100):
                sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
                sock.sendall(head)
                status, fields, _ = read_response(sock.makefile("rb"))
                self.assertEqual(status, 405)  # answered with no body byte sent
                self.assertEqual(fields["allow"], "GET, HEAD")
                self.assertEqual(fields["connection"].lower(), "close")
                holders.append(sock)
            for sock in holders:
                try:
                    sock.sendall(b"x" * 65536)  # what the daemon does not read costs it nothing
                except OSError:
                    pass
            self.assertLess(rss_kib(daemon) - before, 32 << 10)
            for sock in holders:
                sock.close()
            status, _, _ = exchange(daemon, b"GET /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n")
            self.assertEqual(status, 200)
            status, _, _ = exchange(daemon, b"GET /metrics HTTP/1.1\r\n" + daemon.host_field + b"\r\n")
            self.assertEqual(status, 401)

    def test_body_buffers_are_released_after_large_requests(self):
        # Forty keep-alive connections each send one 6 MB request and stay open: the daemon
        # holds none of those bodies afterwards (the old edge kept each buffer's capacity).
        pad = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "x" * (6 << 20)}}).encode()
        # Under AddressSanitizer (make sanitize) freed blocks wait in a quarantine first; without
        # it they go back as they would in a normal build. A normal build ignores the variable.
        sanitizer = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=0"]))
        with Daemon(env={"ASAN_OPTIONS": sanitizer}) as daemon:
            before = rss_kib(daemon)
            held = []
            for _ in range(40):
                sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=30)
                sock.sendall(post(daemon, pad))
                status, _, body = read_response(sock.makefile("rb"))
                self.assertEqual((status, json.loads(body)["result"]), (200, {}))
                held.append(sock)
            self.assertLess(rss_kib(daemon) - before, 64 << 10)
            for sock in held:
                sock.close()

    def test_a_200000_element_batch_is_refused_before_it_is_parsed(self):
        with Daemon() as daemon:
            status, headers, body = daemon.request(
                "POST", "/mcp", {"jsonrpc": "2.0", "id": 0, "method": "initialize",
                                 "params": {"protocolVersion": "2025-03-26", "capabilities": {},
                                            "clientInfo": {"name": "t", "version": "1"}}})
            session = {"Mcp-Session-Id": headers["Mcp-Session-Id"], "MCP-Protocol-Version": "2025-03-26"}
            ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
            batch = ("[" + ",".join([ping] * 200000) + "]").encode()  # 8.2 MB: under the body limit
            fields = "".join(f"{name}: {value}\r\n" for name, value in session.items()).encode()
            status, _, body = exchange(daemon, post(daemon, batch, fields), timeout=60)
            reply = json.loads(body)
            self.assertEqual(status, 400)
            self.assertEqual(reply["error"]["code"], -32600)
            self.assertIn("at most 100", reply["error"]["message"])
            status, _, reply = daemon.rpc([json.loads(ping)] * 101, headers=session)
            self.assertEqual(status, 400)
            status, _, reply = daemon.rpc([json.loads(ping)] * 100, headers=session)
            self.assertEqual((status, len(reply)), (200, 100))
            self.assertServing(daemon)

    def test_a_batch_whose_answers_exceed_the_reply_cap_gets_one_error(self):
        # 100 redact calls of 180 KB each: 18 MB of answers, over the 16 MiB cap (a body this
        # large needs a raised --max-body-bytes).
        with Daemon("--max-body-bytes", str(32 << 20)) as daemon:
            status, headers, _ = daemon.request(
                "POST", "/mcp", {"jsonrpc": "2.0", "id": 0, "method": "initialize",
                                 "params": {"protocolVersion": "2025-03-26", "capabilities": {},
                                            "clientInfo": {"name": "t", "version": "1"}}})
            fields = (b"Mcp-Session-Id: %s\r\nMCP-Protocol-Version: 2025-03-26\r\n" %
                      headers["Mcp-Session-Id"].encode())
            redact = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                      "params": {"name": "redact", "arguments": {"text": "x" * (180 << 10)}}}
            status, _, body = exchange(daemon, post(daemon, json.dumps([redact] * 100).encode(), fields), timeout=120)
            reply = json.loads(body)
            self.assertEqual(status, 200)
            self.assertEqual(reply["error"]["code"], -32603)
            self.assertIn("send fewer requests per batch", reply["error"]["message"])
            status, _, body = exchange(daemon, post(daemon, json.dumps([redact] * 10).encode(), fields), timeout=120)
            self.assertEqual((status, len(json.loads(body))), (200, 10))

    def test_half_sent_heads_on_every_thread_do_not_block_or_evict(self):
        # More half-sent heads than there are poll and worker threads; a new connection is
        # answered, and then every half-sent request is completed and answered too (none was
        # ended to make room).
        with Daemon("--threads", "2") as daemon:
            request = post(daemon, CLASSIFY)
            cut = request.index(b"Content-Type")
            halves = []
            for _ in range(12):
                sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
                sock.sendall(request[:cut])
                halves.append(sock)
            self.assertServing(daemon)
            for sock in halves:
                sock.sendall(request[cut:])
                status, _, body = read_response(sock.makefile("rb"))
                self.assertEqual(status, 200)
                self.assertEqual(json.loads(body)["result"]["structuredContent"]["category"], "flaky-network")
                sock.close()

    def test_100_continue_is_sent_only_after_the_size_check(self):
        with Daemon("--max-body-bytes", "4096") as daemon:
            head = (b"POST /mcp HTTP/1.1\r\n" + daemon.host_field + b"Content-Type: application/json\r\n"
                    b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n")
            with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
                sock.sendall(head % 5000)
                status, fields, body = read_response(sock.makefile("rb"))
                self.assertEqual(status, 413)  # the first answer: no 100 Continue before it
                self.assertIn(b"4096", body)
            body = json.dumps(CLASSIFY).encode()
            with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
                sock.sendall(head % len(body))
                reader = sock.makefile("rb")
                self.assertEqual(reader.readline(), b"HTTP/1.1 100 Continue\r\n")
                self.assertEqual(reader.readline(), b"\r\n")
                sock.sendall(body)
                self.assertEqual(read_response(reader)[0], 200)

    def test_a_chunk_crlf_split_across_reads(self):
        body = json.dumps(CLASSIFY).encode()
        with Daemon() as daemon:
            with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.sendall(b"POST /mcp HTTP/1.1\r\n" + daemon.host_field +
                             b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                for piece in (b"%x\r\n" % len(body), body, b"\r", b"\n", b"0\r", b"\n\r", b"\n"):
                    sock.sendall(piece)
                    time.sleep(0.05)
                status, _, reply = read_response(sock.makefile("rb"))
                self.assertEqual(status, 200)
                self.assertEqual(json.loads(reply)["result"]["structuredContent"]["category"], "flaky-network")

    def test_foreign_missing_and_repeated_host_are_400(self):
        with Daemon() as daemon:  # no token: the Host check is what protects /metrics here
            good = daemon.host_field
            cases = {
                "foreign": b"Host: attacker.example:%d\r\n" % daemon.port,
                "rebinding": b"Host: attacker.example\r\n",
                "wrong port": b"Host: 127.0.0.1:%d\r\n" % (daemon.port + 1),
                "missing": b"",
                "repeated": good + good,
            }
            for name, field in cases.items():
                for path in (b"/metrics", b"/healthz"):
                    status, fields, _ = exchange(daemon, b"GET " + path + b" HTTP/1.1\r\n" + field + b"\r\n")
                    self.assertEqual(status, 400, name)
            for field in (good, b"Host: localhost:%d\r\n" % daemon.port, b"Host: [::1]:%d\r\n" % daemon.port):
                self.assertEqual(exchange(daemon, b"GET /metrics HTTP/1.1\r\n" + field + b"\r\n")[0], 200)
            self.assertServing(daemon)

    def test_an_allocation_failure_in_the_body_path_answers_503_and_closes(self):
        # FLAKYD_TEST_FAULTS=1 compiles nothing in: it enables the test hook documented in
        # daemon/http_server.hpp (X-Flakyd-Test-Fault: bad_alloc throws std::bad_alloc while
        # the body is read).
        with Daemon(env={"FLAKYD_TEST_FAULTS": "1"}) as daemon:
            with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
                sock.sendall(post(daemon, CLASSIFY, b"X-Flakyd-Test-Fault: bad_alloc\r\n"))
                reader = sock.makefile("rb")
                status, fields, body = read_response(reader)
                self.assertEqual(status, 503)
                self.assertEqual(fields["connection"].lower(), "close")
                self.assertEqual(json.loads(body)["error"]["code"], -32603)
                self.assertEqual(reader.read(), b"")  # closed
            self.assertEqual(daemon.process.poll(), None)
            self.assertServing(daemon)
            self.assertEqual(metric(daemon, "http_out_of_memory"), 1)
        with Daemon() as daemon:  # without the variable the header means nothing
            self.assertEqual(exchange(daemon, post(daemon, CLASSIFY, b"X-Flakyd-Test-Fault: bad_alloc\r\n"))[0], 200)

    def test_connections_past_the_cap_get_503(self):
        with Daemon("--max-connections", "4") as daemon:
            held = []
            for _ in range(4):
                sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
                sock.sendall(b"GET /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n")
                self.assertEqual(read_response(sock.makefile("rb"))[0], 200)
                held.append(sock)  # kept alive and idle
            status, fields, body = exchange(daemon, b"GET /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n")
            self.assertEqual(status, 503)
            self.assertIn(b"too many connections", body)
            for sock in held:
                sock.close()
            self.assertTrue(wait_until(lambda: exchange(
                daemon, b"GET /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n")[0] == 200))

    def test_an_answer_not_taken_in_time_ends_the_connection(self):
        with Daemon("--request-timeout", "2") as daemon:
            sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=10)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.setblocking(False)
            pending = (b"GET /metrics HTTP/1.1\r\n" + daemon.host_field + b"\r\n") * 5000
            try:
                while pending:
                    pending = pending[sock.send(pending):]
            except BlockingIOError:
                pass
            self.assertTrue(wait_until(lambda: metric(daemon, "http_response_timeout") >= 1, timeout=20))
            sock.close()
            self.assertServing(daemon)


class SplitAndPipelined(unittest.TestCase):
    """Property: any valid request sequence, cut at random byte boundaries or sent back to back on
    one connection, gets the same answers (status, fields that matter, body) as sent whole."""

    def requests(self, daemon):
        body = json.dumps(CLASSIFY).encode()
        half = len(body) // 2
        chunked = (b"POST /mcp HTTP/1.1\r\n" + daemon.host_field +
                   b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   b"%x\r\n%s\r\n%x;ext=1\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:]))
        return [
            (b"GET /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n", False),
            (post(daemon, CLASSIFY), False),
            (post(daemon, {"jsonrpc": "2.0", "id": "p", "method": "ping"}), False),
            (b"HEAD /healthz HTTP/1.1\r\n" + daemon.host_field + b"\r\n", True),
            (chunked, False),
            (post(daemon, {"jsonrpc": "2.0", "id": 3, "method": "tools/list"}), False),
            (b"DELETE /mcp HTTP/1.1\r\n" + daemon.host_field + b"Mcp-Session-Id: none\r\n\r\n", False),
            (b"GET /mcp HTTP/1.1\r\n" + daemon.host_field + b"\r\n", False),
            (post(daemon, b"{not json"), False),
        ]

    @staticmethod
    def comparable(answer):
        status, fields, body = answer
        return status, fields.get("content-type"), fields.get("content-length"), body

    def test_random_splits_and_pipelining_do_not_change_answers(self):
        with Daemon("--no-cache", log_level="info") as daemon:
            requests = self.requests(daemon)
            whole = [self.comparable(exchange(daemon, data) if not head else self.head_exchange(daemon, data))
                     for data, head in requests]
            rng = random.Random(15)
            for round_ in range(12):
                order = list(range(len(requests)))
                rng.shuffle(order)
                stream = b"".join(requests[i][0] for i in order)
                cuts = sorted(rng.sample(range(1, len(stream)), rng.randint(1, 40)))
                with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    for start, end in zip([0] + cuts, cuts + [len(stream)]):
                        sock.sendall(stream[start:end])
                        if rng.random() < 0.3:
                            time.sleep(0.01)
                    reader = sock.makefile("rb")
                    for i in order:
                        answer = read_response(reader, head_request=requests[i][1])
                        self.assertIsNotNone(answer, f"round {round_}: no answer to request {i}")
                        self.assertEqual(self.comparable(answer), whole[i], f"round {round_}, request {i}")

    @staticmethod
    def head_exchange(daemon, data):
        with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
            sock.sendall(data)
            return read_response(sock.makefile("rb"), head_request=True)


if __name__ == "__main__":
    unittest.main()

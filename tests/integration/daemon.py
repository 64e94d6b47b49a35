"""Start and stop a real flakyd daemon for integration tests (standard library only).

The daemon listens on 127.0.0.1 with port 0 (the kernel picks a free port); the port is read
from its "listening on" log line. Every daemon a test starts is stopped by the test."""
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

BIN = os.environ.get("FLAKYD_BIN", os.path.join(os.path.dirname(__file__), "../../build/bin/flakyd"))
STARTUP_WAIT_S = 120
LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/mcp")


class Daemon:
    def __init__(self, *args, env=None, log_level="debug"):
        self.args = args
        # Each daemon gets its own cache directory unless the test chooses one.
        self.scratch = tempfile.mkdtemp(prefix="flakyd-test-")
        self.env = dict(os.environ, XDG_CACHE_HOME=self.scratch, XDG_STATE_HOME=self.scratch)
        self.env.update(env or {})
        self.log_level = log_level
        self.lines = []
        self.port = None
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [BIN, "serve", "--listen", "127.0.0.1:0", "--log-level", self.log_level, *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True, errors="replace")
        ready = threading.Event()

        def pump():
            for line in self.process.stderr:
                self.lines.append(line)
                match = LISTENING.search(line)
                if match:
                    self.port = int(match.group(1))
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=pump, daemon=True)
        self.reader.start()
        # Start-up compiles every rule pack: a fraction of a second in a release build, seconds
        # under AddressSanitizer, and more than 15 s under AddressSanitizer on a loaded CI
        # machine (one CI run lost a test that way). Only a daemon that never starts waits this long.
        if not ready.wait(STARTUP_WAIT_S) or self.port is None:
            self.stop()
            raise RuntimeError("flakyd did not start:\n" + "".join(self.lines))
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self, signal_name="TERM"):
        if self.process and self.process.poll() is None:
            self.process.terminate() if signal_name == "TERM" else self.process.kill()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if hasattr(self, "reader"):
            self.reader.join(timeout=5)
        if self.process:
            for stream in (self.process.stdout, self.process.stderr):
                if stream:
                    stream.close()
        shutil.rmtree(self.scratch, ignore_errors=True)
        return self.process.returncode if self.process else None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/mcp"

    @property
    def host_field(self):
        """The Host field a raw request must carry: the daemon answers 400 to any other."""
        return b"Host: 127.0.0.1:%d\r\n" % self.port

    def log(self):
        return "".join(self.lines)

    def request(self, method, path, body=None, headers=None, timeout=10):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            payload = body if isinstance(body, (bytes, type(None))) else (
                body.encode() if isinstance(body, str) else json.dumps(body).encode())
            all_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
            all_headers.update(headers or {})
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def rpc(self, message, headers=None, timeout=10):
        status, response_headers, body = self.request("POST", "/mcp", message, headers, timeout=timeout)
        return status, response_headers, (json.loads(body) if body else None)

    def classify(self, trace, **arguments):
        status, _, reply = self.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                     "params": {"name": "classify_failure",
                                                "arguments": {"trace": trace, **arguments}}})
        assert status == 200, (status, reply)
        return reply["result"]["structuredContent"]


def metric(daemon, event):
    """The value of flakyd_events_total{event=...} on the daemon's /metrics (0 when absent)."""
    _, _, body = daemon.request("GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith(f'flakyd_events_total{{event="{event}"}}'):
            return int(float(line.split()[-1]))
    return 0


def wait_until(predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def refusing_port(test):
    """A 127.0.0.1 port that refuses connections until `test` ends: bound, never listening. A port
    merely probed free and closed could be taken by a parallel test's server."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    test.addCleanup(holder.close)
    return holder.getsockname()[1]

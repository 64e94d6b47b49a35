#!/usr/bin/env python3
"""Soak: mixed good and hostile requests (one in five hostile) at a high rate for DURATION seconds
against one daemon, sampling its RSS and open file descriptors. Hostile: malformed JSON-RPC
bodies, and at the HTTP level a half-sent head left behind, a huge declared body on a route
without a body, a foreign Host, an oversized batch and a client that pipelines and reads nothing.
Fails (exit 1) if RSS after warm-up grows by more than 10% or the descriptor count grows.
Usage: /usr/bin/python3 bench/soak.py [DURATION_SECONDS] [CLIENTS]   (FLAKYD_BIN picks the binary)"""
import http.client
import json
import os
import random
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from daemon import Daemon  # noqa: E402

DURATION = float(sys.argv[1]) if len(sys.argv) > 1 else 600
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
TRACE = "Traceback (most recent call last):\n" + '  File "/app/service.py", line 12, in call\n' * 40


def good(i):
    trace = f"{TRACE}ConnectionResetError: reset #{i % 5000}" if i % 3 else f"{TRACE}E   AssertionError: {i}"
    return json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {
        "name": "classify_failure", "arguments": {"trace": trace, "test_id": f"t{i % 100}",
                                                  "message": "password=hunter2hunter2"}}}).encode()


BAD = [b"{", b"[1,2]", b'{"jsonrpc":"2.0","id":1,"method":"nope"}', b"[" * 20000, b"\xff\xfe",
       b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}',
       b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"classify_failure","arguments":{"trace":5}}}']


def hostile_raw(port, rng):
    """One HTTP-level hostile exchange on its own connection; the socket is dropped afterwards."""
    host = b"Host: 127.0.0.1:%d\r\n" % port
    ping = b'{"jsonrpc":"2.0","id":1,"method":"ping"}'
    batch = b"[" + b",".join([ping] * 5000) + b"]"
    choices = [
        b"POST /mcp HTTP/1.1\r\n" + host + b"Content-Type: appl",  # a half-sent head, abandoned
        b"POST /healthz HTTP/1.1\r\n" + host + b"Content-Length: 100000000\r\n\r\n" + b"x" * 4096,
        b"GET /metrics HTTP/1.1\r\nHost: attacker.example\r\n\r\n",
        b"POST /mcp HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(batch) + batch,
        (b"GET /metrics HTTP/1.1\r\n" + host + b"\r\n") * 200,  # pipelined, never read
    ]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(rng.choice(choices))
            time.sleep(0.01)
    except OSError:
        pass


def sample(pid):
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def main():
    with Daemon("--report", "/dev/null", log_level="info") as daemon:
        stop = threading.Event()
        counts = {"ok": 0, "bad": 0, "errors": 0}
        lock = threading.Lock()

        def client(seed):
            rng = random.Random(seed)
            connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
            i = seed
            while not stop.is_set():
                i += CLIENTS
                draw = rng.random()
                if draw >= 0.9:
                    hostile_raw(daemon.port, rng)
                    with lock:
                        counts["bad"] += 1
                    continue
                body, kind = (good(i), "ok") if draw < 0.8 else (rng.choice(BAD), "bad")
                try:
                    connection.request("POST", "/mcp", body, {"Content-Type": "application/json"})
                    connection.getresponse().read()
                except (OSError, http.client.HTTPException):
                    kind = "errors"
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
                with lock:
                    counts[kind] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        samples = []
        while time.monotonic() - started < DURATION:
            time.sleep(min(10, DURATION / 10))
            samples.append((time.monotonic() - started, *sample(daemon.process.pid)))
            print(f"t={samples[-1][0]:6.0f}s rss={samples[-1][1]} kB fds={samples[-1][2]} "
                  f"requests ok={counts['ok']} bad={counts['bad']} errors={counts['errors']}", flush=True)
        stop.set()
        for thread in threads:
            thread.join()
    warm = samples[min(2, len(samples) - 1)]
    last = samples[-1]
    peak_rss = max(s[1] for s in samples[2:]) if len(samples) > 2 else last[1]
    growth = (last[1] - warm[1]) / warm[1]
    rate = (counts["ok"] + counts["bad"]) / DURATION
    print(f"{rate:.0f} requests/s; RSS after warm-up {warm[1]} kB -> end {last[1]} kB (peak {peak_rss} kB, "
          f"{growth:+.1%}); fds {warm[2]} -> {last[2]}; transport errors {counts['errors']}")
    ok = growth <= 0.10 and last[2] <= warm[2] + 2
    print("soak:", "ok" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

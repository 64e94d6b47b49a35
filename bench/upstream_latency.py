#!/usr/bin/env python3
"""Classification latency through the daemon with the upstream healthy, dead (circuit open) and
absent. Sequential keep-alive requests with unique 1 KiB traces (no cache), after a warm-up.
Usage: /usr/bin/python3 bench/upstream_latency.py [REQUESTS]"""
import http.client
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from daemon import Daemon  # noqa: E402
from upstream_servers import Upstream  # noqa: E402

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
TRACE = "Traceback (most recent call last):\n" + "  File \"/app/x.py\", line 1, in f\n" * 28


def measure(daemon, label):
    connection = http.client.HTTPConnection("127.0.0.1", daemon.port)
    samples = []
    for i in range(REQUESTS + 50):
        body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {
            "name": "classify_failure", "arguments": {"trace": f"{TRACE}ConnectionResetError: reset #{i}"}}})
        started = time.perf_counter()
        connection.request("POST", "/mcp", body, {"Content-Type": "application/json"})
        reply = json.loads(connection.getresponse().read())
        elapsed = time.perf_counter() - started
        if i >= 50:
            samples.append(elapsed * 1e6)
    source = reply["result"]["structuredContent"]["source"]
    samples.sort()
    print(f"{label:<28} mean {statistics.mean(samples):7.0f} us  p50 {samples[len(samples) // 2]:7.0f} us  "
          f"p99 {samples[int(len(samples) * 0.99)]:7.0f} us  (last source: {source})")
    return statistics.mean(samples)


with Daemon("--no-cache", log_level="info") as daemon:
    absent = measure(daemon, "upstream absent")
with Upstream("healthy") as upstream, Daemon("--no-cache", "--upstream", upstream.url, log_level="info") as daemon:
    measure(daemon, "upstream healthy (scripted)")
with Upstream("healthy") as upstream:
    dead_url = upstream.url
with Daemon("--no-cache", "--upstream", dead_url, log_level="info") as daemon:
    dead = measure(daemon, "upstream dead (circuit open)")
print(f"dead / absent = {dead / absent:.2f}")

#!/usr/bin/env python3
"""A CI fleet on one PostgreSQL (issue #18): 4 daemons with --store postgresql://, driven over
HTTP by client processes. Starts its own PostgreSQL (tests/integration/postgres_server.py) and
daemons on 127.0.0.1 and stops them. Prints:

  1. shared hit rate: 600 distinct failures; each first appears on a random daemon (warm-up),
     then 3 more times, each on a random daemon. The rate counts the repeats answered from a
     cache; "local only" is what the disk caches alone would have answered (the repeat landed
     on a daemon that had seen the failure).
  2. classify latency p50/p99 of one daemon, sequential keep-alive requests with a new failure
     each (every lookup misses the disk cache and goes to the store), store on (postgresql) vs
     the default local SQLite store vs no history at all.
  3. classify throughput, 8 client processes, 1 daemon vs 4 daemons on the same PostgreSQL
     (a mix: 3 of 4 requests repeat a known failure).
  4. outcomes ingested per second: 8 client processes send report_outcome batches of 500 to the 4
     daemons; the clock stops when PostgreSQL holds every row.

Usage: /usr/bin/python3 bench/fleet_store.py [--quick]"""
import http.client
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from daemon import Daemon  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402

QUICK = "--quick" in sys.argv
FAILURES = 150 if QUICK else 600
LATENCY_REQUESTS = 300 if QUICK else 2000
THROUGHPUT_SECONDS = 3 if QUICK else 8
OUTCOME_BATCHES = 20 if QUICK else 60  # per client process
BATCH = 500
CLIENTS = 8


def word(index):
    """A distinct lower-case word per index: fingerprints mask digits, so names use letters."""
    letters = []
    index += 26 * 26
    while index:
        index, digit = divmod(index, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


def trace(index):
    return (f"Traceback (most recent call last):\n  File \"/app/service_{word(index)}.py\", line 1, in fetch\n"
            f"ConnectionResetError: [Errno 104] Connection reset by peer talking to {word(index)} backend\n")


class Client:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, name, arguments):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                           "params": {"name": name, "arguments": arguments}})
        self.connection.request("POST", "/mcp", body, {"Content-Type": "application/json"})
        reply = json.loads(self.connection.getresponse().read())
        return reply["result"]["structuredContent"]


def start_daemons(server, count, root, *extra):
    daemons = []
    for index in range(count):
        state = os.path.join(root, f"state-{index}-{time.monotonic_ns()}")
        daemon = Daemon("--store", server.url, *extra, env=dict(server.env, XDG_STATE_HOME=state), log_level="info")
        daemons.append(daemon.__enter__())
    return daemons


def stop(daemons):
    for daemon in daemons:
        daemon.stop()


def shared_hit_rate(server, root):
    daemons = start_daemons(server, 4, root)
    try:
        clients = [Client(daemon.port) for daemon in daemons]
        rng = random.Random(18)
        seen = [set() for _ in daemons]
        for index in range(FAILURES):  # warm-up: first appearance on a random daemon
            where = rng.randrange(len(daemons))
            clients[where].call("classify_failure", {"trace": trace(index), "test_id": f"t::{word(index)}"})
            seen[where].add(index)
        time.sleep(0.5)  # the store worker writes verdicts off the request path
        repeats = hits = local = 0
        for _ in range(3):
            order = list(range(FAILURES))
            rng.shuffle(order)
            for index in order:
                where = rng.randrange(len(daemons))
                answer = clients[where].call("classify_failure", {"trace": trace(index), "test_id": f"t::{word(index)}"})
                repeats += 1
                hits += answer["source"] == "cache"
                local += index in seen[where]
                seen[where].add(index)
        print(f"1. shared hit rate after warm-up: {hits / repeats:.1%} of {repeats} repeats "
              f"(disk caches alone: {local / repeats:.1%})")
    finally:
        stop(daemons)


def latency(label, daemon):
    client = Client(daemon.port)
    samples = []
    for request in range(LATENCY_REQUESTS + 50):
        index = 100000 + request + hash(label) % 1000 * 10000
        started = time.perf_counter()
        client.call("classify_failure", {"trace": trace(index), "test_id": f"t::{word(index)}",
                                         "run_id": "bench-run", "commit": "c0ffee"})
        if request >= 50:
            samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    p50, p99 = samples[len(samples) // 2], samples[int(len(samples) * 0.99)]
    print(f"   {label:<34} mean {statistics.mean(samples):6.0f} us  p50 {p50:6.0f} us  p99 {p99:6.0f} us")
    return p99


def classify_latency(server, root):
    print(f"2. classify latency, one daemon, {LATENCY_REQUESTS} new failures (disk-cache misses):")
    daemons = start_daemons(server, 1, root)
    try:
        on = latency("store on (postgresql)", daemons[0])
    finally:
        stop(daemons)
    with Daemon(log_level="info", env={"XDG_STATE_HOME": os.path.join(root, "sqlite-state")}) as daemon:
        local = latency("default store (local sqlite)", daemon)
    with Daemon("--no-history", log_level="info") as daemon:
        off = latency("store off (--no-history)", daemon)
    print(f"   p99 store on / off = {on / off:.2f}; on / local sqlite = {on / local:.2f}")


def classify_worker(ports, seconds, seed, counter):
    rng = random.Random(seed)
    clients = [Client(port) for port in ports]
    done = 0
    deadline = time.monotonic() + seconds
    fresh = seed * 1_000_000
    while time.monotonic() < deadline:
        if rng.random() < 0.75:
            index = rng.randrange(200)
        else:
            fresh += 1
            index = 200000 + fresh
        clients[rng.randrange(len(clients))].call("classify_failure", {"trace": trace(index)})
        done += 1
    with counter.get_lock():
        counter.value += done


def throughput(ports):
    counter = multiprocessing.Value("q", 0)
    workers = [multiprocessing.Process(target=classify_worker, args=(ports, THROUGHPUT_SECONDS, seed + 1, counter))
               for seed in range(CLIENTS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter.value / THROUGHPUT_SECONDS


def store_series(daemons, name):
    total = 0.0
    for daemon in daemons:
        _, _, body = daemon.request("GET", "/metrics")
        total += sum(float(line.split()[-1]) for line in body.decode().splitlines() if line.startswith(name + " "))
    return total


def classify_throughput(server, root):
    results = {}
    for count in (1, 4):
        daemons = start_daemons(server, count, root)
        try:
            rate = throughput([daemon.port for daemon in daemons])
            skipped = store_series(daemons, "flakyd_store_unavailable_total") + \
                store_series(daemons, "flakyd_store_lookup_timeouts_total")
            answered = store_series(daemons, "flakyd_store_lookup_seconds_count")
            results[count] = (rate, skipped, answered)
        finally:
            stop(daemons)
    (one, skipped_one, answered_one), (four, skipped_four, answered_four) = results[1], results[4]
    print(f"3. classify throughput ({CLIENTS} client processes, {os.cpu_count()} CPUs): "
          f"1 daemon {one:,.0f}/s, 4 daemons {four:,.0f}/s (ratio {four / one:.2f}); store lookups answered "
          f"{answered_one:,.0f} / {answered_four:,.0f}, skipped at the deadline or for want of a connection "
          f"{skipped_one:,.0f} / {skipped_four:,.0f}")


def outcome_worker(ports, seed):
    clients = [Client(port) for port in ports]
    for batch in range(OUTCOME_BATCHES):
        outcomes = [{"test_id": f"tests/test_{word(test)}.py::test_case", "outcome": "failed" if test % 7 == 0 else "passed",
                     "attempts": 2 if test % 11 == 0 else 1, "duration_s": 0.01} for test in range(BATCH)]
        recorded = clients[batch % len(clients)].call("report_outcome", {
            "run_id": f"bench-{seed}-{batch}", "commit": "c0ffee", "outcomes": outcomes})["recorded"]
        assert recorded == BATCH, recorded


def outcomes_ingested(server, root):
    daemons = start_daemons(server, 4, root)
    try:
        expected = CLIENTS * OUTCOME_BATCHES * BATCH
        server.psql("DELETE FROM flakyd_outcomes")
        started = time.perf_counter()
        workers = [multiprocessing.Process(target=outcome_worker, args=([d.port for d in daemons], seed))
                   for seed in range(CLIENTS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        while int(server.psql("SELECT count(*) FROM flakyd_outcomes")[0][0]) < expected:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        print(f"4. outcomes ingested: {expected:,} in {elapsed:.2f} s = {expected / elapsed:,.0f} outcomes/s "
              f"(4 daemons, {CLIENTS} clients, batches of {BATCH}, all committed in PostgreSQL)")
    finally:
        stop(daemons)


def main():
    with PostgresServer() as server, tempfile.TemporaryDirectory() as root:
        shared_hit_rate(server, root)
        classify_latency(server, root)
        classify_throughput(server, root)
        outcomes_ingested(server, root)


if __name__ == "__main__":
    main()

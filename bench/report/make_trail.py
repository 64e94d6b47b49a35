#!/usr/bin/python3
"""Writes a realistic flakyd report trail (JSON lines) for the report benchmark and screenshots.

usage: make_trail.py LINES [--days D] [--tests T] [--unique-tests] [--seed S] [--end YYYY-MM-DD] > trail.jsonl

Deterministic for a given seed. The lines have the fields daemon/report_trail.cpp writes,
including the optional duration_s and example (the redacted, masked root-cause line); failures
come from a fixed set of signatures, each with the category and rule the built-in pack gives it,
and the advice follows the category (retries with backoff for transient causes, stop_retry for
defects), so the figures look like a CI fleet's month. --unique-tests gives every line a test id
and fingerprint of its own: the worst case for the report's memory.
"""
import argparse
import datetime
import hashlib
import json
import random
import sys

# (category, rule, example line, weight): what a month of CI failures looks like.
SIGNATURES = [
    ("flaky-network", "net.connection-reset", "ConnectionResetError: [Errno <n>] Connection reset by peer", 18),
    ("flaky-network", "net.connection-refused", "ConnectionRefusedError: [Errno <n>] Connection refused", 9),
    ("flaky-network", "net.dns-temporary", "socket.gaierror: [Errno -<n>] Temporary failure in name resolution", 4),
    ("timeout", "timeout.read", "ReadTimeout: HTTPSConnectionPool(host=<host>, port=<n>): Read timed out.", 12),
    ("timeout", "timeout.pytest-timeout", "Failed: Timeout ><n>s", 6),
    ("resource-exhaustion", "resource.oom-killed", "Killed (signal <n>): exit code <n>", 3),
    ("infrastructure", "infra.rate-limit", "toomanyrequests: You have reached your pull rate limit", 5),
    ("infrastructure", "infra.http-5xx", "HTTPError: <n> Server Error: Bad Gateway for url: <url>", 4),
    ("concurrency", "concurrency.database-locked", "sqlite3.OperationalError: database is locked", 7),
    ("order-dependency", "order.shared-state", "AssertionError: leftover rows from a previous test: <n>", 2),
    ("environmental", "env.missing-browser", "selenium.common.exceptions.WebDriverException: chrome not reachable", 3),
    ("deterministic", "python.assertion", "AssertionError: assert <n> == <n>", 14),
    ("deterministic", "python.attribute-error", "AttributeError: 'NoneType' object has no attribute 'id'", 6),
    ("deterministic", "python.module-not-found", "ModuleNotFoundError: No module named <name>", 2),
    ("unknown", "", "", 5),
]
RETRY_BASE = {"flaky-network": 2.0, "timeout": 10.0, "resource-exhaustion": 60.0, "infrastructure": 30.0,
              "concurrency": 0.0, "unknown": 1.0}
MODULES = ["api", "billing", "checkout", "search", "auth", "upload", "reports", "sync", "ui", "db"]


def test_ids(count, rng):
    ids = []
    for n in range(count):
        module = MODULES[n % len(MODULES)]
        ids.append(f"tests/{module}/test_{module}_{n // len(MODULES)}.py::test_case_{rng.randrange(100)}")
    return ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("lines", type=int)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--tests", type=int, default=400)
    parser.add_argument("--unique-tests", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--end", default="2026-11-29")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tests = test_ids(args.tests, rng)
    # A few tests fail far more often than the rest, as in any real suite.
    test_weights = [1.0 / (1 + i) ** 0.8 for i in range(len(tests))]
    weights = [s[3] for s in SIGNATURES]
    end = datetime.datetime.fromisoformat(args.end + "T23:59:59+00:00")
    start = end - datetime.timedelta(days=args.days) + datetime.timedelta(seconds=1)
    span = (end - start).total_seconds()
    out = sys.stdout
    for i in range(args.lines):
        when = start + datetime.timedelta(seconds=span * i / max(1, args.lines))
        category, rule, example, _ = rng.choices(SIGNATURES, weights)[0]
        test = f"tests/generated/test_{i}.py::test_case" if args.unique_tests else rng.choices(tests, test_weights)[0]
        attempt = rng.choices([1, 2, 3], [70, 22, 8])[0]
        max_attempts = 3
        retry = category in RETRY_BASE and attempt < max_attempts
        delay = RETRY_BASE.get(category, 0.0) * 2 ** (attempt - 1) if retry else 0.0
        source = rng.choices(["heuristic", "cache", "ai"], [60, 35, 5])[0]
        line = {
            "time": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z",
            "test_id": test,
            "fingerprint": hashlib.sha256(f"{test}|{rule}|{example}".encode()).hexdigest(),
            "category": category, "confidence": round(rng.uniform(0.55, 0.95), 3),
            "action": "retry_with_delay" if retry else "stop_retry", "delay_s": delay,
            "source": source, "rule": rule, "heuristic": category,
            "attempt": attempt, "max_attempts": max_attempts,
            "latency_ms": round(rng.uniform(0.05, 2.0), 3), "upstream": "off", "runner": "pytest",
            "redactions": 0,
        }
        if rng.random() < 0.9:
            line["duration_s"] = round(rng.lognormvariate(0.5, 1.0), 3)
        if example:
            line["example"] = example
        out.write(json.dumps(line, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()

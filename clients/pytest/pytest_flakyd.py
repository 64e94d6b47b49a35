"""pytest-flakyd: rerun a failed test only when flakyd says the failure is worth retrying.

Enable with ``--flakyd`` (or ``flakyd = true`` in the ini file). On a failure in setup or call the
plugin sends the traceback (pytest's long representation, exception chain included), the
exception type, the test id, the attempt and the policy to flakyd, and follows the advice:
``stop_retry`` fails at once, ``retry_with_delay`` sleeps and reruns the test with fresh
function-scoped fixtures. By default it starts ``flakyd serve --stdio`` for the session; with
``--flakyd-url`` it talks to a running daemon. When flakyd cannot be started or reached it says so
once and falls back to plain bounded reruns, so a CI job never breaks because of flakyd.

History: every request carries the run id (``--flakyd-run-id``, else ``$FLAKYD_RUN_ID``, else
pytest-xdist's shared run uid, else a fresh one) and the commit under test (``--flakyd-commit``,
else ``GITHUB_SHA``, ``CI_COMMIT_SHA``, ``BUILDKITE_COMMIT``, ``CIRCLE_SHA1``, ``GIT_COMMIT``,
else ``git rev-parse HEAD``; unknown is allowed), and at the end of the session every test's final
outcome (passes and skips too) goes to flakyd's ``report_outcome`` in batches, so flakyd learns
which tests are flaky on a commit and which failures never pass on a retry. ``--flakyd-no-history``
opts out of both. ``min_passes`` (``--flakyd-min-passes`` or the marker's): a test that failed
passes only after that many passing attempts (the k-of-n rule of box/flaky).

Standard library only; pytest >= 7.2.
"""
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import uuid
import urllib.request
import xml.etree.ElementTree as ElementTree

import pytest
from _pytest.junitxml import mangle_test_address
from _pytest.runner import call_and_report

BACKOFFS = ("exp", "linear", "none")
REQUEST_TIMEOUT_S = 10.0
OUTCOME_BATCH = 1000  # outcomes per report_outcome call

# ---------------------------------------------------------------------------------------------
# options


def pytest_addoption(parser):
    group = parser.getgroup("flakyd", "smart reruns driven by flakyd")
    options = [
        ("--flakyd", "flakyd", "bool", "Rerun failed tests when flakyd advises it"),
        ("--flakyd-max", "flakyd_max", "string", "Total attempts per test, first run included (default 3)"),
        ("--flakyd-delay", "flakyd_delay", "string", "Base delay in seconds (default: flakyd's per category)"),
        ("--flakyd-backoff", "flakyd_backoff", "string", "exp, linear or none (default exp)"),
        ("--flakyd-errors", "flakyd_errors", "string", "Only these exception names may be retried (comma-separated)"),
        ("--flakyd-report", "flakyd_report", "string", "Append flakyd's decisions to this JSON-lines file"),
        ("--flakyd-url", "flakyd_url", "string", "A running daemon's MCP endpoint (default: start flakyd serve --stdio)"),
        ("--flakyd-bin", "flakyd_bin", "string", "The flakyd binary (default: $FLAKYD_BIN, then PATH)"),
        ("--flakyd-no-history", "flakyd_no_history", "bool",
         "Do not send run id, commit or outcomes: flakyd decides from the failure text alone"),
        ("--flakyd-commit", "flakyd_commit", "string",
         "The commit under test (default: $GITHUB_SHA, $CI_COMMIT_SHA, ..., else git rev-parse HEAD)"),
        ("--flakyd-run-id", "flakyd_run_id", "string", "This run's id (default: $FLAKYD_RUN_ID, else a fresh one)"),
        ("--flakyd-min-passes", "flakyd_min_passes", "string",
         "Passing attempts a test that failed needs to count as passed (default 1)"),
    ]
    for flag, ini, kind, text in options:
        if kind == "bool":
            group.addoption(flag, action="store_true", default=None, dest=ini, help=text)
            parser.addini(ini, text, type="bool", default=False)
        else:
            group.addoption(flag, action="store", default=None, dest=ini, metavar="VALUE", help=text)
            parser.addini(ini, text, default=None)
    group.addoption("--flakyd-update-xml", action="store", default=None, dest="flakyd_update_xml",
                    metavar="PATH", help="Mark tests that pass in this run as flaky reruns in an earlier junit XML")


class Settings:
    def __init__(self, max_attempts=3, delay=None, backoff="exp", errors=None, report=None, url=None, binary=None,
                 min_passes=1, history=True):
        self.max_attempts = max_attempts
        self.min_passes = min_passes
        self.history = history
        self.delay = delay
        self.backoff = backoff
        self.errors = errors or []
        self.report = report
        self.url = url
        self.binary = binary

    def with_marker(self, marker):
        if marker is None:
            return self
        merged = Settings(self.max_attempts, self.delay, self.backoff, list(self.errors), self.report, self.url,
                          self.binary, self.min_passes, self.history)
        values = dict(marker.kwargs)
        if "max" in values:
            merged.max_attempts = parse_max(values["max"], "the flakyd marker's max")
        if "delay" in values:
            merged.delay = parse_delay(values["delay"], "the flakyd marker's delay")
        if "backoff" in values:
            merged.backoff = parse_backoff(values["backoff"], "the flakyd marker's backoff")
        if "errors" in values:
            merged.errors = parse_errors(values["errors"])
        if "min_passes" in values:
            merged.min_passes = parse_min_passes(values["min_passes"], "the flakyd marker's min_passes")
        return merged

    def policy(self):
        policy = {"backoff": self.backoff}
        if self.delay is not None:
            policy["base_delay_s"] = self.delay
        if self.errors:
            policy["retry_on"] = self.errors
        return policy


def parse_count(value, where, unit):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise pytest.UsageError(f"{where} must be a whole number of {unit}, got {value!r}")
    if number < 1 or number > 100:
        raise pytest.UsageError(f"{where} must be between 1 and 100, got {number}")
    return number


def parse_max(value, where):
    return parse_count(value, where, "attempts")


def parse_min_passes(value, where):
    return parse_count(value, where, "passes")


def parse_delay(value, where):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise pytest.UsageError(f"{where} must be a number of seconds, got {value!r}")
    if not 0 <= seconds <= 3600:
        raise pytest.UsageError(f"{where} must be within [0, 3600] seconds, got {seconds}")
    return seconds


def parse_backoff(value, where):
    if value not in BACKOFFS:
        raise pytest.UsageError(f"{where} must be one of {', '.join(BACKOFFS)}, got {value!r}")
    return value


def parse_errors(value):
    names = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [getattr(name, "__name__", str(name)).strip() for name in names if str(name).strip()]


def option(config, name):
    value = config.getoption(name)
    return value if value is not None else config.getini(name)


def read_settings(config):
    settings = Settings(max_attempts=parse_max(option(config, "flakyd_max") or 3, "--flakyd-max"))
    delay = option(config, "flakyd_delay")
    if delay not in (None, ""):
        settings.delay = parse_delay(delay, "--flakyd-delay")
    settings.backoff = parse_backoff(option(config, "flakyd_backoff") or "exp", "--flakyd-backoff")
    settings.errors = parse_errors(option(config, "flakyd_errors") or "")
    settings.report = option(config, "flakyd_report") or None
    settings.url = option(config, "flakyd_url") or None
    settings.binary = option(config, "flakyd_bin") or os.environ.get("FLAKYD_BIN") or shutil.which("flakyd")
    settings.min_passes = parse_min_passes(option(config, "flakyd_min_passes") or 1, "--flakyd-min-passes")
    settings.history = not option(config, "flakyd_no_history")
    return settings


COMMIT_VARIABLES = ("GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT")


def find_commit(config):
    """The code under test: the option, a CI system's variable, else git's HEAD; "" if unknown."""
    given = option(config, "flakyd_commit")
    if given:
        return str(given)
    for name in COMMIT_VARIABLES:
        if os.environ.get(name):
            return os.environ[name]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=str(config.rootpath), capture_output=True,
                                text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def find_run_id(config):
    """One id per run: the option, $FLAKYD_RUN_ID, the id pytest-xdist shares with its workers, else new."""
    given = option(config, "flakyd_run_id") or os.environ.get("FLAKYD_RUN_ID")
    if given:
        return str(given)
    worker_input = getattr(config, "workerinput", None)
    if worker_input and worker_input.get("testrunuid"):
        return "xdist-" + worker_input["testrunuid"]
    return "pytest-" + uuid.uuid4().hex


# ---------------------------------------------------------------------------------------------
# talking to flakyd


class Unavailable(Exception):
    pass


class StdioDaemon:
    """`flakyd serve --stdio` for the session: one JSON-RPC request per line."""

    def __init__(self, binary, report, history=True):
        if not binary:
            raise Unavailable("no flakyd binary: pass --flakyd-bin, set FLAKYD_BIN or put flakyd on PATH")
        args = [binary, "serve", "--stdio", "--log-level", "warn"]
        if report:
            args += ["--report", report]
        if not history:
            args += ["--no-history"]
        try:
            self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                                            errors="replace", bufsize=1)
        except OSError as error:
            raise Unavailable(f"cannot start {binary}: {error}")
        self.lock = threading.Lock()
        self.next_id = 0

    def call(self, arguments, tool="classify_failure"):
        with self.lock:
            self.next_id += 1
            message = {"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
                       "params": {"name": tool, "arguments": arguments}}
            try:
                self.process.stdin.write(json.dumps(message) + "\n")
                self.process.stdin.flush()
            except OSError as error:
                raise Unavailable(f"flakyd stopped: {error}")
            line = self._read_line()
        return unwrap(json.loads(line))

    def _read_line(self):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(REQUEST_TIMEOUT_S)
        if not result or not result[0]:
            raise Unavailable("flakyd did not answer")
        return result[0]

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


class HttpDaemon:
    def __init__(self, url):
        self.url = url
        self.next_id = 0

    def call(self, arguments, tool="classify_failure"):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
                   "params": {"name": tool, "arguments": arguments}}
        request = urllib.request.Request(self.url, data=json.dumps(message).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Accept": "application/json, text/event-stream"})
        token = os.environ.get("FLAKYD_TOKEN")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                return unwrap(json.loads(response.read()))
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise Unavailable(f"cannot reach {self.url}: {error}")

    def close(self):
        pass


def unwrap(reply):
    result = reply.get("result") if isinstance(reply, dict) else None
    if not isinstance(result, dict) or result.get("isError") or "structuredContent" not in result:
        raise Unavailable(f"unexpected answer from flakyd: {str(reply)[:200]}")
    return result["structuredContent"]


# ---------------------------------------------------------------------------------------------
# the rerun loop


class Plugin:
    def __init__(self, config, settings):
        self.config = config
        self.settings = settings
        self.daemon = None
        self.unavailable = None  # the reason, once flakyd failed us
        self.records = {}  # nodeid -> dict(attempts, category, advice, outcome)
        self.outcomes = {}  # nodeid -> the report_outcome item of its final outcome
        self.outcome_problem = None  # why the outcomes could not be reported, if they could not
        self.run_id = find_run_id(config) if settings.history else None
        self.commit = find_commit(config) if settings.history else None

    def client(self):
        if self.daemon is None and self.unavailable is None:
            try:
                self.daemon = HttpDaemon(self.settings.url) if self.settings.url else StdioDaemon(
                    self.settings.binary, self.settings.report, self.settings.history)
            except Unavailable as error:
                self.give_up(str(error))
        return self.daemon

    def give_up(self, reason):
        if self.unavailable is None:
            self.unavailable = reason
            message = f"flakyd unavailable ({reason}): falling back to plain bounded reruns"
            terminal = self.config.pluginmanager.get_plugin("terminalreporter")
            if terminal:
                terminal.write_line(f"WARNING: {message}", yellow=True)
        if self.daemon is not None:
            self.daemon.close()
            self.daemon = None

    def advise(self, item, report, attempt, settings):
        arguments = {"trace": str(report.longrepr) or report.nodeid, "test_id": item.nodeid, "runner": "pytest",
                     "language": "python", "attempt": attempt, "max_attempts": settings.max_attempts,
                     "policy": settings.policy()}
        exception_type = getattr(report, "flakyd_exception", None)
        if exception_type:
            arguments["exception_type"] = exception_type
        if settings.history:
            arguments["run_id"] = self.run_id
            if self.commit:
                arguments["commit"] = self.commit
        else:
            arguments["use_history"] = False
        duration = getattr(report, "duration", None)
        if isinstance(duration, (int, float)) and 0 <= duration < 7 * 86400:
            arguments["duration_s"] = round(float(duration), 3)  # the report's rerun-time figures
        client = self.client()
        if client is not None:
            try:
                return client.call(arguments)
            except Unavailable as error:
                self.give_up(str(error))
        return self.fallback_advice(attempt, settings, exception_type)

    @staticmethod
    def fallback_advice(attempt, settings, exception_type):
        """Plain bounded reruns: what pytest-rerunfailures would do, within the same budget."""
        allowed = not settings.errors or (exception_type or "").split(".")[-1] in settings.errors
        if attempt >= settings.max_attempts or not allowed:
            return {"category": "unknown", "action": "stop_retry", "delay_s": 0, "source": "fallback"}
        base = settings.delay if settings.delay is not None else 1.0
        factor = {"exp": 2 ** (attempt - 1), "linear": attempt, "none": 1}[settings.backoff]
        return {"category": "unknown", "action": "retry_with_delay", "delay_s": base * factor, "source": "fallback"}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        settings = self.settings.with_marker(item.get_closest_marker("flakyd"))
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        attempt = 1
        passes = 0  # passing attempts after a failure (min_passes)
        failed_once = False
        started = time.monotonic()
        while True:
            reports = run_setup_and_call(item)
            failed = next((r for r in reports if r.failed), None)
            failed_once = failed_once or failed is not None
            passes += failed is None and failed_once
            advice = self.advise(item, failed, attempt, settings) if failed is not None else None
            if advice is not None:
                self.note(item, attempt, advice)
            retry = advice is not None and advice.get("action") == "retry_with_delay"
            confirm = (failed is None and failed_once and passes < settings.min_passes
                       and attempt < settings.max_attempts)
            # Decided before teardown: a rerun tears down only the test itself (its function-scoped
            # fixtures); the last attempt tears down as pytest would (towards nextitem).
            reports.append(run_teardown(item, SameCollectors(item) if retry or confirm else nextitem))
            if not retry and not confirm:
                if failed is None and failed_once and passes < settings.min_passes:
                    failed = fail_short_of_min_passes(reports, passes, settings.min_passes)
                self.finish(item, attempt, reports, failed)
                self.note_outcome(item, attempt, reports, failed, time.monotonic() - started)
                break
            rerun = failed if failed is not None else next((r for r in reports if r.when == "call"), None)
            for report in reports:
                if report is rerun:
                    report.outcome = "rerun"
                    item.ihook.pytest_runtest_logreport(report=report)
                    break
                item.ihook.pytest_runtest_logreport(report=report)
            if retry:
                time.sleep(max(0.0, float(advice.get("delay_s", 0))))
            drop_failed_fixture_results(item)
            attempt += 1
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    def note(self, item, attempt, advice):
        record = self.records.setdefault(item.nodeid, {"attempts": attempt})
        record.update(attempts=attempt, category=advice.get("category"), advice=advice.get("action"),
                      delay_s=advice.get("delay_s"), source=advice.get("source"),
                      fingerprint=advice.get("fingerprint"), rule=advice.get("rule"))
        if advice.get("source") == "history":
            record["history_reason"] = advice.get("reason", "")

    def note_outcome(self, item, attempt, reports, failed, seconds):
        """The test's final outcome, for report_outcome at the end of the session."""
        if not self.settings.history:
            return
        skipped = failed is None and any(report.skipped for report in reports)
        entry = {"test_id": item.nodeid, "outcome": "failed" if failed is not None else "skipped" if skipped else "passed",
                 "attempts": attempt, "duration_s": round(seconds, 3)}
        record = self.records.get(item.nodeid)
        if record is not None:
            for key in ("fingerprint", "category", "rule"):
                if record.get(key):
                    entry[key] = record[key]
        self.outcomes[item.nodeid] = entry

    def pytest_sessionfinish(self, session):
        if not self.settings.history or not self.outcomes:
            return
        client = self.client()
        if client is None:
            self.outcome_problem = self.unavailable
            return
        outcomes = list(self.outcomes.values())
        for start in range(0, len(outcomes), OUTCOME_BATCH):
            arguments = {"run_id": self.run_id, "outcomes": outcomes[start:start + OUTCOME_BATCH]}
            if self.commit:
                arguments["commit"] = self.commit
            try:
                client.call(arguments, tool="report_outcome")
            except Unavailable as error:
                self.outcome_problem = str(error)
                return

    def finish(self, item, attempt, reports, failed):
        record = self.records.get(item.nodeid)
        if record is not None:
            record["attempts"] = attempt
            record["outcome"] = "failed" if failed is not None else "passed"
            record["flaky"] = failed is None and attempt > 1
            properties = [("flakyd_attempts", attempt), ("flakyd_category", record.get("category")),
                          ("flakyd_advice", record.get("advice")), ("flakyd_flaky", str(record["flaky"]).lower())]
            item.user_properties.extend(properties)
            for report in reports:  # junitxml reads them from the reports, made before we knew
                report.user_properties = list(report.user_properties) + properties
        for report in reports:
            if record is not None and record.get("flaky") and report.when == "call":
                report.flakyd_flaky = True
            item.ihook.pytest_runtest_logreport(report=report)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is not None:
            report.flakyd_exception = call.excinfo.typename

    def pytest_report_teststatus(self, report):
        if report.outcome == "rerun":
            return "rerun", "R", ("RERUN", {"yellow": True})
        if getattr(report, "flakyd_flaky", False) and report.passed:
            return "passed", ".", ("PASSED (flaky)", {"green": True})
        return None

    def pytest_terminal_summary(self, terminalreporter):
        if not self.records and not self.outcome_problem:
            return
        terminalreporter.section("flakyd")
        if self.unavailable:
            terminalreporter.write_line(f"flakyd was unavailable ({self.unavailable}); plain reruns were used")
        if self.outcome_problem:
            terminalreporter.write_line(f"flakyd could not record this run's outcomes ({self.outcome_problem})")
        for nodeid, record in self.records.items():
            status = "passed after rerun (flaky)" if record.get("flaky") else record.get("outcome", "?")
            terminalreporter.write_line(
                f"{nodeid}: {record['attempts']} attempt(s), {record.get('category')}, "
                f"last advice {record.get('advice')} -> {status}")
        from_history = [(nodeid, record) for nodeid, record in self.records.items() if record.get("history_reason")]
        if from_history:
            terminalreporter.write_line("advice from history (what happened in earlier runs decided):")
            for nodeid, record in from_history:
                terminalreporter.write_line(f"  {nodeid}: {record.get('advice')} -- {record['history_reason']}")

    def pytest_unconfigure(self, config):
        if self.daemon is not None:
            self.daemon.close()


class SameCollectors:
    """Stands in for "the next item" during a rerun: it lives in the same session, package, module
    and class as `item`, so teardown pops only the test's own node."""

    def __init__(self, item):
        self._chain = item.listchain()[:-1]

    def listchain(self):
        return self._chain


def run_setup_and_call(item):
    """pytest's runtestprotocol without its teardown, which waits for the retry decision."""
    if hasattr(item, "_request") and not item._request:
        item._initrequest()
    reports = [call_and_report(item, "setup", log=False)]
    if reports[0].passed and not item.config.getoption("setuponly", False):
        reports.append(call_and_report(item, "call", log=False))
    return reports


def fail_short_of_min_passes(reports, passes, min_passes):
    """The last attempt passed, but too few attempts passed after the failure: the test fails."""
    call = next((r for r in reports if r.when == "call"), reports[0])
    call.outcome = "failed"
    call.longrepr = (f"flakyd: the test failed, then passed {passes} time(s); "
                     f"min_passes requires {min_passes} passing attempts")
    return call


def run_teardown(item, nextitem):
    report = call_and_report(item, "teardown", log=False, nextitem=nextitem)
    if hasattr(item, "_request"):
        item._request = False  # as runtestprotocol: the next attempt gets a fresh request
        item.funcargs = None
    return report


def drop_failed_fixture_results(item):
    """A fixture whose setup failed keeps its error cached; drop it so the rerun sets it up again
    instead of replaying the old error."""
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return
    for definitions in fixture_info.name2fixturedefs.values():
        for definition in definitions:
            cached = getattr(definition, "cached_result", None)
            if cached is not None and cached[2] is not None:  # (value, key, exc_info)
                definition.cached_result = None


# ---------------------------------------------------------------------------------------------
# the two-step CI flow: update an earlier junit XML with the results of a rerun


class XmlUpdater:
    def __init__(self, path):
        self.path = path
        self.passed = set()

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed:
            self.passed.add(tuple(mangle_test_address(report.nodeid)))

    def pytest_sessionfinish(self, session):
        update_junit_xml(self.path, self.passed)


def update_junit_xml(path, passed):
    """Tests that now pass lose their failure and are marked as flaky reruns; the others keep it."""
    tree = ElementTree.parse(path)
    root = tree.getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        fixed_failures = fixed_errors = 0
        for case in suite.findall("testcase"):
            names = (case.get("classname", ""), case.get("name", ""))
            if not any(".".join(p[:-1]) == names[0] and p[-1] == names[1] for p in passed):
                continue
            for child in list(case):
                if child.tag in ("failure", "error"):
                    fixed_failures += child.tag == "failure"
                    fixed_errors += child.tag == "error"
                    case.remove(child)
            properties = case.find("properties")
            if properties is None:
                properties = ElementTree.SubElement(case, "properties")
            ElementTree.SubElement(properties, "property", name="flakyd_flaky", value="true")
            ElementTree.SubElement(properties, "property", name="flakyd_rerun", value="passed in a later run")
        for attribute, fixed in (("failures", fixed_failures), ("errors", fixed_errors)):
            if suite.get(attribute) is not None and fixed:
                suite.set(attribute, str(max(0, int(suite.get(attribute)) - fixed)))
    tree.write(path, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------------------------------------
# wiring


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "flakyd(max=None, delay=None, backoff=None, errors=None, min_passes=None): per-test flakyd rerun policy")
    xml_path = config.getoption("flakyd_update_xml")
    if xml_path:
        if not os.path.isfile(xml_path):
            raise pytest.UsageError(f"--flakyd-update-xml: no such file {xml_path}")
        config.pluginmanager.register(XmlUpdater(xml_path), "flakyd-xml-updater")
    enabled = config.getoption("flakyd")
    if enabled is None:
        enabled = config.getini("flakyd")
    if not enabled:
        return
    config.pluginmanager.register(Plugin(config, read_settings(config)), "flakyd-plugin")

"""The pytest plugin under Debian's pytest, with pytester, against the real flakyd binary."""
import json
import os
import time
import xml.etree.ElementTree as ElementTree

import pytest

FLAKY_ONCE = """
import pathlib, pytest
COUNTER = pathlib.Path(__file__).with_name("attempts-{name}")

def test_{name}():
    runs = int(COUNTER.read_text()) if COUNTER.exists() else 0
    COUNTER.write_text(str(runs + 1))
    if runs == 0:
        raise {exception}("{message}")
"""


@pytest.fixture
def flakyd_env(pytester, monkeypatch, tmp_path):
    binary = os.environ.get("FLAKYD_BIN")
    assert binary and os.path.exists(binary), "FLAKYD_BIN must point at the flakyd binary"
    monkeypatch.setenv("FLAKYD_BIN", os.path.abspath(binary))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return binary


def run(pytester, *args):
    return pytester.runpytest_subprocess("-p", "pytest_flakyd", *args)


def expect(result, **counts):
    """Outcome counts (pytest 7.2's assert_outcomes knows no "rerun"); unnamed ones must be 0."""
    outcomes = result.parseoutcomes()
    for name in ("passed", "failed", "errors", "rerun"):
        assert outcomes.get(name, 0) == counts.get(name, 0), (name, outcomes, result.stdout.str())


def flaky(name, exception="ConnectionResetError", message="[Errno 104] Connection reset by peer"):
    return FLAKY_ONCE.format(name=name, exception=exception, message=message)


def test_connection_reset_passes_on_rerun_after_the_advised_delay(pytester, flakyd_env):
    pytester.makepyfile(test_net=flaky("net"))
    started = time.monotonic()
    result = run(pytester, "--flakyd", "--flakyd-delay=0.3", "-rA")
    elapsed = time.monotonic() - started
    expect(result, passed=1, rerun=1)
    assert elapsed >= 0.3
    result.stdout.fnmatch_lines(["*flakyd*", "*test_net.py::test_net: 2 attempt(s), flaky-network*flaky*"])


def test_assertion_error_is_not_rerun(pytester, flakyd_env):
    pytester.makepyfile(test_defect="def test_defect():\n    assert 1 + 1 == 3\n")
    result = run(pytester, "--flakyd", "--flakyd-delay=0")
    expect(result, failed=1)
    assert "rerun" not in result.parseoutcomes()
    result.stdout.fnmatch_lines(["*test_defect: 1 attempt(s), deterministic, last advice stop_retry*"])


def test_errors_option_limits_what_may_be_retried(pytester, flakyd_env):
    pytester.makepyfile(test_net=flaky("net"))
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "--flakyd-errors=TimeoutError")
    expect(result, failed=1)


def test_marker_overrides_the_command_line(pytester, flakyd_env):
    pytester.makepyfile(test_marked=flaky("marked").replace(
        "def test_marked", "@pytest.mark.flakyd(errors=[ConnectionResetError], delay=0)\ndef test_marked"))
    result = run(pytester, "--flakyd", "--flakyd-errors=TimeoutError")
    expect(result, passed=1, rerun=1)
    pytester.makepyfile(test_capped=flaky("capped").replace(
        "def test_capped", "@pytest.mark.flakyd(max=1)\ndef test_capped"))
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "test_capped.py")
    expect(result, failed=1)


def test_setup_failures_are_rerun_with_fresh_fixtures(pytester, flakyd_env):
    pytester.makepyfile(test_setup="""
import pathlib, pytest
COUNTER = pathlib.Path(__file__).with_name("setups")
SESSION = []

@pytest.fixture(scope="session")
def session_thing():
    SESSION.append(1)
    return len(SESSION)

@pytest.fixture
def server(session_thing):
    runs = int(COUNTER.read_text()) if COUNTER.exists() else 0
    COUNTER.write_text(str(runs + 1))
    if runs == 0:
        raise OSError(98, "Address already in use")
    return session_thing

def test_uses_server(server):
    assert server == 1  # the session fixture was created once
""")
    result = run(pytester, "--flakyd", "--flakyd-delay=0")
    expect(result, passed=1, rerun=1)


def test_report_has_one_line_per_decision(pytester, flakyd_env, tmp_path):
    pytester.makepyfile(test_net=flaky("net"), test_defect="def test_defect():\n    assert False\n")
    trail = tmp_path / "decisions.jsonl"
    result = run(pytester, "--flakyd", "--flakyd-delay=0", f"--flakyd-report={trail}")
    expect(result, passed=1, failed=1, rerun=1)
    lines = [json.loads(line) for line in trail.read_text().splitlines()]
    assert len(lines) == 2
    assert {line["category"] for line in lines} == {"flaky-network", "deterministic"}
    assert all(line["test_id"].startswith("test_") for line in lines)
    # The plugin sends each failed attempt's duration; the trail keeps it, with the masked root-cause
    # line, for `flakyd report`'s rerun-time figures and failure signatures.
    assert all(0 <= line["duration_s"] < 60 for line in lines)
    assert any(line.get("example", "").startswith("AssertionError") for line in lines)


def test_missing_daemon_falls_back_with_one_warning(pytester, monkeypatch, tmp_path):
    monkeypatch.setenv("FLAKYD_BIN", str(tmp_path / "no-such-flakyd"))
    pytester.makepyfile(test_net=flaky("net"), test_other=flaky("other"))
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "--flakyd-max=2")
    expect(result, passed=2, rerun=2)
    assert result.stdout.str().count("flakyd unavailable") == 1


def test_http_daemon_url(pytester, flakyd_env):
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
    from daemon import Daemon
    pytester.makepyfile(test_net=flaky("net"))
    with Daemon() as daemon:
        result = run(pytester, "--flakyd", "--flakyd-delay=0", f"--flakyd-url={daemon.url}")
    expect(result, passed=1, rerun=1)


def test_ini_options(pytester, flakyd_env):
    pytester.makeini("[pytest]\nflakyd = true\nflakyd_delay = 0\nflakyd_max = 2\n")
    pytester.makepyfile(test_net=flaky("net"))
    result = run(pytester)
    expect(result, passed=1, rerun=1)


@pytest.mark.parametrize("args, needle", [
    (["--flakyd-max=zero"], "--flakyd-max"), (["--flakyd-max=0"], "--flakyd-max"),
    (["--flakyd-delay=-1"], "--flakyd-delay"), (["--flakyd-backoff=fibonacci"], "--flakyd-backoff"),
])
def test_invalid_values_are_usage_errors(pytester, flakyd_env, args, needle):
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    result = run(pytester, "--flakyd", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{needle}*"])


def test_junit_xml_records_attempts_and_classification(pytester, flakyd_env, tmp_path):
    pytester.makepyfile(test_net=flaky("net"))
    xml = tmp_path / "report.xml"
    expect(run(pytester, "--flakyd", "--flakyd-delay=0", f"--junitxml={xml}"), passed=1, rerun=1)
    properties = {p.get("name"): p.get("value") for p in ElementTree.parse(xml).iter("property")}
    assert properties["flakyd_attempts"] == "2"
    assert properties["flakyd_category"] == "flaky-network"
    assert properties["flakyd_flaky"] == "true"


def test_two_step_xml_update_flow(pytester, flakyd_env, tmp_path):
    pytester.makepyfile(test_two="""
import os
def test_flaky_elsewhere():
    assert os.environ.get("SECOND_RUN") == "1"
def test_broken():
    assert False
def test_fine():
    pass
""")
    xml = tmp_path / "report.xml"
    first = run(pytester, f"--junitxml={xml}")
    expect(first, passed=1, failed=2)
    os.environ["SECOND_RUN"] = "1"
    try:
        second = run(pytester, "--last-failed", f"--flakyd-update-xml={xml}")
    finally:
        del os.environ["SECOND_RUN"]
    expect(second, passed=1, failed=1)
    root = ElementTree.parse(xml).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases["test_flaky_elsewhere"].find("failure") is None
    flags = {p.get("name"): p.get("value") for p in cases["test_flaky_elsewhere"].iter("property")}
    assert flags["flakyd_flaky"] == "true"
    assert cases["test_broken"].find("failure") is not None
    assert suite.get("failures") == "1"


def test_installed_package_registers_the_plugin_by_entry_point(pytester, flakyd_env, tmp_path):
    import shutil
    import subprocess
    import sys
    source = tmp_path / "src"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "..", "clients", "pytest"), source,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
                              "--no-index", "--target", str(target), str(source)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    entry_points = next(target.glob("pytest_flakyd-*.dist-info")) / "entry_points.txt"
    assert "flakyd = pytest_flakyd" in entry_points.read_text()
    pytester.makepyfile(test_net=flaky("net"))
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--flakyd", "--flakyd-delay=0"],
                         cwd=str(pytester.path), capture_output=True, text=True, env=env, timeout=300)
    assert "1 passed, 1 rerun" in run.stdout, run.stdout + run.stderr


# ---------------------------------------------------------------------------------------------
# history: outcomes reported once per session, run id and commit, opt-out, min_passes


def stored_outcomes(tmp_path):
    import sqlite3
    database = tmp_path / "state" / "flakyd" / "flakyd.db"
    if not database.exists():
        return []
    with sqlite3.connect(str(database)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM flakyd_outcomes ORDER BY test_id")]


def test_every_final_outcome_is_reported_once_with_run_id_and_commit(pytester, flakyd_env, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
    pytester.makepyfile(test_net=flaky("net"), test_plain="""
import pytest
def test_ok():
    pass
@pytest.mark.skip(reason="not here")
def test_skipped():
    pass
def test_broken():
    assert 1 == 2
""")
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "--flakyd-run-id=run-42")
    expect(result, passed=2, failed=1, rerun=1)
    rows = {row["test_id"].split("::")[-1]: row for row in stored_outcomes(tmp_path)}
    assert set(rows) == {"test_net", "test_ok", "test_skipped", "test_broken"}
    assert {row["run_id"] for row in rows.values()} == {"run-42"}
    assert {row["commit_id"] for row in rows.values()} == {"0123456789abcdef0123456789abcdef01234567"}
    assert (rows["test_net"]["outcome"], rows["test_net"]["attempts"]) == ("passed", 2)
    assert len(rows["test_net"]["fingerprint"]) == 64
    assert rows["test_net"]["category"] == "flaky-network"
    assert (rows["test_ok"]["outcome"], rows["test_ok"]["attempts"], rows["test_ok"]["fingerprint"]) == ("passed", 1, "")
    assert rows["test_skipped"]["outcome"] == "skipped"
    assert (rows["test_broken"]["outcome"], rows["test_broken"]["category"]) == ("failed", "deterministic")


def test_commit_falls_back_to_git_head(pytester, flakyd_env, tmp_path, monkeypatch):
    import subprocess
    for name in ("GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git + ["init", "-q"], cwd=pytester.path, check=True)
    subprocess.run(git + ["add", "."], cwd=pytester.path, check=True)
    subprocess.run(git + ["commit", "-qm", "x"], cwd=pytester.path, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=pytester.path, capture_output=True, text=True).stdout.strip()
    expect(run(pytester, "--flakyd"), passed=1)
    assert [row["commit_id"] for row in stored_outcomes(tmp_path)] == [head]


def test_no_history_sends_neither_outcomes_nor_run_id(pytester, flakyd_env, tmp_path):
    pytester.makepyfile(test_net=flaky("net"), test_ok="def test_ok():\n    pass\n")
    trail = tmp_path / "decisions.jsonl"
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "--flakyd-no-history", f"--flakyd-report={trail}")
    expect(result, passed=2, rerun=1)
    assert stored_outcomes(tmp_path) == []
    assert all("run_id" not in json.loads(line) for line in trail.read_text().splitlines())


def test_min_passes_marker_asks_a_failed_test_to_pass_twice(pytester, flakyd_env):
    pytester.makepyfile(test_net="""
import pathlib, pytest
COUNTER = pathlib.Path(__file__).with_name("attempts")

@pytest.mark.flakyd(min_passes=2)
def test_net():
    runs = int(COUNTER.read_text()) if COUNTER.exists() else 0
    COUNTER.write_text(str(runs + 1))
    if runs == 0:
        raise ConnectionResetError("[Errno 104] Connection reset by peer")
""")
    result = run(pytester, "--flakyd", "--flakyd-delay=0")
    expect(result, passed=1, rerun=2)
    assert (pytester.path / "attempts").read_text() == "3"


def test_min_passes_not_reached_within_the_attempts_fails_the_test(pytester, flakyd_env):
    pytester.makepyfile(test_net=flaky("net"))
    result = run(pytester, "--flakyd", "--flakyd-delay=0", "--flakyd-min-passes=3", "--flakyd-max=3")
    expect(result, failed=1, rerun=2)
    result.stdout.fnmatch_lines(["*min_passes requires 3 passing attempts*"])


def test_a_test_that_never_failed_runs_once_whatever_min_passes(pytester, flakyd_env):
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    expect(run(pytester, "--flakyd", "--flakyd-min-passes=3"), passed=1)

"""`flakyd run -- CMD`: the real binary running real child processes (Python scripts, g++)."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from daemon import BIN

FLAKYD = os.path.abspath(BIN)
PYTHON = sys.executable


def read(path):
    with open(path) as f:
        return f.read()


class RunCommand(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flakyd-run-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        self.env = dict(os.environ, XDG_CACHE_HOME=self.scratch)

    def script(self, name, body):
        path = os.path.join(self.scratch, name)
        with open(path, "w") as out:
            out.write(textwrap.dedent(body))
        return path

    def run_flakyd(self, *args, **kwargs):
        return subprocess.run([FLAKYD, "run", *args], env=self.env, capture_output=True, timeout=120, **kwargs)

    def decisions(self, stderr):
        return [line for line in stderr.decode().splitlines() if line.startswith("flakyd: ")]

    def test_a_network_error_once_then_success_exits_0_after_one_rerun(self):
        runs = os.path.join(self.scratch, "runs")
        child = self.script("fetch.py", f"""
            import os, sys
            with open({runs!r}, "a") as out: out.write("run\\n")
            if sum(1 for _ in open({runs!r})) == 1:
                print("Traceback (most recent call last):", file=sys.stderr)
                print("ConnectionResetError: [Errno 104] Connection reset by peer", file=sys.stderr)
                sys.exit(1)
            print("fetched")
            """)
        trail = os.path.join(self.scratch, "trail.jsonl")
        result = self.run_flakyd("--delay", "0.01", "--report", trail, "--", PYTHON, child)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(read(runs), "run\nrun\n")
        self.assertEqual(result.stdout, b"fetched\n")
        self.assertEqual(self.decisions(result.stderr), [
            "flakyd: attempt 1 failed: flaky-network (connection reset); retrying in 0.01 s",
            "flakyd: attempt 2 passed"])
        lines = [json.loads(line) for line in read(trail).splitlines()]
        self.assertEqual(len(lines), 1)
        self.assertEqual((lines[0]["category"], lines[0]["action"], lines[0]["attempt"]),
                         ("flaky-network", "retry_with_delay", 1))
        # Never the trace: only the signature's masked headline ("example"), numbers masked.
        self.assertNotIn("Traceback", read(trail))
        self.assertNotIn("Errno 104", read(trail))

    def test_a_compile_error_exits_with_the_compilers_code_after_one_attempt(self):
        compiler = shutil.which("g++") or shutil.which("cc")
        broken = self.script("broken.cpp", "int main() { return 0 }\n")
        direct = subprocess.run([compiler, "-fsyntax-only", broken], capture_output=True)
        self.assertNotEqual(direct.returncode, 0)
        result = self.run_flakyd("--delay", "0.01", "--", compiler, "-fsyntax-only", broken)
        self.assertEqual(result.returncode, direct.returncode)
        self.assertEqual(result.stderr.count(b"error:"), direct.stderr.count(b"error:"), "one attempt only")
        decisions = self.decisions(result.stderr)
        self.assertEqual(len(decisions), 1, decisions)
        self.assertRegex(decisions[0], r"^flakyd: attempt 1 failed: deterministic \(compile error\); stop: ")

    def test_output_passes_through_byte_for_byte(self):
        rng = random.Random(17)
        out_bytes = bytes(range(256)) * 64 + rng.randbytes(3 << 20)  # every byte value, then 3 MiB
        err_bytes = b"\xff\xfe\x00 not UTF-8 \xc3\x28\n" + rng.randbytes(1 << 20)
        with open(os.path.join(self.scratch, "out.bin"), "wb") as f:
            f.write(out_bytes)
        with open(os.path.join(self.scratch, "err.bin"), "wb") as f:
            f.write(err_bytes)
        child = self.script("binary.py", """
            import os, random, sys
            out, err = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
            rng = random.Random(5)
            i = j = 0
            while i < len(out) or j < len(err):  # interleaved, in uneven chunks
                n = rng.randint(1, 70000)
                if i < len(out): os.write(1, out[i:i + n]); i += n
                if j < len(err): os.write(2, err[j:j + n // 3 + 1]); j += n // 3 + 1
            """)
        result = self.run_flakyd("--", PYTHON, child, os.path.join(self.scratch, "out.bin"),
                                 os.path.join(self.scratch, "err.bin"))
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, out_bytes)
        self.assertEqual(result.stderr, err_bytes)

    def test_stdout_and_stderr_keep_their_relative_order(self):
        # The child writes chunk i to stdout or stderr and waits for the test to acknowledge it on
        # stdin (which flakyd passes on) before it writes chunk i+1: the order seen on the shared
        # pipe must be the order written.
        child = self.script("pingpong.py", """
            import os, sys
            for i in range(40):
                os.write(1 if i % 3 else 2, b"chunk %d\\n" % i)
                sys.stdin.readline()
            """)
        read_end, write_end = os.pipe()
        process = subprocess.Popen([FLAKYD, "run", "--", PYTHON, child], stdin=subprocess.PIPE, stdout=write_end,
                                   stderr=write_end, env=self.env)
        os.close(write_end)
        seen = b""
        with os.fdopen(read_end, "rb", buffering=0) as combined:
            for i in range(40):
                while not seen.endswith(b"chunk %d\n" % i):
                    data = combined.read(4096)
                    self.assertTrue(data, f"output ended before chunk {i}: {seen!r}")
                    seen += data
                process.stdin.write(b"ack\n")
                process.stdin.flush()
            process.stdin.close()
            seen += combined.read()
        self.assertEqual(process.wait(timeout=30), 0)
        self.assertEqual(seen, b"".join(b"chunk %d\n" % i for i in range(40)))

    def start_and_wait_ready(self, *args):
        process = subprocess.Popen([FLAKYD, "run", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=self.env)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        self.assertEqual(process.stdout.readline(), b"ready\n")
        return process

    def test_sigterm_reaches_the_child_and_ends_the_retrying(self):
        got = os.path.join(self.scratch, "got")
        child = self.script("trap.py", f"""
            import signal, sys, time
            def on_term(number, frame):
                open({got!r}, "w").write("SIGTERM")
                sys.exit(42)
            signal.signal(signal.SIGTERM, on_term)
            print("ready", flush=True)
            time.sleep(60)
            """)
        process = self.start_and_wait_ready("--max-attempts", "5", "--", PYTHON, child)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        self.assertEqual(read(got), "SIGTERM")
        self.assertEqual(process.returncode, 42)  # the child's own status
        self.assertRegex(stderr.decode(), r"attempt 1 ended after .* was passed on to the command; not retrying")

    def test_sigint_is_forwarded_and_a_death_by_signal_exits_128_plus_n(self):
        process = self.start_and_wait_ready("--", PYTHON, "-c",
                                            "import signal, time; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                                            "print('ready', flush=True); time.sleep(60)")
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
        self.assertEqual(process.returncode, 128 + signal.SIGINT)

    def test_killed_by_sigkill_is_137_and_classified_as_resource_exhaustion(self):
        result = self.run_flakyd("--max-attempts", "1", "--", PYTHON, "-c",
                                 "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
        self.assertEqual(result.returncode, 137)
        self.assertRegex(self.decisions(result.stderr)[0], r"attempt 1 failed: resource-exhaustion .*stop: ")

    def test_a_timeout_is_classified_as_one_and_each_attempt_is_bounded(self):
        trail = os.path.join(self.scratch, "trail.jsonl")
        result = self.run_flakyd("--timeout", "0.3", "--max-attempts", "2", "--delay", "0", "--report", trail, "--",
                                 PYTHON, "-c", "import time; time.sleep(60)")
        self.assertEqual(result.returncode, 124)
        self.assertEqual(self.decisions(result.stderr), [
            "flakyd: attempt 1 timed out after 0.3 s: timeout (--timeout); retrying in 0 s",
            "flakyd: attempt 2 timed out after 0.3 s: timeout (--timeout); stop: attempt 2 of 2: the retry budget is spent"])
        self.assertEqual([json.loads(line)["category"] for line in read(trail).splitlines()], ["timeout", "timeout"])

    def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(self):
        process = self.start_and_wait_ready("--timeout", "0.3", "--max-attempts", "1", "--", PYTHON, "-c",
                                            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                            "print('ready', flush=True); time.sleep(600)")
        process.communicate(timeout=60)
        self.assertEqual(process.returncode, 124)

    def test_a_missing_command_is_127_without_retry(self):
        result = self.run_flakyd("--", os.path.join(self.scratch, "no-such-command"))
        self.assertEqual(result.returncode, 127)
        self.assertEqual(len(self.decisions(result.stderr)), 1)
        self.assertIn(b"not retrying", result.stderr)

    def test_retry_on_limits_reruns_to_the_named_exceptions(self):
        result = self.run_flakyd("--retry-on", "TimeoutError,ReadTimeout", "--delay", "0", "--", PYTHON, "-c",
                                 "raise ConnectionResetError(104, 'Connection reset by peer')")
        self.assertEqual(result.returncode, 1)
        decisions = self.decisions(result.stderr)
        self.assertEqual(len(decisions), 1, decisions)
        self.assertIn("flaky-network", decisions[0])

    def test_a_closed_output_ends_the_retrying(self):
        # `flakyd run -- yes | head -1`: the reader is gone, the command dies of SIGPIPE; a rerun
        # would only do that again.
        result = subprocess.run(["bash", "-c", f"'{FLAKYD}' run --delay 0 -- yes | head -1; exit ${{PIPESTATUS[0]}}"],
                                capture_output=True, timeout=60)
        self.assertEqual(result.stdout, b"y\n")
        self.assertEqual(result.returncode, 128 + signal.SIGPIPE)
        self.assertEqual(len(self.decisions(result.stderr)), 1, result.stderr)
        self.assertIn(b"closed by the reader; not retrying", result.stderr)

    def test_everything_after_the_separator_belongs_to_the_command(self):
        result = self.run_flakyd("--", "echo", "--report", "x", "--max-attempts", "2", "--help")
        self.assertEqual((result.returncode, result.stdout), (0, b"--report x --max-attempts 2 --help\n"))

    def test_help_names_the_options_and_exit_statuses(self):
        result = subprocess.run([FLAKYD, "run", "--help"], capture_output=True, text=True)
        for word in ("--max-attempts", "--delay", "--backoff", "--retry-on", "--timeout", "--report", "128+N", "124"):
            self.assertIn(word, result.stdout)


if __name__ == "__main__":
    unittest.main()

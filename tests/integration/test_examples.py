"""The CI examples (examples/github-actions, examples/gitlab-ci) as written: they parse, every
shell step is valid bash, every `flakyd run` in them is accepted by flakyd, and the Go and Jest
jobs' test steps -- the exact text of the files -- run against the real runner suites in
tests/runners/ (gotestsum, Jest) and end with the bugs failed and the blips flaky."""
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import yaml

from daemon import BIN
from runners import RUNNERS, OpenPort, node_for_jest, refused_port, require

FLAKYD = os.path.abspath(BIN)
EXAMPLES = os.path.normpath(os.path.join(RUNNERS, "..", "..", "examples"))
GITHUB = os.path.join(EXAMPLES, "github-actions", "flaky-aware-ci.yml")
GITLAB = os.path.join(EXAMPLES, "gitlab-ci", ".gitlab-ci.yml")


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def github_steps(job):
    return [step["run"] for step in load(GITHUB)["jobs"][job]["steps"] if "run" in step]


def gitlab_steps(job):
    return list(load(GITLAB)[job]["script"])


def all_shell_steps():
    steps = [run for job in load(GITHUB)["jobs"] for run in github_steps(job)]
    gitlab = load(GITLAB)
    for name, job in gitlab.items():
        if isinstance(job, dict):
            steps += [line for key in ("before_script", "script") for line in job.get(key, [])]
    return steps


class ExamplesParse(unittest.TestCase):
    def test_every_shell_step_is_valid_bash(self):
        steps = all_shell_steps()
        self.assertGreater(len(steps), 12)
        for step in steps:
            result = subprocess.run(["bash", "-n", "-c", step], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, f"{step}\n{result.stderr}")

    def test_every_flakyd_run_is_accepted(self):
        runs = [m.group(0) for step in all_shell_steps() for m in re.finditer(r"flakyd run [^\n;]*? -- ", step)]
        self.assertGreaterEqual(len(runs), 6)
        for run in runs:
            words = shlex.split(run)[1:] + ["true"]  # the same options around a command that passes
            report = tempfile.mktemp()
            words = [report if w.endswith(".jsonl") else w for w in words]
            result = subprocess.run([FLAKYD, *words], capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, f"{run}: {result.stderr}")
            if os.path.exists(report):
                os.remove(report)

    def test_both_ci_systems_have_the_four_jobs(self):
        self.assertEqual(set(load(GITHUB)["jobs"]), {"go", "maven", "jest", "docker-pull"})
        self.assertTrue({"go", "maven", "jest", "docker-pull"} <= set(load(GITLAB)))


class ExamplesRun(unittest.TestCase):
    """The test step of a job, verbatim, on the matching suite of tests/runners/."""

    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flakyd-examples-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        os.mkdir(os.path.join(self.scratch, "markers"))
        self.port = OpenPort().__enter__()
        self.addCleanup(self.port.__exit__)
        bin_dir = os.path.join(self.scratch, "bin")
        os.mkdir(bin_dir)
        os.symlink(FLAKYD, os.path.join(bin_dir, "flakyd"))
        self.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
                        RERUN_FLAKY=os.path.join(EXAMPLES, "ci", "rerun-flaky.sh"),
                        FLAKYD_WORK=os.path.join(self.scratch, "attempts"), XDG_CACHE_HOME=self.scratch,
                        FLAKYD_MARKER_DIR=os.path.join(self.scratch, "markers"),
                        FLAKYD_OPEN_PORT=str(self.port.port), FLAKYD_REFUSED_PORT=str(refused_port()))

    def run_step(self, step, cwd):
        result = subprocess.run(["bash", "-c", step], cwd=cwd, env=self.env, capture_output=True, text=True,
                                timeout=300)
        merged = os.path.join(cwd, "junit.xml")
        self.addCleanup(lambda: os.path.exists(merged) and os.remove(merged))
        return result, merged

    def verdicts(self, merged):
        cases = {}
        for case in ET.parse(merged).getroot().iter("testcase"):
            tags = {child.tag for child in case}
            cases[case.get("name").strip()] = ("flaky" if "flakyFailure" in tags else
                                               "failed" if "failure" in tags else "passed")
        return cases

    def go_env(self):
        require("gotestsum")
        self.env.update(GOPATH=os.path.join(self.scratch, "gopath"), GOCACHE=os.path.join(self.scratch, "gocache"),
                        GOPROXY="off", GOFLAGS="-mod=mod", GOTOOLCHAIN="local")

    def test_the_go_jobs_test_step_as_written(self):
        self.go_env()
        for step in ([s for s in github_steps("go") if "RERUN_FLAKY" in s and "go junit.xml" in s] +
                     [s for s in gitlab_steps("go") if "RERUN_FLAKY" in s]):
            with self.subTest(step=step[:60]):
                shutil.rmtree(os.path.join(self.scratch, "markers"))
                os.mkdir(os.path.join(self.scratch, "markers"))
                shutil.rmtree(self.env["FLAKYD_WORK"], True)
                result, merged = self.run_step(step, os.path.join(RUNNERS, "go_suite"))
                self.assertEqual(result.returncode, 6, result.stderr)
                self.assertEqual(self.verdicts(merged), {"TestDialBlip": "flaky", "TestChecksumBug": "failed",
                                                         "TestPasses": "passed", "TestStoreBlip": "flaky",
                                                         "TestNilMapBug": "failed"})

    def test_the_jest_jobs_test_step_as_written(self):
        node = node_for_jest()
        self.env["PATH"] = os.path.dirname(node) + os.pathsep + self.env["PATH"]
        steps = [s for s in gitlab_steps("jest") if "RERUN_FLAKY" in s]
        self.assertEqual(len(steps), 1)
        result, merged = self.run_step(steps[0], RUNNERS)
        self.assertEqual(result.returncode, 6, result.stdout + result.stderr)
        self.assertEqual(self.verdicts(merged), {"api client fetches the user (blip)": "flaky",
                                                 "api client formats the name (bug)": "failed",
                                                 "uploads a file (blip)": "flaky", "passes": "passed"})


if __name__ == "__main__":
    unittest.main()

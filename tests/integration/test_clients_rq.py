"""The RQ integration (clients/python/flakyd_rq.py) with a real redis-server, real `rq worker`
processes in burst mode with the scheduler, and the real flakyd daemon.

A job that fails once with a connection reset is requeued after the delay flakyd advises and
succeeds; a job with a real bug (KeyError) fails for good after one attempt; with the daemon down
the shared client's fallback rule (plain bounded retries) decides."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timezone

from daemon import Daemon, wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS = os.path.join(HERE, "..", "..", "clients", "python")
sys.path.insert(0, CLIENTS)

import redis  # noqa: E402  (Debian python3-redis, a dependency of python3-rq)
from rq import Queue  # noqa: E402
from rq.job import Job, JobStatus  # noqa: E402
from rq.registry import FailedJobRegistry, ScheduledJobRegistry  # noqa: E402

import rq_jobs  # noqa: E402

REDIS_SERVER = shutil.which("redis-server") or "/usr/sbin/redis-server"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """redis-server on 127.0.0.1 and a free port, no persistence, in a temporary directory."""

    def __enter__(self):
        self.directory = tempfile.mkdtemp(prefix="flakyd-redis-")
        self.port = free_port()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.directory,
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.connection = redis.Redis(host="127.0.0.1", port=self.port)

        def answers():
            try:
                return self.connection.ping()
            except redis.exceptions.ConnectionError:
                return False

        if not wait_until(answers, timeout=15):
            self.__exit__()
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        return self

    def __exit__(self, *exc):
        self.connection.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class RqWithFlakyd(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="flakyd-rq-")
        self.redis = RedisServer().__enter__()
        self.addCleanup(shutil.rmtree, self.scratch, ignore_errors=True)
        self.addCleanup(self.redis.__exit__)
        self.queue = Queue("flakyd-test", connection=self.redis.connection)

    def burst(self, flakyd_url, **settings):
        """One `rq worker --burst --with-scheduler` with the flakyd handler; its log."""
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([CLIENTS, HERE]), FLAKYD_URL=flakyd_url)
        env.update({f"FLAKYD_{name.upper()}": str(value) for name, value in settings.items()})
        result = subprocess.run(
            [sys.executable, "-m", "rq.cli", "worker", "--burst", "--with-scheduler", "--url", self.redis.url,
             "--exception-handler", "flakyd_rq.handle_exception", "--path", HERE, self.queue.name],
            env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout + result.stderr

    def job(self, job_id):
        return Job.fetch(job_id, connection=self.redis.connection)

    def wait_for_schedule(self, job):
        """Until the scheduled retry is due (the worker's scheduler enqueues due jobs)."""
        registry = ScheduledJobRegistry(queue=self.queue)
        due = registry.get_scheduled_time(job)
        self.assertTrue(wait_until(lambda: datetime.now(timezone.utc) >= due, timeout=120))

    def test_a_connection_reset_is_retried_after_the_advised_delay_and_succeeds(self):
        marker = os.path.join(self.scratch, "blip")
        with Daemon() as daemon:
            enqueued = self.queue.enqueue(rq_jobs.fails_once_with_connection_reset, marker)
            failed_at = datetime.now(timezone.utc)
            self.burst(daemon.url, delay=2)
            burst_ended = datetime.now(timezone.utc)

            job = self.job(enqueued.id)
            self.assertEqual(job.get_status(), JobStatus.SCHEDULED)
            self.assertEqual(job.meta["flakyd"]["category"], "flaky-network")
            self.assertEqual(job.meta["flakyd"]["action"], "retry_with_delay")
            self.assertEqual(job.meta["flakyd"]["source"], "heuristic")
            self.assertEqual(job.meta["flakyd"]["delay_s"], 2.0)  # our base, attempt 1
            self.assertEqual(job.meta["flakyd_attempt"], 2)
            self.assertNotIn(job.id, FailedJobRegistry(queue=self.queue).get_job_ids())
            scheduled = ScheduledJobRegistry(queue=self.queue)
            self.assertIn(job.id, scheduled.get_job_ids())
            # Scheduled the advised 2 s after the failure (RQ keeps whole seconds, rounding down).
            due = scheduled.get_scheduled_time(job)
            self.assertGreaterEqual((due - failed_at).total_seconds(), 1.0)
            self.assertLessEqual((due - burst_ended).total_seconds(), 2.0)

            self.wait_for_schedule(job)
            self.burst(daemon.url, delay=2)
            job = self.job(enqueued.id)
            self.assertEqual(job.get_status(), JobStatus.FINISHED)
            self.assertEqual(job.return_value(), "done after a blip")
            self.assertEqual([entry["attempt"] for entry in job.meta["flakyd_attempts"]], [1])
            self.assertEqual(len(self.queue), 0)
            self.assertEqual(FailedJobRegistry(queue=self.queue).count, 0)

    def test_a_real_bug_fails_for_good_after_one_attempt(self):
        counter = os.path.join(self.scratch, "runs")
        with Daemon() as daemon:
            enqueued = self.queue.enqueue(rq_jobs.counts_runs_then_raises_key_error, counter)
            self.burst(daemon.url, delay=1)
            job = self.job(enqueued.id)
            self.assertEqual(job.get_status(), JobStatus.FAILED)
            self.assertIn(job.id, FailedJobRegistry(queue=self.queue).get_job_ids())
            self.assertEqual(ScheduledJobRegistry(queue=self.queue).count, 0)
            self.assertEqual(job.meta["flakyd"]["category"], "deterministic")
            self.assertEqual(job.meta["flakyd"]["action"], "stop_retry")
            self.assertEqual(job.meta["flakyd_attempts"][0]["exception_type"], "KeyError")
            self.assertIn("KeyError: 'missing_key'", job.latest_result().exc_string)
        with open(counter) as file:
            self.assertEqual(len(file.readlines()), 1)

    def test_daemon_down_falls_back_to_plain_bounded_retries(self):
        down = f"http://127.0.0.1:{free_port()}/mcp"  # nothing listens there
        marker = os.path.join(self.scratch, "blip")
        counter = os.path.join(self.scratch, "runs")
        blip = self.queue.enqueue(rq_jobs.fails_once_with_connection_reset, marker)
        bug = self.queue.enqueue(rq_jobs.counts_runs_then_raises_key_error, counter)
        log = self.burst(down, delay=1, max_attempts=2)
        self.assertIn("flakyd unavailable", log)
        self.assertIn("falling back to plain bounded retries", log)
        for job_id in (blip.id, bug.id):
            job = self.job(job_id)
            self.assertEqual(job.get_status(), JobStatus.SCHEDULED)  # the fallback retries anything
            self.assertEqual(job.meta["flakyd"]["source"], "fallback")
            self.assertEqual(job.meta["flakyd"]["delay_s"], 1.0)

        for job_id in (blip.id, bug.id):
            self.wait_for_schedule(self.job(job_id))
        self.burst(down, delay=1, max_attempts=2)
        self.assertEqual(self.job(blip.id).get_status(), JobStatus.FINISHED)
        bug_job = self.job(bug.id)
        self.assertEqual(bug_job.get_status(), JobStatus.FAILED)  # the budget of 2 attempts is spent
        self.assertEqual(bug_job.meta["flakyd"]["action"], "stop_retry")
        self.assertEqual([entry["attempt"] for entry in bug_job.meta["flakyd_attempts"]], [1, 2])
        with open(counter) as file:
            self.assertEqual(len(file.readlines()), 2)

    def test_the_allow_list_holds_when_the_daemon_is_down(self):
        down = f"http://127.0.0.1:{free_port()}/mcp"
        counter = os.path.join(self.scratch, "runs")
        bug = self.queue.enqueue(rq_jobs.counts_runs_then_raises_key_error, counter)
        self.burst(down, delay=1, retry_on="ConnectionResetError,TimeoutError")
        job = self.job(bug.id)
        self.assertEqual(job.get_status(), JobStatus.FAILED)
        self.assertEqual(job.meta["flakyd"]["source"], "fallback")
        self.assertIn("allow-list", job.meta["flakyd"]["reason"])


class RedisGoneDuringRequeue(unittest.TestCase):
    def test_the_job_stays_failed_and_the_handler_says_why(self):
        import flakyd_rq
        from flakyd_client import Client, Policy

        gone = redis.Redis(host="127.0.0.1", port=free_port())  # nothing listens there
        job = Job.create(rq_jobs.fails_once_with_connection_reset, args=("unused",), connection=gone)
        handler = flakyd_rq.FlakydRetry(Client(f"http://127.0.0.1:{free_port()}/mcp"), Policy(base_delay_s=1))
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError as error:
            with self.assertLogs("flakyd", "WARNING") as logs:
                fall_through = handler(job, type(error), error, error.__traceback__)
        self.assertTrue(fall_through)  # later handlers see a failed job
        self.assertTrue(any("could not requeue job" in line for line in logs.output), logs.output)


if __name__ == "__main__":
    unittest.main()

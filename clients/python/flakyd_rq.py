"""flakyd_rq: an RQ exception handler that retries a failed job only when flakyd advises it.

RQ's own ``Retry(max=3, interval=[...])`` reruns every failure on a fixed schedule. With this
handler a job that failed on a transport blip is put back on its queue after the delay flakyd
advises, and a job that failed on a real bug (a KeyError, an assertion) fails for good after one
attempt, with flakyd's verdict kept in ``job.meta["flakyd"]``.

Wire it in (RQ >= 1.13; the worker must run the scheduler for delayed retries):

    rq worker --with-scheduler --exception-handler flakyd_rq.handle_exception

or in code: ``Worker(queues, exception_handlers=[FlakydRetry(policy=Policy(max_attempts=5))])``.
Enqueue jobs without RQ's ``retry=``: a job RQ retries itself never reaches this handler until
its own retries are spent.

On each failure the handler sends classify_failure the traceback, the exception type, the job's
function name as test id, the attempt (``job.meta["flakyd_attempt"]``, 1 on the first run) and the
policy. On ``retry_with_delay`` it takes the job out of the FailedJobRegistry and schedules it
``delay_s`` seconds ahead (enqueues it at once for 0 s), then stops the handler chain (a retried
failure is not a failure yet). On ``stop_retry`` the job stays failed and later handlers run.
When flakyd is down the shared client's fallback rule applies (plain bounded retries: see
flakyd_client), and flakyd is tried again a minute later.

``handle_exception`` reads its settings from the environment: FLAKYD_URL, FLAKYD_TOKEN,
FLAKYD_MAX_ATTEMPTS (3), FLAKYD_DELAY (base seconds), FLAKYD_MAX_DELAY, FLAKYD_BACKOFF
(exp|linear|none), FLAKYD_RETRY_ON (comma-separated exception names).

Dependencies with ``allow_failure=True`` are enqueued by RQ on the first failure, before this
handler runs; other dependents wait for the job's eventual success, as usual.
"""
import logging
import os
import threading
import traceback
from datetime import datetime, timedelta, timezone

from redis.exceptions import RedisError
from rq.exceptions import DeserializationError
from rq.job import JobStatus
from rq.queue import Queue
from rq.registry import FailedJobRegistry

from flakyd_client import Client, Policy

log = logging.getLogger("flakyd")

RECHECK_AFTER_S = 60.0  # a worker lives long: ask flakyd again a minute after it failed us
MAX_MESSAGE_CHARS = 4096


class FlakydRetry:
    """An RQ exception handler: ``handler(job, exc_type, exc_value, tb)``."""

    def __init__(self, client=None, policy=None):
        self.client = client or Client(recheck_after_s=RECHECK_AFTER_S)
        self.policy = policy or Policy()

    def __call__(self, job, exc_type, exc_value, tb):
        attempt = int(job.meta.get("flakyd_attempt", 1))
        exception_type = qualified_name(exc_type)
        arguments = {"trace": "".join(traceback.format_exception(exc_type, exc_value, tb)),
                     "message": str(exc_value)[:MAX_MESSAGE_CHARS], "test_id": function_name(job),
                     "runner": "rq", "language": "python", "attempt": attempt}
        advice = self.client.advise(arguments, self.policy, exception_type)
        job.meta["flakyd"] = {key: advice.get(key) for key in
                              ("category", "action", "delay_s", "source", "reason", "rule", "fingerprint")}
        job.meta.setdefault("flakyd_attempts", []).append(
            {"attempt": attempt, "exception_type": exception_type, "category": advice.get("category"),
             "action": advice.get("action"), "delay_s": advice.get("delay_s")})
        if advice.get("action") != "retry_with_delay":
            try:
                job.save_meta()
            except RedisError as error:
                log.error("flakyd_rq: could not save flakyd's verdict on job %s (%s)", job.id, error)
            return True  # failed for good: let the next handler (alerting, Sentry) see it
        job.meta["flakyd_attempt"] = attempt + 1
        try:
            requeue(job, max(0.0, float(advice.get("delay_s") or 0.0)))
        except RedisError as error:  # the job stays failed, as if flakyd had said stop
            log.error("flakyd_rq: could not requeue job %s (%s); it stays failed", job.id, error)
            return True
        return False


def requeue(job, delay_s):
    """Out of the FailedJobRegistry, back on the job's queue now or `delay_s` seconds ahead."""
    queue = Queue(job.origin, connection=job.connection, serializer=job.serializer)
    failed = FailedJobRegistry(job.origin, connection=job.connection, serializer=job.serializer)
    with job.connection.pipeline() as pipeline:
        failed.remove(job, pipeline=pipeline)
        if delay_s > 0:
            job.set_status(JobStatus.SCHEDULED, pipeline=pipeline)
            queue.schedule_job(job, datetime.now(timezone.utc) + timedelta(seconds=delay_s), pipeline=pipeline)
        else:
            queue.enqueue_job(job, pipeline=pipeline)
        pipeline.execute()


def function_name(job):
    try:
        return job.func_name
    except DeserializationError:
        return f"rq job {job.id}"


def qualified_name(exc_type):
    module = getattr(exc_type, "__module__", "")
    name = getattr(exc_type, "__qualname__", getattr(exc_type, "__name__", str(exc_type)))
    return name if module in ("builtins", "") else f"{module}.{name}"


def policy_from_environment(environ=os.environ):
    """A Policy from FLAKYD_MAX_ATTEMPTS, FLAKYD_DELAY, FLAKYD_MAX_DELAY, FLAKYD_BACKOFF and
    FLAKYD_RETRY_ON; ValueError names the variable that is wrong."""
    def number(name, kind):
        value = environ.get(name, "").strip()
        if not value:
            return None
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{name} must be a number, got {value!r}")

    try:
        return Policy(max_attempts=number("FLAKYD_MAX_ATTEMPTS", int) or 3,
                      base_delay_s=number("FLAKYD_DELAY", float),
                      max_delay_s=number("FLAKYD_MAX_DELAY", float),
                      backoff=environ.get("FLAKYD_BACKOFF", "").strip() or "exp",
                      retry_on=environ.get("FLAKYD_RETRY_ON", "").split(","))
    except ValueError as error:
        raise ValueError(f"flakyd_rq: {error}")


_default = None
_default_lock = threading.Lock()


def handle_exception(job, exc_type, exc_value, tb):
    """For ``rq worker --exception-handler flakyd_rq.handle_exception``: a FlakydRetry configured
    from the environment on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FlakydRetry(policy=policy_from_environment())
    return _default(job, exc_type, exc_value, tb)

"""flakyd_client: ask a running flakyd daemon whether a failure is worth retrying.

Standard library only (Python >= 3.8). One call, ``Client.advise(arguments, policy)``, sends the
arguments of the MCP tool ``classify_failure`` to the daemon's Streamable HTTP endpoint as a
stateless ``tools/call`` (no ``initialize`` needed) and returns the advice: a dict with
``action`` (``retry_with_delay`` or ``stop_retry``), ``delay_s``, ``category``, ``source`` and
the rest of the tool's result. ``Client.call`` is the same request without the fallback (it
raises Unavailable), and ``Client.call_tool(name, arguments)`` calls any other tool
(``report_outcome``, ``redact``, ``stats``) and returns its structured result.

Configuration comes from the caller or the environment:
  FLAKYD_URL    the daemon's MCP endpoint (default http://127.0.0.1:7340/mcp)
  FLAKYD_TOKEN  a bearer token, sent as ``Authorization: Bearer ...``; never logged or repeated
                in an error message

The fallback rule (the same as the pytest plugin's): when the daemon cannot be reached, answers
with an HTTP or JSON-RPC error, or answers something that is not a classify_failure result, the
client says so once (a logging warning naming the reason) and answers with plain bounded
retries instead, so a CI job or a worker never breaks because flakyd is down:
  - ``stop_retry`` when ``attempt >= max_attempts``, or when an allow-list (``retry_on``) is
    given and the exception type (its last dotted part) is not on it;
  - otherwise ``retry_with_delay`` with ``base * 2**(attempt-1)`` (``exp``), ``base * attempt``
    (``linear``) or ``base`` (``none``) seconds, base = ``base_delay_s`` or 1.0, capped by
    ``max_delay_s`` when given; ``source`` is ``"fallback"`` and ``category`` ``"unknown"``.
A client made with ``recheck_after_s=None`` (a test session) stays on the fallback once the
daemon failed it; a long-lived one (a job-queue worker) tries the daemon again after that many
seconds and logs once more when it is back.

Thread-safe: one client may serve several threads.
"""
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:7340/mcp"
DEFAULT_TIMEOUT_S = 10.0
MAX_REPLY_BYTES = 1 << 20  # a classify_failure result is a few hundred bytes
MAX_TRACE_CHARS = 1 << 20  # flakyd keeps a trace's head and tail within 1 MiB; send no more
BACKOFFS = ("exp", "linear", "none")
ACTIONS = ("retry_with_delay", "stop_retry")

log = logging.getLogger("flakyd")


class Unavailable(Exception):
    """flakyd could not give advice: the reason is the message (never the token)."""


class Policy:
    """The retry budget and backoff a runner asks for; also what the fallback rule follows.

    max_attempts: total attempts, the first included (default 3).
    base_delay_s: the base delay (default: flakyd's per category; the fallback uses 1.0).
    max_delay_s:  the longest delay (default: flakyd's).
    backoff:      exp, linear or none (default exp).
    retry_on:     exception names that may be retried; empty means any (default empty).
    """

    def __init__(self, max_attempts=3, base_delay_s=None, max_delay_s=None, backoff="exp", retry_on=()):
        if not isinstance(max_attempts, int) or not 1 <= max_attempts <= 100:
            raise ValueError(f"max_attempts must be a whole number from 1 to 100, got {max_attempts!r}")
        for name, value in (("base_delay_s", base_delay_s), ("max_delay_s", max_delay_s)):
            if value is not None and not 0 <= float(value) <= 3600:
                raise ValueError(f"{name} must be within [0, 3600] seconds, got {value!r}")
        if backoff not in BACKOFFS:
            raise ValueError(f"backoff must be one of {', '.join(BACKOFFS)}, got {backoff!r}")
        self.max_attempts = max_attempts
        self.base_delay_s = None if base_delay_s is None else float(base_delay_s)
        self.max_delay_s = None if max_delay_s is None else float(max_delay_s)
        self.backoff = backoff
        self.retry_on = [str(name).strip() for name in retry_on if str(name).strip()]

    def wire(self):
        """The tool's `policy` argument."""
        policy = {"backoff": self.backoff}
        if self.base_delay_s is not None:
            policy["base_delay_s"] = self.base_delay_s
        if self.max_delay_s is not None:
            policy["max_delay_s"] = self.max_delay_s
        if self.retry_on:
            policy["retry_on"] = list(self.retry_on)
        return policy


def fallback_advice(attempt, policy, exception_type=None):
    """Plain bounded retries, for when flakyd cannot be asked (see the module's docstring)."""
    name = (exception_type or "").replace(":", ".").split(".")[-1]
    allowed = not policy.retry_on or name in policy.retry_on or exception_type in policy.retry_on
    if attempt >= policy.max_attempts or not allowed:
        return {"category": "unknown", "action": "stop_retry", "delay_s": 0.0, "source": "fallback",
                "reason": "flakyd unavailable: " + ("the retry budget is spent" if allowed
                                                    else "the exception is not on the retry_on allow-list")}
    base = policy.base_delay_s if policy.base_delay_s is not None else 1.0
    factor = {"exp": 2 ** (attempt - 1), "linear": attempt, "none": 1}[policy.backoff]
    delay = base * factor
    if policy.max_delay_s is not None:
        delay = min(delay, policy.max_delay_s)
    return {"category": "unknown", "action": "retry_with_delay", "delay_s": delay, "source": "fallback",
            "reason": f"flakyd unavailable: plain retry {attempt} of {policy.max_attempts - 1}"}


def unwrap(reply):
    """The structured result of a tools/call reply, or Unavailable saying what was wrong."""
    if not isinstance(reply, dict):
        raise Unavailable("flakyd's answer is not a JSON-RPC object")
    if "error" in reply:
        error = reply["error"] if isinstance(reply["error"], dict) else {}
        raise Unavailable(f"flakyd answered JSON-RPC error {error.get('code')}: {str(error.get('message'))[:200]}")
    result = reply.get("result")
    if not isinstance(result, dict) or result.get("isError") or not isinstance(result.get("structuredContent"), dict):
        raise Unavailable(f"unexpected answer from flakyd: {json.dumps(reply)[:200]}")
    return result["structuredContent"]


def checked_advice(advice):
    """classify_failure's result, if it carries an action a runner can follow."""
    if advice.get("action") not in ACTIONS:
        raise Unavailable(f"flakyd's advice has no known action: {json.dumps(advice)[:200]}")
    return advice


def head_and_tail(trace, limit=MAX_TRACE_CHARS):
    """A long trace cut in the middle: a Python traceback ends with its root cause, a log starts
    with what ran."""
    if len(trace) <= limit:
        return trace
    half = limit // 2
    return f"{trace[:half]}\n... [{len(trace) - 2 * half} characters cut by flakyd_client] ...\n{trace[-half:]}"


def parse_body(body, content_type):
    """A JSON reply, or the last JSON-RPC message of a text/event-stream reply."""
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/event-stream"):
        data = [line[5:].strip() for line in text.splitlines() if line.startswith("data:")]
        text = data[-1] if data else ""
    try:
        return json.loads(text)
    except ValueError:
        raise Unavailable(f"flakyd's answer is not JSON: {text[:120]!r}")


class Client:
    """One daemon endpoint. `call` raises Unavailable; `advise` never raises for the daemon's sake."""

    def __init__(self, url=None, timeout_s=DEFAULT_TIMEOUT_S, recheck_after_s=None, token_env="FLAKYD_TOKEN"):
        self.url = url or os.environ.get("FLAKYD_URL") or DEFAULT_URL
        if not self.url.startswith(("http://", "https://")):
            raise ValueError(f"the flakyd URL must be http:// or https://, got {self.url!r}")
        self.timeout_s = timeout_s
        self.recheck_after_s = recheck_after_s
        self.token_env = token_env
        self.unavailable = None  # the reason, while the daemon is considered down
        self._down_since = None
        self._lock = threading.Lock()
        self._next_id = 0

    def call(self, arguments):
        """classify_failure's structured result; Unavailable when there is none."""
        arguments = dict(arguments, trace=head_and_tail(str(arguments.get("trace", ""))))
        return checked_advice(self.call_tool("classify_failure", arguments))

    def call_tool(self, name, arguments):
        """Any tool's structured result (e.g. report_outcome's); Unavailable when there is none."""
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
        message = {"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                   "params": {"name": name, "arguments": arguments}}
        request = urllib.request.Request(self.url, data=json.dumps(message).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "Accept": "application/json, text/event-stream"})
        token = os.environ.get(self.token_env)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body = response.read(MAX_REPLY_BYTES + 1)
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            hint = " (check FLAKYD_TOKEN)" if error.code in (401, 403) else ""
            raise Unavailable(f"{self.url} answered HTTP {error.code}{hint}")
        except (urllib.error.URLError, OSError) as error:
            raise Unavailable(f"cannot reach {self.url}: {getattr(error, 'reason', error)}")
        if len(body) > MAX_REPLY_BYTES:
            raise Unavailable(f"flakyd's answer is larger than {MAX_REPLY_BYTES} bytes")
        return unwrap(parse_body(body, content_type))

    def advise(self, arguments, policy, exception_type=None):
        """flakyd's advice for one failure, or the fallback rule's when flakyd cannot answer.

        `arguments` are classify_failure's (trace, test_id, attempt, ...); `attempt`,
        `max_attempts`, `policy` and `exception_type` are filled in from `policy` and
        `exception_type` when missing."""
        arguments = dict(arguments)
        arguments.setdefault("attempt", 1)
        arguments.setdefault("max_attempts", policy.max_attempts)
        arguments.setdefault("policy", policy.wire())
        if exception_type and "exception_type" not in arguments:
            arguments["exception_type"] = exception_type
        if self._should_ask():
            try:
                advice = self.call(arguments)
                self._back_up()
                return advice
            except Unavailable as error:
                self._went_down(str(error))
        return fallback_advice(arguments["attempt"], policy, arguments.get("exception_type"))

    def _should_ask(self):
        with self._lock:
            if self.unavailable is None:
                return True
            return self.recheck_after_s is not None and time.monotonic() - self._down_since >= self.recheck_after_s

    def _went_down(self, reason):
        with self._lock:
            first = self.unavailable is None
            self.unavailable = reason
            self._down_since = time.monotonic()
        if first:
            log.warning("flakyd unavailable (%s): falling back to plain bounded retries", reason)

    def _back_up(self):
        with self._lock:
            was_down = self.unavailable is not None
            self.unavailable = None
        if was_down:
            log.warning("flakyd is reachable again at %s: following its advice", self.url)

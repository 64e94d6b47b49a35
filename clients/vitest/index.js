// vitest-flakyd: retry a failed Vitest test only when flakyd says the failure is worth retrying.
//
//   import { flakydRetry } from 'vitest-flakyd'
//   describe('payments API', { retry: flakydRetry({ count: 2 }) }, () => { ... })
//
// Vitest (>= 4.1) calls `retry.condition(error)` after a failed attempt, synchronously, inside the
// test worker; functions cannot go in vitest.config (the config is serialised), so the retry
// object goes on a test or a describe. The condition sends flakyd's MCP tool classify_failure
// the error (name, message, code, stack, cause chain), the test's id, the attempt and the policy,
// as one stateless `tools/call` to the daemon's Streamable HTTP endpoint, and follows the
// advice: `stop_retry` -> no retry; `retry_with_delay` -> waits the advised delay, then retries.
//
// Vitest does not await the condition, so the request runs in a short-lived child Node process
// (ask.js) that this worker waits for, and the delay is a blocking wait in the worker. Only
// failures pay for it.
//
// Why the condition is a RegExp: Vitest 4.1.0 to 5.1.2 (checked) replace a *function* condition
// with `undefined` on the live test when they report the collected tests (onCollected strips it
// for structured cloning), so a function condition is never called and every failure is retried.
// A RegExp survives, and Vitest calls its `test(message)`; ours ignores the message and reads the
// whole error (the last of the current test's errors, the one Vitest would pass a function).
//
// Settings: options, else the environment: FLAKYD_URL (default http://127.0.0.1:7340/mcp),
// FLAKYD_TOKEN (bearer token; passed to the child through its environment, never logged).
//
// The fallback rule, the same as the pytest plugin's and the Python client's: when the daemon
// cannot be reached or answers with an error, the adapter says so once (stderr) and, for the
// rest of this worker, retries plainly within the budget: no retry when attempt >= count + 1 or
// when `retryOn` is given and the error's name is not on it; otherwise a delay of
// base * 2^(attempt-1) (exp), base * attempt (linear) or base (none) seconds, base = `delay`
// or 1.0, capped by `maxDelay`.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { getCurrentTest } from '@vitest/runner'

export const DEFAULT_URL = 'http://127.0.0.1:7340/mcp'
const ASK = fileURLToPath(new URL('./ask.js', import.meta.url))
const MAX_TRACE_CHARS = 256 * 1024 // flakyd keeps a trace's head and tail; no need to send more
const MAX_CAUSES = 8
const BACKOFFS = ['exp', 'linear', 'none']

let unavailable = null // why flakyd failed this worker; then the fallback rule decides

/** `{ count, condition }` for a test's or a describe's `retry` option. */
export function flakydRetry(options = {}) {
  const settings = readSettings(options)
  return { count: settings.count, condition: flakydCondition(options) }
}

/** The `retry.condition` alone (for a retry object of your own): a RegExp whose `test` asks flakyd. */
export function flakydCondition(options = {}) {
  return new FlakydCondition(options)
}

export class FlakydCondition extends RegExp {
  static get [Symbol.species]() {
    return RegExp // derived regexps (split, matchAll) are plain ones
  }

  #decide
  constructor(options = {}) {
    super('(?:)')
    this.#decide = decider(readSettings(options))
  }

  test(message) {
    const { error, test } = failureFor(String(message ?? ''))
    return this.#decide(error, test)
  }
}

// The failed test and its whole error. Vitest keeps one "current test" per worker; with
// concurrent tests it may be another one than the test that failed, so it counts only when its
// last error carries the message Vitest handed us; otherwise we know the message alone.
function failureFor(message) {
  const test = getCurrentTest()
  const errors = test?.result?.errors
  const last = errors?.length ? errors[errors.length - 1] : undefined
  if (last && String(last.message ?? '') === message) return { error: last, test }
  return { error: { message }, test: undefined }
}

function decider(settings) {
  return (error, test) => {
    const attempt = (test?.result?.retryCount ?? 0) + 1
    const maxAttempts = retryCount(test?.retry, settings.count) + 1
    const advice = advise(settings, requestFor(error, test, attempt, maxAttempts, settings))
    if (test?.meta) {
      test.meta.flakyd = [...(test.meta.flakyd ?? []), summary(attempt, advice)]
    }
    if (advice.action !== 'retry_with_delay') {
      return false
    }
    sleepSync(Math.min(Number(advice.delay_s) || 0, settings.maxWait) * 1000)
    return true
  }
}

function readSettings(options) {
  const count = options.count ?? 2
  if (!Number.isInteger(count) || count < 0 || count > 99) {
    throw new TypeError(`flakyd: count must be a whole number of retries from 0 to 99, got ${count}`)
  }
  const backoff = options.backoff ?? 'exp'
  if (!BACKOFFS.includes(backoff)) {
    throw new TypeError(`flakyd: backoff must be one of ${BACKOFFS.join(', ')}, got ${backoff}`)
  }
  for (const name of ['delay', 'maxDelay', 'maxWait']) {
    const value = options[name]
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 3600)) {
      throw new TypeError(`flakyd: ${name} must be a number of seconds within [0, 3600], got ${value}`)
    }
  }
  const timeoutMs = options.timeoutMs ?? 10_000
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 600_000)) {
    throw new TypeError(`flakyd: timeoutMs must be a whole number of milliseconds within (0, 600000], got ${timeoutMs}`)
  }
  const url = options.url ?? process.env.FLAKYD_URL ?? DEFAULT_URL
  if (!/^https?:\/\//.test(url)) {
    throw new TypeError(`flakyd: the URL must be http:// or https://, got ${url}`)
  }
  return {
    count,
    url,
    backoff,
    delay: options.delay,
    maxDelay: options.maxDelay,
    retryOn: [...(options.retryOn ?? [])].map(String),
    timeoutMs,
    maxWait: options.maxWait ?? 300,
  }
}

function retryCount(retry, fallback) {
  if (typeof retry === 'number') return retry
  return retry?.count ?? fallback
}

function requestFor(error, test, attempt, maxAttempts, settings) {
  const policy = { backoff: settings.backoff }
  if (settings.delay !== undefined) policy.base_delay_s = settings.delay
  if (settings.maxDelay !== undefined) policy.max_delay_s = settings.maxDelay
  if (settings.retryOn.length) policy.retry_on = settings.retryOn
  const request = {
    trace: describeError(error),
    runner: 'vitest',
    language: 'javascript',
    attempt,
    max_attempts: maxAttempts,
    policy,
  }
  if (error?.name) request.exception_type = String(error.name)
  if (error?.message) request.message = String(error.message).slice(0, 4096)
  if (test) request.test_id = testId(test)
  return request
}

/** The error as a runner would print it: name, message, code, stack, then each cause. */
export function describeError(error) {
  const parts = []
  let current = error
  for (let depth = 0; current && depth <= MAX_CAUSES; depth++, current = current.cause) {
    if (typeof current !== 'object') {
      parts.push(String(current))
      break
    }
    const head = `${current.name ?? 'Error'}: ${current.message ?? ''}`
    const code = current.code ? ` (code ${current.code})` : ''
    const stack = typeof current.stack === 'string' ? current.stack : ''
    parts.push((stack.startsWith(head) ? head + code + stack.slice(head.length) : `${head}${code}\n${stack}`).trimEnd())
    if (current.diff) parts.push(String(current.diff))
  }
  const trace = parts.join('\nCaused by: ')
  return trace.length > MAX_TRACE_CHARS ? trace.slice(0, MAX_TRACE_CHARS) : trace || 'unknown error'
}

function testId(test) {
  const names = []
  for (let task = test; task && task.type !== 'file' && task !== test.file; task = task.suite) {
    if (task.name) names.unshift(task.name)
  }
  return [test.file?.name, ...names].filter(Boolean).join(' > ')
}

function advise(settings, request) {
  if (unavailable === null) {
    const answer = ask(settings, request)
    if (answer.ok) return answer.advice
    unavailable = answer.reason
    process.stderr.write(`flakyd unavailable (${unavailable}): falling back to plain bounded retries\n`)
  }
  return fallbackAdvice(request.attempt, request.max_attempts, settings, request.exception_type)
}

function ask(settings, request) {
  try {
    const output = execFileSync(process.execPath, [ASK], {
      input: JSON.stringify({ url: settings.url, timeoutMs: settings.timeoutMs, arguments: request }),
      timeout: settings.timeoutMs + 5_000,
      maxBuffer: 2 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    const answer = JSON.parse(output.toString('utf8'))
    return answer && typeof answer === 'object' ? answer : { ok: false, reason: 'no answer' }
  } catch (error) {
    return { ok: false, reason: `the request did not finish: ${error.code ?? error.message}` }
  }
}

/** Plain bounded retries, for when flakyd cannot be asked (see the header). */
export function fallbackAdvice(attempt, maxAttempts, settings, exceptionType) {
  const name = String(exceptionType ?? '').split(/[.:]/).pop()
  const allowed = settings.retryOn.length === 0 || settings.retryOn.includes(name)
  if (attempt >= maxAttempts || !allowed) {
    const why = allowed ? 'the retry budget is spent' : 'the error is not on the retryOn allow-list'
    return { category: 'unknown', action: 'stop_retry', delay_s: 0, source: 'fallback', reason: `flakyd unavailable: ${why}` }
  }
  const base = settings.delay ?? 1.0
  const factor = { exp: 2 ** (attempt - 1), linear: attempt, none: 1 }[settings.backoff ?? 'exp']
  const delay = Math.min(base * factor, settings.maxDelay ?? Infinity)
  return { category: 'unknown', action: 'retry_with_delay', delay_s: delay, source: 'fallback', reason: `flakyd unavailable: plain retry ${attempt} of ${maxAttempts - 1}` }
}

function summary(attempt, advice) {
  const { category, action, delay_s, source, rule, reason } = advice
  return { attempt, category, action, delay_s, source, rule, reason }
}

function sleepSync(milliseconds) {
  if (milliseconds > 0) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds)
  }
}

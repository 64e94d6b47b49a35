// The adapter's own rules, without a daemon: settings validation, the error as sent, and the
// fallback rule (the same as the pytest plugin's and clients/python's).
import { describe, expect, test } from 'vitest'
import { describeError, fallbackAdvice, flakydRetry } from '../index.js'

const settings = (extra = {}) => ({ retryOn: [], backoff: 'exp', ...extra })

describe('fallback rule', () => {
  test('plain bounded retries with backoff', () => {
    expect(fallbackAdvice(1, 3, settings()).delay_s).toBe(1)
    expect(fallbackAdvice(2, 3, settings()).delay_s).toBe(2)
    expect(fallbackAdvice(2, 3, settings({ backoff: 'linear', delay: 2 })).delay_s).toBe(4)
    expect(fallbackAdvice(2, 3, settings({ backoff: 'none' })).delay_s).toBe(1)
    expect(fallbackAdvice(2, 3, settings({ maxDelay: 1.5 })).delay_s).toBe(1.5)
    expect(fallbackAdvice(1, 3, settings()).source).toBe('fallback')
  })

  test('stops when the budget is spent', () => {
    expect(fallbackAdvice(3, 3, settings()).action).toBe('stop_retry')
    expect(fallbackAdvice(1, 1, settings()).action).toBe('stop_retry')
  })

  test('honours the allow-list', () => {
    const allow = settings({ retryOn: ['FetchError'] })
    expect(fallbackAdvice(1, 3, allow, 'FetchError').action).toBe('retry_with_delay')
    expect(fallbackAdvice(1, 3, allow, 'AssertionError').action).toBe('stop_retry')
    expect(fallbackAdvice(1, 3, allow, undefined).action).toBe('stop_retry')
  })
})

describe('the error as sent', () => {
  test('names the code and every cause', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
    const trace = describeError(new TypeError('fetch failed', { cause: root }))
    expect(trace).toMatch(/^TypeError: fetch failed\n/)
    expect(trace).toContain('Caused by: Error: connect ECONNREFUSED 127.0.0.1:9 (code ECONNREFUSED)')
    const odd = Object.assign(new Error('price $& rose'), { code: 'E$1' })
    expect(describeError(odd)).toMatch(/^Error: price \$& rose \(code E\$1\)\n    at /)
  })

  test('is bounded and survives odd values', () => {
    expect(describeError(new Error('x'.repeat(1_000_000))).length).toBeLessThanOrEqual(256 * 1024)
    expect(describeError(undefined)).toBe('unknown error')
    expect(describeError({ name: 'Weird', message: 'no stack', cause: 'a string cause' })).toBe(
      'Weird: no stack\nCaused by: a string cause')
    const loop = new Error('loop')
    loop.cause = loop
    expect(describeError(loop).split('Caused by').length).toBe(9) // the error and 8 causes
  })
})

describe('settings', () => {
  test('bad values are clear errors', () => {
    expect(() => flakydRetry({ count: -1 })).toThrow(/count/)
    expect(() => flakydRetry({ backoff: 'fibonacci' })).toThrow(/backoff/)
    expect(() => flakydRetry({ delay: -2 })).toThrow(/delay/)
    expect(() => flakydRetry({ url: 'ftp://x' })).toThrow(/URL/)
    expect(() => flakydRetry({ timeoutMs: 0 })).toThrow(/timeoutMs/)
    expect(() => flakydRetry({ maxWait: '5' })).toThrow(/maxWait/)
  })

  test('the retry object Vitest reads', () => {
    const retry = flakydRetry({ count: 4 })
    expect(retry.count).toBe(4)
    // A RegExp, not a function: Vitest 4.1+ drops function conditions before running tests.
    expect(retry.condition).toBeInstanceOf(RegExp)
    expect(typeof retry.condition).toBe('object')
    expect('a b'.split(retry.condition)).toEqual(['a', ' ', 'b']) // derived regexps are plain ones
  })
})

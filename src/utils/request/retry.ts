/** The retry stage: which failures are tried again, and after how long (backoff, or `Retry-After`). */
import { isNetworkError, type Response } from '../../auth/errors'
import { check, DEV, numberOption } from '../../auth/options'
import type { Call, RetryPolicy } from './state'
import type { RetryOptions } from './types'

export function normalizeRetry(retry: number | RetryOptions | undefined, name: string): RetryPolicy {
  const r: RetryOptions = typeof retry === 'number' ? { limit: retry } : retry || {}
  check(name, retry, typeof r === 'object', DEV && 'a number or { limit, ... }')
  return {
    limit: numberOption(`${name}.limit`, r.limit, 0, 2),
    methods: (r.methods || ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS']).map((m) => m.toUpperCase()),
    statusCodes: r.statusCodes || [408, 429, 500, 502, 503, 504],
    maxDelay: numberOption(`${name}.maxDelay`, r.maxDelay, 0, 30000),
    maxRetryAfter: numberOption(`${name}.maxRetryAfter`, r.maxRetryAfter, 0, 60000),
  }
}

/** `Retry-After` in ms (seconds or an HTTP date), if the response has one. */
function retryAfter(res: Response | undefined): number | undefined {
  const value = res && (res.header['Retry-After'] || res.header['retry-after'])
  if (!value) return undefined
  const ms = Number(value) * 1000 || Date.parse(value) - Date.now()
  return ms >= 0 ? ms : Number(value) === 0 ? 0 : undefined
}

/**
 * How long to wait before trying `call` again after `error` on attempt `n` (0 is the first), or
 * `undefined` when it is not tried again: aborted, the session's own failure (the session backs
 * off by itself), out of retries, a method that may not be repeated, a failure that is not the
 * network's or a retried status, or a `Retry-After` longer than `maxRetryAfter`.
 */
export function retryDelay(call: Call, error: unknown, n: number): number | undefined {
  const r = call.retry
  const res = error ? (error as { response?: Response }).response : undefined
  const after = retryAfter(res)
  if (
    call.done ||
    call.fromSession ||
    n >= r.limit ||
    r.methods.indexOf(call.req.method) < 0 ||
    !(isNetworkError(error) || (res && r.statusCodes.indexOf(res.statusCode) >= 0)) ||
    (after as number) > r.maxRetryAfter
  ) {
    return undefined
  }
  return after === undefined ? Math.min(r.maxDelay, 300 * 2 ** n) * (0.5 + Math.random() / 2) : after
}

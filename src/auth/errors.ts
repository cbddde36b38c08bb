import type { PlatformResponse } from './platform'

/** The request as the app described it, with the final URL. Never holds a token. */
export interface RequestInfo {
  url: string
  method: string
  header: Record<string, string>
  data?: unknown
}

/** What the requester resolves with, and what HTTP errors carry. */
export interface Response<T = unknown> {
  statusCode: number
  data: T
  header: Record<string, string>
}

export type CredentialsErrorReason = 'refresh_token_expired' | 'token_updated'

/**
 * The base of every error this module raises. Match with the `is*` guards, which
 * also recognise errors by `name`: `instanceof` breaks when a mini program
 * toolchain down-levels classes to ES5.
 */
export class UniSessionError extends Error {
  override name = 'UniSessionError'
  constructor(
    message: string,
    /** The request that failed, when there is one. */
    public request?: RequestInfo,
    /** The response, when one arrived. */
    public response?: Response | PlatformResponse,
    /** The underlying error (for example the refresh's failure). */
    public cause?: unknown,
  ) {
    super(message)
  }
}

/** The server answered with a status outside 2xx. */
export class HTTPError extends UniSessionError {
  override name = 'HTTPError'
}
/** The request did not complete: offline, DNS, connection dropped. */
export class NetworkError extends UniSessionError {
  override name = 'NetworkError'
}
/** The request, or its wait for a refresh, ran out of time. */
export class TimeoutError extends UniSessionError {
  override name = 'TimeoutError'
}
/** The app aborted the request. */
export class AbortError extends UniSessionError {
  override name = 'AbortError'
}
/** More requests were waiting for a refresh than `maxQueue` allows. */
export class QueueFullError extends UniSessionError {
  override name = 'QueueFullError'
}
/**
 * The session cannot authorise this request: the refresh was rejected, the
 * account signed in elsewhere, or the request needs a session and there is none.
 */
export class CredentialsError extends UniSessionError {
  override name = 'CredentialsError'
  /** Why; `undefined` when the request simply had no session to use. */
  reason?: CredentialsErrorReason
}

type Ctor<E> = abstract new (...args: never[]) => E
const guard =
  <E extends UniSessionError>(name: string) =>
  (error: unknown): error is E =>
    error instanceof Error && error.name === name

export const isUniSessionError = (error: unknown): error is UniSessionError =>
  error instanceof UniSessionError ||
  (error instanceof Error && /^(UniSession|HTTP|Network|Timeout|Abort|QueueFull|Credentials)Error$/.test(error.name))
export const isHTTPError = guard<HTTPError>('HTTPError')
export const isNetworkError = guard<NetworkError>('NetworkError')
export const isTimeoutError = guard<TimeoutError>('TimeoutError')
export const isAbortError = guard<AbortError>('AbortError')
export const isQueueFullError = guard<QueueFullError>('QueueFullError')
export const isCredentialsError = guard<CredentialsError>('CredentialsError')

/** The same kind of error, re-told for another request (a parked one). */
export function retell(error: unknown, request: RequestInfo): Error {
  if (!isUniSessionError(error)) return error as Error
  const Kind = error.constructor as Ctor<UniSessionError> & typeof UniSessionError
  const copy = new Kind(error.message, request, error.response, error)
  copy.name = error.name
  if (isCredentialsError(error)) (copy as CredentialsError).reason = error.reason
  return copy
}

/** Statuses worth another try: the server may answer differently later. */
export const isTransientStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

/** The error for a platform `fail`: the request did not complete. */
export function failError(err: { errMsg?: string } | undefined, request: RequestInfo): UniSessionError {
  const msg = String(err?.errMsg ?? 'request:fail')
  const Kind = /timeout|timed out/i.test(msg) ? TimeoutError : /abort/i.test(msg) ? AbortError : NetworkError
  return new Kind(`uni-session: ${request.method} ${request.url.replace(/\?.*/, '')} failed: ${msg}`, request)
}

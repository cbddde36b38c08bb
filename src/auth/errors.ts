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

/**
 * Why a session ended: the refresh token is expired or was rejected (or, without a refresh
 * endpoint, the access token expired); the account signed in on another device; an administrator
 * signed the user out (Sa-Token's kickout, -5); the token was frozen (Sa-Token's -6: idle past
 * its `activeTimeout`, or frozen by the server).
 */
export type CredentialsErrorReason = 'refresh_token_expired' | 'token_updated' | 'kicked_out' | 'token_frozen'

/**
 * The base of every error this module raises. Match with the `is*` guards, which
 * also recognise errors by `name`: `instanceof` breaks when a mini program
 * toolchain down-levels classes to ES5.
 */
export class UniSessionError extends Error {
  constructor(
    message: string,
    /** The request that failed, when there is one. */
    public request?: RequestInfo,
    /** The response, when one arrived. */
    public response?: Response,
    /** The underlying error (for a waiting request, the refresh's failure). */
    public cause?: unknown,
  ) {
    super(message)
  }
}
/** The server answered with a status outside 2xx. */
export class HTTPError extends UniSessionError {}
/** The request did not complete: offline, DNS, connection dropped. */
export class NetworkError extends UniSessionError {}
/** The request, or its wait for a refresh, ran out of time. */
export class TimeoutError extends UniSessionError {}
/** The app aborted the request. */
export class AbortError extends UniSessionError {}
/** More requests were waiting for a refresh than `maxQueue` allows. */
export class QueueFullError extends UniSessionError {}
/**
 * The session cannot authorise this request: the refresh was rejected, the
 * account signed in elsewhere, or the request needs a session and there is none.
 */
export class CredentialsError extends UniSessionError {
  /** Why the session ended; `undefined` when there simply was no session. */
  reason?: CredentialsErrorReason
}

/**
 * A login the server refused (a wrong password, a wrong captcha): `signIn` got an answer with no
 * tokens in it. `message` is the server's own words (its `msg` / `message` / `errMsg` /
 * `error_description`) when it sent any, ready for the login page; `code` its business code.
 */
export class LoginError extends UniSessionError {
  /** The server's business code (`code` / `errCode` / `error`), when it sent one. */
  code?: unknown
  /** The server's own message, when it sent one. */
  serverMessage?: string
}

// On the prototype, so that the name survives ES5 down-levelling and minification.
const NAMES = 'UniSession HTTP Network Timeout Abort QueueFull Credentials Login'.split(' ')
for (const [i, Kind] of [
  UniSessionError,
  HTTPError,
  NetworkError,
  TimeoutError,
  AbortError,
  QueueFullError,
  CredentialsError,
  LoginError,
].entries()) {
  Kind.prototype.name = `${NAMES[i]}Error`
}

const guard =
  /* @__PURE__ */
    <E extends UniSessionError>(name: string) =>
    (error: unknown): error is E =>
      error instanceof Error && error.name === `${name}Error`

export const isUniSessionError = (error: unknown): error is UniSessionError =>
  error instanceof Error && NAMES.indexOf(error.name.slice(0, -5)) >= 0
export const isHTTPError = /* @__PURE__ */ guard<HTTPError>('HTTP')
export const isNetworkError = /* @__PURE__ */ guard<NetworkError>('Network')
export const isTimeoutError = /* @__PURE__ */ guard<TimeoutError>('Timeout')
export const isAbortError = /* @__PURE__ */ guard<AbortError>('Abort')
export const isQueueFullError = /* @__PURE__ */ guard<QueueFullError>('QueueFull')
export const isCredentialsError = /* @__PURE__ */ guard<CredentialsError>('Credentials')
export const isLoginError = /* @__PURE__ */ guard<LoginError>('Login')

/** An error of this module: "uni-session: `message`". */
export const fail = <E extends UniSessionError>(
  Kind: new (message: string, request?: RequestInfo, response?: Response) => E,
  message: string,
  request?: RequestInfo,
  response?: Response,
): E => new Kind(`uni-session: ${message}`, request, response)

/** A credentials error with its reason. */
export function credentialsError(
  message: string,
  reason?: CredentialsErrorReason,
  request?: RequestInfo,
  response?: Response,
): CredentialsError {
  const e = fail(CredentialsError, message, request, response)
  e.reason = reason
  return e
}

/** The same kind of error, told again for another request (one that waited for the refresh). */
export function retell(error: unknown, request: RequestInfo): unknown {
  if (!isUniSessionError(error)) return error
  const copy = new (error.constructor as typeof UniSessionError)(error.message, request, error.response, error)
  ;(copy as CredentialsError).reason = (error as CredentialsError).reason
  return copy
}

/** The error for a platform `fail`: the request did not complete. */
export function failError(err: { errMsg?: string } | undefined, request: RequestInfo): UniSessionError {
  const msg = String((err && err.errMsg) || 'request:fail')
  return requestFailed(/time/i.test(msg) ? TimeoutError : /abort/i.test(msg) ? AbortError : NetworkError, request, msg)
}

/** "uni-session: GET https://host/path failed: `why`" (the query left out: it may hold secrets). */
export const requestFailed = (Kind: typeof UniSessionError, request: RequestInfo, why: string, response?: Response) =>
  fail(Kind, `${request.method} ${request.url.replace(/\?.*/, '')} failed: ${why}`, request, response)

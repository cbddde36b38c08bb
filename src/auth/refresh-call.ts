/**
 * The refresh call itself: new tokens from the refresh endpoint or from the app's function,
 * outside the auth path, and what its answer means (`judgeRefresh`'s table). A refusal (the refresh
 * token is dead) throws a `CredentialsError`; anything else that goes wrong means "could not
 * refresh now", and a configuration error (OAuth2's `invalid_client`...) is said as such.
 */
import {
  type CredentialsErrorReason,
  credentialsError,
  fail,
  HTTPError,
  type Response,
  requestFailed,
  TimeoutError,
} from './errors'
import { type Platform, transmit } from './platform'
import { DEV } from './platform/build'
import { asObject, codeOf, type TokenInput, type Tokens, toTokens, usable } from './tokens'

/**
 * A refresh done by the app: resolve with the new tokens (or a body holding
 * them). Throw a `CredentialsError` (or an error with a `response` of a 400, 401
 * or 403) when the server rejected the refresh token; any other error counts as
 * "could not refresh now" and keeps the session.
 */
export type RefreshFunction = (refreshToken: string | undefined, context: { accessToken: string }) => unknown

/** An endpoint the session calls: the refresh endpoint, or the logout (revocation) endpoint. */
export interface Endpoint {
  url: string
  /**
   * The method. A logout may be a `GET` (unibest's `/auth/logout`): then no body goes out, so no
   * token lands in the URL; only the auth header tells the server who leaves. @default 'POST'
   */
  method?: 'POST' | 'GET' | 'PUT' | 'DELETE'
  /** Extra headers; a `content-type` here replaces the JSON one. */
  header?: Record<string, string>
  /** ms; for the refresh endpoint it overrides `refreshTimeout`. */
  timeout?: number
  /**
   * The body, from the session's tokens: an object is sent as JSON, a string as it is (e.g. a form,
   * with a form `content-type` in `header`). @default `{ refreshToken }`
   */
  body?: (tokens: Tokens) => unknown
}

/** The refresh endpoint: `POST { refreshToken }` by default. */
export type RefreshEndpoint = Endpoint

/**
 * What a refresh answer means: new tokens (`'ok'`), the refresh token is dead (`'rejected'`, or
 * why the session ended), the refresh could not happen now (`'unavailable'`: the session is kept
 * and the next request tries again, after a backoff), or the app's configuration is wrong
 * (`'misconfigured'`: kept too, and said in the error and to `debug`).
 */
export type RefreshVerdict = 'ok' | 'rejected' | 'unavailable' | 'misconfigured' | CredentialsErrorReason

export interface RefreshCall {
  refresh?: RefreshEndpoint | RefreshFunction
  /** ms before a refresh counts as "could not happen". */
  timeout: number
  now: () => number
  parse: (body: unknown) => TokenInput | null | undefined
  credentialsError: (response: Response) => CredentialsErrorReason | undefined
  /** The app's own reading of a refresh answer; `undefined` leaves it to the table. */
  judge?: (response: Response) => RefreshVerdict | null | undefined
}

/** The `msg` of a `credentials_error`, by reason. */
export const MSG: Record<CredentialsErrorReason, string> = {
  refresh_token_expired: 'refresh token expired or rejected',
  token_updated: 'signed in on another device',
  kicked_out: 'signed out by an administrator',
  token_frozen: 'the token was frozen',
}

export const rejected = (why?: string, reason: CredentialsErrorReason = 'refresh_token_expired') =>
  credentialsError(`refresh rejected: ${why || MSG[reason]}`, reason)

/** OAuth2 token-endpoint errors (RFC 6749 §5.2) that say the client is set up wrong, not that the refresh token is dead. */
const CONFIGURATION = [
  'invalid_client',
  'invalid_request',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]

/**
 * The default table. The session's `credentialsError` reason (e.g. `TOKEN_UPDATED`) ends it for that
 * reason; a 2xx is `'ok'`; a 400, 401 or 403 is `'rejected'` unless its OAuth2 `error` is a
 * configuration error; anything else (0, 3xx, 404, 408, 429, 5xx) may be the network's doing.
 */
export function judgeRefresh(res: Response, credentialsErrorOf: RefreshCall['credentialsError']): RefreshVerdict {
  const reason = credentialsErrorOf(res)
  if (reason) return reason
  const status = res.statusCode
  if (status >= 200 && status < 300) return 'ok'
  if (status !== 400 && status !== 401 && status !== 403) return 'unavailable'
  const error = res.data && (res.data as { error?: unknown }).error
  return CONFIGURATION.indexOf(error as string) >= 0 ? 'misconfigured' : 'rejected'
}

/**
 * The options objects of the session's own calls (refresh, logout), as handed to the platform: an
 * interceptor on the platform's `request` (`uni.addInterceptor`) tells them apart with
 * `auth.ownsCall(args)` and lets them through as they are.
 */
export const OWN = new WeakSet<object>()

/** A bare POST, outside the auth path (`transmit`'s watchdog settles it even if the platform never calls back). */
export function post(
  platform: Platform,
  endpoint: Endpoint,
  data: unknown,
  header?: Record<string, string>,
  timeout?: number,
) {
  const method = endpoint.method || 'POST'
  const options = {
    url: endpoint.url,
    method,
    header: Object.assign({ 'content-type': 'application/json' }, header, endpoint.header),
    // A GET's data would go into the query string: never a token there.
    data: method === 'GET' ? undefined : data,
    timeout: Math.min(endpoint.timeout || timeout || 10000, 2147483647),
  }
  OWN.add(options)
  return transmit(platform, 'request', { url: endpoint.url, method, header: {} }, options)
}

/** Settles with `work`, or with a `TimeoutError` after `ms`: a function that never settles must not hold the lock for good. */
const within = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(fail(TimeoutError, `the refresh function did not settle within ${ms} ms`)),
      ms,
    )
    work.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })

/** What a refused refresh answer says of itself: OAuth2's `error (error_description)`, or the status. */
const said = (res: Response) => {
  const d = (res.data || {}) as { error_description?: unknown }
  const code = codeOf(res.data)
  return `HTTP ${res.statusCode}${code != null ? ` ${code}` : ''}${d.error_description ? ` (${d.error_description})` : ''}`
}

/**
 * The refresh could not happen: an `HTTPError` for the answer `res`. With `misconfigured` (what is wrong),
 * told apart for `debug` (`refresh_misconfigured`): the session is kept, but retrying will not help.
 */
function httpError(how: Endpoint, res: Response, misconfigured?: string) {
  const error = requestFailed(
    HTTPError,
    { url: how.url, method: 'POST', header: {} },
    said(res) + (misconfigured || ''),
    res,
  ) as HTTPError & { misconfigured?: boolean }
  error.misconfigured = !!misconfigured
  return error
}

/** New tokens for `from`; throws a `CredentialsError` when the refresh is rejected (or there is no way to refresh). */
export async function fetchTokens(platform: Platform, c: RefreshCall, from: Tokens): Promise<Tokens> {
  const how = c.refresh
  if (!how) throw rejected('the session expired and there is no refresh endpoint')
  if (from.refreshExpiresAt && c.now() >= from.refreshExpiresAt) throw rejected()
  const verdictOf = (res: Response) => (c.judge && c.judge(res)) || judgeRefresh(res, c.credentialsError)
  let body: unknown
  let date: number | undefined
  let answer: Response | undefined
  if (typeof how === 'function') {
    try {
      body = await within(Promise.resolve(how(from.refreshToken, { accessToken: from.accessToken })), c.timeout)
    } catch (e) {
      // An error that carries the answer: ours (`statusCode`) or axios's (`status`).
      const res = (e as { response?: Response & { status?: number } }).response
      const verdict = res && verdictOf(Object.assign({}, res, { statusCode: res.statusCode || res.status }))
      if (verdict && verdict !== 'ok' && verdict !== 'unavailable' && verdict !== 'misconfigured') {
        throw rejected((e as Error).message, verdict === 'rejected' ? undefined : verdict)
      }
      throw e
    }
  } else {
    if (!how.body && !from.refreshToken) throw rejected('no refresh token')
    const res = await post(
      platform,
      how,
      how.body ? how.body(from) : { refreshToken: from.refreshToken },
      {},
      c.timeout,
    )
    const verdict = verdictOf(res)
    if (verdict !== 'ok') {
      if (verdict !== 'unavailable' && verdict !== 'misconfigured') {
        throw rejected(said(res), verdict === 'rejected' ? undefined : verdict)
      }
      throw httpError(
        how,
        res,
        verdict === 'misconfigured' ? (DEV ? ': check the refresh configuration' : ': misconfigured') : undefined,
      )
    }
    body = res.data
    answer = res
    date = Date.parse(res.header.Date || res.header.date || '') || undefined
  }
  const input = c.parse(body)
  if (!usable(input)) {
    // A 2xx that is not a JSON object (an HTML page, text, nothing) is the server's configuration
    // talking (an SPA fallback for a wrong path, a proxy's page), not a dead refresh token: the session
    // is kept, and the error (and `debug`, `refresh_misconfigured`) says so. A JSON body without tokens
    // stays a refusal.
    if (answer && !asObject(body))
      throw httpError(
        how as Endpoint,
        answer,
        DEV ? ', but the refresh answer was not JSON: check the refresh URL' : ': not JSON',
      )
    throw rejected('no usable tokens')
  }
  // A server that rotates only the access token: the refresh token is kept.
  return toTokens(input, c.now(), date, from)
}

/**
 * The refresh call itself: new tokens from the refresh endpoint (`POST { refreshToken }`) or from
 * the app's function, outside the auth path. A refusal (the server rejected the refresh token)
 * throws a `CredentialsError`; anything else that goes wrong means "could not refresh now".
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
import { type TokenInput, type Tokens, toTokens, usable } from './tokens'

/**
 * A refresh done by the app: resolve with the new tokens (or a body holding
 * them). Throw a `CredentialsError` (or an `HTTPError` with a 4xx status) when
 * the server rejected the refresh token; any other error counts as "could not
 * refresh now" and keeps the session.
 */
export type RefreshFunction = (refreshToken: string | undefined, context: { accessToken: string }) => unknown

export interface RefreshEndpoint {
  /** Full URL of the refresh endpoint; it receives `POST { refreshToken }`. */
  url: string
  /** Extra headers for the refresh call. */
  header?: Record<string, string>
  /** ms; overrides `refreshTimeout` for this endpoint. */
  timeout?: number
}

export interface RefreshCall {
  refresh: RefreshEndpoint | RefreshFunction
  /** ms before a refresh counts as "could not happen". */
  timeout: number
  now: () => number
  parse: (body: unknown) => TokenInput | null | undefined
  credentialsError: (response: Response) => CredentialsErrorReason | undefined
}

/** The `msg` of a `credentials_error`, by reason. */
export const MSG: Record<CredentialsErrorReason, string> = {
  refresh_token_expired: 'refresh token expired or rejected',
  token_updated: 'signed in on another device',
}

export const rejected = (why?: string, reason: CredentialsErrorReason = 'refresh_token_expired') =>
  credentialsError(`refresh rejected: ${why || MSG[reason]}`, reason)

/** Only these statuses reject a refresh: anything else (0, 3xx, 404, 5xx) may be the network's doing. */
const refusing = (status: unknown) => status === 400 || status === 401 || status === 403

/** A bare POST, outside the auth path (`transmit`'s watchdog settles it even if the platform never calls back). */
export const post = (
  platform: Platform,
  url: string,
  data: unknown,
  header?: Record<string, string>,
  timeout = 10000,
) =>
  transmit(
    platform,
    'request',
    { url, method: 'POST', header: {} },
    { url, method: 'POST', header: Object.assign({ 'content-type': 'application/json' }, header), data, timeout },
  )

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

/** New tokens for `from`; throws a `CredentialsError` when the refresh is rejected. */
export async function fetchTokens(platform: Platform, c: RefreshCall, from: Tokens): Promise<Tokens> {
  if (from.refreshExpiresAt && c.now() >= from.refreshExpiresAt) throw rejected()
  const how = c.refresh
  let body: unknown
  let date: number | undefined
  if (typeof how === 'function') {
    try {
      body = await within(Promise.resolve(how(from.refreshToken, { accessToken: from.accessToken })), c.timeout)
    } catch (e) {
      // An axios-style error (`response.status`) or ours (`response.statusCode`).
      const res = (e as { response?: Response & { status?: number } }).response
      if (res && refusing(res.statusCode || res.status)) throw rejected((e as Error).message, c.credentialsError(res))
      throw e
    }
  } else {
    if (!from.refreshToken) throw rejected('no refresh token')
    const res = await post(platform, how.url, { refreshToken: from.refreshToken }, how.header, how.timeout || c.timeout)
    const reason = c.credentialsError(res)
    const status = res.statusCode
    if (reason || refusing(status)) throw rejected(`HTTP ${status}`, reason)
    if (status < 200 || status > 299) {
      throw requestFailed(HTTPError, { url: how.url, method: 'POST', header: {} }, `HTTP ${status}`, res)
    }
    body = res.data
    date = Date.parse(res.header.Date || res.header.date || '') || undefined
  }
  const input = c.parse(body)
  if (!usable(input)) throw rejected('no usable tokens')
  const next = toTokens(input, c.now(), date)
  if (!next.refreshToken) {
    // The server kept the refresh token: keep it and its deadline.
    next.refreshToken = from.refreshToken
    next.refreshExpiresAt = from.refreshExpiresAt
  }
  return next
}

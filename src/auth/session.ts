import {
  CredentialsError,
  type CredentialsErrorReason,
  failError,
  isCredentialsError,
  isHTTPError,
  isTransientStatus,
  type RequestInfo,
  type Response,
  HTTPError,
} from './errors'
import { badOption, functionOption, numberOption } from './options'
import { type Platform, type PlatformResponse, resolvePlatform } from './platform'
import { readRecord, writeRecord } from './storage'
import { codeOf, readTokenInput, type TokenInput, type Tokens, toTokens } from './tokens'

export type AuthState = 'signed_out' | 'signed_in' | 'refreshing'

/** What `onLoginStateChanged` listeners receive. */
export type LoginStateEvent =
  | { eventType: 'sign_in' | 'sign_out' | 'token_refreshed'; reason?: undefined; msg: string }
  | { eventType: 'credentials_error'; reason: CredentialsErrorReason; msg: string }

export type LoginStateListener = (event: LoginStateEvent) => void

/** What `debug` receives: things worth knowing that are not errors of a request. Never holds a token. */
export interface DebugInfo {
  type: 'storage_error' | 'refresh_failed' | 'listener_error' | 'logout_failed'
  message: string
  error?: unknown
}

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
  /** @default 10000 (ms) */
  timeout?: number
}

export interface AuthOptions {
  /** How to refresh: an endpoint (`POST { refreshToken }`) or a function. */
  refresh: RefreshEndpoint | RefreshFunction
  /** The `uni` / `wx`-shaped platform. @default global `uni`, else global `wx` */
  platform?: Platform
  /** Storage key of the session record. @default 'uni-session' */
  storageKey?: string
  /** Seconds before expiry at which a token is refreshed before use. @default 60 */
  leeway?: number
  /** The clock, in ms. @default Date.now */
  now?: () => number
  /** Reads tokens from a sign-in or refresh body. @default top level or under `data`, camelCase or snake_case */
  parseTokens?: (body: unknown) => TokenInput | null | undefined
  /** Refresh ahead of expiry on a timer while the app is in the foreground. @default false */
  autoRefresh?: boolean
  /**
   * Says whether a response means the session is over: a reason, or `true` for
   * `'refresh_token_expired'`. Used on refresh responses and, unless the
   * requester has its own, on every authorised response.
   * @default a body `code` / `errCode` / `error` of `'TOKEN_UPDATED'` -> `'token_updated'`
   */
  credentialsError?: (response: Response) => CredentialsErrorReason | boolean | null | undefined
  /** Headers that carry the access token. @default token => ({ Authorization: `Bearer ${token}` }) */
  authHeader?: (accessToken: string) => Record<string, string>
  /** Tell the server on `signOut()`: `POST { refreshToken }` with the access token. */
  logout?: { url: string }
  /** Hears storage failures, refresh failures and listener errors. Never receives a token. */
  debug?: (info: DebugInfo) => void
}

export interface Auth {
  /** `'signed_out' | 'signed_in' | 'refreshing'`, for UI. */
  readonly state: AuthState
  /** The platform the session uses. */
  readonly platform: Platform
  /** Starts a session from tokens (or a login response body holding them). Throws when none are usable. */
  signIn(tokens: TokenInput | unknown, user?: unknown): void
  /** Ends the session here (and on the server when `logout` is configured). */
  signOut(): Promise<void>
  isSignedIn(): boolean
  /** A copy of the tokens with their local deadlines, or `null`. */
  getTokens(): Tokens | null
  /** A valid access token, refreshing first when it is within the leeway; `null` when signed out. */
  getAccessToken(): Promise<string | null>
  /** The access token when it can be used right now without a refresh, else `null`. Never refreshes. */
  peekAccessToken(): string | null
  /**
   * One refresh at a time: callers join the one in flight. Given the access
   * token a failed request used, settles at once with the current tokens when
   * that token has already been replaced.
   */
  refresh(staleAccessToken?: string): Promise<Tokens>
  /** The server says the session of this access token is over; ends it if it is still current. */
  invalidate(accessToken: string, reason: CredentialsErrorReason): void
  onLoginStateChanged(listener: LoginStateListener): () => void
  getUser<U = unknown>(): U | undefined
  setUser(user: unknown): void
  /** @internal shared with the requester */
  readonly credentialsError: (response: Response) => CredentialsErrorReason | undefined
  /** @internal shared with the requester */
  readonly authHeader: (accessToken: string) => Record<string, string>
}

const MSG: Record<CredentialsErrorReason, string> = {
  refresh_token_expired: 'the refresh token is expired or was rejected',
  token_updated: 'the account signed in on another device',
}

const defaultCredentialsError = (res: Response): CredentialsErrorReason | undefined =>
  codeOf(res.data) === 'TOKEN_UPDATED' ? 'token_updated' : undefined

const ended = () => new CredentialsError('uni-session: not signed in')

const toResponse = (res: PlatformResponse): Response => ({
  statusCode: res.statusCode,
  data: res.data,
  header: res.header ?? {},
})

/**
 * Creates a session: tokens, persistence, the refresh lock, events.
 *
 * @example
 * const auth = createAuth({ refresh: { url: 'https://api.example.com/auth/refresh' } })
 */
export function createAuth(options: AuthOptions): Auth {
  if (!options || typeof options !== 'object') badOption('options', 'an object', options)
  const { refresh: refreshWith, logout } = options
  if (typeof refreshWith !== 'function' && !(refreshWith && typeof refreshWith.url === 'string' && refreshWith.url)) {
    badOption('refresh', '{ url } or a function', refreshWith)
  }
  const key = options.storageKey ?? 'uni-session'
  if (typeof key !== 'string' || !key) badOption('storageKey', 'a non-empty string', key)
  const leeway = numberOption('leeway', options.leeway, 0, 60) * 1000
  const now = functionOption<() => number>('now', options.now) ?? Date.now
  const parse = functionOption<AuthOptions['parseTokens']>('parseTokens', options.parseTokens) ?? readTokenInput
  const debug = functionOption<AuthOptions['debug']>('debug', options.debug)
  const userCredentialsError = functionOption<AuthOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const credentialsError = (res: Response): CredentialsErrorReason | undefined => {
    const r = (userCredentialsError ?? defaultCredentialsError)(res)
    return r === true ? 'refresh_token_expired' : r || undefined
  }
  const authHeader =
    functionOption<AuthOptions['authHeader']>('authHeader', options.authHeader) ??
    ((token: string) => ({ Authorization: `Bearer ${token}` }))
  if (logout !== undefined && !(logout && typeof logout.url === 'string')) badOption('logout', '{ url }', logout)
  const platform = resolvePlatform(options.platform)

  const report = (type: DebugInfo['type'], message: string, error?: unknown) => {
    try {
      debug?.({ type, message, error })
    } catch {
      // a failing debug hook must not break the session
    }
  }
  const storageError = (e: unknown) => report('storage_error', 'uni-session: storage failed', e)

  const record = readRecord(platform, key, storageError)
  let tokens: Tokens | undefined = record?.tokens
  let user: unknown = record?.user
  /** Bumped on every sign-in and sign-out: a refresh that started before is stale. */
  let epoch = 0
  let inflight: Promise<Tokens> | undefined
  let failures = 0
  let cooldownUntil = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let hidden = false
  let listeners: LoginStateListener[] = []

  const save = () => writeRecord(platform, key, tokens && { v: 1, tokens, user }, storageError)

  const emit = (event: LoginStateEvent) => {
    for (const listener of listeners.slice()) {
      try {
        listener(event)
      } catch (e) {
        report('listener_error', 'uni-session: a login state listener threw', e)
      }
    }
  }

  const fresh = (t: Tokens) => t.expiresAt === undefined || now() < t.expiresAt - leeway
  const valid = (t: Tokens) => t.expiresAt === undefined || now() < t.expiresAt

  const schedule = () => {
    clearTimeout(timer)
    timer = undefined
    if (!options.autoRefresh || hidden || !tokens || tokens.expiresAt === undefined) return
    const ms = Math.min(Math.max(tokens.expiresAt - leeway - now(), cooldownUntil - now(), 0), 2147483647)
    timer = setTimeout(() => {
      timer = undefined
      refresh().catch(() => undefined)
    }, ms)
  }

  const end = (reason: CredentialsErrorReason) => {
    tokens = undefined
    user = undefined
    epoch++
    inflight = undefined
    save()
    schedule()
    emit({ eventType: 'credentials_error', reason, msg: MSG[reason] })
  }

  const rejected = (reason: CredentialsErrorReason, message?: string) => {
    const e = new CredentialsError(`uni-session: refresh rejected: ${message ?? MSG[reason]}`)
    e.reason = reason
    return e
  }

  /** Calls the refresh endpoint or function; throws `CredentialsError` when rejected. */
  const callRefresh = async (from: Tokens): Promise<Tokens> => {
    if (from.refreshExpiresAt !== undefined && now() >= from.refreshExpiresAt) throw rejected('refresh_token_expired')
    let body: unknown
    let date: number | undefined
    if (typeof refreshWith === 'function') {
      try {
        body = await refreshWith(from.refreshToken, { accessToken: from.accessToken })
      } catch (e) {
        if (isHTTPError(e) && e.response && !isTransientStatus(e.response.statusCode)) {
          throw rejected(credentialsError(toResponse(e.response)) ?? 'refresh_token_expired', e.message)
        }
        throw e
      }
    } else {
      if (!from.refreshToken) throw rejected('refresh_token_expired', 'no refresh token')
      const res = await post(refreshWith.url, { refreshToken: from.refreshToken }, refreshWith.header, refreshWith.timeout)
      const reason = credentialsError(res)
      if (res.statusCode < 200 || res.statusCode > 299) {
        if (isTransientStatus(res.statusCode) && !reason) {
          throw new HTTPError(`uni-session: refresh failed with HTTP ${res.statusCode}`, info(refreshWith.url), res)
        }
        throw rejected(reason ?? 'refresh_token_expired', `HTTP ${res.statusCode}`)
      }
      if (reason) throw rejected(reason)
      body = res.data
      const d = Date.parse(res.header.Date ?? res.header.date ?? '')
      date = d > 0 ? d : undefined
    }
    const input = parse(body)
    if (!input || typeof input.accessToken !== 'string' || !input.accessToken) {
      throw rejected('refresh_token_expired', 'the response held no usable tokens')
    }
    const next = toTokens(input, now(), date)
    if (!next.refreshToken) {
      // The server kept the refresh token: keep it and its deadline.
      next.refreshToken = from.refreshToken
      next.refreshExpiresAt = from.refreshExpiresAt
    }
    return next
  }

  const info = (url: string): RequestInfo => ({ url, method: 'POST', header: {} })

  /** A bare POST, outside the auth path. The request info in errors has no body: it holds a token. */
  const post = (url: string, data: unknown, header?: Record<string, string>, timeout = 10000) =>
    new Promise<Response>((resolve, reject) => {
      platform.request({
        url,
        method: 'POST',
        header: { 'content-type': 'application/json', ...header },
        data,
        timeout,
        success: (res) => resolve(toResponse(res)),
        fail: (err) => reject(failError(err, info(url))),
      })
    })

  const run = async (from: Tokens, at: number): Promise<Tokens> => {
    const wait = cooldownUntil - now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    try {
      if (at !== epoch) throw ended()
      const next = await callRefresh(from)
      if (at !== epoch) throw ended()
      failures = 0
      cooldownUntil = 0
      tokens = next
      save()
      emit({ eventType: 'token_refreshed', msg: 'the access token was refreshed' })
      return { ...next }
    } catch (e) {
      // Signed out or in again meanwhile: this refresh no longer matters.
      if (at !== epoch) {
        if (tokens) return { ...tokens }
        throw isCredentialsError(e) ? e : ended()
      }
      if (isCredentialsError(e)) {
        end(e.reason ?? 'refresh_token_expired')
        throw e
      }
      // Could not refresh now (network, timeout, 5xx): keep the session, back off.
      failures++
      cooldownUntil = now() + Math.min(30000, 500 * 2 ** failures)
      report('refresh_failed', 'uni-session: refresh failed; the session is kept', e)
      throw e
    }
  }

  const refresh = (stale?: string): Promise<Tokens> => {
    if (!tokens) return Promise.reject(ended())
    if (stale && stale !== tokens.accessToken) return Promise.resolve({ ...tokens })
    if (!inflight) {
      const p = run(tokens, epoch)
      inflight = p
      const settle = () => {
        if (inflight === p) inflight = undefined
        schedule()
      }
      p.then(settle, settle)
    }
    return inflight
  }

  const signIn = (input: unknown, newUser?: unknown) => {
    const parsed = typeof input === 'object' && input && 'accessToken' in input ? (input as TokenInput) : parse(input)
    if (!parsed || typeof parsed.accessToken !== 'string' || !parsed.accessToken) {
      throw new TypeError('uni-session: signIn got no usable tokens (expected { accessToken, refreshToken, ... })')
    }
    tokens = toTokens(parsed, now())
    user = newUser
    epoch++
    inflight = undefined
    failures = 0
    cooldownUntil = 0
    save()
    schedule()
    emit({ eventType: 'sign_in', msg: 'signed in' })
  }

  const signOut = async () => {
    const had = tokens
    tokens = undefined
    user = undefined
    epoch++
    inflight = undefined
    save()
    schedule()
    if (!had) return
    emit({ eventType: 'sign_out', msg: 'signed out' })
    if (logout) {
      try {
        await post(logout.url, { refreshToken: had.refreshToken }, authHeader(had.accessToken))
      } catch (e) {
        report('logout_failed', 'uni-session: the logout call failed', e)
      }
    }
  }

  if (options.autoRefresh) {
    platform.onAppHide?.(() => {
      hidden = true
      schedule()
    })
    platform.onAppShow?.(() => {
      hidden = false
      if (tokens && !fresh(tokens)) refresh().catch(() => undefined)
      else schedule()
    })
    schedule()
  }

  return {
    get state(): AuthState {
      return inflight ? 'refreshing' : tokens ? 'signed_in' : 'signed_out'
    },
    platform,
    signIn,
    signOut,
    isSignedIn: () => !!tokens,
    getTokens: () => (tokens ? { ...tokens } : null),
    peekAccessToken: () => (tokens && !inflight && fresh(tokens) ? tokens.accessToken : null),
    async getAccessToken() {
      const current = tokens
      if (!current) return null
      if (!inflight && fresh(current)) return current.accessToken
      // Backing off after a failed refresh: a token that still works is used as it is.
      if (!inflight && now() < cooldownUntil && valid(current)) return current.accessToken
      try {
        return (await refresh(current.accessToken)).accessToken
      } catch (e) {
        if (!isCredentialsError(e) && tokens === current && valid(current)) return current.accessToken
        throw e
      }
    },
    refresh,
    invalidate(accessToken, reason) {
      if (tokens && tokens.accessToken === accessToken) end(reason)
    },
    onLoginStateChanged(listener) {
      if (typeof listener !== 'function') badOption('listener', 'a function', listener)
      listeners.push(listener)
      return () => {
        listeners = listeners.filter((l) => l !== listener)
      }
    },
    getUser: <U>() => user as U | undefined,
    setUser(next) {
      user = next
      if (tokens) save()
    },
    credentialsError,
    authHeader,
  }
}

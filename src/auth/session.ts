import {
  type CredentialsErrorReason,
  credentialsError as credentialsFailure,
  fail,
  HTTPError,
  isCredentialsError,
  type Response,
  requestFailed,
  TimeoutError,
} from './errors'
import { createJourney, type Journey, type JourneyOptions } from './journey'
import { check, functionOption, numberOption } from './options'
import { type Platform, resolvePlatform, transmit } from './platform'
import { readRecord, type SessionRecord, store } from './storage'
import { codeOf, readTokenInput, type TokenInput, type Tokens, toTokens, usable } from './tokens'

export type AuthState = 'signed_out' | 'signed_in' | 'refreshing'

/** What `onLoginStateChanged` listeners receive. */
export type LoginStateEvent =
  | { eventType: 'sign_in' | 'sign_out' | 'token_refreshed'; reason?: undefined; msg: string }
  | { eventType: 'credentials_error'; reason: CredentialsErrorReason; msg: string }

export type LoginStateListener = (event: LoginStateEvent) => void

/** What `debug` receives: things worth knowing that are not a request's error. Never holds a token. */
export interface DebugInfo {
  type: 'storage_error' | 'refresh_failed' | 'listener_error' | 'logout_failed' | 'silent_login_failed'
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
  /** ms; overrides `refreshTimeout` for this endpoint. */
  timeout?: number
}

export interface AuthOptions extends JourneyOptions {
  /** How to refresh: an endpoint (`POST { refreshToken }`) or a function. */
  refresh: RefreshEndpoint | RefreshFunction
  /**
   * ms a refresh may take (the endpoint's answer, or the function's promise) before it counts as
   * "could not happen": the session is kept and the next request tries again.
   * @default 10000
   */
  refreshTimeout?: number
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
  /**
   * Saves the current route (or `target`, e.g. the protected page a guard
   * stopped) and goes to the login page. Once per episode: concurrent calls,
   * and calls while the login page shows, do nothing.
   */
  redirectToLogin(target?: string): Promise<void>
  /** Back to the saved route: `navigateBack`, `switchTab` or `redirectTo`; the home page when none is safe. */
  returnAfterLogin(): Promise<void>
  /** The query a tabBar page was returned to with (`switchTab` drops it); read once. */
  takeReturnQuery(route?: string): Record<string, string> | undefined
  /**
   * Signs in with what `login` resolves (tokens or a body holding them), e.g.
   * `uni.login` -> code -> your server. Requests made meanwhile wait for it.
   * Resolves `true` on success, `false` on failure (reported to `debug`).
   */
  signInSilently(login: () => unknown, onError?: (error: unknown) => void): Promise<boolean>
  /** A silent sign-in is running. */
  readonly signingIn: boolean
  /** @internal the login journey, for installAuth */
  readonly journey: Journey
  /** @internal shared with the requester */
  readonly credentialsError: (response: Response) => CredentialsErrorReason | undefined
  /** @internal shared with the requester */
  readonly authHeader: (accessToken: string) => Record<string, string>
}

/** The `msg` of a `credentials_error`, by reason. */
const MSG: Record<CredentialsErrorReason, string> = {
  refresh_token_expired: 'refresh token expired or rejected',
  token_updated: 'signed in on another device',
}

const notSignedIn = () => credentialsFailure('not signed in')

/**
 * Creates a session: tokens, persistence, the refresh lock, events.
 *
 * @example
 * const auth = createAuth({ refresh: { url: 'https://api.example.com/auth/refresh' } })
 */
export function createAuth(options: AuthOptions): Auth {
  check('options', options, options && typeof options === 'object', 'an object')
  const { refresh: refreshWith, logout, autoRefresh } = options
  check(
    'refresh',
    refreshWith,
    typeof refreshWith === 'function' || (refreshWith && refreshWith.url),
    '{ url } or a function',
  )
  const key = options.storageKey === undefined ? 'uni-session' : options.storageKey
  check('storageKey', key, key && typeof key === 'string', 'a non-empty string')
  check('logout', logout, !logout || logout.url, '{ url }')
  const leeway = numberOption('leeway', options.leeway, 0, 60) * 1000
  const refreshTimeout = numberOption('refreshTimeout', options.refreshTimeout, 1, 10000)
  const now = functionOption<() => number>('now', options.now) || Date.now
  const parse = functionOption<AuthOptions['parseTokens']>('parseTokens', options.parseTokens) || readTokenInput
  const debug = functionOption<AuthOptions['debug']>('debug', options.debug)
  const ownCredentialsError = functionOption<AuthOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const credentialsError = (res: Response): CredentialsErrorReason | undefined => {
    const r = ownCredentialsError ? ownCredentialsError(res) : codeOf(res.data) === 'TOKEN_UPDATED' && 'token_updated'
    return r === true ? 'refresh_token_expired' : r || undefined
  }
  const authHeader =
    functionOption<AuthOptions['authHeader']>('authHeader', options.authHeader) ||
    ((token: string) => ({ Authorization: `Bearer ${token}` }))
  const platform = resolvePlatform(options.platform)

  /** Tells `debug`; the message is the type in words ("uni-session: refresh failed"). */
  const report = (type: DebugInfo['type'], error: unknown) => {
    try {
      if (debug) debug({ type, message: `uni-session: ${type.replace(/_/g, ' ')}`, error })
    } catch {
      // a failing debug hook must not break the session
    }
  }
  const storageError = (e: unknown) => report('storage_error', e)

  /** When a refresh is due: `leeway` before expiry, or halfway for tokens that live less than twice that. */
  const due = (t: Tokens): Tokens => {
    if (t.expiresAt && !t.refreshAt) t.refreshAt = t.expiresAt - Math.min(leeway, Math.max(0, t.expiresAt - now()) / 2)
    return t
  }
  const record = readRecord(platform, key, storageError)
  let tokens: Tokens | undefined = record && due(record.tokens)
  /** This session's id and how many refreshes into it: what another H5 tab's record is compared with. */
  let sid = (record && record.sid) || ''
  let gen = (record && record.gen) || 0
  /** The access tokens of the last session that ended, and why: late 401s for them say why too. */
  let ended: { lineage: string[]; reason: CredentialsErrorReason } | undefined
  /** The access tokens this session has had, newest last: a late 401 for one of them is no reason to refresh. */
  let lineage: string[] = tokens ? [tokens.accessToken] : []
  /** Ends a cooldown wait early (sign-out, sign-in). */
  let wake: (() => void) | undefined
  let user: unknown = record && record.user
  /** Bumped on every sign-in and sign-out: a refresh that started before is stale. */
  let epoch = 0
  let inflight: Promise<Tokens> | undefined
  let failures = 0
  let cooldownUntil = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let hidden = false
  let listeners: LoginStateListener[] = []
  let silent: Promise<boolean> | undefined
  const journey = createJourney(platform, key, options)

  const fresh = (t: Tokens) => !t.refreshAt || now() < t.refreshAt
  const valid = (t: Tokens) => !t.expiresAt || now() < t.expiresAt

  const schedule = () => {
    clearTimeout(timer)
    if (autoRefresh && !hidden && tokens && tokens.refreshAt) {
      // At least a second apart: a server handing out already-expired tokens must not make a busy loop.
      const ms = Math.max(tokens.refreshAt - now(), cooldownUntil - now(), 1000)
      timer = setTimeout(() => refresh().catch(() => undefined), Math.min(ms, 2147483647))
    }
  }

  /**
   * Replaces the session, new tokens or none, then tells the listeners (when there is an event). Only a
   * refresh continues the session; anything else starts a new epoch.
   */
  const set = (
    next: Tokens | undefined,
    nextUser: unknown,
    eventType?: LoginStateEvent['eventType'],
    msg?: string,
    reason?: CredentialsErrorReason,
    from?: SessionRecord,
  ) => {
    tokens = next && due(next)
    user = nextUser
    if (eventType === 'token_refreshed') gen = from ? (from.gen as number) : gen + 1
    else {
      if (reason) ended = { lineage, reason }
      epoch++
      inflight = undefined
      lineage = []
      // A new session: its own id (or, taken from another tab, that tab's).
      sid = from ? (from.sid as string) : Math.random().toString(36).slice(2) + now().toString(36)
      gen = from ? from.gen || 0 : 0
      if (wake) wake()
    }
    if (next) lineage = lineage.concat(next.accessToken).slice(-20)
    failures = cooldownUntil = 0
    save()
    schedule()
    if (eventType) {
      for (const listener of listeners.slice()) {
        try {
          listener({ eventType, reason, msg } as LoginStateEvent)
        } catch (e) {
          report('listener_error', e)
        }
      }
    }
  }

  const save = () => store(platform, key, tokens && { v: 1, sid, gen, tokens, user }, storageError)

  const end = (reason: CredentialsErrorReason) => {
    set(undefined, undefined, 'credentials_error', MSG[reason], reason)
  }

  const rejected = (why?: string, reason: CredentialsErrorReason = 'refresh_token_expired') =>
    credentialsFailure(`refresh rejected: ${why || MSG[reason]}`, reason)

  /** A bare POST, outside the auth path (`transmit`'s watchdog settles it even if the platform never calls back). */
  const post = (url: string, data: unknown, header?: Record<string, string>, timeout = 10000) =>
    transmit(
      platform,
      'request',
      { url, method: 'POST', header: {} },
      { url, method: 'POST', header: Object.assign({ 'content-type': 'application/json' }, header), data, timeout },
    )

  /** Only these statuses reject a refresh: anything else (0, 3xx, 404, 5xx) may be the network's doing. */
  const refusing = (status: unknown) => status === 400 || status === 401 || status === 403

  /** New tokens from the refresh endpoint or function; throws a `CredentialsError` when the refresh is rejected. */
  const fetchTokens = async (from: Tokens): Promise<Tokens> => {
    if (from.refreshExpiresAt && now() >= from.refreshExpiresAt) throw rejected()
    let body: unknown
    let date: number | undefined
    if (typeof refreshWith === 'function') {
      try {
        // A function that never settles must not hold the lock for good.
        body = await new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(fail(TimeoutError, `the refresh function did not settle within ${refreshTimeout} ms`)),
            refreshTimeout,
          )
          Promise.resolve(refreshWith(from.refreshToken, { accessToken: from.accessToken })).then(
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
      } catch (e) {
        const res = (e as { response?: Response & { status?: number } }).response
        if (res && refusing(res.statusCode || res.status)) {
          throw rejected((e as Error).message, credentialsError(res))
        }
        throw e
      }
    } else {
      if (!from.refreshToken) throw rejected('no refresh token')
      const res = await post(
        refreshWith.url,
        { refreshToken: from.refreshToken },
        refreshWith.header,
        refreshWith.timeout || refreshTimeout,
      )
      const reason = credentialsError(res)
      const status = res.statusCode
      if (reason || refusing(status)) throw rejected(`HTTP ${status}`, reason)
      if (status < 200 || status > 299) {
        throw requestFailed(HTTPError, { url: refreshWith.url, method: 'POST', header: {} }, `HTTP ${status}`, res)
      }
      body = res.data
      date = Date.parse(res.header.Date || res.header.date || '') || undefined
    }
    const input = parse(body)
    if (!usable(input)) throw rejected('no usable tokens')
    const next = toTokens(input, now(), date)
    if (!next.refreshToken) {
      // The server kept the refresh token: keep it and its deadline.
      next.refreshToken = from.refreshToken
      next.refreshExpiresAt = from.refreshExpiresAt
    }
    return next
  }

  /**
   * One refresh: waits out a cooldown, gets new tokens (a rejected refresh ends the session), and
   * installs them unless the session changed meanwhile.
   */
  const run = async (from: Tokens, at: number): Promise<Tokens> => {
    const wait = cooldownUntil - now()
    if (wait > 0) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, wait)
        wake = () => {
          clearTimeout(t)
          r()
        }
      })
      wake = undefined
    }
    try {
      if (at !== epoch) throw notSignedIn()
      // H5 tabs share storage: under a lock across tabs, a token another tab has refreshed is taken
      // as it is (calling the server again with the spent refresh token would look like theft), and
      // the new tokens are stored before the lock is let go, so that the next tab in line finds them.
      // Only a record that continues this session, and is newer than what this tab holds, is taken:
      // another account's sign-in is a new session the app hears of; an older record (a failed write)
      // holds a refresh token already spent.
      const renew = async () => {
        const stored = platform.lock && readRecord(platform, key, storageError)
        if (stored && (stored.sid || '') !== sid) {
          set(stored.tokens, stored.user, 'sign_in', 'signed in', undefined, stored)
          throw notSignedIn()
        }
        const newer = stored && (stored.gen || 0) > gen ? stored : undefined
        const next = newer ? newer.tokens : await fetchTokens(from)
        if (at !== epoch) throw notSignedIn()
        set(next, user, 'token_refreshed', 'token refreshed', undefined, newer)
        return next
      }
      return Object.assign({}, await (platform.lock ? platform.lock(`${key}:refresh`, renew) : renew()))
    } catch (e) {
      // Signed out or in again meanwhile: this refresh, and the requests that waited for it, are of a
      // session that is over. They must not go out with the next session's (maybe another user's) token.
      if (at !== epoch) throw isCredentialsError(e) ? e : notSignedIn()
      if (isCredentialsError(e)) {
        end(e.reason || 'refresh_token_expired')
        throw e
      }
      // Could not refresh now (network, timeout, 5xx): keep the session, back off.
      failures++
      cooldownUntil = now() + Math.min(30000, 500 * 2 ** failures)
      report('refresh_failed', e)
      throw e
    }
  }

  const refresh = (stale?: string): Promise<Tokens> => {
    if (!tokens || (stale && lineage.indexOf(stale) < 0)) {
      // A late answer for a session that ended: it ended for the same reason.
      return Promise.reject(
        stale && ended && ended.lineage.indexOf(stale) >= 0
          ? credentialsFailure(`the session ended (${ended.reason})`, ended.reason)
          : notSignedIn(),
      )
    }
    if (stale && stale !== tokens.accessToken) {
      // Already replaced: the current tokens, or those of the refresh under way.
      return inflight || Promise.resolve(Object.assign({}, tokens))
    }
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

  if (autoRefresh) {
    if (platform.onAppHide) {
      platform.onAppHide(() => {
        hidden = true
        schedule()
      })
    }
    if (platform.onAppShow) {
      platform.onAppShow(() => {
        hidden = false
        if (tokens && !fresh(tokens)) refresh().catch(() => undefined)
        else schedule()
      })
    }
    schedule()
  }

  const self: Auth = {
    get state(): AuthState {
      return inflight ? 'refreshing' : tokens ? 'signed_in' : 'signed_out'
    },
    platform,
    signIn(input, newUser) {
      const parsed = input && typeof input === 'object' && 'accessToken' in input ? (input as TokenInput) : parse(input)
      if (!usable(parsed)) {
        throw new TypeError('uni-session: signIn got no usable tokens')
      }
      set(toTokens(parsed, now()), newUser, 'sign_in', 'signed in')
    },
    async signOut() {
      const had = tokens
      set(undefined, undefined, had && 'sign_out', 'signed out')
      if (had && logout) {
        try {
          await post(logout.url, { refreshToken: had.refreshToken }, authHeader(had.accessToken))
        } catch (e) {
          report('logout_failed', e)
        }
      }
    },
    isSignedIn: () => !!tokens,
    get signingIn() {
      return !!silent
    },
    journey,
    redirectToLogin: journey.redirectToLogin,
    returnAfterLogin: journey.returnAfterLogin,
    takeReturnQuery: journey.takeReturnQuery,
    signInSilently(login, onError) {
      if (!silent) {
        const at = epoch
        const p = (async () => {
          try {
            const body = await login()
            // A sign-in or sign-out that happened meanwhile wins.
            if (at === epoch) self.signIn(body)
            return true
          } catch (e) {
            report('silent_login_failed', e)
            if (onError) onError(e)
            return false
          }
        })()
        silent = p
        p.then(() => {
          silent = undefined
        })
      }
      return silent
    },
    getTokens: () => (tokens ? Object.assign({}, tokens) : null),
    peekAccessToken: () => (tokens && !inflight && fresh(tokens) ? tokens.accessToken : null),
    async getAccessToken() {
      if (!tokens && silent) await silent
      const current = tokens
      if (!current) return null
      // Fresh, or backing off after a failed refresh with a token that still works: use it as it is.
      if (!inflight && (fresh(current) || (now() < cooldownUntil && valid(current)))) {
        return current.accessToken
      }
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
      check('listener', listener, typeof listener === 'function', 'a function')
      listeners.push(listener)
      return () => {
        listeners = listeners.filter((l) => l !== listener)
      }
    },
    getUser: <U>() => user as U | undefined,
    setUser(next) {
      user = next
      save()
    },
    credentialsError,
    authHeader,
  }
  return self
}

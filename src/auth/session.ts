/**
 * The session: `createAuth` composes its parts, each in its own file: the state and its one way to
 * change (`session-state.ts`), the refresh call (`refresh-call.ts`), the refresh lock
 * (`refresh-lock.ts`), the timer (`timer.ts`), the listeners (`events.ts`), persistence
 * (`storage.ts`), tokens and their deadlines (`tokens.ts`), and the login journey (`journey.ts`).
 */
import { type CredentialsErrorReason, isCredentialsError, type Response } from './errors'
import { createEvents, type LoginStateEvent, type LoginStateListener, type RefreshEvent } from './events'
import { createJourney, type Journey, type JourneyOptions } from './journey'
import { check, functionOption, numberOption } from './options'
import { type Platform, resolvePlatform } from './platform'
import {
  type Endpoint,
  fetchTokens,
  post,
  type RefreshEndpoint,
  type RefreshFunction,
  type RefreshVerdict,
} from './refresh-call'
import { end, refresh } from './refresh-lock'
import { renew } from './renewal'
import { expiredBy, reasonOf } from './rules'
import { commit, type DebugInfo, due, fresh, type SessionState, save, valid } from './session-state'
import { readRecord } from './storage'
import { createTimer } from './timer'
import { codeOf, readTokenInput, type TokenInput, type Tokens, toTokens, usable } from './tokens'

export type {
  DebugInfo,
  Endpoint,
  LoginStateEvent,
  LoginStateListener,
  RefreshEndpoint,
  RefreshEvent,
  RefreshFunction,
  RefreshVerdict,
}

export type AuthState = 'signed_out' | 'signed_in' | 'refreshing'

export interface AuthOptions extends JourneyOptions {
  /**
   * How to refresh: an endpoint (`POST { refreshToken }`) or a function. Without it (a backend with
   * no refresh token: RuoYi, a default Sa-Token) an expired token ends the session, once, as a
   * rejected refresh would; tokens are used until they expire (no leeway) and `autoRefresh` is off.
   */
  refresh?: RefreshEndpoint | RefreshFunction
  /**
   * Reads a refresh answer: `'ok'`, `'rejected'` (or a reason), `'unavailable'`, `'misconfigured'`,
   * or `undefined` to leave it to the default table (README, "Refresh answers").
   */
  judgeRefresh?: (response: Response) => RefreshVerdict | null | undefined
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
  /**
   * Does this response mean "access token expired"? Requesters on this session use it unless they
   * have their own. @default HTTP 401, or a body code in `expiredCodes`
   */
  isExpired?: (response: Response) => boolean
  /** Business codes (body `code` / `errCode` / `error`) that mean "expired", e.g. `[409]`. @default [] */
  expiredCodes?: unknown[]
  /**
   * Sliding sessions: a fresh token that an ordinary response carries (a header, a body field), as
   * tokens or a bare access token. Taken only from responses to requests that carried the current
   * token to a trusted origin. @default none
   */
  renewal?: (response: Response) => TokenInput | string | null | undefined
  /**
   * Headers that carry the access token.
   * @default token => ({ Authorization: `${tokenType} ${token}` }), `tokenType` from the token answer, else 'Bearer'
   */
  authHeader?: (accessToken: string) => Record<string, string>
  /**
   * Tell the server on `signOut()`: by default `POST { refreshToken }` with the access token in the
   * auth header. With `body`, the request is the app's: that body and `header` alone (an RFC 7009
   * revocation, for instance, authenticates the client, not the user).
   */
  logout?: Endpoint
  /** Hears storage failures, refresh failures and listener errors. Never receives a token. */
  debug?: (info: DebugInfo) => void
  /**
   * Called once with the new session: for bridges to SDKs that keep their own tokens (the
   * `cloudbase` preset follows CloudBase's login events with it). @default none
   */
  attach?: (auth: Auth) => void
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
  /** Hears each refresh start, end and failure (for timelines and logs); returns the unsubscribe function. */
  onRefresh(listener: (event: RefreshEvent) => void): () => void
  /**
   * Which generation of this sign-in `accessToken` is (0: the sign-in's own, then one more per
   * refresh or renewal), or `undefined` for a token this session does not know (or no longer keeps).
   */
  generationOf(accessToken: string): number | undefined
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
  /** @internal shared with the requester: the session's rule for "access token expired". */
  readonly isExpired: (response: Response) => boolean
  /** @internal the requester hands every answer to a request that carried `accessToken` (sliding sessions). */
  readonly renew?: (accessToken: string, response: Response) => void
}

/**
 * Creates a session: tokens, persistence, the refresh lock, events.
 *
 * @example
 * const auth = createAuth({ refresh: { url: 'https://api.example.com/auth/refresh' } })
 */
export function createAuth(options: AuthOptions): Auth {
  check('options', options, options && typeof options === 'object', 'an object')
  const { refresh: refreshWith, logout } = options
  check(
    'refresh',
    refreshWith,
    !refreshWith || typeof refreshWith === 'function' || refreshWith.url,
    '{ url } or a function',
  )
  const key = options.storageKey === undefined ? 'uni-session' : options.storageKey
  check('storageKey', key, key && typeof key === 'string', 'a non-empty string')
  check('logout', logout, !logout || logout.url, '{ url }')
  // Without a refresh, nothing can be done ahead of expiry: a token is used until it expires.
  const leeway = refreshWith ? numberOption('leeway', options.leeway, 0, 60) * 1000 : 0
  const timeout = numberOption('refreshTimeout', options.refreshTimeout, 1, 10000)
  const now = functionOption<() => number>('now', options.now) || Date.now
  const parse = functionOption<AuthOptions['parseTokens']>('parseTokens', options.parseTokens) || readTokenInput
  const debug = functionOption<AuthOptions['debug']>('debug', options.debug)
  const ownCredentialsError = functionOption<AuthOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const credentialsError = (res: Response): CredentialsErrorReason | undefined =>
    reasonOf(ownCredentialsError ? ownCredentialsError(res) : codeOf(res.data) === 'TOKEN_UPDATED' && 'token_updated')
  const isExpired =
    functionOption<AuthOptions['isExpired']>('isExpired', options.isExpired) || expiredBy(options.expiredCodes)
  const renewal = functionOption<AuthOptions['renewal']>('renewal', options.renewal)
  const judgeRefresh = functionOption<AuthOptions['judgeRefresh']>('judgeRefresh', options.judgeRefresh)
  const authHeader =
    functionOption<AuthOptions['authHeader']>('authHeader', options.authHeader) ||
    ((token: string) => {
      const type = s.tokens && s.tokens.accessToken === token && s.tokens.tokenType
      // RFC 6750 servers often say "bearer"; the scheme is case-insensitive, Bearer is what servers expect.
      return { Authorization: `${!type || /^bearer$/i.test(type) ? 'Bearer' : type} ${token}` }
    })
  const platform = resolvePlatform(options.platform)

  /** Tells `debug`; the message is the type in words ("uni-session: refresh failed"). */
  const report = (type: DebugInfo['type'], error: unknown) => {
    try {
      if (debug) debug({ type, message: `uni-session: ${type.replace(/_/g, ' ')}`, error })
    } catch {
      // a failing debug hook must not break the session
    }
  }
  const record = readRecord(platform, key, (e) => report('storage_error', e))
  const s: SessionState = {
    platform,
    key,
    now,
    leeway,
    report,
    events: createEvents<LoginStateEvent>((e) => report('listener_error', e)),
    refreshes: createEvents<RefreshEvent>((e) => report('listener_error', e)),
    fetch: (from) =>
      fetchTokens(platform, { refresh: refreshWith, timeout, now, parse, credentialsError, judge: judgeRefresh }, from),
    changed: () => timer.schedule(),
    user: record && record.user,
    sid: (record && record.sid) || '',
    gen: (record && record.gen) || 0,
    lineage: [],
    epoch: 0,
    failures: 0,
    cooldownUntil: 0,
  }
  if (record) {
    s.tokens = due(s, record.tokens)
    s.lineage = [record.tokens.accessToken]
  }
  const timer = createTimer(s, options.autoRefresh && !!refreshWith)
  timer.schedule()
  /** A silent sign-in under way. */
  let silent: Promise<boolean> | undefined
  const journey = createJourney(platform, key, options)

  const self: Auth = {
    get state(): AuthState {
      return s.inflight ? 'refreshing' : s.tokens ? 'signed_in' : 'signed_out'
    },
    platform,
    signIn(input, user) {
      const parsed = input && typeof input === 'object' && 'accessToken' in input ? (input as TokenInput) : parse(input)
      if (!usable(parsed)) {
        throw new TypeError('uni-session: signIn got no usable tokens')
      }
      commit(s, toTokens(parsed, now()), user, 'sign_in', 'signed in')
    },
    async signOut() {
      const had = s.tokens
      commit(s, undefined, undefined, had && 'sign_out', 'signed out')
      if (had && logout) {
        try {
          await post(
            platform,
            logout,
            logout.body ? logout.body(had) : { refreshToken: had.refreshToken },
            logout.body ? {} : authHeader(had.accessToken),
          )
        } catch (e) {
          report('logout_failed', e)
        }
      }
    },
    isSignedIn: () => !!s.tokens,
    get signingIn() {
      return !!silent
    },
    journey,
    redirectToLogin: journey.redirectToLogin,
    returnAfterLogin: journey.returnAfterLogin,
    takeReturnQuery: journey.takeReturnQuery,
    signInSilently(login, onError) {
      if (!silent) {
        const at = s.epoch
        const p = (async () => {
          try {
            const body = await login()
            // A sign-in or sign-out that happened meanwhile wins.
            if (at === s.epoch) self.signIn(body)
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
    getTokens: () => (s.tokens ? Object.assign({}, s.tokens) : null),
    peekAccessToken: () => (s.tokens && !s.inflight && fresh(s, s.tokens) ? s.tokens.accessToken : null),
    async getAccessToken() {
      if (!s.tokens && silent) await silent
      const current = s.tokens
      if (!current) return null
      // Fresh, or backing off after a failed refresh with a token that still works: use it as it is.
      if (!s.inflight && (fresh(s, current) || (now() < s.cooldownUntil && valid(s, current)))) {
        return current.accessToken
      }
      try {
        return (await refresh(s, current.accessToken)).accessToken
      } catch (e) {
        if (!isCredentialsError(e) && s.tokens === current && valid(s, current)) return current.accessToken
        throw e
      }
    },
    refresh: (stale) => refresh(s, stale),
    invalidate(accessToken, reason) {
      if (s.tokens && s.tokens.accessToken === accessToken) end(s, reason)
    },
    onLoginStateChanged: s.events.on,
    onRefresh: s.refreshes.on,
    generationOf(token) {
      const i = s.lineage.indexOf(token)
      return i < 0 ? undefined : s.gen - (s.lineage.length - 1 - i)
    },
    getUser: <U>() => s.user as U | undefined,
    setUser(next) {
      s.user = next
      save(s)
    },
    credentialsError,
    authHeader,
    isExpired,
    renew: renewal ? (used, res) => renew(s, renewal, used, res) : undefined,
  }
  const attach = functionOption<AuthOptions['attach']>('attach', options.attach)
  if (attach) attach(self)
  return self
}

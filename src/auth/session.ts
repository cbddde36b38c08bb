/**
 * The session: `createAuth` composes its parts, each in its own file: the options (`config.ts`),
 * the state and its one way to change (`session-state.ts`), the refresh call (`refresh-call.ts`),
 * the refresh lock (`refresh-lock.ts`), the timer (`timer.ts`), the listeners (`events.ts`),
 * persistence (`storage.ts`), tokens and their deadlines (`tokens.ts`), sliding renewal
 * (`renewal.ts`), the silent sign-in (`silent.ts`) and the login journey (`journey.ts`).
 */
import { resolveAuthOptions } from './config'
import { createEvents, type LoginStateEvent, type RefreshEvent } from './events'
import { createJourney } from './journey'
import { fetchTokens, OWN, post } from './refresh-call'
import { accessToken, end, refresh, signInEnded } from './refresh-lock'
import { renew } from './renewal'
import { commit, due, fresh, type SessionState, save } from './session-state'
import { type Silent, signInSilently } from './silent'
import { adoptTokens, readRecord } from './storage'
import { createTimer } from './timer'
import { readTokenInput, refusedLogin, type TokenInput, toTokens, usable } from './tokens'
import type { Auth, AuthOptions, AuthState } from './types'

export type { LoginStateEvent, LoginStateListener, RefreshEvent } from './events'
export type { Endpoint, RefreshEndpoint, RefreshFunction, RefreshVerdict } from './refresh-call'
export type { DebugInfo } from './session-state'
export type { Auth, AuthOptions, AuthState } from './types'

/**
 * Creates a session: tokens, persistence, the refresh lock, events.
 *
 * @example
 * const auth = createAuth({ refresh: { url: 'https://api.example.com/auth/refresh' } })
 */
export function createAuth(options: AuthOptions): Auth {
  const c = resolveAuthOptions(options)
  const { platform, key, now, report, logout } = c
  const record = readRecord(c.storage, key, (e) => report('storage_error', e))
  const s: SessionState = {
    platform,
    key,
    storage: c.storage,
    now,
    leeway: c.leeway,
    report,
    events: createEvents<LoginStateEvent>((e) => report('listener_error', e)),
    refreshes: createEvents<RefreshEvent>((e) => report('listener_error', e)),
    fetch: (from) =>
      fetchTokens(
        platform,
        {
          refresh: c.refresh,
          timeout: c.refreshTimeout,
          now,
          parse: c.parse,
          credentialsError: c.credentialsError,
          judge: c.judgeRefresh,
        },
        from,
      ),
    changed: () => timer.schedule(),
    user: record && record.user,
    sid: (record && record.sid) || '',
    gen: (record && record.gen) || 0,
    lineage: record ? [record.tokens.accessToken] : [],
    epoch: 0,
    endings: [],
    saved: !!record,
    failures: 0,
    cooldownUntil: 0,
  }
  if (record) s.tokens = due(s, record.tokens)
  const timer = createTimer(s, c.autoRefresh)
  // An app's token from before the upgrade: moved into the record once, no event (nothing changed for the user).
  const adopted = !record && c.adopt && adoptTokens(platform, c.adopt, c.parse, (e) => report('storage_error', e))
  if (adopted) commit(s, toTokens(adopted, now()), undefined)
  timer.schedule()
  const silent: Silent = {}
  const journey = createJourney(platform, key, options, report)
  const authHeader =
    c.authHeader ||
    ((token: string) => {
      const type = s.tokens && s.tokens.accessToken === token && s.tokens.tokenType
      // RFC 6750 servers often say "bearer"; the scheme is case-insensitive, Bearer is what servers expect.
      return { Authorization: `${!type || /^bearer$/i.test(type) ? 'Bearer' : type} ${token}` }
    })
  const renewal = c.renewal

  const self: Auth = {
    get state(): AuthState {
      return s.inflight ? 'refreshing' : s.tokens ? 'signed_in' : 'signed_out'
    },
    platform,
    signIn(input, user) {
      // Every body goes through parseTokens when the app (or a preset) gives one: it may read
      // fields beside `accessToken` (an expiry under its own name); tokens given as they are still work.
      const read = c.parse(input)
      const parsed = usable(read) ? read : input && typeof input === 'object' ? (input as TokenInput) : undefined
      if (!usable(parsed)) throw refusedLogin(input, c.parse !== readTokenInput)
      commit(s, toTokens(parsed, now()), user, 'sign_in', 'signed in')
    },
    async signOut() {
      const had = s.tokens
      commit(s, undefined, undefined, had && 'sign_out', 'signed out')
      if (had && logout) {
        try {
          // Our protocol by default; with `body`, the app's request alone (no user token).
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
      return !!silent.running
    },
    journey,
    redirectToLogin: journey.redirectToLogin,
    returnAfterLogin: journey.returnAfterLogin,
    takeReturnQuery: journey.takeReturnQuery,
    signInSilently: (login, onError) => signInSilently(s, silent, c.silentLoginTimeout, self.signIn, login, onError),
    getTokens: () => (s.tokens ? Object.assign({}, s.tokens) : null),
    peekAccessToken: () => (s.tokens && !s.inflight && fresh(s, s.tokens) ? s.tokens.accessToken : null),
    async getAccessToken(signInId) {
      if (signInId === undefined && !s.tokens && silent.waiting) await silent.waiting
      return accessToken(s, signInId)
    },
    refresh: (stale, signInId) => refresh(s, stale, signInId),
    // One sign-in and its refreshes and renewals, however many (H5 tabs that take over a record share it).
    get signInId() {
      return s.tokens ? s.sid : undefined
    },
    signInEnded: (signInId) => signInEnded(s, signInId),
    invalidate(token, reason) {
      if (s.tokens && s.tokens.accessToken === token) end(s, reason)
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
    credentialsError: c.credentialsError,
    authHeader,
    isExpired: c.isExpired,
    // By identity, or (uni copies the options on their way to an interceptor) by what they are: a
    // POST to the refresh or logout endpoint.
    ownsCall: (o: { url?: unknown; method?: unknown }) =>
      OWN.has(o) ||
      (typeof c.refresh === 'object' && o.method === (c.refresh.method || 'POST') && o.url === c.refresh.url) ||
      (!!logout && o.method === (logout.method || 'POST') && o.url === logout.url),
    renew: renewal ? (used, res) => renew(s, renewal, used, res) : undefined,
  }
  if (c.attach) c.attach(self)
  return self
}

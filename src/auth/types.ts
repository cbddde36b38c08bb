/** The session's public types: its options, the `Auth` object, its state. */
import type { CredentialsError, CredentialsErrorReason, Response } from './errors'
import type { LoginStateListener, RefreshEvent } from './events'
import type { Journey, JourneyOptions } from './journey'
import type { Platform } from './platform'
import type { Endpoint, RefreshEndpoint, RefreshFunction, RefreshVerdict } from './refresh-call'
import type { DebugInfo } from './session-state'
import type { SessionStorage } from './storage'
import type { TokenInput, Tokens } from './tokens'

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
  /**
   * ms a silent login (`signInSilently`, `installAuth`'s `silentLogin`: the platform's `login` and the
   * call to your server) may take. After it, whatever waits for it (`getAccessToken`, requests, the
   * guard's held navigation) rejects with a `TimeoutError`, the session stays signed out, an answer that
   * comes later is dropped, and the next attempt may try again.
   * @default 15000
   */
  silentLoginTimeout?: number
  /** The `uni` / `wx`-shaped platform. @default global `uni`, else global `wx` */
  platform?: Platform
  /** Storage key of the session record. @default 'uni-session' */
  storageKey?: string
  /**
   * Where the record lives: sync `get` / `set` / `remove`, e.g. the app's pinia-persisted token
   * store, so that the app's tokens have one source of truth. @default the platform's storage
   * @example
   * storage: { get: (k) => uni.getStorageSync(k), set: (k, v) => uni.setStorageSync(k, v), remove: (k) => uni.removeStorageSync(k) }
   */
  storage?: SessionStorage
  /**
   * A token the app stored before adopting the module, taken over once at start when the session
   * has no record, so that the upgrade signs no one out: a storage key (RuoYi-App: `'App-Token'`,
   * removed once read) or a function reading the app's store (tokens, a body holding them, or a
   * bare token). @default none
   */
  adopt?: string | (() => unknown)
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
  /**
   * A valid access token, refreshing first when it is within the leeway; `null` when signed out. During
   * a silent login, its token once it is done (a `TimeoutError` when it takes longer than
   * `silentLoginTimeout`). Given a `signInId`, a token of that sign-in only: rejects with a
   * `CredentialsError` (and why that sign-in ended) once it is over.
   */
  getAccessToken(signInId?: string): Promise<string | null>
  /** The access token when it can be used right now without a refresh, else `null`. Never refreshes. */
  peekAccessToken(): string | null
  /**
   * One refresh at a time: callers join the one in flight. Given the access
   * token a failed request used, settles at once with the current tokens when
   * that token has already been replaced. Given the `signInId` the request belongs to, the stale token
   * is known by its sign-in however old it is (a sliding session renews on every answer), and a
   * sign-in that is over rejects with a `CredentialsError` and why it ended.
   */
  refresh(staleAccessToken?: string, signInId?: string): Promise<Tokens>
  /**
   * The current sign-in (one sign-in and all its refreshes and renewals; H5 tabs that take over a record
   * share it), `undefined` when signed out. A request belongs to the sign-in it started under: keep this
   * when it first gets a token, and check it with `signInEnded` before every later send (retry, replay).
   */
  readonly signInId: string | undefined
  /**
   * `undefined` while `signInId` is the current sign-in; once it is over (signed out, or signed in
   * again since, maybe as another account), the `CredentialsError` its work ends with, carrying the
   * reason that sign-in ended for (no reason: signed out).
   */
  signInEnded(signInId: string | undefined): CredentialsError | undefined
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
   * and calls while the login page shows, do nothing. Resolves, never rejects: a navigation that
   * fails (the app's `navigateToLogin` throwing or rejecting included) goes to `debug`
   * (`navigation_failed` for the app's own).
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
  /**
   * Is this options object one of the session's own platform calls (its refresh, its logout)? For
   * interceptors on the platform's `request`: those calls go out as they are, never held for a refresh.
   */
  ownsCall(options: object): boolean
  /** @internal shared with the requester: the session's rule for "access token expired". */
  readonly isExpired: (response: Response) => boolean
  /** @internal the requester hands every answer to a request that carried `accessToken` (sliding sessions). */
  readonly renew?: (accessToken: string, response: Response) => void
}

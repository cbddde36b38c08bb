/**
 * What every adapter does the same way, as the built-in requester does it: which URLs get the token,
 * the token a request goes out with, and what an answer means. The session's own rules decide
 * ("expired", "session over", the headers); the adapters only take them to another library.
 * Core types only, and the origin rule (`originOf`, a few dozen bytes), so that the adapters bundle no core.
 */
import type { Response } from '../auth/errors'
import type { Auth } from '../auth/session'
import type { Tokens } from '../auth/tokens'
import { ORIGIN, originOf } from '../utils/request/url'

export interface AdapterOptions {
  /**
   * The API's base URL: its origin gets the token. @default the library's own base URL (luch-request's
   * `config.baseURL`, axios's `defaults.baseURL`, alova's `baseURL`); none for `uni.request`, whose
   * relative URLs are the only ones trusted then
   */
  baseURL?: string
  /** More origins trusted with the token, like `'https://files.example.com'`. @default [] */
  trustedOrigins?: string[]
}

/** Headers as the libraries keep them: plain objects, or axios's `AxiosHeaders`. */
// biome-ignore lint/suspicious/noExplicitAny: each library types its headers its own way
export type Headers = Record<string, any>

/**
 * A checker of URLs: `url` as the library will send it (joined to `base` when relative) goes to the
 * origin of `options.baseURL` (else `ownBase`, the library's default base URL) or a trusted one.
 * Checked as the built-in requester checks it (`originOf`): a relative URL without a base, a
 * protocol-relative URL or another scheme is its own origin.
 */
export function trust(options: AdapterOptions = {}) {
  const extra = (options.trustedOrigins || []).map((o) => {
    if (!ORIGIN.test(o)) throw new TypeError(`uni-session: not an origin in \`trustedOrigins\`: "${o}"`)
    return originOf(o)
  })
  // Almost every request has the library's own base: its origin is worked out once, not per request.
  let lastBase: string | undefined
  let lastOrigin = ''
  const originOfBase = (b: string) => {
    if (b !== lastBase) {
      lastOrigin = originOf(b)
      lastBase = b
    }
    return lastOrigin
  }
  return (url: string, base?: string, ownBase?: string): boolean => {
    // A relative URL on an absolute base (scheme or `//`, then the host) has the base's origin.
    const origin =
      !base || ORIGIN.test(url)
        ? originOf(url)
        : ORIGIN.test(base)
          ? originOfBase(base)
          : originOf(`${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`)
    const own = originOfBase(options.baseURL != null ? options.baseURL : ownBase || '')
    return origin === own || extra.indexOf(origin) >= 0
  }
}

/**
 * The token a request goes out with: the one at hand, or (a refresh due or under way, a silent sign-in
 * running) a promise of it; `null` when signed out. The promise rejects when the session cannot give
 * one (the refresh was refused: the session ended).
 */
export function tokenFor(auth: Auth): string | null | Promise<string | null> {
  const token = auth.peekAccessToken()
  return token || !(auth.isSignedIn() || auth.signingIn) ? token : auth.getAccessToken()
}

/**
 * The sign-in a request went out under (`auth.signInId`: a sign-in and all its refreshes and renewals),
 * taken when it gets its token and compared before any replay (see `signInOver`).
 */
export type SignIn = string | undefined

/** A reader of the session's current sign-in (see {@link SignIn}). */
export const signInOf =
  (auth: Auth): (() => SignIn) =>
  () =>
    auth.signInId

/** What a request that went out with a token keeps: the token, and the sign-in it went out under. */
export interface Sent {
  token: string
  signIn: SignIn
}

/**
 * `undefined` while the sign-in `sent` went out under is still the session's; else the rejection a
 * replay of it ends with, unsent: the core's `CredentialsError`, carrying the reason that sign-in ended
 * for (none after a sign-out or another sign-in).
 */
export function signInOver(auth: Auth, sent: Sent): Promise<never> | undefined {
  const over = auth.signInEnded(sent.signIn)
  return over && Promise.reject(over)
}

/**
 * Calls `then(token, arg, of)` with the token a request goes out with (see `tokenFor`): at once when
 * it is at hand, else when it comes. For a replay, `of` is what the first call went out with: when its
 * sign-in is over, `then` is not called and the request ends unsent (see `signInOver`). Takes `arg`
 * rather than a closure: the happy path allocates nothing here.
 */
export function withToken<A, R>(
  auth: Auth,
  then: (token: string | null, arg: A, of?: Sent) => R | Promise<R>,
  arg: A,
  of?: Sent,
): R | Promise<R> {
  const token = tokenFor(auth)
  if (!of) return isPromise<string | null>(token) ? token.then((t) => then(t, arg)) : then(token, arg)
  const go = (t: string | null) => signInOver(auth, of) || then(t, arg, of)
  return isPromise<string | null>(token) ? token.then(go) : go(token)
}

/** Puts the session's headers for `token` into `header` (in place), replacing any of those names in another case. */
export function setToken(auth: Auth, header: Headers, token: string): Headers {
  const add = auth.authHeader(token)
  for (const key in add) {
    // The same name in another case goes (a header sent twice); the same name is overwritten, not
    // deleted and added again (a delete turns the object into a slow dictionary for every later read).
    const lower = key.toLowerCase()
    for (const k in header) if (k !== key && k.toLowerCase() === lower) delete header[k]
    header[key] = add[key]
  }
  return header
}

/** Takes the session's headers for `token` out of `header`: an error the app may log carries no token. */
export function stripToken(auth: Auth, header: Headers | undefined, token: string): void {
  if (header) for (const key in auth.authHeader(token)) delete header[key]
}

/** An answer in the session's shape: uni's `statusCode` / `header`, or axios's `status` / `headers`; `undefined` for none (a network failure). */
export function toResponse(
  res: { statusCode?: number; status?: number; data?: unknown; header?: Headers; headers?: Headers } | undefined,
): Response | undefined {
  const statusCode = res && (res.statusCode || res.status)
  return res && statusCode ? { statusCode, data: res.data, header: res.header || res.headers || {} } : undefined
}

/**
 * What the answer to a request that carried `token` means, by the session's rules, as the built-in
 * requester reads it. `undefined`: hand the answer on as it is (a good one, after a sliding session
 * took any fresh token from it; one that ended the session, which tells its listeners and so the
 * journey; or an expiry after a replay: never a loop). A promise: the token expired, and the session's
 * tokens to replay with once: one refresh however many requests saw `token` expire, none when `token`
 * was already replaced. It rejects when the refresh fails: refused (the session ends, one
 * `credentials_error` from the session) or could not happen (the session is kept).
 */
export function judge(
  auth: Auth,
  res: Response | undefined,
  token: string,
  replayed?: unknown,
  signIn?: SignIn,
): Promise<Tokens> | undefined {
  if (!res) return undefined
  const reason = auth.credentialsError(res)
  if (!reason && !auth.isExpired(res)) {
    if (auth.renew) auth.renew(token, res)
    return undefined
  }
  const current = auth.getTokens()
  // "Session over" for the current token ends it; for a token already replaced it is a late answer: replay.
  if (reason && (!current || current.accessToken === token)) return void auth.invalidate(token, reason)
  // Known by its sign-in however often a sliding session renewed the token since.
  return replayed ? undefined : auth.refresh(token, signIn)
}

/** What `tokenFor` gave is a promise (not a token, not `null`). */
export const isPromise = <T>(value: unknown): value is Promise<T> => !!value && typeof value === 'object'

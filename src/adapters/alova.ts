/**
 * alova: the session through `beforeRequest` and `responded`, in the shape of alova's own token
 * authentication (`onAuthRequired`, `onResponseRefreshToken`), so that it replaces
 * `createServerTokenAuthentication` where that was used. Nothing waits in a list of its own: a request
 * waits for the session's refresh, which always settles, and so does the request.
 */
import type { Auth } from '../auth/session'
import {
  type AdapterOptions,
  type Headers,
  judge,
  type Sent,
  setToken,
  signInOf,
  toResponse,
  trust,
  withToken,
} from './shared'

/** An alova method (the copy that `beforeRequest` and `responded` receive), as far as the adapter uses it. */
export interface AlovaMethod {
  url: string
  baseURL: string
  /** `meta: { auth: false }`: no token, no refresh (a public endpoint). */
  // biome-ignore lint/suspicious/noExplicitAny: alova's `meta` is the app's own (`AlovaCustomTypes['meta']`)
  meta?: any
  // biome-ignore lint/suspicious/noExplicitAny: alova's config carries the request adapter's own fields
  config: { headers: Headers; transform?: unknown; [key: string]: any }
  context: { options: { baseURL?: string } }
  send(forceRequest?: boolean): Promise<unknown>
  /** alova's `abort`: it calls its `a`, which each `send` points at that send's request. */
  abort(): unknown
}

// biome-ignore lint/suspicious/noExplicitAny: alova's own handler types return `any`
type Handler<M, R> = (response: R, method: M) => any

/** alova's `responded`: a success handler, or `{ onSuccess, onError, onComplete }`. */
export type AlovaResponded<M, R = unknown> =
  | Handler<M, R>
  | {
      onSuccess?: Handler<M, R>
      // biome-ignore lint/suspicious/noExplicitAny: as alova types it
      onError?: (error: any, method: M) => unknown
      onComplete?: (method: M) => unknown
    }

/**
 * A request adapter as alova types one (`AlovaRequestAdapter`): `(elements, method) => { response() }`.
 * The method it takes is the `Method` its instance's hooks receive, with the instance's generics.
 */
// biome-ignore lint/suspicious/noExplicitAny: matches any adapter's elements and method
export type AlovaRequestAdapterLike = (elements: any, method: any) => { response(): Promise<unknown> }

/** The `Method` type of an adapter's instance (`Parameters<RA>[1]`, as alova's own token authentication reads it). */
export type AlovaMethodOf<RA> = [RA] extends [never]
  ? AlovaMethod
  : RA extends (elements: never, method: infer M) => unknown
    ? M
    : AlovaMethod
/** The response type of an adapter (what its `response()` resolves with). */
export type AlovaResponseOf<RA> = [RA] extends [never]
  ? // biome-ignore lint/suspicious/noExplicitAny: without an adapter type, as loose as alova's own handler types
    any
  : RA extends (elements: never, method: never) => { response(): Promise<infer R> }
    ? R
    : // biome-ignore lint/suspicious/noExplicitAny: see above
      any

/** Alipay's global (and DingTalk's): where uni hands an HTTP 4xx to `fail`. */
declare const my: unknown

/** Set on the first call's copy when it is replayed (alova copies it into the replay's): what it went out with. */
const REPLAY = '__uniSessionReplay'
type Internal = AlovaMethod & { [REPLAY]?: Sent; abort: { a?: () => unknown } }

/**
 * The session for an alova instance: `onAuthRequired` for `beforeRequest` (the token, trusted origins
 * only, refreshing first within the leeway) and `onResponseRefreshToken` for `responded` (an expired
 * answer: one refresh of the token that request used, and one replay through the instance; your
 * `onSuccess` and `onComplete` run once per call, on the replay's answer). An expired answer that the
 * host hands to `fail` (uni's Alipay layer does so for every HTTP 4xx) is read from the `complete`
 * callback the uni-app adapter passes to `uni.request`, and replayed the same way. `method.abort()`
 * while a request waits for the refresh rejects it (`request:fail abort`) and sends nothing more.
 *
 * Give it the type of your request adapter to keep alova's `Method` generics in your handlers (as
 * `createServerTokenAuthentication<typeof VueHook, typeof uniappRequestAdapter>` took them).
 *
 * @example
 * import AdapterUniapp, { uniappRequestAdapter } from '@alova/adapter-uniapp'
 * const { onAuthRequired, onResponseRefreshToken } = alovaAuth<typeof uniappRequestAdapter>(auth)
 * const alova = createAlova({
 *   baseURL: 'https://api.example.com',
 *   ...AdapterUniapp(),
 *   beforeRequest: onAuthRequired(),
 *   responded: onResponseRefreshToken((response) => response.data),
 * })
 */
export function alovaAuth<RA extends AlovaRequestAdapterLike = never>(auth: Auth, options?: AdapterOptions) {
  type M = AlovaMethodOf<RA>
  type R = AlovaResponseOf<RA>
  const trusted = trust(options)
  /** The token each method copy went out with (never on the copy: alova copies it into the next). */
  const used = new WeakMap<object, Sent>()
  /** The copies that are replays. */
  const replays = new WeakSet<object>()
  /** What uni's `complete` got for each copy: on Alipay the only way to a 4xx answer's status. */
  const answers = new WeakMap<object, unknown>()
  const signIn = signInOf(auth)

  /**
   * The replay of copy `m` once `renewed` settles: through the instance (`send(true)`: its
   * `beforeRequest`, adapter and `responded`), unless it was aborted meanwhile or its sign-in is over.
   */
  const replay = (m: Internal, sent: Sent, renewed: Promise<unknown>): Promise<unknown> => {
    // `method.abort()` calls `abort.a` (alova 3, src/Method.ts), and the copy shares `abort` with the
    // method the app holds. Until the replay's `send` points it at the replay, it reaches only the
    // first call, which is done: point it at the wait.
    const { abort } = m
    const first = abort.a
    let cancel = () => {}
    const aborted = new Promise<never>((_, reject) => {
      // As the uni-app adapter rejects an aborted request (`new Error(errMsg)`, uni's `request:fail abort`).
      cancel = () => reject(new Error('request:fail abort'))
    })
    const ours = () => {
      cancel()
      return Promise.resolve()
    }
    abort.a = ours
    return Promise.race([renewed, aborted]).then(
      () => {
        m[REPLAY] = sent
        // The replay's answer goes through `responded` itself, and this call's `transform` is applied
        // to what it gives: the replay must not apply it too (alova copies this config into the replay's).
        m.config.transform = undefined
        return m.send(true)
      },
      (e) => {
        if (abort.a === ours) abort.a = first
        throw e
      },
    )
  }

  return {
    onAuthRequired: <N = M>(beforeRequest?: (method: N) => void | Promise<void>) => {
      const go = (m: Internal) => (beforeRequest ? beforeRequest(m as unknown as N) : undefined)
      /** Puts the token on copy `m` (the token step), then runs your `beforeRequest`. */
      const put = (token: string | null, m: Internal, of?: Sent) => {
        if (token) {
          const { config } = m
          setToken(auth, config.headers, token)
          used.set(m, { token, signIn: of ? of.signIn : signIn() })
          // On Alipay (`my`: uni's mp-alipay layer, which DingTalk runs too) an HTTP 4xx goes to `fail`, and
          // @alova/adapter-uniapp, which spreads the config into `uni.request` (dist/alova-adapter-uniapp.esm.js,
          // `requestAdapter`), rejects a `fail` as `new Error(errMsg)`: `complete` still sees the answer.
          // Elsewhere every answer reaches `success`, and nothing is added to the request.
          if (typeof my === 'object' && my) {
            const own = config.complete as ((res: unknown) => void) | undefined
            config.complete = (res: unknown) => {
              answers.set(m, res)
              if (own) own(res)
            }
          }
        }
        return go(m)
      }
      return (method: N): void | Promise<void> => {
        const m = method as unknown as Internal
        const of = m[REPLAY]
        if (of) replays.add(m)
        const meta = m.meta as { auth?: unknown } | undefined
        if ((meta && meta.auth === false) || !trusted(m.url, m.baseURL, m.context.options.baseURL)) return go(m)
        return withToken(auth, put, m, of)
      }
    },
    onResponseRefreshToken: <N = M>(responded?: AlovaResponded<N, R>) => {
      const own = typeof responded === 'function' ? { onSuccess: responded } : responded || {}
      const { onSuccess, onError, onComplete } = own
      return {
        // biome-ignore lint/suspicious/noExplicitAny: alova's handlers return `any` (what they give is the call's result)
        onSuccess(response: R, method: N): any {
          const m = method as unknown as Internal
          const sent = used.get(m)
          const renewed = sent && judge(auth, toResponse(response as never), sent.token, replays.has(m), sent.signIn)
          if (renewed) return replay(m, sent, renewed)
          return onSuccess ? onSuccess(response, method) : response
        },
        // biome-ignore lint/suspicious/noExplicitAny: as alova types it; alova also uses what it gives (the replay's result)
        onError(error: any, method: N): any {
          const m = method as unknown as Internal
          const sent = used.get(m)
          // An answer the host handed to `fail` (uni's mp-alipay layer: HTTP >= 400, with `statusCode`,
          // `data` and `header`) is read by the session's rules as on any other host.
          const answer = sent && answers.get(m)
          const renewed =
            sent && answer
              ? judge(auth, toResponse(answer as never), sent.token, replays.has(m), sent.signIn)
              : undefined
          if (renewed) return replay(m, sent as Sent, renewed)
          if (onError) return onError(error, method)
          throw error
        },
        onComplete: onComplete && ((method: N) => (replays.has(method as object) ? undefined : onComplete(method))),
      }
    },
  }
}

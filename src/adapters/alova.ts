/**
 * alova: the session through `beforeRequest` and `responded`, in the shape of alova's own token
 * authentication (`onAuthRequired`, `onResponseRefreshToken`), so that it replaces
 * `createServerTokenAuthentication` where that was used. Nothing waits in a list of its own: a request
 * waits for the session's refresh, which always settles, and so does the request.
 */
import type { Auth } from '../auth/session'
import { type AdapterOptions, type Headers, judge, setToken, toResponse, trust, withToken } from './shared'

/** An alova method (the copy that `beforeRequest` and `responded` receive), as far as the adapter uses it. */
export interface AlovaMethod {
  url: string
  baseURL: string
  /** `meta: { auth: false }`: no token, no refresh (a public endpoint). */
  meta?: unknown
  config: { headers: Headers; transform?: unknown }
  context: { options: { baseURL?: string } }
  send(forceRequest?: boolean): Promise<unknown>
}

// biome-ignore lint/suspicious/noExplicitAny: alova's own handler types return `any`
type Handler<M> = (response: any, method: M) => any

/** alova's `responded`: a success handler, or `{ onSuccess, onError, onComplete }`. */
export type AlovaResponded<M> =
  | Handler<M>
  | {
      onSuccess?: Handler<M>
      // biome-ignore lint/suspicious/noExplicitAny: as alova types it
      onError?: (error: any, method: M) => void | Promise<void>
      onComplete?: (method: M) => unknown
    }

/** Set on a method copy while it is replayed: 1 on the first call's copy, 2 on the replay's own (alova copies it). */
const REPLAY = '__uniSessionReplay'
type Marked = { [REPLAY]?: number }

/**
 * The session for an alova instance: `onAuthRequired` for `beforeRequest` (the token, trusted origins
 * only, refreshing first within the leeway) and `onResponseRefreshToken` for `responded` (an expired
 * answer: one refresh of the token that request used, and one replay through the instance; your
 * `onSuccess` and `onComplete` run once per call, on the replay's answer).
 *
 * @example
 * const { onAuthRequired, onResponseRefreshToken } = alovaAuth(auth)
 * const alova = createAlova({
 *   baseURL: 'https://api.example.com',
 *   ...AdapterUniapp(),
 *   beforeRequest: onAuthRequired(),
 *   responded: onResponseRefreshToken((response) => response.data),
 * })
 */
export function alovaAuth(auth: Auth, options?: AdapterOptions) {
  const trusted = trust(options)
  /** The token each method copy went out with (never on the copy: alova copies it into the next). */
  const used = new WeakMap<object, string>()
  return {
    onAuthRequired:
      <M extends AlovaMethod>(beforeRequest?: (method: M) => void | Promise<void>) =>
      (method: M): void | Promise<void> => {
        const m = method as M & Marked
        if (m[REPLAY]) m[REPLAY] = 2
        const go = () => (beforeRequest ? beforeRequest(method) : undefined)
        const meta = method.meta as { auth?: unknown } | undefined
        if ((meta && meta.auth === false) || !trusted(method.url, method.baseURL, method.context.options.baseURL)) {
          return go()
        }
        return withToken(auth, (token) => {
          if (token) {
            setToken(auth, method.config.headers, token)
            used.set(method, token)
          }
          return go()
        })
      },
    onResponseRefreshToken: <M extends AlovaMethod>(responded?: AlovaResponded<M>) => {
      const own = typeof responded === 'function' ? { onSuccess: responded } : responded || {}
      const { onSuccess, onComplete } = own
      return {
        onSuccess(response: unknown, method: M): unknown {
          const m = method as M & Marked
          const token = used.get(method)
          const renewed = token && judge(auth, toResponse(response as never), token, m[REPLAY] === 2)
          if (renewed) {
            return renewed.then(() => {
              m[REPLAY] = 1
              // The replay's answer goes through `responded` and `transform` itself; this call's must not apply them again.
              method.config.transform = undefined
              return method.send(true)
            })
          }
          return onSuccess ? onSuccess(response, method) : response
        },
        onError: own.onError,
        onComplete:
          onComplete && ((method: M) => ((method as M & Marked)[REPLAY] === 2 ? undefined : onComplete(method))),
      }
    },
  }
}

/**
 * luch-request (and uView's `uni.$u.http`, which is one): the session on an instance's interceptors.
 * The request interceptor adds the token (trusted origins only; refreshing first within the leeway);
 * the response interceptor, on an expired answer, asks the session for a refresh of the token that
 * request used and replays it once.
 */
import type { Auth } from '../auth/session'
import {
  type AdapterOptions,
  type Headers,
  judge,
  type Sent,
  setToken,
  signInOf,
  stripToken,
  toResponse,
  trust,
  withToken,
} from './shared'

/** A request task as luch-request hands it to `getTask` (uni's `RequestTask`), as far as the adapter uses it. */
export interface LuchTask {
  abort(): void
}

/** A luch-request config, as far as the adapter reads it. `custom.auth: false` sends a request without the session. */
export interface LuchConfig {
  url?: string
  baseURL?: string
  header?: Headers
  // biome-ignore lint/suspicious/noExplicitAny: luch-request's own `custom` is `Record<string, any>`
  custom?: Record<string, any>
  /** luch-request's way to the request's task (to abort it): called again with the replay's task. */
  // biome-ignore lint/suspicious/noExplicitAny: luch-request types the task by the request's kind
  getTask?: (task: any, options: any) => void
}

/** What luch-request resolves or rejects with: the platform's answer (or its `fail`) and the config. */
export interface LuchResponse {
  statusCode?: number
  data?: unknown
  header?: Headers
  errMsg?: string
  config?: LuchConfig
}

interface Manager {
  /** Returns the interceptor's id (luch-request's typings say `void`; its code returns the id). */
  // biome-ignore lint/suspicious/noExplicitAny: luch-request types each chain its own way
  use(onFulfilled?: (value: any) => any, onRejected?: (error: any) => any): unknown
  eject(id: number): void
  // biome-ignore lint/suspicious/noExplicitAny: luch-request's handlers, `{ fulfilled, rejected }`
  forEach?(fn: (handler: any) => void): void
}

/** A luch-request instance (`new Request()`, `uni.$u.http`), as far as the adapter uses it. */
export interface LuchRequest {
  config: LuchConfig
  interceptors: { request: Manager; response: Manager }
  middleware(config: LuchConfig): Promise<unknown>
}

/** A request whose task the app can reach (`getTask`): aborted yet, and how to end its wait for a refresh. */
interface Call {
  aborted?: boolean
  cancel?: () => void
}

/**
 * Puts the session on a luch-request instance. Call it before adding your own interceptors: its
 * request interceptor then runs last (it sees your URL and headers), its response interceptor first
 * (it sees the answer as it came). A replay goes through the instance's request interceptors (yours
 * again, this one with the new token) but not its response interceptors: the first call's chain runs
 * those, once, on the replay's answer. A request whose task you took with `getTask` and aborted while
 * it waited for the refresh ends there, unsent (rejected as luch-request rejects an aborted request).
 * Returns the function that takes the interceptors off.
 *
 * @example
 * const http = new Request({ baseURL: 'https://api.example.com' })
 * luchRequestAuth(http, auth)
 * await http.get('/me')
 * await http.get('/articles', { custom: { auth: false } }) // no token, no refresh
 */
export function luchRequestAuth(http: LuchRequest, auth: Auth, options?: AdapterOptions): () => void {
  const trusted = trust(options)
  /**
   * The token each config went out with, on the config itself under a symbol of this instance (a
   * WeakMap keyed by config cost the happy path ~5% of luch-request's own time, in the garbage
   * collector's weak-table work). It is cleared once the config is answered for good, and a config
   * that reaches the app in an error loses the token in its header too: errors are what apps log.
   */
  const SENT = Symbol('uni-session')
  type Held = LuchConfig & { [SENT]?: Sent }
  /** The requests the app can abort, by the `getTask` the adapter put in their config. */
  const calls = new WeakMap<object, Call>()
  const { request, response } = http.interceptors
  const signIn = signInOf(auth)
  /** Puts the token on `config` (the token step of the request interceptor). */
  const put = (token: string | null, config: LuchConfig, of?: Sent) => {
    if (token) {
      config.header = setToken(auth, config.header || {}, token)
      ;(config as Held)[SENT] = { token, signIn: of ? of.signIn : signIn() }
    }
    return config
  }

  /** The request interceptor; for a replay, `of` is what the first call went out with. */
  const onRequest = (config: LuchConfig, of?: Sent) => {
    if (
      (config.custom && config.custom.auth === false) ||
      !trusted(config.url || '', config.baseURL, http.config.baseURL)
    ) {
      return config
    }
    const own = config.getTask
    if (own && !calls.has(own)) {
      // The app's handle on the request is its task: an abort of it must reach the request while it
      // waits for the refresh too (the first task is done by then, and the replay's is not out yet).
      const call: Call = {}
      const getTask = (task: LuchTask, o: unknown) => {
        const abort = task.abort
        task.abort = () => {
          call.aborted = true
          if (call.cancel) call.cancel()
          abort.call(task)
        }
        own(task, o)
      }
      calls.set(getTask, call)
      config.getTask = getTask
    }
    return withToken(auth, put, config, of)
  }
  const intercept = (config: LuchConfig) => onRequest(config)
  const req = request.use(intercept)
  /** The instance's request interceptors for a replay: this one bound to the first call's sign-in. */
  const replaying = (sent: Sent) => ({
    // biome-ignore lint/suspicious/noExplicitAny: luch-request's handlers, `{ fulfilled, rejected }`
    forEach(fn: (handler: any) => void) {
      // luch-request's typings leave it out; its `middleware` calls it (src/lib/core/Request.js).
      ;(request.forEach as NonNullable<Manager['forEach']>).call(request, (h) =>
        fn(h.fulfilled === intercept ? { fulfilled: (c: LuchConfig) => onRequest(c, sent), rejected: h.rejected } : h),
      )
    },
  })

  /** Hands an answer on, replaying it once when the token it carried expired. */
  const answer = (res: LuchResponse, ok: boolean, replayed?: boolean): unknown => {
    const config = res && (res.config as Held | undefined)
    const sent = config && config[SENT]
    if (!config || !sent) return ok ? res : Promise.reject(res)
    const { token } = sent
    const renewed = judge(auth, toResponse(res), token, replayed, sent.signIn)
    if (renewed) {
      const call = (config.getTask && calls.get(config.getTask)) || {}
      // Aborted while it waited: rejected as luch-request rejects an aborted request (uni's `fail`, its config on).
      const aborted = () => ({ errMsg: 'request:fail abort', config })
      return (
        call.aborted
          ? Promise.reject(aborted())
          : Promise.race([
              renewed,
              new Promise<never>((_, reject) => {
                call.cancel = () => reject(aborted())
              }),
            ])
      )
        .then(() => {
          call.cancel = undefined
          // The instance's config and request interceptors; no response interceptors (the first call runs them).
          return http.middleware.call(
            { config: http.config, interceptors: { request: replaying(sent), response: { forEach() {} } } },
            config as LuchConfig,
          )
        })
        .then(
          (r) => answer(r as LuchResponse, true, true),
          (e) => {
            call.cancel = undefined
            return answer(e, false, true)
          },
        )
    }
    // Answered for good: the record goes (set, not deleted: a delete slows the object down), so that a
    // config the app sees later (its own interceptor rejecting a 2xx, a log) holds no token of ours.
    config[SENT] = undefined
    if (ok) return res
    stripToken(auth, config.header, token)
    return Promise.reject(res)
  }
  const res = response.use(
    (r: LuchResponse) => answer(r, true),
    (e: LuchResponse) => answer(e, false),
  )
  return () => {
    request.eject(req as number)
    response.eject(res as number)
  }
}

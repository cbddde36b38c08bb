/**
 * luch-request (and uView's `uni.$u.http`, which is one): the session on an instance's interceptors.
 * The request interceptor adds the token (trusted origins only; refreshing first within the leeway);
 * the response interceptor, on an expired answer, asks the session for a refresh of the token that
 * request used and replays it once.
 */
import type { Auth } from '../auth/session'
import { type AdapterOptions, type Headers, judge, setToken, stripToken, toResponse, trust, withToken } from './shared'

/** A luch-request config, as far as the adapter reads it. `custom.auth: false` sends a request without the session. */
export interface LuchConfig {
  url?: string
  baseURL?: string
  header?: Headers
  // biome-ignore lint/suspicious/noExplicitAny: luch-request's own `custom` is `Record<string, any>`
  custom?: Record<string, any>
}

/** What luch-request resolves or rejects with: the platform's answer (or its `fail`) and the config. */
export interface LuchResponse {
  statusCode?: number
  data?: unknown
  header?: Headers
  config?: LuchConfig
}

interface Manager {
  /** Returns the interceptor's id (luch-request's typings say `void`; its code returns the id). */
  // biome-ignore lint/suspicious/noExplicitAny: luch-request types each chain its own way
  use(onFulfilled?: (value: any) => any, onRejected?: (error: any) => any): unknown
  eject(id: number): void
}

/** A luch-request instance (`new Request()`, `uni.$u.http`), as far as the adapter uses it. */
export interface LuchRequest {
  config: LuchConfig
  interceptors: { request: Manager; response: Manager }
  middleware(config: LuchConfig): Promise<unknown>
}

/**
 * Puts the session on a luch-request instance. Call it before adding your own interceptors: its
 * request interceptor then runs last (it sees your URL and headers), its response interceptor first
 * (it sees the answer as it came). A replay goes through the instance's request interceptors (yours
 * again, this one with the new token) but not its response interceptors: the first call's chain runs
 * those, once, on the replay's answer. Returns the function that takes the interceptors off.
 *
 * @example
 * const http = new Request({ baseURL: 'https://api.example.com' })
 * luchRequestAuth(http, auth)
 * await http.get('/me')
 * await http.get('/articles', { custom: { auth: false } }) // no token, no refresh
 */
export function luchRequestAuth(http: LuchRequest, auth: Auth, options?: AdapterOptions): () => void {
  const trusted = trust(options)
  /** The token each config went out with (never on the config itself: configs end up in errors and logs). */
  const used = new WeakMap<object, string>()
  const { request, response } = http.interceptors

  const req = request.use((config: LuchConfig) => {
    if (
      (config.custom && config.custom.auth === false) ||
      !trusted(config.url || '', config.baseURL, http.config.baseURL)
    ) {
      return config
    }
    return withToken(auth, (token) => {
      if (token) {
        config.header = setToken(auth, config.header || {}, token)
        used.set(config, token)
      }
      return config
    })
  })

  /** Hands an answer on, replaying it once when the token it carried expired. */
  const answer = (res: LuchResponse, ok: boolean, replayed?: boolean): unknown => {
    const config = res && res.config
    const token = config && used.get(config)
    if (!token) return ok ? res : Promise.reject(res)
    const renewed = judge(auth, toResponse(res), token, replayed)
    if (renewed) {
      return renewed
        .then(() =>
          // The instance's config and request interceptors; no response interceptors (the first call runs them).
          http.middleware.call(
            { config: http.config, interceptors: { request, response: { forEach() {} } } },
            config as LuchConfig,
          ),
        )
        .then(
          (r) => answer(r as LuchResponse, true, true),
          (e) => answer(e, false, true),
        )
    }
    if (ok) return res
    stripToken(auth, (config as LuchConfig).header, token)
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

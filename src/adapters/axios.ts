/**
 * axios (with a uni-app adapter such as `@uni-helper/axios-adapter`): the session on an instance's
 * interceptors, as for luch-request. `session: false` in a request's config sends it without the
 * session (axios's own `auth` is HTTP Basic).
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

/** An axios request config, as far as the adapter reads it. */
export interface AxiosConfig {
  url?: string
  baseURL?: string
  headers?: Headers
  /** `false`: no token, no refresh (a public endpoint). */
  session?: boolean
}

/** An axios response, or (`response`, `config`) an `AxiosError`. */
interface Answer {
  status?: number
  data?: unknown
  headers?: Headers
  config?: AxiosConfig
  response?: Answer
}

interface Manager {
  // biome-ignore lint/suspicious/noExplicitAny: axios types each chain its own way
  use(onFulfilled?: ((value: any) => any) | null, onRejected?: ((error: any) => any) | null): number
  eject(id: number): void
  /** axios's typings leave it out; its `Axios.prototype._request` calls it (lib/core/Axios.js). */
  // biome-ignore lint/suspicious/noExplicitAny: axios's handlers, `{ fulfilled, rejected, synchronous, runWhen }`
  forEach?(fn: (handler: any) => void): void
}

/** An axios instance (`axios.create()`), as far as the adapter uses it. */
export interface AxiosLike {
  defaults: { baseURL?: string }
  interceptors: { request: Manager; response: Manager }
  // biome-ignore lint/suspicious/noExplicitAny: an AxiosInstance
  create(config?: any): AxiosLike
  request(config: AxiosConfig): Promise<unknown>
}

/**
 * Puts the session on an axios instance. Call it before adding your own interceptors (its request
 * interceptor then runs last, its response interceptor first). A replay goes through the instance's
 * request interceptors, not its response interceptors: the first call's chain runs those once, on
 * the replay's answer. Returns the function that takes the interceptors off.
 *
 * @example
 * const api = axios.create({ baseURL: 'https://api.example.com', adapter: createUniAppAxiosAdapter() })
 * axiosAuth(api, auth)
 */
export function axiosAuth(api: AxiosLike, auth: Auth, options?: AdapterOptions): () => void {
  const trusted = trust(options)
  /** The token each config went out with (never on the config: axios errors carry it, and the uni adapter spreads it into `uni.request`). */
  const used = new WeakMap<object, Sent>()
  const { request, response } = api.interceptors
  /** An instance that shares this one's request interceptors but has no response interceptors: for replays. */
  let replayer: AxiosLike | undefined
  const signIn = signInOf(auth)
  /** Puts the token on `config` (the token step of the request interceptor). */
  const put = (token: string | null, config: AxiosConfig, of?: Sent) => {
    if (token) {
      config.headers = setToken(auth, config.headers || {}, token)
      used.set(config, { token, signIn: of ? of.signIn : signIn() })
    }
    return config
  }

  /** The request interceptor; for a replay, `of` is what the first call went out with. */
  const onRequest = (config: AxiosConfig, of?: Sent) => {
    if (config.session === false || !trusted(config.url || '', config.baseURL, api.defaults.baseURL)) return config
    return withToken(auth, put, config, of)
  }
  const intercept = (config: AxiosConfig) => onRequest(config)
  const req = request.use(intercept)

  const answer = (a: Answer, ok: boolean, replayed?: boolean): unknown => {
    const config = a && a.config
    const sent = config && used.get(config)
    if (!sent) return ok ? a : Promise.reject(a)
    const { token } = sent
    const renewed = judge(auth, toResponse(ok ? a : a.response), token, replayed, sent.signIn)
    if (renewed) {
      return renewed
        .then(() => {
          if (!replayer) replayer = api.create()
          // The instance's request interceptors, this one bound to the first call's sign-in: axios reads
          // them as the call starts (`Axios.prototype._request`, before its first await).
          replayer.interceptors.request = {
            forEach: (fn) =>
              (request.forEach as NonNullable<Manager['forEach']>).call(request, (h) =>
                fn(
                  h.fulfilled === intercept
                    ? Object.assign({}, h, { fulfilled: (c: AxiosConfig) => onRequest(c, sent) })
                    : h,
                ),
              ),
          } as Manager
          return replayer.request(config as AxiosConfig)
        })
        .then(
          (r) => answer(r as Answer, true, true),
          (e) => answer(e, false, true),
        )
    }
    if (ok) return a
    stripToken(auth, (config as AxiosConfig).headers, token)
    return Promise.reject(a)
  }
  const res = response.use(
    (r: Answer) => answer(r, true),
    (e: Answer) => answer(e, false),
  )
  return () => {
    request.eject(req)
    response.eject(res)
  }
}

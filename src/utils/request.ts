/**
 * The promise requester over the platform's callback `request`, `uploadFile`
 * and `downloadFile`, with the auth path: a token only to trusted origins, one
 * refresh for any number of expired requests, a bounded queue of requests
 * waiting for it, each replayed at most once.
 */
import {
  AbortError,
  type CredentialsErrorReason,
  credentialsError as credentialsFailure,
  fail,
  HTTPError,
  isNetworkError,
  QueueFullError,
  type RequestInfo,
  type Response,
  requestFailed,
  retell,
  TimeoutError,
  UniSessionError,
} from '../auth/errors'
import { check, functionOption, numberOption } from '../auth/options'
import { type Platform, resolvePlatform, transmit } from '../auth/platform'
import type { Auth } from '../auth/session'
import { codeOf } from '../auth/tokens'

export type Params = Record<string, string | number | boolean | null | undefined | Array<string | number | boolean>>

export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number
  /** Methods that may be retried. @default ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS'] */
  methods?: string[]
  /** Statuses that are retried (network errors always are). @default [408, 429, 500, 502, 503, 504] */
  statusCodes?: number[]
  /** Longest backoff between attempts, in ms. @default 30000 */
  maxDelay?: number
  /** A `Retry-After` longer than this (ms) is not waited for: the error is thrown. @default 60000 */
  maxRetryAfter?: number
}

export interface RequestOptions {
  url: string
  /** @default 'GET' */
  method?: string
  /** The body: objects are sent as JSON by the platform. */
  data?: unknown
  /** Query parameters appended to the URL (`null` / `undefined` skipped, arrays repeated). */
  params?: Params
  header?: Record<string, string>
  /** ms for each attempt, including time spent waiting for a refresh. @default the requester's */
  timeout?: number
  /**
   * `false`: public, never carries a token nor triggers a refresh. `true`: needs
   * a session (rejects with `CredentialsError` when signed out).
   * @default a token when signed in, none otherwise
   */
  auth?: boolean
  dataType?: string
  responseType?: string
  /** @default the requester's */
  retry?: number | RetryOptions
}

export interface UploadOptions extends Omit<RequestOptions, 'url' | 'method' | 'data' | 'dataType' | 'responseType'> {
  filePath: string
  /** The form field of the file. @default 'file' */
  name?: string
  formData?: Record<string, unknown>
}

export interface DownloadOptions extends Omit<RequestOptions, 'url' | 'method' | 'data' | 'dataType' | 'responseType'> {
  filePath?: string
}

/** What a download resolves with as `data`. */
export interface Downloaded {
  tempFilePath?: string
}

/** The hooks; each takes one state object so that fields can be added later. */
export interface Hooks {
  /** Before each send: may change `request.header`. Never sees the token. */
  beforeRequest?(state: { request: RequestInfo; attempt: number }): void
  /** After each response arrives, before it is judged; may return a replacement. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only looks returns nothing
  afterResponse?(state: { request: RequestInfo; response: Response }): Response | undefined | void
  /** Before waiting `delay` ms for retry number `attempt`. */
  beforeRetry?(state: { request: RequestInfo; error: Error; attempt: number; delay: number }): void
  /** When a request finally fails, once. */
  onError?(state: { request: RequestInfo; error: Error }): void
}

export interface RequesterOptions {
  /** Joined before relative URLs; its origin is trusted with the token. @default '' */
  baseURL?: string
  /** The session; without it no request carries a token. */
  auth?: Auth
  /** @default the session's platform, else global `uni`, else global `wx` */
  platform?: Platform
  /** ms for each attempt. @default 60000 */
  timeout?: number
  /** Headers for every request. @default {} */
  header?: Record<string, string>
  /** Headers for requests to trusted origins that go out without a token (a publishable key). @default {} */
  anonymousHeader?: Record<string, string>
  /** A number (the limit) or options; `0` turns retries off. @default { limit: 2 } */
  retry?: number | RetryOptions
  /** Most requests that may wait for one refresh, the one that started it included. @default 100 */
  maxQueue?: number
  /** More origins (`https://host[:port]`) that receive the token, beside the `baseURL`'s. @default [] */
  trustedOrigins?: string[]
  /** Does this response mean "access token expired"? @default HTTP 401, or a body code in `expiredCodes` */
  isExpired?: (response: Response) => boolean
  /** Business codes (body `code` / `errCode` / `error`) that mean "expired", e.g. `[409]`. @default [] */
  expiredCodes?: unknown[]
  /** Does this response end the session? @default the session's `credentialsError` */
  credentialsError?: (response: Response) => CredentialsErrorReason | boolean | null | undefined
  hooks?: Hooks
}

/** A pending request that can be aborted, also while it waits for a refresh. */
export interface RequestPromise<T> extends Promise<Response<T>> {
  abort(): void
}

type Without<K extends string> = Omit<RequestOptions, 'url' | 'method' | K>

export interface Requester {
  <T = unknown>(options: RequestOptions): RequestPromise<T>
  get<T = unknown>(url: string, options?: Without<never>): RequestPromise<T>
  delete<T = unknown>(url: string, options?: Without<never>): RequestPromise<T>
  head<T = unknown>(url: string, options?: Without<never>): RequestPromise<T>
  options<T = unknown>(url: string, options?: Without<never>): RequestPromise<T>
  post<T = unknown>(url: string, data?: unknown, options?: Without<'data'>): RequestPromise<T>
  put<T = unknown>(url: string, data?: unknown, options?: Without<'data'>): RequestPromise<T>
  patch<T = unknown>(url: string, data?: unknown, options?: Without<'data'>): RequestPromise<T>
  upload<T = unknown>(url: string, options: UploadOptions): RequestPromise<T>
  download(url: string, options?: DownloadOptions): RequestPromise<Downloaded>
}

type Kind = 'request' | 'upload' | 'download'
/** A response's verdict: the session is over (why), the token expired (`true`), or neither. */
type Judged = CredentialsErrorReason | boolean | undefined
type AnyOptions = RequestOptions & Partial<UploadOptions>

/** A scheme and host; a backslash counts as a slash, as browsers read it. */
const ORIGIN = /^([a-z][a-z\d+.-]*:)?[/\\]{2}[^/\\?#]*/i
/**
 * The origin, lower-cased, without a default port: `https://API.test:443/x` -> `https://api.test`;
 * `''` for a relative URL. Read as browsers read it: tabs and newlines dropped, leading controls
 * and spaces too; a URL with a scheme but no `//` (`https:evil.test`) is its own, untrusted, origin.
 */
const originOf = (url: string) => {
  const u = url.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+/, '')
  const m = ORIGIN.exec(u) || /^[a-z][a-z\d+.-]*:.*/i.exec(u) || ['']
  return m[0].toLowerCase().replace(/^(https:.*):443$|^(http:.*):80$/, '$1$2')
}

/** Appends `params` to the query, before any `#hash` (`null` / `undefined` skipped, arrays repeated). */
function withParams(url: string, params?: Params): string {
  let query = ''
  for (const key in params) {
    const value = params[key]
    if (value != null) {
      for (const v of ([] as unknown[]).concat(value)) {
        query += `&${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`
      }
    }
  }
  return query ? url.replace(/^[^#]*/, (base) => `${base}${base.indexOf('?') < 0 ? '?' : '&'}${query.slice(1)}`) : url
}

/** `Retry-After` in ms (seconds or an HTTP date), if the response has one. */
function retryAfter(res: Response | undefined): number | undefined {
  const value = res && (res.header['Retry-After'] || res.header['retry-after'])
  if (!value) return undefined
  const ms = Number(value) * 1000 || Date.parse(value) - Date.now()
  return ms >= 0 ? ms : Number(value) === 0 ? 0 : undefined
}

function normalizeRetry(retry: number | RetryOptions | undefined, name: string): Required<RetryOptions> {
  const r: RetryOptions = typeof retry === 'number' ? { limit: retry } : retry || {}
  check(name, retry, typeof r === 'object', 'a number or { limit, ... }')
  return {
    limit: numberOption(`${name}.limit`, r.limit, 0, 2),
    methods: (r.methods || ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS']).map((m) => m.toUpperCase()),
    statusCodes: r.statusCodes || [408, 429, 500, 502, 503, 504],
    maxDelay: numberOption(`${name}.maxDelay`, r.maxDelay, 0, 30000),
    maxRetryAfter: numberOption(`${name}.maxRetryAfter`, r.maxRetryAfter, 0, 60000),
  }
}

/**
 * Creates a requester.
 *
 * @example
 * const request = createRequest({ baseURL: 'https://api.example.com', auth })
 * const me = await request.get<User>('/me')
 */
export function createRequest(options: RequesterOptions = {}): Requester {
  check('options', options, options && typeof options === 'object', 'an object')
  const { auth, hooks = {} } = options
  const baseURL = options.baseURL || ''
  check('baseURL', baseURL, typeof baseURL === 'string', 'a string')
  const base = baseURL.replace(/\/+$/, '')
  /** A relative URL joined to an absolute `baseURL` stays on its origin: no need to parse it. */
  const baseHasOrigin = ORIGIN.test(base)
  check('auth', auth, !auth || typeof auth.peekAccessToken === 'function', 'a session from createAuth()')
  const platform = options.platform || !auth ? resolvePlatform(options.platform) : auth.platform
  const timeout = numberOption('timeout', options.timeout, 1, 60000)
  const maxQueue = numberOption('maxQueue', options.maxQueue, 1, 100)
  check('maxQueue', maxQueue, maxQueue % 1 === 0, 'a whole number >= 1')
  const retry = normalizeRetry(options.retry, 'retry')
  const header = options.header || {}
  const anonymousHeader = options.anonymousHeader || {}
  const expiredCodes = options.expiredCodes || []
  const isExpired =
    functionOption<RequesterOptions['isExpired']>('isExpired', options.isExpired) ||
    ((res: Response) =>
      res.statusCode === 401 || (expiredCodes.length > 0 && expiredCodes.indexOf(codeOf(res.data)) >= 0))
  const ownCredentialsError = functionOption<RequesterOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const sessionOver = (res: Response): CredentialsErrorReason | undefined => {
    const r = ownCredentialsError ? ownCredentialsError(res) : auth && auth.credentialsError(res)
    return r === true ? 'refresh_token_expired' : r || undefined
  }
  const trusted = [originOf(baseURL)]
  for (const o of options.trustedOrigins || []) {
    check('trustedOrigins', o, typeof o === 'string' && ORIGIN.test(o), 'origins like "https://host"')
    trusted.push(originOf(o))
  }
  for (const name of ['beforeRequest', 'afterResponse', 'beforeRetry', 'onError'] as const) {
    functionOption(`hooks.${name}`, hooks[name])
  }
  /** Requests of this requester waiting for the session now. */
  let waiting = 0

  function call<T>(kind: Kind, opts: AnyOptions): RequestPromise<T> {
    let done = false
    /** The error came from a refresh: it is not retried. */
    let fromRefresh = false
    let deadline = 0
    /** Replayed after a refresh once already, across retries: a second expiry rejects. */
    let replayed = false
    /** Rejects what the call waits on now: a send, the session, a backoff. */
    let cancel: ((e: unknown) => void) | undefined
    let settle!: (ok: boolean, value: unknown) => void

    const api = kind === 'request' ? kind : (`${kind}File` as const)
    const url = typeof opts.url === 'string' ? opts.url : ''
    const absolute = ORIGIN.test(url)
    const joined = absolute || !baseURL ? url : `${base}/${url.replace(/^\/+/, '')}`
    const full = opts.params ? withParams(joined, opts.params) : joined
    const req: RequestInfo = {
      url: full,
      method: (opts.method || (kind === 'upload' ? 'POST' : 'GET')).toUpperCase(),
      header: Object.assign({}, header, opts.header),
      data: opts.data,
    }
    const isTrusted = (!absolute && baseHasOrigin) || trusted.indexOf(originOf(full)) >= 0
    const session = auth && opts.auth !== false && isTrusted ? auth : undefined
    const ms = opts.timeout || timeout

    const send = (token: string | null, attempt: number) => {
      if (hooks.beforeRequest) hooks.beforeRequest({ request: req, attempt })
      // Only what the call needs: a host may warn about (or choke on) a key it does not support.
      const o: Record<string, unknown> = {
        url: req.url,
        header: token
          ? Object.assign({}, req.header, (session as Auth).authHeader(token))
          : isTrusted
            ? Object.assign({}, anonymousHeader, req.header)
            : req.header,
        timeout: Math.max(1, deadline - Date.now()),
      }
      if (kind === 'upload') {
        o.filePath = opts.filePath
        o.name = opts.name || 'file'
        if (opts.formData) o.formData = opts.formData
      } else {
        if (kind === 'request') o.method = req.method
        if (req.data !== undefined) o.data = req.data
        if (opts.dataType) o.dataType = opts.dataType
        if (opts.responseType) o.responseType = opts.responseType
        if (opts.filePath) o.filePath = opts.filePath
      }
      const sent = transmit(platform, api, req, o, (c) => {
        cancel = c
      })
      const after = hooks.afterResponse
      return after ? sent.then((response) => after({ request: req, response }) || response) : sent
    }

    /** Waits, cancellable through `cancel`: for `work` within `ms` (then times out), or without `work` just `ms`. */
    const wait = <V>(ms: number, work?: Promise<V>) =>
      new Promise<V>((resolve, reject) => {
        let open = true
        const close = (then: (value: never) => void) => (value: unknown) => {
          if (open) {
            open = false
            if (work) waiting--
            clearTimeout(timer)
            cancel = undefined
            then(value as never)
          }
        }
        const timer = setTimeout(
          work ? () => close(reject)(fail(TimeoutError, 'timed out waiting for a token refresh', req)) : close(resolve),
          ms,
        )
        cancel = close(reject)
        if (work) work.then(close(resolve), close(reject))
      })

    /** Waits for the session within this request's timeout, counted against `maxQueue`. */
    const park = <V>(start: () => Promise<V>) => {
      if (waiting >= maxQueue) {
        fromRefresh = true
        return Promise.reject(
          fail(QueueFullError, `more than \`maxQueue\` (${maxQueue}) requests waiting for a token refresh`, req),
        )
      }
      waiting++
      return wait(
        Math.min(deadline - Date.now(), 2147483647),
        start().then(undefined, (e) => {
          fromRefresh = true
          throw retell(e, req)
        }),
      )
    }

    /**
     * The attempt loop. `sent`: the first attempt, already sent with `token` by the fast path in
     * `call`, to be judged here as if this loop had sent it (`judged`: the verdict on its 2xx answer).
     */
    const run = async (r: Required<RetryOptions>, token: string | null, sent?: Promise<Response>, judged?: Judged) => {
      for (let n = 0; ; n++) {
        try {
          // One attempt: a token (waiting for the session if need be), then send, replaying once after a refresh.
          if (!sent) {
            deadline = Date.now() + ms
            token = session ? session.peekAccessToken() : null
            if (session && !token && (session.isSignedIn() || session.signingIn))
              token = await park(session.getAccessToken)
            if (!token && opts.auth === true) throw credentialsFailure('not signed in', undefined, req)
          }
          for (;;) {
            // Aborted while waiting (a refresh, a backoff): nothing more goes out.
            if (done && !sent) throw fail(AbortError, 'request aborted', req)
            const out = sent || send(token, n)
            sent = undefined
            const res = await out
            if (session && token) {
              const over = judged === undefined ? sessionOver(res) || isExpired(res) : judged
              judged = undefined
              if (over) {
                const reason = over === true ? undefined : over
                const current = session.getTokens()
                if (reason && (!current || current.accessToken === token)) {
                  session.invalidate(token, reason)
                  throw credentialsFailure(`the session ended (${reason})`, reason, req, res)
                }
                if (replayed) throw credentialsFailure('token refused again after a refresh', reason, req, res)
                // Aborted before its answer was judged: no refresh for it.
                if (done) throw fail(AbortError, 'request aborted', req)
                replayed = true
                const stale: string = token
                token = (
                  await (current && current.accessToken !== stale && session.state !== 'refreshing'
                    ? // Already replaced: the new token at once, without a place in the queue.
                      session.refresh(stale)
                    : // Else one refresh serves everyone waiting.
                      park(() => session.refresh(stale)))
                ).accessToken
                continue
              }
            }
            // Settled from here, not through run's own promise: one microtask sooner.
            if (res.statusCode >= 200 && res.statusCode < 300) return settle(true, res)
            throw requestFailed(HTTPError, req, `HTTP ${res.statusCode}`, res)
          }
        } catch (error) {
          const res = (error as HTTPError).response as Response | undefined
          const after = retryAfter(res)
          if (
            done ||
            fromRefresh ||
            n >= r.limit ||
            r.methods.indexOf(req.method) < 0 ||
            !(isNetworkError(error) || (res && r.statusCodes.indexOf(res.statusCode) >= 0)) ||
            (after as number) > r.maxRetryAfter
          ) {
            throw error
          }
          const delay = after === undefined ? Math.min(r.maxDelay, 300 * 2 ** n) * (0.5 + Math.random() / 2) : after
          if (hooks.beforeRetry) hooks.beforeRetry({ request: req, error: error as Error, attempt: n + 1, delay })
          await wait(delay)
        }
      }
    }

    const promise = new Promise<Response<T>>((resolve, reject) => {
      settle = (ok, value) => {
        if (done) return
        done = true
        if (ok) return resolve(value as Response<T>)
        try {
          if (hooks.onError) hooks.onError({ request: req, error: value as Error })
        } catch {
          // a throwing hook must not leave the request unsettled
        }
        reject(value)
      }
    }) as RequestPromise<T>
    promise.abort = () => {
      if (done) return
      const e = fail(AbortError, 'request aborted', req)
      settle(false, e)
      if (cancel) cancel(e)
    }
    const bad = !url
      ? 'a request needs a `url`'
      : kind === 'upload' && typeof opts.filePath !== 'string'
        ? 'an upload needs a `filePath`'
        : typeof platform[api] !== 'function'
          ? `the platform has no \`${api}\` function`
          : !(ms >= 1)
            ? '`timeout` must be a number >= 1'
            : ''
    let r = retry
    try {
      if (bad) throw fail(UniSessionError, bad, req)
      if (opts.retry !== undefined) r = normalizeRetry(opts.retry, 'options.retry')
    } catch (e) {
      settle(false, e)
      return promise
    }
    const token = session ? session.peekAccessToken() : null
    const slow = (sent?: Promise<Response>, judged?: Judged) =>
      run(r, token, sent, judged).then(undefined, (e) => settle(false, e))
    if (token || (!session && opts.auth !== true)) {
      // The fast path: a token at hand (or none needed), sent at once; anything but a plain success
      // (a throwing hook or option too) goes to `run`, which judges it as if it had sent it.
      deadline = Date.now() + ms
      let sent: Promise<Response>
      try {
        sent = send(token, 0)
      } catch (e) {
        sent = Promise.reject(e)
      }
      sent.then(
        (res) => {
          let over: Judged
          try {
            if (res.statusCode >= 200 && res.statusCode < 300) {
              over = !!token && (sessionOver(res) || isExpired(res))
              if (!over) return settle(true, res)
            }
          } catch {
            // an option threw: `run` asks again and fails the request with its error
          }
          // Judged once: `run` takes the verdict rather than asking the options again.
          slow(sent, over)
        },
        () => slow(sent),
      )
    } else slow()
    return promise
  }

  const requester = ((opts: RequestOptions) => call('request', opts || {})) as Requester
  for (const m of ['get', 'delete', 'head', 'options'] as const) {
    const method = m.toUpperCase()
    requester[m] = (url: string, o?: Without<never>) =>
      call('request', o ? Object.assign({}, o, { url, method }) : { url, method }) as RequestPromise<never>
  }
  for (const m of ['post', 'put', 'patch'] as const) {
    const method = m.toUpperCase()
    requester[m] = (url: string, data?: unknown, o?: Without<'data'>) =>
      call('request', o ? Object.assign({}, o, { url, method, data }) : { url, method, data }) as RequestPromise<never>
  }
  requester.upload = (url, o) => call('upload', Object.assign({}, o, { url }))
  requester.download = (url, o) => call('download', Object.assign({}, o, { url }))
  return requester
}

export type { RequestInfo, Response }

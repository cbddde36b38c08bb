/**
 * The promise requester over the platform's callback `request`, `uploadFile`
 * and `downloadFile`, with the auth path: a token only to trusted origins, one
 * refresh for any number of expired requests, a bounded queue of requests
 * waiting for it, each replayed at most once.
 */
import {
  AbortError,
  CredentialsError,
  type CredentialsErrorReason,
  failError,
  HTTPError,
  isHTTPError,
  isNetworkError,
  QueueFullError,
  type RequestInfo,
  type Response,
  retell,
  TimeoutError,
  UniSessionError,
} from '../auth/errors'
import { badOption, functionOption, numberOption } from '../auth/options'
import { type Platform, type PlatformResponse, type PlatformTask, resolvePlatform } from '../auth/platform'
import type { Auth } from '../auth/session'
import { asObject, codeOf } from '../auth/tokens'

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

export interface Requester {
  <T = unknown>(options: RequestOptions): RequestPromise<T>
  get<T = unknown>(url: string, options?: Omit<RequestOptions, 'url' | 'method'>): RequestPromise<T>
  delete<T = unknown>(url: string, options?: Omit<RequestOptions, 'url' | 'method'>): RequestPromise<T>
  post<T = unknown>(url: string, data?: unknown, options?: Omit<RequestOptions, 'url' | 'method' | 'data'>): RequestPromise<T>
  put<T = unknown>(url: string, data?: unknown, options?: Omit<RequestOptions, 'url' | 'method' | 'data'>): RequestPromise<T>
  upload<T = unknown>(url: string, options: UploadOptions): RequestPromise<T>
  download(url: string, options?: DownloadOptions): RequestPromise<Downloaded>
}

type Kind = 'request' | 'upload' | 'download'

interface Call {
  kind: Kind
  req: RequestInfo
  opts: RequestOptions & Partial<UploadOptions>
  /** Send the token (and the refresh path) for this request? */
  authorized: boolean
  trusted: boolean
  timeout: number
  deadline: number
  done: boolean
  /** The error came from a refresh: it is not retried. */
  fromRefresh?: boolean
  task?: PlatformTask | undefined | void
  /** Rejects whatever the call is waiting on now: a send, a refresh, a backoff. */
  cancel?: ((error: Error) => void) | undefined
}

const ABSOLUTE = /^([a-z][a-z\d+.-]*:)?\/\//i
const originOf = (url: string) => (/^([a-z][a-z\d+.-]*:)?\/\/[^/?#]*/i.exec(url)?.[0] ?? '').toLowerCase()

function withParams(url: string, params?: Params): string {
  if (!params) return url
  let query = ''
  for (const key in params) {
    const value = params[key]
    if (value === undefined || value === null) continue
    for (const v of Array.isArray(value) ? value : [value]) {
      query += `${query ? '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`
    }
  }
  if (!query) return url
  const hash = url.indexOf('#')
  const [path, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)]
  return `${path}${path.includes('?') ? '&' : '?'}${query}${fragment}`
}

const retryAfterMs = (res: Response, now: number): number | undefined => {
  const value = res.header['Retry-After'] ?? res.header['retry-after']
  if (!value) return undefined
  const seconds = Number(value)
  if (!Number.isNaN(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function normalizeRetry(retry: number | RetryOptions | undefined, name: string): Required<RetryOptions> {
  const r = typeof retry === 'number' ? { limit: retry } : (retry ?? {})
  if (typeof r !== 'object') badOption(name, 'a number or { limit, methods, statusCodes, maxDelay }', retry)
  return {
    limit: numberOption(`${name}.limit`, r.limit, 0, 2),
    methods: (r.methods ?? ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS']).map((m) => m.toUpperCase()),
    statusCodes: r.statusCodes ?? [408, 429, 500, 502, 503, 504],
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
  if (typeof options !== 'object' || !options) badOption('options', 'an object', options)
  const { auth, hooks = {} } = options
  const baseURL = options.baseURL ?? ''
  if (typeof baseURL !== 'string') badOption('baseURL', 'a string', baseURL)
  if (auth !== undefined && !(auth && typeof auth.refresh === 'function' && typeof auth.peekAccessToken === 'function')) {
    badOption('auth', 'a session from createAuth()', auth)
  }
  const platform = options.platform ? resolvePlatform(options.platform) : (auth?.platform ?? resolvePlatform())
  const timeout = numberOption('timeout', options.timeout, 1, 60000)
  const maxQueue = numberOption('maxQueue', options.maxQueue, 1, 100)
  if (maxQueue % 1) badOption('maxQueue', 'a whole number >= 1', maxQueue)
  const retry = normalizeRetry(options.retry, 'retry')
  const header = options.header ?? {}
  const anonymousHeader = options.anonymousHeader ?? {}
  const expiredCodes = options.expiredCodes ?? []
  const isExpired =
    functionOption<RequesterOptions['isExpired']>('isExpired', options.isExpired) ??
    ((res: Response) => res.statusCode === 401 || (expiredCodes.length > 0 && expiredCodes.includes(codeOf(res.data))))
  const ownCredentialsError = functionOption<RequesterOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const credentialsError = (res: Response): CredentialsErrorReason | undefined => {
    if (!ownCredentialsError) return auth?.credentialsError(res)
    const r = ownCredentialsError(res)
    return r === true ? 'refresh_token_expired' : r || undefined
  }
  const trusted = new Set([originOf(baseURL)])
  for (const o of options.trustedOrigins ?? []) {
    if (typeof o !== 'string' || !originOf(o)) badOption('trustedOrigins', 'a list of origins like "https://host"', o)
    trusted.add(originOf(o))
  }
  for (const name of ['beforeRequest', 'afterResponse', 'beforeRetry', 'onError'] as const) {
    functionOption(`hooks.${name}`, hooks[name])
  }
  /** Requests waiting for a refresh now, across this requester. */
  let waiting = 0

  function toResponse(c: Call, res: PlatformResponse): Response {
    let data = res.data
    if (c.kind === 'upload' && typeof data === 'string') data = asObject(data) ?? data
    if (c.kind === 'download') data = { tempFilePath: res.tempFilePath }
    return { statusCode: res.statusCode, data, header: res.header ?? {} }
  }

  function send(c: Call, token: string | null, attempt: number): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const { req, opts } = c
      hooks.beforeRequest?.({ request: req, attempt })
      const h = token
        ? { ...req.header, ...auth?.authHeader(token) }
        : c.trusted
          ? { ...anonymousHeader, ...req.header }
          : req.header
      c.cancel = reject
      const common = {
        url: req.url,
        header: h,
        timeout: Math.max(1, c.deadline - Date.now()),
        success: (res: PlatformResponse) => {
          c.task = c.cancel = undefined
          const response = toResponse(c, res)
          resolve(hooks.afterResponse?.({ request: req, response }) || response)
        },
        fail: (err: { errMsg: string }) => {
          c.task = c.cancel = undefined
          reject(failError(err, req))
        },
      }
      if (c.kind === 'request') {
        c.task = platform.request({
          ...common,
          method: req.method,
          data: req.data,
          dataType: opts.dataType,
          responseType: opts.responseType,
        })
      } else if (c.kind === 'upload') {
        c.task = platform.uploadFile?.({
          ...common,
          filePath: opts.filePath as string,
          name: opts.name ?? 'file',
          formData: opts.formData,
        })
      } else {
        c.task = platform.downloadFile?.({ ...common, filePath: opts.filePath })
      }
    })
  }

  /** Waits for the session (a refresh) within the request's own timeout, counted against `maxQueue`. */
  function park<T>(c: Call, start: () => Promise<T>): Promise<T> {
    if (waiting >= maxQueue) {
      c.fromRefresh = true
      return Promise.reject(
        new QueueFullError(
          `uni-session: more than ${maxQueue} requests are waiting for a token refresh (raise \`maxQueue\`)`,
          c.req,
        ),
      )
    }
    waiting++
    return new Promise<T>((resolve, reject) => {
      let open = true
      const close = () => {
        if (!open) return false
        open = false
        waiting--
        clearTimeout(timer)
        c.cancel = undefined
        return true
      }
      const timer = setTimeout(
        () => close() && reject(new TimeoutError('uni-session: timed out waiting for a token refresh', c.req)),
        Math.max(0, c.deadline - Date.now()),
      )
      c.cancel = (e) => close() && reject(e)
      start().then(
        (v) => close() && resolve(v),
        (e) => {
          if (!close()) return
          c.fromRefresh = true
          reject(retell(e, c.req))
        },
      )
    })
  }

  async function attemptOnce(c: Call, attempt: number): Promise<Response> {
    c.deadline = Date.now() + c.timeout
    const session = c.authorized ? auth : undefined
    let token: string | null = null
    let replayed = false
    if (session) {
      token = session.peekAccessToken()
      if (!token && session.isSignedIn()) token = await park(c, session.getAccessToken)
      if (!token && c.opts.auth === true) {
        throw new CredentialsError('uni-session: this request needs a session and there is none', c.req)
      }
    }
    for (;;) {
      const res = await send(c, token, attempt)
      if (session && token) {
        const reason = credentialsError(res)
        if (reason) {
          const current = session.getTokens()?.accessToken
          if (!replayed && current && current !== token) {
            // A late answer for a token that has since been replaced: try the new one.
            replayed = true
            token = current
            continue
          }
          session.invalidate(token, reason)
          const e = new CredentialsError(`uni-session: the session ended (${reason})`, c.req, res)
          e.reason = reason
          throw e
        }
        if (isExpired(res)) {
          if (replayed) {
            throw new CredentialsError('uni-session: the token was still refused after a refresh', c.req, res)
          }
          replayed = true
          const stale = token
          token = (await park(c, () => session.refresh(stale))).accessToken
          continue
        }
      }
      if (res.statusCode >= 200 && res.statusCode < 300) return res
      throw new HTTPError(`uni-session: ${c.req.method} ${c.req.url.replace(/\?.*/, '')} answered HTTP ${res.statusCode}`, c.req, res)
    }
  }

  function pause(c: Call, ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        c.cancel = undefined
        resolve()
      }, ms)
      c.cancel = (e) => {
        clearTimeout(timer)
        reject(e)
      }
    })
  }

  async function run(c: Call): Promise<Response> {
    const r = c.opts.retry === undefined ? retry : normalizeRetry(c.opts.retry, 'options.retry')
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce(c, attempt)
      } catch (error) {
        const status = isHTTPError(error) ? error.response?.statusCode : undefined
        const retriable =
          !c.done &&
          !c.fromRefresh &&
          attempt < r.limit &&
          r.methods.includes(c.req.method) &&
          (isNetworkError(error) || (status !== undefined && r.statusCodes.includes(status)))
        if (!retriable) throw error
        const after = isHTTPError(error) && error.response ? retryAfterMs(error.response as Response, Date.now()) : undefined
        if (after !== undefined && after > r.maxRetryAfter) throw error
        const delay = after ?? Math.min(r.maxDelay, 300 * 2 ** attempt) * (0.5 + Math.random() / 2)
        hooks.beforeRetry?.({ request: c.req, error: error as Error, attempt: attempt + 1, delay })
        await pause(c, delay)
      }
    }
  }

  function call<T>(kind: Kind, opts: RequestOptions & Partial<UploadOptions>): RequestPromise<T> {
    let settle!: (ok: boolean, value: unknown) => void
    const promise = new Promise<Response<T>>((resolve, reject) => {
      settle = (ok, value) => {
        if (c.done) return
        c.done = true
        if (ok) return resolve(value as Response<T>)
        try {
          hooks.onError?.({ request: c.req, error: value as Error })
        } catch {
          // a throwing hook must not leave the request unsettled
        }
        reject(value)
      }
    }) as RequestPromise<T>
    const method = (opts?.method ?? (kind === 'upload' ? 'POST' : 'GET')).toUpperCase()
    const url = opts && typeof opts.url === 'string' ? opts.url : ''
    const full = withParams(ABSOLUTE.test(url) || !baseURL ? url : `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`, opts?.params)
    const origin = originOf(full)
    const c: Call = {
      kind,
      req: { url: full, method, header: { ...header, ...opts?.header }, data: opts?.data },
      opts,
      trusted: trusted.has(origin),
      authorized: !!auth && opts?.auth !== false && trusted.has(origin),
      timeout: opts?.timeout ?? timeout,
      deadline: 0,
      done: false,
    }
    promise.abort = () => {
      if (c.done) return
      const e = new AbortError('uni-session: the request was aborted', c.req)
      const { task, cancel } = c
      settle(false, e)
      cancel?.(e)
      task?.abort()
    }
    const bad = !url
      ? 'a request needs a `url`'
      : kind === 'upload' && typeof opts.filePath !== 'string'
        ? 'an upload needs a `filePath`'
        : kind !== 'request' && typeof platform[kind === 'upload' ? 'uploadFile' : 'downloadFile'] !== 'function'
          ? `the platform has no \`${kind}File\` function`
          : typeof c.timeout !== 'number' || !(c.timeout >= 1)
            ? '`timeout` must be a number >= 1'
            : undefined
    if (bad) {
      settle(false, new UniSessionError(`uni-session: ${bad}`, c.req))
    } else {
      run(c).then(
        (res) => settle(true, res),
        (e) => settle(false, e),
      )
    }
    return promise
  }

  const requester = (<T>(opts: RequestOptions) => call<T>('request', opts)) as Requester
  requester.get = (url, o) => call('request', { ...o, url, method: 'GET' })
  requester.delete = (url, o) => call('request', { ...o, url, method: 'DELETE' })
  requester.post = (url, data, o) => call('request', { ...o, url, method: 'POST', data })
  requester.put = (url, data, o) => call('request', { ...o, url, method: 'PUT', data })
  requester.upload = (url, o) => call('upload', { ...o, url })
  requester.download = (url, o) => call('download', { ...o, url })
  return requester
}

export type { RequestInfo, Response }

/** The requester's public types: its options, the request options, the hooks and the promise it returns. */
import type { CredentialsErrorReason, RequestInfo, Response } from '../../auth/errors'
import type { Platform } from '../../auth/platform'
import type { Auth } from '../../auth/session'

type ParamValue = string | number | boolean | null | undefined | Array<string | number | boolean>
/** Query parameters; a nested object goes as `key[sub]=…` (RuoYi's `params[beginTime]`). */
export interface Params {
  [key: string]: ParamValue | Params
}

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
  /** Query parameters appended to the URL (`null` / `undefined` skipped, arrays repeated, objects as `key[sub]`). */
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

/**
 * One step of a request's life, for timelines and logs (`hooks.onLifecycle`). `id` numbers the
 * requests of a requester; `at` is `Date.now()`. Never holds a token: `generation` says which of the
 * session's tokens a send carried (0: the sign-in's own, one more per refresh; absent: none).
 */
export type LifecycleEvent = { id: number; request: RequestInfo; at: number } & (
  | { type: 'send'; attempt: number; replay: boolean; generation?: number }
  | {
      type: 'response'
      statusCode: number
      /** What the answer meant: a success, a failure, an expired token, or why the session is over. */
      verdict: 'ok' | 'failed' | 'expired' | CredentialsErrorReason
    }
  /** Parked until the session answers: a refresh, or a silent sign-in, under way (`for`). */
  | { type: 'wait'; for: 'refresh' | 'sign_in' }
  | { type: 'retry'; attempt: number; delay: number; error: Error }
  | { type: 'settle'; ok: true; statusCode: number }
  | { type: 'settle'; ok: false; error: Error }
)

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
  /** Every step of every request: sent, answered, waiting for the session, retried, settled. A throw is ignored. */
  onLifecycle?(event: LifecycleEvent): void
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
  /**
   * Most platform calls in flight at once, as the host allows: mini programs run at most 10 and queue
   * the rest inside the host, where the wait eats each call's timeout and a refresh waits behind app
   * requests. The requester queues them itself instead (the wait not counted against a request's
   * timeout), keeping one slot free for the session's refresh call. A queued request never goes out
   * with a token an answer has just refused or a refresh replaces, nor one of a session that is over.
   * `Infinity`: no limit.
   * @default the platform's `maxConcurrent`: 10 in a mini program, unlimited in H5 and App
   */
  maxConcurrent?: number
  /** More origins (`https://host[:port]`) that receive the token, beside the `baseURL`'s. @default [] */
  trustedOrigins?: string[]
  /**
   * Does this response mean "access token expired"?
   * @default the session's `isExpired` (HTTP 401, or a body code in its `expiredCodes`)
   */
  isExpired?: (response: Response) => boolean
  /** Business codes (body `code` / `errCode` / `error`) that mean "expired", beside HTTP 401. @default the session's */
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

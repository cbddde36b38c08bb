/**
 * What the adapters share: a host's `fail` object read as a `PlatformFailure` (or as the response it
 * carries), host promises kept quiet, and a platform over a `wx`-shaped host object.
 */
import type {
  HttpMethod,
  ModalOptions,
  NavigateOptions,
  Platform,
  PlatformDownloadOptions,
  PlatformFailure,
  PlatformLoginResult,
  PlatformPage,
  PlatformRequestOptions,
  PlatformUploadOptions,
} from '../auth/platform'

/** Options every adapter takes. */
export interface AdapterOptions {
  /**
   * The page stack. The host object has none (it is a global of the mini program); without it the
   * core uses the global `getCurrentPages`.
   */
  getCurrentPages?(): PlatformPage[]
}

/**
 * A host's `fail` argument: `{ errMsg }` on `wx`-shaped hosts, `{ error, errorMessage }` on Alipay,
 * where an HTTP error (error 19) also carries `status`, `data` and `headers`.
 */
export interface HostFailure {
  errMsg?: string
  error?: number | string
  errorMessage?: string
  status?: number
  statusCode?: number
  data?: unknown
  headers?: Record<string, string>
  header?: Record<string, string>
}

/**
 * `err` as the core reads a `fail`: `errMsg` as `<api>:fail <why>` (a timeout says "timeout", which
 * the core tells apart), and an HTTP status with its response when the host put one there.
 */
export function failure(api: string, err: HostFailure | undefined): PlatformFailure {
  const e = err || {}
  const why = String(e.errorMessage || e.error || '')
  const out: PlatformFailure = {
    errMsg: e.errMsg || `${api}:fail ${/超时|time/i.test(why) ? 'timeout ' : ''}${why}`.trim(),
  }
  const status = e.statusCode || e.status
  if ((status as number) > 0) {
    out.statusCode = status
    out.data = e.data
    out.header = e.header || e.headers || {}
  }
  return out
}

/**
 * The host's result, with a rejection handler on it when it is a promise: some hosts (Taro) return
 * a promise that rejects on `fail` even when callbacks were given, which nobody else would catch.
 */
export function quiet<T>(result: T): T {
  const then = result && (result as { then?: unknown }).then
  if (typeof then === 'function') then.call(result, undefined, () => undefined)
  return result
}

/** `wx`-shaped options for the transfer APIs: the core's, with the host's methods and `fail`. */
type Transfer<O, M> = Omit<O, 'method' | 'fail'> & { method?: M; fail?(err: HostFailure): void }

/** The request body: as the core hands it, or narrower where a host's typings are (Douyin: no string). */
type Body = PlatformRequestOptions['data']

/**
 * A host object shaped like `wx` (Douyin's `tt`, Baidu's `swan`, QQ's `qq`, Taro's `Taro`) whose
 * `request` accepts the methods `M`: the members an adapter calls through, each optional except
 * `request` and storage.
 */
export interface WxHost<M extends HttpMethod = HttpMethod, D extends Body = Body> {
  request(options: Transfer<Omit<PlatformRequestOptions, 'data'>, M> & { data?: D }): unknown
  /** Form fields as strings: Douyin's typings take nothing else. */
  uploadFile?(options: Transfer<PlatformUploadOptions, M> & { formData?: Record<string, string> }): unknown
  downloadFile?(options: Transfer<PlatformDownloadOptions, M>): unknown
  getStorageSync(key: string): unknown
  setStorageSync(key: string, value: unknown): unknown
  removeStorageSync(key: string): unknown
  showModal?(options: ModalOptions): unknown
  navigateTo?(options: NavigateOptions): unknown
  redirectTo?(options: NavigateOptions): unknown
  reLaunch?(options: NavigateOptions): unknown
  switchTab?(options: NavigateOptions): unknown
  navigateBack?(options: { delta?: number; success?(res: unknown): void; fail?(err: unknown): void }): unknown
  onAppShow?(listener: () => void): unknown
  onAppHide?(listener: () => void): unknown
  /** `language` is read when there is one (Douyin's has none). */
  getAppBaseInfo?(): object
  getSystemInfoSync?(): object
  /** Taro has it; on the mini program hosts it is a global (see {@link AdapterOptions}). */
  getCurrentPages?(): PlatformPage[]
  login?(options: { success?(res: PlatformLoginResult): void; fail?(err: HostFailure): void }): unknown
}

type Member = keyof WxHost

/** Called through with their arguments as they are. */
const PLAIN: Member[] = [
  'getStorageSync',
  'setStorageSync',
  'removeStorageSync',
  'showModal',
  'navigateTo',
  'redirectTo',
  'reLaunch',
  'switchTab',
  'navigateBack',
  'onAppShow',
  'onAppHide',
  'getAppBaseInfo',
  'getSystemInfoSync',
  'getCurrentPages',
  'login',
]

/** Called through with `fail` read by {@link failure}. */
const TRANSFERS = ['request', 'uploadFile', 'downloadFile'] as const

/**
 * A platform over a `wx`-shaped host: every member the host has is called through at call time
 * (so a later change to the host object is seen), `methods` says what `request` accepts.
 */
export function wxLike<M extends HttpMethod, D extends Body>(
  host: WxHost<M, D>,
  methods: readonly M[] | undefined,
  options?: AdapterOptions,
): Platform {
  // biome-ignore lint/suspicious/noExplicitAny: members are copied by name; each keeps the host's own signature
  const platform: Record<string, any> = {}
  if (methods) platform.methods = methods
  for (const name of PLAIN) {
    if (typeof host[name] === 'function') {
      // biome-ignore lint/suspicious/noExplicitAny: see above
      platform[name] = (a: any, b: any) => quiet((host[name] as any)(a, b))
    }
  }
  for (const name of TRANSFERS) {
    if (typeof host[name] === 'function') {
      platform[name] = (o: { fail?(err: PlatformFailure): void }) =>
        quiet(
          (host[name] as (o: object) => unknown)(
            Object.assign({}, o, { fail: (err: HostFailure) => o.fail && o.fail(failure(name, err)) }),
          ),
        )
    }
  }
  if (options && options.getCurrentPages) platform.getCurrentPages = options.getCurrentPages
  return platform as Platform
}

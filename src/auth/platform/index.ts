/**
 * The one place that touches the `uni` / `wx` globals. Everything else in the
 * core receives a {@link Platform} object and never reaches for a global.
 */
import { failError, type RequestInfo, type Response, requestFailed, TimeoutError } from '../errors'
import { slash } from '../routes'
import { asObject } from '../tokens'
import { DEV, MAY_BE_ALIPAY, MAY_BE_H5, MAY_BE_MP, MP_BUILD, MP_HOST } from './build'

/** What `request`, `uploadFile` and `downloadFile` report on success. */
export interface PlatformResponse {
  statusCode: number
  data?: unknown
  header?: Record<string, string>
  /** `downloadFile` only. */
  tempFilePath?: string
}

/**
 * What the platform reports through `fail`: the request did not complete, unless it carries an
 * HTTP status (uni's Alipay layer reports 4xx/5xx through `fail`, the response mapped on).
 */
export interface PlatformFailure {
  errMsg: string
  statusCode?: number
  data?: unknown
  header?: Record<string, string>
}

/** The task object the callback APIs return. */
export interface PlatformTask {
  abort(): void
}

/** Optional, as in the official typings: the module always passes both. */
interface Callbacks {
  success?(res: PlatformResponse): void
  fail?(err: PlatformFailure): void
}

/**
 * The methods `request` options are typed with: WeChat's and uni-app's lists, which have no PATCH.
 * (Adding PATCH here would make `wx` and `uni`, as their official typings describe them, no longer
 * platforms.) A platform whose host has PATCH says so in its `methods`; the core then hands it PATCH.
 */
export type PlatformMethod = 'OPTIONS' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'TRACE' | 'CONNECT'

/** Every method some host's `request` accepts: WeChat's list and PATCH (Douyin, uni-app H5). */
export type HttpMethod = PlatformMethod | 'PATCH'

/** Typed so that `wx` and `uni`, as their official typings describe them, are platforms. */
export interface PlatformRequestOptions extends Callbacks {
  url: string
  method?: PlatformMethod
  header?: Record<string, string>
  data?: string | Record<string, unknown> | ArrayBuffer
  timeout?: number
  dataType?: 'json' | '其他'
  responseType?: 'text' | 'arraybuffer'
}

export interface PlatformUploadOptions extends Callbacks {
  url: string
  header: Record<string, string>
  filePath: string
  name: string
  formData?: Record<string, unknown>
  timeout?: number
}

export interface PlatformDownloadOptions extends Callbacks {
  url: string
  header: Record<string, string>
  timeout?: number
  filePath?: string
}

export interface ModalOptions {
  title?: string
  content?: string
  showCancel?: boolean
  confirmText?: string
  cancelText?: string
  success?(res: { confirm: boolean; cancel: boolean }): void
  fail?(err: PlatformFailure): void
}

export interface NavigateOptions {
  url: string
  success?(res: unknown): void
  fail?(err: PlatformFailure): void
  complete?(res: unknown): void
}

/** What `login` gives: a code, or (Douyin, a user not logged in to the host app) only an `anonymousCode`. */
export interface PlatformLoginResult {
  /** `''` when the host gave none. */
  code: string
  /** Douyin: identifies the device when there is no `code` (single use, 5 minutes). */
  anonymousCode?: string
}

/** A page as `getCurrentPages()` lists it. */
export interface PlatformPage {
  route?: string
  options?: Record<string, string | undefined>
}

/**
 * The callback API shared by `uni`, `wx` and test platforms. Only `request`
 * and the three storage calls are required by the core; the rest are used by
 * the login journey and by uploads and downloads when present.
 */
export interface Platform {
  request(options: PlatformRequestOptions): PlatformTask | undefined
  /**
   * The methods `request` accepts. When present, a request with any other method is refused with a
   * `UniSessionError` before anything is sent (a host that lacks PATCH might otherwise fail
   * obscurely or send a GET). Absent: every method is handed to `request` as it is.
   */
  methods?: readonly HttpMethod[]
  uploadFile?(options: PlatformUploadOptions): PlatformTask | undefined
  downloadFile?(options: PlatformDownloadOptions): PlatformTask | undefined
  getStorageSync(key: string): unknown
  setStorageSync(key: string, value: unknown): void
  removeStorageSync(key: string): void
  showModal?(options: ModalOptions): void
  /** The navigation calls return what the platform returns (WeChat and uni: a promise when called without callbacks). */
  navigateTo?(options: NavigateOptions): unknown
  redirectTo?(options: NavigateOptions): unknown
  reLaunch?(options: NavigateOptions): unknown
  switchTab?(options: NavigateOptions): unknown
  navigateBack?(options?: { delta?: number; success?(res: unknown): void; fail?(err: PlatformFailure): void }): unknown
  getCurrentPages?(): PlatformPage[]
  onAppShow?(listener: () => void): void
  onAppHide?(listener: () => void): void
  /** uni-app: navigation interceptors (`invoke` returning `false` cancels the call). */
  addInterceptor?(name: string, interceptor: { invoke?(args: { url?: string }): boolean | undefined }): void
  /** uni-app: the app's locale, e.g. `'zh-Hans'` or `'en'`. */
  getLocale?(): string
  /** WeChat: `language` is the WeChat language, e.g. `'zh_CN'` or `'en'`. */
  getAppBaseInfo?(): { language?: string }
  getSystemInfoSync?(): { language?: string }
  /** `uni.login` / `wx.login`: a code for the server's code-to-session exchange. */
  login?(options: { success?(res: PlatformLoginResult): void; fail?(err: PlatformFailure): void }): void
  /**
   * Runs `task` while holding a lock shared by every tab of the app (H5: Web Locks), so that two
   * tabs never refresh the same token. Absent where there is one JS context (mini programs).
   */
  lock?<T>(name: string, task: () => Promise<T>): Promise<T>
  /**
   * Most network calls the host runs at once (it queues the rest): the requester's default
   * `maxConcurrent`. @default 10 in a mini program, unlimited in H5 and App (see `hostLimit`)
   */
  maxConcurrent?: number
}

declare const uni: Required<Platform>
declare const wx: unknown
declare const navigator: { locks?: { request<T>(name: string, task: () => Promise<T>): Promise<T> } } | undefined

/**
 * The `uni` API as a platform. Every call is a plain `uni.x(...)` member expression on purpose:
 * uni-app's H5 build links each one to its API and leaves the global `uni` an empty object, so
 * the object itself cannot be passed around.
 */
function fromUni(): Platform {
  // Web Locks: H5 only (a mini program or App build drops the cross-tab lock).
  const locks = MAY_BE_H5 && typeof navigator === 'object' && navigator && navigator.locks
  return {
    request: (o) => uni.request(o),
    uploadFile: (o) => uni.uploadFile(o),
    downloadFile: (o) => uni.downloadFile(o),
    getStorageSync: (key) => uni.getStorageSync(key),
    setStorageSync: (key, value) => uni.setStorageSync(key, value),
    removeStorageSync: (key) => uni.removeStorageSync(key),
    showModal: (o) => uni.showModal(o),
    navigateTo: (o) => uni.navigateTo(o),
    redirectTo: (o) => uni.redirectTo(o),
    reLaunch: (o) => uni.reLaunch(o),
    switchTab: (o) => uni.switchTab(o),
    navigateBack: (o) => uni.navigateBack(o),
    addInterceptor: typeof uni.addInterceptor === 'function' ? (name, i) => uni.addInterceptor(name, i) : undefined,
    onAppShow: typeof uni.onAppShow === 'function' ? (l) => uni.onAppShow(l) : undefined,
    onAppHide: typeof uni.onAppHide === 'function' ? (l) => uni.onAppHide(l) : undefined,
    getLocale: typeof uni.getLocale === 'function' ? () => uni.getLocale() : undefined,
    getSystemInfoSync: typeof uni.getSystemInfoSync === 'function' ? () => uni.getSystemInfoSync() : undefined,
    login: typeof uni.login === 'function' ? (o) => uni.login(o) : undefined,
    lock: locks ? (name, task) => locks.request(name, task) : undefined,
  }
}

const REQUIRED = ['request', 'getStorageSync', 'setStorageSync', 'removeStorageSync'] as const

/**
 * The platform to use: the one given, else global `uni`, else global `wx`.
 * Throws, naming the method, when the object lacks one the core needs.
 */
export function resolvePlatform(given?: Platform): Platform {
  const platform = (
    given != null
      ? given
      : typeof uni === 'object' && uni && typeof uni.request === 'function'
        ? // A mini program build's `uni` is a real object (a proxy over the host's API): itself the platform.
          MP_BUILD
          ? uni
          : fromUni()
        : typeof wx === 'object' && wx
          ? wx
          : undefined
  ) as Platform | undefined
  if (!platform) {
    throw new TypeError(DEV ? 'uni-session: no `uni` or `wx`: pass `platform`' : 'uni-session: bad `platform`')
  }
  for (const name of REQUIRED) {
    if (typeof platform[name] !== 'function') {
      throw new TypeError(DEV ? `uni-session: the platform has no \`${name}\` function` : 'uni-session: bad `platform`')
    }
  }
  return platform
}

declare const document: unknown
declare const my: unknown
declare const tt: unknown
declare const swan: unknown
declare const qq: unknown
declare const has: unknown
declare const ks: unknown
declare const jd: unknown
declare const xhs: unknown

/**
 * How many network calls the host runs at once: the platform's own `maxConcurrent`, else 10 in a
 * mini program (WeChat, Alipay, Douyin, Baidu and QQ all document 10), else unlimited (H5 has a DOM).
 */
export function hostLimit(platform: Platform): number {
  if (platform.maxConcurrent) return platform.maxConcurrent
  if (!MAY_BE_MP) return Infinity
  return MP_BUILD || (typeof document !== 'object' && loginProvider()) ? 10 : Infinity
}

declare const getCurrentPages: (() => PlatformPage[]) | undefined

/**
 * The page stack: the platform's own `getCurrentPages`, else the global one. A mini program build asks
 * the host's global first: its platform is uni's proxy, which hands any name the host object has to
 * the host, promisified (a host `wx.getCurrentPages`, as a test runtime may have, would answer a promise).
 */
export function currentPages(platform: Platform): PlatformPage[] {
  const global = typeof getCurrentPages === 'function' ? getCurrentPages : undefined
  const fn = (MP_BUILD && global) || platform.getCurrentPages || global
  return fn ? fn() : []
}

type AppConfig = { pages?: string[]; tabBar?: { list?: Array<{ pagePath: string }> } } | undefined
declare const __wxConfig: AppConfig
declare const __qqConfig: AppConfig
declare const __uniRoutes: Array<{ path: string; alias?: string; meta?: { isTabBar?: boolean } }> | undefined

/**
 * The app's pages and tabBar pages as the host tells them (the journey adds the leading slash):
 * WeChat's `__wxConfig` (also what a compiled uni-app runs under), QQ's `__qqConfig`, uni-app H5's
 * `__uniRoutes`. Alipay, Douyin and Baidu tell none reliably (their IDEs have globals that phones
 * lack): undefined there, and the app passes `pages` / `tabBarPages`.
 */
export function appPages(): { pages: string[]; tabBar: string[] } | undefined {
  const config =
    MAY_BE_MP && ((typeof __wxConfig === 'object' && __wxConfig) || (typeof __qqConfig === 'object' && __qqConfig))
  if (config && config.pages) {
    return { pages: config.pages, tabBar: ((config.tabBar && config.tabBar.list) || []).map((t) => t.pagePath) }
  }
  if (MP_BUILD) return undefined
  const routes = typeof __uniRoutes === 'object' && __uniRoutes
  const path = (r: NonNullable<typeof __uniRoutes>[number]) => r.alias || r.path
  return routes
    ? {
        pages: routes.map(path).filter((r) => slash(r) !== '/'),
        tabBar: routes.filter((r) => r.meta && r.meta.isTabBar).map(path),
      }
    : undefined
}

/** A mini program host, as uni-app names its login provider. */
export type LoginProvider = 'weixin' | 'alipay' | 'toutiao' | 'baidu' | 'qq' | 'huawei' | 'kuaishou' | 'jd' | 'xhs'

/** The host the app runs on, by its global (Baidu and QQ first: they may define a `wx` too); undefined off mini programs. */
export const loginProvider = (): LoginProvider | undefined =>
  MP_HOST
    ? MP_HOST
    : !MAY_BE_MP
      ? undefined
      : typeof swan === 'object'
        ? 'baidu'
        : // HarmonyOS atomic services, Kuaishou, JD, Xiaohongshu: uni-mp-<host>'s getProvider names (issue 24).
          typeof has === 'object'
          ? 'huawei'
          : typeof ks === 'object'
            ? 'kuaishou'
            : typeof jd === 'object'
              ? 'jd'
              : typeof xhs === 'object'
                ? 'xhs'
                : typeof my === 'object'
                  ? 'alipay'
                  : typeof tt === 'object'
                    ? 'toutiao'
                    : typeof qq === 'object'
                      ? 'qq'
                      : typeof wx === 'object'
                        ? 'weixin'
                        : undefined

/** `'en'` when the app (uni-app) or WeChat speaks English, else `'zh'`. */
export function appLocale(platform: Platform): string {
  let locale = ''
  try {
    const info = platform.getAppBaseInfo
      ? platform.getAppBaseInfo()
      : platform.getSystemInfoSync
        ? platform.getSystemInfoSync()
        : {}
    locale = (platform.getLocale && platform.getLocale()) || info.language || ''
  } catch {
    // some runtimes throw outside a page; the default is Chinese
  }
  return /^en/i.test(locale) ? 'en' : 'zh'
}

/**
 * One call of `request`, `uploadFile` or `downloadFile` with `options` (url, method, the header
 * actually sent, timeout, upload fields...; the object is handed to the platform, callbacks added).
 * Settles with `{ statusCode, data, header }` (an upload's JSON text parsed, a download's `data` its
 * `{ tempFilePath }`) or with the error of a `fail`, told about `request`. A `fail` that carries an
 * HTTP status is a response all the same: uni's Alipay layer hands 4xx/5xx to `fail`. A watchdog
 * settles the call a second after its `timeout` even if the platform never calls back. `hold` gets
 * a `cancel` (settles the call with its error and aborts the task) while the call is out, and no
 * `cancel` once it has settled (with the response, if there is one, before the promise has it).
 */
export function transmit(
  platform: Platform,
  api: 'request' | 'uploadFile' | 'downloadFile',
  request: RequestInfo,
  options: Record<string, unknown>,
  hold?: (cancel?: (e: unknown) => void, response?: Response) => void,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    let out = true
    let watchdog: ReturnType<typeof setTimeout> | undefined
    /** Settles once: with the response, or with `error`. */
    const done = (res?: PlatformResponse, error?: unknown) => {
      if (!out) return
      out = false
      clearTimeout(watchdog)
      if (!res) {
        if (hold) hold()
        return reject(error)
      }
      const data = res.data
      const response: Response = {
        statusCode: res.statusCode,
        data:
          api === 'downloadFile'
            ? { tempFilePath: res.tempFilePath }
            : api === 'uploadFile' && typeof data === 'string'
              ? asObject(data) || data
              : data,
        header: res.header || {},
      }
      if (hold) hold(undefined, response)
      resolve(response)
    }
    // One options object serves all three calls: each platform API ignores what it does not use.
    options.success = done
    /** Why the call is being cancelled: a `fail` the abort brings settles with it. */
    let cancelled: unknown
    options.fail = (err: PlatformFailure) =>
      cancelled !== undefined
        ? done(undefined, cancelled)
        : // Only uni's Alipay layer answers HTTP through `fail` (another build drops the check).
          MAY_BE_ALIPAY && err && (err.statusCode as number) > 0
          ? done(err as PlatformResponse)
          : done(undefined, failError(err, request))
    let task: PlatformTask | undefined
    try {
      task = (platform[api] as Platform['request'])(options as never)
    } catch (e) {
      done(undefined, e)
    }
    if (out) {
      /** Stops the call: it settles with `e` and the platform's task is aborted. */
      const cancel = (e: unknown) => {
        if (!out) return
        // The task first: the host's slot is free before `hold` hands this call's slot on.
        cancelled = e
        try {
          if (task) task.abort()
        } finally {
          done(undefined, e)
        }
      }
      watchdog = setTimeout(
        () => cancel(requestFailed(TimeoutError, request, 'timed out')),
        Math.min((options.timeout as number) + 1000, 2147483647),
      )
      if (hold) hold(cancel)
    }
  })
}

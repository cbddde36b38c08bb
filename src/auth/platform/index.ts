/**
 * The one place that touches the `uni` / `wx` globals. Everything else in the
 * core receives a {@link Platform} object and never reaches for a global.
 */

/** What `request`, `uploadFile` and `downloadFile` report on success. */
export interface PlatformResponse {
  statusCode: number
  data?: unknown
  header?: Record<string, string>
  /** `downloadFile` only. */
  tempFilePath?: string
}

/** What the platform reports through `fail`: the request did not complete. */
export interface PlatformFailure {
  errMsg: string
}

/** The task object the callback APIs return. */
export interface PlatformTask {
  abort(): void
}

interface Callbacks {
  success(res: PlatformResponse): void
  fail(err: PlatformFailure): void
}

export interface PlatformRequestOptions extends Callbacks {
  url: string
  method: string
  header: Record<string, string>
  data?: unknown
  timeout?: number
  dataType?: string
  responseType?: string
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
  uploadFile?(options: PlatformUploadOptions): PlatformTask | undefined
  downloadFile?(options: PlatformDownloadOptions): PlatformTask | undefined
  getStorageSync(key: string): unknown
  setStorageSync(key: string, value: unknown): void
  removeStorageSync(key: string): void
  showModal?(options: ModalOptions): void
  navigateTo?(options: NavigateOptions): void
  redirectTo?(options: NavigateOptions): void
  reLaunch?(options: NavigateOptions): void
  switchTab?(options: NavigateOptions): void
  navigateBack?(options?: { delta?: number; success?(res: unknown): void; fail?(err: PlatformFailure): void }): void
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
  login?(options: { success?(res: { code: string }): void; fail?(err: PlatformFailure): void }): void
}

declare const uni: unknown
declare const wx: unknown

const REQUIRED = ['request', 'getStorageSync', 'setStorageSync', 'removeStorageSync'] as const

/**
 * The platform to use: the one given, else global `uni`, else global `wx`.
 * Throws, naming the method, when the object lacks one the core needs.
 */
export function resolvePlatform(given?: Platform): Platform {
  const platform = (given ?? (typeof uni === 'object' && uni ? uni : typeof wx === 'object' && wx ? wx : undefined)) as
    | Platform
    | undefined
  if (!platform) {
    throw new TypeError('uni-session: no platform found: pass `platform`, or run where `uni` or `wx` exists')
  }
  for (const name of REQUIRED) {
    if (typeof platform[name] !== 'function') {
      throw new TypeError(`uni-session: the platform has no \`${name}\` function`)
    }
  }
  return platform
}

declare const getCurrentPages: (() => PlatformPage[]) | undefined

/** The page stack: the platform's own `getCurrentPages`, else the global one. */
export function currentPages(platform: Platform): PlatformPage[] {
  const fn = platform.getCurrentPages ?? (typeof getCurrentPages === 'function' ? getCurrentPages : undefined)
  return fn ? fn() : []
}

declare const __wxConfig: { pages?: string[]; tabBar?: { list?: Array<{ pagePath: string }> } } | undefined
declare const __uniRoutes: Array<{ path: string; alias?: string; meta?: { isTabBar?: boolean } }> | undefined

const slash = (route: string) => (route.charAt(0) === '/' ? route : `/${route}`)

/**
 * The app's pages and tabBar pages, routes with a leading slash, as the runtime
 * knows them: WeChat's `__wxConfig` (also what a compiled uni-app runs under),
 * else uni-app H5's `__uniRoutes`. Empty when neither is there.
 */
export function appPages(): { pages: string[]; tabBar: string[] } {
  if (typeof __wxConfig === 'object' && __wxConfig && __wxConfig.pages) {
    return {
      pages: __wxConfig.pages.map(slash),
      tabBar: ((__wxConfig.tabBar && __wxConfig.tabBar.list) || []).map((t) => slash(t.pagePath)),
    }
  }
  const routes = typeof __uniRoutes === 'object' && __uniRoutes ? __uniRoutes : []
  const path = (r: (typeof routes)[number]) => slash(r.alias || r.path)
  return {
    pages: routes.map(path).filter((r) => r !== '/'),
    tabBar: routes.filter((r) => r.meta && r.meta.isTabBar).map(path),
  }
}

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

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

/**
 * Alipay's `my` as a platform. `my` differs from `wx` in almost every member (checked against
 * `@mini-types/alipay` and Alipay's my.request docs): `headers`/`status` instead of
 * `header`/`statusCode`, HTTP 4xx/5xx through `fail` (error 19, with `status`, `data`, `headers`),
 * `{ key }` storage calls returning `{ data }`, `my.confirm` for a modal, `my.getAuthCode` for a code.
 */
import type { HttpMethod, Platform, PlatformTask } from '../auth/platform'
import { type AdapterOptions, failure, type HostFailure, quiet, type WxHost, wxLike } from './host'
import { ALIPAY_METHODS } from './methods'

/** A `my.request` / `my.uploadFile` / `my.downloadFile` answer: older clients say `status`/`headers`. */
interface AlipayResponse {
  status?: number
  statusCode?: number
  headers?: Record<string, string>
  header?: Record<string, unknown>
  data?: unknown
  tempFilePath?: string
  apFilePath?: string
}

interface Callbacks<R> {
  success?(res: R): void
  fail?(err: HostFailure): void
}

interface Navigate extends Callbacks<unknown> {
  url: string
}

/** The members of `my` the adapter uses, as `@mini-types/alipay` types them (loosely where it is loose). */
export interface AlipayHost {
  request(
    options: Callbacks<AlipayResponse> & {
      url: string
      method?: Exclude<HttpMethod, 'PATCH'>
      headers?: Record<string, string>
      data?: string | Record<string, string> | ArrayBuffer
      timeout?: number
      dataType?: 'json' | 'text' | 'arraybuffer'
    },
  ): unknown
  uploadFile?(
    options: Callbacks<AlipayResponse> & {
      url: string
      filePath: string
      name: string
      fileName?: string
      fileType: string
      header?: Record<string, unknown>
      formData?: Record<string, unknown>
    },
  ): unknown
  downloadFile?(options: Callbacks<AlipayResponse> & { url: string; header?: Record<string, string> }): unknown
  getStorageSync(options: { key: string }): { data?: unknown; APDataStorage?: unknown } | undefined
  setStorageSync(options: { key: string; data: unknown }): { success?: boolean; errorMessage?: string } | undefined
  removeStorageSync(options: { key: string }): unknown
  confirm?(
    options: Callbacks<{ confirm: boolean }> & {
      title?: string
      content?: string
      confirmButtonText?: string
      cancelButtonText?: string
    },
  ): unknown
  getAuthCode?(options: Callbacks<{ authCode: string }> & { scopes?: string | string[] }): unknown
  navigateTo?(options: Navigate): unknown
  redirectTo?(options: Navigate): unknown
  reLaunch?(options: Navigate): unknown
  switchTab?(options: Navigate): unknown
  navigateBack?(options: Callbacks<unknown> & { delta?: number }): unknown
  onAppShow?(listener: () => void): unknown
  onAppHide?(listener: () => void): unknown
  getSystemInfoSync?(): object
}

export interface AlipayOptions extends AdapterOptions {
  /** `my.uploadFile`'s required `fileType`: `'image'`, `'video'` or `'audio'`. @default 'image' */
  fileType?: string
}

/** A response from what `my` reported: `status`/`headers` on older clients, `statusCode`/`header` on newer. */
const response = (res: AlipayResponse) => ({
  statusCode: res.statusCode || res.status || 0,
  data: res.data,
  header: (res.headers || res.header || {}) as Record<string, string>,
  tempFilePath: res.tempFilePath || res.apFilePath,
})

/** `success`/`fail` for `my` that answer the core's callbacks in the core's shapes. */
// biome-ignore lint/suspicious/noExplicitAny: each call's result shape is its own
const answer = <R>(api: string, o: { success?(res: any): void; fail?(err: any): void }, map: (res: R) => unknown) => ({
  success: (res: R) => o.success && o.success(map(res)),
  fail: (err: HostFailure) => o.fail && o.fail(failure(api, err)),
})

/**
 * `my` as a platform. Navigation, app show/hide and the system info take `wx`'s shapes and are
 * called through; the rest is mapped.
 *
 * @example
 * import { alipay } from 'uni-session/platforms'
 * const auth = createAuth({ platform: alipay(my), refresh: { url: `${API}/auth/refresh` } })
 */
export function alipay(my: AlipayHost, options: AlipayOptions = {}): Platform {
  const platform = wxLike(my as unknown as WxHost, ALIPAY_METHODS, options)
  const { uploadFile, downloadFile, confirm, getAuthCode } = my
  platform.request = (o) =>
    quiet(
      my.request(
        Object.assign(
          {
            url: o.url,
            method: o.method,
            headers: o.header,
            data: o.data as string | Record<string, string> | ArrayBuffer,
            timeout: o.timeout,
          },
          // No `responseType` on Alipay: its `dataType` says how to read the body. Left out, the
          // client reads JSON or else text (base library 2.9.5+), where 'json' would fail on text.
          o.responseType === 'arraybuffer'
            ? { dataType: 'arraybuffer' as const }
            : o.dataType
              ? { dataType: o.dataType === 'json' ? ('json' as const) : ('text' as const) }
              : {},
          answer('request', o, response),
        ),
      ),
    ) as PlatformTask
  platform.getStorageSync = (key) => {
    const res = my.getStorageSync({ key })
    // Older clients answer under `APDataStorage`; a missing key is `null`: '' as on `wx`.
    const data = res && (res.data !== undefined ? res.data : res.APDataStorage)
    return data == null ? '' : data
  }
  platform.setStorageSync = (key, data) => {
    const res = my.setStorageSync({ key, data })
    // `my` answers a failed write (storage full) instead of throwing: the core expects a throw.
    if (res && res.success === false) throw new Error(`setStorageSync:fail ${res.errorMessage || ''}`)
  }
  platform.removeStorageSync = (key) => void my.removeStorageSync({ key })
  if (uploadFile) {
    platform.uploadFile = (o) =>
      quiet(
        uploadFile.call(
          my,
          Object.assign(
            {
              url: o.url,
              filePath: o.filePath,
              // `fileName`: the older clients' name for the form field.
              name: o.name,
              fileName: o.name,
              fileType: options.fileType || 'image',
              header: o.header,
              formData: o.formData,
            },
            answer('uploadFile', o, response),
          ),
        ),
      ) as PlatformTask
  }
  if (downloadFile) {
    // A download reports no status: its success means the file arrived.
    platform.downloadFile = (o) =>
      quiet(
        downloadFile.call(
          my,
          Object.assign(
            { url: o.url, header: o.header },
            answer('downloadFile', o, (res: AlipayResponse) => response(Object.assign({ status: 200 }, res))),
          ),
        ),
      ) as PlatformTask
  }
  if (confirm) {
    platform.showModal = (o) =>
      void quiet(
        confirm.call(
          my,
          Object.assign(
            {
              title: o.title,
              content: o.content,
              confirmButtonText: o.confirmText || '确定',
              cancelButtonText: o.cancelText || '取消',
            },
            answer('showModal', o, (res: { confirm: boolean }) => ({ confirm: !!res.confirm, cancel: !res.confirm })),
          ),
        ),
      )
  }
  if (getAuthCode) {
    // 'auth_base' is the silent scope: a code without a consent sheet.
    platform.login = (o) =>
      void quiet(
        getAuthCode.call(
          my,
          Object.assign(
            { scopes: 'auth_base' },
            answer('login', o, (res: { authCode?: string }) => ({ code: res.authCode || '' })),
          ),
        ),
      )
  }
  return platform
}

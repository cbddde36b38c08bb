/**
 * A `my`-shaped facade (Alipay) over a `wx`-shaped API: the scripted platform in unit tests, the mini
 * program runtime's `api` in the native Alipay example's test. It answers the way `my` does, as
 * `@mini-types/alipay` and Alipay's docs describe it:
 * - `my.request` reads `headers` (not `header`) and answers `{ status, headers, data }`; an HTTP
 *   status of 400 or more comes through `fail` as `{ error: 19, errorMessage: 'http status error',
 *   status, headers, data }`; a request that did not complete fails with `{ error, errorMessage }`
 *   (12: network, 13: timeout) and no status;
 * - storage takes `{ key }` / `{ key, data }` and `getStorageSync` answers `{ data }` (`null` when
 *   missing); a failed write answers `{ success: false }` instead of throwing;
 * - `my.confirm` (confirmButtonText / cancelButtonText) answers `{ confirm }`; there is no showModal;
 * - `my.getAuthCode({ scopes })` answers `{ authCode }`; there is no login;
 * - navigation fails with `{ error, errorMessage }`; `my.downloadFile` answers `apFilePath` and no status.
 * It is small and self-contained on purpose: the runtime it sits on is `wx`-shaped.
 */
import type { AlipayHost } from '../../src/platforms'

/** The `wx`-shaped API underneath (`ScriptedPlatform` or `MiniProgramApi`). */
// biome-ignore lint/suspicious/noExplicitAny: the facade forwards whatever each wx API takes
type WxApi = Record<string, any>

export interface FakeMy extends Required<AlipayHost> {
  /** Every my.confirm call's options. */
  confirms: Array<{ title?: string; content?: string; confirmButtonText?: string; cancelButtonText?: string }>
  /** Every my.getAuthCode call's scopes. */
  authCodeScopes: Array<string | string[] | undefined>
  /** The options of every my.request call, as the adapter sent them. */
  requests: Array<Record<string, unknown>>
  /** HTTP errors answered through `fail` (error 19). */
  httpErrors: number
}

interface Callbacks {
  success?(res: unknown): void
  fail?(err: unknown): void
}

/** `{ error, errorMessage }` for a `wx` failure text. */
const alipayError = (errMsg: string) => ({
  error: /timeout/.test(errMsg) ? 13 : 12,
  errorMessage: /timeout/.test(errMsg) ? '请求超时' : errMsg.replace(/^\w+:fail\s*/, '') || '网络出错',
})

export function createFakeMy(wx: WxApi): FakeMy {
  const navigate =
    (name: string) =>
    (o: Callbacks & { url?: string; delta?: number }): unknown =>
      wx[name]({
        url: o.url,
        delta: o.delta,
        success: () => o.success?.({}),
        fail: (e: { errMsg: string }) => o.fail?.({ error: 2, errorMessage: e.errMsg }),
      })

  const my: FakeMy = {
    confirms: [],
    authCodeScopes: [],
    requests: [],
    httpErrors: 0,
    request(o) {
      my.requests.push({ ...o })
      return wx.request({
        url: o.url,
        method: o.method || 'GET',
        // Only `headers` is read: older clients know no `header`.
        header: { ...o.headers },
        data: o.data,
        timeout: o.timeout,
        success: (res: { statusCode: number; data: unknown; header: Record<string, string> }) => {
          const answer = { status: res.statusCode, headers: res.header, data: res.data }
          if (res.statusCode < 400) return o.success?.(answer)
          my.httpErrors++
          o.fail?.({ error: 19, errorMessage: 'http status error', ...answer })
        },
        fail: (e: { errMsg: string }) => o.fail?.(alipayError(e.errMsg)),
      })
    },
    uploadFile(o) {
      return wx.uploadFile({
        url: o.url,
        filePath: o.filePath,
        name: o.name,
        header: { ...(o.header as Record<string, string>) },
        formData: o.formData,
        success: (res: { statusCode: number; data: unknown; header: Record<string, string> }) =>
          o.success?.({ statusCode: res.statusCode, data: res.data, header: res.header }),
        fail: (e: { errMsg: string }) => o.fail?.(alipayError(e.errMsg)),
      })
    },
    downloadFile(o) {
      return wx.downloadFile({
        url: o.url,
        header: { ...o.header },
        success: (res: { tempFilePath: string; header: Record<string, string> }) =>
          o.success?.({ apFilePath: res.tempFilePath, headers: res.header }),
        fail: (e: { errMsg: string }) => o.fail?.({ error: 12, errorMessage: e.errMsg }),
      })
    },
    getStorageSync({ key }) {
      const data = wx.getStorageSync(key)
      return { data: data === '' ? null : data }
    },
    setStorageSync({ key, data }) {
      try {
        wx.setStorageSync(key, data)
        return { success: true }
      } catch (e) {
        return { success: false, error: 15, errorMessage: (e as Error).message }
      }
    },
    removeStorageSync({ key }) {
      wx.removeStorageSync(key)
      return { success: true }
    },
    confirm(o) {
      my.confirms.push({
        title: o.title,
        content: o.content,
        confirmButtonText: o.confirmButtonText,
        cancelButtonText: o.cancelButtonText,
      })
      wx.showModal({
        title: o.title,
        content: o.content,
        confirmText: o.confirmButtonText,
        cancelText: o.cancelButtonText,
        showCancel: true,
        success: (res: { confirm: boolean }) => o.success?.({ confirm: res.confirm }),
        fail: (e: { errMsg: string }) => o.fail?.({ error: 3, errorMessage: e.errMsg }),
      })
    },
    getAuthCode(o) {
      my.authCodeScopes.push(o.scopes)
      wx.login({
        success: (res: { code: string }) => o.success?.({ authCode: res.code }),
        fail: (e: { errMsg: string }) => o.fail?.({ error: 11, errorMessage: e.errMsg }),
      })
    },
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    onAppShow: (listener) => wx.onAppShow?.(listener),
    onAppHide: (listener) => wx.onAppHide?.(listener),
    getSystemInfoSync: () => ({ language: 'zh-Hans', platform: 'iOS', app: 'alipay' }),
  }
  return my
}

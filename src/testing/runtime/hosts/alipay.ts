/**
 * Alipay: `my`, as uni-app's compiled mp-alipay output finds it, and `api` as uni's Alipay layer
 * delivers it.
 *
 * Sources: uni's layer as built into `common/vendor.js` (uni-mp-alipay
 * 3.0.0-5000720260410001, dist/uni.api.esm.js: the `request`, `showModal`, `login`, storage and
 * generic `returnValue` protocols, read and run here); the `my` typings (@mini-types/my 3.0.14,
 * lib.my.d.ts: `request`, `getStorageSync`, `setStorageSync`, `confirm`, `getAuthCode`); Alipay's
 * docs (opendocs.alipay.com/mini/api/owycmh: `my.request`, error 19 "HTTP错误", 13 "超时",
 * 12 "网络出错", 14 "解码失败"); ../shared/anchors.md, "Hosts beyond WeChat".
 *
 * What differs from WeChat, host side:
 * - `my.request({ headers, ... })` answers `{ data, status, headers }`; an HTTP status >= 400 goes
 *   to `fail` as `{ error: 19, errorMessage: 'http status error', status, data, headers }`; with
 *   `dataType: 'json'` (the default) a body that is not JSON fails with error 14; a timeout is error
 *   13, no connection error 12 (their `errorMessage` texts are not documented: the runtime passes
 *   WeChat's reason, 'timeout', 'abort', ...).
 * - Storage takes `{ key }` / `{ key, data }` and answers `{ data }` (`null` for a missing key);
 *   `setStorageSync` never throws: a failed write answers `{ success: false, error, errorMessage }`.
 * - `my.confirm` (`confirmButtonText`, `cancelButtonText`) answers `{ confirm }`; `my.alert`.
 * - `my.getAuthCode({ scopes })` answers `{ authCode }`; `'auth_base'` (the default) is silent.
 * - Failures are `{ error, errorMessage }`; uni turns them into `errMsg: '<api>:fail <errorMessage>'`.
 *   Navigation failures carry WeChat's reasons with error 3 (Alipay documents neither).
 * - No `__wxConfig` or anything like it: the app's pages are not told at runtime.
 */
import type { PlatformResponse, PlatformTask } from '../../../auth/platform'
import { type Args, promised, settle } from '../callbacks'
import type { NavigationApi } from '../navigation'
import type { TransferApi } from '../network'
import type { RuntimeParts } from '../parts'
import type { UniSemantics } from '../uni-api'
import { failReason, type HostProfile } from './host'

type Options = Record<string, unknown> & { success?(res: unknown): void; fail?(err: unknown): void }
type Answer = Record<string, unknown>

/** The part of `my` the runtime implements. */
export interface AlipayHostApi {
  SDKVersion: string
  canIUse(name: string): boolean
  request(options: Options): PlatformTask | Promise<Answer> | undefined
  uploadFile(options: Options): PlatformTask | Promise<Answer> | undefined
  downloadFile(options: Options): PlatformTask | Promise<Answer> | undefined
  getStorageSync(options: { key: string }): { data: unknown; error?: number; errorMessage?: string }
  setStorageSync(options: { key: string; data: unknown }): { success: boolean; error?: number; errorMessage?: string }
  removeStorageSync(options: { key: string }): { success: true }
  clearStorageSync(): { success: true }
  setStorage(options: Options & { key: string; data: unknown }): Promise<Answer> | undefined
  confirm(options: Options): Promise<Answer> | undefined
  alert(options: Options): Promise<Answer> | undefined
  showToast(options: Options): Promise<Answer> | undefined
  navigateTo(options: Options): Promise<Answer> | undefined
  redirectTo(options: Options): Promise<Answer> | undefined
  reLaunch(options: Options): Promise<Answer> | undefined
  switchTab(options: Options): Promise<Answer> | undefined
  navigateBack(options?: Options): Promise<Answer> | undefined
  getAuthCode(options?: Options): Promise<Answer> | undefined
  onAppShow(listener: (res: unknown) => void): void
  offAppShow(listener: (res: unknown) => void): void
  onAppHide(listener: () => void): void
  offAppHide(listener: () => void): void
  onError(listener: (message: string) => void): void
  offError(listener: (message: string) => void): void
  getSystemInfoSync(): Record<string, unknown>
  getLaunchOptionsSync(): Record<string, unknown>
}

/** Capabilities `my.canIUse` says yes to besides the APIs present (uni's layer asks for these). */
const CAPABILITIES = ['component2', 'page.getOpenerEventChannel']

/** An Alipay failure: `{ error, errorMessage }`. */
const failure = (error: number, errorMessage: string) => ({ error, errorMessage })

/** The error number of a call that did not complete, by WeChat's reason. */
const transferError = (reason: string) => (reason === 'timeout' ? 13 : reason === 'abort' ? 9 : 12)

export function createMy(parts: RuntimeParts): AlipayHostApi {
  const { scheduler, storage, ui, navigation, network, lifecycle, account, system } = parts

  /** Calls back like `my`: the callbacks given, or a promise when there are none. */
  const answer = (given: Options | undefined, run: (done: (ok: boolean, res: unknown) => void) => void) => {
    const [args, promise] = promised(given as Args | undefined)
    run((ok, res) => settle(scheduler, args, ok, res))
    return promise as Promise<Answer> | undefined
  }

  function transfer(api: TransferApi, o: Options) {
    const [args, promise] = promised(o as Args)
    const done = (ok: boolean, res: unknown) => settle(scheduler, args, ok, res)
    const options: Record<string, unknown> =
      api === 'request'
        ? { url: o.url, method: o.method, header: o.headers ?? o.header, data: o.data, timeout: o.timeout }
        : api === 'uploadFile'
          ? { url: o.url, header: o.header, filePath: o.filePath, name: o.fileName, formData: o.formData }
          : { url: o.url, header: o.header, filePath: o.filePath }
    if (o.timeout !== undefined) options.timeout = o.timeout
    const task = network.send(api, options, {
      success(res: PlatformResponse) {
        if (api === 'downloadFile') return done(true, { apFilePath: res.tempFilePath })
        if (api === 'uploadFile') return done(true, { data: res.data, statusCode: res.statusCode, header: res.header })
        const reply = { data: res.data, status: res.statusCode, headers: res.header }
        if (res.statusCode >= 400) return done(false, { ...failure(19, 'http status error'), ...reply })
        if ((o.dataType ?? 'json') === 'json' && typeof res.data === 'string' && res.data !== '') {
          try {
            reply.data = JSON.parse(res.data)
          } catch {
            return done(false, failure(14, 'JSON parse data error'))
          }
        }
        done(true, reply)
      },
      fail(err) {
        const reason = failReason(err.errMsg)
        done(false, failure(transferError(reason), reason))
      },
    })
    return (promise as Promise<Answer> | undefined) ?? task
  }

  const navigate = (api: NavigationApi) => (o?: Options) =>
    answer(o, (done) =>
      navigation.navigate(api, (o ?? {}) as Args, (ok, reason) => done(ok, ok ? {} : failure(3, String(reason)))),
    )

  const my: AlipayHostApi = {
    SDKVersion: '2.9.0',
    canIUse: (name) => CAPABILITIES.includes(name) || typeof (my as unknown as Answer)[name] === 'function',
    request: (o) => transfer('request', o),
    uploadFile: (o) => transfer('uploadFile', o),
    downloadFile: (o) => transfer('downloadFile', o),
    getStorageSync({ key }) {
      if (storage.fails('read')) return { data: null, ...failure(3, 'getStorageSync:fail') }
      return { data: storage.has(key) ? storage.read(key) : null }
    },
    setStorageSync({ key, data }) {
      if (storage.fails('write')) return { success: false, ...failure(3, 'exceed storage max size') }
      storage.write(key, data)
      return { success: true }
    },
    removeStorageSync({ key }) {
      storage.remove(key)
      return { success: true }
    },
    clearStorageSync() {
      storage.clear()
      return { success: true }
    },
    setStorage: (o) =>
      answer(o, (done) => {
        const res = my.setStorageSync({ key: o.key, data: o.data })
        scheduler.later(() => done(res.success, res.success ? { success: true } : res))
      }),
    confirm: (o) =>
      answer(o, (done) => {
        const options = {
          title: o.title as string | undefined,
          content: o.content as string | undefined,
          confirmText: o.confirmButtonText as string | undefined,
          cancelText: o.cancelButtonText as string | undefined,
          showCancel: true,
        }
        ui.modal(options, { api: 'confirm', args: { ...o } }, (confirm) => done(true, { confirm }))
      }),
    alert: (o) =>
      answer(o, (done) => {
        const options = {
          title: o.title as string | undefined,
          content: o.content as string | undefined,
          confirmText: (o.buttonText ?? o.confirmButtonText) as string | undefined,
          showCancel: false,
        }
        ui.modal(options, { api: 'alert', args: { ...o } }, () => done(true, {}))
      }),
    showToast: (o) =>
      answer(o, (done) => {
        ui.toast(String(o.content ?? ''))
        scheduler.later(() => done(true, {}))
      }),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    getAuthCode: (o) =>
      answer(o, (done) => {
        const fails = account.fails
        const scopes = ([] as unknown[]).concat((o && o.scopes) || 'auth_base')
        scheduler.later(() =>
          fails
            ? done(false, failure(11, '用户取消授权'))
            : done(true, { authCode: account.code(), authSuccessScopes: scopes, authErrorScopes: {} }),
        )
      }),
    onAppShow: (listener) => lifecycle.onAppShow(listener),
    offAppShow: (listener) => lifecycle.offAppShow(listener),
    onAppHide: lifecycle.onAppHide,
    offAppHide: lifecycle.offAppHide,
    onError: scheduler.onError,
    offError: scheduler.offError,
    getSystemInfoSync: () => ({
      app: 'alipay',
      // Alipay's language is a locale ('zh-Hans', 'en'): uni normalises it for getLocale().
      language: system.locale,
      platform: 'iOS',
      system: '17.0',
      version: '10.5.0',
      brand: 'devtools',
      model: 'devtools',
      pixelRatio: 2,
      windowWidth: 375,
      windowHeight: 667,
      screenWidth: 375,
      screenHeight: 667,
    }),
    getLaunchOptionsSync: () => ({ ...lifecycle.launchOptions() }),
  }
  return my
}

/**
 * uni's generic returnValue on Alipay: `{ error, errorMessage }` becomes `errMsg: '<api>:fail <message>'`,
 * anything else `'<api>:ok'`; then the API's own renames.
 */
function fromMy(api: string, res: Answer, renames: Record<string, string> = {}): Answer {
  const out: Answer = {}
  const failed = !!(res.error || res.errorMessage)
  for (const key of Object.keys(res)) {
    if (key === 'error' || key === 'errorMessage') continue
    out[renames[key] ?? key] = res[key]
  }
  out.errMsg = failed ? `${api}:fail ${res.errorMessage || res.error}` : `${api}:ok`
  return out
}

/** uni's Alipay layer, for the runtime's `api`: the protocols the module's calls go through. */
function uniOverMy(parts: RuntimeParts, my: AlipayHostApi): UniSemantics {
  const { scheduler } = parts
  const respond = (api: string, a: Args, renames?: Record<string, string>) => ({
    success: (res: unknown) => settle(scheduler, a, true, fromMy(api, res as Answer, renames)),
    fail: (err: unknown) => settle(scheduler, a, false, fromMy(api, err as Answer, renames)),
  })
  return {
    transfer(api, a) {
      const { success: _s, fail: _f, complete: _c, ...o } = a
      if (api === 'request') {
        // header -> headers, keys lower-cased, content-type JSON by default; responseType unsupported.
        const headers: Record<string, unknown> = { 'content-type': 'application/json' }
        for (const [key, value] of Object.entries((o.header ?? {}) as Record<string, unknown>)) {
          headers[key.toLowerCase()] = value
        }
        const { header: _h, responseType: _r, ...rest } = o
        return my.request({ ...rest, headers, ...respond(api, a, { status: 'statusCode', headers: 'header' }) }) as
          | PlatformTask
          | undefined
      }
      if (api === 'uploadFile') {
        const { name, ...rest } = o
        return my.uploadFile({ ...rest, fileName: name, ...respond(api, a) }) as PlatformTask | undefined
      }
      return my.downloadFile({ ...o, ...respond(api, a, { apFilePath: 'tempFilePath' }) }) as PlatformTask | undefined
    },
    showModal(a) {
      const fromModal = (res: unknown) => ({ ...fromMy('showModal', res as Answer) })
      if (a.showCancel !== false) {
        my.confirm({
          title: a.title,
          content: a.content,
          confirmButtonText: a.confirmText || '确定',
          cancelButtonText: a.cancelText || '取消',
          success: (res: unknown) => {
            const confirm = !!(res as { confirm?: boolean }).confirm
            settle(scheduler, a, true, { ...fromModal(res), confirm, cancel: !confirm })
          },
          fail: (err: unknown) => settle(scheduler, a, false, fromModal(err)),
        })
      } else {
        my.alert({
          title: a.title,
          content: a.content,
          confirmButtonText: a.confirmText || '确定',
          success: (res: unknown) => settle(scheduler, a, true, { ...fromModal(res), confirm: true, cancel: false }),
          fail: (err: unknown) => settle(scheduler, a, false, fromModal(err)),
        })
      }
    },
    login(a) {
      const { success: _s, fail: _f, complete: _c, ...o } = a
      my.getAuthCode({ ...o, ...respond('login', a, { authCode: 'code' }) })
    },
    storage: {
      getStorageSync(key) {
        const result = my.getStorageSync({ key })
        return result.data !== null ? result.data : ''
      },
      // uni returns what my returns: a failed write is reported, never thrown.
      setStorageSync: (key, data) => void my.setStorageSync({ key, data }),
      removeStorageSync: (key) => void my.removeStorageSync({ key }),
      clearStorageSync: () => void my.clearStorageSync(),
    },
  }
}

export const alipay: HostProfile = {
  name: 'alipay',
  global: 'my',
  create(parts) {
    const my = createMy(parts)
    return { host: my, uni: uniOverMy(parts, my) }
  },
  globals: (_parts, api, host) => ({ my: host, getCurrentPages: api.getCurrentPages }),
}

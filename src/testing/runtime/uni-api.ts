/**
 * The `uni` / `wx` object over the runtime's parts: WeChat's callback APIs as uni-app presents them
 * (interceptors included), which on WeChat is also what `wx` is. A host profile changes what
 * differs on its host as uni's layer delivers it (Alipay: HTTP errors through `fail`; the login
 * code's source).
 *
 * Callback APIs called without any of success/fail/complete return a promise instead (as both
 * runtimes do since uni-app 3 / base library 2.10.2); otherwise they return undefined.
 */
import type {
  ModalOptions,
  Platform,
  PlatformDownloadOptions,
  PlatformFailure,
  PlatformRequestOptions,
  PlatformResponse,
  PlatformTask,
  PlatformUploadOptions,
} from '../../auth/platform'
import { type Args, type Callbacks, promised, settle, type WithComplete } from './callbacks'
import type { Interceptor } from './interceptors'
import type { AppShowResult } from './lifecycle'
import type { NavigateBackOptions, NavigateResult, NavigationApi, RuntimeNavigateOptions } from './navigation'
import type { TransferApi } from './network'
import type { RuntimePage } from './page-stack'
import type { RuntimeParts } from './parts'
import { wechatStorage } from './storage'
import type { SystemInfo } from './system'
import type { ModalResult, RuntimeModalOptions, ToastOptions } from './ui'

export interface LoginResult {
  code: string
  errMsg: string
  /** Douyin: the anonymous code, handed out whether or not the user is logged in to the host app. */
  anonymousCode?: string
  /** Douyin: whether the user is logged in to the host app. */
  isLogin?: boolean
}

export interface LoginOptions extends Callbacks<LoginResult> {
  provider?: string
  /** Douyin: open the host's login box when the user is not logged in. @default true */
  force?: boolean
  /** Alipay: `'auth_base'` (silent, the default) or `'auth_user'`. */
  scopes?: string | string[]
}

/** The `uni` / `wx` object. */
export interface MiniProgramApi extends Platform {
  request(options: WithComplete<PlatformRequestOptions>): PlatformTask | undefined
  uploadFile(options: WithComplete<PlatformUploadOptions>): PlatformTask | undefined
  downloadFile(options: WithComplete<PlatformDownloadOptions>): PlatformTask | undefined
  getStorageSync(key: string): unknown
  setStorageSync(key: string, value: unknown): void
  removeStorageSync(key: string): void
  clearStorageSync(): void
  showModal(options: RuntimeModalOptions): Promise<ModalResult> | undefined
  showToast(options: ToastOptions): Promise<{ errMsg: string }> | undefined
  navigateTo(options: RuntimeNavigateOptions): Promise<NavigateResult> | undefined
  redirectTo(options: RuntimeNavigateOptions): Promise<NavigateResult> | undefined
  reLaunch(options: RuntimeNavigateOptions): Promise<NavigateResult> | undefined
  switchTab(options: RuntimeNavigateOptions): Promise<NavigateResult> | undefined
  navigateBack(options?: NavigateBackOptions): Promise<NavigateResult> | undefined
  getCurrentPages(): RuntimePage[]
  onAppShow(listener: (res: AppShowResult) => void): void
  offAppShow(listener: (res: AppShowResult) => void): void
  onAppHide(listener: () => void): void
  offAppHide(listener: () => void): void
  /** Errors thrown by page hooks and callbacks, as `wx.onError` reports them. */
  onError(listener: (message: string) => void): void
  offError(listener: (message: string) => void): void
  /** uni only; applies to every API of that name (navigation, request, showModal, login, ...). */
  addInterceptor(name: string, interceptor: Interceptor): void
  /** Removes one interceptor, or all of them for that name. */
  removeInterceptor(name: string, interceptor?: Interceptor): void
  getLocale(): string
  setLocale(locale: string): void
  login(options?: LoginOptions): Promise<LoginResult> | undefined
  getSystemInfoSync(): SystemInfo
}

/** An answer as one of uni's callbacks gets it. */
export interface Outcome {
  ok: boolean
  res: unknown
}

/** What a host changes in uni's view of it. */
export interface UniSemantics {
  /** A transfer's answer (WeChat's: every HTTP status through `success`) as uni delivers it on this host. */
  transfer?(api: TransferApi, answer: { res?: PlatformResponse; err?: PlatformFailure }, args: Args): Outcome
  /** A login as uni delivers it on this host: decided when called, answered (by the function returned) later. */
  login?(parts: RuntimeParts, args: Args): () => Outcome
}

/** WeChat's login: a fresh code, or `login:fail` when logins fail at the time of the call. */
export function wechatLogin(parts: RuntimeParts): () => Outcome {
  const fails = parts.account.fails
  return () =>
    fails
      ? { ok: false, res: { errMsg: 'login:fail' } }
      : { ok: true, res: { code: parts.account.code(), errMsg: 'login:ok' } }
}

export function createUniApi(parts: RuntimeParts, semantics: UniSemantics = {}): MiniProgramApi {
  const { scheduler, interceptors, navigation, network, ui, lifecycle, stack, system } = parts

  function navigate(api: NavigationApi, given: Args | undefined) {
    const [args, promise] = promised(given)
    interceptors.call(
      api,
      args,
      (a) =>
        navigation.navigate(api, a, (ok, reason) =>
          settle(scheduler, a, ok, { errMsg: ok ? `${api}:ok` : `${api}:fail ${reason}` }),
        ),
      (a) => navigation.intercepted(api, a),
    )
    return promise as Promise<NavigateResult> | undefined
  }

  function transfer(api: TransferApi, given: Args) {
    return interceptors.call(api, given, (a) => {
      const deliver = (answer: { res?: PlatformResponse; err?: PlatformFailure }) => {
        const outcome = semantics.transfer
          ? semantics.transfer(api, answer, a)
          : { ok: !!answer.res, res: answer.res ?? answer.err }
        settle(scheduler, a, outcome.ok, outcome.res)
      }
      const { success: _s, fail: _f, complete: _c, ...options } = a
      return network.send(api, options, { success: (res) => deliver({ res }), fail: (err) => deliver({ err }) })
    })
  }

  return {
    request: (o) => transfer('request', o as unknown as Args),
    uploadFile: (o) => transfer('uploadFile', o as unknown as Args),
    downloadFile: (o) => transfer('downloadFile', o as unknown as Args),
    ...wechatStorage(parts.storage),
    showModal(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('showModal', args, (a) => {
        ui.modal(args as ModalOptions, { api: 'showModal', args: { ...args } }, (confirm) =>
          settle(scheduler, a, true, { confirm, cancel: !confirm, errMsg: 'showModal:ok' }),
        )
      })
      return promise as Promise<ModalResult> | undefined
    },
    showToast(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('showToast', args, (a) => {
        ui.toast(String(a.title))
        scheduler.later(() => settle(scheduler, a, true, { errMsg: 'showToast:ok' }))
      })
      return promise as Promise<{ errMsg: string }> | undefined
    },
    navigateTo: (o) => navigate('navigateTo', o as unknown as Args),
    redirectTo: (o) => navigate('redirectTo', o as unknown as Args),
    reLaunch: (o) => navigate('reLaunch', o as unknown as Args),
    switchTab: (o) => navigate('switchTab', o as unknown as Args),
    navigateBack: (o) => navigate('navigateBack', o as unknown as Args | undefined),
    getCurrentPages: () => [...stack.pages],
    onAppShow: lifecycle.onAppShow,
    offAppShow: lifecycle.offAppShow,
    onAppHide: lifecycle.onAppHide,
    offAppHide: lifecycle.offAppHide,
    onError: scheduler.onError,
    offError: scheduler.offError,
    addInterceptor: interceptors.add,
    removeInterceptor: interceptors.remove,
    getLocale: () => system.locale,
    setLocale(next) {
      system.locale = next
    },
    login(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('login', args, (a) => {
        const answer = (semantics.login ?? wechatLogin)(parts, a)
        scheduler.later(() => {
          const { ok, res } = answer()
          settle(scheduler, a, ok, res)
        })
      })
      return promise as Promise<LoginResult> | undefined
    },
    getSystemInfoSync: () => system.info(),
  }
}

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
  PlatformRequestOptions,
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
import { type Outcome, screenApis, UNPROVIDED_APIS } from './screen'
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
  /** WeChat's asynchronous storage calls (uni's compiled layers call `setStorage` for their device id). */
  setStorage(options: ScreenOptions & { key: string; data: unknown }): ScreenPromise
  getStorage(options: ScreenOptions & { key: string }): ScreenPromise
  removeStorage(options: ScreenOptions & { key: string }): ScreenPromise
  /** The screen: loading, action sheets, navigation bar, tabBar, pull-down refresh, scrolling (./screen.ts). */
  showLoading(options?: ScreenOptions & { title?: string; mask?: boolean }): ScreenPromise
  hideLoading(options?: ScreenOptions): ScreenPromise
  hideToast(options?: ScreenOptions): ScreenPromise
  showActionSheet(options: ScreenOptions & { itemList: string[]; itemColor?: string }): ScreenPromise
  setNavigationBarTitle(options: ScreenOptions & { title: string }): ScreenPromise
  setNavigationBarColor(options: ScreenOptions & { frontColor?: string; backgroundColor?: string }): ScreenPromise
  showNavigationBarLoading(options?: ScreenOptions): ScreenPromise
  hideNavigationBarLoading(options?: ScreenOptions): ScreenPromise
  setTabBarBadge(options: ScreenOptions & { index: number; text: string }): ScreenPromise
  removeTabBarBadge(options: ScreenOptions & { index: number }): ScreenPromise
  showTabBarRedDot(options: ScreenOptions & { index: number }): ScreenPromise
  hideTabBarRedDot(options: ScreenOptions & { index: number }): ScreenPromise
  setTabBarItem(options: ScreenOptions & { index: number }): ScreenPromise
  setTabBarStyle(options: ScreenOptions): ScreenPromise
  showTabBar(options?: ScreenOptions): ScreenPromise
  hideTabBar(options?: ScreenOptions): ScreenPromise
  startPullDownRefresh(options?: ScreenOptions): ScreenPromise
  stopPullDownRefresh(options?: ScreenOptions): ScreenPromise
  pageScrollTo(options: ScreenOptions & { scrollTop?: number; selector?: string; duration?: number }): ScreenPromise
  /** True for the APIs this object has, and for the host's capabilities (Baidu: 'lifecycle-2-0'). */
  canIUse(schema: string): boolean
}

/** Options of the screen and async storage calls: their own fields and the callbacks. */
export type ScreenOptions = Record<string, unknown> &
  Callbacks<Record<string, unknown>> & { complete?(res: unknown): void }
/** A promise when called without callbacks (uni-app 3, base library 2.10.2+), else undefined. */
export type ScreenPromise = Promise<Record<string, unknown>> | undefined

/** What a host changes in uni's view of it; each hook runs after uni's interceptors and answers `a`'s callbacks. */
export interface UniSemantics {
  /** Sends a request, upload or download (default: WeChat's answer, every HTTP status through `success`). */
  transfer?(api: TransferApi, a: Args): PlatformTask | undefined
  /** Shows a modal (default: WeChat's `showModal`). */
  showModal?(a: Args): void
  /** Logs in (default: WeChat's `login`, a fresh code). */
  login?(a: Args): void
  /** Reshapes every answer of an asynchronous API (Baidu: uni's generic returnValue). */
  returnValue?(api: string, ok: boolean, res: unknown): unknown
  /** The synchronous storage calls (default: WeChat's: a missing key reads '', a failure throws). */
  storage?: Pick<MiniProgramApi, 'getStorageSync' | 'setStorageSync' | 'removeStorageSync' | 'clearStorageSync'>
}

/** The view's own options. */
export interface UniApiOptions {
  /** Run uni's interceptors (a host's own object has none: uni's compiled layer brings its own). @default true */
  intercept?: boolean
  /** What `canIUse` says yes to besides the APIs present. */
  capabilities?: string[]
}

export function createUniApi(
  parts: RuntimeParts,
  semantics: UniSemantics = {},
  { intercept = true, capabilities = [] }: UniApiOptions = {},
): MiniProgramApi {
  const { scheduler, navigation, network, ui, lifecycle, stack, system, account, screen, config } = parts
  const interceptors = intercept
    ? parts.interceptors
    : { call: <R>(_name: string, args: Args, run: (args: Args) => R) => run(args) }

  /** Calls back, through the host's reshaping of answers if it has one. */
  const answer = (name: string, a: Args, ok: boolean, res: unknown) =>
    settle(scheduler, a, ok, semantics.returnValue ? semantics.returnValue(name, ok, res) : res)

  /** WeChat's answer: every HTTP status through `success`, `fail` when the call did not complete. */
  const transferWechat = (api: TransferApi, a: Args) => {
    const { success: _s, fail: _f, complete: _c, ...options } = a
    return network.send(api, options, {
      success: (res) => answer(api, a, true, res),
      fail: (err) => answer(api, a, false, err),
    })
  }

  const showModalWechat = (a: Args) => {
    const { success: _s, fail: _f, complete: _c, ...options } = a
    ui.modal(options as ModalOptions, { api: 'showModal', args: options }, (confirm) =>
      answer('showModal', a, true, { confirm, cancel: !confirm, errMsg: 'showModal:ok' }),
    )
  }

  /** A fresh code, or `login:fail` when logins fail at the time of the call. */
  const loginWechat = (a: Args) => {
    const fails = account.fails
    scheduler.later(() =>
      fails
        ? answer('login', a, false, { errMsg: 'login:fail' })
        : answer('login', a, true, { code: account.code(), errMsg: 'login:ok' }),
    )
  }

  function navigate(api: NavigationApi, given: Args | undefined) {
    const [args, promise] = promised(given)
    interceptors.call(
      api,
      args,
      (a) =>
        navigation.navigate(api, a, (ok, reason) =>
          answer(api, a, ok, { errMsg: ok ? `${api}:ok` : `${api}:fail ${reason}` }),
        ),
      (a) => navigation.intercepted(api, a),
    )
    return promise as Promise<NavigateResult> | undefined
  }

  const transfer = (api: TransferApi, given: Args) =>
    interceptors.call(api, given, (a) => (semantics.transfer ?? transferWechat)(api, a))

  const api: MiniProgramApi = {
    request: (o) => transfer('request', o as unknown as Args),
    uploadFile: (o) => transfer('uploadFile', o as unknown as Args),
    downloadFile: (o) => transfer('downloadFile', o as unknown as Args),
    ...(semantics.storage ?? wechatStorage(parts.storage)),
    showModal(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('showModal', args, semantics.showModal ?? showModalWechat)
      return promise as Promise<ModalResult> | undefined
    },
    showToast(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('showToast', args, (a) => {
        ui.toast(String(a.title))
        screen.overlay = { kind: 'toast', title: String(a.title) }
        scheduler.later(() => answer('showToast', a, true, { errMsg: 'showToast:ok' }))
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
    addInterceptor: parts.interceptors.add,
    removeInterceptor: parts.interceptors.remove,
    getLocale: () => system.locale,
    setLocale(next) {
      system.locale = next
    },
    login(o) {
      const [args, promise] = promised(o as unknown as Args)
      interceptors.call('login', args, semantics.login ?? loginWechat)
      return promise as Promise<LoginResult> | undefined
    },
    getSystemInfoSync: () => system.info(),
    canIUse: (schema) =>
      capabilities.includes(schema) || typeof (api as unknown as Record<string, unknown>)[schema] === 'function',
    ...(callsOf(
      {
        ...screenApis(screen, stack, () => {
          const top = stack.top()
          return !!top && config.tabRoutes.includes(top.route)
        }),
        ...asyncStorage(),
      },
      (name, args, run) => {
        const [a, promise] = promised(args)
        interceptors.call(name, a, (b) => {
          const out = run(b)
          scheduler.later(() =>
            out.ok
              ? answer(name, b, true, { ...out.res, errMsg: `${name}:ok` })
              : answer(name, b, false, { errMsg: `${name}:fail ${out.reason}` }),
          )
        })
        return promise as ScreenPromise
      },
    ) as unknown as Pick<MiniProgramApi, ScreenApi>),
  }
  return withUnprovided(api)

  /** WeChat's setStorage / getStorage / removeStorage over the runtime's storage ('data not found' for a missing key). */
  function asyncStorage(): Record<string, (a: Args) => Outcome> {
    const sync = semantics.storage ?? wechatStorage(parts.storage)
    const attempt = (run: () => Record<string, unknown> | undefined): Outcome => {
      try {
        return { ok: true, res: run() }
      } catch (e) {
        return { ok: false, reason: String((e as Error).message || e).replace(/^\w+:fail ?/, '') }
      }
    }
    return {
      setStorage: (a) => attempt(() => void sync.setStorageSync(String(a.key), a.data)),
      getStorage: (a) =>
        parts.storage.has(String(a.key))
          ? attempt(() => ({ data: sync.getStorageSync(String(a.key)) }))
          : { ok: false, reason: 'data not found' },
      removeStorage: (a) => attempt(() => void sync.removeStorageSync(String(a.key))),
    }
  }
}

type ScreenApi =
  | 'setStorage'
  | 'getStorage'
  | 'removeStorage'
  | 'showLoading'
  | 'hideLoading'
  | 'hideToast'
  | 'showActionSheet'
  | 'setNavigationBarTitle'
  | 'setNavigationBarColor'
  | 'showNavigationBarLoading'
  | 'hideNavigationBarLoading'
  | 'setTabBarBadge'
  | 'removeTabBarBadge'
  | 'showTabBarRedDot'
  | 'hideTabBarRedDot'
  | 'setTabBarItem'
  | 'setTabBarStyle'
  | 'showTabBar'
  | 'hideTabBar'
  | 'startPullDownRefresh'
  | 'stopPullDownRefresh'
  | 'pageScrollTo'

/** Each of `apis` as a callback API: `wrap` calls it with the options and answers them. */
function callsOf(
  apis: Record<string, (a: Args) => Outcome>,
  wrap: (name: string, args: Args | undefined, run: (a: Args) => Outcome) => ScreenPromise,
) {
  const out: Record<string, (o?: Args) => ScreenPromise> = {}
  for (const [name, run] of Object.entries(apis)) out[name] = (o) => wrap(name, o, run)
  return out
}

const UNPROVIDED: ReadonlySet<string> = new Set(UNPROVIDED_APIS)

/**
 * The API object, where reading a uni-app API the runtime does not provide gives a function that
 * throws an error naming it (not `undefined is not a function`). Anything else absent stays absent,
 * so `typeof api.x === 'function'` probes still see what is there.
 */
function withUnprovided<T extends object>(api: T): T {
  return new Proxy(api, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && UNPROVIDED.has(key)) {
        return () => {
          throw new Error(
            `mp-runtime: ${key}() is not provided by the test runtime (uni-session/testing); give it one before the app calls it: runtime.api.${key} = (options) => { ... }`,
          )
        }
      }
      return Reflect.get(target, key, receiver)
    },
  })
}

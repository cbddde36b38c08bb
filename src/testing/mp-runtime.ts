/**
 * An in-memory WeChat mini program / uni-app runtime for tests: a page stack
 * of at most 10 pages with a tabBar and page lifecycle hooks, uni-style
 * interceptors, storage that keeps JSON copies, modals answered automatically
 * or by the test, `login` codes, app show/hide, and requests answered by a
 * handler (through the scripted platform).
 *
 * It follows the real runtimes where they differ from a naive fake:
 * navigation is asynchronous (the stack changes and callbacks run on a later
 * microtask), failures carry WeChat's `errMsg` texts, relative URLs resolve
 * against the current page's folder, `switchTab` drops the query and keeps
 * tab pages alive, and a native tabBar tap bypasses interceptors.
 *
 * It imports no test framework: it runs under jest, vitest, node:test or plain
 * node. Async work is scheduled with `queueMicrotask`, never timers (except a
 * reply's `delay`), so `flush()` also works under fake timers that leave
 * `queueMicrotask` real.
 */
import type {
  ModalOptions,
  NavigateOptions,
  Platform,
  PlatformDownloadOptions,
  PlatformFailure,
  PlatformRequestOptions,
  PlatformTask,
  PlatformUploadOptions,
} from '../auth/platform'
import { createScriptedPlatform, type Handler, type Reply, type ScriptedCall } from './scripted-platform'

export type { Handler, Reply, ScriptedCall }

/** WeChat refuses `navigateTo` once the stack holds this many pages. */
export const MAX_PAGE_STACK = 10

export interface PagesJson {
  pages: Array<{ path: string }>
  /** uni-app `subPackages` (WeChat `subpackages`): their pages are `root/path`. */
  subPackages?: Array<{ root: string; pages: Array<{ path: string }> }>
  tabBar?: { list: Array<{ pagePath: string }> }
}

/** A page as `getCurrentPages()` returns it. */
export interface RuntimePage {
  /** 'pages/x/y': no leading slash, like WeChat. */
  route: string
  /** The decoded query the page was opened with. */
  options: Record<string, string>
  /** Not in WeChat: the URL the page was opened with, leading slash, query as given. */
  url: string
  /** onLoad ran. */
  loaded: boolean
  /** On screen: onShow ran and no onHide / onUnload since. */
  visible: boolean
  /** onUnload ran: the page is closed. */
  unloaded: boolean
}

/** Page lifecycle hooks; `this` is the page. */
export interface PageHooks {
  onLoad?(this: RuntimePage, query: Record<string, string>): void
  onShow?(this: RuntimePage): void
  onReady?(this: RuntimePage): void
  onHide?(this: RuntimePage): void
  onUnload?(this: RuntimePage): void
}

export type PageHookName = keyof PageHooks

export interface ModalCall {
  /** The options `showModal` was called with (after interceptors). */
  options: ModalOptions
  answered: boolean
  /** The answer, once answered. */
  confirm?: boolean
  /** Answers the modal; its callbacks run on a later microtask. Throws if already answered. */
  answer(confirm: boolean): void
}

export type NavigationApi = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack'

export interface NavigationRecord {
  api: NavigationApi
  /** The URL as called (after interceptors); absent for navigateBack. */
  url?: string
  /** navigateBack's delta as called. */
  delta?: number
  ok: boolean
  /** The full WeChat errMsg, or 'intercepted' when an interceptor cancelled the call. */
  errMsg?: string
  /** A native tabBar tap (`tapTab`), not an API call. */
  native?: true
}

/** uni's interceptor: `invoke` may mutate the arguments, or return false (or a promise of false) to cancel. */
export interface Interceptor {
  // biome-ignore lint/suspicious/noExplicitAny: arguments differ per API, as in uni's own typings
  invoke?(args: any): unknown
  /** Runs before the caller's callback; returning false stops it. */
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  success?(res: any): unknown
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  fail?(err: any): unknown
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  complete?(res: any): unknown
}

export interface NavigateResult {
  errMsg: string
}

interface Callbacks<R> {
  success?(res: R): void
  fail?(err: PlatformFailure): void
  complete?(res: R | PlatformFailure): void
}

export interface RuntimeNavigateOptions extends NavigateOptions {
  complete?(res: unknown): void
}

export interface NavigateBackOptions extends Callbacks<NavigateResult> {
  delta?: number
}

export interface ModalResult {
  confirm: boolean
  cancel: boolean
  errMsg: string
}

export interface RuntimeModalOptions extends ModalOptions {
  complete?(res: unknown): void
}

export interface LoginResult {
  code: string
  errMsg: string
}

export interface ToastOptions extends Callbacks<{ errMsg: string }> {
  title: string
  icon?: string
  duration?: number
}

export interface AppShowResult {
  path: string
  query: Record<string, string>
  scene: number
}

export interface SystemInfo {
  /** WeChat's language: 'zh_CN', 'zh_TW', 'en', ... */
  language: string
  /** uni-app's: the locale `getLocale()` returns. */
  appLanguage: string
  platform: string
}

type WithComplete<T> = T & { complete?(res: unknown): void }

/**
 * The `uni` / `wx` object. Callback APIs called without any of
 * success/fail/complete return a promise instead (as both runtimes do since
 * uni-app 3 / base library 2.10.2); otherwise they return undefined.
 */
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
  login(options?: Callbacks<LoginResult> & { provider?: string }): Promise<LoginResult> | undefined
  getSystemInfoSync(): SystemInfo
}

export interface RuntimeOptions {
  pagesJson: PagesJson
  /**
   * Answers request/uploadFile/downloadFile: a reply, or undefined to leave the
   * call pending (answer it later through `runtime.pending()`). Without one,
   * calls fail with `request:fail no handler` (`uploadFile:` / `downloadFile:`).
   */
  handler?: Handler
  /** What `getLocale()` returns; default 'zh-Hans'. */
  locale?: string
  /** How modals are answered: automatically (true = confirm), or by the test; default true. */
  modalAnswer?: boolean | 'manual'
}

export interface MiniProgramRuntime {
  /** uni-shaped; usable as `uni` and as `wx`. */
  api: MiniProgramApi
  /** Every route from pages.json with a leading slash; the first is home. */
  pages: string[]
  /** tabBar routes with a leading slash. */
  tabBarPages: string[]
  /** The page stack as URLs with their query, bottom first. */
  stack(): string[]
  /** The top page. */
  current(): RuntimePage | undefined
  storage: Map<string, unknown>
  /** Make storage throw: on reads, on writes, or both. */
  storageFailure?: 'read' | 'write' | 'both'
  modals: ModalCall[]
  /** How the next modals are answered. */
  modalAnswer: boolean | 'manual'
  toasts: string[]
  navigations: NavigationRecord[]
  /** Codes handed out by `api.login`: 'code-1', 'code-2', ... */
  loginCodes: string[]
  /** Make `api.login` fail with 'login:fail'. */
  loginFails: boolean
  /** Answers requests; may be replaced at any time. */
  handler?: Handler
  /** Every request, upload and download, in order. */
  calls: ScriptedCall[]
  /** Calls not yet answered, failed or aborted. */
  pending(): ScriptedCall[]
  /** Lifecycle log, in order: 'pages/x/y onLoad', ..., 'app onShow', 'app onHide'. */
  events: string[]
  /** Errors thrown by page hooks, listeners and callbacks (caught, as the real runtime does). */
  errors: unknown[]
  /** Launched and in the foreground. */
  readonly appVisible: boolean
  /** Hooks for a page of pages.json (route with or without leading slash); throws for an unknown page. */
  definePage(route: string, hooks: PageHooks): void
  /** Starts the app on `url` (default home) as the only page: app onShow listeners, then onLoad/onShow/onReady. */
  launch(url?: string): Promise<void>
  /** To the background: current page onHide, then app onHide listeners. */
  hideApp(): void
  /** To the foreground: app onShow listeners, then current page onShow. */
  showApp(): void
  /**
   * A native tabBar tap: switches tab at once, without interceptors. Throws
   * unless the top page is a tab page (only they show the tabBar) and `route` is one.
   */
  tapTab(route: string): void
  /**
   * Sets `uni`, `wx`, `getCurrentPages` and `__wxConfig` on target (default
   * globalThis); returns a function restoring what was there.
   */
  install(target?: object): () => void
  /**
   * Lets pending async callbacks run (`rounds` quiet microtask turns after the
   * runtime's own work is done); timers are not advanced. Rejects with the
   * first error a hook or callback threw since the last flush.
   */
  flush(rounds?: number): Promise<void>
}

interface Target {
  route: string
  search: string
  query: Record<string, string>
}

interface Args {
  [key: string]: unknown
  success?(res: unknown): void
  fail?(res: unknown): void
  complete?(res: unknown): void
}

const HOOK_KINDS = ['success', 'fail', 'complete'] as const

const stripSlash = (path: string) => path.replace(/^\/+/, '')

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = decode(eq < 0 ? pair : pair.slice(0, eq))
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1))
    Object.defineProperty(query, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return query
}

/** Resolves a URL like the runtimes do: absolute from the root, relative to `from`'s folder, with `.` and `..`. */
export function resolveUrl(url: string, from?: string): Target {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const search = q < 0 ? '' : url.slice(q + 1)
  const segments = path.startsWith('/') || !from ? [] : from.split('/').slice(0, -1)
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') segments.pop()
    else segments.push(part)
  }
  return { route: segments.join('/'), search, query: parseQuery(search) }
}

/** WeChat's `language` for a uni locale. */
export function wechatLanguage(locale: string): string {
  const l = locale.toLowerCase()
  if (l.startsWith('zh')) return /hant|tw|hk|mo/.test(l) ? 'zh_TW' : 'zh_CN'
  if (l.startsWith('en')) return 'en'
  return locale.replace(/-/g, '_')
}

const typeName = (v: unknown) => Object.prototype.toString.call(v).slice(8, -1)

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function'

export function createMiniProgramRuntime(options: RuntimeOptions): MiniProgramRuntime {
  const { pagesJson } = options
  const routes = [
    ...pagesJson.pages.map((p) => stripSlash(p.path)),
    ...(pagesJson.subPackages ?? []).flatMap((sub) =>
      sub.pages.map((p) => `${stripSlash(sub.root).replace(/\/+$/, '')}/${stripSlash(p.path)}`),
    ),
  ]
  const [first] = routes
  if (first === undefined) throw new Error('mp-runtime: pages.json lists no pages')
  const home: string = first
  const tabRoutes = (pagesJson.tabBar?.list ?? []).map((t) => stripSlash(t.pagePath))
  const routeSet = new Set(routes)
  const tabSet = new Set(tabRoutes)
  for (const tab of tabRoutes) {
    if (!routeSet.has(tab)) throw new Error(`mp-runtime: tabBar page "${tab}" is not in pages`)
  }

  let locale = options.locale ?? 'zh-Hans'
  let appVisible = false
  let pendingTasks = 0
  let reported = 0
  let loginCount = 0
  const stack: RuntimePage[] = []
  /** Tab pages stay alive (hidden) after switching away, until reLaunch / redirectTo closes them. */
  const liveTabs = new Map<string, RuntimePage>()
  const definitions = new Map<string, PageHooks>()
  const interceptors = new Map<string, Interceptor[]>()
  const appShow = new Set<(res: AppShowResult) => void>()
  const appHide = new Set<() => void>()
  const errorListeners = new Set<(message: string) => void>()

  const scripted = createScriptedPlatform((call) => {
    if (runtime.handler) return runtime.handler(call)
    const prefix = call.kind === 'request' ? 'request' : `${call.kind}File`
    return { fail: `${prefix}:fail no handler` }
  })

  function report(error: unknown) {
    runtime.errors.push(error)
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    for (const listener of [...errorListeners]) {
      try {
        listener(message)
      } catch (e) {
        runtime.errors.push(e)
      }
    }
  }

  function safe(fn: () => void) {
    try {
      fn()
    } catch (e) {
      report(e)
    }
  }

  /** Runs fn on a later microtask; `flush` waits for it. */
  function later(fn: () => void) {
    pendingTasks++
    queueMicrotask(() => {
      safe(fn)
      pendingTasks--
    })
  }

  function settle(args: Args, ok: boolean, res: unknown) {
    safe(() => (ok ? args.success?.(res) : args.fail?.(res)))
    safe(() => args.complete?.(res))
  }

  /** Without callbacks, the API returns a promise (already marked handled, so an ignored failure is no crash). */
  function promised(given: Args | undefined): [Args, Promise<unknown> | undefined] {
    const args = given ?? {}
    if (args.success || args.fail || args.complete) return [args, undefined]
    let withCallbacks: Args = args
    const promise = new Promise<unknown>((resolve, reject) => {
      withCallbacks = { ...args, success: resolve, fail: reject }
    })
    promise.catch(() => undefined)
    return [withCallbacks, promise]
  }

  /** Wraps the callbacks so interceptors' success/fail/complete run first; false from one stops the rest. */
  function wrapCallbacks(args: Args, list: Interceptor[]): Args {
    const out: Args = { ...args }
    for (const kind of HOOK_KINDS) {
      const hooks = list.filter((i) => i[kind])
      if (!hooks.length) continue
      const own = args[kind]
      out[kind] = (res: unknown) => {
        for (const i of hooks) if (i[kind]?.(res) === false) return
        own?.call(out, res)
      }
    }
    return out
  }

  function runInvokes(list: Interceptor[], from: number, args: Args, done: (proceed: boolean) => void) {
    for (let n = from; n < list.length; n++) {
      const result = list[n]?.invoke?.(args)
      if (result === false) return done(false)
      if (isThenable(result)) {
        pendingTasks++
        Promise.resolve(result).then(
          (value) => {
            safe(() => (value === false ? done(false) : runInvokes(list, n + 1, args, done)))
            pendingTasks--
          },
          (error) => {
            report(error)
            safe(() => done(false))
            pendingTasks--
          },
        )
        return
      }
    }
    done(true)
  }

  /** uni's invokeApi: interceptors' invoke first (synchronously unless one returns a promise), then the API. */
  function callApi<R>(name: string, args: Args, run: (args: Args) => R, cancelled?: (args: Args) => void) {
    const list = [...(interceptors.get(name) ?? [])]
    let result: R | undefined
    let sync = true
    runInvokes(list, 0, args, (proceed) => {
      if (!proceed) return cancelled?.(args)
      const r = run(wrapCallbacks(args, list))
      if (sync) result = r
    })
    sync = false
    return result
  }

  // ---- pages ----

  const top = () => stack[stack.length - 1]

  function hook(page: RuntimePage, name: PageHookName, query?: Record<string, string>) {
    if (name === 'onLoad') page.loaded = true
    else if (name === 'onShow') page.visible = true
    else if (name === 'onHide') page.visible = false
    else if (name === 'onUnload') {
      page.visible = false
      page.unloaded = true
    }
    runtime.events.push(`${page.route} ${name}`)
    const hooks = definitions.get(page.route)
    safe(() => {
      if (name === 'onLoad') hooks?.onLoad?.call(page, query ?? {})
      else hooks?.[name]?.call(page)
    })
  }

  function open(target: Target) {
    const page: RuntimePage = {
      route: target.route,
      options: target.query,
      url: `/${target.route}${target.search ? `?${target.search}` : ''}`,
      loaded: false,
      visible: false,
      unloaded: false,
    }
    stack.push(page)
    if (tabSet.has(page.route)) liveTabs.set(page.route, page)
    hook(page, 'onLoad', { ...target.query })
    hook(page, 'onShow')
    hook(page, 'onReady')
  }

  /** onUnload, then off the stack (it is still listed during onUnload). */
  function closeTop() {
    const page = top()
    if (!page) return
    hook(page, 'onUnload')
    stack.pop()
    if (liveTabs.get(page.route) === page) liveTabs.delete(page.route)
  }

  function closeAll() {
    while (stack.length) closeTop()
    for (const page of [...liveTabs.values()]) hook(page, 'onUnload')
    liveTabs.clear()
  }

  function hideTop() {
    const page = top()
    if (page?.visible) hook(page, 'onHide')
  }

  function showTop() {
    const page = top()
    if (page && !page.visible) hook(page, 'onShow')
  }

  function switchTo(route: string) {
    const current = top()
    if (stack.length === 1 && current?.route === route) return showTop()
    while (stack.length) {
      const page = top() as RuntimePage
      if (liveTabs.get(page.route) === page) {
        if (page.visible) hook(page, 'onHide')
        stack.pop()
      } else closeTop()
    }
    const alive = liveTabs.get(route)
    if (alive) {
      stack.push(alive)
      showTop()
    } else open({ route, search: '', query: {} })
  }

  /** Checks a navigation; returns the failure text, or the change to make. */
  function plan(api: NavigationApi, args: Args): string | (() => void) {
    if (api === 'navigateBack') {
      if (stack.length <= 1) return 'cannot navigate back at first page.'
      const delta = typeof args.delta === 'number' && args.delta >= 1 ? Math.floor(args.delta) : 1
      const count = Math.min(delta, stack.length - 1)
      return () => {
        for (let n = 0; n < count; n++) closeTop()
        showTop()
      }
    }
    const { url } = args
    if (typeof url !== 'string') return `parameter error: parameter.url should be String instead of ${typeName(url)}`
    const target = resolveUrl(url, top()?.route)
    if (!routeSet.has(target.route)) return `page "${target.route}" is not found`
    const isTab = tabSet.has(target.route)
    switch (api) {
      case 'navigateTo':
        if (isTab) return 'can not navigateTo a tabbar page'
        if (stack.length >= MAX_PAGE_STACK) return 'webview count limit exceed'
        return () => {
          hideTop()
          open(target)
        }
      case 'redirectTo':
        if (isTab) return 'can not redirectTo a tabbar page'
        return () => {
          closeTop()
          open(target)
        }
      case 'reLaunch':
        return () => {
          closeAll()
          open(target)
        }
      case 'switchTab':
        if (!isTab) return 'can not switch to no-tabBar page'
        return () => switchTo(target.route)
    }
  }

  function record(api: NavigationApi, args: Args, ok: boolean, errMsg?: string) {
    const entry: NavigationRecord = { api, ok }
    if (api === 'navigateBack') {
      if (args.delta !== undefined) entry.delta = args.delta as number
    } else entry.url = args.url as string
    if (errMsg !== undefined) entry.errMsg = errMsg
    runtime.navigations.push(entry)
  }

  function navigation(api: NavigationApi, given: Args | undefined) {
    const [args, promise] = promised(given)
    callApi(
      api,
      args,
      (a) =>
        later(() => {
          const change = plan(api, a)
          if (typeof change === 'string') {
            const errMsg = `${api}:fail ${change}`
            record(api, a, false, errMsg)
            return settle(a, false, { errMsg })
          }
          record(api, a, true)
          change()
          settle(a, true, { errMsg: `${api}:ok` })
        }),
      (a) => record(api, a, false, 'intercepted'),
    )
    return promise as Promise<NavigateResult> | undefined
  }

  function transfer(kind: 'request' | 'uploadFile' | 'downloadFile', given: Args) {
    return callApi(kind, given, (a) => {
      const options = {
        ...a,
        success: (res: unknown) => settle(a, true, res),
        fail: (e: unknown) => settle(a, false, e),
      }
      return scripted[kind]?.(options as unknown as PlatformRequestOptions & PlatformUploadOptions)
    })
  }

  // ---- the api ----

  const api: MiniProgramApi = {
    request: (o) => transfer('request', o as unknown as Args),
    uploadFile: (o) => transfer('uploadFile', o as unknown as Args),
    downloadFile: (o) => transfer('downloadFile', o as unknown as Args),
    getStorageSync: (key) => scripted.getStorageSync(key),
    setStorageSync: (key, value) => scripted.setStorageSync(key, value),
    removeStorageSync: (key) => scripted.removeStorageSync(key),
    clearStorageSync: () => scripted.storage.clear(),
    showModal(o) {
      const [args, promise] = promised(o as unknown as Args)
      callApi('showModal', args, (a) => {
        const call: ModalCall = {
          options: args as ModalOptions,
          answered: false,
          answer(confirm) {
            if (call.answered) throw new Error('mp-runtime: this modal was already answered')
            call.answered = true
            call.confirm = confirm
            later(() => settle(a, true, { confirm, cancel: !confirm, errMsg: 'showModal:ok' }))
          },
        }
        runtime.modals.push(call)
        const mode = runtime.modalAnswer
        if (mode !== 'manual') {
          later(() => {
            if (!call.answered) call.answer(mode)
          })
        }
      })
      return promise as Promise<ModalResult> | undefined
    },
    showToast(o) {
      const [args, promise] = promised(o as unknown as Args)
      callApi('showToast', args, (a) => {
        runtime.toasts.push(String(a.title))
        later(() => settle(a, true, { errMsg: 'showToast:ok' }))
      })
      return promise as Promise<{ errMsg: string }> | undefined
    },
    navigateTo: (o) => navigation('navigateTo', o as unknown as Args),
    redirectTo: (o) => navigation('redirectTo', o as unknown as Args),
    reLaunch: (o) => navigation('reLaunch', o as unknown as Args),
    switchTab: (o) => navigation('switchTab', o as unknown as Args),
    navigateBack: (o) => navigation('navigateBack', o as unknown as Args | undefined),
    getCurrentPages: () => [...stack],
    onAppShow: (listener) => void appShow.add(listener),
    offAppShow: (listener) => void appShow.delete(listener),
    onAppHide: (listener) => void appHide.add(listener),
    offAppHide: (listener) => void appHide.delete(listener),
    onError: (listener) => void errorListeners.add(listener),
    offError: (listener) => void errorListeners.delete(listener),
    addInterceptor(name, interceptor) {
      interceptors.set(name, [...(interceptors.get(name) ?? []), interceptor])
    },
    removeInterceptor(name, interceptor) {
      const rest = interceptor ? (interceptors.get(name) ?? []).filter((i) => i !== interceptor) : []
      if (rest.length) interceptors.set(name, rest)
      else interceptors.delete(name)
    },
    getLocale: () => locale,
    setLocale(next) {
      locale = next
    },
    login(o) {
      const [args, promise] = promised(o as unknown as Args)
      callApi('login', args, (a) => {
        const fails = runtime.loginFails
        later(() => {
          if (fails) return settle(a, false, { errMsg: 'login:fail' })
          const code = `code-${++loginCount}`
          runtime.loginCodes.push(code)
          settle(a, true, { code, errMsg: 'login:ok' })
        })
      })
      return promise as Promise<LoginResult> | undefined
    },
    getSystemInfoSync: () => ({ language: wechatLanguage(locale), appLanguage: locale, platform: 'devtools' }),
  }

  function appShowResult(): AppShowResult {
    const page = top()
    return { path: page?.route ?? home, query: { ...page?.options }, scene: 1001 }
  }

  function runAppShow(res: AppShowResult) {
    appVisible = true
    runtime.events.push('app onShow')
    for (const listener of [...appShow]) safe(() => listener(res))
  }

  const runtime: MiniProgramRuntime = {
    api,
    pages: routes.map((r) => `/${r}`),
    tabBarPages: tabRoutes.map((r) => `/${r}`),
    stack: () => stack.map((p) => p.url),
    current: top,
    storage: scripted.storage,
    get storageFailure() {
      return scripted.storageFailure
    },
    set storageFailure(value) {
      scripted.storageFailure = value
    },
    modals: [],
    modalAnswer: options.modalAnswer ?? true,
    toasts: [],
    navigations: [],
    loginCodes: [],
    loginFails: false,
    handler: options.handler,
    calls: scripted.calls,
    pending: () => scripted.pending(),
    events: [],
    errors: [],
    get appVisible() {
      return appVisible
    },

    definePage(route, hooks) {
      const r = stripSlash(route)
      if (!routeSet.has(r)) throw new Error(`mp-runtime: page "${r}" is not in pages.json`)
      definitions.set(r, hooks)
    },

    async launch(url = `/${home}`) {
      const target = resolveUrl(url)
      if (!routeSet.has(target.route)) throw new Error(`mp-runtime: launch: page "${target.route}" is not found`)
      closeAll()
      runAppShow({ path: target.route, query: { ...target.query }, scene: 1001 })
      open(target)
      await runtime.flush()
    },

    hideApp() {
      if (!appVisible) return
      hideTop()
      appVisible = false
      runtime.events.push('app onHide')
      for (const listener of [...appHide]) safe(() => listener())
    },

    showApp() {
      if (appVisible) return
      runAppShow(appShowResult())
      showTop()
    },

    tapTab(route) {
      const r = stripSlash(route)
      if (!tabSet.has(r)) throw new Error(`mp-runtime: tapTab: "${r}" is not a tabBar page`)
      const page = top()
      if (!page || !tabSet.has(page.route)) {
        throw new Error(`mp-runtime: tapTab: no tabBar is shown on ${page ? `"${page.route}"` : 'an app not launched'}`)
      }
      runtime.navigations.push({ api: 'switchTab', url: `/${r}`, ok: true, native: true })
      switchTo(r)
    },

    install(target = globalThis) {
      const host = target as Record<string, unknown>
      const keys = ['uni', 'wx', 'getCurrentPages', '__wxConfig']
      const saved = keys.map((key) => [key, Object.getOwnPropertyDescriptor(host, key)] as const)
      const wxConfig: Record<string, unknown> = { pages: [...routes] }
      if (pagesJson.tabBar) wxConfig.tabBar = { list: tabRoutes.map((pagePath) => ({ pagePath })) }
      host.uni = api
      host.wx = api
      host.getCurrentPages = api.getCurrentPages
      host.__wxConfig = wxConfig
      let done = false
      return () => {
        if (done) return
        done = true
        for (const [key, descriptor] of saved) {
          if (descriptor) Object.defineProperty(host, key, descriptor)
          else delete host[key]
        }
      }
    },

    async flush(rounds = 100) {
      let quiet = 0
      for (let turns = 0; quiet < rounds; turns++) {
        if (turns > 100_000) {
          throw new Error('mp-runtime: flush: callbacks never ran (is queueMicrotask faked? keep it real)')
        }
        await Promise.resolve()
        quiet = pendingTasks > 0 ? 0 : quiet + 1
      }
      if (runtime.errors.length > reported) {
        const error = runtime.errors[reported]
        reported = runtime.errors.length
        throw error
      }
    },
  }

  return runtime
}

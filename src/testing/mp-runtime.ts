/**
 * An in-memory mini program / uni-app runtime for tests: a page stack of at most 10 pages with a
 * tabBar and page lifecycle hooks, uni-style interceptors, storage that keeps JSON copies, modals
 * answered automatically or by the test, `login` codes, app show/hide, and requests answered by a
 * handler (through the scripted platform). Host profiles (`host: 'alipay'`, ...) give the host's
 * own API object as uni-app's compiled layer finds it (`my`, `tt`, `swan`, `qq`), and `api` as
 * uni's layer delivers that host.
 *
 * It follows the real runtimes where they differ from a naive fake: navigation is asynchronous
 * (the stack changes and callbacks run on a later microtask), failures carry WeChat's `errMsg`
 * texts, relative URLs resolve against the current page's folder, `switchTab` drops the query and
 * keeps tab pages alive, and a native tabBar tap bypasses interceptors.
 *
 * It imports no test framework: it runs under jest, vitest, node:test or plain node. Async work is
 * scheduled with `queueMicrotask`, never timers (except a reply's `delay`), so `flush()` also works
 * under fake timers that leave `queueMicrotask` real.
 *
 * Each concept lives in its own file under ./runtime: the schedule of callbacks (scheduler), the
 * callback convention (callbacks), interceptors, the app's pages (app-config), the page stack,
 * navigation, storage, UI calls (ui), network, the app lifecycle, the host account (login) and
 * system info; ./runtime/hosts holds the host profiles. This file composes them.
 */
import { type Account, createAccount } from './runtime/account'
import { type PagesJson, readPagesJson } from './runtime/app-config'
import { HOSTS, type HostName } from './runtime/hosts'
import { createInterceptors } from './runtime/interceptors'
import { createLifecycle } from './runtime/lifecycle'
import { createNavigation, type NavigationRecord } from './runtime/navigation'
import { createNetwork } from './runtime/network'
import { createPageStack, type PageHooks, type RuntimePage } from './runtime/page-stack'
import type { RuntimeParts } from './runtime/parts'
import { createScheduler } from './runtime/scheduler'
import { createScreen, type Screen } from './runtime/screen'
import { createStorage, type StorageFailure } from './runtime/storage'
import { createSystem } from './runtime/system'
import { createUi, type ModalAnswer, type ModalCall } from './runtime/ui'
import { createUniApi, type MiniProgramApi } from './runtime/uni-api'
import type { Handler, Reply, ScriptedCall } from './scripted-platform'

export type { Account } from './runtime/account'
export { type PagesJson, resolveUrl } from './runtime/app-config'
export type { Args, Callbacks } from './runtime/callbacks'
export { type AlipayHostApi, HARMONY_ERRORS, HARMONY_FORM, type HostName, type HostProfile } from './runtime/hosts'
export type { Interceptor } from './runtime/interceptors'
export type { AppShowResult } from './runtime/lifecycle'
export {
  MAX_PAGE_STACK,
  type NavigateBackOptions,
  type NavigateResult,
  type NavigationApi,
  type NavigationRecord,
  type RuntimeNavigateOptions,
} from './runtime/navigation'
export type { PageHookName, PageHooks, RuntimePage } from './runtime/page-stack'
export type {
  ActionSheetAnswer,
  ActionSheetCall,
  NavigationBar,
  Overlay,
  Screen,
  TabBarState,
} from './runtime/screen'
export { UNPROVIDED_APIS } from './runtime/screen'
export type { StorageFailure } from './runtime/storage'
export { type SystemInfo, wechatLanguage } from './runtime/system'
export type { ModalAnswer, ModalCall, ModalResult, RuntimeModalOptions, ToastOptions } from './runtime/ui'
export type { LoginOptions, LoginResult, MiniProgramApi, ScreenOptions, ScreenPromise } from './runtime/uni-api'
export type { Handler, Reply, ScriptedCall }

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
  modalAnswer?: ModalAnswer
  /**
   * The host: its API object (`wx`, `my`, `tt`, `swan`, `qq`) as uni-app's compiled layer finds
   * it, and `api` as that layer delivers it. @default 'weixin'
   */
  host?: HostName
}

export interface MiniProgramRuntime {
  /** uni-shaped; on WeChat usable as `uni` and as `wx`; on another host, `uni` as uni's layer delivers that host. */
  api: MiniProgramApi
  /** The host profile's name. */
  hostName: HostName
  /** The host's own API object (`wx` on WeChat, which is `api`; `my`, `tt`, `swan`, `qq`): what uni's compiled layer wraps. */
  host: object
  /** Every route from pages.json with a leading slash; the first is home. */
  pages: string[]
  /** tabBar routes with a leading slash. */
  tabBarPages: string[]
  /** The page stack as URLs with their query, bottom first. */
  stack(): string[]
  /** The top page. */
  current(): RuntimePage | undefined
  storage: Map<string, unknown>
  /** Make storage fail: on reads, on writes, or both (WeChat and uni throw; Alipay's host reports it). */
  storageFailure?: StorageFailure
  modals: ModalCall[]
  /** The loading overlay, action sheets (and how they are answered), navigation bars, tabBar badges, ... */
  screen: Screen
  /** How the next modals are answered. */
  modalAnswer: ModalAnswer
  toasts: string[]
  navigations: NavigationRecord[]
  /** Codes handed out by `api.login`: 'code-1', 'code-2', ... */
  loginCodes: string[]
  /** Make `api.login` fail with 'login:fail'. */
  loginFails: boolean
  /** The user's account on the host app: codes, anonymous codes (Douyin), logged in to the host, its login box. */
  account: Account
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
   * Sets the host's globals on target (default globalThis) and returns a function restoring what
   * was there. WeChat: `uni`, `wx`, `getCurrentPages` and `__wxConfig`; Alipay: `my` and
   * `getCurrentPages`; Douyin: `tt`, ...; Baidu: `swan`, ...; QQ: `qq`, ..., `__qqConfig`.
   */
  install(target?: object): () => void
  /**
   * Lets pending async callbacks run (`rounds` quiet microtask turns after the
   * runtime's own work is done); timers are not advanced. Rejects with the
   * first error a hook or callback threw since the last flush.
   */
  flush(rounds?: number): Promise<void>
}

export function createMiniProgramRuntime(options: RuntimeOptions): MiniProgramRuntime {
  const profile = HOSTS[options.host ?? 'weixin']
  if (!profile) throw new Error(`mp-runtime: unknown host "${options.host}" (known: ${Object.keys(HOSTS).join(', ')})`)
  const scheduler = createScheduler()
  const config = readPagesJson(options.pagesJson)
  const stack = createPageStack(config, scheduler)
  const parts: RuntimeParts = {
    scheduler,
    config,
    stack,
    navigation: createNavigation(config, stack, scheduler),
    interceptors: createInterceptors(scheduler),
    storage: createStorage(),
    ui: createUi(scheduler, options.modalAnswer ?? true),
    screen: createScreen(),
    network: createNetwork(options.handler),
    lifecycle: createLifecycle(config, stack, scheduler),
    account: createAccount(),
    system: createSystem(options.locale),
  }
  const { storage, ui, network, lifecycle, account, navigation } = parts
  const made = profile.create(parts)
  const api = createUniApi(parts, made.uni)
  const host = made.host ?? api

  const runtime: MiniProgramRuntime = {
    api,
    hostName: profile.name,
    host,
    pages: config.routes.map((r) => `/${r}`),
    tabBarPages: config.tabRoutes.map((r) => `/${r}`),
    stack: () => stack.pages.map((p) => p.url),
    current: stack.top,
    storage: storage.map,
    get storageFailure() {
      return storage.failure
    },
    set storageFailure(value) {
      storage.failure = value
    },
    modals: ui.modals,
    screen: parts.screen,
    get modalAnswer() {
      return ui.modalAnswer
    },
    set modalAnswer(value) {
      ui.modalAnswer = value
    },
    toasts: ui.toasts,
    navigations: navigation.records,
    loginCodes: account.codes,
    get loginFails() {
      return account.fails
    },
    set loginFails(value) {
      account.fails = value
    },
    account,
    get handler() {
      return network.handler
    },
    set handler(value) {
      network.handler = value
    },
    calls: network.calls,
    pending: () => network.pending(),
    events: stack.events,
    errors: scheduler.errors,
    get appVisible() {
      return lifecycle.visible
    },
    definePage: stack.define,
    async launch(url) {
      lifecycle.launch(url)
      await runtime.flush()
    },
    hideApp: () => lifecycle.hide(),
    showApp: () => lifecycle.show(),
    tapTab: (route) => navigation.tapTab(route),
    install(target = globalThis) {
      const globals = profile.globals(parts, api, host)
      const place = target as Record<string, unknown>
      const saved = Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(place, key)] as const)
      Object.assign(place, globals)
      let done = false
      return () => {
        if (done) return
        done = true
        for (const [key, descriptor] of saved) {
          if (descriptor) Object.defineProperty(place, key, descriptor)
          else delete place[key]
        }
      }
    },
    flush: (rounds) => scheduler.flush(rounds),
  }
  return runtime
}

/**
 * The navigation APIs as WeChat runs them: the stack changes on a later microtask, never during
 * the call; a failure leaves the stack alone and carries WeChat's reason ("webview count limit
 * exceed"); `switchTab` drops the query; a native tabBar tap switches without any API call.
 * Every navigation, done, failed or cancelled by an interceptor, is recorded.
 */
import type { NavigateOptions } from '../../auth/platform'
import { type AppConfig, resolveUrl, stripSlash } from './app-config'
import type { Args, Callbacks } from './callbacks'
import type { PageStack } from './page-stack'
import type { Scheduler } from './scheduler'

/** WeChat refuses `navigateTo` once the stack holds this many pages. */
export const MAX_PAGE_STACK = 10

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

export interface NavigateResult {
  errMsg: string
}

export interface RuntimeNavigateOptions extends NavigateOptions {
  complete?(res: unknown): void
}

export interface NavigateBackOptions extends Callbacks<NavigateResult> {
  delta?: number
}

export interface Navigation {
  readonly records: NavigationRecord[]
  /**
   * Checks the call now and changes the stack on a later microtask; `done` hears whether it
   * happened and, if not, WeChat's reason (without the `navigateTo:fail ` prefix).
   */
  navigate(api: NavigationApi, args: Args, done: (ok: boolean, reason?: string) => void): void
  /** Records a call an interceptor cancelled. */
  intercepted(api: NavigationApi, args: Args): void
  /**
   * A native tabBar tap: switches tab at once, without interceptors. Throws unless the top page
   * is a tab page (only they show the tabBar) and `route` is one.
   */
  tapTab(route: string): void
}

const typeName = (v: unknown) => Object.prototype.toString.call(v).slice(8, -1)

export function createNavigation(config: AppConfig, stack: PageStack, scheduler: Scheduler): Navigation {
  const records: NavigationRecord[] = []

  /** Checks a navigation; returns the failure reason, or the change to make. */
  function plan(api: NavigationApi, args: Args): string | (() => void) {
    if (api === 'navigateBack') {
      const depth = stack.pages.length
      if (depth <= 1) return 'cannot navigate back at first page.'
      const delta = typeof args.delta === 'number' && args.delta >= 1 ? Math.floor(args.delta) : 1
      const count = Math.min(delta, depth - 1)
      return () => {
        for (let n = 0; n < count; n++) stack.closeTop()
        stack.showTop()
      }
    }
    const { url } = args
    if (typeof url !== 'string') return `parameter error: parameter.url should be String instead of ${typeName(url)}`
    const target = resolveUrl(url, stack.top()?.route)
    if (!config.isPage(target.route)) return `page "${target.route}" is not found`
    const isTab = config.isTab(target.route)
    switch (api) {
      case 'navigateTo':
        if (isTab) return 'can not navigateTo a tabbar page'
        if (stack.pages.length >= MAX_PAGE_STACK) return 'webview count limit exceed'
        return () => {
          stack.hideTop()
          stack.open(target)
        }
      case 'redirectTo':
        if (isTab) return 'can not redirectTo a tabbar page'
        return () => {
          stack.closeTop()
          stack.open(target)
        }
      case 'reLaunch':
        return () => {
          stack.closeAll()
          stack.open(target)
        }
      case 'switchTab':
        if (!isTab) return 'can not switch to no-tabBar page'
        return () => stack.switchTo(target.route)
    }
  }

  function record(api: NavigationApi, args: Args, ok: boolean, errMsg?: string) {
    const entry: NavigationRecord = { api, ok }
    if (api === 'navigateBack') {
      if (args.delta !== undefined) entry.delta = args.delta as number
    } else entry.url = args.url as string
    if (errMsg !== undefined) entry.errMsg = errMsg
    records.push(entry)
  }

  return {
    records,
    navigate(api, args, done) {
      scheduler.later(() => {
        const change = plan(api, args)
        if (typeof change === 'string') {
          record(api, args, false, `${api}:fail ${change}`)
          return done(false, change)
        }
        record(api, args, true)
        change()
        done(true)
      })
    },
    intercepted: (api, args) => record(api, args, false, 'intercepted'),
    tapTab(route) {
      const r = stripSlash(route)
      if (!config.isTab(r)) throw new Error(`mp-runtime: tapTab: "${r}" is not a tabBar page`)
      const page = stack.top()
      if (!page || !config.isTab(page.route)) {
        throw new Error(`mp-runtime: tapTab: no tabBar is shown on ${page ? `"${page.route}"` : 'an app not launched'}`)
      }
      records.push({ api: 'switchTab', url: `/${r}`, ok: true, native: true })
      stack.switchTo(r)
    },
  }
}

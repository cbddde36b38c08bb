/**
 * The way to the login page and back: the route is saved before leaving (in
 * storage, so a restart keeps it), and after login the user lands where they
 * were. One navigation per episode, however many callers ask at once.
 */
import { appPages, currentPages, type Platform, type PlatformPage } from './platform'
import { formatRoute, parseRoute, type Route, resolveURL, slash } from './routes'
import { store } from './storage'

export interface JourneyOptions {
  /** @default '/pages/login/login' */
  loginPage?: string
  /** Where unsafe or unknown return targets lead. @default the first page of the app */
  homePage?: string
  /**
   * The app's pages. @default the host's list: WeChat `__wxConfig`, QQ `__qqConfig`, H5 `__uniRoutes`.
   * Alipay, Douyin and Baidu tell none: `installAuth` then throws until it is set (e.g. from pages.json).
   */
  pages?: string[]
  /** The tabBar pages (`[]` for none). @default the host's list, as for `pages` */
  tabBarPages?: string[]
}

export interface Journey {
  loginPage: string
  onLoginPage(): boolean
  redirectToLogin(target?: string): Promise<void>
  returnAfterLogin(): Promise<void>
  takeReturnQuery(route?: string): Record<string, string> | undefined
  /** Throws, naming the options to set, when neither they nor the host tell the app's pages. */
  checkPages(): void
  /** What uninstalls this session's `installAuth`, while it is installed. */
  installed?: () => void
}

type Api = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack'
type Navigate = (options: object) => unknown

export function createJourney(platform: Platform, key: string, options: JourneyOptions): Journey {
  const loginPage = slash(options.loginPage || '/pages/login/login')
  const routeKey = `${key}:return`
  const tabQueryKey = `${key}:tab-query`
  let leaving = false
  let returning = false

  /** A page's URL, query included. */
  const urlOf = (page: PlatformPage | undefined) =>
    page && page.route
      ? formatRoute({ path: slash(page.route), query: (page.options || {}) as Record<string, string> })
      : undefined

  /** A stored URL, parsed again: storage is not trusted. */
  const load = (k: string): Route | undefined => {
    try {
      return parseRoute(platform.getStorageSync(k))
    } catch {}
  }

  /**
   * Tries each API in turn until one navigates; a missing API, a throw or a `fail` moves on. A call
   * that never calls back (another interceptor cancelled it: uni then calls nothing) gives up after
   * 3 s without trying the next, so that the journey is never stuck busy.
   */
  const go = async (apis: Api[], url?: string) => {
    for (const api of apis) {
      let timer: ReturnType<typeof setTimeout> | undefined
      const ok = await new Promise((success, fail) => {
        timer = setTimeout(() => success(undefined), 3000)
        ;(platform[api] as Navigate)({ url, success: () => success(true), fail })
      }).then(
        (v) => v,
        () => false,
      )
      clearTimeout(timer)
      if (ok !== false) return !!ok
    }
    return false
  }

  /** The app's pages and tab pages: the options', else the host's (undefined where neither tells). */
  const known = () => {
    const app = appPages() || { pages: undefined, tabBar: undefined }
    return { pages: options.pages || app.pages, tabBar: options.tabBarPages || app.tabBar }
  }

  const top = () => currentPages(platform).slice(-1)[0]
  const onLoginPage = () => slash((top() || {}).route || '') === loginPage

  return {
    loginPage,
    onLoginPage,

    async redirectToLogin(target) {
      if (leaving || onLoginPage()) return
      leaving = true
      try {
        const from = top()
        // A relative target is the page it names from the current one (`../order/detail?id=3`).
        const route = parseRoute(target === undefined ? urlOf(from) : resolveURL(target, (from && from.route) || ''))
        // A new episode: what an abandoned one left is overwritten or cleared, never returned to.
        // Storage full or unavailable: the user still gets to the login page.
        store(platform, routeKey, route && route.path !== loginPage && formatRoute(route))
        store(platform, tabQueryKey)
        await go([currentPages(platform).length >= 10 ? 'redirectTo' : 'navigateTo', 'reLaunch'], loginPage)
      } finally {
        leaving = false
      }
    },

    async returnAfterLogin() {
      if (returning) return
      returning = true
      try {
        const app = known()
        const pages = (app.pages || []).map(slash)
        const tabBar = (app.tabBar || []).map(slash)
        const home = slash(options.homePage || pages.filter((p) => p !== loginPage)[0] || '/pages/index/index')
        const saved = load(routeKey)
        store(platform, routeKey)
        const target =
          saved && saved.path !== loginPage && (!pages.length || pages.indexOf(saved.path) >= 0)
            ? saved
            : { path: home, query: {} }
        const url = formatRoute(target)
        const current = currentPages(platform)
        const isTab = tabBar.indexOf(target.path) >= 0
        if (urlOf(current[current.length - 2]) === url && onLoginPage() && (await go(['navigateBack']))) return
        // switchTab drops the query: the page takes it back with takeReturnQuery(); none is left for another time.
        store(platform, tabQueryKey, isTab && url)
        if (await go(isTab ? ['switchTab'] : ['redirectTo', 'reLaunch'], isTab ? target.path : url)) return
        await go(['reLaunch', 'switchTab'], home)
      } finally {
        returning = false
      }
    },

    checkPages() {
      const app = known()
      if (!app.pages || !app.tabBar) {
        throw new TypeError(
          'uni-session: the host does not tell the pages: pass `pages` and `tabBarPages` to createAuth()',
        )
      }
    },

    takeReturnQuery(route) {
      const saved = load(tabQueryKey)
      if (!saved || (route !== undefined && slash(route) !== saved.path)) return undefined
      store(platform, tabQueryKey)
      return saved.query
    },
  }
}

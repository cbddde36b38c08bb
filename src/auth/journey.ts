/**
 * The way to the login page and back: the route is saved before leaving (in
 * storage, so a restart keeps it), and after login the user lands where they
 * were. One navigation per episode, however many callers ask at once.
 */
import { appPages, currentPages, type Platform, type PlatformPage } from './platform'
import { formatRoute, parseRoute, type Route, resolveURL, slash } from './routes'
import { store } from './storage'

export interface JourneyOptions {
  /**
   * The login page, or `false` where the app has none (a mini program that signs in silently: no
   * navigation, the stopped page waits for `installAuth`'s `silentLogin`). Per platform, e.g.
   * `process.env.UNI_PLATFORM === 'h5' ? '/pages/login/login' : false`.
   * @default '/pages/login/login'
   */
  loginPage?: string | false
  /**
   * The app's own way to its login page, in place of `navigateTo(loginPage)`: it gets the page to
   * come back to (`target`, a URL such as `/pages/order/detail?id=7`, or undefined) and the login
   * page, e.g. to add the `?redirect=` its login page reads. The target is saved before, so
   * `returnAfterLogin()` works either way. Not called where `loginPage` is `false`. If it throws or
   * rejects, `debug` hears `navigation_failed` and `redirectToLogin()` still resolves (never rejects).
   * @example
   * navigateToLogin: ({ target, loginPage }) =>
   *   uni.navigateTo({ url: `${loginPage}?redirect=${encodeURIComponent(target || '')}` })
   */
  navigateToLogin?: (context: { target?: string; loginPage: string }) => unknown
  /**
   * The query parameter in which the app's login page is given its return target
   * (`/pages/login/login?redirect=%2Fpages%2Forder%2Fdetail%3Fid%3D7`): `returnAfterLogin()` goes
   * there first, when it is one of the app's pages. @default 'redirect'
   */
  redirectParam?: string
  /**
   * Where unsafe or unknown return targets lead.
   * @default the first tabBar page, else the first page of the app that is not the login page
   */
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
  /** The login page, `''` where the app has none. */
  loginPage: string
  /** There is a login page to go to. */
  navigates: boolean
  onLoginPage(): boolean
  redirectToLogin(target?: string): Promise<void>
  returnAfterLogin(): Promise<void>
  takeReturnQuery(route?: string): Record<string, string> | undefined
  /** The app's pages and tab pages: the options', else the host's (undefined where neither tells). */
  known(): { pages?: string[]; tabBar?: string[] }
  /** The app goes to its login page its own way (`navigateToLogin`). */
  ownNavigation: boolean
  /** What uninstalls this session's `installAuth`, while it is installed. */
  installed?: () => void
  /** Where there is no login page: the silent login `installAuth` was given, run again. */
  relogin?: () => Promise<unknown>
}

type Api = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack'
type Navigate = (options: object) => unknown

export function createJourney(
  platform: Platform,
  key: string,
  options: JourneyOptions,
  report: (type: 'navigation_failed', error: unknown) => void,
): Journey {
  const given = options.loginPage
  const loginPage = given === false ? '' : slash(given || '/pages/login/login')
  const redirectParam = options.redirectParam || 'redirect'
  const toLogin = options.navigateToLogin
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
  const onLoginPage = () => !!loginPage && slash((top() || {}).route || '') === loginPage

  /** The return target the app's own guard gave its login page (`?redirect=`), when on that page. */
  const redirected = (): Route | undefined => {
    const page = top()
    const value = onLoginPage() && page && page.options && (page.options as Record<string, unknown>)[redirectParam]
    if (typeof value !== 'string' || !value) return undefined
    // H5 hands the page its query decoded, WeChat as it was written (`%2Fpages%2F...`).
    let url = value
    try {
      if (url.charAt(0) !== '/') url = decodeURIComponent(url)
    } catch {}
    return parseRoute(url)
  }

  const this_: Journey = {
    loginPage,
    navigates: !!loginPage,
    onLoginPage,

    async redirectToLogin(target) {
      if (leaving || onLoginPage()) return
      leaving = true
      try {
        const from = top()
        // A relative target is the page it names from the current one (`../order/detail?id=3`).
        const route = parseRoute(target === undefined ? urlOf(from) : resolveURL(target, (from && from.route) || ''))
        const url = route && route.path !== loginPage ? formatRoute(route) : undefined
        // A new episode: what an abandoned one left is overwritten or cleared, never returned to.
        // Storage full or unavailable: the user still gets to the login page.
        store(platform, routeKey, url)
        store(platform, tabQueryKey)
        // No login page: the silent login is the way in (the app's navigateToLogin is for its login page).
        if (!loginPage) {
          if (this_.relogin) await this_.relogin()
        } else if (toLogin) {
          // As `go` does: a navigation an interceptor cancelled never settles (uni's promise), and must
          // not leave the journey busy for good.
          // An app's navigation that throws or rejects is the app's to hear (`debug`), as the built-in one's
          // failures are not an error: redirectToLogin settles, the next session end tries again.
          let timer: ReturnType<typeof setTimeout> | undefined
          try {
            await Promise.race([toLogin({ target: url, loginPage }), new Promise((r) => (timer = setTimeout(r, 3000)))])
          } catch (e) {
            report('navigation_failed', e)
          } finally {
            clearTimeout(timer)
          }
        } else await go([currentPages(platform).length >= 10 ? 'redirectTo' : 'navigateTo', 'reLaunch'], loginPage)
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
        // Not the login page, which is the first page of apps that open on it (RuoYi-App).
        const home = slash(
          options.homePage || tabBar.concat(pages).filter((p) => p !== loginPage)[0] || '/pages/index/index',
        )
        const ok = (r: Route | undefined) =>
          r && r.path !== loginPage && (!pages.length || pages.indexOf(r.path) >= 0) ? r : undefined
        const saved = load(routeKey)
        store(platform, routeKey)
        // The target the app's own guard put in the login page's query is the newer word.
        const target = ok(redirected()) || ok(saved) || { path: home, query: {} }
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

    known,
    ownNavigation: !!toLogin,

    takeReturnQuery(route) {
      const saved = load(tabQueryKey)
      if (!saved || (route !== undefined && slash(route) !== saved.path)) return undefined
      store(platform, tabQueryKey)
      return saved.query
    },
  }
  return this_
}

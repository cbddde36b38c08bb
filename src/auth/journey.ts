/**
 * The way to the login page and back: the route is saved before leaving (in
 * storage, so a restart keeps it), and after login the user lands where they
 * were. One navigation per episode, however many callers ask at once.
 */
import { appPages, currentPages, type Platform } from './platform'
import { formatRoute, parseRoute, type Route, slash } from './routes'

export interface JourneyOptions {
  /** @default '/pages/login/login' */
  loginPage?: string
  /** Where unsafe or unknown return targets lead. @default the first page of the app */
  homePage?: string
  /** The app's pages. @default the runtime's list (`__wxConfig` / `__uniRoutes`) */
  pages?: string[]
  /** The tabBar pages. @default the runtime's list */
  tabBarPages?: string[]
}

export interface Journey {
  loginPage: string
  onLoginPage(): boolean
  redirectToLogin(target?: string): Promise<void>
  returnAfterLogin(): Promise<void>
  takeReturnQuery(route?: string): Record<string, string> | undefined
}

type Api = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack'

export function createJourney(platform: Platform, key: string, options: JourneyOptions): Journey {
  const loginPage = slash(options.loginPage || '/pages/login/login')
  const routeKey = `${key}:return`
  const tabQueryKey = `${key}:tab-query`
  let leaving = false
  let returning = false

  const known = () => {
    const app = appPages()
    const pages = (options.pages || app.pages).map(slash)
    return {
      pages,
      tabBar: (options.tabBarPages || app.tabBar).map(slash),
      home: slash(options.homePage || pages.filter((p) => p !== loginPage)[0] || '/pages/index/index'),
    }
  }

  const stack = () => currentPages(platform)
  const routeOf = (page: { route?: string; options?: Record<string, string | undefined> } | undefined) =>
    page && page.route ? { path: slash(page.route), query: (page.options || {}) as Record<string, string> } : undefined

  const store = (k: string, value?: Route) => {
    try {
      if (value) platform.setStorageSync(k, value)
      else platform.removeStorageSync(k)
    } catch {
      // storage full or unavailable: the user still gets to the login page
    }
  }

  /** A stored route, re-checked: storage is not trusted. */
  const load = (k: string): Route | undefined => {
    try {
      const v = platform.getStorageSync(k) as Route | undefined
      return v && typeof v.path === 'string' && typeof (v.query || {}) === 'object'
        ? parseRoute(formatRoute({ path: v.path, query: v.query || {} }))
        : undefined
    } catch {
      return undefined
    }
  }

  const go = (api: Api, url?: string) =>
    new Promise<boolean>((resolve) => {
      const fn = platform[api] as ((o: object) => void) | undefined
      if (!fn) return resolve(false)
      try {
        fn.call(platform, { url, success: () => resolve(true), fail: () => resolve(false) })
      } catch {
        resolve(false)
      }
    })

  const onLoginPage = () => {
    const top = routeOf(stack().slice(-1)[0])
    return !!top && top.path === loginPage
  }

  return {
    loginPage,
    onLoginPage,

    async redirectToLogin(target) {
      if (leaving || onLoginPage()) return
      leaving = true
      try {
        const pages = stack()
        const route = target === undefined ? routeOf(pages[pages.length - 1]) : parseRoute(target)
        if (route && route.path !== loginPage) store(routeKey, route)
        ;(await go(pages.length >= 10 ? 'redirectTo' : 'navigateTo', loginPage)) || (await go('reLaunch', loginPage))
      } finally {
        leaving = false
      }
    },

    async returnAfterLogin() {
      if (returning) return
      returning = true
      try {
        const { pages, tabBar, home } = known()
        const saved = load(routeKey)
        store(routeKey)
        const target =
          saved && saved.path !== loginPage && (!pages.length || pages.indexOf(saved.path) >= 0)
            ? saved
            : { path: home, query: {} }
        const url = formatRoute(target)
        const current = stack()
        const below = routeOf(current[current.length - 2])
        if (below && formatRoute(below) === url && onLoginPage()) {
          if (await go('navigateBack')) return
        }
        if (tabBar.indexOf(target.path) >= 0) {
          // switchTab drops the query: the page takes it back with takeReturnQuery().
          store(tabQueryKey, target)
          if (await go('switchTab', target.path)) return
        } else if ((await go('redirectTo', url)) || (await go('reLaunch', url))) {
          return
        }
        ;(await go('reLaunch', home)) || (await go('switchTab', home))
      } finally {
        returning = false
      }
    },

    takeReturnQuery(route) {
      const saved = load(tabQueryKey)
      if (!saved || (route !== undefined && slash(route) !== saved.path)) return undefined
      store(tabQueryKey)
      return saved.query
    },
  }
}

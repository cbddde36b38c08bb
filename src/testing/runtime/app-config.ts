/**
 * The app's pages as pages.json (or a compiled app.json) lists them, and how a URL names one:
 * absolute from the root, or relative to the current page's folder, with `.` and `..`.
 */

export interface PagesJson {
  pages: Array<{ path: string }>
  /** uni-app `subPackages` (WeChat `subpackages`): their pages are `root/path`. */
  subPackages?: Array<{ root: string; pages: Array<{ path: string }> }>
  tabBar?: { list: Array<{ pagePath: string }> }
}

/** The routes of the app, without a leading slash ('pages/x/y'), as the hosts name them. */
export interface AppConfig {
  /** Every route, the first is home. */
  routes: string[]
  home: string
  tabRoutes: string[]
  isPage(route: string): boolean
  isTab(route: string): boolean
}

/** A URL resolved to a page route, with its query as given and decoded. */
export interface Target {
  route: string
  search: string
  query: Record<string, string>
}

export const stripSlash = (path: string) => path.replace(/^\/+/, '')

export function readPagesJson(pagesJson: PagesJson): AppConfig {
  const routes = [
    ...pagesJson.pages.map((p) => stripSlash(p.path)),
    ...(pagesJson.subPackages ?? []).flatMap((sub) =>
      sub.pages.map((p) => `${stripSlash(sub.root).replace(/\/+$/, '')}/${stripSlash(p.path)}`),
    ),
  ]
  const [home] = routes
  if (home === undefined) throw new Error('mp-runtime: pages.json lists no pages')
  const tabRoutes = (pagesJson.tabBar?.list ?? []).map((t) => stripSlash(t.pagePath))
  const routeSet = new Set(routes)
  const tabSet = new Set(tabRoutes)
  for (const tab of tabRoutes) {
    if (!routeSet.has(tab)) throw new Error(`mp-runtime: tabBar page "${tab}" is not in pages`)
  }
  return { routes, home, tabRoutes, isPage: (r) => routeSet.has(r), isTab: (r) => tabSet.has(r) }
}

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

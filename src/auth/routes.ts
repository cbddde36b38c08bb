/** An in-app route: a page path with a leading slash, and its query. */
export interface Route {
  path: string
  query: Record<string, string>
  /**
   * The URL as written, when its query cannot be decoded (`?q=100%`): the page gets it back as
   * it was asked for, not re-encoded.
   */
  raw?: string
}

export const slash = (route: string): string => (route.charAt(0) === '/' ? route : `/${route}`)

/**
 * Parses `/pages/x/y?a=1`. Anything that is not a plain in-app path (a scheme,
 * `//host`, `..`, `%`-encoded tricks, odd characters) gives `undefined`, never
 * an exception. A query that cannot be decoded (`q=100%`) is kept as written
 * (`raw`): the path alone decides whether the route is one of the app's.
 */
export function parseRoute(url: unknown): Route | undefined {
  const match = typeof url === 'string' && /^\/?[\w-]+(\/[\w-]+)*(?=\?|$)/.exec(url)
  if (!match) return undefined
  const path = match[0]
  const query: Record<string, string> = {}
  let raw: string | undefined
  for (const pair of (url as string).slice(path.length + 1).split('&')) {
    // `a=b=c` is `a` -> `b=c`; `a` alone is `a` -> ''
    const name = pair.split('=')[0] as string
    const value = pair.slice(name.length + 1)
    try {
      if (pair) query[decodeURIComponent(name)] = decodeURIComponent(value)
    } catch {
      query[name] = value
      raw = `${slash(path)}${(url as string).slice(path.length)}`
    }
  }
  return raw ? { path: slash(path), query, raw } : { path: slash(path), query }
}

export function formatRoute(route: Route): string {
  if (route.raw) return route.raw
  let query = ''
  for (const key in route.query) {
    query += `&${encodeURIComponent(key)}=${encodeURIComponent(route.query[key] as string)}`
  }
  return query ? `${route.path}?${query.slice(1)}` : route.path
}

/**
 * The URL of the page a navigation opens, query as given: resolved against the page it is opened
 * from (`from`, e.g. `pages/a/b`), empty and `.` segments dropped and `..` applied, as WeChat
 * resolves it: `//pages/a/b/`, `/pages/./a/b` and `../a/b` all name a page. Never stricter than
 * the runtime, so that the guard decides on the page that would open.
 */
export function resolveURL(url: string, from: string): string {
  const split = url.split('?')
  const parts = url.charAt(0) === '/' ? [] : from.split('/').slice(0, -1)
  for (const segment of (split[0] as string).split('/')) {
    if (segment === '..') parts.pop()
    else if (segment && segment !== '.') parts.push(segment)
  }
  split[0] = slash(parts.join('/'))
  return split.join('?')
}

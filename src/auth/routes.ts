/** An in-app route: a page path with a leading slash, and its query. */
export interface Route {
  path: string
  query: Record<string, string>
}

export const slash = (route: string): string => (route.charAt(0) === '/' ? route : `/${route}`)

/**
 * Parses `/pages/x/y?a=1`. Anything that is not a plain in-app path (a scheme,
 * `//host`, `..`, `%`-encoded tricks, odd characters) gives `undefined`, never
 * an exception.
 */
export function parseRoute(url: unknown): Route | undefined {
  const match = typeof url === 'string' && /^\/?[\w-]+(\/[\w-]+)*(?=\?|$)/.exec(url)
  if (!match) return undefined
  const path = match[0]
  const query: Record<string, string> = {}
  for (const pair of (url as string).slice(path.length + 1).split('&')) {
    // `a=b=c` is `a` -> `b=c`; `a` alone is `a` -> ''
    const name = pair.split('=')[0] as string
    try {
      if (pair) query[decodeURIComponent(name)] = decodeURIComponent(pair.slice(name.length + 1))
    } catch {
      return undefined
    }
  }
  return { path: slash(path), query }
}

export function formatRoute(route: Route): string {
  let query = ''
  for (const key in route.query) {
    query += `&${encodeURIComponent(key)}=${encodeURIComponent(route.query[key] as string)}`
  }
  return query ? `${route.path}?${query.slice(1)}` : route.path
}

/** Resolves a navigation URL against the page it is opened from, as the runtime does. */
export function resolveURL(url: string, from: string): string {
  if (url.charAt(0) === '/') return url
  const q = url.indexOf('?')
  const parts = from.split('/').slice(0, -1)
  for (const segment of (q < 0 ? url : url.slice(0, q)).split('/')) {
    if (segment === '..') parts.pop()
    else if (segment !== '.') parts.push(segment)
  }
  return slash(parts.filter(Boolean).join('/')) + (q < 0 ? '' : url.slice(q))
}

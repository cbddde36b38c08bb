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
  if (typeof url !== 'string') return undefined
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  if (!/^\/?[\w-]+(\/[\w-]+)*$/.test(path)) return undefined
  const query: Record<string, string> = {}
  for (const pair of q < 0 ? [] : url.slice(q + 1).split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    try {
      query[decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))] = decodeURIComponent(
        eq < 0 ? '' : pair.slice(eq + 1),
      )
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

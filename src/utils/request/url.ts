/** URLs without `URL` (a mini program has none): origins as browsers read them, and query parameters. */
import type { Params } from './types'

/** A scheme and host; a backslash counts as a slash, as browsers read it. */
export const ORIGIN = /^([a-z][a-z\d+.-]*:)?[/\\]{2}[^/\\?#]*/i

/**
 * The origin, lower-cased, without a default port: `https://API.test:443/x` -> `https://api.test`;
 * `''` for a relative URL. Read as browsers read it: tabs and newlines dropped, leading controls
 * and spaces too; a URL with a scheme but no `//` (`https:evil.test`) is its own, untrusted, origin.
 */
export const originOf = (url: string) => {
  const u = url.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+/, '')
  const m = ORIGIN.exec(u) || /^[a-z][a-z\d+.-]*:.*/i.exec(u) || ['']
  return m[0].toLowerCase().replace(/^(https:.*):443$|^(http:.*):80$/, '$1$2')
}

/**
 * Appends `params` to the query, before any `#hash` (`null` / `undefined` skipped, arrays repeated).
 * A nested object goes as `key[sub]=…`, its name percent-encoded as RuoYi's `tansParams` and qs do
 * (`params%5BbeginTime%5D=2026-01-01`, which Spring binds to `params.beginTime`).
 */
export function withParams(url: string, params?: Params): string {
  let query = ''
  const add = (name: string, value: unknown) => {
    if (value == null) return
    // A Date is a value (its text, as before), not an object to spell out.
    if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      for (const sub in value as Record<string, unknown>)
        add(`${name}[${sub}]`, (value as Record<string, unknown>)[sub])
      return
    }
    for (const v of ([] as unknown[]).concat(value))
      query += `&${encodeURIComponent(name)}=${encodeURIComponent(String(v))}`
  }
  for (const key in params) add(key, params[key])
  return query ? url.replace(/^[^#]*/, (base) => `${base}${base.indexOf('?') < 0 ? '?' : '&'}${query.slice(1)}`) : url
}

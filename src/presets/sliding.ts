/**
 * Servers that hand a fresh token back in ordinary responses instead of a refresh endpoint: a
 * response header (vue-element-admin's `authorization`, a custom `x-new-token`) or a body field
 * (uni-id's `newToken: { token, tokenExpired }`, see `uniId()`).
 */
import { bodyOf, headerOf, type Preset } from './shared'

export interface SlidingOptions {
  /** The response header that carries the fresh token; `false` for none. @default 'x-new-token' */
  header?: string | false
  /** The body field that carries it (a token, or `{ token, tokenExpired }` as uni-id sends). @default none */
  field?: string
}

/** A fresh token as tokens: a bare string, or uni-id's `{ token, tokenExpired }` (an absolute time in ms). */
export function renewedToken(value: unknown, now: number = Date.now()) {
  if (typeof value === 'string') return value || undefined
  const v = bodyOf(value)
  if (typeof v.token !== 'string' || !v.token) return undefined
  const expired = Number(v.tokenExpired)
  return { accessToken: v.token, expiresIn: expired > now ? (expired - now) / 1000 : undefined }
}

/**
 * @example
 * const auth = createAuth({ ...sliding({ header: 'x-new-token' }) })
 */
export function sliding(options: SlidingOptions = {}): Preset {
  const name = options.header === undefined ? 'x-new-token' : options.header
  const field = options.field
  return {
    renewal: (res) =>
      (name ? renewedToken(headerOf(res.header, name)) : undefined) ||
      (field ? renewedToken(bodyOf(res.data)[field]) : undefined),
  }
}

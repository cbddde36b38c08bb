import { LoginError } from './errors'
import { DEV } from './platform/build'

/** Tokens as a server sends them: top level, or under `data` (`{ code, msg, data }`). */
export interface TokenInput {
  accessToken: string
  refreshToken?: string
  /** Seconds until the access token expires, counted from receipt. */
  expiresIn?: number
  /** Seconds until the refresh token expires, counted from receipt. */
  refreshExpiresIn?: number
  /** OAuth2's `token_type` (`Bearer`, `DPoP`...): the scheme of the `Authorization` header. @default 'Bearer' */
  tokenType?: string
}

/** Tokens as the session keeps them: expiries as deadlines on the local clock (ms). */
export interface Tokens {
  accessToken: string
  refreshToken?: string
  expiresAt?: number
  /** When a refresh is due: `leeway` before `expiresAt`, or halfway through a short lifetime. */
  refreshAt?: number
  refreshExpiresAt?: number
  tokenType?: string
}

type Loose = Record<string, unknown>

/** A positive number of seconds (numeric strings accepted), else `undefined`. */
const seconds = (v: unknown): number | undefined => {
  const n = Number(v)
  return n > 0 && n < 1e10 ? n : undefined
}

/** Has a non-empty string `accessToken`. */
export const usable = (input: { accessToken?: unknown } | null | undefined): input is TokenInput =>
  !!input && typeof input.accessToken === 'string' && !!input.accessToken

/** A body as an object: JSON text is parsed, anything else is `undefined`. */
export function asObject(body: unknown): Loose | undefined {
  try {
    if (typeof body === 'string') body = JSON.parse(body)
  } catch {
    return undefined
  }
  return body && typeof body === 'object' ? (body as Loose) : undefined
}

/** The business code of a body object (`code`, `errCode` or `error`), if any. */
export function codeOf(body: unknown): unknown {
  const o = (body && typeof body === 'object' ? body : {}) as Loose
  return o.code != null ? o.code : o.errCode != null ? o.errCode : o.error
}

/** A field by its camelCase name or its snake_case one (`refreshToken` / `refresh_token`). */
const field = (o: Loose, name: string) => {
  const v = o[name]
  return v != null ? v : o[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]
}

/**
 * Reads `{ accessToken, refreshToken, expiresIn?, refreshExpiresIn? }` (or the
 * OAuth snake_case names) from a body or its `data` envelope.
 */
export function readTokenInput(body: unknown): TokenInput | undefined {
  let o = asObject(body)
  if (o && !field(o, 'accessToken')) o = asObject(o.data)
  const accessToken = o && field(o, 'accessToken')
  if (!o || typeof accessToken !== 'string' || !accessToken) return undefined
  const refreshToken = field(o, 'refreshToken')
  const tokenType = field(o, 'tokenType')
  return {
    accessToken,
    refreshToken: refreshToken && typeof refreshToken === 'string' ? refreshToken : undefined,
    expiresIn: seconds(field(o, 'expiresIn')),
    refreshExpiresIn: seconds(field(o, 'refreshExpiresIn')),
    tokenType: typeof tokenType === 'string' && tokenType ? tokenType : undefined,
  }
}

/** The claims of a JWT, or `undefined`. No `atob` in a mini program, so by hand (base64url or base64). */
export function jwtClaims(token: string): Loose | undefined {
  const part = (token.split('.')[1] || '').replace(/=+$/, '')
  if (/[^\w+/-]/.test(part)) return undefined
  let bits = 0
  let acc = 0
  let text = ''
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i)
    // a-z, _, A-Z, 0-9, then / and the -+ pair: the 64 digits without a lookup table
    acc = (acc << 6) | (c > 96 ? c - 71 : c > 94 ? 63 : c > 64 ? c - 65 : c > 47 ? c + 4 : c > 46 ? 63 : 62)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      text += String.fromCharCode((acc >> bits) & 255)
    }
  }
  // Bytes as Latin-1: the numeric claims we read survive; other claims are not used.
  return asObject(text)
}

/**
 * Turns what the server sent into deadlines on the local clock. A relative
 * `expiresIn` is counted from receipt, so a device clock that is off does not
 * matter; a JWT `exp` alone is corrected by the server's `iat`, else by its
 * `Date` header, else taken as it is. Without a refresh token, `from`'s is kept
 * with its deadline (a server that refreshes or renews only the access token).
 */
export function toTokens(input: TokenInput, now: number, serverDate?: number, from?: Tokens): Tokens {
  const keep = !input.refreshToken && from
  const claims = input.expiresIn ? undefined : jwtClaims(input.accessToken) || {}
  const exp = claims && seconds(claims.exp)
  const iat = claims && seconds(claims.iat)
  return {
    accessToken: input.accessToken,
    refreshToken: keep ? from.refreshToken : input.refreshToken,
    expiresAt: input.expiresIn
      ? now + input.expiresIn * 1000
      : exp && (iat ? now + (exp - iat) * 1000 : exp * 1000 + (serverDate ? now - serverDate : 0)),
    refreshExpiresAt: keep ? from.refreshExpiresAt : input.refreshExpiresIn && now + input.refreshExpiresIn * 1000,
    tokenType: input.tokenType,
  }
}

/**
 * Why `signIn` got nothing it could use, as a `LoginError`: the server's own message when the
 * answer carries one (RuoYi's and Sa-Token's wrong password is HTTP 200 `{ code: 500, msg }`; uni-id's
 * `errMsg`; OAuth2's `error_description`), else the fields looked for and the keys got (never their
 * values: they may be secrets).
 */
export function refusedLogin(body: unknown, custom: boolean): LoginError {
  const o = asObject(body)
  const inner = o && asObject(o.data)
  let words: string | undefined
  for (const x of [o, inner])
    for (const k of ['msg', 'message', 'errMsg', 'error_description']) {
      const v = x && x[k]
      if (!words && typeof v === 'string' && v.trim()) words = v
    }
  const keys = (x: Loose) => Object.keys(x).join(', ') || 'none'
  const e = new LoginError(
    words ||
      (DEV
        ? `uni-session: signIn got no usable tokens: looked for ${custom ? 'what parseTokens reads, then ' : ''}accessToken / access_token (at the top or under data); got ${o ? `keys: ${keys(o)}${inner ? `; under data: ${keys(inner)}` : ''}` : typeof body}`
        : 'uni-session: signIn got no usable tokens'),
  )
  e.serverMessage = words
  e.code = o && codeOf(o)
  return e
}

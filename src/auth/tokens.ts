/** Tokens as a server sends them: top level, or under `data` (`{ code, msg, data }`). */
export interface TokenInput {
  accessToken: string
  refreshToken?: string
  /** Seconds until the access token expires, counted from receipt. */
  expiresIn?: number
  /** Seconds until the refresh token expires, counted from receipt. */
  refreshExpiresIn?: number
}

/** Tokens as the session keeps them: expiries as deadlines on the local clock (ms). */
export interface Tokens {
  accessToken: string
  refreshToken?: string
  expiresAt?: number
  refreshExpiresAt?: number
}

type Loose = Record<string, unknown>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v ? Number(v) : v
  return typeof n === 'number' && n > 0 && n < 1e10 ? n : undefined
}

/** A body as an object: JSON text is parsed, anything else is `undefined`. */
export function asObject(body: unknown): Loose | undefined {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      return undefined
    }
  }
  return body && typeof body === 'object' ? (body as Loose) : undefined
}

/** The business code of a body (`code`, `errCode` or `error`), if any. */
export function codeOf(body: unknown): unknown {
  const o = asObject(body)
  return o && (o.code ?? o.errCode ?? o.error)
}

/**
 * Reads `{ accessToken, refreshToken, expiresIn?, refreshExpiresIn? }` (or the
 * OAuth snake_case names) from a body or its `data` envelope.
 */
export function readTokenInput(body: unknown): TokenInput | undefined {
  let o = asObject(body)
  if (o && !o.accessToken && !o.access_token) o = asObject(o.data)
  const accessToken = o && str(o.accessToken ?? o.access_token)
  if (!o || !accessToken) return undefined
  return {
    accessToken,
    refreshToken: str(o.refreshToken ?? o.refresh_token),
    expiresIn: num(o.expiresIn ?? o.expires_in),
    refreshExpiresIn: num(o.refreshExpiresIn ?? o.refresh_expires_in),
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The claims of a JWT, or `undefined`. No `atob` in a mini program, so by hand. */
export function jwtClaims(token: string): Loose | undefined {
  const part = token.split('.')[1]
  if (!part) return undefined
  let bits = 0
  let acc = 0
  let text = ''
  const b64 = part.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  for (let i = 0; i < b64.length; i++) {
    const v = B64.indexOf(b64.charAt(i))
    if (v < 0) return undefined
    acc = (acc << 6) | v
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
 * `Date` header, else taken as it is.
 */
export function toTokens(input: TokenInput, now: number, serverDate?: number): Tokens {
  const tokens: Tokens = { accessToken: input.accessToken, refreshToken: input.refreshToken }
  if (input.expiresIn) {
    tokens.expiresAt = now + input.expiresIn * 1000
  } else {
    const claims = jwtClaims(input.accessToken)
    const exp = claims && num(claims.exp)
    if (exp) {
      const iat = num(claims.iat)
      tokens.expiresAt = iat ? now + (exp - iat) * 1000 : exp * 1000 + (serverDate ? now - serverDate : 0)
    }
  }
  if (input.refreshExpiresIn) tokens.refreshExpiresAt = now + input.refreshExpiresIn * 1000
  return tokens
}

/**
 * Sa-Token: the token in a `satoken` header (`tokenName`, with an optional `tokenPrefix`), no refresh
 * token by default, and `NotLoginException` for a dead login, told apart by its type: -1 no token,
 * -2 invalid (also a token past its timeout), -3 expired, -6 frozen (idle past `activeTimeout`):
 * the session is over; -4 replaced by a login elsewhere (顶下线) → `token_updated`; -5 kicked out
 * (踢下线) → `kicked_out`. The app's exception handler shapes the answer: the type is read from a
 * `type` field, else from the exception's message (`SaResult.error(e.getMessage())`, the handler of
 * Sa-Token's own demos), on any HTTP status.
 */
import type { RefreshEndpoint, RefreshFunction } from '../auth/refresh-call'
import { bodyOf, type Preset } from './shared'

export interface SaTokenOptions {
  /** The header (Sa-Token's `tokenName`). @default 'satoken' */
  tokenName?: string
  /** Sa-Token's `tokenPrefix`, e.g. `'Bearer'`: sent as `Bearer <token>`. @default none */
  prefix?: string
  /** A refresh, when the backend has one (Sa-Token has none by default). */
  refresh?: RefreshEndpoint | RefreshFunction
  /** `signOut()` tells it, e.g. `https://api.example.com/acc/logout`. @default none */
  logoutUrl?: string
}

/** NotLoginException's messages (Sa-Token 1.3x), by type. */
const MESSAGES: Array<[RegExp, number]> = [
  [/顶下线|replaced/i, -4],
  [/踢下线|kick/i, -5],
  [/冻结|frozen/i, -6],
  [/已过期|expired/i, -3],
  [/未能读取到有效|无效|未按照指定前缀|not login|invalid/i, -2],
]

/** The NotLoginException type an answer carries, if any. */
export function notLoginType(data: unknown): number | undefined {
  const body = bodyOf(data)
  const type = Number(body.type)
  if (type < 0 && type >= -7) return type
  const msg = typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : ''
  for (const [pattern, t] of MESSAGES) if (pattern.test(msg)) return t
  return undefined
}

/**
 * @example
 * const auth = createAuth({ ...saToken({ tokenName: 'satoken' }) })
 */
export function saToken(options: SaTokenOptions = {}): Preset {
  const name = options.tokenName || 'satoken'
  const prefix = options.prefix
  return {
    refresh: options.refresh,
    authHeader: (token) => ({ [name]: prefix ? `${prefix} ${token}` : token }),
    isExpired: (res) => {
      const t = notLoginType(res.data)
      return t === -1 || t === -2 || t === -3 || t === -6 || t === -7
    },
    credentialsError: (res) => {
      const t = notLoginType(res.data)
      return t === -4 ? 'token_updated' : t === -5 ? 'kicked_out' : undefined
    },
    parseTokens: (body) => {
      const data = bodyOf(body).data
      const info = bodyOf(data)
      const token = typeof data === 'string' ? data : info.tokenValue || bodyOf(body).token
      return typeof token === 'string' && token ? { accessToken: token } : undefined
    },
    logout: options.logoutUrl ? { url: options.logoutUrl } : undefined,
  }
}

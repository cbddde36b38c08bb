/**
 * Sa-Token (dromara/Sa-Token): the token in a `satoken` header (`tokenName`, with an optional
 * `tokenPrefix`), no refresh token by default, and `NotLoginException` for a dead login. Sa-Token
 * answers nothing itself: the app's exception handler does, in one of these shapes, and the preset
 * decides by what each one actually sends, never by loose words:
 *
 * - HTTP 200 `{ code: 401, msg }`: the demos' `AjaxJson.getNotLogin().setMsg(e.getMessage())`
 *   (`sa-token-demo/sa-token-demo-jwt/src/main/java/com/pj/test/GlobalException.java`) and
 *   RuoYi-Vue-Plus's `R.fail(401, msg)` (`ruoyi-common/ruoyi-common-satoken/.../handler/
 *   SaTokenExceptionHandler.java`). Code 401 is the session's end; the words tell which end.
 * - HTTP 401 with the app's own text: the session's end; the words, when known, tell which end.
 * - HTTP 200 `{ code: 500, msg }`: the docs' `SaResult.error(e.getMessage())`
 *   (`sa-token-doc/use/login-auth.md`, `sa-token-doc/fun/not-login-scene.md`). Code 500 is also every
 *   business error, so only NotLoginException's exact messages count here (with or without the
 *   "：<token>" that `NotLoginException.newInstance` appends); "验证码已过期" never ends a session.
 *
 * Types (`sa-token-core/src/main/java/cn/dev33/satoken/exception/NotLoginException.java`): -4
 * replaced by a login elsewhere (顶下线) → `token_updated`; -5 kicked out (踢下线) → `kicked_out`;
 * -6 frozen (idle past `activeTimeout`) → `token_frozen`; -1, -2, -3, -7 → expired (the session
 * ends with `refresh_token_expired`, or a refresh is tried when one is configured).
 */
import type { Endpoint, RefreshEndpoint, RefreshFunction } from '../auth/refresh-call'
import { bodyOf, type Preset } from './shared'

/** What a NotLoginException answer means for the session. */
export type SaTokenEnd = 'expired' | 'token_updated' | 'kicked_out' | 'token_frozen'

export interface SaTokenOptions {
  /** The header (Sa-Token's `tokenName`). @default 'satoken' */
  tokenName?: string
  /** Sa-Token's `tokenPrefix`, e.g. `'Bearer'`: sent as `Bearer <token>`. @default none */
  prefix?: string
  /** A refresh, when the backend has one (Sa-Token has none by default). */
  refresh?: RefreshEndpoint | RefreshFunction
  /** `signOut()` tells it with a POST, e.g. `https://api.example.com/acc/logout`. @default none */
  logoutUrl?: string
  /** `signOut()` tells it this way (a `GET`, say); wins over `logoutUrl`. @default none */
  logout?: Endpoint
  /**
   * The business code your handler answers NotLoginException with (`AjaxJson.CODE_NOT_LOGIN`,
   * `HttpStatus.HTTP_UNAUTHORIZED`). @default 401
   */
  notLoginCode?: number
  /**
   * Your handler's own words, for what they mean: exact messages (or patterns). They count on any
   * code, so give only words a business error never uses.
   * @example { token_updated: ['您的账号已在别处登录'], expired: ['登录超时'] }
   */
  messages?: Partial<Record<SaTokenEnd, Array<string | RegExp>>>
}

/** NotLoginException's messages by type (`NotLoginException.java`; `-7`'s as `StpLogic.getTokenValue` throws it). */
const NOT_LOGIN: Array<[string, number]> = [
  ['未能读取到有效 token', -1],
  ['token 无效', -2],
  ['token 已过期', -3],
  ['token 已被顶下线', -4],
  ['token 已被踢下线', -5],
  ['token 已被冻结', -6],
  ['未按照指定前缀提交 token', -7],
  // The docs' not-login-scene handler: its `else` branch (NotLoginException.DEFAULT_MESSAGE).
  ['当前会话未登录', -1],
]

/**
 * RuoYi-Vue-Plus `SaTokenExceptionHandler`'s words for the types that are not an expiry, sent as
 * `R.fail(401, msg)` (its other words, and the older releases' one sentence for every type,
 * "认证失败，无法访问系统资源" at dromara/RuoYi-Vue-Plus f7f2c17, are code 401: expired).
 */
const VUE_PLUS: Array<[string, number]> = [
  ['当前账号已在其他设备登录，您已被强制下线', -4],
  ['账号已被管理员强制下线', -5],
  ['账号已被冻结，请联系管理员处理', -6],
]

const messageOf = (body: Record<string, unknown>) =>
  typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : ''

/** `text`, or `text` + "：" + a token (`newInstance`), or -7's `text` + "，prefix=…". */
const says = (msg: string, text: string) =>
  msg === text || (msg.length > text.length + 1 && (msg.startsWith(`${text}：`) || msg.startsWith(`${text}，prefix=`)))

const lookUp = (table: Array<[string, number]>, msg: string) => {
  for (const [text, type] of table) if (says(msg, text)) return type
  return undefined
}

/**
 * The NotLoginException type an answer's message names: Sa-Token's exact messages (with or without
 * the token after "：") or RuoYi-Vue-Plus's words. `undefined` for any other message.
 */
export function notLoginType(data: unknown): number | undefined {
  const msg = messageOf(bodyOf(data))
  return lookUp(NOT_LOGIN, msg) ?? lookUp(VUE_PLUS, msg)
}

const END_OF: Record<number, SaTokenEnd> = { [-4]: 'token_updated', [-5]: 'kicked_out', [-6]: 'token_frozen' }

/**
 * What a response says of the session, with these options: `undefined` for an ordinary answer
 * (a business error included).
 */
export function saTokenEnd(
  res: { statusCode: number; data: unknown },
  options: Pick<SaTokenOptions, 'notLoginCode' | 'messages'> = {},
): SaTokenEnd | undefined {
  const body = bodyOf(res.data)
  const msg = messageOf(body)
  const own = options.messages
  if (own && msg) {
    for (const end of ['token_updated', 'kicked_out', 'token_frozen', 'expired'] as SaTokenEnd[]) {
      const words = own[end] || []
      for (const w of words) if (typeof w === 'string' ? w === msg : w.test(msg)) return end
    }
  }
  const code = Number(body.code)
  // A 401 (HTTP, or the handler's code) is the end of the login, whatever its words.
  if (res.statusCode === 401 || code === (options.notLoginCode ?? 401)) {
    const type = notLoginType(body)
    return (type !== undefined && END_OF[type]) || 'expired'
  }
  // The docs' SaResult.error(e.getMessage()): code 500, and only NotLoginException's own messages.
  const type = code === 500 ? lookUp(NOT_LOGIN, msg) : undefined
  return type === undefined ? undefined : END_OF[type] || 'expired'
}

/**
 * @example
 * const auth = createAuth({ ...saToken({ tokenName: 'satoken' }) })
 */
export function saToken(options: SaTokenOptions = {}): Preset {
  const name = options.tokenName || 'satoken'
  const prefix = options.prefix
  // The session asks credentialsError, then isExpired, of the same answer: it is read once.
  let last: object | undefined
  let said: SaTokenEnd | undefined
  const end = (res: { statusCode: number; data: unknown }) => {
    if (res !== last) {
      said = saTokenEnd(res, options)
      last = res
    }
    return said
  }
  return {
    refresh: options.refresh,
    authHeader: (token) => ({ [name]: prefix ? `${prefix} ${token}` : token }),
    isExpired: (res) => end(res) === 'expired',
    credentialsError: (res) => {
      const e = end(res)
      return e === 'expired' ? undefined : e
    },
    // `SaResult.data(StpUtil.getTokenInfo())` (`data.tokenValue`), `SaResult.data(token)`, or `{ token }`.
    parseTokens: (body) => {
      const data = bodyOf(body).data
      const info = bodyOf(data)
      const token = typeof data === 'string' ? data : info.tokenValue || info.access_token || bodyOf(body).token
      return typeof token === 'string' && token ? { accessToken: token } : undefined
    },
    logout: options.logout || (options.logoutUrl ? { url: options.logoutUrl } : undefined),
  }
}

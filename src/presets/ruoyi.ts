/**
 * RuoYi (RuoYi-Vue + RuoYi-App): `Authorization: Bearer`, every answer HTTP 200 with the outcome in
 * the body's `code`, the token as `token` in the login answer, and no refresh token: the session
 * slides on the server. Without a refresh, an expired login ends the session once, with "登录已过期".
 *
 * - `code: 401` (any words): yangzongzhuan/RuoYi-Vue `ruoyi-framework/.../security/handle/
 *   AuthenticationEntryPointImpl.java` answers every unauthenticated request so (expired, logged
 *   out, 强退 and a login elsewhere alike), and RuoYi-App `utils/request.js` goes to login on it.
 * - `code: 500` is `AjaxResult.error(msg)`: every business error ("验证码已失效", "用户不存在/密码错误"),
 *   never the session's end. HTTP 401 is kept for a gateway in front of RuoYi.
 */
import type { Endpoint } from '../auth/refresh-call'
import { bodyOf, type Preset } from './shared'

export interface RuoYiOptions {
  /** `POST /logout` on `signOut()`, e.g. `https://api.example.com/logout`. @default none */
  logoutUrl?: string
  /** `signOut()` tells the server this way (another method, say); wins over `logoutUrl`. @default none */
  logout?: Endpoint
}

/**
 * @example
 * const auth = createAuth({ ...ruoyi({ logoutUrl: `${BASE}/logout` }) })
 * const { data } = await request.post('/login', { username, password, code, uuid }, { auth: false })
 * auth.signIn(data)
 */
export function ruoyi(options: RuoYiOptions = {}): Preset {
  return {
    isExpired: (res) => res.statusCode === 401 || Number(bodyOf(res.data).code) === 401,
    parseTokens: (body) => {
      const token = bodyOf(body).token
      return typeof token === 'string' && token ? { accessToken: token } : undefined
    },
    logout: options.logout || (options.logoutUrl ? { url: options.logoutUrl } : undefined),
  }
}

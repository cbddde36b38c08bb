/**
 * RuoYi (RuoYi-Vue + RuoYi-App): `Authorization: Bearer`, every answer HTTP 200 with the outcome in
 * the body's `code` (`401`: the login is over — expired, logged out, kicked out or replaced alike),
 * the token as `token` in the login answer, and no refresh token: the session slides on the server.
 * Without a refresh, an expired login ends the session once, with "登录已过期".
 */
import { bodyOf, type Preset } from './shared'

export interface RuoYiOptions {
  /** `POST /logout` on `signOut()`, e.g. `https://api.example.com/logout`. @default none */
  logoutUrl?: string
}

/**
 * @example
 * const auth = createAuth({ ...ruoyi({ logoutUrl: `${BASE}/logout` }) })
 * const { data } = await request.post('/login', { username, password, code, uuid }, { auth: false })
 * auth.signIn(data)
 */
export function ruoyi(options: RuoYiOptions = {}): Preset {
  return {
    isExpired: (res) => res.statusCode === 401 || bodyOf(res.data).code === 401,
    parseTokens: (body) => {
      const token = bodyOf(body).token
      return typeof token === 'string' && token ? { accessToken: token } : undefined
    },
    logout: options.logoutUrl ? { url: options.logoutUrl } : undefined,
  }
}

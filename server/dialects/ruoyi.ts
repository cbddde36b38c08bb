/**
 * RuoYi (RuoYi-Vue's backend, as RuoYi-App calls it). What it follows, read in
 * yangzongzhuan/RuoYi-Vue and yangzongzhuan/RuoYi-App:
 * - `SysLoginController`: `POST /login` `{ username, password, code, uuid }` → `AjaxResult`
 *   `{ msg: '操作成功', code: 200, token }`; `GET /getInfo` → `{ msg, code, user, roles, permissions, … }`.
 *   A wrong password: `UserPasswordNotMatchException` → `GlobalExceptionHandler` →
 *   `AjaxResult.error('用户不存在/密码错误')`, i.e. `{ msg, code: 500 }`.
 * - `CaptchaController.getCode`: `GET /captchaImage` → `{ msg, code: 200, captchaEnabled }`, and when
 *   `sys.account.captchaEnabled` (`ruoyi.captchaEnabled` here) also `uuid` (a simple UUID) and `img`
 *   (base64 of the picture; RuoYi draws a jpg, this stand-in an SVG with the code in it). The code
 *   lives `Constants.CAPTCHA_EXPIRATION` (2 minutes). `SysLoginService.validateCaptcha` at `/login`:
 *   an unknown or spent uuid → "验证码已失效" (`user.jcaptcha.expire`), the code is spent either way,
 *   a wrong code (case-insensitive) → "验证码错误" (`user.jcaptcha.error`); both `{ msg, code: 500 }`.
 * - `TokenService`: the token is a JWT (HS512) with `login_user_key` (the session key) and `sub`;
 *   no expiry in it. The session lives on the server for `token.expireTime` (here `accessTtl`);
 *   `verifyToken` renews it to a full lifetime when an authorised request comes within 20 minutes
 *   of its end. The header is `Authorization`, its `Bearer ` prefix cut off.
 * - `AuthenticationEntryPointImpl` + `ServletUtils.renderString`: no, expired or unknown login
 *   → HTTP 200 `{ msg: '请求访问：<uri>，认证失败，无法访问系统资源', code: 401 }`.
 * - `LogoutSuccessHandlerImpl`: `POST /logout` → `{ msg: '退出成功', code: 200 }`, logged in or not.
 * - RuoYi allows concurrent logins and has no "signed in elsewhere" answer: its operator's
 *   强退 (`SysUserOnlineController.forceLogout`) deletes the session, and the single-session
 *   switch here does the same to the user's other sessions, so the old device sees the same
 *   code 401 as an expiry, as a RuoYi app would.
 * Other errors are `AjaxResult.error(msg)`: HTTP 200 `{ msg, code: 500 }`.
 */
import { randomInt, randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { jwtVerify, SignJWT } from 'jose'
import type { ServerContext } from '../context'
import type { SessionRow, UserRow } from '../db'
import { Answer } from '../errors'
import { checkPassword } from '../login'
import type { LoginLimiter } from '../rate-limit'
import { body, string } from '../schemas'
import { openSession } from '../sessions'
import { springBodies } from './bodies'
import type { Dialect } from './dialect'
import { kickoutSessions } from './reference'

const OK = '操作成功'
const path = (req: FastifyRequest) => req.url.split('?')[0] ?? '/'

export function ruoyiDialect(ctx: ServerContext, limiter: LoginLimiter): Dialect {
  const { q, config, stats } = ctx
  const captchas = new Map<string, { code: string; until: number }>()

  /** `CaptchaController.getCode` (type "char"): four characters, kept 2 minutes under a simple UUID. */
  const captchaImage = () => {
    if (!config.ruoyi.captchaEnabled) return { msg: OK, code: 200, captchaEnabled: false }
    const now = ctx.now()
    for (const [id, c] of captchas) if (c.until <= now) captchas.delete(id)
    const uuid = randomUUID().replace(/-/g, '')
    const code = Array.from({ length: 4 }, () => 'abcdefhkmnprstwxy2345678'[randomInt(24)]).join('')
    captchas.set(uuid, { code, until: now + 2 * 60 * 1000 })
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60"><rect width="160" height="60" fill="#eef"/><text x="24" y="42" font-size="32" font-family="monospace" fill="#335">${code}</text></svg>`
    return { msg: OK, code: 200, captchaEnabled: true, uuid, img: Buffer.from(svg).toString('base64') }
  }

  /** `SysLoginService.validateCaptcha`: the message of the refusal, or `undefined` when it passes. */
  const captchaRefusal = (code: string | undefined, uuid: string | undefined) => {
    if (!config.ruoyi.captchaEnabled) return undefined
    const kept = captchas.get(uuid ?? '')
    if (!kept || kept.until <= ctx.now()) return '验证码已失效'
    captchas.delete(uuid ?? '')
    return (code ?? '').toLowerCase() === kept.code.toLowerCase() ? undefined : '验证码错误'
  }
  const refused = (req: FastifyRequest) =>
    new Answer(200, { msg: `请求访问：${path(req)}，认证失败，无法访问系统资源`, code: 401 })

  /** TokenService.getToken: the `Authorization` header without its `Bearer ` prefix. */
  const tokenOf = (req: FastifyRequest) => (req.headers.authorization || '').replace('Bearer ', '')

  /** TokenService.getLoginUser: the session the token's `login_user_key` names, if it still lives. */
  const sessionOf = async (token: string): Promise<SessionRow | undefined> => {
    if (!token) return undefined
    try {
      const { payload } = await jwtVerify(token, ctx.key, { algorithms: ['HS512'] })
      const session = typeof payload.login_user_key === 'string' ? q.session.get(payload.login_user_key) : undefined
      const live = session && !session.revoked_at && session.expires_at !== null && session.expires_at > ctx.now()
      return live ? session : undefined
    } catch {
      return undefined
    }
  }

  const authenticate = async (req: FastifyRequest) => {
    const session = await sessionOf(tokenOf(req))
    const user = session && q.userById.get(session.user_id)
    if (!session || !user) throw refused(req)
    // TokenService.verifyToken: within `renewWithinSec` of its end, the session gets a full lifetime again.
    const now = ctx.now()
    if ((session.expires_at ?? 0) - now <= config.ruoyi.renewWithinSec * 1000) {
      q.touchSession.run(now + config.accessTtl * 1000, now, session.id)
      stats.renewals++
    }
    return { session, user }
  }

  const signIn = async (row: UserRow, replaceOthers: boolean) => {
    const session = openSession(ctx, row, replaceOthers, ctx.now() + config.accessTtl * 1000)
    const token = await new SignJWT({ login_user_key: session.id, sub: row.username })
      .setProtectedHeader({ alg: 'HS512' })
      .sign(ctx.key)
    return { msg: OK, code: 200, token }
  }

  /** SysUser as `getInfo` shows it (the fields an app reads). */
  const sysUser = (row: UserRow) => ({
    userId: row.id,
    userName: row.username,
    nickName: row.nickname,
    email: '',
    phonenumber: '',
    sex: '0',
    avatar: '',
    status: '0',
    admin: false,
  })

  return {
    name: 'ruoyi',
    authenticate,
    wrap: (data) => ({ msg: OK, code: 200, data }),
    render: (_code, msg) => ({ status: 200, body: { msg, code: 500 } }),
    async notFound(req) {
      // Spring Security answers first: an unknown path needs a login too.
      await authenticate(req)
      return { status: 200, body: { msg: `No static resource ${path(req).slice(1)}.`, code: 500 } }
    },
    signIn,
    kickout: (row) => kickoutSessions(ctx, row.id),
    captchaCode: (uuid) => captchas.get(uuid)?.code,
    routes(app) {
      springBodies(app)
      const loginBody = body(
        { username: string(1, 64), password: string(1, 128), code: string(0, 64), uuid: string(0, 64) },
        ['username', 'password'],
      )
      app.post('/login', { schema: loginBody }, async (req) => {
        const { username, password, code, uuid } = req.body as Record<string, string | undefined> as {
          username: string
          password: string
          code?: string
          uuid?: string
        }
        const wrong = captchaRefusal(code, uuid)
        if (wrong) return { msg: wrong, code: 500 }
        const row = checkPassword(ctx, limiter, req, username, password)
        return row ? signIn(row, config.singleSession) : { msg: '用户不存在/密码错误', code: 500 }
      })
      app.get('/getInfo', async (req) => {
        const { user } = await authenticate(req)
        return {
          msg: OK,
          code: 200,
          user: sysUser(user),
          roles: ['common'],
          permissions: [],
          isDefaultModifyPwd: false,
          isPasswordExpired: false,
        }
      })
      app.post('/logout', async (req) => {
        const session = await sessionOf(tokenOf(req))
        if (session) q.revokeSession.run(ctx.now(), 'logout', session.id)
        return { msg: '退出成功', code: 200 }
      })
      app.get('/captchaImage', async () => captchaImage())
    },
  }
}

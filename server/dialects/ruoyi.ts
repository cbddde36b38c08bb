/**
 * RuoYi (RuoYi-Vue's backend, as RuoYi-App calls it). What it follows, read in
 * yangzongzhuan/RuoYi-Vue and yangzongzhuan/RuoYi-App:
 * - `SysLoginController`: `POST /login` `{ username, password, code, uuid }` → `AjaxResult`
 *   `{ msg: '操作成功', code: 200, token }`; `GET /getInfo` → `{ msg, code, user, roles, permissions, … }`.
 *   A wrong password: `UserPasswordNotMatchException` → `GlobalExceptionHandler` →
 *   `AjaxResult.error('用户不存在/密码错误')`, i.e. `{ msg, code: 500 }`. Captcha is off here
 *   (`GET /captchaImage` says `captchaEnabled: false`), as `sys.account.captchaEnabled=false`.
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
    routes(app) {
      springBodies(app)
      const loginBody = body(
        { username: string(1, 64), password: string(1, 128), code: string(0, 64), uuid: string(0, 64) },
        ['username', 'password'],
      )
      app.post('/login', { schema: loginBody }, async (req) => {
        const { username, password } = req.body as { username: string; password: string }
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
      app.get('/captchaImage', async () => ({ msg: OK, code: 200, captchaEnabled: false }))
    },
  }
}

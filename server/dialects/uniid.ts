/**
 * uni-id (uniCloud), as its cloud object `uni-id-co` answers over HTTP. What it follows, read in
 * dcloudio/uni-admin `uni_modules/uni-id-pages/uniCloud/cloudfunctions/uni-id-co/`:
 * - `index.obj.js` `_after`: a uni-id error thrown anywhere is answered `{ errCode, errMsg }` (HTTP
 *   200, nothing else in it); a result is `Object.assign(this.response, result)`.
 * - `middleware/auth.js`: `uniIdCommon.checkToken(this.getUniIdToken())`; its refusal is thrown as
 *   it is. Over HTTP the token comes in the `uni-id-token` header (what a URL-ized cloud object's
 *   `getUniIdToken()` reads). The errCodes and their words (uni-id-common's table):
 *   `uni-id-token-expired` "token已过期", `uni-id-check-token-failed` "token校验未通过",
 *   `uni-id-token-not-exist` "云端已不包含此token" (logged out, pushed out by a newer login past
 *   `tokenMaxLimit`, or removed by an admin), `uni-id-check-device-feature-failed` "设备特征校验未通过"
 *   (the token was issued to another device).
 * - `module/login/login.js` → `lib/utils/login.js` `postLogin`: `{ errCode: 0, newToken: { token,
 *   tokenExpired }, uid }` (`tokenExpired` absolute ms); a wrong password is
 *   `{ errCode: 'uni-id-password-error', errMsg: '用户名或密码错误' }`, an unknown account (`realPreLogin`)
 *   `{ errCode: 'uni-id-account-not-exists', errMsg: '此账号未注册' }` (words: `lang/zh-hans.js`).
 * - `module/logout/logout.js`: `{ errCode: 0 }`, behind `config/permission.js` `logout: { auth: true }`:
 *   without a live token the auth middleware's refusal is the answer.
 * API answers here are `{ errCode: 0, data }`; a business refusal `{ errCode, errMsg }`.
 */
import type { FastifyRequest } from 'fastify'
import { decodeJwt } from 'jose'
import type { ServerContext } from '../context'
import type { UserRow } from '../db'
import { Answer, ApiError } from '../errors'
import { checkPassword } from '../login'
import type { LoginLimiter } from '../rate-limit'
import { body, string } from '../schemas'
import { authenticateToken, openSession } from '../sessions'
import { signAccessToken } from '../tokens'
import type { Dialect } from './dialect'
import { kickoutSessions } from './reference'

/** uni-id-common's refusals of a token, with its words. */
const REFUSED = {
  expired: { errCode: 'uni-id-token-expired', errMsg: 'token已过期' },
  failed: { errCode: 'uni-id-check-token-failed', errMsg: 'token校验未通过' },
  gone: { errCode: 'uni-id-token-not-exist', errMsg: '云端已不包含此token' },
  device: { errCode: 'uni-id-check-device-feature-failed', errMsg: '设备特征校验未通过' },
}

export function uniidDialect(ctx: ServerContext, limiter: LoginLimiter): Dialect {
  const { q, config } = ctx
  /** Users whose tokens issued until then are now presented by another device (the control endpoint's "device changed"). */
  const otherDevice = new Map<number, number>()

  const check = async (req: FastifyRequest) => {
    const token = req.headers['uni-id-token']
    if (typeof token !== 'string' || !token) throw new Answer(200, REFUSED.failed)
    try {
      const who = await authenticateToken(ctx, token)
      const moved = otherDevice.get(who.user.id)
      if (moved !== undefined && who.session.created_at <= moved) throw new Answer(200, REFUSED.device)
      return who
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (e.code === 'TOKEN_EXPIRED') throw new Answer(200, REFUSED.expired)
      if (e.code === 'TOKEN_REVOKED' || e.code === 'TOKEN_UPDATED') throw new Answer(200, REFUSED.gone)
      throw new Answer(200, REFUSED.failed)
    }
  }

  const signIn = async (row: UserRow, replaceOthers: boolean) => {
    const session = openSession(ctx, row, replaceOthers)
    const token = await signAccessToken(ctx, session)
    return { errCode: 0, newToken: { token, tokenExpired: (decodeJwt(token).exp ?? 0) * 1000 }, uid: String(row.id) }
  }

  return {
    name: 'uniid',
    authenticate: check,
    wrap: (data) => ({ errCode: 0, data }),
    render: (code, msg) => ({
      status: 200,
      body: {
        errCode: code === 'RATE_LIMITED' ? 'uni-id-password-error-exceed-limit' : 'uni-id-invalid-param',
        errMsg: msg,
      },
    }),
    notFound: async (req) => ({
      status: 404,
      body: { errCode: 'uni-id-invalid-param', errMsg: `no route ${req.method} ${req.url.split('?')[0]}` },
    }),
    signIn,
    kickout: (row) => kickoutSessions(ctx, row.id),
    deviceChanged(row) {
      otherDevice.set(row.id, ctx.now())
    },
    routes(app) {
      app.post(
        '/uni-id-co/login',
        { schema: body({ username: string(1, 64), password: string(1, 128) }) },
        async (req) => {
          const { username, password } = req.body as { username: string; password: string }
          const row = checkPassword(ctx, limiter, req, username, password)
          if (row) return signIn(row, config.singleSession)
          // Told apart after the hash (checkPassword spends it either way), as uni-id-co tells them apart.
          return ctx.q.userByName.get(username)
            ? { errCode: 'uni-id-password-error', errMsg: '用户名或密码错误' }
            : { errCode: 'uni-id-account-not-exists', errMsg: '此账号未注册' }
        },
      )
      app.post('/uni-id-co/logout', async (req) => {
        const who = await check(req)
        q.revokeSession.run(ctx.now(), 'logout', who.session.id)
        return { errCode: 0 }
      })
    },
  }
}

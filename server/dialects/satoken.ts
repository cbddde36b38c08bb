/**
 * Sa-Token (dromara/Sa-Token). What it follows:
 * - `sa-token-core` `StpLogic.getTokenValue` / `getLoginId`: the token is read from the
 *   `tokenName` request parameter, header or cookie (default `satoken`); with a `tokenPrefix` it
 *   must come as `<prefix> <token>`. `NotLoginException` (`exception/NotLoginException.java`)
 *   types: -1 no token, -2 invalid (also a token past `timeout`: its key is gone from the store),
 *   -3 expired (only sa-token-jwt can tell, `StpLogicJwtForMixin`), -4 replaced by a login
 *   elsewhere (`isConcurrent=false`), -5 kicked out (`StpUtil.kickout`), -6 frozen (idle past
 *   `activeTimeout`), -7 no prefix. Its message is the type's text plus `：<token>`.
 * - The answer is the app's exception handler's, in the shape `satoken.handler` picks (see
 *   `satoken-tokens.ts`: the docs' `SaResult.error(e.getMessage())`, the demo's
 *   `AjaxJson.getNotLogin()`, RuoYi-Vue-Plus's `R.fail(401, ...)`, or HTTP 401). No real handler
 *   sends the exception's type: a client tells -4 from -5 by the code and the words alone.
 * - Login and logout as `sa-token-demo-case` `LoginAuthController` / `NotCookieController`:
 *   `/acc/doLogin?name=&pwd=` → `SaResult.data(StpUtil.getTokenInfo())`, `/acc/logout` →
 *   `SaResult.ok("退出登录成功")`; every other path checks the login first (an `SaInterceptor`
 *   on `/**`). API answers are `SaResult.data(x)`: `{ code: 200, msg: 'ok', data }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from '../context'
import type { UserRow } from '../db'
import { fail } from '../errors'
import { checkPassword } from '../login'
import type { LoginLimiter } from '../rate-limit'
import { openSession } from '../sessions'
import { springBodies } from './bodies'
import type { Dialect } from './dialect'
import { kickoutSessions } from './reference'
import { satokenTokens } from './satoken-tokens'

const path = (req: FastifyRequest) => req.url.split('?')[0] ?? '/'

export function satokenDialect(ctx: ServerContext, limiter: LoginLimiter): Dialect {
  const { q, config } = ctx
  const tokens = satokenTokens(ctx)

  const signIn = async (row: UserRow, replaceOthers: boolean) => {
    const jwt = config.satoken.jwt
    const session = openSession(ctx, row, replaceOthers && !jwt, ctx.now() + config.accessTtl * 1000)
    const token = jwt ? await tokens.jwtFor(session.id, row.id) : session.id
    return { code: 200, msg: 'ok', data: tokens.info(token, { session: q.session.get(session.id), user: row }) }
  }

  /** Request parameters as Spring binds them (query, form), and a JSON body's for convenience. */
  const param = (req: FastifyRequest, ...names: string[]) => {
    const sources = [req.query, req.body] as Array<Record<string, unknown> | undefined>
    for (const name of names) {
      for (const source of sources) {
        const value = source && typeof source === 'object' ? source[name] : undefined
        if (typeof value === 'string' && value) return value
      }
    }
    return undefined
  }

  const routes = (app: FastifyInstance) => {
    springBodies(app)
    const any = ['GET', 'POST'] as Array<'GET' | 'POST'>
    app.route({
      method: any,
      url: '/acc/doLogin',
      handler: async (req) => {
        const name = param(req, 'name', 'username')
        const pwd = param(req, 'pwd', 'password')
        if (!name || !pwd || name.length > 64 || pwd.length > 128) return { code: 500, msg: '登录失败', data: null }
        const row = checkPassword(ctx, limiter, req, name, pwd)
        return row ? signIn(row, config.singleSession) : { code: 500, msg: '登录失败', data: null }
      },
    })
    app.route({
      method: any,
      url: '/acc/isLogin',
      handler: async (req) => {
        const isLogin = await tokens.check(req).then(
          () => true,
          () => false,
        )
        return { code: 200, msg: `当前客户端是否登录：${isLogin}`, data: null }
      },
    })
    app.route({
      method: any,
      url: '/acc/checkLogin',
      handler: async (req) => {
        await tokens.check(req)
        return { code: 200, msg: '校验登录成功，这行字符串是只有登录后才会返回的信息', data: null }
      },
    })
    app.route({
      method: any,
      url: '/acc/tokenInfo',
      handler: async (req) => {
        const who = await tokens.check(req).catch(() => undefined)
        return { code: 200, msg: 'ok', data: tokens.info(tokens.read(req, false), who) }
      },
    })
    app.route({
      method: any,
      url: '/acc/logout',
      handler: async (req) => {
        const session = tokens.liveSession(tokens.read(req, false))
        if (session && !config.satoken.jwt) q.revokeSession.run(ctx.now(), 'logout', session.id)
        return { code: 200, msg: '退出登录成功', data: null }
      },
    })
  }

  return {
    name: 'satoken',
    authenticate: (req) => tokens.check(req),
    wrap: (data) => ({ code: 200, msg: 'ok', data }),
    render: (_code, msg) => ({ status: 200, body: { code: 500, msg, data: null } }),
    async notFound(req) {
      await tokens.check(req)
      return { status: 200, body: { code: 500, msg: `No static resource ${path(req).slice(1)}.`, data: null } }
    },
    signIn,
    kickout(row) {
      if (config.satoken.jwt) fail('INVALID_REQUEST', 'sa-token-jwt Mixin mode has no kickout (ApiDisabledException)')
      kickoutSessions(ctx, row.id)
    },
    routes,
  }
}

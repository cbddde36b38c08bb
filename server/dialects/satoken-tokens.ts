/**
 * Sa-Token's token check (`StpLogic.getTokenValue`, `getLoginId`, `checkActiveTimeout`) and its
 * `SaTokenInfo`, for the satoken dialect. A refusal is thrown as the app's exception handler
 * answers it (see `satoken.ts`).
 */
import type { FastifyRequest } from 'fastify'
import { jwtVerify, SignJWT } from 'jose'
import type { ServerContext } from '../context'
import type { SessionRow } from '../db'
import { Answer } from '../errors'
import type { Authenticated } from '../sessions'

/** NotLoginException's types and their messages (`NotLoginException.java`). */
const NOT_LOGIN = {
  '-1': '未能读取到有效 token',
  '-2': 'token 无效',
  '-3': 'token 已过期',
  '-4': 'token 已被顶下线',
  '-5': 'token 已被踢下线',
  '-6': 'token 已被冻结',
  '-7': '未按照指定前缀提交 token',
} as const
export type NotLoginType = keyof typeof NOT_LOGIN

/**
 * The named cookie's value, as Servlet's `Cookie` gives it (`SaCookieUtil` reads it raw). A value
 * that does not decode (`satoken=%E4`) is taken as it is: client input never makes a 500.
 */
const cookie = (req: FastifyRequest, name: string) => {
  for (const part of (req.headers.cookie || '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    const raw = v.join('=')
    try {
      return decodeURIComponent(raw)
    } catch {
      return raw
    }
  }
  return undefined
}

/**
 * RuoYi-Vue-Plus `SaTokenExceptionHandler`'s words per type (issue 21's reading of
 * ruoyi-common/ruoyi-common-satoken/.../handler/SaTokenExceptionHandler.java, answered as
 * `R.fail(HttpStatus.HTTP_UNAUTHORIZED, msg)`); -1 and -7 with the sentence the older releases
 * answer for every type (dromara/RuoYi-Vue-Plus f7f2c17: "认证失败，无法访问系统资源").
 */
const VUE_PLUS: Record<NotLoginType, string> = {
  '-1': '认证失败，无法访问系统资源',
  '-2': '登录凭证无效，请重新登录',
  '-3': '登录已过期，请重新登录',
  '-4': '当前账号已在其他设备登录，您已被强制下线',
  '-5': '账号已被管理员强制下线',
  '-6': '账号已被冻结，请联系管理员处理',
  '-7': '认证失败，无法访问系统资源',
}

export function satokenTokens(ctx: ServerContext) {
  const { q, config } = ctx
  const options = () => config.satoken

  /**
   * `NotLoginException.newInstance(...)` as the app's exception handler answers it. None sends the
   * type: a client has the code, the status and the words. The shapes (`satoken.handler`):
   * - `docs`: `SaResult.error(e.getMessage())` (sa-token-doc/use/login-auth.md) → HTTP 200
   *   `{ code: 500, msg, data: null }` (SaResult is a LinkedHashMap of code, msg, data);
   * - `demo`: `AjaxJson.getNotLogin().setMsg(ee.getMessage())`
   *   (sa-token-demo/sa-token-demo-jwt/src/main/java/com/pj/test/GlobalException.java, util/AjaxJson.java)
   *   → HTTP 200 `{ code: 401, msg, data: null, dataCount: null }`;
   * - `vue-plus`: RuoYi-Vue-Plus `R.fail(401, <its words>)` → HTTP 200 `{ code: 401, msg, data: null }`;
   * - `http-401`: no published handler: the docs' handler in an app that also sets the status to 401
   *   (`SaResult.error(e.getMessage())` at HTTP 401), the shape apps that follow REST write themselves.
   */
  const notLogin = (type: NotLoginType, token?: string) => {
    const text = type === '-7' ? `${NOT_LOGIN[type]}，prefix=${options().tokenPrefix}` : NOT_LOGIN[type]
    const msg = token ? `${text}：${token}` : text
    switch (options().handler) {
      case 'demo':
        return new Answer(200, { code: 401, msg, data: null, dataCount: null })
      case 'vue-plus':
        return new Answer(200, { code: 401, msg: VUE_PLUS[type], data: null })
      case 'http-401':
        return new Answer(401, { code: 500, msg, data: null })
      default:
        return new Answer(200, { code: 500, msg, data: null })
    }
  }

  /** getTokenValue: parameter, then header, then cookie; with a prefix, `-7` unless it is there. */
  const read = (req: FastifyRequest, prefixRequired = true): string | undefined => {
    const name = options().tokenName
    const query = req.query as Record<string, unknown> | undefined
    const form = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
      ? (req.body as Record<string, unknown> | undefined)
      : undefined
    const header = req.headers[name.toLowerCase()]
    const raw = [query?.[name], form?.[name], header, cookie(req, name)].find((v) => typeof v === 'string' && v)
    if (typeof raw !== 'string') return undefined
    const prefix = options().tokenPrefix
    if (!prefix) return raw
    if (raw.startsWith(`${prefix} `)) return raw.slice(prefix.length + 1)
    if (prefixRequired) throw notLogin('-7')
    return undefined
  }

  const liveSession = (token: string | undefined): SessionRow | undefined => {
    const session = token ? q.session.get(token) : undefined
    return session && session.expires_at !== null && session.expires_at > ctx.now() ? session : undefined
  }

  /** sa-token-jwt (Mixin): the session is the token's `rnStr`; an expired token is `-3`, a bad one `-2`. */
  const checkJwt = async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, ctx.key, { algorithms: ['HS256'] })
      if (typeof payload.eff === 'number' && payload.eff !== -1 && payload.eff < ctx.now()) throw notLogin('-3', token)
      const session = typeof payload.rnStr === 'string' ? q.session.get(payload.rnStr) : undefined
      const user = session && q.userById.get(session.user_id)
      if (session && user) return { session, user }
    } catch (e) {
      if (e instanceof Answer) throw e
    }
    throw notLogin('-2', token)
  }

  /** StpLogic.getLoginId: who is calling, or the NotLoginException type that says why not. */
  const check = async (req: FastifyRequest): Promise<Authenticated> => {
    const token = read(req)
    if (!token) throw notLogin('-1')
    if (options().jwt) return checkJwt(token)
    const session = liveSession(token)
    const user = session && q.userById.get(session.user_id)
    if (!session || !user) throw notLogin('-2', token)
    if (session.revoked_at) {
      if (session.revoke_reason === 'replaced') throw notLogin('-4', token)
      if (session.revoke_reason === 'kickout') throw notLogin('-5', token)
      throw notLogin('-2', token)
    }
    const now = ctx.now()
    const idle = options().activeTimeout
    if (idle > 0 && now - (session.active_at ?? now) > idle * 1000) throw notLogin('-6', token)
    // autoRenew: the last activity moves on with every checked request.
    q.touchSession.run(session.expires_at, now, session.id)
    return { session, user }
  }

  const secondsLeft = (at: number | null | undefined) => (at ? Math.max(0, Math.ceil((at - ctx.now()) / 1000)) : -2)

  /** SaTokenInfo (`stp/SaTokenInfo.java`); `who` undefined when the request is not logged in. */
  const info = (token: string | undefined, who: Partial<Authenticated> | undefined) => {
    const idle = options().activeTimeout
    const loggedIn = Boolean(who?.session && who.user)
    const activeLeft = idle > 0 && who?.session ? secondsLeft((who.session.active_at ?? 0) + idle * 1000) : -1
    return {
      tokenName: options().tokenName,
      tokenValue: token ?? null,
      isLogin: loggedIn,
      loginId: loggedIn ? (who?.user?.id ?? null) : null,
      loginType: 'login',
      tokenTimeout: loggedIn ? secondsLeft(who?.session?.expires_at) : -2,
      sessionTimeout: loggedIn ? secondsLeft(who?.session?.expires_at) : -2,
      tokenSessionTimeout: -2,
      tokenActiveTimeout: loggedIn ? activeLeft : -2,
      loginDeviceType: loggedIn ? 'DEF' : null,
      tag: null,
    }
  }

  /** A sa-token-jwt token: `loginType`, `loginId`, `deviceType`, `eff` (expiry, ms), `rnStr` (here: the session). */
  const jwtFor = (sessionId: string, loginId: number) =>
    new SignJWT({
      loginType: 'login',
      loginId,
      deviceType: 'DEF',
      eff: ctx.now() + config.accessTtl * 1000,
      rnStr: sessionId,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(ctx.key)

  return { read, check, liveSession, info, jwtFor }
}

/**
 * The reference protocol's auth routes: password and WeChat login, refresh (rotating), logout.
 * The sliding dialect uses them too, without the refresh endpoint and with its own login answer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { PROVIDERS, type Provider } from '../config'
import type { ServerContext } from '../context'
import { sha256, type UserRow } from '../db'
import { fail } from '../errors'
import { checkPassword } from '../login'
import type { LoginLimiter } from '../rate-limit'
import { createRotation } from '../rotation'
import { body, string } from '../schemas'
import type { Authenticated } from '../sessions'
import { tokenPair } from '../tokens'

export interface AuthRouteOptions {
  /** The answer to a login: a new session and its tokens. */
  signIn: (row: UserRow) => Promise<unknown>
  authenticate: (req: FastifyRequest) => Promise<Authenticated>
  /** Whether `POST /auth/refresh` exists. */
  refresh: boolean
}

export function authRoutes(app: FastifyInstance, ctx: ServerContext, limiter: LoginLimiter, options: AuthRouteOptions) {
  const { q, config, stats } = ctx
  const { signIn, authenticate } = options

  app.post('/auth/login', { schema: body({ username: string(1, 64), password: string(1, 128) }) }, async (req) => {
    const { username, password } = req.body as { username: string; password: string }
    const row = checkPassword(ctx, limiter, req, username, password)
    return row ? signIn(row) : fail('INVALID_CREDENTIALS', 'wrong account or password')
  })

  // A mini program host's login code (`uni.login`): exchanged with the host named by `provider`
  // (WeChat when absent). Users are keyed by host and openid, so that ids from two hosts never meet.
  app.post(
    '/auth/wechat',
    {
      schema: body({ code: string(1, 256), provider: { type: 'string', enum: Object.keys(PROVIDERS) } }, ['code']),
    },
    async (req) => {
      const { code, provider = 'weixin' } = req.body as { code: string; provider?: Provider }
      limiter.hit(req, 'wechat')
      let openid: string
      try {
        openid = (await config.wechat(code, provider)).openid
      } catch {
        return fail('INVALID_CODE', 'the login code was not accepted')
      }
      // WeChat's openids are stored as they are (as before hosts were told apart); others carry their host.
      const key = provider === 'weixin' ? openid : `${provider}:${openid}`
      const { prefix, nickname } = PROVIDERS[provider]
      let row = q.userByOpenid.get(key)
      if (!row) {
        q.insertUser.run(`${prefix}_${sha256(key).slice(0, 10)}`, nickname, null, key)
        row = q.userByOpenid.get(key) as UserRow
      }
      return signIn(row)
    },
  )

  if (options.refresh) {
    const refreshWith = createRotation(ctx)
    app.post('/auth/refresh', { schema: body({ refreshToken: string(1, 512) }) }, async (req) => {
      const { refreshToken } = req.body as { refreshToken: string }
      stats.refreshes++
      const result = refreshWith.immediate(refreshToken)
      if (result.outcome === 'refused') {
        stats.refreshRejected++
        return fail(result.code, result.msg)
      }
      return tokenPair(ctx, result.session, result.refresh)
    })
  }

  app.post(
    '/auth/logout',
    {
      schema: body({ refreshToken: { type: 'string', maxLength: 512 } }, []),
      // The body is optional: a logout with only `Authorization` has none to validate.
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {}
      },
    },
    async (req, reply) => {
      const { refreshToken } = (req.body || {}) as { refreshToken?: string }
      const row = refreshToken ? q.refresh.get(sha256(refreshToken)) : undefined
      if (row) q.revokeSession.run(ctx.now(), 'logout', row.session_id)
      else if (req.headers.authorization) {
        const { session } = await authenticate(req)
        q.revokeSession.run(ctx.now(), 'logout', session.id)
      }
      return reply.code(204).send()
    },
  )
}

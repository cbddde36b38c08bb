/**
 * Sliding sessions: the reference API without a refresh endpoint. A request authorised with an
 * access token that has less than `sliding.thresholdSec` left (default: half its lifetime) is
 * answered with a fresh one of the same session, in a header (`X-New-Token`) and/or in a JSON
 * object body as `newToken: { token, tokenExpired }` (ms), the way uni-id-co's auth middleware
 * hands back the token uni-id-common's checkToken renewed (uni-id-pages
 * `uniCloud/cloudfunctions/uni-id-co/middleware/auth.js`; uni-id's `tokenExpiresThreshold`).
 * The older token stays valid until its own expiry, as uni-id's does.
 */
import type { FastifyRequest } from 'fastify'
import { decodeJwt } from 'jose'
import type { ServerContext } from '../context'
import type { UserRow } from '../db'
import { referenceRefusals } from '../errors'
import type { LoginLimiter } from '../rate-limit'
import { authRoutes } from '../routes/auth'
import { authenticate, openSession, publicUser } from '../sessions'
import { signAccessToken } from '../tokens'
import type { Dialect } from './dialect'
import { kickoutSessions } from './reference'

interface NewToken {
  token: string
  /** ms, as uni-id's `tokenExpired` */
  tokenExpired: number
}

export function slidingDialect(ctx: ServerContext, limiter: LoginLimiter): Dialect {
  const { config } = ctx
  const renewed = new WeakMap<FastifyRequest, NewToken>()
  const fresh = async (session: { id: string; user_id: number }): Promise<NewToken> => {
    const token = await signAccessToken(ctx, session)
    return { token, tokenExpired: (decodeJwt(token).exp ?? 0) * 1000 }
  }
  const signIn = async (row: UserRow, replaceOthers: boolean) => {
    const session = openSession(ctx, row, replaceOthers)
    const accessToken = await signAccessToken(ctx, session)
    return { tokenType: 'Bearer', accessToken, expiresIn: config.accessTtl, user: publicUser(row) }
  }

  return {
    name: 'sliding',
    ...referenceRefusals,
    async authenticate(req) {
      const who = await authenticate(ctx, req)
      const threshold = (config.sliding.thresholdSec ?? config.accessTtl / 2) * 1000
      if (who.expiresAt !== undefined && who.expiresAt - ctx.now() < threshold && !renewed.has(req)) {
        renewed.set(req, await fresh(who.session))
        ctx.stats.renewals++
      }
      return who
    },
    wrap: (data) => data,
    signIn,
    kickout: (row) => kickoutSessions(ctx, row.id),
    routes(app) {
      authRoutes(app, ctx, limiter, {
        signIn: (row) => signIn(row, config.singleSession),
        authenticate: (req) => authenticate(ctx, req),
        refresh: false,
      })
      app.addHook('preSerialization', async (req, _reply, payload) => {
        const next = renewed.get(req)
        const inBody = config.sliding.place !== 'header'
        const isObject = payload !== null && typeof payload === 'object' && !Array.isArray(payload)
        return next && inBody && isObject ? { ...payload, newToken: next } : payload
      })
      app.addHook('onSend', async (req, reply, payload) => {
        const next = renewed.get(req)
        if (next && config.sliding.place !== 'body') reply.header(config.sliding.header, next.token)
        return payload
      })
    },
  }
}

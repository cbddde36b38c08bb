/** This project's own protocol: JWT access tokens, rotating refresh tokens, `{ code, msg }` refusals. */
import type { ServerContext } from '../context'
import { referenceRefusals } from '../errors'
import type { LoginLimiter } from '../rate-limit'
import { authRoutes } from '../routes/auth'
import { authenticate, startSession } from '../sessions'
import type { Dialect } from './dialect'

/** Ends the user's live sessions: an operator's kickout; the reference answers TOKEN_REVOKED after it. */
export const kickoutSessions = (ctx: ServerContext, userId: number) =>
  ctx.q.revokeUserSessions.run(ctx.now(), 'kickout', userId)

export function referenceDialect(ctx: ServerContext, limiter: LoginLimiter): Dialect {
  return {
    name: 'reference',
    ...referenceRefusals,
    authenticate: (req) => authenticate(ctx, req),
    wrap: (data) => data,
    signIn: (row, replaceOthers) => startSession(ctx, row, replaceOthers),
    kickout: (row) => kickoutSessions(ctx, row.id),
    routes(app) {
      authRoutes(app, ctx, limiter, {
        signIn: (row) => startSession(ctx, row),
        authenticate: (req) => authenticate(ctx, req),
        refresh: true,
      })
    },
  }
}

/** Sessions of the reference protocol: started by a login, looked up from an access token. */
import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { ServerContext } from './context'
import type { SessionRow, UserRow } from './db'
import { fail } from './errors'
import { newRefreshToken, tokenPair, verifyAccessToken } from './tokens'

/** A user as the API shows it. */
export const publicUser = (row: UserRow) => ({ id: row.id, username: row.username, nickname: row.nickname })

/**
 * Opens a session row for the user; `replaceOthers` (single-session mode) ends the user's others.
 * `expiresAt` (ms): a session that ends on the server (the RuoYi and Sa-Token dialects).
 */
export function openSession(ctx: ServerContext, row: UserRow, replaceOthers: boolean, expiresAt?: number) {
  const id = randomUUID()
  if (expiresAt === undefined) ctx.q.insertSession.run(id, row.id, ctx.now())
  else ctx.q.insertServerSession.run(id, row.id, ctx.now(), expiresAt, ctx.now())
  if (replaceOthers) ctx.q.revokeOtherSessions.run(ctx.now(), row.id, id)
  ctx.stats.logins++
  return { id, user_id: row.id }
}

/** A new session and its first tokens: the answer to a login. */
export async function startSession(ctx: ServerContext, row: UserRow, replaceOthers = ctx.config.singleSession) {
  const session = openSession(ctx, row, replaceOthers)
  return { ...(await tokenPair(ctx, session, newRefreshToken(ctx, session.id))), user: publicUser(row) }
}

export interface Authenticated {
  session: SessionRow
  user: UserRow
  /** When the presented access token expires (ms), for a token that carries its expiry. */
  expiresAt?: number
}

/** The session behind a request's access token, or a 401 that says why. */
export async function authenticate(ctx: ServerContext, req: FastifyRequest): Promise<Authenticated> {
  const match = /^Bearer ([\w.-]+)$/.exec(req.headers.authorization || '')
  if (!match?.[1]) return fail('TOKEN_MISSING', 'an access token is required')
  return authenticateToken(ctx, match[1])
}

/** The session and user an access token stands for (however the dialect carries it), or the refusal. */
export async function authenticateToken(ctx: ServerContext, token: string): Promise<Authenticated> {
  const claims = await verifyAccessToken(ctx, token)
  const session = typeof claims.sid === 'string' ? ctx.q.session.get(claims.sid) : undefined
  if (!session) return fail('TOKEN_INVALID', 'the access token is not valid')
  if (session.revoked_at) {
    return session.revoke_reason === 'replaced'
      ? fail('TOKEN_UPDATED', 'the account signed in on another device')
      : fail('TOKEN_REVOKED', 'the session has ended')
  }
  if (typeof claims.iatMs !== 'number' || claims.iatMs <= session.access_valid_after) {
    return fail('TOKEN_EXPIRED', 'the access token has expired')
  }
  const user = ctx.q.userById.get(session.user_id)
  if (!user) return fail('TOKEN_INVALID', 'the access token is not valid')
  return { session, user, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined }
}

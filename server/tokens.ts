/** The reference protocol's tokens: JWT access tokens (HS256) and opaque refresh tokens kept as hashes. */
import { randomBytes, randomUUID } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import type { ServerContext } from './context'
import { sha256 } from './db'
import { fail } from './errors'

export interface RefreshToken {
  token: string
  /** ms */
  expiresAt: number
}

/** An access token for the session, issued now (`iatMs` lets "expire access now" cut at the millisecond). */
export const signAccessToken = (ctx: ServerContext, session: { id: string; user_id: number }) => {
  const iatMs = ctx.now()
  return new SignJWT({ sid: session.id, iatMs })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(session.user_id))
    .setIssuedAt(Math.floor(iatMs / 1000))
    .setExpirationTime(Math.floor(iatMs / 1000) + ctx.config.accessTtl)
    .setJti(randomUUID())
    .sign(ctx.key)
}

/** The claims of a well-signed, unexpired access token, or a 401 that says which it is not. */
export async function verifyAccessToken(ctx: ServerContext, token: string) {
  try {
    const verified = await jwtVerify(token, ctx.key, { currentDate: new Date(ctx.now()), algorithms: ['HS256'] })
    return verified.payload as { sub?: string; sid?: unknown; iatMs?: unknown; exp?: number }
  } catch (e) {
    return e instanceof joseErrors.JWTExpired
      ? fail('TOKEN_EXPIRED', 'the access token has expired')
      : fail('TOKEN_INVALID', 'the access token is not valid')
  }
}

/** A new refresh token of the session's family, stored as its hash. */
export const newRefreshToken = (ctx: ServerContext, sessionId: string): RefreshToken => {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = ctx.now() + ctx.config.refreshTtl * 1000
  ctx.q.insertRefresh.run(sha256(token), sessionId, expiresAt)
  return { token, expiresAt }
}

/** The answer to a login or a refresh: a fresh access token beside the given refresh token. */
export const tokenPair = async (
  ctx: ServerContext,
  session: { id: string; user_id: number },
  refresh: RefreshToken,
) => ({
  tokenType: 'Bearer',
  accessToken: await signAccessToken(ctx, session),
  refreshToken: refresh.token,
  expiresIn: ctx.config.accessTtl,
  refreshExpiresIn: Math.max(0, Math.ceil((refresh.expiresAt - ctx.now()) / 1000)),
})

/** The password check every dialect's login makes: rate-limited, and one hash whether or not the account exists. */
import type { FastifyRequest } from 'fastify'
import type { ServerContext } from './context'
import type { UserRow } from './db'
import { verifyPassword } from './passwords'
import type { LoginLimiter } from './rate-limit'

/** The account, when the password is right; `undefined` when not. A 429 when the address or account is over its limit. */
export function checkPassword(
  ctx: ServerContext,
  limiter: LoginLimiter,
  req: FastifyRequest,
  username: string,
  password: string,
): UserRow | undefined {
  limiter.hit(req, `login:${username}`)
  const row = ctx.q.userByName.get(username)
  // Checked before looking at `row`: an unknown account (or one without a password) costs the
  // same hash as a wrong password, so the answer's timing does not tell which accounts exist.
  ctx.stats.passwordChecks++
  const matches = verifyPassword(password, row?.password_hash)
  return row && matches ? row : undefined
}

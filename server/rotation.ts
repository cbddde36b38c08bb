/**
 * Refresh-token rotation with reuse detection and a grace window, checked and rotated in one
 * transaction (better-sqlite3 is synchronous: nothing interleaves, and another process on the
 * same file waits): parallel refreshes with one token make one rotation.
 */
import type { ServerContext } from './context'
import { type SessionRow, sha256 } from './db'
import type { Code } from './errors'
import { openSuccessor, sealSuccessor } from './successor'
import { newRefreshToken, type RefreshToken } from './tokens'

export type Refresh =
  | { outcome: 'rotated' | 'replayed'; session: SessionRow; refresh: RefreshToken }
  | { outcome: 'refused'; code: Code; msg: string }

export function createRotation(ctx: ServerContext) {
  const { q, config, stats } = ctx
  return ctx.store.transaction((presented: string): Refresh => {
    const refused = (code: Code, msg: string): Refresh => ({ outcome: 'refused', code, msg })
    const at = ctx.now()
    const row = q.refresh.get(sha256(presented))
    const session = row && q.session.get(row.session_id)
    if (!row || !session) return refused('REFRESH_INVALID', 'the refresh token is not valid')
    if (session.revoked_at) {
      return session.revoke_reason === 'replaced'
        ? refused('TOKEN_UPDATED', 'the account signed in on another device')
        : refused('REFRESH_INVALID', 'the session has ended')
    }
    if (row.expires_at <= at) return refused('REFRESH_EXPIRED', 'the refresh token has expired')
    if (!row.used_at) {
      const next = newRefreshToken(ctx, session.id)
      q.forgetSuccessors.run(session.id)
      if (q.rotateRefresh.run(at, sealSuccessor(presented, next.token, ctx.key), row.hash).changes !== 1) {
        throw new Error('a refresh token rotated twice in one transaction')
      }
      return { outcome: 'rotated', session, refresh: next }
    }
    // Rotated already. Inside the grace, and while its successor is unused (the family's newest
    // rotation), the answer is the successor it already produced: a client whose answer was lost
    // gets it again, parallel refreshes get the same one, and a replayer gets no branch of its
    // own: whoever presents the successor second, after the grace, ends the family for both.
    const inGrace = config.reuseGraceSec > 0 && at - row.used_at <= config.reuseGraceSec * 1000
    const successor = inGrace && row.successor ? openSuccessor(presented, row.successor, ctx.key) : undefined
    const next = successor && q.refresh.get(sha256(successor))
    if (successor && next && !next.used_at) {
      if (next.expires_at <= at) return refused('REFRESH_EXPIRED', 'the refresh token has expired')
      stats.graceRefreshes++
      return { outcome: 'replayed', session, refresh: { token: successor, expiresAt: next.expires_at } }
    }
    // A rotated token presented again: someone else holds the family. End it.
    stats.reuseDetected++
    q.revokeSession.run(at, 'reuse', session.id)
    return refused('REFRESH_REUSED', 'the refresh token was already used; the session has ended')
  })
}

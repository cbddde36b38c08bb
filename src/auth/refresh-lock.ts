/**
 * The refresh lock: one refresh at a time per session, keyed on the access token a caller saw
 * fail; a cooldown with backoff after a refresh that could not happen; and, on H5, one refresh
 * across the app's tabs (the platform's lock, the shared record).
 */
import { credentialsError, isCredentialsError } from './errors'
import { MSG, rejected } from './refresh-call'
import { commit, fresh, type SessionState, valid } from './session-state'
import { readRecord } from './storage'
import type { Tokens } from './tokens'

export const notSignedIn = () => credentialsError('not signed in')

/** The error for work of a sign-in that is over (`match` finds it): the reason it ended for, if one; else "not signed in". */
function endedFor(s: SessionState, match: (e: SessionState['endings'][number]) => boolean) {
  for (const e of s.endings) {
    if (e.reason && match(e)) return credentialsError(`the session ended (${e.reason})`, e.reason)
  }
  return notSignedIn()
}

/** The error for work done with `token` in a session that is over (a late answer for it, say). */
const over = (s: SessionState, token: string) => endedFor(s, (e) => e.lineage.indexOf(token) >= 0)

/**
 * The error for work of sign-in `sid` once that sign-in is over (signed out, or signed in again since:
 * maybe another account): a `CredentialsError` with the reason it ended for, if one; `undefined` while
 * it is the current sign-in.
 */
export const signInEnded = (s: SessionState, sid: string | undefined) =>
  s.tokens && sid === s.sid ? undefined : endedFor(s, (e) => e.sid === sid)

/** Ends the session: one `credentials_error`, and why. */
export const end = (s: SessionState, reason: NonNullable<Parameters<typeof commit>[5]>) =>
  commit(s, undefined, undefined, 'credentials_error', MSG[reason], reason)

/**
 * One refresh: waits out a cooldown, gets new tokens (a rejected refresh ends the session), and
 * installs them unless the session changed meanwhile (`at`: the epoch it started in).
 */
async function run(s: SessionState, from: Tokens, at: number, refused: boolean): Promise<Tokens> {
  const wait = s.cooldownUntil - s.now()
  if (wait > 0) {
    await new Promise<void>((r) => {
      const t = setTimeout(r, wait)
      s.wake = () => {
        clearTimeout(t)
        r()
      }
    })
    s.wake = undefined
  }
  if (at !== s.epoch) throw over(s, from.accessToken)
  try {
    // Told before the lock: on H5 the wait for another tab's refresh is part of this one.
    s.refreshes.emit({ type: 'start', at: s.now() })
    // H5 tabs share storage: under a lock across tabs, tokens another tab has refreshed are taken as
    // they are (calling the server again with the spent refresh token would look like theft), and the
    // new tokens are stored before the lock is let go, so that the next tab in line finds them. Only a
    // record that continues this session, and is newer than what this tab holds, is taken: another
    // account's sign-in is a new session the app hears of; an older record (a failed write) holds a
    // refresh token already spent.
    // A record gone under the lock: another tab signed out. This tab ends its session too, spends
    // nothing and writes nothing (its removal stands; a write would sign the user in again on reload).
    // Checked again when the answer comes: a sign-out while the refresh was out drops the answer.
    const { platform } = s
    const elsewhere = () => {
      // Signed out or in again meanwhile (while this waited for the lock, or the answer): nothing is
      // spent or taken for a sign-in that is over.
      if (at !== s.epoch) throw over(s, from.accessToken)
      let unreadable = false
      const stored =
        platform.lock &&
        readRecord(s.storage, s.key, (e) => {
          unreadable = true
          s.report('storage_error', e)
        })
      // Only when this tab's own record was written, and the storage could be read: a failed write or
      // read says nothing of another tab.
      if (platform.lock && !stored && s.saved && !unreadable) {
        const why = 'signed out in another tab'
        commit(s, undefined, undefined, 'sign_out', why, undefined, undefined, false)
        throw credentialsError(why)
      }
      if (stored && (stored.sid || '') !== s.sid) {
        commit(s, stored.tokens, stored.user, 'sign_in', 'signed in', undefined, stored)
        throw notSignedIn()
      }
      return stored
    }
    const renew = async () => {
      const stored = elsewhere()
      const newer = stored && (stored.gen || 0) > s.gen ? stored : undefined
      const next = newer ? newer.tokens : await s.fetch(from)
      if (!newer) elsewhere()
      // The token the server just refused, handed back (an SDK that thinks it still good): no way on.
      if (refused && next.accessToken === from.accessToken) throw rejected('the refresh gave back the refused token')
      commit(s, next, s.user, 'token_refreshed', 'token refreshed', undefined, newer)
      s.refreshes.emit({ type: 'done', at: s.now(), generation: s.gen, source: newer ? 'other_tab' : 'network' })
      return next
    }
    const { lock } = s.platform
    return Object.assign({}, await (lock ? lock(`${s.key}:refresh`, renew) : renew()))
  } catch (e) {
    // Signed out or in again meanwhile: this refresh, and the requests that waited for it, are of a
    // session that is over. They must not go out with the next session's (maybe another user's) token.
    // Every start has its end: a refresh of a session that ended is told `ended` too.
    const gone = at !== s.epoch
    s.refreshes.emit({ type: 'failed', at: s.now(), error: e, ended: gone || isCredentialsError(e) })
    if (gone) throw isCredentialsError(e) ? e : over(s, from.accessToken)
    if (isCredentialsError(e)) {
      end(s, e.reason || 'refresh_token_expired')
      throw e
    }
    // Could not refresh now (network, timeout, 5xx): keep the session, back off.
    s.failures++
    s.cooldownUntil = s.now() + Math.min(30000, 500 * 2 ** s.failures)
    s.report((e as { misconfigured?: boolean }).misconfigured ? 'refresh_misconfigured' : 'refresh_failed', e)
    throw e
  }
}

/**
 * One refresh at a time: callers join the one in flight. Given the access token a failed request
 * used (`stale`), settles at once with the current tokens when that token has already been replaced.
 */
export function refresh(s: SessionState, stale?: string, sid?: string): Promise<Tokens> {
  const { tokens } = s
  // Known by its sign-in (however many refreshes or renewals ago its token was), else by its token.
  const ended = sid !== undefined ? signInEnded(s, sid) : undefined
  if (ended) return Promise.reject(ended)
  if (!tokens || (sid === undefined && stale && s.lineage.indexOf(stale) < 0)) {
    // A late answer for a session that ended: it ended for the same reason.
    return Promise.reject(stale ? over(s, stale) : notSignedIn())
  }
  if (stale && stale !== tokens.accessToken) {
    // Already replaced: the current tokens, or those of the refresh under way.
    return s.inflight || Promise.resolve(Object.assign({}, tokens))
  }
  if (!s.inflight) {
    const p = run(s, tokens, s.epoch, !!stale)
    s.inflight = p
    const settle = () => {
      if (s.inflight === p) s.inflight = undefined
      s.changed()
    }
    p.then(settle, settle)
  }
  return s.inflight
}

/**
 * A valid access token: the one at hand when it is fresh (or still valid while a failed refresh
 * backs off), else the refresh's; `null` when signed out. A refresh that could not happen leaves a
 * token that is still valid in use.
 */
export async function accessToken(s: SessionState, sid?: string): Promise<string | null> {
  const ended = sid !== undefined ? signInEnded(s, sid) : undefined
  if (ended) throw ended
  const current = s.tokens
  if (!current) return null
  if (!s.inflight && (fresh(s, current) || (s.now() < s.cooldownUntil && valid(s, current)))) {
    return current.accessToken
  }
  try {
    return (await refresh(s, current.accessToken, sid)).accessToken
  } catch (e) {
    if (!isCredentialsError(e) && s.tokens === current && valid(s, current)) return current.accessToken
    throw e
  }
}

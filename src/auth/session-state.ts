/**
 * The session's state in one object: its tokens and user, which session they belong to, the
 * refresh lock's and the timer's bookkeeping; and `commit`, the one way the tokens change
 * (kept in storage, listeners told, the timer re-planned).
 */
import type { CredentialsErrorReason } from './errors'
import type { Events, LoginStateEvent, RefreshEvent } from './events'
import type { Platform } from './platform'
import { type RecordStorage, type SessionRecord, store } from './storage'
import type { Tokens } from './tokens'

/** What `debug` receives: things worth knowing that are not a request's error. Never holds a token. */
export interface DebugInfo {
  type:
    | 'storage_error'
    | 'refresh_failed'
    | 'refresh_misconfigured'
    | 'renewal_error'
    | 'listener_error'
    | 'logout_failed'
    | 'silent_login_failed'
    | 'navigation_failed'
  message: string
  error?: unknown
}

export interface SessionState {
  platform: Platform
  /** The storage key of the record. */
  key: string
  /** Where the record lives: the platform, or the app's `storage` option. */
  storage: RecordStorage
  now: () => number
  /** ms before expiry at which a token is refreshed before use. */
  leeway: number
  /** Tells the `debug` option. */
  report: (type: DebugInfo['type'], error: unknown) => void
  events: Events<LoginStateEvent>
  /** `onRefresh`'s listeners. */
  refreshes: Events<RefreshEvent>
  /** New tokens from the server (or the app's refresh function) for `from`. */
  fetch: (from: Tokens) => Promise<Tokens>
  /** Called after every change, to re-plan the timer. */
  changed: () => void

  tokens?: Tokens
  user?: unknown
  /** This session's id (one sign-in and its refreshes), and how many refreshes into it. */
  sid: string
  gen: number
  /** The access tokens this session has had, newest last: a late 401 for one of them is no reason to refresh. */
  lineage: string[]
  /** Bumped on every sign-in and sign-out: work started before belongs to a session that is over. */
  epoch: number
  /** The record in storage is this session's latest (the last write did not fail): its absence means something. */
  saved: boolean
  /**
   * The last sign-ins that are over, newest last: each one's id, access tokens, and why it ended (none:
   * signed out). Work they started (a late 401 for one of their tokens too) ends for the same reason.
   */
  endings: Array<{ sid: string; lineage: string[]; reason?: CredentialsErrorReason }>

  /** The refresh lock: the refresh in flight, failures in a row, and the backoff they earned. */
  inflight?: Promise<Tokens>
  failures: number
  cooldownUntil: number
  /** Ends a cooldown wait early (sign-out, sign-in). */
  wake?: () => void
}

/** When a refresh is due: `leeway` before expiry, or halfway for tokens that live less than twice that. */
export function due(s: SessionState, t: Tokens): Tokens {
  if (t.expiresAt && !t.refreshAt) {
    t.refreshAt = t.expiresAt - Math.min(s.leeway, Math.max(0, t.expiresAt - s.now()) / 2)
  }
  return t
}

/** Usable without a refresh. */
export const fresh = (s: SessionState, t: Tokens) => !t.refreshAt || s.now() < t.refreshAt
/** Not yet expired. */
export const valid = (s: SessionState, t: Tokens) => !t.expiresAt || s.now() < t.expiresAt

export function save(s: SessionState): void {
  s.saved = !!s.tokens
  store(s.storage, s.key, s.tokens && { v: 1, sid: s.sid, gen: s.gen, tokens: s.tokens, user: s.user }, (e) => {
    s.saved = false
    s.report('storage_error', e)
  })
}

/**
 * Replaces the tokens (or removes them) and the user, then tells the listeners when there is an
 * event. Only a refresh continues the session; anything else starts a new one (a new epoch, the
 * refresh in flight forgotten). `from`: the record of another H5 tab these tokens were taken from.
 * `persist: false`: storage is left as it is (another tab signed out: its removal stands).
 */
export function commit(
  s: SessionState,
  next: Tokens | undefined,
  user: unknown,
  eventType?: LoginStateEvent['eventType'],
  msg?: string,
  reason?: CredentialsErrorReason,
  from?: SessionRecord,
  persist = true,
): void {
  const had = s.tokens
  s.tokens = next && due(s, next)
  s.user = user
  if (eventType === 'token_refreshed') s.gen = from ? (from.gen as number) : s.gen + 1
  else {
    // The sign-in that is over, and why: work it started ends with that reason, however old its token.
    if (had) s.endings = s.endings.concat({ sid: s.sid, lineage: s.lineage, reason }).slice(-20)
    s.epoch++
    s.inflight = undefined
    s.lineage = []
    // A new session: its own id (or, taken from another tab, that tab's).
    s.sid = from ? (from.sid as string) : Math.random().toString(36).slice(2) + s.now().toString(36)
    s.gen = (from && from.gen) || 0
    if (s.wake) s.wake()
  }
  if (next) s.lineage = s.lineage.concat(next.accessToken).slice(-20)
  s.failures = s.cooldownUntil = 0
  if (persist) save(s)
  s.changed()
  if (eventType) s.events.emit({ eventType, reason, msg } as LoginStateEvent)
}

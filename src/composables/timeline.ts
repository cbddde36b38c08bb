/**
 * What happened to each request, told by the module's public surface and drawn in time: the
 * requester's `hooks.onLifecycle` and the session's `onRefresh`. Framework-free (the Vue side is
 * useTimeline.ts), so that it can be fed from `createRequest` before any page exists and tested
 * without a renderer.
 *
 * An episode is what the timeline shows: the requests and refreshes since the page cleared it, or
 * since things went quiet (nothing in flight for `quietMs`): a background refresh twenty seconds
 * after a burst starts a new picture instead of squashing the burst into a sliver.
 */
import type { RefreshEvent } from '@/auth'
import type { LifecycleEvent } from '@/utils/request'

/** How a request ended, as a person would sort it. */
export type Outcome =
  | 'ok'
  /** An HTTP status outside 2xx (not an expired token). */
  | 'http'
  | 'network'
  | 'timeout'
  | 'abort'
  | 'queue_full'
  /** Needed a session and there was none: never sent. */
  | 'signed_out'
  /** The session ended with it: the refresh token expired, or another device signed in. */
  | 'session_ended'
  | 'error'

/** A stretch of a request's life. */
export interface Segment {
  /** `flight`: sent, no answer yet; `wait`: parked until the session answers; `backoff`: before a retry. */
  kind: 'flight' | 'wait' | 'backoff'
  from: number
  /** `undefined` while it lasts. */
  to?: number
  /** `flight` only: the token's generation (`null`: no token). */
  generation?: number | null
  /** `flight` only: a replay after a refresh. */
  replay?: boolean
}

/** A moment in a request's life. */
export interface Mark {
  /** `expired`: a 401 (or code) meaning the token expired; `ended`: an answer that ended the session; `failed`: an error status; `retry`: a failed attempt that will be retried. */
  kind: 'expired' | 'ended' | 'failed' | 'retry'
  at: number
  statusCode?: number
}

export interface RequestLane {
  id: number
  method: string
  /** The path, e.g. `/api/orders/7`. */
  path: string
  start: number
  segments: Segment[]
  marks: Mark[]
  /** Set when the request settles. */
  outcome?: Outcome
  end?: number
  /** The final status (successes and HTTP errors). */
  statusCode?: number
  /** For `session_ended`: why. */
  reason?: string
}

export interface RefreshLane {
  start: number
  end?: number
  /** The generation the refresh brought. */
  generation?: number
  /** `'failed'`: could not happen, the session kept; `'ended'`: rejected, the session ended. */
  failure?: 'failed' | 'ended'
}

export interface Episode {
  start: number
  /** The latest moment told. */
  last: number
  lanes: RequestLane[]
  refreshes: RefreshLane[]
}

export interface TimelineOptions {
  /** A request whose URL this returns `false` for is left out (the demo's own control calls). @default all */
  include?: (url: string) => boolean
  /** Nothing in flight for this long: the next event starts a new episode. @default 1500 */
  quietMs?: number
  /** Most request lanes kept in an episode (the oldest go first). @default 40 */
  maxLanes?: number
}

export interface Timeline {
  /** For `createRequest({ hooks: { onLifecycle } })`. */
  onLifecycle(event: LifecycleEvent): void
  /** For `auth.onRefresh`. */
  onRefresh(event: RefreshEvent): void
  /** The current episode (the same object until the next change; read it, do not change it). */
  episode(): Episode
  /** Starts a new, empty episode. */
  clear(): void
  /** Hears every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** The path of a URL without scheme, host and query: what a lane is labelled with. */
export function pathOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url)
  const path = m ? m[1] || '/' : url.split(/[?#]/)[0] || '/'
  return path
}

/** Sorts an error by its `name` (the module's guards do the same; `instanceof` breaks under ES5). */
export function outcomeOf(error: unknown): Outcome {
  const name = error instanceof Error ? error.name : ''
  switch (name) {
    case 'HTTPError':
      return 'http'
    case 'NetworkError':
      return 'network'
    case 'TimeoutError':
      return 'timeout'
    case 'AbortError':
      return 'abort'
    case 'QueueFullError':
      return 'queue_full'
    case 'CredentialsError':
      return (error as { reason?: string }).reason ? 'session_ended' : 'signed_out'
    default:
      return 'error'
  }
}

const empty = (at: number): Episode => ({ start: at, last: at, lanes: [], refreshes: [] })

export function createTimeline(options: TimelineOptions = {}): Timeline {
  const include = options.include || (() => true)
  const quietMs = options.quietMs === undefined ? 1500 : options.quietMs
  const maxLanes = options.maxLanes || 40
  let current = empty(0)
  let fresh = true
  const byId = new Map<number, RequestLane>()
  let listeners: Array<() => void> = []

  const changed = () => {
    // A new object each change, so that a view can compare by identity.
    current = { start: current.start, last: current.last, lanes: current.lanes, refreshes: current.refreshes }
    for (const listener of listeners.slice()) listener()
  }

  const busy = () =>
    current.lanes.some((l) => l.outcome === undefined) || current.refreshes.some((r) => r.end === undefined)

  /** The episode an event at `at` belongs to: this one, or a new one after a quiet spell. */
  const at = (t: number) => {
    if (fresh || (!busy() && t - current.last > quietMs)) {
      current = empty(t)
      byId.clear()
      fresh = false
    }
    if (t > current.last) current.last = t
    return t
  }

  const open = (lane: RequestLane) => {
    const s = lane.segments[lane.segments.length - 1]
    return s && s.to === undefined ? s : undefined
  }
  const close = (lane: RequestLane, t: number) => {
    const s = open(lane)
    if (s) s.to = t
  }

  return {
    onLifecycle(e) {
      if (!include(e.request.url)) return
      let lane = byId.get(e.id)
      if (!lane) {
        // A request that began in an earlier episode: told from here on, as a new lane.
        lane = {
          id: e.id,
          method: e.request.method,
          path: pathOf(e.request.url),
          start: at(e.at),
          segments: [],
          marks: [],
        }
        byId.set(e.id, lane)
        current.lanes.push(lane)
        if (current.lanes.length > maxLanes) {
          const dropped = current.lanes.shift() as RequestLane
          byId.delete(dropped.id)
        }
      }
      const t = at(e.at)
      switch (e.type) {
        case 'send':
          close(lane, t)
          lane.segments.push({
            kind: 'flight',
            from: t,
            generation: e.generation === undefined ? null : e.generation,
            replay: e.replay,
          })
          break
        case 'response':
          close(lane, t)
          if (e.verdict === 'expired') lane.marks.push({ kind: 'expired', at: t, statusCode: e.statusCode })
          else if (e.verdict !== 'ok' && e.verdict !== 'failed') {
            lane.marks.push({ kind: 'ended', at: t, statusCode: e.statusCode })
            lane.reason = e.verdict
          } else if (e.verdict === 'failed') lane.marks.push({ kind: 'failed', at: t, statusCode: e.statusCode })
          break
        case 'wait':
          close(lane, t)
          lane.segments.push({ kind: 'wait', from: t })
          break
        case 'retry':
          close(lane, t)
          lane.marks.push({ kind: 'retry', at: t })
          lane.segments.push({ kind: 'backoff', from: t })
          break
        case 'settle':
          close(lane, t)
          lane.end = t
          if (e.ok) {
            lane.outcome = 'ok'
            lane.statusCode = e.statusCode
          } else {
            lane.outcome = outcomeOf(e.error)
            const res = (e.error as { response?: { statusCode?: number } }).response
            if (res && typeof res.statusCode === 'number') lane.statusCode = res.statusCode
            const reason = (e.error as { reason?: string }).reason
            if (reason) lane.reason = reason
          }
          byId.delete(e.id)
          break
      }
      changed()
    },

    onRefresh(e) {
      const t = at(e.at)
      if (e.type === 'start') current.refreshes.push({ start: t })
      else {
        // The one still running: refreshes do not overlap (the session's lock).
        let lane: RefreshLane | undefined
        for (let i = current.refreshes.length - 1; i >= 0 && !lane; i--) {
          if ((current.refreshes[i] as RefreshLane).end === undefined) lane = current.refreshes[i]
        }
        if (!lane) {
          lane = { start: current.start }
          current.refreshes.push(lane)
        }
        lane.end = t
        if (e.type === 'done') lane.generation = e.generation
        else lane.failure = e.ended ? 'ended' : 'failed'
      }
      changed()
    },

    episode: () => current,

    clear() {
      fresh = true
      byId.clear()
      current = empty(Date.now())
      for (const listener of listeners.slice()) listener()
    },

    subscribe(listener) {
      listeners.push(listener)
      return () => {
        listeners = listeners.filter((l) => l !== listener)
      }
    },
  }
}

/**
 * An episode of the timeline as positions: every time as a percentage of the episode's span, so
 * that the view only places `<view>`s (`left` / `width` in `%` of its track), the same in H5 and
 * in a mini program. Also the counts the summary line and the tests read.
 */
import type { Episode, Mark, Outcome, RequestLane } from './timeline'

export interface BarView {
  kind: 'flight' | 'wait' | 'backoff'
  left: number
  width: number
  /** `flight`: the token's generation (`null`: no token). */
  generation: number | null
  replay: boolean
}

export interface MarkView {
  kind: Mark['kind']
  left: number
  statusCode?: number
}

export interface LaneView {
  id: number
  /** Short: the path without `/api/`. */
  label: string
  bars: BarView[]
  marks: MarkView[]
  outcome?: Outcome
  /** Where the outcome sits (`%`), when settled. */
  end?: number
  statusCode?: number
  reason?: string
}

export interface RefreshView {
  left: number
  width: number
  generation?: number
  failure?: 'failed' | 'ended'
  running: boolean
}

export interface Counts {
  requests: number
  /** Answers that said the token expired (the 401s). */
  expired: number
  /** Answers that ended the session (signed in elsewhere, refresh token dead). */
  ended: number
  refreshes: number
  replays: number
  ok: number
  failed: number
  pending: number
}

export interface TimelineView {
  /** The episode's length, ms. */
  spanMs: number
  lanes: LaneView[]
  refreshes: RefreshView[]
  /** Where refreshes ended with new tokens (`%`): a guide line through every lane. */
  guides: number[]
  counts: Counts
}

/** Shortest span drawn: a burst answered in 3 ms should not fill the width as if it took long. */
const MIN_SPAN_MS = 20
/** Narrowest bar (`%`): a send answered within the same millisecond still shows. */
const MIN_WIDTH = 1

const round = (x: number) => Math.round(x * 100) / 100

export function labelOf(lane: RequestLane): string {
  return lane.path.replace(/^\/api\//, '').replace(/^\//, '') || '/'
}

export function layout(episode: Episode): TimelineView {
  const spanMs = Math.max(MIN_SPAN_MS, episode.last - episode.start)
  const x = (t: number) => round(Math.min(100, Math.max(0, ((t - episode.start) / spanMs) * 100)))
  const width = (from: number, to: number | undefined) => {
    const left = x(from)
    return {
      left,
      width: round(Math.max(MIN_WIDTH, Math.min(100 - left, x(to === undefined ? episode.last : to) - left))),
    }
  }
  const counts: Counts = {
    requests: 0,
    expired: 0,
    ended: 0,
    refreshes: 0,
    replays: 0,
    ok: 0,
    failed: 0,
    pending: 0,
  }
  const lanes = episode.lanes.map((lane): LaneView => {
    counts.requests++
    if (lane.outcome === undefined) counts.pending++
    else if (lane.outcome === 'ok') counts.ok++
    else counts.failed++
    const bars = lane.segments.map((s): BarView => {
      if (s.kind === 'flight' && s.replay) counts.replays++
      return Object.assign(width(s.from, s.to), {
        kind: s.kind,
        generation: s.generation === undefined ? null : s.generation,
        replay: !!s.replay,
      })
    })
    const marks = lane.marks.map((m): MarkView => {
      if (m.kind === 'expired') counts.expired++
      else if (m.kind === 'ended') counts.ended++
      return { kind: m.kind, left: x(m.at), statusCode: m.statusCode }
    })
    return {
      id: lane.id,
      label: labelOf(lane),
      bars,
      marks,
      outcome: lane.outcome,
      end: lane.end === undefined ? undefined : x(lane.end),
      statusCode: lane.statusCode,
      reason: lane.reason,
    }
  })
  const guides: number[] = []
  const refreshes = episode.refreshes.map((r): RefreshView => {
    counts.refreshes++
    if (r.end !== undefined && r.generation !== undefined) guides.push(x(r.end))
    return Object.assign(width(r.start, r.end), {
      generation: r.generation,
      failure: r.failure,
      running: r.end === undefined,
    })
  })
  return { spanMs: Math.round(spanMs), lanes, refreshes, guides, counts }
}

/**
 * What the drawing says, one colour per meaning. The token a request carried is not a colour: it is
 * a label on the bar (its generation, in plain words in the legend), so that no colour means both a
 * token and an outcome.
 */
export type Meaning =
  /** A request in flight (a bar; dashed when it went out without a token). */
  | 'flight'
  /** Parked until the refresh answers. */
  | 'wait'
  /** A retry, and the wait before it. */
  | 'retry'
  /** An answer that said the token expired: the 401. */
  | 'expired'
  /** The refresh call, the new token it brought, and where that token arrived. */
  | 'refresh'
  /** Succeeded. */
  | 'ok'
  /** Did not complete: a network error or a timeout (a request's or the refresh's). */
  | 'unfinished'
  /** The session ended: the answer that ended it, and the requests that failed with it. */
  | 'ended'
  /** Failed another way: an HTTP error, signed out, aborted, the queue full. */
  | 'other'

export const MEANING_COLOR: Record<Meaning, string> = {
  flight: '#2563eb',
  wait: '#f59e0b',
  retry: '#9ca3af',
  expired: '#dc2626',
  refresh: '#7c3aed',
  ok: '#16a34a',
  unfinished: '#ea580c',
  ended: '#111827',
  other: '#db2777',
}

/** The meaning of how a request (or a refresh) ended. */
export function outcomeMeaning(outcome: Outcome | 'failed' | 'ended' | undefined): Meaning {
  if (outcome === 'ok') return 'ok'
  if (outcome === 'network' || outcome === 'timeout' || outcome === 'failed') return 'unfinished'
  if (outcome === 'session_ended' || outcome === 'ended') return 'ended'
  return 'other'
}

/** The meaning of a mark on a lane: `failed` is an answer outside 2xx that was not an expiry. */
export function markMeaning(kind: Mark['kind']): Meaning {
  return kind === 'expired' ? 'expired' : kind === 'ended' ? 'ended' : kind === 'retry' ? 'retry' : 'other'
}

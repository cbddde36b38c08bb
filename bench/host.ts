/**
 * A mini program host's network, as WeChat documents it: at most 10 `request`s out at once, the rest
 * queued inside the host (first come, first served), and each call's `timeout` counted from the moment
 * the app made the call, so that the wait in the host's queue eats it (a call still queued or still
 * out when it passes fails with `request:fail timeout`; no `timeout` means the host's 60 s).
 *
 * The scenario (`hostExpiry`): 20 requests go out at once on an access token that the server stops
 * accepting at that moment (the client has no expiry to know it by); every call, the refresh
 * included, is answered a fixed `delayMs` after the host sends it. It measures when the refresh call
 * was made and when the host let it out (how long it waited for a slot), and when the last of the 20
 * settled. The global `wx` is set while the client is made, as in a mini program: that is how
 * uni-session takes its default `maxConcurrent` (10) there.
 */
import type { PlatformRequestOptions, PlatformResponse } from '../src/auth/platform'
import { createScriptedPlatform, type Handler } from '../src/testing/scripted-platform'
import type { MakeClient } from './contender'

/** One call the host saw, its times in ms since the scenario's start. */
export interface HostCall {
  url: string
  /** When the app made the call. */
  made: number
  /** When the host let it out (a slot was free); undefined if it never was. */
  sent?: number
  settled?: number
  outcome?: 'answered' | 'timeout' | 'abort'
  /** Waited in the host's queue for a slot. */
  queued: boolean
}

type Options = PlatformRequestOptions & { complete?(res: unknown): void }

/** A `uni` whose `request` runs at most `slots` calls at once over the scripted platform. */
export function installHost(handler: Handler, slots: number, now: () => number) {
  const inner = createScriptedPlatform(handler)
  // The host's own timers (below) count the timeout from the call, the queue included.
  inner.ignoresTimeouts = true
  const log: HostCall[] = []
  const queue: (() => void)[] = []
  let out = 0
  let mostOut = 0
  let mostQueued = 0
  const pump = () => {
    while (out < slots && queue.length) (queue.shift() as () => void)()
  }
  const request = (o: Options) => {
    const entry: HostCall = { url: o.url, made: now(), queued: false }
    log.push(entry)
    let task: { abort(): void } | undefined
    let settled = false
    const finish = (outcome: HostCall['outcome'], ok: boolean, res: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      entry.settled = now()
      entry.outcome = outcome
      if (entry.sent === undefined) queue.splice(queue.indexOf(send), 1)
      else {
        out--
        // Cut off by its timeout: the host drops the call (its late answer, if any, goes nowhere).
        if (outcome !== 'answered') task?.abort()
      }
      // The host hands the freed slot to the next queued call before the app hears of this one.
      pump()
      if (ok) o.success?.(res as PlatformResponse)
      else o.fail?.(res as { errMsg: string })
      o.complete?.(res)
    }
    const send = () => {
      out++
      mostOut = Math.max(mostOut, out)
      entry.sent = now()
      task = inner.request({
        url: o.url,
        method: o.method,
        header: o.header,
        data: o.data,
        success: (res) => finish('answered', true, res),
        fail: (err) => finish('answered', false, err),
      }) as { abort(): void }
    }
    const timer = setTimeout(() => finish('timeout', false, { errMsg: 'request:fail timeout' }), o.timeout || 60000)
    if (out < slots) send()
    else {
      entry.queued = true
      queue.push(send)
      mostQueued = Math.max(mostQueued, queue.length)
    }
    return { abort: () => finish('abort', false, { errMsg: 'request:fail abort' }) }
  }
  const host = { ...inner, request }
  ;(globalThis as { uni?: unknown }).uni = host
  return { host, log, most: () => ({ out: mostOut, queued: mostQueued }) }
}

export interface HostExpiryResult {
  requests: number
  refreshCalls: number
  /** The first refresh call: when the client made it and when the host let it out (ms after the expiry). */
  refreshMadeMs: number | null
  refreshSentMs: number | null
  refreshDoneMs: number | null
  /** Did the first refresh call wait in the host's queue (behind app requests)? */
  refreshQueued: boolean
  succeeded: number
  failed: number
  /** Of the failed: cut off by the host's timeout. */
  timedOut: number
  pending: number
  /** API calls the server answered (first sends and replays). */
  apiCalls: number
  mostOut: number
  mostQueued: number
  /** From the expiry until the last of the requests settled; null when some still hang at the bound. */
  allDoneMs: number | null
}

/**
 * One run: `requests` GETs at once on an access token the server refuses from now on, on a host
 * with `slots` slots, every call answered `delayMs` after it is sent. The clients keep their default
 * timeouts (60 s for uni-session and luch-request, the host's 60 s for a bare `uni.request`).
 */
export async function hostExpiry(
  make: MakeClient,
  o: {
    baseURL: string
    refreshURL: string
    requests: number
    slots: number
    delayMs: number
    boundMs: number
  },
): Promise<HostExpiryResult> {
  const s = { refreshCalls: 0, apiCalls: 0, gen: 0 }
  const handler: Handler = (call) => {
    if (call.url === o.refreshURL) {
      s.refreshCalls++
      s.gen++
      return { data: { accessToken: `a${s.gen}`, refreshToken: `r${s.gen}` }, delay: o.delayMs }
    }
    s.apiCalls++
    const auth = call.header.Authorization ?? call.header.authorization ?? ''
    return /^Bearer a[1-9]/.test(auth)
      ? { data: { ok: true }, delay: o.delayMs }
      : { statusCode: 401, data: { code: 'TOKEN_EXPIRED' }, delay: o.delayMs }
  }
  let t0 = performance.now()
  const now = () => performance.now() - t0
  const { host, log, most } = installHost(handler, o.slots, now)
  const g = globalThis as { wx?: unknown }
  g.wx = host
  let client: ReturnType<MakeClient>
  try {
    client = make({ baseURL: o.baseURL, refreshURL: o.refreshURL, maxQueue: 100 })
  } finally {
    delete g.wx
  }
  client.signIn('a0', 'r0')
  let succeeded = 0
  let failed = 0
  let last = 0
  t0 = performance.now()
  const all = Promise.all(
    Array.from({ length: o.requests }, (_, i) =>
      client.get(`/api/slow/${i + 1}`).then(
        () => {
          succeeded++
          last = now()
        },
        () => {
          failed++
          last = now()
        },
      ),
    ),
  )
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, o.boundMs)))])
  clearTimeout(timer)
  // Stray answers (a call cut off by its timeout is still answered by the server) land before the count.
  await new Promise((r) => setTimeout(r, o.delayMs * 2))
  const refresh = log.find((c) => c.url === o.refreshURL)
  const round = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100)
  const pending = o.requests - succeeded - failed
  return {
    requests: o.requests,
    refreshCalls: s.refreshCalls,
    refreshMadeMs: round(refresh?.made),
    refreshSentMs: round(refresh?.sent),
    refreshDoneMs: round(refresh?.settled),
    refreshQueued: !!refresh && refresh.queued,
    succeeded,
    failed,
    timedOut: log.filter((c) => c.outcome === 'timeout' && c.url !== o.refreshURL).length,
    pending,
    apiCalls: s.apiCalls,
    mostOut: most().out,
    mostQueued: most().queued,
    allDoneMs: pending ? null : round(last),
  }
}

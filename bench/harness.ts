/**
 * What the bench runs around a client: the scripted `uni`, the scripted backend, the happy-path loop.
 * bench/build.ts bundles a copy of this file into each contender's bundle, so that each contender
 * runs on code of its own: shared code (the scripted platform, the backend) would otherwise carry
 * the inline caches and optimisations of whichever contender ran before (measured: the cheapest
 * contenders' happy path swung by 2x with the order they ran in).
 */
import type { Handler } from '../src/testing/scripted-platform'
import type { MakeClient } from './contender'
import { installUni } from './platform'

export { hostExpiry } from './host'
export { installUni }

export type RefreshOutcome = 'ok' | 'reject' | 'network'

/**
 * The scripted backend. Access token `a0` is expired (the client does not know it: no expiry was
 * given); every token a refresh hands out is valid. Refresh tokens are not rotated, so a duplicate
 * refresh costs a call but breaks nothing: the counts show it without a cascade of failures.
 * Out of order, every reply comes after 0 to `maxDelay` ms at random.
 */
export function backend(o: { refreshURL: string; maxDelay: number; outOfOrder: boolean; refresh: RefreshOutcome }) {
  const s = { refreshCalls: 0, apiCalls: 0, gen: 0 }
  const handler: Handler = (call) => {
    const delay = o.outOfOrder ? Math.random() * o.maxDelay : undefined
    if (call.url === o.refreshURL) {
      s.refreshCalls++
      if (o.refresh === 'reject') return { statusCode: 401, data: { code: 'REFRESH_INVALID' }, delay }
      if (o.refresh === 'network') return { fail: 'request:fail', delay }
      s.gen++
      return { data: { accessToken: `a${s.gen}`, refreshToken: `r${s.gen}` }, delay }
    }
    s.apiCalls++
    const auth = call.header.Authorization ?? call.header.authorization ?? ''
    return /^Bearer a[1-9]/.test(auth)
      ? { data: { ok: true }, delay }
      : { statusCode: 401, data: { code: 'TOKEN_EXPIRED' }, delay }
  }
  return { s, handler }
}

/**
 * A signed-in client on its own scripted `uni` (answers on a microtask). Each call of the returned
 * function makes `requests` GETs in batches of `batch` and resolves with ns per request; it throws
 * if any request failed or refreshed (the happy path must stay happy).
 */
export function happyRunner(make: MakeClient, o: { baseURL: string; refreshURL: string }) {
  const b = backend({ refreshURL: o.refreshURL, maxDelay: 0, outOfOrder: false, refresh: 'ok' })
  const platform = installUni(b.handler)
  const client = make({ baseURL: o.baseURL, refreshURL: o.refreshURL, maxQueue: 100 })
  client.signIn('a1', 'r1')
  const urls = Array.from({ length: 100 }, (_, i) => `/api/orders/${i + 1}`)
  return async (requests: number, batch = 100): Promise<number> => {
    ;(globalThis as { uni?: unknown }).uni = platform
    const t0 = performance.now()
    for (let done = 0; done < requests; done += batch) {
      const pending: Promise<unknown>[] = []
      for (let i = 0; i < batch; i++) pending.push(client.get(urls[i % urls.length] as string))
      await Promise.all(pending)
      platform.calls.length = 0
    }
    const ns = ((performance.now() - t0) * 1e6) / requests
    if (b.s.refreshCalls) throw new Error(`happy path: ${b.s.refreshCalls} refresh calls`)
    return ns
  }
}

/**
 * Issue 22, item 6: recovery at a mini program host's limit. The bench's host (bench/host.ts: 10
 * calls at once, the rest queued inside the host, each call answered 100 ms after the host sends it)
 * and uni-session as the bench sets it up (bench/peers/uni-session.ts), on the fake clock.
 */
import { hostExpiry } from '../../bench/host'
import { make } from '../../bench/peers/uni-session'
import { useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => {
  jest.useRealTimers()
  delete (globalThis as { uni?: unknown }).uni
})

test('20 slow requests over an expiry on a 10-slot host are all done in 400 ms: the kept slot is lent to replays, and the refresh never waits for a slot', async () => {
  const run = hostExpiry(make, {
    baseURL: 'http://127.0.0.1:9',
    refreshURL: 'http://127.0.0.1:9/auth/refresh',
    requests: 20,
    slots: 10,
    delayMs: 100,
    boundMs: 5000,
  })
  await jest.advanceTimersByTimeAsync(6000)
  const r = await run
  // The 401s' round trip, one refresh, then the 20 replays in two rounds of 10 (was three: 9, 9, 2).
  expect(r.allDoneMs).toBeLessThanOrEqual(420)
  expect(r).toMatchObject({ refreshCalls: 1, refreshQueued: false, succeeded: 20, failed: 0, pending: 0 })
  expect(r.mostOut).toBeLessThanOrEqual(10)
  expect(r.mostQueued).toBe(0)
})

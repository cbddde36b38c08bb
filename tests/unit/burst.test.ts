import { setup, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

/** A small seeded generator, so a failure can be replayed. */
const lcg = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}

test.each([1, 2, 3])(
  '1,000 requests on an expired token with replies in random order (seed %i): one refresh call, all resolve',
  async (seed) => {
    const random = lcg(seed)
    const { request, server, platform } = setup({ request: { maxQueue: 1000 } })
    server.accessExpired = true
    // Every answer is delayed by a random 0-500 ms, so 401s and the refresh interleave in any order.
    platform.handler = (call) => ({ ...server.handle(call), delay: Math.floor(random() * 500) })
    const results = Array.from({ length: 1000 }, (_, i) => request.get(`/r/${i}`))
    await jest.advanceTimersByTimeAsync(5000)
    const settled = await Promise.allSettled(results)
    expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1000)
    expect(server.refreshCalls).toBe(1)
    expect(server.apiCalls.filter((c) => c.token === 'at-2')).toHaveLength(1000)
  },
)

/**
 * Issue 14, item 6: at most `maxConcurrent` platform calls in flight, as mini program hosts allow;
 * the refresh call never waits behind app requests; a wait for a slot does not eat a request's
 * timeout; `fail interrupted` is a failure of the network.
 */
import { createAuth, isCredentialsError, isNetworkError, isTimeoutError } from '../../src/auth'
import { hostLimit } from '../../src/auth/platform'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest, type LifecycleEvent } from '../../src/utils/request'
import { BASE, flush, setup, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

test('without a session, at most maxConcurrent calls are out; the rest go as slots free, in order', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({ platform, maxConcurrent: 3 })
  const results = Array.from({ length: 7 }, (_, i) => request.get(`https://x.test/${i}`))
  await flush()
  expect(platform.pending().map((c) => c.url)).toEqual(['https://x.test/0', 'https://x.test/1', 'https://x.test/2'])
  platform.pending()[1]?.respond({ statusCode: 200 })
  await flush()
  expect(platform.pending().map((c) => c.url)).toEqual(['https://x.test/0', 'https://x.test/2', 'https://x.test/3'])
  while (platform.pending().length) {
    platform.pending()[0]?.respond({ statusCode: 200 })
    await flush()
  }
  expect((await Promise.all(results)).map((r) => r.statusCode)).toEqual(Array(7).fill(200))
  expect(platform.calls).toHaveLength(7)
})

test('with a session, one slot is left for the refresh: 20 slow requests, then an expiry, and the refresh goes at once', async () => {
  const { request, server, platform } = setup({ request: { maxConcurrent: 10 } })
  server.holdApi = true
  const results = Array.from({ length: 20 }, (_, i) => request.get(`/slow/${i}`))
  await flush()
  // Nine app calls out, eleven queued in the requester: one host slot is free.
  expect(platform.pending()).toHaveLength(9)
  server.accessExpired = true
  server.holdApi = false
  // The first answer is a 401: the refresh starts while eight app calls are still out.
  server.release()
  await flush()
  const refresh = platform.calls.find((c) => c.url === server.refreshURL)
  expect(refresh).toBeDefined()
  expect(platform.calls.filter((c) => !c.settled && c.url !== server.refreshURL).length).toBeLessThanOrEqual(9)
  await jest.advanceTimersByTimeAsync(0)
  const settled = await Promise.all(results)
  expect(settled.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
  expect(server.refreshCalls).toBe(1)
  // Never more than 10 platform calls out at once, the refresh included.
  let out = 0
  let most = 0
  for (const c of platform.calls) {
    out++
    most = Math.max(most, out)
    if (c.settled) out--
  }
  expect(most).toBeLessThanOrEqual(10)
})

/** 20 held requests on 9 app slots; then the token expires and the nine out come back 401 while the refresh is held. */
async function expiryWithQueue() {
  const env = setup({ request: { maxConcurrent: 10 } })
  const { server, request } = env
  server.holdApi = true
  const results = Array.from({ length: 20 }, (_, i) => request.get(`/slow/${i}`).catch((e: unknown) => e))
  await flush()
  server.accessExpired = true
  server.refreshMode = 'hold'
  server.release()
  await flush()
  return { ...env, results }
}

test('requests queued for a slot while a refresh runs wait for it: none goes out with the token being replaced', async () => {
  const { server, platform, results } = await expiryWithQueue()
  // The nine freed slots did not send the eleven queued requests with the old token.
  expect(server.apiCalls.filter((c) => c.token === 'at-1')).toHaveLength(9)
  expect(platform.pending().map((c) => c.url)).toEqual([server.refreshURL])
  server.refreshMode = 'ok'
  server.holdApi = false
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  expect((await Promise.all(results)).map((r) => (r as { statusCode: number }).statusCode)).toEqual(Array(20).fill(200))
  expect(server.refreshCalls).toBe(1)
  // 9 refused, then each of the 20 once with the new token: 29 API calls, not 38.
  expect(server.apiCalls.map((c) => c.token)).toEqual([...Array(9).fill('at-1'), ...Array(20).fill('at-2')])
})

test('when that refresh is refused, the requests queued behind it end with the reason and are never sent', async () => {
  const { server, results, events } = await expiryWithQueue()
  server.refreshMode = 'reject'
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  const errors = await Promise.all(results)
  expect(errors.every((e) => isCredentialsError(e) && e.reason === 'refresh_token_expired')).toBe(true)
  expect(server.apiCalls).toHaveLength(9)
  expect(events.filter((e) => e.eventType === 'credentials_error')).toHaveLength(1)
})

test('a request aborted while it waits for that refresh is not sent after it', async () => {
  const env = setup({ request: { maxConcurrent: 2 } })
  const { server, request } = env
  server.holdApi = true
  const first = request.get('/first').catch((e: unknown) => e)
  const second = request.get('/second')
  await flush()
  server.accessExpired = true
  server.refreshMode = 'hold'
  server.release()
  await flush()
  second.abort()
  await expect(second).rejects.toThrow('aborted')
  server.refreshMode = 'ok'
  server.holdApi = false
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  expect(await first).toMatchObject({ statusCode: 200 })
  expect(server.apiCalls.map((c) => c.url)).toEqual([`${BASE}/first`, `${BASE}/first`])
})

test.each([0, 1, 2, 3])(
  'a queued request aborted %i ticks after the refresh it waited for is not sent after its abort',
  async (ticks) => {
    const events: LifecycleEvent[] = []
    const { server, request, auth } = setup({
      request: { maxConcurrent: 2, hooks: { onLifecycle: (e) => events.push(e) } },
    })
    server.holdApi = true
    const first = request.get('/first').catch((e: unknown) => e)
    const second = request.get('/second')
    const outcome = second.catch((e: unknown) => e)
    await flush()
    server.accessExpired = true
    server.refreshMode = 'hold'
    server.release()
    await flush()
    auth.refresh().then(async () => {
      for (let i = 0; i < ticks; i++) await null
      second.abort()
    })
    server.refreshMode = 'ok'
    server.holdApi = false
    server.release()
    await jest.advanceTimersByTimeAsync(0)
    expect(String(await outcome)).toMatch(/aborted/)
    await first
    // Sent before the abort (the later ticks) or not at all; never after it settled.
    const told = events.filter((e) => e.request.url.endsWith('/second')).map((e) => e.type)
    expect(told).toContain('settle')
    expect(told.lastIndexOf('send')).toBeLessThan(told.indexOf('settle'))
    const sent = server.apiCalls.filter((c) => c.url.endsWith('/second')).length
    expect(sent).toBe(told.filter((t) => t === 'send').length)
  },
)

test('requests queued for a slot when the user signs out are not sent: they end with "not signed in"', async () => {
  const { server, request, auth } = setup({ request: { maxConcurrent: 2 } })
  server.holdApi = true
  const first = request.get('/first').catch((e: unknown) => e)
  const optional = request.get('/optional').catch((e: unknown) => e)
  const required = request.get('/required', { auth: true }).catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  server.holdApi = false
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  // The one already out when the user signed out comes back; the queued ones never carry the token.
  expect(await first).toMatchObject({ statusCode: 200 })
  for (const queued of [await optional, await required]) {
    expect(isCredentialsError(queued)).toBe(true)
    expect(queued).toMatchObject({ reason: undefined, message: expect.stringContaining('not signed in') })
  }
  expect(server.apiCalls.map((c) => c.url)).toEqual([`${BASE}/first`])
})

test('a request queued under one sign-in is not sent with the token of the next one', async () => {
  const { server, request, auth } = setup({ request: { maxConcurrent: 2 } })
  server.holdApi = true
  const first = request.get('/first').catch((e: unknown) => e)
  const queued = request.get('/queued').catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  auth.signIn(server.tokensFor(7))
  server.holdApi = false
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  await first
  const result = await queued
  expect(isCredentialsError(result)).toBe(true)
  expect(server.apiCalls.map((c) => c.url)).toEqual([`${BASE}/first`])
  // A request made now carries the new sign-in's token.
  await request.get('/after').catch(() => undefined)
  expect(server.apiCalls.at(-1)).toEqual({ url: `${BASE}/after`, token: 'at-7' })
})

test('when an answer ends the session while requests wait for a slot, they end unsent with its reason', async () => {
  const { server, request, events } = setup({ request: { maxConcurrent: 3 } })
  server.holdApi = true
  const results = Array.from({ length: 6 }, (_, i) => request.get(`/r/${i}`).catch((e: unknown) => e))
  await flush()
  // Signed in on another device: the first answer says so, the other one out is still held.
  const [kicked] = server.held.splice(0, 1)
  kicked?.respond({ statusCode: 401, data: { code: 'TOKEN_UPDATED' } })
  server.holdApi = false
  server.accessExpired = true
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  const errors = await Promise.all(results)
  expect(errors.map((e) => isCredentialsError(e) && e.reason)).toEqual(Array(6).fill('token_updated'))
  expect(server.apiCalls).toHaveLength(2)
  expect(events.filter((e) => e.eventType === 'credentials_error')).toHaveLength(1)
})

test('10,000 requests queued on 2 slots over an expiry all settle (slots are handed on in a loop, not recursively)', async () => {
  const { server, request } = setup({ request: { maxConcurrent: 3, maxQueue: 100 } })
  server.holdApi = true
  let settled = 0
  const count = () => settled++
  for (let i = 0; i < 10000; i++) request.get(`/r/${i}`).then(count, count)
  await flush()
  server.accessExpired = true
  server.holdApi = false
  expect(() => server.release()).not.toThrow()
  await jest.advanceTimersByTimeAsync(0)
  await flush(1000)
  await jest.advanceTimersByTimeAsync(120000)
  expect(settled).toBe(10000)
  expect(server.refreshCalls).toBe(1)
})

test('a beforeRequest that throws for a queued call fails that call, not the one that freed the slot', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({
    platform,
    maxConcurrent: 1,
    retry: 0,
    hooks: {
      beforeRequest: ({ request: r }) => {
        if (r.url.endsWith('/b')) throw new Error('hook refused /b')
      },
    },
  })
  const a = request.get('https://x.test/a')
  const b = request.get('https://x.test/b')
  await flush()
  expect(() => platform.pending()[0]?.respond({ statusCode: 200 })).not.toThrow()
  await expect(a).resolves.toMatchObject({ statusCode: 200 })
  await expect(b).rejects.toThrow('hook refused /b')
})

test('a 401 that afterResponse turns into a success starts no refresh through the requests queued behind it', async () => {
  const { server, request } = setup({
    request: {
      maxConcurrent: 2,
      hooks: {
        afterResponse: ({ request: r, response }) =>
          r.url.endsWith('/first') && response.statusCode === 401 ? { ...response, statusCode: 200 } : undefined,
      },
    },
  })
  server.holdApi = true
  const first = request.get('/first')
  const second = request.get('/second')
  await flush()
  server.holdApi = false
  server.held.splice(0)[0]?.respond({ statusCode: 401, data: { code: 'EXPIRED' } })
  await jest.advanceTimersByTimeAsync(0)
  expect((await first).statusCode).toBe(200)
  expect((await second).statusCode).toBe(200)
  expect(server.refreshCalls).toBe(0)
})

test('time waiting for a slot is not counted against the request timeout', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({ platform, maxConcurrent: 1, timeout: 1000, retry: 0 })
  const first = request.get('https://x.test/first')
  const second = request.get('https://x.test/second')
  await jest.advanceTimersByTimeAsync(900)
  platform.pending()[0]?.respond({ statusCode: 200 })
  await first
  // The second call has been waiting 900 ms for its slot; it still gets its whole 1000 ms.
  await flush()
  expect(platform.calls[1]?.timeout).toBe(1000)
  await jest.advanceTimersByTimeAsync(500)
  platform.pending()[0]?.respond({ statusCode: 200 })
  await expect(second).resolves.toMatchObject({ statusCode: 200 })
})

test('a request aborted while waiting for a slot leaves the queue and never goes out', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({ platform, maxConcurrent: 1 })
  const first = request.get('https://x.test/first')
  const second = request.get('https://x.test/second')
  await flush()
  second.abort()
  await expect(second).rejects.toThrow('aborted')
  platform.pending()[0]?.respond({ statusCode: 200 })
  await first
  await flush()
  expect(platform.calls.map((c) => c.url)).toEqual(['https://x.test/first'])
})

test('a platform call that throws frees its slot', async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
  const request = platform.request
  let throws = true
  platform.request = (o) => {
    if (throws) {
      throws = false
      throw new Error('request:fail invalid url')
    }
    return request(o)
  }
  const requester = createRequest({ platform, maxConcurrent: 1, retry: 0 })
  await expect(requester.get('https://x.test/a')).rejects.toThrow('invalid url')
  await expect(requester.get('https://x.test/b')).resolves.toMatchObject({ statusCode: 200 })
})

test('"request:fail interrupted" (the app went to the background) is a network failure: retried, session kept', async () => {
  const { auth, request, platform } = setup()
  let n = 0
  const handler = platform.handler
  platform.handler = (call) => (n++ === 0 ? { fail: 'request:fail interrupted' } : handler?.(call))
  const pending = request.get('/x')
  await jest.advanceTimersByTimeAsync(1000) // the backoff before the retry
  await expect(pending).resolves.toMatchObject({ statusCode: 200 })
  expect(auth.isSignedIn()).toBe(true)
  expect(n).toBe(2)
  const failing = createRequest({ baseURL: BASE, auth, retry: 0 })
  platform.handler = () => ({ fail: 'request:fail interrupted' })
  expect(isNetworkError(await failing.get('/x').catch((e: unknown) => e))).toBe(true)
  expect(isTimeoutError(await failing.get('/x').catch((e: unknown) => e))).toBe(false)
})

describe('the default limit', () => {
  const g = globalThis as Record<string, unknown>
  afterEach(() => {
    delete g.wx
    delete g.my
  })

  test('is 10 in a mini program (a wx or my global and no DOM), unlimited elsewhere, the platform own first', () => {
    const platform = createScriptedPlatform()
    expect(hostLimit(platform)).toBe(Infinity)
    g.wx = {}
    expect(hostLimit(platform)).toBe(10)
    delete g.wx
    g.my = {}
    expect(hostLimit(platform)).toBe(10)
    expect(hostLimit({ ...platform, maxConcurrent: 4 })).toBe(4)
  })

  test('a bad maxConcurrent is named', () => {
    const platform = createScriptedPlatform()
    expect(() => createRequest({ platform, maxConcurrent: 0 })).toThrow('`maxConcurrent` to be a number >= 1, got 0')
    expect(() => createRequest({ platform, maxConcurrent: 2.5 })).toThrow('`maxConcurrent` to be a whole number >= 1')
    const auth = createAuth({ platform })
    expect(() => createRequest({ auth, maxConcurrent: 1 })).not.toThrow()
  })
})

test('maxConcurrent: Infinity means no limit', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({ platform, maxConcurrent: Infinity })
  for (let i = 0; i < 50; i++) request.get(`https://x.test/${i}`).catch(() => undefined)
  await flush()
  expect(platform.pending()).toHaveLength(50)
})

/**
 * Issue 10, "Session and requester" and "Every uni-app target": defects an independent review
 * reproduced. Each test failed before its fix.
 */
import {
  createAuth,
  isCredentialsError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  type LoginStateEvent,
} from '../../src/auth'
import type { Platform } from '../../src/auth/platform'
import { createScriptedPlatform, type ScriptedCall } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, setup, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

describe('a request that failed because the session ended says why', () => {
  test('late 401s that arrive after the refresh was refused carry the refresh_token_expired reason', async () => {
    const { request, server } = setup()
    server.accessExpired = true
    server.holdApi = true
    server.refreshMode = 'reject'
    const results = Array.from({ length: 50 }, (_, i) => request.get(`/x/${i}`).catch((e: unknown) => e))
    await flush()
    const held = server.held.splice(0)
    expect(held).toHaveLength(50)
    // The first 401 starts the refresh, which is refused; the other 49 answers come in after it.
    held[0]?.respond(server.apiReply(held[0]))
    await flush()
    for (const call of held.slice(1).reverse()) call.respond(server.apiReply(call))
    const errors = await Promise.all(results)
    expect(errors.filter(isCredentialsError)).toHaveLength(50)
    expect(errors.map((e) => (e as { reason?: string }).reason)).toEqual(Array(50).fill('refresh_token_expired'))
  })

  test('late 401s after a token_updated answer carry token_updated', async () => {
    const { request, server } = setup()
    server.accessExpired = true
    server.holdApi = true
    server.refreshMode = 'token_updated'
    const results = Array.from({ length: 5 }, () => request.get('/x').catch((e: unknown) => e))
    await flush()
    const held = server.held.splice(0)
    held[0]?.respond(server.apiReply(held[0]))
    await flush()
    for (const call of held.slice(1)) call.respond(server.apiReply(call))
    const reasons = (await Promise.all(results)).map((e) => (e as { reason?: string }).reason)
    expect(reasons).toEqual(Array(5).fill('token_updated'))
  })
})

/** Two H5 tabs: one localStorage, one lock (as Web Locks is across tabs). */
function twoTabs() {
  const server = createTokenServer()
  const first = createScriptedPlatform((c) => server.handle(c))
  const second = createScriptedPlatform((c) => server.handle(c))
  second.storage = first.storage
  let tail: Promise<unknown> = Promise.resolve()
  const lock: Platform['lock'] = <T>(_name: string, task: () => Promise<T>) => {
    const run = tail.then(task)
    tail = run.catch(() => undefined)
    return run
  }
  first.lock = second.lock = lock
  const a = createAuth({ platform: first, refresh: { url: server.refreshURL } })
  const b = createAuth({ platform: second, refresh: { url: server.refreshURL } })
  const eventsA: LoginStateEvent[] = []
  a.onLoginStateChanged((e) => eventsA.push(e))
  return { server, first, second, a, b, eventsA, requestA: createRequest({ baseURL: BASE, auth: a }) }
}

describe('H5 tabs', () => {
  test("another tab's sign-in as a different account is a sign-in this tab hears, not a refresh", async () => {
    const { server, a, b, eventsA, requestA } = twoTabs()
    a.signIn(server.tokensFor(1), { name: 'Alice' })
    // Tab 2 signs in as Bob (the server's next generation stands for Bob's tokens).
    b.signIn({ accessToken: 'bob-at', refreshToken: 'bob-rt', expiresIn: 3600 }, { name: 'Bob' })
    server.accessExpired = true
    const parked = await requestA.get('/orders').catch((e: unknown) => e)
    // Alice's request never goes out with Bob's token.
    expect(server.apiCalls.filter((c) => c.token === 'bob-at')).toEqual([])
    expect(isCredentialsError(parked)).toBe(true)
    expect(eventsA.map((e) => e.eventType)).toEqual(['sign_in', 'sign_in'])
    expect(a.getUser()).toEqual({ name: 'Bob' })
    expect(a.getTokens()?.accessToken).toBe('bob-at')
    expect(server.refreshCalls).toBe(0)
  })

  test('a refresh another tab made in the same session is taken without a call', async () => {
    const { server, a, b } = twoTabs()
    a.signIn(server.tokensFor(1))
    const b2 = createAuth({ platform: b.platform, refresh: { url: server.refreshURL } })
    server.accessExpired = true
    await b2.refresh()
    expect(server.refreshCalls).toBe(1)
    await a.refresh()
    expect(server.refreshCalls).toBe(1)
    expect(a.getTokens()?.accessToken).toBe('at-2')
  })

  test('after a failed storage write, the older record left in storage is never adopted', async () => {
    const { server, first, a } = twoTabs()
    a.signIn(server.tokensFor(1))
    first.storageFailure = 'write'
    await a.refresh() // at-2 / rt-2, but storage still holds at-1 / rt-1
    first.storageFailure = undefined
    expect((first.storage.get('uni-session') as { tokens: { refreshToken: string } }).tokens.refreshToken).toBe('rt-1')
    await a.refresh()
    expect(server.refreshTokensSeen).toEqual(['rt-1', 'rt-2'])
    expect(a.getTokens()?.accessToken).toBe('at-3')
    expect(a.isSignedIn()).toBe(true)
  })
})

describe('a refresh function that never settles', () => {
  test('times out after refreshTimeout, keeps the session, and the next request calls it again', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 401 }))
    let calls = 0
    const auth = createAuth({
      platform,
      refresh: () => {
        calls++
        return new Promise(() => undefined)
      },
    })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    const request = createRequest({ baseURL: BASE, auth, timeout: 60_000 })
    const first = request.get('/x').catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(10_000)
    const error = await first
    expect(isTimeoutError(error)).toBe(true)
    expect(auth.state).toBe('signed_in')
    await jest.advanceTimersByTimeAsync(5_000) // past the cooldown
    const second = request.get('/x').catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(10_000)
    await second
    expect(calls).toBe(2)
  })

  test('refreshTimeout is an option, checked', async () => {
    const platform = createScriptedPlatform()
    expect(() => createAuth({ platform, refresh: () => ({}), refreshTimeout: -1 })).toThrow(
      'expected `refreshTimeout` to be a number >= 1, got -1',
    )
    let calls = 0
    const auth = createAuth({
      platform,
      refreshTimeout: 500,
      refresh: () => {
        calls++
        return new Promise(() => undefined)
      },
    })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    const p = auth.refresh().catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(500)
    expect(isTimeoutError(await p)).toBe(true)
    expect(calls).toBe(1)
  })
})

test.each([
  ['refreshTimeout', { refreshTimeout: 2 ** 32 }],
  ['silentLoginTimeout', { silentLoginTimeout: 2 ** 32 }],
])('a %s beyond what a timer can hold (2^31 - 1 ms) waits, rather than firing at once', async (name, o) => {
  const platform = createScriptedPlatform()
  const auth = createAuth({ platform, ...o, refresh: () => new Promise(() => undefined) })
  let settled = false
  if (name === 'refreshTimeout') {
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    auth.refresh().then(
      () => (settled = true),
      () => (settled = true),
    )
  } else {
    auth.signInSilently(() => new Promise(() => undefined)).then(() => (settled = true))
  }
  await jest.advanceTimersByTimeAsync(60_000)
  expect(settled).toBe(false)
})

test('a request timeout beyond what a timer can hold reaches the host as the longest one it can (its own timer would fire at once)', async () => {
  const platform = createScriptedPlatform()
  const request = createRequest({ platform, timeout: 2 ** 32, retry: 0 })
  request.get('https://x.test/a', { timeout: 2 ** 33 }).catch(() => undefined)
  request.get('https://x.test/b').catch(() => undefined)
  await flush()
  expect(platform.calls.map((c) => c.options.timeout)).toEqual([2 ** 31 - 1, 2 ** 31 - 1])
})

test("a refresh endpoint's timeout beyond what a timer can hold reaches the host as the longest one it can", async () => {
  const platform = createScriptedPlatform()
  const auth = createAuth({ platform, refresh: { url: 'https://x.test/refresh', timeout: 2 ** 32 } })
  auth.signIn({ accessToken: 'a', refreshToken: 'r' })
  auth.refresh().catch(() => undefined)
  await flush()
  expect(platform.calls.map((c) => c.options.timeout)).toEqual([2 ** 31 - 1])
})

test('a Retry-After longer than a timer can hold (2^31 - 1 ms) is not retried at once: it is past maxRetryAfter, whatever was set', async () => {
  // 2,200,000 s: 2.2e9 ms
  const platform = createScriptedPlatform(() => ({ statusCode: 503, header: { 'Retry-After': '2200000' } }))
  const request = createRequest({ platform, timeout: 2 ** 32, retry: { limit: 1, maxRetryAfter: 2 ** 32 } })
  const result = request.get('https://x.test/a').catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(60_000)
  expect(isHTTPError(await result)).toBe(true)
  expect(platform.calls).toHaveLength(1)
})

test('a request whose platform call never calls back settles a second after its timeout, and is aborted', async () => {
  const platform = createScriptedPlatform()
  platform.ignoresTimeouts = true
  const request = createRequest({ platform, timeout: 2_000, retry: 0 })
  const result = request.get('https://x.test/a').catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(3_000)
  expect(isTimeoutError(await result)).toBe(true)
  expect(platform.calls[0]?.aborted).toBe(true)
})

test('params on a URL whose only ? is inside its #hash go before the hash', async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
  const request = createRequest({ platform })
  await request.get('https://x.test/search#results?page=2', { params: { q: 'a' } })
  await request.get('https://x.test/search?x=1#results?page=2', { params: { q: 'a' } })
  expect(platform.calls.map((c) => c.url)).toEqual([
    'https://x.test/search?q=a#results?page=2',
    'https://x.test/search?x=1&q=a#results?page=2',
  ])
})

test.each([['""'], ['0'], ['null'], ['"x"'], [false], [0]])(
  'a stored value of %p reads as signed out and is removed',
  (value) => {
    const platform = createScriptedPlatform()
    platform.storage.set('uni-session', value)
    const auth = createAuth({ platform, refresh: { url: 'https://x.test/r' } })
    expect(auth.isSignedIn()).toBe(false)
    expect(platform.storage.has('uni-session')).toBe(false)
  },
)

/** uni's Alipay layer: HTTP 4xx/5xx reach `fail`, with the response mapped on. */
function alipayLike(platform: ReturnType<typeof createScriptedPlatform>) {
  const request = platform.request
  platform.request = (o) =>
    request({
      ...o,
      success: (res) =>
        res.statusCode >= 400 ? o.fail?.({ errMsg: 'request:fail http status error', ...res }) : o.success?.(res),
    })
  return platform
}

describe('on Alipay, a fail that carries an HTTP status is a response', () => {
  test('an expired token gets one refresh and the requests succeed', async () => {
    const { auth, request, server, platform } = setup()
    alipayLike(platform)
    server.accessExpired = true
    const results = await Promise.all(Array.from({ length: 10 }, () => request.get('/x')))
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(server.refreshCalls).toBe(1)
    expect(auth.getTokens()?.accessToken).toBe('at-2')
  })

  test('a refresh answered 401 through fail ends the session with one credentials_error', async () => {
    const { request, server, platform, events } = setup()
    alipayLike(platform)
    server.accessExpired = true
    server.refreshMode = 'reject'
    const error = await request.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect(events.map((e) => e.eventType)).toEqual(['credentials_error'])
  })

  test('a 500 through fail is an HTTPError with its body', async () => {
    const platform = alipayLike(createScriptedPlatform(() => ({ statusCode: 500, data: { msg: 'boom' } })))
    const request = createRequest({ platform, retry: 0 })
    const error = await request.get('https://x.test/a').catch((e: unknown) => e)
    expect(isHTTPError(error)).toBe(true)
    expect(isNetworkError(error)).toBe(false)
    expect((error as { response: { data: unknown } }).response.data).toEqual({ msg: 'boom' })
  })

  test('a fail without a status is still a network failure', async () => {
    const platform = alipayLike(createScriptedPlatform(() => ({ fail: 'request:fail' })))
    const request = createRequest({ platform, retry: 0 })
    expect(isNetworkError(await request.get('https://x.test/a').catch((e: unknown) => e))).toBe(true)
  })
})

describe('only what the call needs goes to the platform', () => {
  const keys = (call: ScriptedCall | undefined) =>
    Object.keys(call?.options ?? {})
      .filter((k) => k !== 'success' && k !== 'fail')
      .sort()

  test('a plain GET passes no responseType, dataType, filePath, name or formData', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
    const request = createRequest({ platform })
    await request.get('https://x.test/a')
    await request.post('https://x.test/a', { a: 1 }, { responseType: 'arraybuffer' })
    expect(keys(platform.calls[0])).toEqual(['header', 'method', 'timeout', 'url'])
    expect(keys(platform.calls[1])).toEqual(['data', 'header', 'method', 'responseType', 'timeout', 'url'])
  })

  test('an upload passes its file fields and no request fields; a download passes no method', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
    const request = createRequest({ platform })
    await request.upload('https://x.test/u', { filePath: 'tmp://a.png' })
    await request.download('https://x.test/d')
    expect(keys(platform.calls[0])).toEqual(['filePath', 'header', 'name', 'timeout', 'url'])
    expect(keys(platform.calls[1])).toEqual(['header', 'timeout', 'url'])
  })
})

test('requests waiting on a refresh when invalidate() ends the session reject with its reason', async () => {
  const { auth, request, server } = setup()
  server.accessExpired = true
  server.refreshMode = 'hold'
  const waiting = Array.from({ length: 5 }, () => request.get('/x').catch((e: unknown) => e))
  await flush()
  auth.invalidate('at-1', 'token_updated')
  server.refreshMode = 'ok'
  server.release()
  const errors = await Promise.all(waiting)
  expect(errors.map((e) => (e as { reason?: string }).reason)).toEqual(Array(5).fill('token_updated'))
})

/** Regressions found in review: each of these once failed. */
import { CredentialsError, createAuth, type DebugInfo, isCredentialsError, isTimeoutError } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { flush, setup, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

test('an afterResponse hook that throws rejects the request instead of leaving it pending', async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
  const request = createRequest({
    platform,
    hooks: {
      afterResponse: () => {
        throw new Error('hook bug')
      },
    },
  })
  await expect(request.get('https://x.test/a')).rejects.toThrow('hook bug')
})

describe('tokens that live less than twice the leeway', () => {
  test('are used for the first half of their life without a refresh', async () => {
    const { auth, request, server } = setup({ signedIn: false })
    auth.signIn({ ...server.tokensFor(1), expiresIn: 30 })
    await Promise.all(Array.from({ length: 5 }, () => request.get('/x')))
    expect(server.refreshCalls).toBe(0)
    jest.setSystemTime(Date.now() + 16_000)
    await request.get('/x')
    expect(server.refreshCalls).toBe(1)
  })

  test('are refreshed by the timer once per half-life, not in a loop', async () => {
    const { auth, server } = setup({ signedIn: false, auth: { autoRefresh: true } })
    server.expiresIn = 30
    auth.signIn(server.tokensFor(1))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(server.refreshCalls).toBe(4)
  })
})

describe('refresh answers that are the network, not the server, keep the session', () => {
  test.each([[0], [302], [404], [502]])('a refresh answered HTTP %i keeps the session', async (status) => {
    const { auth, request, server, platform, events } = setup()
    server.accessExpired = true
    platform.handler = (call) =>
      call.url === server.refreshURL ? { statusCode: status, data: '<html>' } : server.handle(call)
    await request.get('/x').catch(() => undefined)
    expect(auth.isSignedIn()).toBe(true)
    expect(events).toEqual([])
  })

  test('a refresh function throwing an axios-style 503 keeps the session; a 401 ends it', async () => {
    const platform = createScriptedPlatform()
    let status = 503
    const auth = createAuth({
      platform,
      refresh: () => Promise.reject(Object.assign(new Error('x'), { response: { status } })),
    })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    await auth.refresh().catch(() => undefined)
    expect(auth.isSignedIn()).toBe(true)
    status = 401
    jest.advanceTimersByTime(60_000)
    await auth.refresh().catch(() => undefined)
    expect(auth.isSignedIn()).toBe(false)
  })
})

test("a request parked on one account's refresh is never replayed with the next account's token", async () => {
  const { auth, request, server } = setup()
  server.accessExpired = true
  server.refreshMode = 'hold'
  const pending = request.post('/orders', { sku: 1 }).catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  auth.signIn({ accessToken: 'user-b', refreshToken: 'rb', expiresIn: 600 })
  server.refreshMode = 'ok'
  server.release()
  expect(isCredentialsError(await pending)).toBe(true)
  expect(server.apiCalls.map((c) => c.token)).toEqual(['at-1'])
})

test('a late 401 that lands while the next refresh runs joins that refresh instead of failing', async () => {
  const { request, server, auth } = setup()
  server.holdApi = true
  const late = request.get('/late')
  await flush()
  const [lateCall] = server.held.splice(0)
  server.holdApi = false
  await auth.refresh() // at-2 (rt-1 spent)
  server.refreshMode = 'hold'
  server.accessExpired = true
  const current = request.get('/current') // at-2 refused: refresh of at-2 starts and holds
  await flush()
  lateCall?.respond({ statusCode: 401 }) // the answer for at-1 arrives only now
  await flush()
  server.refreshMode = 'ok'
  server.release()
  await expect(late).resolves.toMatchObject({ statusCode: 200 })
  await expect(current).resolves.toMatchObject({ statusCode: 200 })
  expect(server.refreshCalls).toBe(2)
})

test('late 401s for a replaced token replay at once without taking queue places', async () => {
  const { request, server, auth } = setup({ request: { maxQueue: 1 } })
  server.holdApi = true
  const a = request.get('/a')
  const b = request.get('/b')
  await flush()
  const lateCalls = server.held.splice(0)
  server.holdApi = false
  await auth.refresh()
  for (const call of lateCalls) call.respond({ statusCode: 401 })
  await expect(Promise.all([a, b])).resolves.toHaveLength(2)
})

test('a request replayed once stays replayed across retries: one refresh, then a CredentialsError', async () => {
  const { request, server, platform } = setup()
  server.accessExpired = true
  const replies = [401, 503, 401]
  platform.handler = (call) =>
    call.url === server.refreshURL ? server.handle(call) : { statusCode: replies.shift() ?? 200 }
  const pending = request.get('/x').catch((e: unknown) => e)
  await jest.runAllTimersAsync()
  expect(await pending).toBeInstanceOf(CredentialsError)
  expect(server.refreshCalls).toBe(1)
})

test('an unreadable stored session is reported without quoting what was stored', () => {
  const infos: DebugInfo[] = []
  const platform = createScriptedPlatform()
  platform.storage.set('uni-session', 'SECRET.eyJhbGciOi.not-json')
  createAuth({ platform, refresh: { url: 'https://x/r' }, debug: (i) => infos.push(i) })
  expect(infos).toHaveLength(1)
  expect(JSON.stringify(infos) + String((infos[0]?.error as Error | undefined)?.message)).not.toContain('SECRET')
})

test('signing out releases requests waiting out a refresh backoff at once', async () => {
  const { auth, request, server } = setup()
  server.accessExpired = true
  server.refreshMode = 'network'
  await request.get('/a').catch(() => undefined)
  const waiting = request.get('/b').catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  await flush()
  expect(isCredentialsError(await waiting)).toBe(true)
})

test('a refresh whose platform call never answers times out, and the session is kept', async () => {
  const { auth, request, server, platform } = setup()
  platform.ignoresTimeouts = true
  server.accessExpired = true
  server.refreshMode = 'hold'
  const pending = request.get('/x', { timeout: 120_000 }).catch((e: unknown) => e)
  await jest.advanceTimersByTimeAsync(11_000)
  expect(isTimeoutError(await pending)).toBe(true)
  expect(auth.state).toBe('signed_in')
})

describe('trusted origins', () => {
  test('a default port is the same origin', async () => {
    const { request, platform } = setup({ request: { baseURL: 'https://api.test:443' } })
    await request.get('https://API.test/x').catch(() => undefined)
    expect(platform.calls[0]?.header.Authorization).toBe('Bearer at-1')
  })

  test('a backslash URL is another origin, as browsers read it', async () => {
    const { request, platform } = setup({ request: { baseURL: '' } })
    await request.get('/\\evil.example/x').catch(() => undefined)
    expect(platform.calls[0]?.header.Authorization).toBeUndefined()
  })

  test('with a baseURL of "/", a URL that joins into "/\\host" carries no token', async () => {
    const { request, platform } = setup({ request: { baseURL: '/' } })
    await request.get('\\evil.example/steal').catch(() => undefined)
    expect(platform.calls[0]?.url).toBe('/\\evil.example/steal')
    expect(platform.calls[0]?.header.Authorization).toBeUndefined()
  })

  test.each([
    ['a tab inside the slashes', '/\t/evil.example/x'],
    ['a newline inside the slashes', '/\n/evil.example/x'],
    ['leading spaces', '  //evil.example/x'],
    ['a scheme without slashes', 'https:evil.example/x'],
  ])('without a baseURL, %s is read as browsers read it: no token', async (_, url) => {
    const { request, platform } = setup({ request: { baseURL: '' } })
    await request.get(url).catch(() => undefined)
    expect(platform.calls[0]?.header.Authorization).toBeUndefined()
  })

  test('without a baseURL, a same-origin path still carries the token', async () => {
    const { request, platform } = setup({ request: { baseURL: '' } })
    await request.get('/me').catch(() => undefined)
    expect(platform.calls[0]?.header.Authorization).toBe('Bearer at-1')
  })
})

describe('authHeader', () => {
  test('is asked on every send: headers that depend on more than the token stay current', async () => {
    let tenant = 'a'
    const { request, platform } = setup({
      auth: { authHeader: (t) => ({ Authorization: `Bearer ${t}`, 'X-Tenant': tenant }) },
    })
    await request.get('/one')
    tenant = 'b'
    await request.get('/two')
    expect(platform.calls.map((c) => c.header['X-Tenant'])).toEqual(['a', 'b'])
  })

  test("an object it reuses across sessions never carries one user's token to another", async () => {
    const shared: Record<string, string> = {}
    const authHeader = (t: string) => Object.assign(shared, { Authorization: `Bearer ${t}` })
    const platform = createScriptedPlatform(() => ({ data: {} }))
    const requests = ['u1', 'u2'].map((user) => {
      const auth = createAuth({ platform, storageKey: user, refresh: { url: 'https://api.test/r' }, authHeader })
      auth.signIn({ accessToken: user, refreshToken: `r-${user}` })
      return createRequest({ baseURL: 'https://api.test', auth })
    })
    const [r1, r2] = requests as [ReturnType<typeof createRequest>, ReturnType<typeof createRequest>]
    await r1.get('/x')
    await r2.get('/x')
    await r1.get('/x')
    expect(platform.calls.map((c) => c.header.Authorization)).toEqual(['Bearer u1', 'Bearer u2', 'Bearer u1'])
  })
})

test('a timeout larger than setTimeout can hold does not fire at once for a parked request', async () => {
  const { request, server } = setup()
  server.refreshMode = 'hold'
  jest.setSystemTime(Date.now() + 3600_000)
  const pending = request.get('/x', { timeout: 2 ** 32 })
  let settled = false
  pending.then(
    () => (settled = true),
    () => (settled = true),
  )
  await jest.advanceTimersByTimeAsync(5)
  expect(settled).toBe(false)
  pending.abort()
})

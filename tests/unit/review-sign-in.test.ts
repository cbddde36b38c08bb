/**
 * Review of issue 20 (a request belongs to its sign-in): paths the first pass left open. Each test
 * failed before its fix.
 */
import { createAuth, isCredentialsError } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, setup, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

test("a request that waited for its sign-in's refresh is not sent when another sign-in comes before it goes out", async () => {
  const { server, auth, request } = setup()
  server.refreshMode = 'hold'
  auth.refresh().catch(() => undefined)
  // Alice's PUT waits for Alice's refresh.
  const put = request.put('/profile', { name: 'alice' }).catch((e: unknown) => e)
  await flush()
  // As the refresh lands, the app signs in as Bob (a listener, or any code that runs before the PUT goes out).
  auth.onLoginStateChanged((e) => {
    if (e.eventType !== 'token_refreshed') return
    server.generation = 9
    auth.signIn(server.tokensFor(9))
  })
  server.refreshMode = 'ok'
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  expect(isCredentialsError(await put)).toBe(true)
  expect(server.apiCalls.filter((c) => c.url.endsWith('/profile'))).toEqual([])
})

test('with an afterResponse hook, a 401 that frees a slot does not lend the kept slot to a queued replay: the refresh it calls for never waits behind app calls', async () => {
  const refreshURL = 'https://api.test/auth/refresh'
  let mostWithRefresh = 0
  const platform = createScriptedPlatform((call) => {
    // Everything waits for the test to answer; a refresh call counts the calls out with it (itself too).
    if (call.url === refreshURL) mostWithRefresh = Math.max(mostWithRefresh, platform.pending().length)
    return undefined
  })
  const auth = createAuth({ platform, refresh: { url: refreshURL } })
  auth.signIn({ accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 7200 })
  // Three calls at once on this host: two for the app, one kept for the refresh. The app reads
  // answers in afterResponse (so the requester guesses nothing from an answer before the hook).
  const request = createRequest({
    baseURL: BASE,
    auth,
    maxConcurrent: 3,
    retry: 1,
    hooks: { afterResponse: ({ response }) => response },
  })
  const answer = (url: string, reply: { statusCode: number; data: unknown; header?: Record<string, string> }) => {
    const c = platform.pending().find((p) => p.url.endsWith(url))
    if (!c) throw new Error(`${url} is not out`)
    c.respond(reply)
  }
  const refreshed = (n: number) => ({
    statusCode: 200,
    data: { accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresIn: 7200 },
  })
  const all = Promise.allSettled(['/r1', '/r2'].map((u) => request.get(u)))
  await flush()
  // /r1 and /r2 come back 401: one refresh, both replayed with at-2, both answered 503 Retry-After: 1.
  answer('/r1', { statusCode: 401, data: {} })
  answer('/r2', { statusCode: 401, data: {} })
  await flush()
  answer('/auth/refresh', refreshed(2))
  await flush()
  answer('/r1', { statusCode: 503, data: 'busy', header: { 'Retry-After': '1' } })
  answer('/r2', { statusCode: 503, data: 'busy', header: { 'Retry-After': '1' } })
  await flush()
  // /n1 and /n2 go out with at-2 and take the app's two slots; the retries come: one borrows the kept slot.
  const more = Promise.allSettled(['/n1', '/n2'].map((u) => request.get(u)))
  await jest.advanceTimersByTimeAsync(1000)
  expect(platform.pending().map((c) => c.url.slice(16))).toEqual(['/n1', '/n2', '/r1'])
  // at-2 is refused (revoked): /n1's 401 frees a slot, and a refresh is coming for it.
  answer('/n1', { statusCode: 401, data: {} })
  await flush()
  expect(mostWithRefresh).toBeLessThanOrEqual(3)
  for (let i = 0; i < 8 && platform.pending().length; i++) {
    for (const c of platform.pending()) c.respond(c.url === refreshURL ? refreshed(3) : { statusCode: 200, data: {} })
    await flush()
  }
  await jest.advanceTimersByTimeAsync(60000)
  await all
  await more
})

test('a refresh that ends because the session ended (signed out in this tab meanwhile) tells onRefresh it ended', async () => {
  const { server, auth, request } = setup()
  const told: string[] = []
  auth.onRefresh((e) => told.push(e.type === 'failed' ? `failed ended=${e.ended}` : e.type))
  server.accessExpired = true
  server.refreshMode = 'hold'
  const r = request.get('/x').catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  server.refreshMode = 'ok'
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  expect(isCredentialsError(await r)).toBe(true)
  // Every start has its end: a timeline's refresh lane is closed (an open one keeps it busy for good).
  expect(told).toEqual(['start', 'failed ended=true'])
})

test('a refresh that finds the record gone (signed out in another tab) tells onRefresh it ended', async () => {
  const server = createTokenServer()
  const platform = createScriptedPlatform((c) => server.handle(c))
  // A lock as Web Locks gives H5 (one task at a time).
  let tail: Promise<unknown> = Promise.resolve()
  platform.lock = <T>(_name: string, task: () => Promise<T>) => {
    const run = tail.then(task)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
  const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
  auth.signIn(server.tokensFor(1))
  const told: string[] = []
  auth.onRefresh((e) => told.push(e.type === 'failed' ? `failed ended=${e.ended}` : e.type))
  // Another tab signs out: the shared record is removed.
  platform.storage.delete('uni-session')
  server.accessExpired = true
  expect(
    isCredentialsError(
      await createRequest({ baseURL: BASE, auth })
        .get('/x')
        .catch((e: unknown) => e),
    ),
  ).toBe(true)
  expect(told).toEqual(['start', 'failed ended=true'])
})

describe('a record written before sign-in ids (an upgrade): nobody is signed out, no request fails', () => {
  function upgraded(lock: boolean) {
    const server = createTokenServer()
    const platform = createScriptedPlatform((c) => server.handle(c))
    if (lock) platform.lock = (_name, task) => task()
    platform.storage.set('uni-session', { v: 1, tokens: { accessToken: 'at-1', refreshToken: 'rt-1' } })
    const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
    return { server, platform, auth }
  }

  test.each([
    ['a mini program', false],
    ['H5 (the tab lock)', true],
  ])('%s: queued calls, a retry and a refresh with its replays all go through', async (_, lock) => {
    const { server, platform, auth } = upgraded(lock)
    expect(auth.isSignedIn()).toBe(true)
    const request = createRequest({ baseURL: BASE, auth, maxConcurrent: 2, retry: 1 })
    let busy = true
    platform.handler = (call) => {
      if (busy && call.url.endsWith('/busy')) {
        busy = false
        return { statusCode: 503, header: { 'Retry-After': '1' }, data: 'busy' }
      }
      return server.handle(call)
    }
    const first = Promise.all(['/busy', '/a', '/b', '/c'].map((u) => request.get(u)))
    await jest.advanceTimersByTimeAsync(1500)
    await expect(first).resolves.toHaveLength(4)
    server.accessExpired = true
    const second = Promise.all(['/d', '/e', '/f'].map((u) => request.get(u)))
    await jest.advanceTimersByTimeAsync(100)
    await expect(second).resolves.toHaveLength(3)
    expect(server.refreshCalls).toBe(1)
    expect(auth.isSignedIn()).toBe(true)
    expect(platform.storage.get('uni-session')).toMatchObject({ tokens: { accessToken: 'at-2' } })
  })
})

test('a refresh waiting for the tab lock when the user signs out spends nothing once it gets the lock', async () => {
  const server = createTokenServer()
  const platform = createScriptedPlatform((c) => server.handle(c))
  // Another tab holds the lock (Web Locks) until it is let go.
  let letGo: () => void = () => undefined
  const held = new Promise<void>((r) => {
    letGo = r
  })
  platform.lock = (_name, task) => held.then(task)
  const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
  auth.signIn(server.tokensFor(1))
  server.accessExpired = true
  const r = createRequest({ baseURL: BASE, auth })
    .get('/x')
    .catch((e: unknown) => e)
  await flush()
  await auth.signOut()
  letGo()
  await jest.advanceTimersByTimeAsync(0)
  expect(isCredentialsError(await r)).toBe(true)
  // The ended sign-in's refresh token is not spent (it could rotate it past the sign-out's revocation).
  expect(server.refreshCalls).toBe(0)
})

/**
 * Issue 20, items 1, 2, 3, 6 and 9: a request belongs to the sign-in it started under; a sign-out in
 * another H5 tab stays a sign-out; a silent login that never calls back has a deadline; queued calls of a
 * sliding session are never "too old"; a refresh endpoint that answers 2xx with a page is a configuration
 * error, not a dead session. Each test failed before its fix.
 */
import {
  createAuth,
  type DebugInfo,
  isCredentialsError,
  isTimeoutError,
  type LoginStateEvent,
  type Response,
} from '../../src/auth'
import type { Platform } from '../../src/auth/platform'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, setup, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

describe('a request belongs to the sign-in it started under', () => {
  test("a retry after Retry-After is not sent with the next sign-in's token: it ends unsent with a CredentialsError", async () => {
    const { server, platform, request, auth } = setup()
    let busy = true
    platform.handler = (call) => {
      if (busy && call.url.endsWith('/profile')) {
        busy = false
        server.apiCalls.push({ url: call.url, token: call.header.Authorization })
        return { statusCode: 503, header: { 'Retry-After': '1' }, data: 'busy' }
      }
      return server.handle(call)
    }
    // Alice's PUT is answered 503 Retry-After: 1; Alice signs out and Bob signs in during the wait.
    const put = request.put('/profile', { name: 'alice' }).catch((e: unknown) => e)
    await flush()
    await auth.signOut()
    server.generation = 7
    auth.signIn(server.tokensFor(7))
    await jest.advanceTimersByTimeAsync(1500)
    const result = await put
    expect(isCredentialsError(result)).toBe(true)
    expect(server.apiCalls.filter((c) => c.url.endsWith('/profile'))).toHaveLength(1)
    expect(server.apiCalls.some((c) => c.token === 'at-7')).toBe(false)
  })

  test('a retry after a network failure whose session ended during the backoff ends unsent with the reason', async () => {
    const { server, platform, request } = setup()
    let down = true
    platform.handler = (call) => {
      if (down && call.url.endsWith('/list')) {
        down = false
        return { fail: 'request:fail net::ERR_CONNECTION_RESET' }
      }
      return server.handle(call)
    }
    const list = request.get('/list').catch((e: unknown) => e)
    await flush()
    // Meanwhile another request's refresh is refused: the session ends.
    server.accessExpired = true
    server.refreshMode = 'reject'
    await request.get('/other').catch(() => undefined)
    await jest.advanceTimersByTimeAsync(2000)
    const result = await list
    expect(isCredentialsError(result)).toBe(true)
    expect(result).toMatchObject({ reason: 'refresh_token_expired' })
    // Not sent again, not even without a token.
    expect(server.apiCalls.filter((c) => c.url.endsWith('/list'))).toHaveLength(0)
  })

  test("a request parked for a refresh of a sign-in that is over is not replayed with the next sign-in's token", async () => {
    const { server, request, auth } = setup()
    server.accessExpired = true
    server.refreshMode = 'hold'
    const r = request.get('/x').catch((e: unknown) => e)
    await flush()
    await auth.signOut()
    server.refreshMode = 'ok'
    server.generation = 9
    auth.signIn(server.tokensFor(9))
    server.release()
    await jest.advanceTimersByTimeAsync(0)
    expect(isCredentialsError(await r)).toBe(true)
    expect(server.apiCalls.map((c) => c.token)).toEqual(['at-1'])
  })

  test('the session says which sign-in is current, and why one that is over ended', async () => {
    const { server, auth } = setup()
    const alice = auth.signInId as string
    expect(alice).toEqual(expect.any(String))
    expect(auth.signInEnded(alice)).toBeUndefined()
    expect(await auth.getAccessToken(alice)).toBe('at-1')
    server.accessExpired = true
    server.refreshMode = 'token_updated'
    await auth.refresh('at-1').catch(() => undefined)
    expect(auth.signInId).toBeUndefined()
    expect(auth.signInEnded(alice)).toMatchObject({ name: 'CredentialsError', reason: 'token_updated' })
    auth.signIn(server.tokensFor(5))
    expect(auth.signInId).not.toBe(alice)
    await expect(auth.getAccessToken(alice)).rejects.toMatchObject({ reason: 'token_updated' })
    await expect(auth.refresh('at-1', alice)).rejects.toMatchObject({ reason: 'token_updated' })
  })
})

describe('a sliding session: a call of the current sign-in never fails for being old', () => {
  /** Every answer renews the token (as uni-id does inside its threshold). */
  function sliding(maxConcurrent: number) {
    let n = 0
    const seen: string[] = []
    const platform = createScriptedPlatform((call) => {
      seen.push(call.header.Authorization as string)
      return { statusCode: 200, data: { ok: true }, header: { 'x-new-token': `t-${++n}` } }
    })
    const auth = createAuth({ platform, renewal: (res: Response) => res.header['x-new-token'] })
    auth.signIn({ accessToken: 't-0' })
    return { auth, seen, request: createRequest({ baseURL: BASE, auth, maxConcurrent }) }
  }

  test('three hundred calls queued for one app slot all succeed while every answer renews the token', async () => {
    const { request } = sliding(2)
    // (300 with one app slot: 223 failed "not signed in" before)
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        request.get(`/x/${i}`).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      ),
    )
    expect(results.filter((r) => r !== 'ok')).toEqual([])
  })

  test('a late 401 for a token renewed thirty times since is replayed with the current token', async () => {
    let n = 0
    let hold = true
    const platform = createScriptedPlatform((call) => {
      if (hold && call.url.endsWith('/slow')) return undefined
      if (call.header.Authorization === 'Bearer t-0' && call.url.endsWith('/slow')) return { statusCode: 401, data: {} }
      return { statusCode: 200, data: { ok: true }, header: { 'x-new-token': `t-${++n}` } }
    })
    const auth = createAuth({ platform, renewal: (res: Response) => res.header['x-new-token'] })
    auth.signIn({ accessToken: 't-0' })
    const request = createRequest({ baseURL: BASE, auth })
    const slow = request.get('/slow')
    await flush()
    for (let i = 0; i < 30; i++) await request.get(`/fast/${i}`)
    hold = false
    platform.pending()[0]?.respond({ statusCode: 401, data: {} })
    await expect(slow).resolves.toMatchObject({ statusCode: 200 })
    expect(platform.calls.at(-1)?.header.Authorization).toBe('Bearer t-30')
  })
})

/** A lock shared by the tabs, as Web Locks is across a browser's tabs (see tabs.test.ts). */
function sharedLock(): Platform['lock'] {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(_name: string, task: () => Promise<T>) => {
    const run = tail.then(task)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
}

describe('H5 tabs: a sign-out in one tab is not undone by another tab', () => {
  function twoTabs() {
    const server = createTokenServer()
    const first = createScriptedPlatform((c) => server.handle(c))
    const second = createScriptedPlatform((c) => server.handle(c))
    second.storage = first.storage
    first.lock = second.lock = sharedLock()
    const a = createAuth({ platform: first, refresh: { url: server.refreshURL } })
    a.signIn(server.tokensFor(1))
    const b = createAuth({ platform: second, refresh: { url: server.refreshURL } })
    const eventsA: LoginStateEvent[] = []
    a.onLoginStateChanged((e) => eventsA.push(e))
    return { server, storage: first.storage, a, b, eventsA, requestA: createRequest({ baseURL: BASE, auth: a }) }
  }

  test('a tab whose refresh finds the record gone ends its session, spends nothing and writes nothing', async () => {
    const { server, storage, a, b, eventsA, requestA } = twoTabs()
    await b.signOut()
    server.accessExpired = true
    const result = await requestA.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(result)).toBe(true)
    expect(server.refreshCalls).toBe(0)
    expect(storage.has('uni-session')).toBe(false)
    expect(a.isSignedIn()).toBe(false)
    expect(eventsA.map((e) => e.eventType)).toEqual(['sign_out'])
  })

  test('a tab whose own record could not be written (storage full) still refreshes: a missing record says nothing then', async () => {
    const server = createTokenServer()
    const platform = createScriptedPlatform((c) => server.handle(c))
    platform.lock = sharedLock()
    platform.storageFailure = 'write'
    const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
    auth.signIn(server.tokensFor(1))
    server.accessExpired = true
    const res = await createRequest({ baseURL: BASE, auth }).get('/x')
    expect(res.statusCode).toBe(200)
    expect(server.refreshCalls).toBe(1)
    expect(auth.isSignedIn()).toBe(true)
  })

  test('a refresh answer that arrives after a sign-out in another tab is dropped', async () => {
    const { server, storage, a, b, eventsA, requestA } = twoTabs()
    server.accessExpired = true
    server.refreshMode = 'hold'
    const r = requestA.get('/x').catch((e: unknown) => e)
    await flush()
    expect(server.refreshCalls).toBe(1)
    await b.signOut()
    server.refreshMode = 'ok'
    server.release()
    await jest.advanceTimersByTimeAsync(0)
    expect(isCredentialsError(await r)).toBe(true)
    expect(storage.has('uni-session')).toBe(false)
    expect(a.isSignedIn()).toBe(false)
    expect(eventsA.map((e) => e.eventType)).toEqual(['sign_out'])
    // After a reload, tab B is still signed out.
    expect(createAuth({ platform: createScriptedPlatform(), refresh: { url: server.refreshURL } }).isSignedIn()).toBe(
      false,
    )
  })

  test('a refresh answer that arrives after a sign-out in this tab is dropped', async () => {
    const { server, storage, a, requestA } = twoTabs()
    server.accessExpired = true
    server.refreshMode = 'hold'
    const r = requestA.get('/x').catch((e: unknown) => e)
    await flush()
    await a.signOut()
    server.refreshMode = 'ok'
    server.release()
    await jest.advanceTimersByTimeAsync(0)
    expect(isCredentialsError(await r)).toBe(true)
    expect(storage.has('uni-session')).toBe(false)
    expect(a.isSignedIn()).toBe(false)
  })
})

describe('a silent login that never calls back has a deadline', () => {
  const never = () => new Promise(() => undefined)

  test('after silentLoginTimeout, getAccessToken and waiting requests reject with a clear error and the next attempt may sign in', async () => {
    const infos: DebugInfo[] = []
    const { server, auth, request } = setup({
      signedIn: false,
      auth: { silentLoginTimeout: 5000, debug: (i) => infos.push(i) },
    })
    const first = auth.signInSilently(never)
    const token = auth.getAccessToken().catch((e: unknown) => e)
    const required = request.get('/me', { auth: true }).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(5000)
    expect(await first).toBe(false)
    for (const e of [await token, await required]) {
      expect(isTimeoutError(e)).toBe(true)
      expect((e as Error).message).toMatch(/silent login did not finish within 5000 ms/)
    }
    expect(auth.isSignedIn()).toBe(false)
    expect(auth.signingIn).toBe(false)
    expect(infos.map((i) => i.type)).toEqual(['silent_login_failed'])
    // The next attempt may try again.
    expect(await auth.signInSilently(() => server.tokensFor(1))).toBe(true)
    expect(await auth.getAccessToken()).toBe('at-1')
  })

  test('by default a silent login that never answers is given up after 15 s', async () => {
    const { auth } = setup({ signedIn: false })
    auth.signInSilently(never)
    const token = auth.getAccessToken().catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(14_999)
    expect(auth.signingIn).toBe(true)
    await jest.advanceTimersByTimeAsync(1)
    expect(isTimeoutError(await token)).toBe(true)
  })

  test('a login that answers after its deadline does not sign in', async () => {
    const { server, auth } = setup({ signedIn: false, auth: { silentLoginTimeout: 1000 } })
    let answer: (v: unknown) => void = () => undefined
    auth.signInSilently(() => new Promise((r) => (answer = r)))
    await jest.advanceTimersByTimeAsync(1000)
    answer(server.tokensFor(1))
    await flush()
    expect(auth.isSignedIn()).toBe(false)
  })

  test('silentLoginTimeout must be a number >= 1', () => {
    expect(() => createAuth({ platform: createScriptedPlatform(), silentLoginTimeout: 0 })).toThrow(
      'expected `silentLoginTimeout` to be a number >= 1, got 0',
    )
  })
})

describe('a refresh endpoint that answers 2xx with something other than a JSON object', () => {
  for (const [what, data] of [
    ['an HTML page (an SPA fallback)', '<!DOCTYPE html><html><body><div id="app"></div></body></html>'],
    ['text', 'OK'],
    ['an empty body', ''],
  ] as const) {
    test(`${what}: the session is kept, waiting requests say the answer was not JSON, and debug hears refresh_misconfigured`, async () => {
      const infos: DebugInfo[] = []
      const { server, platform, request, auth, events } = setup({ auth: { debug: (i) => infos.push(i) } })
      platform.handler = (call) =>
        call.url === server.refreshURL
          ? { statusCode: 200, data, header: { 'content-type': 'text/html' } }
          : server.handle(call)
      server.accessExpired = true
      const results = await Promise.all([request.get('/a'), request.get('/b')].map((p) => p.catch((e: unknown) => e)))
      for (const e of results) {
        expect(isCredentialsError(e)).toBe(false)
        expect((e as Error).message).toMatch(/refresh answer was not JSON/)
      }
      expect(auth.isSignedIn()).toBe(true)
      expect(events.filter((e) => e.eventType === 'credentials_error')).toEqual([])
      expect(infos.map((i) => i.type)).toEqual(['refresh_misconfigured'])
    })
  }

  test('a JSON body without usable tokens stays a refusal', async () => {
    const { server, request, auth } = setup()
    server.accessExpired = true
    server.refreshMode = 'empty'
    const e = await request.get('/x').catch((x: unknown) => x)
    expect(isCredentialsError(e)).toBe(true)
    expect(auth.isSignedIn()).toBe(false)
  })
})

describe("a silent login that never calls back: the guard's held navigation", () => {
  test('a protected page opened during a platform login that never answers fails with "login required" after the deadline, and the user goes to log in', async () => {
    const { createMiniProgramRuntime } = await import('../../src/testing/mp-runtime')
    const { installAuth } = await import('../../src/auth')
    const pagesJson = (await import('../../src/pages.json')).default
    const server = createTokenServer()
    const runtime = createMiniProgramRuntime({ pagesJson, handler: (call) => server.handle(call) })
    const uninstall = runtime.install()
    try {
      // The host's login never calls back (neither success nor fail).
      runtime.api.login = () => undefined
      const auth = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL }, silentLoginTimeout: 3000 })
      installAuth(auth, {
        needLogin: ['/pages/me/me'],
        silentLogin: ({ login }) => login().then(() => server.tokensFor(1)),
      })
      await runtime.launch('/pages/index/index')
      expect(auth.signingIn).toBe(true)
      const outcome = runtime.api.navigateTo({ url: '/pages/me/me' })?.catch((e: unknown) => e)
      await jest.advanceTimersByTimeAsync(3000)
      for (let i = 0; i < 5; i++) await runtime.flush()
      await expect(outcome).resolves.toEqual({ errMsg: 'navigateTo:fail login required' })
      expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
      expect(auth.isSignedIn()).toBe(false)
    } finally {
      uninstall()
    }
  })
})

/**
 * What every replaying adapter (luch-request, alova, axios) must do, told once and run against each
 * real library: one refresh for any burst in any order, nothing left waiting, the session kept on a
 * network failure, the journey, and the built-in requester's rules.
 */
import { inspect } from 'node:util'
import { useFakeClock } from '../support/setup'
import { BASE, boot, type MakeClient, pendingApi, pendingRefresh, shuffle, tokenOf, track, type World } from './harness'

const LOGIN = '/pages/login/login'
const DETAIL = '/pages/order/detail?id=7'

export function describeReplayingAdapter(library: string, make: MakeClient): void {
  let world: World | undefined
  const start = async (options?: Parameters<typeof boot>[1]) => {
    world = await boot(make, options)
    return world
  }
  beforeEach(useFakeClock)
  afterEach(() => {
    world?.close()
    world = undefined
    jest.useRealTimers()
  })

  /** 100 requests out on `at-1`, which the server takes for expired; every answer held. */
  const burst = async (w: World, n = 100) => {
    w.backend.expired = true
    w.backend.hold = true
    const t = track(Array.from({ length: n }, (_, i) => w.client.get(`/orders/${i + 1}`)))
    await w.flush()
    expect(pendingApi(w)).toHaveLength(n)
    expect(pendingApi(w).every((c) => tokenOf(c) === 'at-1')).toBe(true)
    return t
  }
  const answerAll = async (w: World, calls = pendingApi(w)) => {
    for (const c of calls) w.backend.answer(c)
    await w.flush()
  }

  describe(`${library}: expiry bursts`, () => {
    test('100 requests on an expired token, answered out of order, make exactly one refresh and all succeed', async () => {
      const w = await start()
      const t = await burst(w)
      const first = shuffle(pendingApi(w))
      // Some 401s, then the refresh goes out; more 401s arrive while it runs; then it answers; then the late ones.
      await answerAll(w, first.slice(0, 30))
      expect(pendingRefresh(w)).toHaveLength(1)
      await answerAll(w, first.slice(30, 70))
      w.backend.answer(pendingRefresh(w)[0] as never)
      await w.flush()
      await answerAll(w, first.slice(70))
      // The replays, with the new token, answered out of order too.
      const replays = pendingApi(w)
      expect(replays).toHaveLength(100)
      expect(replays.every((c) => tokenOf(c) === 'at-2')).toBe(true)
      await answerAll(w, shuffle(replays, 3))
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(t.failed).toEqual([])
      expect(t.ok).toHaveLength(100)
      expect(t.ok.every((body) => (body as { ok?: boolean }).ok === true)).toBe(true)
      // The app's own response handling ran once per call, on the replay's answer.
      expect(w.client.appHandled).toBe(100)
    })

    test('a refused refresh with 100 requests waiting settles every one of them and tells one credentials_error', async () => {
      const w = await start()
      const t = await burst(w)
      w.backend.refresh = 'reject'
      const order = shuffle(pendingApi(w))
      await answerAll(w, order.slice(0, 50))
      w.backend.answer(pendingRefresh(w)[0] as never)
      await w.flush()
      await answerAll(w, order.slice(50))
      expect(t.settled).toBe(100)
      expect(t.failed).toHaveLength(100)
      expect(t.failed.every((e) => (e as Error).name === 'CredentialsError')).toBe(true)
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(w.events.filter((e) => e.eventType === 'credentials_error')).toEqual([
        expect.objectContaining({ reason: 'refresh_token_expired' }),
      ])
      expect(w.auth.isSignedIn()).toBe(false)
      // Nothing was replayed: the 100 first sends are all the API saw.
      expect(w.backend.apiCalls).toHaveLength(100)
    })

    test('a refresh that fails on the network keeps the session: the waiting requests fail, the next one refreshes', async () => {
      const w = await start()
      const t = await burst(w, 20)
      w.backend.refresh = 'network'
      await answerAll(w, shuffle(pendingApi(w)))
      w.backend.answer(pendingRefresh(w)[0] as never)
      await w.flush()
      expect(t.failed).toHaveLength(20)
      expect(t.failed.every((e) => (e as Error).name === 'NetworkError')).toBe(true)
      expect(w.auth.isSignedIn()).toBe(true)
      expect(w.auth.getTokens()?.accessToken).toBe('at-1')
      expect(w.events.filter((e) => e.eventType === 'credentials_error')).toEqual([])

      // After the session's backoff, the network is back: the next request refreshes and succeeds.
      w.backend.hold = false
      w.backend.refresh = 'ok'
      jest.advanceTimersByTime(2000)
      const next = w.client.get('/orders/1')
      await w.flush()
      jest.advanceTimersByTime(2000)
      await w.flush()
      await expect(next).resolves.toMatchObject({ ok: true, token: 'at-2' })
      expect(w.backend.refreshCalls).toHaveLength(2)
    })

    test('an answer that is still expired after the replay is handed on: one refresh, no loop', async () => {
      const w = await start()
      w.backend.override = () => ({ statusCode: 401, data: { code: 'EXPIRED' } })
      await expect(w.client.get('/always-401')).rejects.toBeDefined()
      await w.flush()
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(w.backend.apiCalls.map(tokenOf)).toEqual(['at-1', 'at-2'])
    })

    test('a "signed in on another device" answer ends the session once, with that reason, and makes no refresh', async () => {
      const w = await start({ install: false })
      w.backend.override = () => ({ statusCode: 401, data: { code: 'TOKEN_UPDATED' } })
      const t = track(Array.from({ length: 10 }, (_, i) => w.client.get(`/x/${i}`)))
      await w.flush()
      expect(t.settled).toBe(10)
      expect(w.backend.refreshCalls).toHaveLength(0)
      expect(w.events.filter((e) => e.eventType === 'credentials_error')).toEqual([
        expect.objectContaining({ reason: 'token_updated' }),
      ])
    })
  })

  describe(`${library}: a replay belongs to its sign-in`, () => {
    /** The session changes right after the refresh settles, before the replay takes its token. */
    const afterRefresh = (w: World, change: () => void) => {
      const off = w.auth.onRefresh((e) => {
        if (e.type === 'done') {
          off()
          change()
        }
      })
    }

    test("a replay whose user signed out and another signed in meanwhile ends unsent with a CredentialsError, never on the other's token", async () => {
      const w = await start({ install: false })
      w.backend.expired = true
      afterRefresh(w, () => {
        void w.auth.signOut()
        w.auth.signIn({ accessToken: 'bob-1', refreshToken: 'bob-rt-1', expiresIn: 3600 })
      })
      const error = await w.client.get('/profile').catch((e: unknown) => e)
      await w.flush()
      expect(error).toMatchObject({ name: 'CredentialsError', reason: undefined })
      expect(w.backend.apiCalls.map(tokenOf)).toEqual(['at-1'])
      expect(w.backend.refreshCalls).toHaveLength(1)
    })

    test('a replay whose session ended meanwhile ends unsent with a CredentialsError carrying the reason it ended for', async () => {
      const w = await start({ install: false })
      w.backend.expired = true
      afterRefresh(w, () => w.auth.invalidate(w.auth.getTokens()?.accessToken as string, 'kicked_out'))
      const error = await w.client.get('/profile').catch((e: unknown) => e)
      await w.flush()
      expect(error).toMatchObject({ name: 'CredentialsError', reason: 'kicked_out' })
      expect(w.backend.apiCalls.map(tokenOf)).toEqual(['at-1'])
      expect(w.backend.refreshCalls).toHaveLength(1)
    })

    test('a replay on a sliding session that renewed meanwhile still goes out, on the newest token: its sign-in goes on', async () => {
      let n = 100
      const w = await start({ auth: { renewal: (res) => res.header['X-New-Token'] } })
      // Every answer but the first renews the token (a sliding session), 5 times while the first call waits.
      w.backend.override = (c) =>
        c.url.endsWith('/first') && tokenOf(c) === 'at-1'
          ? { statusCode: 401, data: { code: 'EXPIRED' } }
          : { statusCode: 200, data: { ok: true, token: tokenOf(c) }, header: { 'X-New-Token': `at-${++n}` } }
      w.backend.hold = true
      const first = w.client.get('/first')
      await w.flush()
      const [held] = pendingApi(w)
      w.backend.hold = false
      for (let i = 0; i < 5; i++) await w.client.get(`/other/${i}`)
      w.backend.answer(held as never)
      await w.flush()
      await expect(first).resolves.toMatchObject({ ok: true, token: 'at-105' })
      expect(w.backend.refreshCalls).toHaveLength(0)
    })
  })

  describe(`${library} on Alipay, where uni's layer hands an HTTP 4xx to fail`, () => {
    test('ten requests on an expired token make one refresh, are replayed once with the new token and all succeed', async () => {
      const w = await start({ host: 'alipay', install: false })
      w.backend.expired = true
      const t = track(Array.from({ length: 10 }, (_, i) => w.client.get(`/orders/${i}`)))
      await w.flush()
      expect(t.failed).toEqual([])
      expect(t.ok).toHaveLength(10)
      expect(t.ok.every((body) => (body as { ok?: boolean }).ok === true)).toBe(true)
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(w.backend.apiCalls.map(tokenOf)).toEqual([...Array(10).fill('at-1'), ...Array(10).fill('at-2')])
    })

    test('a "signed in on another device" answer ends the session with that reason, and makes no refresh', async () => {
      const w = await start({ host: 'alipay', install: false })
      w.backend.override = () => ({ statusCode: 401, data: { code: 'TOKEN_UPDATED' } })
      const t = track([w.client.get('/me')])
      await w.flush()
      expect(t.settled).toBe(1)
      expect(w.backend.refreshCalls).toHaveLength(0)
      expect(w.events.filter((e) => e.eventType === 'credentials_error')).toEqual([
        expect.objectContaining({ reason: 'token_updated' }),
      ])
    })
  })

  describe(`${library}: the built-in requester's rules`, () => {
    test('a token within the leeway is refreshed before the requests go out: one refresh, every request on the new token', async () => {
      const w = await start({ expiresIn: 30 })
      // 20 s later, 10 s before expiry: within the leeway (halfway, for a token that lives less than twice it).
      jest.advanceTimersByTime(20_000)
      const all = Promise.all(Array.from({ length: 10 }, (_, i) => w.client.get(`/orders/${i}`)))
      await w.flush()
      await expect(all).resolves.toHaveLength(10)
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(w.backend.apiCalls.map(tokenOf)).toEqual(Array(10).fill('at-2'))
    })

    test("a refused refresh before sending rejects the requests with the session's CredentialsError and sends none of them", async () => {
      const w = await start({ expiresIn: 30, install: false })
      jest.advanceTimersByTime(20_000)
      w.backend.refresh = 'reject'
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => w.client.get(`/o/${i}`).catch((e) => e)))
      expect(outcomes.map((e) => (e as Error).name)).toEqual(Array(10).fill('CredentialsError'))
      expect(w.backend.refreshCalls).toHaveLength(1)
      expect(w.backend.apiCalls).toHaveLength(0)
      expect(w.events.filter((e) => e.eventType === 'credentials_error')).toHaveLength(1)
    })

    test('a sliding session takes the fresh token an answer carries', async () => {
      const w = await start({ auth: { renewal: (res) => res.header['X-New-Token'] } })
      w.backend.override = (c) =>
        tokenOf(c) === 'at-1' ? { statusCode: 200, data: { ok: true }, header: { 'X-New-Token': 'at-9' } } : undefined
      w.backend.gen = 9
      await w.client.get('/me')
      expect(w.auth.getTokens()?.accessToken).toBe('at-9')
      await expect(w.client.get('/me')).resolves.toMatchObject({ token: 'at-9' })
    })

    test('a request marked public goes out without a token and its 401 makes no refresh', async () => {
      const w = await start()
      await expect(w.client.get('/articles', { anonymous: true })).rejects.toBeDefined()
      expect(tokenOf(w.backend.apiCalls[0] as never)).toBeUndefined()
      expect(w.backend.refreshCalls).toHaveLength(0)
    })

    test('the token goes only to the trusted origin', async () => {
      const w = await start()
      w.backend.override = () => ({ statusCode: 200, data: { ok: true } })
      await w.client.get('https://cdn.other.test/a.json')
      await w.client.get('//cdn.other.test/b.json').catch(() => undefined)
      await w.client.get(`${BASE}/me`)
      await w.client.get('/me')
      expect(w.backend.apiCalls.map((c) => [c.url, tokenOf(c)])).toEqual([
        ['https://cdn.other.test/a.json', undefined],
        [expect.stringContaining('cdn.other.test/b.json'), undefined],
        [`${BASE}/me`, 'at-1'],
        [`${BASE}/me`, 'at-1'],
      ])
    })

    test("the session's refresh call goes out bare: no access token, not through the library", async () => {
      const w = await start()
      w.backend.expired = true
      await w.client.get('/me')
      const [refresh] = w.backend.refreshCalls
      expect(refresh?.data).toEqual({ refreshToken: 'rt-1' })
      expect(tokenOf(refresh as never)).toBeUndefined()
      expect(w.client.appHandled).toBe(1)
    })

    test('an error carries no token', async () => {
      const w = await start()
      w.backend.override = () => ({ statusCode: 500, data: { code: 'BOOM' } })
      const error = await w.client.get('/boom').catch((e: unknown) => e)
      expect(error).toBeDefined()
      expect(inspect(error, { depth: 8, showHidden: true })).not.toMatch(/at-1/)
      w.backend.override = undefined
      w.backend.hold = true
      const dropped = w.client.get('/dropped').catch((e: unknown) => e)
      await w.flush()
      pendingApi(w)[0]?.fail('request:fail net::ERR_CONNECTION_RESET')
      expect(inspect(await dropped, { depth: 8, showHidden: true })).not.toMatch(/at-1/)
      expect(w.auth.isSignedIn()).toBe(true)
    })
  })

  describe(`${library}: the journey`, () => {
    test('50 requests failing at once on a refused refresh show one modal and open the login page once; after login, back to the page', async () => {
      const w = await start({ at: DETAIL })
      w.backend.expired = true
      w.backend.refresh = 'reject'
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => w.client.get(`/o/${i}`).catch((e) => e)))
      await w.flush()
      expect(outcomes.every((e) => (e as Error).name === 'CredentialsError')).toBe(true)
      expect(w.runtime.modals).toHaveLength(1)
      expect(w.runtime.modals[0]?.options.title).toBe('登录已过期')
      expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(1)
      expect(w.runtime.stack()).toEqual([DETAIL, LOGIN])

      // The login page signs in and goes back; the page's requests work again.
      w.backend.refresh = 'ok'
      w.backend.gen = 5
      w.backend.expired = false
      w.auth.signIn({ accessToken: 'at-5', refreshToken: 'rt-5', expiresIn: 3600 })
      await w.auth.returnAfterLogin()
      await w.flush()
      expect(w.runtime.stack()).toEqual([DETAIL])
      await expect(w.client.get('/o/1')).resolves.toMatchObject({ ok: true, token: 'at-5' })
    })
  })
}

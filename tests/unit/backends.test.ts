/**
 * Issue 12, the core: a session without a refresh endpoint, sliding renewal, refresh answers told
 * apart by what the server says, endpoints shaped by the app, the token type, the rules the
 * requester takes from the session.
 */
import {
  createAuth,
  type DebugInfo,
  isCredentialsError,
  isHTTPError,
  type LoginStateEvent,
  type Response,
} from '../../src/auth'
import { createScriptedPlatform, type Reply, type ScriptedCall } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

/** A backend with no refresh endpoint: `valid` tokens pass, others get `expired` (RuoYi: HTTP 200, code 401). */
function noRefreshBackend(expired: Reply = { statusCode: 401, data: { code: 'EXPIRED' } }) {
  const valid = new Set(['t1'])
  const platform = createScriptedPlatform((call) => {
    const token = call.header.Authorization?.replace(/^Bearer /, '') ?? ''
    return valid.has(token) ? { statusCode: 200, data: { ok: true } } : expired
  })
  return { platform, valid }
}

describe('a session without a refresh endpoint', () => {
  test('an expired token ends the session once: one credentials_error, every request rejected with why', async () => {
    const { platform, valid } = noRefreshBackend()
    const auth = createAuth({ platform })
    auth.signIn({ accessToken: 't1' })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    const request = createRequest({ baseURL: BASE, auth })
    valid.clear()
    const errors = await Promise.all(Array.from({ length: 20 }, () => request.get('/x').catch((e: unknown) => e)))
    expect(errors.every(isCredentialsError)).toBe(true)
    expect(new Set(errors.map((e) => (e as { reason?: string }).reason))).toEqual(new Set(['refresh_token_expired']))
    expect(events).toEqual([
      { eventType: 'credentials_error', reason: 'refresh_token_expired', msg: expect.any(String) },
    ])
    expect(auth.isSignedIn()).toBe(false)
    // Nothing was sent to a refresh endpoint: only the 20 requests.
    expect(platform.calls).toHaveLength(20)
  })

  test('a business code the session says means expired (RuoYi: HTTP 200, code 401) ends it too', async () => {
    const { platform, valid } = noRefreshBackend({ statusCode: 200, data: { code: 401, msg: '登录状态已过期' } })
    const auth = createAuth({ platform, expiredCodes: [401] })
    auth.signIn({ accessToken: 't1' })
    const request = createRequest({ baseURL: BASE, auth })
    await expect(request.get('/x')).resolves.toMatchObject({ statusCode: 200 })
    valid.clear()
    const error = await request.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect(auth.isSignedIn()).toBe(false)
  })

  test('a token is used until its known deadline (no leeway), then the session ends without a request', async () => {
    const { platform } = noRefreshBackend()
    const auth = createAuth({ platform })
    auth.signIn({ accessToken: 't1', expiresIn: 600 })
    const request = createRequest({ baseURL: BASE, auth })
    jest.setSystemTime(Date.now() + 590_000) // inside the default 60 s leeway
    await expect(request.get('/x')).resolves.toMatchObject({ statusCode: 200 })
    jest.setSystemTime(Date.now() + 20_000)
    const error = await request.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect(platform.calls).toHaveLength(1)
  })

  test('autoRefresh does not end an idle session on a timer', async () => {
    const { platform } = noRefreshBackend()
    const auth = createAuth({ platform, autoRefresh: true })
    auth.signIn({ accessToken: 't1', expiresIn: 60 })
    await jest.advanceTimersByTimeAsync(120_000)
    expect(auth.isSignedIn()).toBe(true)
    expect(platform.calls).toHaveLength(0)
  })
})

describe('sliding renewal', () => {
  /** The API hands back a fresh token in `x-new-token` on each answer to the current one. */
  function slidingBackend() {
    let current = 't1'
    let n = 1
    const platform = createScriptedPlatform((call): Reply => {
      const token = call.header.Authorization?.replace(/^Bearer /, '')
      if (token !== current) return { statusCode: 401 }
      if (call.url.includes('/slide')) current = `t${++n}`
      const header: Record<string, string> = token === current ? {} : { 'x-new-token': current }
      return { statusCode: 200, data: { ok: true }, header }
    })
    return { platform, current: () => current }
  }
  const renewal = (res: Response) => res.header['x-new-token']

  test('a fresh token in an ordinary response is taken up, with token_refreshed, and used next', async () => {
    const { platform } = slidingBackend()
    const auth = createAuth({ platform, renewal })
    auth.signIn({ accessToken: 't1' })
    const events: string[] = []
    auth.onLoginStateChanged((e) => events.push(e.eventType))
    const request = createRequest({ baseURL: BASE, auth })
    await request.get('/slide')
    expect(auth.getTokens()?.accessToken).toBe('t2')
    expect(events).toEqual(['token_refreshed'])
    await request.get('/x')
    expect(platform.calls[1]?.header.Authorization).toBe('Bearer t2')
  })

  test('never from an untrusted origin, never an older token over a newer one, never across a sign-out', async () => {
    const platform = createScriptedPlatform((call) => ({
      statusCode: 200,
      header: { 'x-new-token': `from-${call.url.split('/').pop()}` },
    }))
    const auth = createAuth({ platform, renewal })
    auth.signIn({ accessToken: 't1' })
    const request = createRequest({ baseURL: BASE, auth })
    // Another origin: no token goes there, and nothing it says is taken.
    await request.get('https://evil.test/a')
    expect(auth.getTokens()?.accessToken).toBe('t1')
    // Two answers to t1: the first renews it, the second (to a token no longer current) is ignored.
    platform.handler = undefined
    const first = request.get('/one')
    const second = request.get('/two')
    await flush()
    const [a, b] = platform.pending() as ScriptedCall[]
    a?.respond({ statusCode: 200, header: { 'x-new-token': 'from-one' } })
    await first
    b?.respond({ statusCode: 200, header: { 'x-new-token': 'from-two' } })
    await second
    expect(auth.getTokens()?.accessToken).toBe('from-one')
    // After a sign-out, a late answer signs nobody in.
    const late = request.get('/three')
    await flush()
    await auth.signOut()
    platform.pending()[0]?.respond({ statusCode: 200, header: { 'x-new-token': 'from-three' } })
    await late
    expect(auth.isSignedIn()).toBe(false)
  })

  test('a renewal function that throws is reported, and the response still resolves', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
    const infos: DebugInfo[] = []
    const auth = createAuth({
      platform,
      debug: (i) => infos.push(i),
      renewal: () => {
        throw new Error('bad header')
      },
    })
    auth.signIn({ accessToken: 't1' })
    await expect(createRequest({ baseURL: BASE, auth }).get('/x')).resolves.toMatchObject({ statusCode: 200 })
    expect(infos.map((i) => i.type)).toEqual(['renewal_error'])
  })
})

describe('refresh answers are told apart by what the server says', () => {
  function oauthLike(answer: Reply) {
    const platform = createScriptedPlatform((call) =>
      call.url.endsWith('/token') ? answer : { statusCode: 401, header: { 'www-authenticate': 'Bearer' } },
    )
    const infos: DebugInfo[] = []
    const events: LoginStateEvent[] = []
    const auth = createAuth({ platform, refresh: { url: `${BASE}/token` }, debug: (i) => infos.push(i) })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    auth.onLoginStateChanged((e) => events.push(e))
    return { platform, auth, infos, events, request: createRequest({ baseURL: BASE, auth }) }
  }

  test('invalid_grant (400) ends the session', async () => {
    const { request, events } = oauthLike({ statusCode: 400, data: { error: 'invalid_grant' } })
    const error = await request.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect(events.map((e) => e.eventType)).toEqual(['credentials_error'])
  })

  test.each(['invalid_client', 'invalid_request', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'])(
    '%s keeps the session, and the error and debug say it is the configuration, with the server description',
    async (code) => {
      const { request, events, auth, infos } = oauthLike({
        statusCode: code === 'invalid_client' ? 401 : 400,
        data: { error: code, error_description: 'Client authentication failed' },
      })
      const error = (await request.get('/x').catch((e: unknown) => e)) as Error
      expect(isHTTPError(error)).toBe(true)
      expect(error.message).toContain(code)
      expect(error.message).toContain('Client authentication failed')
      expect(error.message).toContain('check the refresh configuration')
      expect(events).toEqual([])
      expect(auth.isSignedIn()).toBe(true)
      expect(infos.map((i) => i.type)).toEqual(['refresh_misconfigured'])
    },
  )

  test('judgeRefresh overrides the table: a body code read as rejected ends the session', async () => {
    const platform = createScriptedPlatform((call) =>
      call.url.endsWith('/token') ? { statusCode: 200, data: { code: 40001 } } : { statusCode: 401 },
    )
    const auth = createAuth({
      platform,
      refresh: { url: `${BASE}/token` },
      judgeRefresh: (res) => ((res.data as { code?: number }).code === 40001 ? 'kicked_out' : undefined),
    })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    const error = await createRequest({ baseURL: BASE, auth })
      .get('/x')
      .catch((e: unknown) => e)
    expect((error as { reason?: string }).reason).toBe('kicked_out')
    expect(events.map((e) => e.reason)).toEqual(['kicked_out'])
  })
})

test('the refresh and logout endpoints take the body and headers the app gives them (a form, client auth)', async () => {
  const platform = createScriptedPlatform((call) =>
    call.url.endsWith('/token')
      ? { statusCode: 200, data: { access_token: 'a2', token_type: 'bearer', expires_in: 3600 } }
      : { statusCode: 200 },
  )
  const form = { 'content-type': 'application/x-www-form-urlencoded', Authorization: 'Basic Y2xpZW50OnM=' }
  const auth = createAuth({
    platform,
    refresh: {
      url: `${BASE}/token`,
      header: form,
      body: (t) => `grant_type=refresh_token&refresh_token=${t.refreshToken}`,
    },
    logout: {
      url: `${BASE}/revoke`,
      header: form,
      body: (t) => `token=${t.refreshToken}&token_type_hint=refresh_token`,
    },
  })
  auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
  await auth.refresh()
  await auth.signOut()
  const [refresh, revoke] = platform.calls
  expect(refresh?.data).toBe('grant_type=refresh_token&refresh_token=r1')
  expect(refresh?.header).toEqual(form)
  expect(revoke?.data).toBe('token=r1&token_type_hint=refresh_token')
  expect(revoke?.header['content-type']).toBe('application/x-www-form-urlencoded')
  expect(revoke?.header.Authorization).toBe('Basic Y2xpZW50OnM=')
})

test("the token answer's token_type is the scheme of the Authorization header", async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
  const auth = createAuth({ platform })
  const request = createRequest({ baseURL: BASE, auth })
  auth.signIn({ access_token: 'a', token_type: 'DPoP' })
  await request.get('/x')
  auth.signIn({ access_token: 'b', token_type: 'bearer' })
  await request.get('/x')
  expect(platform.calls.map((c) => c.header.Authorization)).toEqual(['DPoP a', 'Bearer b'])
})

test('a requester takes its expiry rules from the session; its own options still win', async () => {
  const platform = createScriptedPlatform((call) =>
    call.url.endsWith('/refresh')
      ? { statusCode: 200, data: { accessToken: 'a2', refreshToken: 'r2' } }
      : call.header.Authorization === 'Bearer a2'
        ? { statusCode: 200 }
        : { statusCode: 200, data: { code: 409 } },
  )
  const auth = createAuth({ platform, refresh: { url: `${BASE}/refresh` }, expiredCodes: [409] })
  auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
  await createRequest({ baseURL: BASE, auth }).get('/x')
  expect(auth.getTokens()?.accessToken).toBe('a2')
  // A requester with its own rule does not see a 409 as expired.
  auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
  const own = createRequest({ baseURL: BASE, auth, isExpired: (res) => res.statusCode === 401 })
  await expect(own.get('/x')).resolves.toMatchObject({ data: { code: 409 } })
  expect(auth.getTokens()?.accessToken).toBe('a1')
})

test('kicked_out has prompt texts in Chinese and English', async () => {
  const { DEFAULT_TEXTS } = await import('../../src/auth')
  expect(DEFAULT_TEXTS.zh.kicked_out.title).toBe('账号已被强制下线')
  expect(DEFAULT_TEXTS.en.kicked_out.title).toBe('Signed out by an administrator')
})

describe('a request told step by step (hooks.onLifecycle, auth.onRefresh)', () => {
  test('a burst on an expired token reads as 401s, one refresh, replays with the next generation', async () => {
    const { setup } = await import('../support/setup')
    const steps: string[] = []
    const refreshes: string[] = []
    const { auth, request, server } = setup({
      request: {
        hooks: {
          onLifecycle: (e) => {
            const detail =
              e.type === 'send'
                ? `${e.replay ? 'replay' : 'send'}@${e.generation}`
                : e.type === 'response'
                  ? `${e.statusCode}:${e.verdict}`
                  : e.type === 'settle'
                    ? `settle:${e.ok}`
                    : e.type
            steps.push(`${e.id} ${detail}`)
            expect(JSON.stringify(e)).not.toMatch(/at-\d/)
          },
        },
      },
    })
    auth.onRefresh((e) => refreshes.push(e.type === 'done' ? `done@${e.generation}` : e.type))
    server.accessExpired = true
    await Promise.all([request.get('/a'), request.get('/b')])
    expect(refreshes).toEqual(['start', 'done@1'])
    for (const id of [1, 2]) {
      expect(steps.filter((s) => s.startsWith(`${id} `))).toEqual([
        `${id} send@0`,
        `${id} 401:expired`,
        `${id} wait`,
        `${id} replay@1`,
        `${id} 200:ok`,
        `${id} settle:true`,
      ])
    }
  })

  test('a throwing lifecycle hook changes nothing', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
    const request = createRequest({
      platform,
      hooks: {
        onLifecycle: () => {
          throw new Error('observer bug')
        },
      },
    })
    await expect(request.get('https://x.test/a')).resolves.toMatchObject({ statusCode: 200 })
  })

  test('a failed refresh is told, with whether the session ended', async () => {
    const { setup } = await import('../support/setup')
    const { auth, request, server } = setup()
    const told: Array<[string, boolean | undefined]> = []
    auth.onRefresh((e) => told.push([e.type, e.type === 'failed' ? e.ended : undefined]))
    server.accessExpired = true
    server.refreshMode = 'network'
    await request.get('/x').catch(() => undefined)
    server.refreshMode = 'reject'
    jest.advanceTimersByTime(60_000)
    await request.get('/x').catch(() => undefined)
    expect(told).toEqual([
      ['start', undefined],
      ['failed', false],
      ['start', undefined],
      ['failed', true],
    ])
  })
})

test('a refresh that hands back the token the server just refused ends the session (an SDK that thinks it still good)', async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 401 }))
  const auth = createAuth({ platform, refresh: async () => ({ accessToken: 'same' }) })
  auth.signIn({ accessToken: 'same' })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const errors = await Promise.all(
    [1, 2, 3].map(() =>
      createRequest({ baseURL: BASE, auth })
        .get('/x')
        .catch((e: unknown) => e),
    ),
  )
  expect(errors.every(isCredentialsError)).toBe(true)
  expect(events.map((e) => e.eventType)).toEqual(['credentials_error'])
  expect(auth.isSignedIn()).toBe(false)
})

test('a proactive refresh may hand back the same token with a later deadline', async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
  const auth = createAuth({ platform, refresh: async () => ({ accessToken: 'same', expiresIn: 3600 }) })
  auth.signIn({ accessToken: 'same', expiresIn: 30 })
  await auth.refresh()
  expect(auth.getTokens()).toMatchObject({ accessToken: 'same', expiresAt: Date.now() + 3_600_000 })
})

test("auth.ownsCall tells the session's own refresh and logout calls, also as copies, from the app's", async () => {
  const platform = createScriptedPlatform(() => ({ statusCode: 200, data: { accessToken: 'a2' } }))
  const auth = createAuth({
    platform,
    refresh: { url: `${BASE}/auth/refresh` },
    logout: { url: `${BASE}/auth/logout` },
  })
  auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
  await auth.refresh()
  await auth.signOut()
  const [refresh, logout] = platform.calls
  expect(auth.ownsCall(refresh?.options as object)).toBe(true)
  expect(auth.ownsCall({ ...(logout?.options as object) })).toBe(true)
  expect(auth.ownsCall({ url: `${BASE}/auth/refresh`, method: 'GET' })).toBe(false)
  expect(auth.ownsCall({ url: `${BASE}/api/orders`, method: 'POST' })).toBe(false)
})

import { CredentialsError, createAuth, type DebugInfo, type LoginStateEvent } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { unsignedJwt } from '../support/jwt'
import { flush, setup, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const KEY = 'uni-session'

describe('sign-in, sign-out and state', () => {
  test('signIn stores one versioned record and emits sign_in', () => {
    const { auth, platform, server } = setup({ signedIn: false })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    auth.signIn(server.tokensFor(1), { name: 'Ann' })
    expect(platform.storage.get(KEY)).toEqual({
      v: 1,
      sid: expect.any(String),
      gen: 0,
      tokens: {
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        expiresAt: Date.now() + 3600_000,
        refreshAt: Date.now() + 3540_000,
      },
      user: { name: 'Ann' },
    })
    expect(events).toEqual([{ eventType: 'sign_in', msg: 'signed in' }])
    expect(auth.state).toBe('signed_in')
    expect(auth.getUser()).toEqual({ name: 'Ann' })
  })

  test('signIn takes a login response body in an envelope', () => {
    const { auth } = setup({ signedIn: false })
    auth.signIn({ code: 0, data: { accessToken: 'a', refreshToken: 'r', expiresIn: 60 } })
    expect(auth.getTokens()).toMatchObject({ accessToken: 'a', refreshToken: 'r' })
  })

  test('signIn without usable tokens throws and keeps the current session', () => {
    const { auth } = setup()
    // A refused login: the server's own words, as a LoginError (issue 21).
    expect(() => auth.signIn({ code: 500, msg: 'oops' })).toThrow('oops')
    expect(() => auth.signIn({ code: 500 })).toThrow('no usable tokens')
    expect(auth.getTokens()?.accessToken).toBe('at-1')
  })

  test('a new session reads the stored record back', () => {
    const { platform, server } = setup()
    const again = createAuth({ platform, refresh: { url: server.refreshURL } })
    expect(again.isSignedIn()).toBe(true)
    expect(again.getTokens()?.accessToken).toBe('at-1')
  })

  test('signOut clears storage and memory, emits sign_out, and tells the logout endpoint', async () => {
    const server = createTokenServer()
    const platform = createScriptedPlatform((c) => (c.url.endsWith('/logout') ? { statusCode: 204 } : server.handle(c)))
    const auth = createAuth({
      platform,
      refresh: { url: server.refreshURL },
      logout: { url: 'https://api.test/logout' },
    })
    auth.signIn(server.tokensFor(1))
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    await auth.signOut()
    expect(auth.isSignedIn()).toBe(false)
    expect(auth.state).toBe('signed_out')
    expect(platform.storage.size).toBe(0)
    expect(events.map((e) => e.eventType)).toEqual(['sign_out'])
    const logout = platform.calls.find((c) => c.url.endsWith('/logout'))
    expect(logout?.data).toEqual({ refreshToken: 'rt-1' })
    expect(logout?.header.Authorization).toBe('Bearer at-1')
  })

  test('signOut when signed out emits nothing and calls nothing', async () => {
    const { auth, platform, events } = setup({ signedIn: false })
    await auth.signOut()
    expect(events).toEqual([])
    expect(platform.calls).toHaveLength(0)
  })

  test('a failing logout call still signs out, and is reported to debug', async () => {
    const infos: DebugInfo[] = []
    const platform = createScriptedPlatform(() => ({ fail: 'request:fail' }))
    const auth = createAuth({
      platform,
      refresh: { url: 'https://x/r' },
      logout: { url: 'https://x/l' },
      debug: (i) => infos.push(i),
    })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    await auth.signOut()
    expect(auth.isSignedIn()).toBe(false)
    expect(infos.map((i) => i.type)).toEqual(['logout_failed'])
  })

  test('state reads refreshing while a refresh is in flight', async () => {
    const { auth, server } = setup()
    server.refreshMode = 'hold'
    const pending = auth.refresh()
    expect(auth.state).toBe('refreshing')
    server.refreshMode = 'ok'
    server.release()
    await pending
    expect(auth.state).toBe('signed_in')
  })

  test('an unsubscribed listener hears nothing more, and a throwing listener does not stop the others', () => {
    const { auth, server } = setup({ signedIn: false })
    const heard: string[] = []
    const off = auth.onLoginStateChanged(() => heard.push('first'))
    auth.onLoginStateChanged(() => {
      throw new Error('listener bug')
    })
    auth.onLoginStateChanged(() => heard.push('third'))
    auth.signIn(server.tokensFor(1))
    off()
    auth.signIn(server.tokensFor(1))
    expect(heard).toEqual(['first', 'third', 'third'])
  })

  test('setUser persists the profile with the session', () => {
    const { auth, platform } = setup()
    auth.setUser({ nick: 'B' })
    expect((platform.storage.get(KEY) as { user: unknown }).user).toEqual({ nick: 'B' })
  })
})

describe('storage that misbehaves', () => {
  test.each([
    ['a string that is not JSON', '{not json'],
    ['a foreign object', { token: 'x' }],
    ['a record of another version', { v: 2, tokens: { accessToken: 'a' } }],
    ['a record without an access token', { v: 1, tokens: {} }],
  ])('%s reads as signed out and is removed', (_, value) => {
    const platform = createScriptedPlatform()
    platform.storage.set(KEY, value)
    const auth = createAuth({ platform, refresh: { url: 'https://x/r' } })
    expect(auth.isSignedIn()).toBe(false)
    expect(platform.storage.has(KEY)).toBe(false)
  })

  test('a storage read that throws reads as signed out and is reported, not thrown', () => {
    const infos: DebugInfo[] = []
    const platform = createScriptedPlatform()
    platform.storageFailure = 'read'
    const auth = createAuth({ platform, refresh: { url: 'https://x/r' }, debug: (i) => infos.push(i) })
    expect(auth.isSignedIn()).toBe(false)
    expect(infos[0]?.type).toBe('storage_error')
  })

  test('a storage write that fails leaves the session working in memory and is reported', async () => {
    const infos: DebugInfo[] = []
    const { auth, platform, request, server } = setup({ signedIn: false, auth: { debug: (i) => infos.push(i) } })
    platform.storageFailure = 'write'
    auth.signIn(server.tokensFor(1))
    expect(auth.isSignedIn()).toBe(true)
    await expect(request.get('/me')).resolves.toMatchObject({ statusCode: 200 })
    expect(infos.map((i) => i.type)).toContain('storage_error')
    expect(JSON.stringify(infos.map((i) => i.message))).not.toContain('at-1')
  })
})

describe('refresh', () => {
  test('concurrent refresh() calls share one call', async () => {
    const { auth, server } = setup()
    const [a, b] = await Promise.all([auth.refresh(), auth.refresh()])
    expect(server.refreshCalls).toBe(1)
    expect(a.accessToken).toBe('at-2')
    expect(b.accessToken).toBe('at-2')
  })

  test('refresh(staleToken) settles at once with the current tokens and makes no call', async () => {
    const { auth, server } = setup()
    await auth.refresh()
    await expect(auth.refresh('at-1')).resolves.toMatchObject({ accessToken: 'at-2' })
    expect(server.refreshCalls).toBe(1)
  })

  test('refresh() when signed out rejects with a CredentialsError', async () => {
    const { auth } = setup({ signedIn: false })
    await expect(auth.refresh()).rejects.toBeInstanceOf(CredentialsError)
  })

  test('a rotated refresh token is stored; a server that keeps it keeps ours', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: { accessToken: 'a2', expiresIn: 60 } }))
    const auth = createAuth({ platform, refresh: { url: 'https://x/r' } })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1', refreshExpiresIn: 999 })
    const refreshExpiresAt = auth.getTokens()?.refreshExpiresAt
    await auth.refresh()
    expect(auth.getTokens()).toMatchObject({ accessToken: 'a2', refreshToken: 'r1', refreshExpiresAt })
  })

  test('token_refreshed is emitted once per refresh', async () => {
    const { auth, events } = setup()
    await Promise.all([auth.refresh(), auth.refresh()])
    expect(events.map((e) => e.eventType)).toEqual(['token_refreshed'])
  })

  test('a refresh token past its local deadline ends the session without calling the server', async () => {
    const { auth, server, events } = setup({ signedIn: false })
    auth.signIn({ ...server.tokensFor(1), refreshExpiresIn: 100 })
    jest.setSystemTime(Date.now() + 101_000)
    await expect(auth.refresh()).rejects.toMatchObject({ reason: 'refresh_token_expired' })
    expect(server.refreshCalls).toBe(0)
    expect(events.map((e) => e.eventType)).toContain('credentials_error')
  })

  test('the refresh uses the server Date to correct a JWT exp without iat', async () => {
    const serverNow = Date.now() - 86400_000
    const platform = createScriptedPlatform(() => ({
      statusCode: 200,
      data: { accessToken: unsignedJwt({ exp: serverNow / 1000 + 120 }), refreshToken: 'r2' },
      header: { Date: new Date(serverNow).toUTCString() },
    }))
    const auth = createAuth({ platform, refresh: { url: 'https://x/r' } })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
    await auth.refresh()
    expect(auth.getTokens()?.expiresAt).toBe(Date.now() + 120_000)
  })

  test('a refresh function is called with the refresh token and its result becomes the tokens', async () => {
    const platform = createScriptedPlatform()
    const fn = jest.fn(async (rt: string | undefined) => ({
      data: { accessToken: `new-for-${rt}`, refreshToken: 'r2' },
    }))
    const auth = createAuth({ platform, refresh: fn })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
    await auth.refresh()
    expect(fn).toHaveBeenCalledWith('r1', { accessToken: 'a1' })
    expect(auth.getTokens()?.accessToken).toBe('new-for-r1')
  })

  test('a refresh function that throws a CredentialsError ends the session with its reason', async () => {
    const events: LoginStateEvent[] = []
    const auth = createAuth({
      platform: createScriptedPlatform(),
      refresh: () => {
        const e = new CredentialsError('kicked')
        e.reason = 'token_updated'
        throw e
      },
    })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
    auth.onLoginStateChanged((e) => events.push(e))
    await expect(auth.refresh()).rejects.toBeInstanceOf(CredentialsError)
    expect(events.map((e) => e.reason)).toEqual(['token_updated'])
  })

  test('a refresh function that throws anything else keeps the session', async () => {
    const auth = createAuth({
      platform: createScriptedPlatform(),
      refresh: () => Promise.reject(new Error('offline')),
    })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1' })
    await expect(auth.refresh()).rejects.toThrow('offline')
    expect(auth.isSignedIn()).toBe(true)
  })

  test('signing out during a refresh rejects its waiters and discards its result', async () => {
    const { auth, server } = setup()
    server.refreshMode = 'hold'
    const pending = auth.refresh().catch((e: unknown) => e)
    await auth.signOut()
    server.refreshMode = 'ok'
    server.release()
    expect(await pending).toBeInstanceOf(CredentialsError)
    expect(auth.isSignedIn()).toBe(false)
  })

  test('signing in during a refresh rejects its waiters: they belong to the session that ended', async () => {
    const { auth, server } = setup()
    server.refreshMode = 'hold'
    const pending = auth.refresh()
    auth.signIn({ accessToken: 'fresh', refreshToken: 'rf', expiresIn: 600 })
    server.refreshMode = 'ok'
    server.release()
    await expect(pending).rejects.toBeInstanceOf(CredentialsError)
    expect(auth.getTokens()?.accessToken).toBe('fresh')
  })

  test('getAccessToken returns the token, refreshing first within the leeway, and null when signed out', async () => {
    const { auth, server } = setup()
    await expect(auth.getAccessToken()).resolves.toBe('at-1')
    jest.setSystemTime(Date.now() + 3590_000)
    await expect(auth.getAccessToken()).resolves.toBe('at-2')
    expect(server.refreshCalls).toBe(1)
    await auth.signOut()
    await expect(auth.getAccessToken()).resolves.toBeNull()
  })
})

describe('autoRefresh', () => {
  test('refreshes leeway seconds ahead of expiry, again for each new token, and stops on sign-out', async () => {
    const { auth, server } = setup({ signedIn: false, auth: { autoRefresh: true, leeway: 60 } })
    auth.signIn(server.tokensFor(1))
    await jest.advanceTimersByTimeAsync((3600 - 60) * 1000 - 1)
    expect(server.refreshCalls).toBe(0)
    await jest.advanceTimersByTimeAsync(1)
    expect(server.refreshCalls).toBe(1)
    await jest.advanceTimersByTimeAsync((3600 - 60) * 1000)
    expect(server.refreshCalls).toBe(2)
    await auth.signOut()
    await jest.advanceTimersByTimeAsync(10 * 3600 * 1000)
    expect(server.refreshCalls).toBe(2)
  })

  test('pauses while the app is hidden and refreshes an expiring token when it shows again', async () => {
    const platform = createScriptedPlatform()
    const server = createTokenServer()
    platform.handler = (c) => server.handle(c)
    let show = () => {}
    let hide = () => {}
    platform.onAppShow = (l) => {
      show = l
    }
    platform.onAppHide = (l) => {
      hide = l
    }
    const auth = createAuth({ platform, refresh: { url: server.refreshURL }, autoRefresh: true })
    auth.signIn(server.tokensFor(1))
    hide()
    await jest.advanceTimersByTimeAsync(4000 * 1000)
    expect(server.refreshCalls).toBe(0)
    show()
    await flush()
    expect(server.refreshCalls).toBe(1)
    expect(auth.getTokens()?.accessToken).toBe('at-2')
  })

  test('is off by default', async () => {
    const { server } = setup()
    await jest.advanceTimersByTimeAsync(10 * 3600 * 1000)
    expect(server.refreshCalls).toBe(0)
  })
})

describe('bad options', () => {
  const platform = createScriptedPlatform()
  test.each<[object, string]>([
    [{ refresh: 'x' }, '`refresh` to be { url } or a function, got "x"'],
    [{ refresh: { url: '' } }, '`refresh` to be { url } or a function'],
    [{ refresh: () => null, leeway: -1 }, '`leeway` to be a number >= 0, got -1'],
    [{ refresh: () => null, storageKey: '' }, '`storageKey` to be a non-empty string, got ""'],
    [{ refresh: () => null, now: 5 }, '`now` to be a function, got 5'],
    [{ refresh: () => null, logout: 'x' }, '`logout` to be { url }, got "x"'],
  ])('createAuth(%j) throws naming the option', (options, message) => {
    expect(() => createAuth({ platform, ...(options as { refresh: () => null }) })).toThrow(message)
  })

  test('without a platform and without uni or wx, createAuth says what to pass', () => {
    expect(() => createAuth({ refresh: () => null })).toThrow('pass `platform`')
  })

  test('the global uni is the default platform (called member by member), else the global wx', () => {
    const g = globalThis as { uni?: unknown; wx?: unknown }
    const wxFake = createScriptedPlatform()
    g.wx = wxFake
    try {
      expect(createAuth({ refresh: () => null }).platform).toBe(wxFake)
      const uniFake = createScriptedPlatform()
      g.uni = uniFake
      const auth = createAuth({ refresh: () => null })
      auth.signIn({ accessToken: 'a', refreshToken: 'r' })
      expect(uniFake.storage.has('uni-session')).toBe(true)
      expect(wxFake.storage.size).toBe(0)
    } finally {
      delete g.uni
      delete g.wx
    }
  })

  test('under uni-app H5, where the global uni is an empty object, the message says what to do', () => {
    const g = globalThis as { uni?: unknown }
    g.uni = {}
    try {
      expect(() => createAuth({ refresh: () => null })).toThrow('pass `platform`')
    } finally {
      delete g.uni
    }
  })
})

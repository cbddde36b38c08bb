/**
 * The adapters of the `wx`-shaped hosts (`douyin(tt)`, `baidu(swan)`, `qq(qq)` from
 * uni-session/platforms) over scripted host objects (tests/support/fake-hosts.ts), through the real
 * `createAuth` / `createRequest`.
 */
import { createAuth, isUniSessionError, type Platform, type PlatformLoginResult } from '../../src/auth'
import { baidu, douyin, qq } from '../../src/platforms'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { createFakeSwan, createFakeTt } from '../support/fake-hosts'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const login = (platform: Platform) =>
  new Promise<PlatformLoginResult>((resolve, reject) => platform.login?.({ success: resolve, fail: reject }))

/** A session on `platform`, signed in with generation 1 of `server`, and its requester. */
function session(platform: Platform, server = createTokenServer()) {
  const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
  auth.signIn(server.tokensFor(1))
  return { auth, server, request: createRequest({ baseURL: BASE, auth }) }
}

describe('Douyin: douyin(tt)', () => {
  test('login is silent (force: false) and gives the code of a user logged in to Douyin', async () => {
    const tt = createFakeTt()
    await expect(login(douyin(tt))).resolves.toEqual({ code: 'tt-code-1' })
    expect(tt.forces).toEqual([false])
    expect(tt.loginBoxes).toBe(0)
  })

  test('a user not logged in to Douyin gets only an anonymousCode, and no login box', async () => {
    const tt = createFakeTt()
    tt.loggedIn = false
    await expect(login(douyin(tt))).resolves.toEqual({ code: '', anonymousCode: 'anon-1' })
    expect(tt.loginBoxes).toBe(0)
    // What the adapter avoids: tt.login as it is shows the box.
    await new Promise((resolve) => tt.login?.({ success: resolve, fail: resolve }))
    expect(tt.loginBoxes).toBe(1)
  })

  test('PATCH is sent as PATCH; TRACE, which tt.request lacks, is refused and never sent', async () => {
    const server = createTokenServer()
    const tt = createFakeTt((call) => server.handle(call))
    const { request } = session(douyin(tt), server)
    await expect(request.patch('/orders/7', { n: 1 })).resolves.toMatchObject({ statusCode: 200 })
    const trace = await request({ url: '/x', method: 'TRACE' }).catch((e: unknown) => e)
    expect(isUniSessionError(trace)).toBe(true)
    expect((trace as Error).message).toContain('does not accept TRACE')
    expect(tt.scripted.calls.map((c) => c.method)).toEqual(['PATCH'])
  })

  test('a 401 answered through success makes one refresh for ten requests', async () => {
    const server = createTokenServer()
    const { request } = session(douyin(createFakeTt((call) => server.handle(call))), server)
    server.accessExpired = true
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/i/${i}`)))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(server.refreshCalls).toBe(1)
  })

  test('members are called through at call time: a tt.request replaced later is the one used', async () => {
    const tt = createFakeTt(() => ({ statusCode: 200 }))
    const platform = douyin(tt)
    const seen: string[] = []
    const original = tt.request.bind(tt)
    tt.request = (o) => {
      seen.push(o.url)
      return original(o)
    }
    await createRequest({ platform }).get('https://x.test/a')
    expect(seen).toEqual(['https://x.test/a'])
  })
})

describe('Baidu: baidu(swan)', () => {
  test('login is swan.getLoginCode; the deprecated swan.login is never called', async () => {
    const swan = createFakeSwan()
    await expect(login(baidu(swan))).resolves.toEqual({ code: 'swan-code' })
    expect(swan.deprecatedLogins).toBe(0)
  })

  test('without getLoginCode there is no login rather than the deprecated one', () => {
    const swan = createFakeSwan()
    delete (swan as { getLoginCode?: unknown }).getLoginCode
    expect(baidu(swan).login).toBeUndefined()
  })

  test("a dataType other than json is swan's 'string'; json stays json", async () => {
    const swan = createFakeSwan(() => ({ statusCode: 200, data: 'x' }))
    const request = createRequest({ platform: baidu(swan) })
    await request.get('https://x.test/a', { dataType: '其他' })
    await request.get('https://x.test/b', { dataType: 'json' })
    expect(swan.scripted.calls.map((c) => (c.options as { dataType?: string }).dataType)).toEqual(['string', 'json'])
  })

  test('PATCH is refused and never sent', async () => {
    const swan = createFakeSwan(() => ({ statusCode: 200 }))
    const error = await createRequest({ platform: baidu(swan) })
      .patch('https://x.test/a', {})
      .catch((e: unknown) => e)
    expect((error as Error).message).toContain('does not accept PATCH (only GET, POST, PUT, DELETE, HEAD, OPTIONS)')
    expect(swan.scripted.calls).toHaveLength(0)
  })
})

describe('QQ: qq(qq)', () => {
  test('a wx-shaped host works as it is: requests, storage, a refresh on 401', async () => {
    const server = createTokenServer()
    const host = createScriptedPlatform((call) => server.handle(call))
    const { request, auth } = session(qq(host), server)
    expect(host.storage.get('uni-session')).toMatchObject({ tokens: { accessToken: 'at-1' } })
    server.accessExpired = true
    await expect(request.get('/me')).resolves.toMatchObject({ statusCode: 200 })
    expect(server.refreshCalls).toBe(1)
    expect(auth.getTokens()?.accessToken).toBe('at-2')
  })

  test('PATCH, which QQ (like WeChat) lacks, is refused and never sent', async () => {
    const host = createScriptedPlatform(() => ({ statusCode: 200 }))
    const error = await createRequest({ platform: qq(host) })
      .patch('https://x.test/a', {})
      .catch((e: unknown) => e)
    expect(isUniSessionError(error)).toBe(true)
    expect(host.calls).toHaveLength(0)
  })

  test('only the members the host has are on the platform', () => {
    const host = createScriptedPlatform()
    const platform = qq(host)
    expect(typeof platform.navigateTo).toBe('function')
    expect(platform.redirectTo).toBeUndefined()
    expect(platform.login).toBeUndefined()
  })
})

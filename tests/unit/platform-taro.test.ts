/**
 * Taro's `Taro` object is not a platform as it is, and `taro(Taro)` makes it one. The fake Taro
 * (tests/support/fake-hosts.ts) follows @tarojs/taro 4.2.1's typings and runtime: a request-chain
 * `addInterceptor(interceptor)`, promises that reject on `fail` even with callbacks, and on Alipay
 * `my.request`'s HTTP errors handed to `fail` unmapped.
 */
import { createAuth, installAuth, type Platform } from '../../src/auth'
import { taro } from '../../src/platforms'
import { createRequest } from '../../src/utils/request'
import { createFakeTaro } from '../support/fake-hosts'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

function setup(env: string, platformOf: (t: ReturnType<typeof createFakeTaro>) => Platform) {
  const server = createTokenServer()
  const Taro = createFakeTaro(env, (call) => server.handle(call))
  const auth = createAuth({
    platform: platformOf(Taro),
    refresh: { url: server.refreshURL },
    pages: ['/pages/index/index', '/pages/me/me', '/pages/login/login'],
    tabBarPages: [],
  })
  auth.signIn(server.tokensFor(1))
  return { server, Taro, auth, request: createRequest({ baseURL: BASE, auth }) }
}

describe('Taro as it is', () => {
  test('the route guard goes into its request-chain addInterceptor, and every request after breaks', async () => {
    const { Taro, auth, request } = setup('WEAPP', (t) => t as unknown as Platform)
    installAuth(auth, { needLogin: ['/pages/me/me'] })
    expect(Taro.interceptors).toContain('navigateTo')
    await expect(request.get('/me')).rejects.toThrow(TypeError)
  })

  test('on Alipay a 401 arrives through fail without statusCode: read as a network failure, no refresh', async () => {
    const { Taro, server, request } = setup('ALIPAY', (t) => t as unknown as Platform)
    server.accessExpired = true
    await expect(request.post('/orders', {})).rejects.toMatchObject({ name: 'NetworkError' })
    expect(server.refreshCalls).toBe(0)
    // And the promise Taro.request returned rejects with nobody to hear it.
    expect(Taro.promises.map((p) => p.handled)).toEqual([false])
    await expect(Taro.promises[0]).rejects.toMatchObject({ error: 19, status: 401 })
  })
})

describe('taro(Taro)', () => {
  test('hides the request-chain addInterceptor: the guard wraps the platform navigateTo, requests keep working', async () => {
    const { Taro, auth, request } = setup('WEAPP', taro)
    installAuth(auth, { needLogin: ['/pages/me/me'] })
    expect(Taro.interceptors).toEqual([])
    await expect(request.get('/me')).resolves.toMatchObject({ statusCode: 200 })
  })

  test('on Alipay a 401 through fail (error 19) makes one refresh for ten requests', async () => {
    const { server, request } = setup('ALIPAY', taro)
    server.accessExpired = true
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/i/${i}`)))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(server.refreshCalls).toBe(1)
  })

  test('the methods follow the host Taro runs on: PATCH refused on WeChat and Alipay, sent on Douyin and H5', () => {
    const methods = (env: string) => taro(createFakeTaro(env)).methods
    expect(methods('WEAPP')).not.toContain('PATCH')
    expect(methods('ALIPAY')).not.toContain('PATCH')
    expect(methods('TT')).toContain('PATCH')
    expect(methods('WEB')).toBeUndefined()
  })

  test("Taro's promises, which reject on fail, get a handler: failures leave no unhandled rejection", async () => {
    const { Taro, server, request } = setup('ALIPAY', taro)
    server.refreshMode = 'reject'
    server.accessExpired = true
    await expect(request.get('/me')).rejects.toMatchObject({ name: 'CredentialsError' })
    const failed = await new Promise((resolve) => taro(Taro).navigateTo?.({ url: '/x', fail: resolve }))
    expect(failed).toEqual({ errMsg: 'navigateTo:fail' })
    expect(Taro.promises.length).toBeGreaterThanOrEqual(3)
    expect(Taro.promises.filter((p) => !p.handled)).toEqual([])
  })

  test('the page stack is Taro.getCurrentPages', () => {
    expect(taro(createFakeTaro('WEAPP')).getCurrentPages?.()).toEqual([{ route: 'pages/me/me', options: {} }])
  })
})

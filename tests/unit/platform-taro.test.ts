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

describe('taro(Taro) in a browser', () => {
  /**
   * `navigator.locks` as the Web Locks API has it (W3C Web Locks, w3c/web-locks index.bs, "request a
   * lock"): `request(name, callback)` grants the lock named `name` to one callback at a time, in the
   * order asked, and resolves with what the callback's promise resolves with. One such object stands
   * for the browser, which every tab shares.
   */
  function webLocks() {
    const tails = new Map<string, Promise<unknown>>()
    return {
      requests: [] as string[],
      request<T>(name: string, task: () => Promise<T>): Promise<T> {
        this.requests.push(name)
        const run = (tails.get(name) || Promise.resolve()).then(task)
        tails.set(
          name,
          run.then(
            () => undefined,
            () => undefined,
          ),
        )
        return run
      },
    }
  }

  const g = globalThis as { navigator?: unknown }
  let saved: unknown
  beforeEach(() => {
    saved = g.navigator
  })
  afterEach(() => {
    g.navigator = saved
  })

  /** Two tabs of one Taro H5 app: one storage (localStorage), one browser's locks. */
  function twoTabs(env: string) {
    const locks = webLocks()
    g.navigator = { locks }
    const server = createTokenServer()
    const first = createFakeTaro(env, (call) => server.handle(call))
    const second = createFakeTaro(env, (call) => server.handle(call))
    second.scripted.storage = first.scripted.storage
    const a = createAuth({ platform: taro(first), refresh: { url: server.refreshURL } })
    a.signIn(server.tokensFor(1))
    const b = createAuth({ platform: taro(second), refresh: { url: server.refreshURL } })
    return {
      server,
      locks,
      a: createRequest({ baseURL: BASE, auth: a }),
      b: createRequest({ baseURL: BASE, auth: b }),
    }
  }

  test('two Taro H5 tabs whose token expires together make one refresh between them, under the Web Lock', async () => {
    const { server, locks, a, b } = twoTabs('WEB')
    server.accessExpired = true
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => a.get('/x')),
      ...Array.from({ length: 5 }, () => b.get('/x')),
    ])
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(server.refreshTokensSeen).toEqual(['rt-1'])
    expect(locks.requests.length).toBeGreaterThan(0)
  })

  test('a Taro mini program (one JS context) takes no lock even where a navigator.locks exists', () => {
    g.navigator = { locks: webLocks() }
    expect(taro(createFakeTaro('WEAPP')).lock).toBeUndefined()
    expect(taro(createFakeTaro('WEB')).lock).toBeInstanceOf(Function)
  })
})

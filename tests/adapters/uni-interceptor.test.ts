/**
 * The session under `uni.addInterceptor('request', uniRequestInterceptor(auth))`, in the mini program
 * runtime (whose interceptors follow uni-app's: `invoke` first, waited for when it returns a promise).
 * What it does: the token, a refresh first when one is due, the session ending on its answers. What
 * it cannot: replay. The caller of an expired request gets the 401.
 */
import { uniRequestInterceptor } from '../../src/adapters'
import { createAuth } from '../../src/auth'
import type { PlatformResponse } from '../../src/auth/platform'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { loadUniWeixin } from '../support/peers'
import { flush, useFakeClock } from '../support/setup'
import {
  BASE,
  boot,
  createBackend,
  type MakeClient,
  pendingApi,
  pendingRefresh,
  REFRESH_URL,
  shuffle,
  tokenOf,
  track,
  type World,
} from './harness'

const LOGIN = '/pages/login/login'
const DETAIL = '/pages/order/detail?id=7'

declare const uni: {
  request(o: {
    url: string
    header?: Record<string, string>
    auth?: boolean
    success(res: PlatformResponse): void
    fail(err: { errMsg: string }): void
  }): unknown
}

/** `uni.request` as app code calls it (the global `uni` is the runtime's): a 2xx body, or the answer as the error. */
const call = (url: string, extra: { header?: Record<string, string>; auth?: boolean } = {}) =>
  new Promise((resolve, reject) =>
    uni.request({
      url: /^\w+:/.test(url) ? url : BASE + url,
      ...extra,
      success: (res) => (res.statusCode >= 200 && res.statusCode < 300 ? resolve(res.data) : reject(res)),
      fail: reject,
    }),
  )

const make: MakeClient = (_peers, auth, { baseURL }) => {
  ;(globalThis as unknown as { uni: { addInterceptor(n: string, i: object): void } }).uni.addInterceptor(
    'request',
    uniRequestInterceptor(auth, { baseURL }),
  )
  return { appHandled: 0, get: (url, o) => call(url, o && o.anonymous ? { auth: false } : {}) }
}

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

describe('what the interceptor does', () => {
  test('the token goes to the trusted origin only, never with auth: false, and a shared header object is left as it was', async () => {
    const w = await start()
    w.backend.override = () => ({ statusCode: 200, data: { ok: true } })
    const shared = { 'X-App': '1' }
    await call('/me', { header: shared })
    await call('https://cdn.other.test/a.json', { header: shared })
    await call('/articles', { auth: false })
    expect(w.backend.apiCalls.map((c) => [c.url, tokenOf(c)])).toEqual([
      [`${BASE}/me`, 'at-1'],
      ['https://cdn.other.test/a.json', undefined],
      [`${BASE}/articles`, undefined],
    ])
    expect(w.backend.apiCalls[0]?.header['X-App']).toBe('1')
    expect(shared).toEqual({ 'X-App': '1' })
  })

  test('a token within the leeway: 100 requests wait for one refresh and go out with the new token; the refresh call itself passes bare', async () => {
    const w = await start({ expiresIn: 30 })
    jest.advanceTimersByTime(20_000)
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => call(`/orders/${i}`)))
    await w.flush()
    await expect(all).resolves.toHaveLength(100)
    expect(w.backend.refreshCalls).toHaveLength(1)
    expect(tokenOf(w.backend.refreshCalls[0] as never)).toBeUndefined()
    expect(w.backend.refreshCalls[0]?.data).toEqual({ refreshToken: 'rt-1' })
    expect(w.backend.apiCalls.map(tokenOf)).toEqual(Array(100).fill('at-2'))
  })

  test('100 expired answers out of order: every caller gets its 401 (no replay), one refresh, and the next request carries the new token', async () => {
    const w = await start()
    w.backend.expired = true
    w.backend.hold = true
    const t = track(Array.from({ length: 100 }, (_, i) => call(`/orders/${i}`)))
    await w.flush()
    const order = shuffle(pendingApi(w))
    for (const c of order.slice(0, 50)) w.backend.answer(c)
    await w.flush()
    expect(pendingRefresh(w)).toHaveLength(1)
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    for (const c of order.slice(50)) w.backend.answer(c)
    await w.flush()
    expect(t.settled).toBe(100)
    expect(t.failed.every((r) => (r as PlatformResponse).statusCode === 401)).toBe(true)
    expect(w.backend.refreshCalls).toHaveLength(1)
    expect(w.backend.apiCalls).toHaveLength(100)

    w.backend.hold = false
    await expect(call('/orders/1')).resolves.toMatchObject({ ok: true, token: 'at-2' })
  })

  test('a refresh that fails on the network keeps the session and ends nothing', async () => {
    const w = await start()
    w.backend.expired = true
    w.backend.refresh = 'network'
    await Promise.all(Array.from({ length: 10 }, (_, i) => call(`/x/${i}`).catch(() => undefined)))
    await w.flush()
    expect(w.backend.refreshCalls).toHaveLength(1)
    expect(w.auth.isSignedIn()).toBe(true)
    expect(w.events.filter((e) => e.eventType === 'credentials_error')).toEqual([])
    expect(w.runtime.modals).toHaveLength(0)
  })

  test('a refused refresh before sending leaves no request waiting: they go out without a token, and the session ends once', async () => {
    const w = await start({ expiresIn: 30, install: false })
    jest.advanceTimersByTime(20_000)
    w.backend.refresh = 'reject'
    const t = track(Array.from({ length: 20 }, (_, i) => call(`/orders/${i}`)))
    await w.flush()
    expect(t.settled).toBe(20)
    expect(w.backend.apiCalls.map(tokenOf)).toEqual(Array(20).fill(undefined))
    expect(w.events.filter((e) => e.eventType === 'credentials_error')).toHaveLength(1)
  })
})

describe('the journey under the interceptor', () => {
  test('expired answers and a refused refresh: one modal, the login page once, and back after login', async () => {
    const w = await start({ at: DETAIL })
    w.backend.expired = true
    w.backend.refresh = 'reject'
    await Promise.all(Array.from({ length: 50 }, (_, i) => call(`/o/${i}`).catch(() => undefined)))
    await w.flush()
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['登录已过期'])
    expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(1)
    expect(w.runtime.stack()).toEqual([DETAIL, LOGIN])

    w.backend.gen = 5
    w.backend.expired = false
    w.auth.signIn({ accessToken: 'at-5', refreshToken: 'rt-5', expiresIn: 3600 })
    await w.auth.returnAfterLogin()
    await w.flush()
    expect(w.runtime.stack()).toEqual([DETAIL])
    await expect(call('/o/1')).resolves.toMatchObject({ token: 'at-5' })
  })

  test('a "signed in on another device" answer ends the session with that reason: its own modal text, once', async () => {
    const w = await start()
    w.backend.override = () => ({ statusCode: 401, data: { code: 'TOKEN_UPDATED' } })
    await Promise.all(Array.from({ length: 20 }, (_, i) => call(`/o/${i}`).catch(() => undefined)))
    await w.flush()
    expect(w.backend.refreshCalls).toHaveLength(0)
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
  })
})

describe("under uni-app's own interceptor code (uni-mp-weixin 3.0's API layer over a scripted wx)", () => {
  type RealUni = {
    request(o: object): unknown
    addInterceptor(name: string, i: object): void
    removeInterceptor(name: string): void
  }
  /** Loaded once (uni-app keeps its interceptors in the module); each test has its own `wx.request` behind it. */
  let realUni: RealUni
  let restore: () => void
  let transport: ReturnType<typeof createScriptedPlatform> | undefined
  beforeAll(async () => {
    const wx = {
      request: (o: never) => transport?.request(o),
      getAppBaseInfo: () => ({ language: 'zh_CN' }),
      getSystemInfoSync: () => ({ language: 'zh_CN', platform: 'devtools' }),
      getWindowInfo: () => ({}),
      getDeviceInfo: () => ({}),
      getLaunchOptionsSync: () => ({ scene: 1001 }),
    }
    const loaded = await loadUniWeixin(wx)
    restore = loaded.restore
    const uni = loaded.uni as unknown as RealUni
    realUni = { request: uni.request, addInterceptor: uni.addInterceptor, removeInterceptor: uni.removeInterceptor }
  })
  afterEach(() => realUni.removeInterceptor('request'))
  afterAll(() => restore())

  /** A scripted `wx.request`, a session whose platform is uni-app's `uni`, another interceptor, then ours. */
  const realWorld = async () => {
    const backend = createBackend()
    const wire = createScriptedPlatform((c) => {
      ;(c.url === REFRESH_URL ? backend.refreshCalls : backend.apiCalls).push(c)
      return backend.reply(c)
    })
    transport = wire
    const auth = createAuth({
      platform: {
        request: (o) => realUni.request(o) as never,
        getStorageSync: (k) => wire.getStorageSync(k),
        setStorageSync: (k, v) => wire.setStorageSync(k, v),
        removeStorageSync: (k) => wire.removeStorageSync(k),
      },
      refresh: { url: REFRESH_URL },
    })
    auth.signIn({ accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 30 })
    // Another interceptor, added before ours (in uni-app 3.0 no `invoke` after one that returned a promise runs).
    realUni.addInterceptor('request', {
      invoke(args: { header?: Record<string, string> }) {
        args.header = { ...args.header, 'X-Trace': 't' }
      },
    })
    realUni.addInterceptor('request', uniRequestInterceptor(auth, { baseURL: BASE }))
    return { backend, realUni, auth }
  }

  test('a refresh due: callback and promise calls wait for one refresh, go out with the new token; the refresh call passes bare', async () => {
    const { backend, realUni } = await realWorld()
    jest.advanceTimersByTime(20_000)
    const byCallback = Array.from(
      { length: 5 },
      (_, i) =>
        new Promise((resolve, reject) => realUni.request({ url: `${BASE}/cb/${i}`, success: resolve, fail: reject })),
    )
    const byPromise = Array.from(
      { length: 5 },
      (_, i) => realUni.request({ url: `${BASE}/p/${i}` }) as Promise<unknown>,
    )
    const answers = (await Promise.all([...byCallback, ...byPromise])) as PlatformResponse[]
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200))
    expect(backend.refreshCalls).toHaveLength(1)
    expect(tokenOf(backend.refreshCalls[0] as never)).toBeUndefined()
    expect(backend.apiCalls.map((c) => [tokenOf(c), c.header['X-Trace']])).toEqual(Array(10).fill(['at-2', 't']))
  })

  test('with a token at hand the call stays synchronous: uni.request returns the RequestTask', async () => {
    const { backend, realUni } = await realWorld()
    let answer: unknown
    const task = realUni.request({ url: `${BASE}/me`, success: (r: unknown) => (answer = r) }) as { abort?: unknown }
    expect(typeof task.abort).toBe('function')
    expect(tokenOf(backend.apiCalls[0] as never)).toBe('at-1')
    await flush()
    expect(answer).toMatchObject({ statusCode: 200 })
  })

  test('an expired answer starts the one refresh; the next call goes out with the new token', async () => {
    const { backend, realUni } = await realWorld()
    backend.expired = true
    const first = await Promise.all(
      Array.from({ length: 10 }, (_, i) => realUni.request({ url: `${BASE}/x/${i}` }) as Promise<PlatformResponse>),
    )
    await flush()
    expect(first.map((r) => r.statusCode)).toEqual(Array(10).fill(401))
    expect(backend.refreshCalls).toHaveLength(1)
    const next = (await realUni.request({ url: `${BASE}/x/next` })) as PlatformResponse
    expect(next.statusCode).toBe(200)
    expect(tokenOf(backend.apiCalls[10] as never)).toBe('at-2')
  })
})

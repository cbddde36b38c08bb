/**
 * The build's platform constant (src/auth/platform/build.ts): `process.env.UNI_PLATFORM`, which a uni
 * build replaces with its target. Under node, `process` exists, so each test loads the platform layer
 * afresh with the variable set as a uni build would set it, and checks what that build decides without
 * looking (and what it leaves out); with no variable (native WeChat, another bundler) it looks at run time.
 * tests/compiled/build-platform.test.ts checks that a real uni build of the packed library drops the code.
 */
import type { PlatformRequestOptions } from '../../src/auth/platform'

type PlatformModule = typeof import('../../src/auth/platform')

/** The platform layer as a build for `target` sees it (`undefined`: no uni build). */
function platformFor(target: string | undefined): PlatformModule {
  const saved = process.env.UNI_PLATFORM
  if (target === undefined) delete process.env.UNI_PLATFORM
  else process.env.UNI_PLATFORM = target
  try {
    let loaded: PlatformModule | undefined
    jest.isolateModules(() => {
      loaded = require('../../src/auth/platform') as PlatformModule
    })
    return loaded as PlatformModule
  } finally {
    if (saved === undefined) delete process.env.UNI_PLATFORM
    else process.env.UNI_PLATFORM = saved
  }
}

const g = globalThis as Record<string, unknown>
/** Sets globals for one test (a host's `wx`, `uni`, `document`...), restored after it. */
const globals: string[] = []
function setGlobal(name: string, value: unknown): void {
  globals.push(name)
  g[name] = value
}
afterEach(() => {
  for (const name of globals.splice(0)) delete g[name]
})

/** A uni object as uni's mini program runtime makes one: real methods on the object itself. */
const uniLike = () => ({
  request: jest.fn(),
  getStorageSync: jest.fn(() => ''),
  setStorageSync: jest.fn(),
  removeStorageSync: jest.fn(),
})

describe('a uni build for a mini program (mp-weixin)', () => {
  test('takes uni itself as the platform (no wrapper object), and never the Web Locks of a browser', () => {
    const { resolvePlatform } = platformFor('mp-weixin')
    const uni = uniLike()
    setGlobal('uni', uni)
    setGlobal('navigator', { locks: { request: jest.fn() } })
    const platform = resolvePlatform()
    expect(platform).toBe(uni)
    expect(platform.lock).toBeUndefined()
  })

  test('runs at most 10 calls at once, and knows its host without looking for its global', () => {
    const { hostLimit, loginProvider, resolvePlatform } = platformFor('mp-weixin')
    setGlobal('uni', uniLike())
    // No `wx` global at all: the build says WeChat.
    expect(loginProvider()).toBe('weixin')
    expect(hostLimit(resolvePlatform())).toBe(10)
  })

  test('asks the host global getCurrentPages first (uni proxies other names to the host, promisified)', () => {
    const { currentPages } = platformFor('mp-weixin')
    setGlobal('getCurrentPages', () => [{ route: 'pages/a/a' }])
    const platform = { ...uniLike(), getCurrentPages: () => Promise.resolve([]) as never }
    expect(currentPages(platform)).toEqual([{ route: 'pages/a/a' }])
  })

  test("reads the pages from the host's __wxConfig and never from H5's __uniRoutes", () => {
    const { appPages } = platformFor('mp-weixin')
    setGlobal('__uniRoutes', [{ path: '/pages/h5/h5' }])
    expect(appPages()).toBeUndefined()
    setGlobal('__wxConfig', { pages: ['pages/a/a'], tabBar: { list: [{ pagePath: 'pages/a/a' }] } })
    expect(appPages()).toEqual({ pages: ['pages/a/a'], tabBar: ['pages/a/a'] })
  })

  test('a fail that carries a status is a network failure there (only Alipay answers HTTP through fail)', async () => {
    const { transmit } = platformFor('mp-weixin')
    const platform = {
      ...uniLike(),
      request: (o: PlatformRequestOptions) => {
        o.fail?.({ errMsg: 'request:fail', statusCode: 401 })
        return undefined
      },
    }
    const req = { url: 'https://api.test/x', method: 'GET', header: {} }
    await expect(transmit(platform, 'request', req, { url: req.url, timeout: 1000 })).rejects.toMatchObject({
      name: 'NetworkError',
    })
  })
})

describe('a uni build for Alipay (mp-alipay)', () => {
  test('knows its host, and takes a fail with an HTTP status as the response', async () => {
    const { loginProvider, transmit } = platformFor('mp-alipay')
    expect(loginProvider()).toBe('alipay')
    const platform = {
      ...uniLike(),
      request: (o: PlatformRequestOptions) => {
        o.fail?.({ errMsg: 'request:fail', statusCode: 401, data: {} })
        return undefined
      },
    }
    const req = { url: 'https://api.test/x', method: 'GET', header: {} }
    await expect(transmit(platform, 'request', req, { url: req.url, timeout: 1000 })).resolves.toMatchObject({
      statusCode: 401,
    })
  })
})

describe('a uni build for H5', () => {
  test('has no host limit and no mini program host, even with a wx global and no document', () => {
    const { hostLimit, loginProvider } = platformFor('h5')
    setGlobal('wx', {})
    expect(loginProvider()).toBeUndefined()
    expect(hostLimit(uniLike())).toBe(Infinity)
  })

  test('wraps uni call by call (its uni is linked per call) and takes the Web Locks', () => {
    const { resolvePlatform } = platformFor('h5')
    const uni = uniLike()
    const request = jest.fn()
    setGlobal('uni', uni)
    setGlobal('navigator', { locks: { request } })
    const platform = resolvePlatform()
    expect(platform).not.toBe(uni)
    platform.lock?.('k', async () => 1)
    expect(request).toHaveBeenCalledTimes(1)
  })

  test('reads the pages from __uniRoutes and never from a __wxConfig', () => {
    const { appPages } = platformFor('h5')
    setGlobal('__wxConfig', { pages: ['pages/wx/wx'] })
    setGlobal('__uniRoutes', [{ path: '/' }, { path: '/pages/a/a', meta: { isTabBar: true } }])
    expect(appPages()).toEqual({ pages: ['/pages/a/a'], tabBar: ['/pages/a/a'] })
  })
})

describe('no uni build (native WeChat, node, another bundler): decided at run time, as before', () => {
  test('the host from its global, 10 calls in a mini program, unlimited with a document', () => {
    const { hostLimit, loginProvider } = platformFor(undefined)
    expect(loginProvider()).toBeUndefined()
    setGlobal('wx', {})
    expect(loginProvider()).toBe('weixin')
    expect(hostLimit(uniLike())).toBe(10)
    setGlobal('document', {})
    expect(hostLimit(uniLike())).toBe(Infinity)
  })

  test('uni is wrapped and the Web Locks are taken when there are some', () => {
    const { resolvePlatform } = platformFor(undefined)
    const uni = uniLike()
    setGlobal('uni', uni)
    setGlobal('navigator', { locks: { request: jest.fn() } })
    const platform = resolvePlatform()
    expect(platform).not.toBe(uni)
    expect(typeof platform.lock).toBe('function')
  })
})

describe('the host slot queue', () => {
  /** The requester and the scripted platform as a build for `target` loads them. */
  function requesterFor(target: string) {
    process.env.UNI_PLATFORM = target
    try {
      let loaded: {
        request: typeof import('../../src/utils/request')
        scripted: typeof import('../../src/testing/scripted-platform')
      }
      jest.isolateModules(() => {
        loaded = {
          request: require('../../src/utils/request'),
          scripted: require('../../src/testing/scripted-platform'),
        }
      })
      // biome-ignore lint/style/noNonNullAssertion: set inside isolateModules
      return loaded!
    } finally {
      delete process.env.UNI_PLATFORM
    }
  }

  test('an H5 build has none: every call goes out at once, whatever maxConcurrent says', async () => {
    const { request, scripted } = requesterFor('h5')
    const platform = scripted.createScriptedPlatform()
    const requester = request.createRequest({ platform, maxConcurrent: 3 })
    const results = Array.from({ length: 7 }, (_, i) => requester.get(`https://x.test/${i}`))
    await Promise.resolve()
    expect(platform.pending()).toHaveLength(7)
    for (const call of platform.pending()) call.respond({ statusCode: 200 })
    expect((await Promise.all(results)).map((r) => r.statusCode)).toEqual(Array(7).fill(200))
  })

  test('a mini program build keeps it: at most maxConcurrent calls out, the rest as slots free', async () => {
    const { request, scripted } = requesterFor('mp-weixin')
    const platform = scripted.createScriptedPlatform()
    const requester = request.createRequest({ platform, maxConcurrent: 3 })
    const results = Array.from({ length: 7 }, (_, i) => requester.get(`https://x.test/${i}`))
    await Promise.resolve()
    expect(platform.pending()).toHaveLength(3)
    while (platform.pending().length) {
      platform.pending()[0]?.respond({ statusCode: 200 })
      for (let i = 0; i < 5; i++) await Promise.resolve()
    }
    expect((await Promise.all(results)).map((r) => r.statusCode)).toEqual(Array(7).fill(200))
    expect(platform.calls).toHaveLength(7)
  })
})

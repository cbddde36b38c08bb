/**
 * The login journey on each host profile: the app's pages where the host tells them, a clear error
 * at installAuth where it does not; silent login told the provider, its code got on demand.
 */
import { type AuthOptions, createAuth, type InstallOptions, installAuth, type SilentLogin } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime, type HostName, type MiniProgramRuntime } from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const PAGES = pagesJson.pages.map((p) => `/${p.path}`)
const TABS = pagesJson.tabBar.list.map((t) => `/${t.pagePath}`)

let uninstall: (() => void) | undefined
afterEach(() => {
  uninstall?.()
  uninstall = undefined
})

/** A runtime for `host` with its globals installed, a token server behind it, a signed-in session. */
function boot(host: HostName, auth: Partial<AuthOptions> = {}) {
  const server = createTokenServer()
  const runtime = createMiniProgramRuntime({ pagesJson, host, handler: (call) => server.handle(call) })
  uninstall = runtime.install()
  const session = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL }, ...auth })
  return { runtime, server, auth: session, request: createRequest({ baseURL: BASE, auth: session }) }
}

const settle = async (runtime: MiniProgramRuntime) => {
  for (let i = 0; i < 5; i++) await runtime.flush()
}

describe('the requester on each host, as uni delivers it', () => {
  test.each(['alipay', 'toutiao', 'baidu', 'qq', 'harmony', 'kuaishou', 'jd', 'lark', 'xhs'] as const)(
    'on %s, ten requests on an expired token make one refresh and all succeed',
    async (host) => {
      const { auth, server, request } = boot(host)
      auth.signIn(server.tokensFor(1))
      server.accessExpired = true
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/r/${i}`)))
      expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
      expect(server.refreshCalls).toBe(1)
    },
  )

  test('on Alipay a 401 arrives through fail, and is still an HTTP answer (HTTPError), not a network error', async () => {
    const { request, runtime } = boot('alipay')
    runtime.handler = () => ({ statusCode: 403, data: { code: 'FORBIDDEN' } })
    await expect(request.get('/admin', { auth: false })).rejects.toMatchObject({
      name: 'HTTPError',
      response: { statusCode: 403, data: { code: 'FORBIDDEN' } },
    })
  })

  test("on Baidu, through uni, a timed-out request reaches the module as a network error: its errMsg reads 'request:ok'", async () => {
    const { request, runtime } = boot('baidu')
    runtime.handler = () => ({ fail: 'request:fail timeout' })
    await expect(request.get('/slow', { auth: false, retry: 0 })).rejects.toMatchObject({
      name: 'NetworkError',
      message: expect.stringContaining('request:ok'),
    })
  })
})

describe("the app's pages", () => {
  test.each(['weixin', 'qq'] as const)('%s tells them: installAuth needs no pages option', (host) => {
    const { auth } = boot(host)
    expect(() => installAuth(auth)).not.toThrow()
  })

  test.each(['alipay', 'toutiao', 'baidu', 'harmony', 'kuaishou', 'jd', 'lark', 'xhs'] as const)(
    '%s tells none: installAuth throws, naming pages and tabBarPages',
    (host) => {
      const { auth } = boot(host)
      expect(() => installAuth(auth)).toThrow(
        new TypeError('uni-session: the host does not tell the pages: pass `pages` and `tabBarPages` to createAuth()'),
      )
    },
  )

  test('pages without tabBarPages is not enough where the host tells neither', () => {
    const { auth } = boot('alipay', { pages: PAGES })
    expect(() => installAuth(auth)).toThrow('`tabBarPages`')
  })

  test('on Alipay, with pages and tabBarPages given, a signed-out switch to a protected tab comes back to it after login', async () => {
    const { runtime, auth, server } = boot('alipay', { pages: PAGES, tabBarPages: TABS })
    installAuth(auth, { needLogin: ['/pages/me/me'] })
    await runtime.launch('/pages/index/index')
    const switched = runtime.api.switchTab({ url: '/pages/me/me' })?.catch((e: unknown) => e)
    await settle(runtime)
    await expect(switched).resolves.toEqual({ errMsg: 'switchTab:fail login required' })
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    auth.signIn(server.tokensFor(1))
    await auth.returnAfterLogin()
    await settle(runtime)
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect(runtime.navigations.slice(-1)[0]).toMatchObject({ api: 'switchTab', url: '/pages/me/me', ok: true })
  })

  test("given pages win over the host's: a return target outside them goes home", async () => {
    const { runtime, auth, server } = boot('weixin', { pages: ['/pages/index/index', '/pages/login/login'] })
    installAuth(auth)
    await runtime.launch('/pages/order/detail?id=1')
    await auth.redirectToLogin()
    await settle(runtime)
    auth.signIn(server.tokensFor(1))
    await auth.returnAfterLogin()
    await settle(runtime)
    expect(runtime.stack()).toEqual(['/pages/index/index'])
  })
})

describe('silent login per host', () => {
  /** Boots signed out with a silentLogin that records what it got and signs in with the token server. */
  async function silent(
    host: HostName,
    use: (context: SilentLogin) => Promise<unknown>,
    setup?: (r: MiniProgramRuntime) => void,
  ) {
    const world = boot(host, { pages: PAGES, tabBarPages: TABS })
    setup?.(world.runtime)
    const seen: Array<{ provider?: string; result?: unknown; error?: unknown }> = []
    const errors: unknown[] = []
    const options: InstallOptions = {
      silentLogin: async (context) => {
        const entry: (typeof seen)[number] = { provider: context.provider }
        seen.push(entry)
        try {
          entry.result = await use(context)
        } catch (e) {
          entry.error = e
          throw e
        }
        return world.server.tokensFor(1)
      },
      onSilentLoginError: (e) => errors.push(e),
    }
    installAuth(world.auth, options)
    await world.runtime.launch()
    await settle(world.runtime)
    return { ...world, seen, errors }
  }

  test.each([
    ['weixin', 'weixin'],
    ['alipay', 'alipay'],
    ['toutiao', 'toutiao'],
    ['baidu', 'baidu'],
    ['qq', 'qq'],
    // uni-mp-<host> dist/uni.api.esm.js getProvider: huawei (has.canIUse('login')), kuaishou, jd, toutiao (Lark), xhs.
    ['harmony', 'huawei'],
    ['kuaishou', 'kuaishou'],
    ['jd', 'jd'],
    ['lark', 'toutiao'],
    ['xhs', 'xhs'],
  ] as const)(
    "on %s the callback is told the provider %s, and login() gives the host's code",
    async (host, provider) => {
      const { seen, auth, runtime } = await silent(host, (c) => c.login())
      expect(seen).toEqual([{ provider, result: expect.objectContaining({ code: 'code-1' }) }])
      expect(auth.isSignedIn()).toBe(true)
      expect(runtime.account.loginBoxes).toBe(0)
    },
  )

  test('login() asks the platform only when called: a callback that does not call it gets no code handed out', async () => {
    const { runtime, auth } = await silent('weixin', async () => 'own')
    expect(runtime.loginCodes).toEqual([])
    expect(auth.isSignedIn()).toBe(true)
  })

  test('an app that calls uni.login itself, ignoring the context, keeps working', async () => {
    let runtime: MiniProgramRuntime | undefined
    const own = await silent(
      'weixin',
      () => new Promise((resolve, reject) => runtime?.api.login({ success: resolve, fail: reject })),
      (r) => {
        runtime = r
      },
    )
    expect(own.seen[0]?.result).toMatchObject({ code: 'code-1' })
    expect(own.auth.isSignedIn()).toBe(true)
  })

  test('on Douyin, a user not logged in to Douyin gets only an anonymous code, silently: no login box', async () => {
    const { seen, runtime } = await silent(
      'toutiao',
      (c) => c.login(),
      (r) => {
        r.account.hostLoggedIn = false
      },
    )
    expect(seen[0]?.result).toMatchObject({ anonymousCode: 'anonymous-1', isLogin: false })
    expect(seen[0]?.result).not.toHaveProperty('code')
    expect([runtime.account.loginBoxes, runtime.loginCodes]).toEqual([0, []])
  })

  test('a failing platform login rejects login(), and the silent login is reported as failed', async () => {
    const { seen, errors, auth } = await silent(
      'alipay',
      (c) => c.login(),
      (r) => {
        r.loginFails = true
      },
    )
    expect(seen[0]?.error).toEqual({ errMsg: 'login:fail 用户取消授权' })
    expect(errors).toHaveLength(1)
    expect(auth.isSignedIn()).toBe(false)
  })
})

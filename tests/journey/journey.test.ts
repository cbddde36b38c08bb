/**
 * The login journey on a faithful mini program runtime: the prompt, the way to
 * the login page and back, the route guard, silent login.
 */
import { createAuth, type DebugInfo, type InstallOptions, installAuth } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimeOptions } from '../../src/testing/mp-runtime'
import type { ScriptedCall } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer, type TokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const LOGIN = '/pages/login/login'
const HOME = '/pages/index/index'

interface World {
  runtime: MiniProgramRuntime
  server: TokenServer
  auth: ReturnType<typeof createAuth>
  request: ReturnType<typeof createRequest>
  debug: DebugInfo[]
  uninstall: () => void
}

let world: World | undefined
afterEach(() => {
  world?.uninstall()
  world = undefined
})

/** A runtime from the app's pages.json, a token server behind it, a session and a requester. */
async function boot(
  options: {
    install?: InstallOptions | false | ((w: Pick<World, 'runtime' | 'request'>) => InstallOptions)
    signedIn?: boolean
    at?: string
    runtime?: Partial<RuntimeOptions>
    handler?: (call: ScriptedCall, server: TokenServer) => ReturnType<TokenServer['handle']> | 'default'
  } = {},
): Promise<World> {
  const server = createTokenServer()
  const runtime = createMiniProgramRuntime({
    pagesJson,
    handler: (call) => {
      const custom = options.handler?.(call, server)
      return custom === 'default' || custom === undefined ? server.handle(call) : custom
    },
    ...options.runtime,
  })
  const uninstall = runtime.install()
  const debug: DebugInfo[] = []
  const auth = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL }, debug: (d) => debug.push(d) })
  if (options.signedIn !== false) auth.signIn(server.tokensFor(1))
  const request = createRequest({ baseURL: BASE, auth })
  const install = options.install
  if (install !== false)
    installAuth(auth, typeof install === 'function' ? install({ runtime, request }) : (install ?? {}))
  await runtime.launch(options.at ?? HOME)
  world = { runtime, server, auth, request, debug, uninstall }
  return world
}

const settle = async (w: World) => {
  for (let i = 0; i < 5; i++) await w.runtime.flush()
}

describe('the prompt on credentials_error', () => {
  test('50 requests failing at once on a rejected refresh show one modal, save the route once and open the login page once', async () => {
    const w = await boot({ at: '/pages/order/detail?id=7' })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    const setItem = jest.spyOn(w.runtime.api, 'setStorageSync')
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => w.request.get('/orders').catch((e) => e)))
    await settle(w)
    expect(outcomes.every((e) => e.name === 'CredentialsError')).toBe(true)
    expect(w.runtime.modals).toHaveLength(1)
    expect(w.runtime.modals[0]?.options.title).toBe('登录已过期')
    expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(1)
    expect(setItem.mock.calls.filter(([key]) => key === 'uni-session:return')).toHaveLength(1)
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=7', LOGIN])
  })

  test('a session replaced on another device shows the "signed in on another device" text', async () => {
    const w = await boot()
    w.server.accessExpired = true
    w.server.refreshMode = 'token_updated'
    await Promise.all(Array.from({ length: 50 }, () => w.request.get('/x').catch(() => undefined)))
    await settle(w)
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
  })

  test("a Chinese app on an English phone prompts in Chinese: the system language is not the app's", async () => {
    // uni.getLocale() on mp-weixin answers the phone's language until the app calls setLocale.
    const w = await boot({ runtime: { locale: 'en' } })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['登录已过期'])
  })

  test('the texts follow a locale the app chose with uni.setLocale', async () => {
    const w = await boot()
    w.runtime.api.setLocale('en')
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals[0]?.options).toMatchObject({
      title: 'Login expired',
      confirmText: 'Sign in',
      cancelText: 'Cancel',
    })
  })

  test('the texts follow the locale function the app passes, asked at each prompt', async () => {
    let locale = 'zh-Hans'
    const w = await boot({ runtime: { locale: 'en' }, install: { locale: () => locale } })
    locale = 'en-US'
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['Login expired'])
  })

  test('overridden texts are used, and a locale without texts falls back to Chinese', async () => {
    const w = await boot({
      install: { locale: 'fr', texts: { fr: { refresh_token_expired: { title: 'Session expirée' } } } },
    })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals[0]?.options).toMatchObject({ title: 'Session expirée', confirmText: '去登录' })
  })

  test('cancel keeps the user on the page, signed out, and public requests keep working', async () => {
    const w = await boot({ runtime: { modalAnswer: false } })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME])
    expect(w.auth.isSignedIn()).toBe(false)
    await expect(w.request.get('/articles', { auth: false })).rejects.toMatchObject({ name: 'HTTPError' })
    w.runtime.handler = () => ({ statusCode: 200, data: [] })
    await expect(w.request.get('/articles', { auth: false })).resolves.toMatchObject({ statusCode: 200 })
  })

  test('no modal while the login page is showing', async () => {
    const w = await boot({ at: LOGIN })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(0)
  })

  test('prompt: false shows no modal and does not navigate', async () => {
    const w = await boot({ install: { prompt: false } })
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(0)
    expect(w.runtime.stack()).toEqual([HOME])
  })

  test('installAuth called twice for one session shows one modal per dead session', async () => {
    const w = await boot()
    installAuth(w.auth)
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(1)
    expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(1)
  })

  test("a second installAuth for one session returns the first one's uninstall, which removes the prompt and the guard", async () => {
    const w = await boot({ signedIn: false, install: false })
    const off = installAuth(w.auth, { needLogin: ['/pages/me/me'] })
    expect(installAuth(w.auth, { needLogin: [/./] })).toBe(off)
    off()
    w.runtime.api.switchTab({ url: '/pages/me/me' })
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/me/me'])
    w.auth.signIn(w.server.tokensFor(1))
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(0)
  })

  test('installAuth after uninstalling installs again, once', async () => {
    const w = await boot({ install: false })
    installAuth(w.auth)()
    installAuth(w.auth)
    installAuth(w.auth)
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(1)
  })

  test('a showModal that throws sends the user to the login page, and the next dead session still prompts', async () => {
    const w = await boot({ at: '/pages/order/detail?id=7' })
    const showModal = w.runtime.api.showModal
    w.runtime.api.showModal = () => {
      throw new Error('showModal:fail not ready')
    }
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=7', LOGIN])
    w.runtime.api.showModal = showModal
    await w.runtime.api.navigateBack()
    w.auth.signIn(w.server.tokensFor(w.server.generation))
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(1)
  })

  test('a network failure of the refresh shows no modal', async () => {
    const w = await boot()
    w.server.accessExpired = true
    w.server.refreshMode = 'network'
    await w.request.get('/x').catch(() => undefined)
    await settle(w)
    expect(w.runtime.modals).toHaveLength(0)
    expect(w.auth.isSignedIn()).toBe(true)
  })
})

describe('back to where they were', () => {
  const loginAndReturn = async (w: World) => {
    w.auth.signIn(w.server.tokensFor(w.server.generation))
    await w.auth.returnAfterLogin()
    await settle(w)
  }

  test('returning to the page right below the login page uses navigateBack', async () => {
    const w = await boot({ signedIn: false, at: '/pages/order/detail?id=7' })
    await w.auth.redirectToLogin()
    await settle(w)
    await loginAndReturn(w)
    expect(w.runtime.navigations.map((n) => n.api)).toEqual(['navigateTo', 'navigateBack'])
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=7'])
  })

  test('a tabBar page is returned to with switchTab, and its query is restored from storage', async () => {
    const w = await boot({ signedIn: false })
    await w.auth.redirectToLogin('/pages/me/me?from=ad')
    await settle(w)
    await loginAndReturn(w)
    expect(w.runtime.navigations.slice(-1)[0]).toMatchObject({ api: 'switchTab', ok: true })
    expect(w.runtime.stack()).toEqual(['/pages/me/me'])
    expect(w.auth.takeReturnQuery('/pages/me/me')).toEqual({ from: 'ad' })
    expect(w.auth.takeReturnQuery('/pages/me/me')).toBeUndefined()
  })

  test('with a full page stack the login page opens with redirectTo and the return uses redirectTo', async () => {
    const w = await boot({ signedIn: false })
    for (let i = 0; i < 9; i++) w.runtime.api.navigateTo?.({ url: `/pages/order/detail?id=${i}` })
    await settle(w)
    expect(w.runtime.stack()).toHaveLength(10)
    await w.auth.redirectToLogin()
    await settle(w)
    expect(w.runtime.stack().slice(-1)).toEqual([LOGIN])
    expect(w.runtime.stack()).toHaveLength(10)
    await loginAndReturn(w)
    expect(w.runtime.navigations.slice(-1)[0]).toMatchObject({ api: 'redirectTo', ok: true })
    expect(w.runtime.stack().slice(-1)).toEqual(['/pages/order/detail?id=8'])
  })

  test('a target that is not right below the login page is opened with redirectTo, query kept', async () => {
    const w = await boot({ signedIn: false })
    await w.auth.redirectToLogin('/pages/order/detail?id=42&tab=items')
    await settle(w)
    await loginAndReturn(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=42&tab=items'])
  })

  test('the saved route survives a restart (it is in storage)', async () => {
    const w = await boot({ signedIn: false, at: '/pages/order/detail?id=3' })
    await w.auth.redirectToLogin()
    await settle(w)
    const again = createAuth({ platform: w.runtime.api, refresh: { url: w.server.refreshURL } })
    again.signIn(w.server.tokensFor(1))
    await again.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=3'])
  })

  test('concurrent returnAfterLogin calls make one navigation', async () => {
    const w = await boot({ signedIn: false })
    await w.auth.redirectToLogin('/pages/order/detail?id=1')
    await settle(w)
    const before = w.runtime.navigations.length
    await Promise.all([w.auth.returnAfterLogin(), w.auth.returnAfterLogin(), w.auth.returnAfterLogin()])
    await settle(w)
    expect(w.runtime.navigations.length - before).toBe(1)
  })

  test('concurrent redirectToLogin calls make one navigation', async () => {
    const w = await boot({ signedIn: false })
    await Promise.all([w.auth.redirectToLogin(), w.auth.redirectToLogin(), w.auth.redirectToLogin()])
    await settle(w)
    expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(1)
  })

  test.each([
    ['an unusable target', 'javascript:alert(1)'],
    ['the login page as target', LOGIN],
  ])('redirectToLogin with %s drops the target an abandoned earlier episode saved', async (_, target) => {
    const w = await boot({ signedIn: false, at: '/pages/order/detail?id=1' })
    await w.auth.redirectToLogin() // episode 1 saves the order page...
    await settle(w)
    await w.runtime.api.reLaunch({ url: HOME }) // ...and is abandoned
    await w.auth.redirectToLogin(target) // episode 2 has no usable target
    await settle(w)
    await loginAndReturn(w)
    expect(w.runtime.stack()).toEqual([HOME])
  })

  test('redirectToLogin with a relative target saves the page it names from the current page', async () => {
    const w = await boot({ signedIn: false, at: '/pages/order/detail?id=1' })
    await w.auth.redirectToLogin('../me/me')
    await settle(w)
    await loginAndReturn(w)
    expect(w.runtime.stack().slice(-1)).toEqual(['/pages/me/me'])
  })

  test('a navigation to the login page that another interceptor cancels does not leave the journey stuck', async () => {
    const w = await boot({ signedIn: false })
    let cancel = true
    w.runtime.api.addInterceptor?.('navigateTo', { invoke: () => !cancel })
    const first = w.auth.redirectToLogin()
    await settle(w)
    await jest.advanceTimersByTimeAsync(3000)
    await first
    cancel = false
    await w.auth.redirectToLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
  })

  test('a tabBar query an earlier return left untaken is not handed to a later visit of that tab', async () => {
    const w = await boot({ signedIn: false })
    await w.auth.redirectToLogin('/pages/me/me?from=ad')
    await settle(w)
    await loginAndReturn(w) // the tab page does not take its query this time
    w.auth.signOut()
    await w.auth.redirectToLogin('/pages/order/detail?id=2')
    await settle(w)
    await loginAndReturn(w)
    expect(w.auth.takeReturnQuery('/pages/me/me')).toBeUndefined()
  })

  test('with nothing saved the user lands on the home page', async () => {
    const w = await boot({ signedIn: false, at: LOGIN })
    await loginAndReturn(w)
    expect(w.runtime.stack()).toEqual([HOME])
  })

  const hostile = [
    'https://evil.example/pages/index/index',
    '//evil.example/x',
    'javascript:alert(1)',
    '../../../etc/passwd',
    '/pages/../secret/page',
    '/pages/unknown/page',
    '/pages/order/detail/../../login/login',
    '%2e%2e%2fpages%2fx',
    '/pages/order/detail%3Fid%3D1',
    'weixin://dl/business',
    '/pages/order/detail\nSet-Cookie: x',
    '',
  ]
  test.each(hostile)('a hostile return target (%j) lands on the home page', async (target) => {
    const w = await boot({ signedIn: false, at: LOGIN })
    w.runtime.storage.set('uni-session:return', target)
    await loginAndReturn(w)
    expect(w.runtime.stack()).toEqual([HOME])
  })

  test.each([['not a route'], [42], [{ path: 7 }], [{ path: '/pages/order/detail', query: { id: '1' } }]])(
    'a saved route that fails to parse (%j) is dropped for the home page, not thrown',
    async (saved) => {
      const w = await boot({ signedIn: false, at: LOGIN })
      w.runtime.storage.set('uni-session:return', saved)
      await loginAndReturn(w)
      expect(w.runtime.stack()[0]).toBe(HOME)
    },
  )
})

describe('the route guard', () => {
  const needLogin = ['/pages/me/me', /^\/pages\/order\//]

  test('navigateTo a protected page while signed out goes to the login page with the target saved', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    w.runtime.api.navigateTo?.({ url: '/pages/order/detail?id=9' })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=9'])
  })

  test('a relative URL is resolved before it is checked', async () => {
    const w = await boot({ signedIn: false, install: { needLogin }, at: '/pages/index/index' })
    w.runtime.api.navigateTo?.({ url: '../order/detail?id=2' })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
  })

  test.each([
    '/pages/order/detail?q=100%',
    '/pages/order/detail?q=%E4',
    '//pages/order/detail',
    '/pages/order/detail/',
    '/pages/./order/detail',
    '/pages//order/detail',
    '/pages/me/me/',
    '//pages/me/me',
  ])('a guarded navigation to %j sends a signed-out user to login, never to the page', async (url) => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    const api = url.includes('/me/') ? 'switchTab' : 'navigateTo'
    w.runtime.api[api]({ url, fail: () => undefined })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
    expect(w.runtime.events.filter((e) => /order\/detail|me\/me/.test(e))).toEqual([])
  })

  test('the guard keeps the return target of a query that cannot be decoded, and returns to it as written', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    w.runtime.api.navigateTo({ url: '/pages/order/detail?id=7&q=100%', fail: () => undefined })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=7&q=100%'])
  })

  test('a guarded navigation to a non-canonical URL returns to that page after login', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    w.runtime.api.navigateTo({ url: '//pages/./order/detail/?id=5', fail: () => undefined })
    await settle(w)
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=5'])
  })

  test('a guarded navigateTo with a relative URL returns the user to that page after login', async () => {
    const w = await boot({ signedIn: false, install: { needLogin }, at: '/pages/index/index' })
    w.runtime.api.navigateTo({ url: '../order/detail?id=3', fail: () => undefined })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=3'])
  })

  test('a guarded navigateTo calls fail and complete with "navigateTo:fail login required"', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    const calls: unknown[] = []
    w.runtime.api.navigateTo({
      url: '/pages/order/detail?id=1',
      success: (res) => calls.push(['success', res]),
      fail: (err) => calls.push(['fail', err]),
      complete: (res) => calls.push(['complete', res]),
    })
    await settle(w)
    expect(calls).toEqual([
      ['fail', { errMsg: 'navigateTo:fail login required' }],
      ['complete', { errMsg: 'navigateTo:fail login required' }],
    ])
  })

  test.each(['navigateTo', 'redirectTo', 'reLaunch', 'switchTab'] as const)(
    'a guarded uni.%s in promise style rejects with its errMsg instead of hanging',
    async (api) => {
      const w = await boot({ signedIn: false, install: { needLogin } })
      const url = api === 'switchTab' ? '/pages/me/me' : '/pages/order/detail?id=1'
      const outcome = w.runtime.api[api]({ url })?.then(
        () => 'resolved',
        (e: unknown) => e,
      )
      await settle(w)
      await expect(Promise.race([outcome, 'still pending'])).resolves.toEqual({ errMsg: `${api}:fail login required` })
    },
  )

  test('returnAfterLogin while still signed out settles on the home page instead of hanging on the guard', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    await w.auth.redirectToLogin('/pages/order/detail?id=1')
    await settle(w)
    let settled = false
    w.auth.returnAfterLogin().then(() => {
      settled = true
    })
    await settle(w)
    expect(settled).toBe(true)
    expect(w.runtime.stack()).toEqual([HOME])
  })

  test('under wx, which has no interceptors, the guard wraps the navigation methods', async () => {
    const runtime = createMiniProgramRuntime({ pagesJson })
    const uninstall = runtime.install()
    try {
      const { addInterceptor: _, ...wxApi } = runtime.api
      const auth = createAuth({ platform: wxApi, refresh: { url: 'https://x/r' } })
      installAuth(auth, { needLogin })
      await runtime.launch(HOME)
      wxApi.navigateTo?.({ url: '/pages/order/detail?id=9' })
      await runtime.flush()
      expect(runtime.stack()).toEqual([HOME, LOGIN])
      wxApi.navigateBack?.({})
      await runtime.flush()
      wxApi.navigateTo?.({ url: '/pages/login/login' })
      await runtime.flush()
      expect(runtime.stack()).toEqual([HOME, LOGIN])
    } finally {
      uninstall()
    }
  })

  test.each([
    ['navigateTo', '/pages/order/detail?id=1'],
    ['redirectTo', '/pages/order/detail?id=1'],
    ['reLaunch', '/pages/order/detail?id=1'],
    ['switchTab', '/pages/me/me'],
  ] as const)(
    'under wx, %s without callbacks returns a promise that rejects when guarded and resolves when allowed',
    async (api, url) => {
      const runtime = createMiniProgramRuntime({ pagesJson })
      const uninstall = runtime.install()
      try {
        const { addInterceptor: _, ...wxApi } = runtime.api
        const auth = createAuth({ platform: wxApi, refresh: { url: 'https://x/r' } })
        installAuth(auth, { needLogin })
        await runtime.launch(HOME)
        const stopped = wxApi[api]({ url })
        expect(stopped).toBeInstanceOf(Promise)
        await expect(stopped).rejects.toEqual({ errMsg: `${api}:fail login required` })
        await runtime.flush()
        expect(runtime.stack()).toEqual([HOME, LOGIN])
        auth.signIn({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600 })
        await expect(wxApi[api]({ url })).resolves.toEqual({ errMsg: `${api}:ok` })
        const success = jest.fn()
        wxApi[api]({ url, success })
        await runtime.flush()
        expect(success).toHaveBeenCalledWith({ errMsg: `${api}:ok` })
      } finally {
        uninstall()
      }
    },
  )

  test('under wx, a guarded method called with callbacks returns what WeChat returns (nothing), not a promise', async () => {
    const runtime = createMiniProgramRuntime({ pagesJson })
    const uninstall = runtime.install()
    try {
      const { addInterceptor: _, ...wxApi } = runtime.api
      const auth = createAuth({ platform: wxApi, refresh: { url: 'https://x/r' } })
      installAuth(auth, { needLogin })
      await runtime.launch(HOME)
      const fail = jest.fn()
      expect(wxApi.navigateTo?.({ url: '/pages/order/detail?id=1', fail })).toBeUndefined()
      await runtime.flush()
      expect(fail).toHaveBeenCalledWith({ errMsg: 'navigateTo:fail login required' })
      auth.signIn({ accessToken: 'a', refreshToken: 'r', expiresIn: 3600 })
      const success = jest.fn()
      expect(wxApi.navigateTo?.({ url: '/pages/order/detail?id=1', success })).toBeUndefined()
      await runtime.flush()
      expect(success).toHaveBeenCalled()
    } finally {
      uninstall()
    }
  })

  test('a URL with a scheme (plugin://) opens no page of this app and is never stopped', async () => {
    const w = await boot({ signedIn: false, install: { needLogin: [/order/] }, at: '/pages/order/detail?id=1' })
    const fail = jest.fn()
    w.runtime.api.navigateTo?.({ url: 'plugin://order-plugin/order', fail })
    await settle(w)
    expect(fail).not.toHaveBeenCalledWith({ errMsg: 'navigateTo:fail login required' })
    expect(w.runtime.navigations.filter((n) => n.url === LOGIN)).toHaveLength(0)
  })

  test('switchTab to a protected tab page while signed out goes to the login page', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    w.runtime.api.switchTab?.({ url: '/pages/me/me' })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
  })

  test('signed in, protected pages open as usual', async () => {
    const w = await boot({ install: { needLogin } })
    w.runtime.api.navigateTo?.({ url: '/pages/order/detail?id=9' })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=9'])
  })

  test('a native tabBar tap bypasses the guard, and the page check in onShow sends the user to log in', async () => {
    const w = await boot({ signedIn: false, install: { needLogin } })
    const { ensureLogin } = await import('../../src/auth')
    w.runtime.definePage('/pages/me/me', { onShow: () => ensureLogin(w.auth) })
    w.runtime.tapTab('/pages/me/me')
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/me/me', LOGIN])
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/me/me'])
  })

  test.each([[42], [null], [{ path: '/x' }]])(
    'a needLogin pattern that is not a string or RegExp (%j) throws naming it',
    (bad) => {
      const runtime = createMiniProgramRuntime({ pagesJson })
      const auth = createAuth({ platform: runtime.api, refresh: { url: 'https://x/r' } })
      expect(() => installAuth(auth, { needLogin: ['/pages/me/me', bad as never] })).toThrow('`needLogin[1]`')
    },
  )
})

describe('back from the background', () => {
  test('an expiring token is refreshed on onShow, before the first request goes out', async () => {
    const w = await boot()
    w.runtime.hideApp()
    jest.setSystemTime(Date.now() + 3590_000)
    w.runtime.showApp()
    await w.request.get('/me')
    expect(w.server.refreshCalls).toBe(1)
    expect(w.server.apiCalls.map((c) => c.token)).toEqual(['at-2'])
  })
})

describe('silent login at launch', () => {
  /** uni.login -> code -> POST /auth/wechat, as an app writes it. */
  const wechatLogin =
    ({ runtime, request }: Pick<World, 'runtime' | 'request'>) =>
    async () => {
      const code = await new Promise<string>((resolve, reject) =>
        runtime.api.login({ success: (r) => resolve(r.code), fail: reject }),
      )
      return (await request.post('/auth/wechat', { code }, { auth: false })).data
    }

  test('five requests made during the silent login wait for it and go out with the new token', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const w = await boot({
      signedIn: false,
      install: (world) => ({
        silentLogin: async () => {
          await gate
          return wechatLogin(world)()
        },
      }),
      handler: (call, server) =>
        call.url.endsWith('/auth/wechat') ? { statusCode: 200, data: server.tokensFor(1) } : 'default',
    })
    expect(w.auth.signingIn).toBe(true)
    const pending = Array.from({ length: 5 }, (_, i) => w.request.get(`/r/${i}`))
    await settle(w)
    expect(w.server.apiCalls).toHaveLength(0)
    release()
    await Promise.all(pending)
    expect(w.server.apiCalls.map((c) => c.token)).toEqual(['at-1', 'at-1', 'at-1', 'at-1', 'at-1'])
    expect(w.runtime.loginCodes).toEqual(['code-1'])
  })

  test('a failed silent login lets public requests through, shows no modal, and is reported', async () => {
    const errors: unknown[] = []
    const w = await boot({
      signedIn: false,
      install: (world) => {
        world.runtime.loginFails = true
        return { silentLogin: wechatLogin(world), onSilentLoginError: (e) => errors.push(e) }
      },
    })
    const res = await w.request.get('/articles', { auth: false }).catch((e) => e)
    await settle(w)
    expect(res.name).toBe('HTTPError') // the token server answers 401 to no token: it went out anonymously
    expect(w.runtime.modals).toHaveLength(0)
    expect(errors).toHaveLength(1)
    expect(w.debug.map((d) => d.type)).toContain('silent_login_failed')
    expect(w.auth.isSignedIn()).toBe(false)
  })

  test('a request that needs a session rejects when the silent login fails', async () => {
    const w = await boot({
      signedIn: false,
      install: (world) => {
        world.runtime.loginFails = true
        return { silentLogin: wechatLogin(world) }
      },
    })
    await expect(w.request.get('/me', { auth: true })).rejects.toMatchObject({ name: 'CredentialsError' })
  })

  /** A silent login that waits for `release()`, then fails or signs in. */
  const gated = (fails: boolean) => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const install = (world: Pick<World, 'runtime' | 'request'>): InstallOptions => ({
      needLogin: ['/pages/me/me', /^\/pages\/order\//],
      silentLogin: async () => {
        await gate
        world.runtime.loginFails = fails
        return wechatLogin(world)()
      },
    })
    return { install, release: () => release() }
  }
  const wechat: Parameters<typeof boot>[0] = {
    signedIn: false,
    handler: (call, server) =>
      call.url.endsWith('/auth/wechat') ? { statusCode: 200, data: server.tokensFor(1) } : 'default',
  }

  test('a protected page opened during a silent login that fails never opens: the user goes to log in', async () => {
    const silent = gated(true)
    const w = await boot({ ...wechat, install: silent.install })
    const outcome = w.runtime.api.navigateTo({ url: '/pages/order/detail?id=4' })?.catch((e: unknown) => e)
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME])
    silent.release()
    await settle(w)
    await expect(outcome).resolves.toEqual({ errMsg: 'navigateTo:fail login required' })
    expect(w.runtime.stack()).toEqual([HOME, LOGIN])
    expect(w.runtime.events.filter((e) => e.startsWith('pages/order'))).toEqual([])
  })

  test('a protected page opened during a silent login that succeeds opens once signed in', async () => {
    const silent = gated(false)
    const w = await boot({ ...wechat, install: silent.install })
    const outcome = w.runtime.api.navigateTo({ url: '/pages/order/detail?id=4' })
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME])
    silent.release()
    await settle(w)
    await expect(outcome).resolves.toEqual({ errMsg: 'navigateTo:ok' })
    expect(w.auth.isSignedIn()).toBe(true)
    expect(w.runtime.stack()).toEqual([HOME, '/pages/order/detail?id=4'])
  })

  test('ensureLogin during a silent login that fails sends the user to log in once it has failed', async () => {
    const silent = gated(true)
    const w = await boot({ ...wechat, install: silent.install, at: '/pages/me/me' })
    const { ensureLogin } = await import('../../src/auth')
    expect(ensureLogin(w.auth)).toBe(true)
    silent.release()
    await settle(w)
    expect(w.runtime.stack()).toEqual(['/pages/me/me', LOGIN])
  })

  test('no silent login when the app launches signed in', async () => {
    const silentLogin = jest.fn()
    await boot({ install: { silentLogin } })
    expect(silentLogin).not.toHaveBeenCalled()
  })
})

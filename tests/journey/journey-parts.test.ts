/**
 * The journey in parts (issue 22.2, 20.10): an app keeps its own guard, its own way to its login
 * page (`?redirect=`), its own prompt, what Cancel does, no login page where it signs in silently;
 * the fallback home is never the login page.
 */
import { createAuth, type InstallOptions, installAuth, type JourneyOptions } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimeOptions } from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer, type TokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const LOGIN = '/pages/login/login'
const HOME = '/pages/index/index'
const DETAIL = '/pages/order/detail'

interface World {
  runtime: MiniProgramRuntime
  server: TokenServer
  auth: ReturnType<typeof createAuth>
  request: ReturnType<typeof createRequest>
}
const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

async function boot(
  o: {
    journey?: JourneyOptions
    install?: InstallOptions
    signedIn?: boolean
    at?: string
    runtime?: Partial<RuntimeOptions>
  } = {},
): Promise<World> {
  const server = createTokenServer()
  const runtime = createMiniProgramRuntime({ pagesJson, handler: (call) => server.handle(call), ...o.runtime })
  cleanups.push(runtime.install())
  const auth = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL }, ...o.journey })
  if (o.signedIn !== false) auth.signIn(server.tokensFor(1))
  const request = createRequest({ baseURL: BASE, auth })
  cleanups.push(installAuth(auth, o.install ?? {}))
  await runtime.launch(o.at ?? HOME)
  return { runtime, server, auth, request }
}
const settle = async (w: World) => {
  for (let i = 0; i < 5; i++) await w.runtime.flush()
}
const expire = async (w: World) => {
  w.server.accessExpired = true
  w.server.refreshMode = 'reject'
  await w.request.get('/x').catch(() => undefined)
  await settle(w)
}

describe('the way to the login page', () => {
  test("the app's navigateToLogin gets the page to come back to, and can add the ?redirect= its login page reads", async () => {
    const calls: Array<{ target?: string; loginPage: string }> = []
    let w: World | undefined
    w = await boot({
      at: `${DETAIL}?id=7`,
      journey: {
        navigateToLogin: (c) => {
          calls.push(c)
          w?.runtime.api.navigateTo({ url: `${c.loginPage}?redirect=${encodeURIComponent(c.target ?? '')}` })
        },
      },
    })
    await expire(w)
    expect(calls).toEqual([{ target: `${DETAIL}?id=7`, loginPage: LOGIN }])
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=7`, `${LOGIN}?redirect=${encodeURIComponent(`${DETAIL}?id=7`)}`])
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=7`])
  })

  test("an app's navigateToLogin that never settles (another interceptor refused the navigation) does not hold the journey: the next session end goes to login again", async () => {
    let calls = 0
    const w = await boot({
      journey: {
        // What uni's promise-style `uni.navigateTo` returns when an interceptor's invoke returns false
        // (@dcloudio/uni-mp-weixin dist/uni.api.esm.js, `queue`): a thenable that never settles.
        navigateToLogin: () => {
          calls++
          // biome-ignore lint/suspicious/noThenProperty: uni's own never-settling thenable, as it returns it
          return { then() {}, catch() {} }
        },
      },
    })
    let first = false
    w.auth.redirectToLogin().then(() => {
      first = true
    })
    await jest.advanceTimersByTimeAsync(3000)
    expect(first).toBe(true)
    const again = w.auth.redirectToLogin()
    await jest.advanceTimersByTimeAsync(3000)
    await again
    expect(calls).toBe(2)
  })

  test.each([
    [
      'throws',
      () => {
        throw new Error('no login page here')
      },
    ],
    ['rejects', () => Promise.reject(new Error('no login page here'))],
  ])(
    "an app's navigateToLogin that %s is told to debug as navigation_failed, leaves no unhandled rejection behind the prompt, and the next session end tries again",
    async (_, navigateToLogin) => {
      const unhandled: unknown[] = []
      const onUnhandled = (e: unknown) => unhandled.push(e)
      process.on('unhandledRejection', onUnhandled)
      cleanups.push(() => process.off('unhandledRejection', onUnhandled))
      const heard: string[] = []
      let calls = 0
      const w = await boot({
        journey: {
          navigateToLogin: () => {
            calls++
            return navigateToLogin()
          },
        },
      })
      // debug is createAuth's; boot's createAuth has none: listen through a second session on the same runtime
      const auth = createAuth({
        platform: w.runtime.api,
        refresh: { url: w.server.refreshURL },
        storageKey: 'other',
        navigateToLogin: () => {
          calls++
          return navigateToLogin()
        },
        debug: (d) => heard.push(d.type),
      })
      await expect(auth.redirectToLogin()).resolves.toBeUndefined()
      expect(heard).toEqual(['navigation_failed'])
      // The prompt's Confirm (the runtime confirms) on the first session: its redirectToLogin fails the
      // same way, where the app cannot catch it.
      await expire(w)
      // Node tells of unhandled rejections once the microtasks have run out: a real turn of the event loop.
      await new Promise((r) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(r))
      expect(unhandled).toEqual([])
      expect(calls).toBe(2)
      await expect(auth.redirectToLogin()).resolves.toBeUndefined()
      expect(calls).toBe(3)
    },
  )

  test("returnAfterLogin goes to the ?redirect= target the app's own guard gave its login page", async () => {
    const w = await boot({ signedIn: false })
    // The app's guard, as unibest's src/router/interceptor.ts writes it: `${LOGIN_PAGE}?redirect=${encodeURIComponent(fullPath)}`.
    w.runtime.api.navigateTo({ url: `${LOGIN}?redirect=${encodeURIComponent(`${DETAIL}?id=3`)}` })
    await settle(w)
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME, `${DETAIL}?id=3`])
  })

  test("a ?redirect= that is not one of the app's pages leads home, never out of the app", async () => {
    const w = await boot({ signedIn: false })
    w.runtime.api.navigateTo({ url: `${LOGIN}?redirect=${encodeURIComponent('https://evil.example/x')}` })
    await settle(w)
    w.auth.signIn(w.server.tokensFor(1))
    await w.auth.returnAfterLogin()
    await settle(w)
    expect(w.runtime.stack()).toEqual([HOME])
  })
})

describe('the prompt', () => {
  test("the app's own prompt gets the reason and the Chinese texts, shows no modal, and its true goes to login", async () => {
    const seen: unknown[] = []
    const w = await boot({
      at: `${DETAIL}?id=1`,
      install: {
        prompt: (c) => {
          seen.push([c.reason, c.text.title, c.locale])
          return Promise.resolve(true)
        },
      },
    })
    await expire(w)
    expect(seen).toEqual([['refresh_token_expired', '登录已过期', 'zh']])
    expect(w.runtime.modals).toHaveLength(0)
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=1`, LOGIN])
  })

  test("cancel: 'login' goes to the login page even when the user cancels", async () => {
    const w = await boot({ at: `${DETAIL}?id=1`, install: { cancel: 'login' }, runtime: { modalAnswer: false } })
    await expire(w)
    expect(w.runtime.modals).toHaveLength(1)
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=1`, LOGIN])
  })

  test('by default Cancel stays on the page, signed out', async () => {
    const w = await boot({ at: `${DETAIL}?id=1`, runtime: { modalAnswer: false } })
    await expire(w)
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=1`])
    expect(w.auth.isSignedIn()).toBe(false)
  })
})

describe('no login page (a mini program that signs in silently)', () => {
  test('confirming the prompt signs in silently again and the user stays on the page', async () => {
    let logins = 0
    let navigations = 0
    let w: World | undefined
    w = await boot({
      at: `${DETAIL}?id=2`,
      // The app's navigateToLogin is for its login page: with none, it is not called.
      journey: { loginPage: false, navigateToLogin: () => navigations++ },
      install: {
        silentLogin: () => {
          logins++
          return (w as World).server.tokensFor(1)
        },
      },
    })
    await expire(w)
    w.server.accessExpired = false
    await settle(w)
    expect(w.runtime.stack()).toEqual([`${DETAIL}?id=2`])
    expect([logins, navigations]).toEqual([1, 0])
    expect(w.auth.isSignedIn()).toBe(true)
  })

  test('the guard opens a protected page after a silent login instead of going to a login page', async () => {
    let w: World | undefined
    w = await boot({
      signedIn: false,
      journey: { loginPage: false },
      install: {
        needLogin: [DETAIL],
        silentLogin: () => Promise.reject(new Error('no code yet')),
        onSilentLoginError: () => undefined,
      },
    })
    await settle(w)
    expect(w.auth.isSignedIn()).toBe(false)
    const runtime = w.runtime
    const server = w.server
    // The next silent login works (the user granted what was missing).
    w.auth.journey.relogin = () => (w as World).auth.signInSilently(() => server.tokensFor(1))
    runtime.api.navigateTo({ url: `${DETAIL}?id=4` })
    await settle(w)
    expect(runtime.stack()).toEqual([HOME, `${DETAIL}?id=4`])
  })
})

describe('pages', () => {
  // The issue 22 integration: RuoYi-App's pages.json listed pages/login first (and pages/register
  // next); the fallback home became /pages/register until homePage was set.
  const ruoyi = {
    pages: [
      { path: 'pages/login' },
      { path: 'pages/register' },
      { path: 'pages/index' },
      { path: 'pages/work/index' },
      { path: 'pages/mine/index' },
    ],
    tabBar: { list: [{ pagePath: 'pages/index' }, { pagePath: 'pages/work/index' }, { pagePath: 'pages/mine/index' }] },
  }

  test('the fallback home is the first tab page when the app opens on its login page', async () => {
    const server = createTokenServer()
    const runtime = createMiniProgramRuntime({ pagesJson: ruoyi, handler: (call) => server.handle(call) })
    cleanups.push(runtime.install())
    const auth = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL }, loginPage: '/pages/login' })
    cleanups.push(installAuth(auth))
    await runtime.launch('/pages/login')
    auth.signIn(server.tokensFor(1))
    await auth.returnAfterLogin()
    for (let i = 0; i < 5; i++) await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/index'])
  })

  test("installAuth throws a TypeError naming a loginPage that is not one of the app's pages, and the known pages", async () => {
    const server = createTokenServer()
    const runtime = createMiniProgramRuntime({ pagesJson, handler: (call) => server.handle(call) })
    cleanups.push(runtime.install())
    const auth = createAuth({ platform: runtime.api, loginPage: '/pages/signin/signin' })
    expect(() => installAuth(auth)).toThrow(TypeError)
    expect(() => installAuth(auth)).toThrow(/\/pages\/signin\/signin.*\/pages\/index\/index, \/pages\/login\/login/)
  })
})

/**
 * The demo's story, told on a compiled mini program target under its host's profile (one test file
 * per target runs it): the app registers its pages the host's way; uni's compiled layer over the
 * host object agrees with the runtime's `api` for that host; a forced expiry makes one refresh for
 * ten requests; a refresh that cannot reach the server keeps the session; an abort settles; a session replaced elsewhere shows one modal, goes to the login page and back; a
 * signed-out tap on a protected tab page comes back to that tab after login; a wrong password says
 * so; the silent login at launch sends the host's provider and code.
 */
import { DEFAULT_TEXTS, isAbortError, isNetworkError } from '../../src/auth'
import type { LoginProvider } from '../../src/auth/platform'
import type { ScriptedCall } from '../../src/testing/scripted-platform'
import { BUILT_BASE, type CompiledApp, startCompiledApp } from './compiled-app'
import type { MpTarget } from './uni-build'

/** What the host does differently, as the stories check it. */
export interface HostStory {
  /** How uni registers a page on this host. */
  registersPagesWith: 'Page' | 'Component'
  /** The host API uni's `showModal` becomes. */
  modalApi: 'showModal' | 'confirm'
  /** uni hands HTTP 4xx/5xx to `fail` (Alipay) rather than `success`. */
  httpErrorsThroughFail: boolean
  /** The provider the silent login names. */
  provider: LoginProvider
  /**
   * uni's layer adds `__id__=<n>` to every navigateTo URL (Douyin, Baidu, QQ: its EventChannel stand-in,
   * unconditional there; Alipay only when `my.canIUse('page.getOpenerEventChannel')` says no).
   */
  navigateToAddsId: boolean
}

/** The stack without uni's `__id__` query parameter. */
const withoutIds = (urls: string[]) =>
  urls.map((url) => {
    const [path, query = ''] = url.split('?')
    const rest = query.split('&').filter((p) => p && !p.startsWith('__id__='))
    return rest.length ? `${path}?${rest.join('&')}` : (path as string)
  })

type UniCall = (options: Record<string, unknown>) => unknown

/** One uni callback call: `{ ok, res }`. */
const answer = (api: unknown, options: Record<string, unknown> = {}) =>
  new Promise<{ ok: boolean; res: Record<string, unknown> }>((resolve) => {
    ;(api as UniCall)({
      ...options,
      success: (res: Record<string, unknown>) => resolve({ ok: true, res }),
      fail: (res: Record<string, unknown>) => resolve({ ok: false, res }),
    })
  })

const LOGIN = '/pages/login/login'
const HOME = '/pages/index/index'

export function compiledStories(target: MpTarget, host: HostStory) {
  describe(`the demo on ${target}`, () => {
    let app: CompiledApp

    beforeAll(async () => {
      app = await startCompiledApp(target, { serverArgs: ['--single-session'] })
    })

    afterAll(async () => {
      await app?.close()
    })

    async function logIn(username = 'demo') {
      const { auth, request } = app.session()
      const res = await request.post<{ user: unknown }>(
        '/auth/login',
        { username, password: `${username}1234` },
        { auth: false },
      )
      auth.signIn(res.data, res.data.user)
    }

    test(`the compiled app registers its pages through ${host.registersPagesWith}() and its session through uni's ${target} layer`, () => {
      expect([...app.pages.keys()]).toEqual([
        'pages/index/index',
        'pages/login/login',
        'pages/me/me',
        'pages/order/detail',
      ])
      expect([...app.pages.values()].every((p) => p.via === host.registersPagesWith)).toBe(true)
      expect(typeof app.session().auth.refresh).toBe('function')
    })

    test(`the silent login at launch sent the ${host.provider} provider and the host's code to /auth/wechat`, () => {
      const [call] = app.runtime.calls.filter((c) => c.url.endsWith('/auth/wechat'))
      expect(call?.data).toEqual({ provider: host.provider, code: 'code-1' })
      expect(app.runtime.account.loginBoxes).toBe(0)
    })

    describe(`uni's compiled ${target} layer over the host object agrees with the runtime's api`, () => {
      /** The parts of an answer that tell hosts apart. */
      const shape = ({ ok, res }: { ok: boolean; res: Record<string, unknown> }) => ({
        ok,
        errMsg: res.errMsg,
        statusCode: res.statusCode,
        keys: Object.keys(res)
          .filter((k) => k !== 'header' && k !== 'data')
          .sort(),
      })

      test(`a 401 arrives through ${host.httpErrorsThroughFail ? 'fail' : 'success'}, its status mapped on`, async () => {
        const url = `${BUILT_BASE}/api/me`
        const compiled = await answer(app.uni.request, { url })
        const runtime = await answer(app.runtime.api.request, { url, header: {} })
        expect(shape(compiled)).toEqual(shape(runtime))
        expect(compiled).toMatchObject({ ok: !host.httpErrorsThroughFail, res: { statusCode: 401 } })
        expect(compiled.res.data).toMatchObject({ code: expect.any(String) })
      })

      test('a missing storage key reads as the empty string, a value comes back as a copy', () => {
        expect(app.uni.getStorageSync('nothing-here')).toBe('')
        expect(app.runtime.api.getStorageSync('nothing-here')).toBe('')
        app.uni.setStorageSync('k', { a: 1 })
        expect(app.runtime.api.getStorageSync('k')).toEqual({ a: 1 })
        app.runtime.api.removeStorageSync('k')
      })

      test('login gives a code', async () => {
        const compiled = await answer(app.uni.login)
        const runtime = await answer(app.runtime.api.login)
        expect(shape(compiled)).toEqual(shape(runtime))
        expect(compiled).toMatchObject({
          ok: true,
          res: { code: expect.stringMatching(/^code-\d+$/), errMsg: 'login:ok' },
        })
      })
    })

    test('after a forced expiry, ten protected requests make one refresh', async () => {
      await logIn()
      await app.server.control('POST', '/__control/reset')
      await app.server.control('POST', '/__control/expire-access', { username: 'demo' })
      const { request } = app.session()
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => request.get(`/api/orders/${i + 1}`, { auth: true })),
      )
      expect(results.every((r) => r.statusCode === 200)).toBe(true)
      expect((await app.server.stats()).refreshes).toBe(1)
    })

    test('a refresh that cannot reach the server keeps the session; the next request refreshes once and succeeds', async () => {
      await logIn()
      await app.server.control('POST', '/__control/reset')
      await app.server.control('POST', '/__control/expire-access', { username: 'demo' })
      const { request, auth } = app.session()
      const { runtime } = app
      const handler = runtime.handler
      // The connection drops for the refresh call only: the host's `fail`, through uni's compiled layer.
      runtime.handler = (call) => (call.url.endsWith('/auth/refresh') ? { fail: 'request:fail' } : handler?.(call))
      const events: string[] = []
      const off = auth.onLoginStateChanged((e) => events.push(e.eventType))
      try {
        const failed = await request.get('/api/orders/1', { retry: 0 }).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(isNetworkError(failed)).toBe(true)
        expect(auth.isSignedIn()).toBe(true)
        expect(events).toEqual([])
      } finally {
        runtime.handler = handler
        off()
      }
      const res = await request.get('/api/orders/1')
      expect(res.statusCode).toBe(200)
      expect((await app.server.stats()).refreshes).toBe(1)
    })

    test('an aborted request settles with an AbortError, leaves nothing pending and keeps the session', async () => {
      await logIn()
      const { request, auth } = app.session()
      const pending = request.get('/api/me')
      pending.abort()
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isAbortError(error)).toBe(true)
      await app.settle()
      expect(app.runtime.pending()).toEqual([])
      expect(auth.isSignedIn()).toBe(true)
    })

    test(`a session replaced elsewhere shows one modal (${host.modalApi}) and goes to the login page; logging in returns`, async () => {
      const { runtime } = app
      await logIn()
      await answer(app.uni.navigateTo, { url: '/pages/order/detail?id=7' })
      await app.settle()
      expect(withoutIds(runtime.stack())).toEqual([HOME, '/pages/order/detail?id=7'])
      expect(runtime.current()?.options.__id__ !== undefined).toBe(host.navigateToAddsId)
      await app.server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
      const modalsBefore = runtime.modals.length
      const { request, auth } = app.session()
      await Promise.all(Array.from({ length: 20 }, () => request.get('/api/me').catch(() => undefined)))
      await app.settle()
      const modals = runtime.modals.slice(modalsBefore)
      expect(modals).toHaveLength(1)
      const texts = DEFAULT_TEXTS.zh.token_updated
      expect(modals[0]?.options.title).toBe(texts.title)
      expect(modals[0]?.host.api).toBe(host.modalApi)
      // What the host got: WeChat's showModal takes the texts as they are; uni's Alipay layer renames the buttons for my.confirm.
      expect(modals[0]?.host.args).toMatchObject(
        host.modalApi === 'confirm'
          ? { title: texts.title, confirmButtonText: texts.confirmText, cancelButtonText: texts.cancelText }
          : { title: texts.title, confirmText: texts.confirmText, cancelText: texts.cancelText },
      )
      expect(withoutIds(runtime.stack())).toEqual([HOME, '/pages/order/detail?id=7', LOGIN])
      await logIn()
      await auth.returnAfterLogin()
      await app.settle()
      expect(withoutIds(runtime.stack())).toEqual([HOME, '/pages/order/detail?id=7'])
      expect(runtime.navigations.slice(-1)[0]).toMatchObject({ api: 'navigateBack', ok: true })
    })

    test('a signed-out switch to a protected tab page opens the login page; after login the tab page shows', async () => {
      const { runtime } = app
      const { auth } = app.session()
      await auth.signOut()
      await answer(app.uni.reLaunch, { url: HOME })
      await app.settle()
      expect(runtime.stack()).toEqual([HOME])
      const switched = answer(app.uni.switchTab, { url: '/pages/me/me' })
      await app.settle()
      await expect(switched).resolves.toEqual({ ok: false, res: { errMsg: 'switchTab:fail login required' } })
      expect(withoutIds(runtime.stack())).toEqual([HOME, LOGIN])
      await logIn()
      await auth.returnAfterLogin()
      await app.settle()
      expect(runtime.stack()).toEqual(['/pages/me/me'])
      expect(runtime.navigations.slice(-1)[0]).toMatchObject({ api: 'switchTab', url: '/pages/me/me', ok: true })
    })

    test('a wrong password shows the wrong-password message (the compiled login form and store)', async () => {
      const { auth } = app.session()
      const { useLoginForm } = app.load<typeof import('../../src/pages/login/login-form')>('pages/login/login-form.js')
      const { useAuthStore } = app.load<typeof import('../../src/store/auth')>('store/auth.js')
      const store = useAuthStore()
      const { form, submitPassword } = useLoginForm({
        platform: auth.platform,
        login: store.login,
        done: auth.returnAfterLogin,
      })
      Object.assign(form, { username: 'demo', password: 'not-the-password', agreed: true })
      const before = app.runtime.calls.length
      await expect(submitPassword()).resolves.toBe(false)
      expect(form.error).toBe('账号或密码错误')
      const logins = app.runtime.calls.slice(before).filter((c: ScriptedCall) => c.url.endsWith('/auth/login'))
      expect(logins).toHaveLength(1)
    })
  })
}

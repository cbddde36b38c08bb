import type { PlatformFailure } from '../../src/auth/platform'
import {
  createMiniProgramRuntime,
  type MiniProgramRuntime,
  type PagesJson,
  type RuntimeOptions,
  type RuntimePage,
} from '../../src/testing/mp-runtime'

const pagesJson: PagesJson = {
  pages: [
    { path: 'pages/index/index' },
    { path: 'pages/login/login' },
    { path: 'pages/me/me' },
    { path: 'pages/order/detail' },
    { path: 'pages/order/list' },
  ],
  tabBar: { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/me/me' }] },
}

const make = (options: Partial<RuntimeOptions> = {}) => createMiniProgramRuntime({ pagesJson, ...options })

async function launched(options: Partial<RuntimeOptions> = {}, url?: string): Promise<MiniProgramRuntime> {
  const runtime = make(options)
  await runtime.launch(url)
  return runtime
}

type Nav = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab'

/** Calls a navigation API with callbacks and resolves with what they reported. */
function go(runtime: MiniProgramRuntime, api: Nav, url: string): Promise<{ ok: boolean; errMsg: string }> {
  return new Promise((resolve) => {
    runtime.api[api]({
      url,
      success: (res) => resolve({ ok: true, errMsg: (res as { errMsg: string }).errMsg }),
      fail: (err) => resolve({ ok: false, errMsg: err.errMsg }),
    })
  })
}

function back(runtime: MiniProgramRuntime, delta?: number): Promise<{ ok: boolean; errMsg: string }> {
  return new Promise((resolve) => {
    runtime.api.navigateBack({
      delta,
      success: (res) => resolve({ ok: true, errMsg: res.errMsg }),
      fail: (err) => resolve({ ok: false, errMsg: err.errMsg }),
    })
  })
}

/** The lifecycle events logged while fn runs. */
async function eventsDuring(runtime: MiniProgramRuntime, fn: () => Promise<unknown>): Promise<string[]> {
  const start = runtime.events.length
  await fn()
  await runtime.flush()
  return runtime.events.slice(start)
}

describe('the page list and launch', () => {
  test('pages and tabBarPages list the routes of pages.json with a leading slash, home first', () => {
    const runtime = make()
    expect(runtime.pages).toEqual([
      '/pages/index/index',
      '/pages/login/login',
      '/pages/me/me',
      '/pages/order/detail',
      '/pages/order/list',
    ])
    expect(runtime.tabBarPages).toEqual(['/pages/index/index', '/pages/me/me'])
  })

  test('launch opens the home page as the only page', async () => {
    const runtime = await launched()
    expect(runtime.stack()).toEqual(['/pages/index/index'])
  })

  test('launch opens the given URL with its query decoded into options', async () => {
    const runtime = await launched({}, '/pages/order/detail?id=7&name=a%20b')
    expect(runtime.current()).toMatchObject({ route: 'pages/order/detail', options: { id: '7', name: 'a b' } })
  })

  test('launch rejects a page that is not in pages.json', async () => {
    await expect(make().launch('/pages/nope/nope')).rejects.toThrow('page "pages/nope/nope" is not found')
  })

  test('getCurrentPages lists the stack bottom first, routes without a leading slash', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail?id=7')
    expect(runtime.api.getCurrentPages().map((p) => [p.route, p.options])).toEqual([
      ['pages/index/index', {}],
      ['pages/order/detail', { id: '7' }],
    ])
  })
})

describe('navigateTo', () => {
  test('the stack changes on a later microtask, not during the call', async () => {
    const runtime = await launched()
    runtime.api.navigateTo({ url: '/pages/order/detail?id=7' })
    expect(runtime.stack()).toEqual(['/pages/index/index'])
    await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail?id=7'])
  })

  test('success and then complete run on a later microtask with errMsg navigateTo:ok', async () => {
    const runtime = await launched()
    const log: unknown[] = []
    runtime.api.navigateTo({
      url: '/pages/order/detail',
      success: (res) => log.push(['success', res]),
      complete: (res) => log.push(['complete', res]),
    })
    expect(log).toEqual([])
    await runtime.flush()
    expect(log).toEqual([
      ['success', { errMsg: 'navigateTo:ok' }],
      ['complete', { errMsg: 'navigateTo:ok' }],
    ])
  })

  test('an unknown page fails with page "…" is not found and leaves the stack alone', async () => {
    const runtime = await launched()
    expect(await go(runtime, 'navigateTo', '/pages/nope/nope?x=1')).toEqual({
      ok: false,
      errMsg: 'navigateTo:fail page "pages/nope/nope" is not found',
    })
    expect(runtime.stack()).toEqual(['/pages/index/index'])
  })

  test('a tabBar page fails with can not navigateTo a tabbar page', async () => {
    const runtime = await launched()
    expect(await go(runtime, 'navigateTo', '/pages/me/me')).toEqual({
      ok: false,
      errMsg: 'navigateTo:fail can not navigateTo a tabbar page',
    })
  })

  test('with 10 pages on the stack it fails with webview count limit exceed', async () => {
    const runtime = await launched()
    for (let n = 1; n <= 9; n++) expect((await go(runtime, 'navigateTo', `/pages/order/detail?n=${n}`)).ok).toBe(true)
    expect(runtime.stack()).toHaveLength(10)
    expect(await go(runtime, 'navigateTo', '/pages/order/detail?n=10')).toEqual({
      ok: false,
      errMsg: 'navigateTo:fail webview count limit exceed',
    })
    expect(runtime.stack()).toHaveLength(10)
  })

  test('a URL with .. resolves like a URL path before the page is looked up', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/../login/login?from=x')
    expect(runtime.current()).toMatchObject({ route: 'pages/login/login', options: { from: 'x' } })
  })

  test('a URL whose .. climbs out of pages/ names no page and fails', async () => {
    const runtime = await launched()
    expect(await go(runtime, 'navigateTo', '/pages/order/../../order/detail')).toEqual({
      ok: false,
      errMsg: 'navigateTo:fail page "order/detail" is not found',
    })
  })

  test("a URL without a leading slash resolves against the current page's folder", async () => {
    const runtime = await launched({}, '/pages/order/detail')
    await go(runtime, 'navigateTo', 'list?x=1')
    expect(runtime.current()).toMatchObject({ route: 'pages/order/list', options: { x: '1' } })
  })
})

describe('redirectTo', () => {
  test('replaces the top page, unloading it', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail?id=1')
    const detail = runtime.current()
    await go(runtime, 'redirectTo', '/pages/login/login')
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    expect(detail?.unloaded).toBe(true)
  })

  test('a tabBar page fails with can not redirectTo a tabbar page', async () => {
    const runtime = await launched({}, '/pages/order/detail')
    expect(await go(runtime, 'redirectTo', '/pages/index/index')).toEqual({
      ok: false,
      errMsg: 'redirectTo:fail can not redirectTo a tabbar page',
    })
    expect(runtime.stack()).toEqual(['/pages/order/detail'])
  })

  test('an unknown page fails with page "…" is not found', async () => {
    const runtime = await launched()
    expect((await go(runtime, 'redirectTo', '/pages/nope/nope')).errMsg).toBe(
      'redirectTo:fail page "pages/nope/nope" is not found',
    )
  })
})

describe('reLaunch', () => {
  test('unloads every open page, top first', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail')
    await go(runtime, 'navigateTo', '/pages/order/list')
    const events = await eventsDuring(runtime, () => go(runtime, 'reLaunch', '/pages/login/login'))
    expect(events.filter((e) => e.endsWith('onUnload'))).toEqual([
      'pages/order/list onUnload',
      'pages/order/detail onUnload',
      'pages/index/index onUnload',
    ])
  })

  test('opens a tabBar page as the only page, keeping its query', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail')
    expect((await go(runtime, 'reLaunch', '/pages/me/me?from=order')).ok).toBe(true)
    expect(runtime.stack()).toEqual(['/pages/me/me?from=order'])
    expect(runtime.current()?.options).toEqual({ from: 'order' })
  })
})

describe('switchTab', () => {
  test('drops the query: the tab page gets empty options', async () => {
    const runtime = await launched()
    await go(runtime, 'switchTab', '/pages/me/me?tab=orders')
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect(runtime.current()?.options).toEqual({})
  })

  test('closes every non-tab page: the stack is just the tab page', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail')
    await go(runtime, 'navigateTo', '/pages/login/login')
    const [, detail, login] = runtime.api.getCurrentPages()
    await go(runtime, 'switchTab', '/pages/me/me')
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect([detail?.unloaded, login?.unloaded]).toEqual([true, true])
  })

  test('a tab page opened before is reused: shown again, not loaded again', async () => {
    const runtime = await launched()
    await go(runtime, 'switchTab', '/pages/me/me')
    const events = await eventsDuring(runtime, () => go(runtime, 'switchTab', '/pages/index/index'))
    expect(events).toEqual(['pages/me/me onHide', 'pages/index/index onShow'])
  })

  test('a non-tab page fails with can not switch to no-tabBar page', async () => {
    const runtime = await launched()
    expect(await go(runtime, 'switchTab', '/pages/order/detail')).toEqual({
      ok: false,
      errMsg: 'switchTab:fail can not switch to no-tabBar page',
    })
  })
})

describe('navigateBack', () => {
  test('pops delta pages, unloading each, then shows the new top page', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail')
    await go(runtime, 'navigateTo', '/pages/order/list')
    await go(runtime, 'navigateTo', '/pages/login/login')
    const events = await eventsDuring(runtime, () => back(runtime, 2))
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail'])
    expect(events).toEqual(['pages/login/login onUnload', 'pages/order/list onUnload', 'pages/order/detail onShow'])
  })

  test('at the first page it fails with cannot navigate back at first page.', async () => {
    const runtime = await launched()
    expect(await back(runtime)).toEqual({ ok: false, errMsg: 'navigateBack:fail cannot navigate back at first page.' })
  })

  test('a delta larger than the stack stops at the first page', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail')
    await go(runtime, 'navigateTo', '/pages/order/list')
    expect((await back(runtime, 99)).ok).toBe(true)
    expect(runtime.stack()).toEqual(['/pages/index/index'])
  })
})

describe('the navigation log', () => {
  test('every navigation, ok or failed, is recorded in order', async () => {
    const runtime = await launched()
    await go(runtime, 'navigateTo', '/pages/order/detail?id=1')
    await go(runtime, 'navigateTo', '/pages/me/me')
    await back(runtime)
    expect(runtime.navigations).toEqual([
      { api: 'navigateTo', url: '/pages/order/detail?id=1', ok: true },
      { api: 'navigateTo', url: '/pages/me/me', ok: false, errMsg: 'navigateTo:fail can not navigateTo a tabbar page' },
      { api: 'navigateBack', ok: true },
    ])
  })
})

describe('page lifecycle', () => {
  test('navigateTo hides the old top page before loading, showing and readying the new one', async () => {
    const runtime = await launched()
    const events = await eventsDuring(runtime, () => go(runtime, 'navigateTo', '/pages/order/detail'))
    expect(events).toEqual([
      'pages/index/index onHide',
      'pages/order/detail onLoad',
      'pages/order/detail onShow',
      'pages/order/detail onReady',
    ])
  })

  test('redirectTo unloads the old page before loading the new one', async () => {
    const runtime = await launched({}, '/pages/order/detail')
    const events = await eventsDuring(runtime, () => go(runtime, 'redirectTo', '/pages/login/login'))
    expect(events.slice(0, 2)).toEqual(['pages/order/detail onUnload', 'pages/login/login onLoad'])
  })

  test('defined hooks run with the page as this; onLoad gets the decoded query with the page already on the stack', async () => {
    const runtime = await launched()
    let seen: unknown
    runtime.definePage('/pages/order/detail', {
      onLoad(query) {
        seen = { query, self: this.route, stack: runtime.api.getCurrentPages().map((p) => p.route) }
      },
    })
    await go(runtime, 'navigateTo', '/pages/order/detail?q=%E4%BD%A0%E5%A5%BD')
    expect(seen).toEqual({
      query: { q: '你好' },
      self: 'pages/order/detail',
      stack: ['pages/index/index', 'pages/order/detail'],
    })
  })

  test('the page flags follow its hooks: loaded, visible, unloaded', async () => {
    const runtime = await launched()
    const home = runtime.current() as RuntimePage
    await go(runtime, 'navigateTo', '/pages/order/detail')
    const detail = runtime.current() as RuntimePage
    const afterOpen = [home.visible, detail.loaded, detail.visible, detail.unloaded]
    await back(runtime)
    expect([afterOpen, [home.visible, detail.visible, detail.unloaded]]).toEqual([
      [false, true, true, false],
      [true, false, true],
    ])
  })

  test('a hook that throws does not stop the navigation, and flush rejects with its error', async () => {
    const runtime = await launched()
    runtime.definePage('pages/order/detail', {
      onLoad() {
        throw new Error('boom')
      },
    })
    runtime.api.navigateTo({ url: '/pages/order/detail' })
    await expect(runtime.flush()).rejects.toThrow('boom')
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail'])
  })

  test('definePage throws for a page that is not in pages.json', () => {
    expect(() => make().definePage('/pages/nope/nope', {})).toThrow('not in pages.json')
  })
})

describe('interceptors', () => {
  test('invoke runs synchronously, during the call, with its arguments', async () => {
    const runtime = await launched()
    const seen: string[] = []
    runtime.api.addInterceptor('navigateTo', { invoke: (args) => void seen.push(args.url) })
    runtime.api.navigateTo({ url: '/pages/order/detail' })
    expect(seen).toEqual(['/pages/order/detail'])
  })

  test('invoke returning false cancels: no navigation, no callbacks, recorded as intercepted', async () => {
    const runtime = await launched()
    runtime.api.addInterceptor('navigateTo', { invoke: () => false })
    const callbacks: string[] = []
    runtime.api.navigateTo({
      url: '/pages/order/detail',
      success: () => callbacks.push('success'),
      fail: () => callbacks.push('fail'),
      complete: () => callbacks.push('complete'),
    })
    await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/index/index'])
    expect(callbacks).toEqual([])
    expect(runtime.navigations).toEqual([
      { api: 'navigateTo', url: '/pages/order/detail', ok: false, errMsg: 'intercepted' },
    ])
  })

  test('invoke can rewrite the URL before the navigation happens', async () => {
    const runtime = await launched()
    runtime.api.addInterceptor('navigateTo', {
      invoke(args) {
        args.url = `/pages/login/login?redirect=${encodeURIComponent(args.url)}`
      },
    })
    await go(runtime, 'navigateTo', '/pages/order/detail?id=1')
    expect(runtime.current()?.options).toEqual({ redirect: '/pages/order/detail?id=1' })
  })

  test("success and complete interceptors run before the caller's callbacks", async () => {
    const runtime = await launched()
    const log: string[] = []
    runtime.api.addInterceptor('navigateTo', {
      success: () => void log.push('interceptor success'),
      complete: () => void log.push('interceptor complete'),
    })
    runtime.api.navigateTo({
      url: '/pages/order/detail',
      success: () => log.push('success'),
      complete: () => log.push('complete'),
    })
    await runtime.flush()
    expect(log).toEqual(['interceptor success', 'success', 'interceptor complete', 'complete'])
  })

  test("a fail interceptor sees the failure before the caller's fail", async () => {
    const runtime = await launched()
    const log: string[] = []
    runtime.api.addInterceptor('switchTab', { fail: (err) => void log.push(`interceptor ${err.errMsg}`) })
    runtime.api.switchTab({ url: '/pages/order/detail', fail: (err: PlatformFailure) => log.push(err.errMsg) })
    await runtime.flush()
    expect(log).toEqual([
      'interceptor switchTab:fail can not switch to no-tabBar page',
      'switchTab:fail can not switch to no-tabBar page',
    ])
  })

  test('an invoke returning a promise of false cancels the call', async () => {
    const runtime = await launched()
    runtime.api.addInterceptor('redirectTo', { invoke: () => Promise.resolve(false) })
    runtime.api.redirectTo({ url: '/pages/login/login' })
    await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/index/index'])
    expect(runtime.navigations).toEqual([
      { api: 'redirectTo', url: '/pages/login/login', ok: false, errMsg: 'intercepted' },
    ])
  })

  test('removeInterceptor stops the interception', async () => {
    const runtime = await launched()
    runtime.api.addInterceptor('navigateTo', { invoke: () => false })
    runtime.api.removeInterceptor('navigateTo')
    expect((await go(runtime, 'navigateTo', '/pages/order/detail')).ok).toBe(true)
  })

  test('interceptors apply to request: invoke can add a header', async () => {
    const runtime = make({ handler: () => ({ statusCode: 200 }) })
    runtime.api.addInterceptor('request', {
      invoke(args) {
        args.header = { ...args.header, 'X-Trace': '1' }
      },
    })
    runtime.api.request({ url: 'https://api.test/x', method: 'GET', header: {}, success: () => {}, fail: () => {} })
    await runtime.flush()
    expect(runtime.calls[0]?.header).toEqual({ 'X-Trace': '1' })
  })

  test('a native tabBar tap switches tab without running interceptors', async () => {
    const runtime = await launched()
    const invoke = jest.fn(() => false)
    runtime.api.addInterceptor('switchTab', { invoke })
    runtime.tapTab('/pages/me/me')
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect(invoke).not.toHaveBeenCalled()
    expect(runtime.navigations).toEqual([{ api: 'switchTab', url: '/pages/me/me', ok: true, native: true }])
  })

  test('tapTab throws when the top page is not a tab page, which shows no tabBar', async () => {
    const runtime = await launched({}, '/pages/order/detail')
    expect(() => runtime.tapTab('/pages/me/me')).toThrow('no tabBar is shown')
  })
})

describe('storage', () => {
  test('values are stored and read back as JSON copies', () => {
    const runtime = make()
    const value = { user: { id: 1 } }
    runtime.api.setStorageSync('k', value)
    value.user.id = 2
    const read = runtime.api.getStorageSync('k') as typeof value
    read.user.id = 3
    expect(runtime.api.getStorageSync('k')).toEqual({ user: { id: 1 } })
  })

  test('a missing key reads as the empty string, like WeChat', () => {
    expect(make().api.getStorageSync('missing')).toBe('')
  })

  test('removeStorageSync deletes the key', () => {
    const runtime = make()
    runtime.api.setStorageSync('k', 1)
    runtime.api.removeStorageSync('k')
    expect(runtime.storage.has('k')).toBe(false)
  })

  test('storageFailure makes writes throw', () => {
    const runtime = make()
    runtime.storageFailure = 'write'
    expect(() => runtime.api.setStorageSync('k', 1)).toThrow('setStorageSync:fail')
  })
})

describe('modals', () => {
  test('a modal is recorded and confirmed automatically on a later microtask', async () => {
    const runtime = make()
    const answers: unknown[] = []
    runtime.api.showModal({ title: 'Login expired', success: (res) => answers.push(res) })
    expect([runtime.modals[0]?.options.title, answers]).toEqual(['Login expired', []])
    await runtime.flush()
    expect(answers).toEqual([{ confirm: true, cancel: false, errMsg: 'showModal:ok' }])
  })

  test('with modalAnswer false a modal is cancelled', async () => {
    const runtime = make({ modalAnswer: false })
    const answers: unknown[] = []
    runtime.api.showModal({ success: (res) => answers.push(res) })
    await runtime.flush()
    expect(answers).toEqual([{ confirm: false, cancel: true, errMsg: 'showModal:ok' }])
  })

  test('a manual modal waits for answer() before its callback runs', async () => {
    const runtime = make({ modalAnswer: 'manual' })
    const answers: boolean[] = []
    runtime.api.showModal({ success: (res) => answers.push(res.confirm) })
    await runtime.flush()
    const before = [...answers]
    runtime.modals[0]?.answer(true)
    await runtime.flush()
    expect([before, answers]).toEqual([[], [true]])
  })

  test('answering a modal twice throws', async () => {
    const runtime = make({ modalAnswer: 'manual' })
    runtime.api.showModal({ success: () => {} })
    runtime.modals[0]?.answer(false)
    expect(() => runtime.modals[0]?.answer(true)).toThrow('already answered')
  })
})

describe('app show and hide', () => {
  test('launch runs the app onShow listeners, with path and query, before the page loads', async () => {
    const runtime = make()
    const shows: unknown[] = []
    runtime.api.onAppShow((res) => shows.push(res))
    await runtime.launch('/pages/order/detail?id=3')
    expect(shows).toEqual([{ path: 'pages/order/detail', query: { id: '3' }, scene: 1001 }])
    expect(runtime.events.slice(0, 2)).toEqual(['app onShow', 'pages/order/detail onLoad'])
  })

  test('hideApp hides the current page, then runs the app onHide listeners', async () => {
    const runtime = await launched()
    const hides = jest.fn()
    runtime.api.onAppHide(hides)
    const events = await eventsDuring(runtime, async () => runtime.hideApp())
    expect(events).toEqual(['pages/index/index onHide', 'app onHide'])
    expect(hides).toHaveBeenCalledTimes(1)
  })

  test('showApp runs the app onShow listeners, then shows the current page', async () => {
    const runtime = await launched()
    runtime.hideApp()
    const shows = jest.fn()
    runtime.api.onAppShow(shows)
    const events = await eventsDuring(runtime, async () => runtime.showApp())
    expect(events).toEqual(['app onShow', 'pages/index/index onShow'])
    expect(shows).toHaveBeenCalledTimes(1)
  })

  test('hiding an app that is already in the background notifies nobody', async () => {
    const runtime = await launched()
    const hides = jest.fn()
    runtime.api.onAppHide(hides)
    runtime.hideApp()
    runtime.hideApp()
    expect(hides).toHaveBeenCalledTimes(1)
  })

  test('offAppHide removes a listener', async () => {
    const runtime = await launched()
    const hides = jest.fn()
    runtime.api.onAppHide(hides)
    runtime.api.offAppHide(hides)
    runtime.hideApp()
    expect(hides).not.toHaveBeenCalled()
  })
})

describe('install', () => {
  test('install sets uni, wx, getCurrentPages and __wxConfig on the target', async () => {
    const runtime = await launched()
    const target: Record<string, unknown> = {}
    runtime.install(target)
    expect(target.uni).toBe(runtime.api)
    expect(target.wx).toBe(runtime.api)
    expect((target.getCurrentPages as () => RuntimePage[])().map((p) => p.route)).toEqual(['pages/index/index'])
    expect(target.__wxConfig).toEqual({
      pages: ['pages/index/index', 'pages/login/login', 'pages/me/me', 'pages/order/detail', 'pages/order/list'],
      tabBar: { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/me/me' }] },
    })
  })

  test('uninstall restores the previous values and removes the ones that were absent', () => {
    const runtime = make()
    const previousWx = { old: true }
    const target: Record<string, unknown> = { wx: previousWx }
    runtime.install(target)()
    expect(target).toEqual({ wx: previousWx })
    expect('uni' in target).toBe(false)
  })

  test('by default install sets the globals on globalThis', () => {
    const runtime = make()
    const uninstall = runtime.install()
    try {
      expect((globalThis as { uni?: unknown }).uni).toBe(runtime.api)
    } finally {
      uninstall()
    }
    expect((globalThis as { uni?: unknown }).uni).toBeUndefined()
  })
})

describe('login', () => {
  test('login hands out code-1, code-2, ... on later microtasks', async () => {
    const runtime = make()
    const codes: string[] = []
    runtime.api.login({ success: (res) => codes.push(res.code) })
    runtime.api.login({ success: (res) => codes.push(res.code) })
    expect(codes).toEqual([])
    await runtime.flush()
    expect([codes, runtime.loginCodes]).toEqual([
      ['code-1', 'code-2'],
      ['code-1', 'code-2'],
    ])
  })

  test('with loginFails set, login fails with login:fail and hands out no code', async () => {
    const runtime = make()
    runtime.loginFails = true
    const errors: string[] = []
    runtime.api.login({ fail: (err) => errors.push(err.errMsg) })
    await runtime.flush()
    expect([errors, runtime.loginCodes]).toEqual([['login:fail'], []])
  })
})

describe('requests', () => {
  const get = (runtime: MiniProgramRuntime) =>
    new Promise<unknown>((resolve) => {
      runtime.api.request({
        url: 'https://api.test/me',
        method: 'GET',
        header: {},
        success: (res) => resolve(res),
        fail: (err) => resolve(err),
      })
    })

  test('without a handler a request fails with request:fail no handler', async () => {
    expect(await get(make())).toEqual({ errMsg: 'request:fail no handler' })
  })

  test('the handler answers, a 401 arrives through success, and the call is recorded', async () => {
    const runtime = make({ handler: () => ({ statusCode: 401, data: { code: 401 } }) })
    expect(await get(runtime)).toEqual({ statusCode: 401, data: { code: 401 }, header: {} })
    expect(runtime.calls.map((c) => [c.method, c.url])).toEqual([['GET', 'https://api.test/me']])
  })

  test('a call the handler leaves pending can be aborted, failing with request:fail abort', async () => {
    const runtime = make({ handler: () => undefined })
    const result = new Promise<unknown>((resolve) => {
      const task = runtime.api.request({
        url: 'https://api.test/me',
        method: 'GET',
        header: {},
        success: resolve,
        fail: resolve,
      })
      task?.abort()
    })
    expect(await result).toEqual({ errMsg: 'request:fail abort' })
  })
})

describe('locale, system info and toasts', () => {
  test('getLocale defaults to zh-Hans and the system language is then zh_CN', () => {
    const runtime = make()
    expect([runtime.api.getLocale(), runtime.api.getSystemInfoSync().language]).toEqual(['zh-Hans', 'zh_CN'])
  })

  test('an English locale gives the system language en', () => {
    expect(make({ locale: 'en' }).api.getSystemInfoSync().language).toBe('en')
  })

  test('showToast records its title', () => {
    const runtime = make()
    runtime.api.showToast({ title: 'Saved', success: () => {} })
    expect(runtime.toasts).toEqual(['Saved'])
  })
})

describe('promises and flush', () => {
  test('a navigation called without callbacks returns a promise that rejects with the errMsg', async () => {
    const runtime = await launched()
    await expect(runtime.api.navigateTo({ url: '/pages/me/me' })).rejects.toEqual({
      errMsg: 'navigateTo:fail can not navigateTo a tabbar page',
    })
  })

  test('flush runs pending callbacks under jest fake timers that leave queueMicrotask real', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] })
    try {
      const runtime = await launched()
      const done = jest.fn()
      runtime.api.navigateTo({ url: '/pages/order/detail', success: done })
      await runtime.flush()
      expect(done).toHaveBeenCalledTimes(1)
    } finally {
      jest.useRealTimers()
    }
  })
})

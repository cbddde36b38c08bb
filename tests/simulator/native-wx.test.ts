/**
 * @jest-environment jsdom
 *
 * The native WeChat example (`examples/native-wx`) in miniprogram-simulate: its pages load as
 * components (they are declared with Component()), the package comes from the `miniprogram_npm/`
 * layout that build npm makes (the real `npm run build:lib` output), the project's mini program
 * runtime answers the `wx` APIs the simulator only stubs (page stack, navigation, storage, modals,
 * wx.login) and drives the pages' lifecycle, and every request goes to the reference server over
 * loopback.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import simulate, { type RootComponent } from 'miniprogram-simulate'
import type { Auth } from '../../src/auth'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimePage } from '../../src/testing/mp-runtime'
import { loopbackHandler } from '../support/loopback'
import {
  layOutMiniprogram,
  MINIPROGRAM_DIST,
  type MiniprogramLayout,
  mockMiniprogramNpm,
  resolveMiniprogramNpm,
} from '../support/miniprogram-npm'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'native-wx')
const PAGES = ['pages/index/index', 'pages/login/login', 'pages/me/me', 'pages/order/order'] as const
type Route = (typeof PAGES)[number]

// biome-ignore lint/suspicious/noExplicitAny: pages' data differ; each test reads what it asserts on
type PageComponent = RootComponent<any, any, any>

interface AppDefinition {
  onLaunch?(options: object): void
}

// Real HTTP: each wait below is bounded by `until`, well within this.
jest.setTimeout(20000)

const http = createNodePlatform()
let server: RunningServer
let layout: MiniprogramLayout
let runtime: MiniProgramRuntime
/** The `wx` the example runs on: the runtime's api without uni's extras (WeChat has no interceptors). */
let wxApi: MiniProgramRuntime['api']
let auth: Auth
let restore: () => void
/** The rendered component of each open page of the runtime. */
const components = new Map<RuntimePage, PageComponent>()
/** Errors thrown (or rejected) by the pages' hooks. */
const pageErrors: unknown[] = []

/** A control endpoint of the server, over the same loopback HTTP the app uses. */
function control<T>(method: 'GET' | 'POST' | 'PUT', path: string, data?: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    http.request({
      url: `${server.url}${path}`,
      method,
      header: {},
      data,
      success: (res) =>
        res.statusCode < 300
          ? resolve(res.data as T)
          : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${JSON.stringify(res.data)}`)),
      fail: (e) => reject(new Error(`${method} ${path}: ${e.errMsg}`)),
    })
  })
}

const stats = () => control<{ logins: number; refreshes: number }>('GET', '/__control/stats')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits (real time, bounded) until `ready` holds, letting HTTP answers and the runtime's callbacks run. */
async function until(what: string, ready: () => unknown, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    await runtime.flush()
    if (ready()) return
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stack: ${JSON.stringify(runtime.stack())}`)
    }
    await sleep(10)
  }
}

/** The component of the page on top of the runtime's stack. */
function top(route: Route): PageComponent {
  const page = runtime.current()
  const component = page && components.get(page)
  if (!page || page.route !== route || !component) {
    throw new Error(`expected ${route} on top, the stack is ${JSON.stringify(runtime.stack())}`)
  }
  return component
}

/** The component of the page at that index of the stack (0: the bottom). */
function pageAt(index: number): PageComponent {
  const page = runtime.api.getCurrentPages()[index]
  const component = page && components.get(page)
  if (!component) throw new Error(`no page at ${index}: the stack is ${JSON.stringify(runtime.stack())}`)
  return component
}

const text = (component: PageComponent, selector: string) => component.querySelector(selector)?.dom?.textContent ?? ''

/** Runs a page method as the runtime would, keeping what it throws or rejects with. */
function call(component: PageComponent, name: string, ...args: unknown[]) {
  const method = (component.instance as unknown as Record<string, unknown>)[name]
  if (typeof method !== 'function') return
  try {
    const result = method.apply(component.instance, args)
    if (result && typeof result.then === 'function') result.then(undefined, (e: unknown) => pageErrors.push(e))
  } catch (e) {
    pageErrors.push(e)
  }
}

beforeAll(async () => {
  server = await startServer()
  layout = layOutMiniprogram({ example: EXAMPLE })
  // The example's API base, pointed at this test's server.
  writeFileSync(join(layout.root, 'config.js'), `module.exports = { API: ${JSON.stringify(server.url)} }\n`)
  // WeChat resolves require('uni-session') to miniprogram_npm/uni-session/index.js: so does jest here.
  mockMiniprogramNpm(layout.root)

  const appJson = JSON.parse(readFileSync(join(layout.root, 'app.json'), 'utf8')) as {
    pages: string[]
    tabBar: { list: Array<{ pagePath: string }> }
  }
  runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: appJson.tabBar },
    handler: loopbackHandler(http),
  })
  // miniprogram-simulate installed its stub `wx` when imported: the runtime replaces it.
  restore = runtime.install()
  const { addInterceptor: _a, removeInterceptor: _r, getLocale: _g, setLocale: _s, ...wx } = runtime.api
  wxApi = wx as MiniProgramRuntime['api']
  const host = globalThis as Record<string, unknown>
  host.wx = wxApi
  delete host.uni
  let app: AppDefinition = {}
  host.App = (definition: AppDefinition) => {
    app = definition
  }
  host.getApp = () => app

  // The app launches: app.js registers the login journey.
  require(join(layout.root, 'app.js'))
  app.onLaunch?.({})
  auth = (require(join(layout.root, 'session.js')) as { auth: Auth }).auth

  // Each page loads once (a component path loads once per test file); the runtime renders one
  // component per page it opens and drives its lifecycle.
  for (const route of PAGES) {
    const id = simulate.load(join(layout.root, route), { rootPath: layout.root })
    runtime.definePage(route, {
      onLoad(query) {
        const component = simulate.render(id)
        component.attach(document.createElement('page-host'))
        components.set(this, component)
        call(component, 'onLoad', query)
      },
      onShow() {
        const component = components.get(this)
        if (component) call(component, 'onShow')
      },
      onHide() {
        const component = components.get(this)
        if (component) call(component, 'onHide')
      },
      onUnload() {
        const component = components.get(this)
        if (!component) return
        call(component, 'onUnload')
        component.detach()
        components.delete(this)
      },
    })
  }
}, 30000)

afterAll(async () => {
  restore?.()
  layout?.remove()
  await server?.stop()
})

beforeEach(async () => {
  // The simulator reports what an event handler throws with console.error.
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void pageErrors.push(args))
  await auth.signOut()
  runtime.storage.clear()
  runtime.navigations.length = 0
  runtime.loginFails = false
  pageErrors.length = 0
})

afterEach(() => {
  jest.restoreAllMocks()
  expect(pageErrors).toEqual([])
})

/** Ticks the agreement and fills the form the way a user does: through the inputs' events (delivered on a microtask). */
async function fill(login: PageComponent, username: string, password: string) {
  login.querySelector('.agreement')?.dispatchEvent('change', { detail: { value: ['agreed'] } })
  login.querySelector('.username')?.dispatchEvent('input', { detail: { value: username } })
  login.querySelector('.password')?.dispatchEvent('input', { detail: { value: password } })
  await runtime.flush()
}

describe('the native example in miniprogram-simulate, against the reference server', () => {
  test('the package comes from miniprogram_npm/uni-session: the real build-lib output', () => {
    const lib = require('uni-session') as Record<string, unknown>
    const entry = resolveMiniprogramNpm(layout.root)
    expect(entry).toBe(join(layout.root, 'miniprogram_npm', 'uni-session', 'index.js'))
    expect(lib).toBe(require(entry))
    // What build npm copied is what `npm run build:lib` wrote.
    expect(readFileSync(entry, 'utf8')).toBe(readFileSync(join(MINIPROGRAM_DIST, 'index.js'), 'utf8'))
    for (const name of ['createAuth', 'createRequest', 'installAuth', 'ensureLogin', 'isHTTPError']) {
      expect(typeof lib[name]).toBe('function')
    }
    // The app's session is the package's, on the runtime's wx.
    expect(auth.platform).toBe(wxApi)
  })

  test('a protected page with a query, opened signed out: login, back to the page with its query, the order loads', async () => {
    const before = await stats()
    await runtime.launch('/pages/order/order?id=7')
    // The page's onShow check (ensureLogin) sends the user to log in; the order is not asked for.
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    expect(runtime.stack()).toEqual(['/pages/order/order?id=7', '/pages/login/login'])
    expect(runtime.calls.filter((c) => c.url.includes('/api/orders/'))).toHaveLength(0)
    const order = pageAt(0)
    expect(order.data.id).toBe('7')
    expect(order.data.order).toBeNull()

    const login = top('pages/login/login')
    await fill(login, ' demo ', 'demo1234')
    expect(login.data).toMatchObject({ agreed: true, username: ' demo ', password: 'demo1234' })
    const calls = runtime.calls.length
    login.querySelector('.submit')?.dispatchEvent('tap')

    await until('the order from the server', () => runtime.stack().length === 1 && order.data.order)
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getUser()).toMatchObject({ username: 'demo' })
    // Back by navigateBack to the very page that was left, query and all.
    expect(runtime.stack()).toEqual(['/pages/order/order?id=7'])
    expect(runtime.navigations.map((n) => `${n.api} ${n.url ?? ''}`.trim())).toEqual([
      'navigateTo /pages/login/login',
      'navigateBack',
    ])
    expect(order.data.order).toMatchObject({ id: '7', title: '订单 #7', owner: 'demo' })
    expect(text(order, '.order')).toContain('订单 #7')

    const sent = runtime.calls
      .slice(calls)
      .map((c) => ({ method: c.method, url: c.url, token: !!c.header.Authorization }))
    expect(sent).toEqual([
      { method: 'POST', url: `${server.url}/auth/login`, token: false },
      { method: 'GET', url: `${server.url}/api/orders/7`, token: true },
    ])
    const after = await stats()
    expect(after.logins - before.logins).toBe(1)
    expect(after.refreshes - before.refreshes).toBe(0)
  })

  test('a wrong password says so, keeps the user on the login page, and signs nobody in', async () => {
    const before = await stats()
    await runtime.launch('/pages/order/order?id=3')
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    const login = top('pages/login/login')
    await fill(login, 'demo', 'wrong-password')
    const calls = runtime.calls.length
    login.querySelector('.submit')?.dispatchEvent('tap')
    await until('the answer', () => runtime.calls[calls]?.settled && !login.data.loading)
    expect(login.data.error).toBe('账号或密码错误')
    expect(text(login, '.message')).toBe('账号或密码错误')
    expect(auth.isSignedIn()).toBe(false)
    expect(runtime.stack()).toEqual(['/pages/order/order?id=3', '/pages/login/login'])
    expect((await stats()).logins).toBe(before.logins)
  })

  test('a network failure says so, not "wrong password"', async () => {
    await runtime.launch('/pages/login/login')
    const login = top('pages/login/login')
    await control('PUT', '/__control/faults', { dropRate: 1, paths: ['/auth/'] })
    try {
      await fill(login, 'demo', 'demo1234')
      login.querySelector('.submit')?.dispatchEvent('tap')
      await until('the failure', () => login.data.error)
    } finally {
      await control('PUT', '/__control/faults', { dropRate: 0, paths: [] })
    }
    expect(login.data.error).toBe('网络异常，请检查网络后重试')
    expect(auth.isSignedIn()).toBe(false)
  })

  test('without the agreement ticked nothing is sent', async () => {
    await runtime.launch('/pages/login/login')
    const login = top('pages/login/login')
    login.querySelector('.username')?.dispatchEvent('input', { detail: { value: 'demo' } })
    login.querySelector('.password')?.dispatchEvent('input', { detail: { value: 'demo1234' } })
    const calls = runtime.calls.length
    login.querySelector('.submit')?.dispatchEvent('tap')
    await runtime.flush()
    expect(login.data.error).toBe('请先阅读并同意《用户协议》和《隐私政策》')
    expect(runtime.calls.length).toBe(calls)
  })

  test('WeChat login: wx.login gives a code, POST /auth/wechat signs in, back to the page', async () => {
    const before = await stats()
    await runtime.launch('/pages/order/order?id=8')
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    const order = pageAt(0)
    const login = top('pages/login/login')
    login.querySelector('.agreement')?.dispatchEvent('change', { detail: { value: ['agreed'] } })
    const codes = runtime.loginCodes.length
    login.querySelector('.wechat')?.dispatchEvent('tap')

    await until('the order from the server', () => runtime.stack().length === 1 && order.data.order)
    const code = runtime.loginCodes[codes]
    expect(code).toMatch(/^code-\d+$/)
    const wechat = runtime.calls.find(
      (c) => c.url === `${server.url}/auth/wechat` && (c.data as { code?: string }).code === code,
    )
    expect(wechat?.header.Authorization).toBeUndefined()
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getUser()).toMatchObject({ nickname: '微信用户' })
    expect(runtime.stack()).toEqual(['/pages/order/order?id=8'])
    expect(order.data.order).toMatchObject({ id: '8', title: '订单 #8' })
    expect((await stats()).logins - before.logins).toBe(1)
  })

  test('WeChat login refused (the code "invalid") or unavailable (wx.login fails) shows the WeChat message', async () => {
    await runtime.launch('/pages/login/login')
    const login = top('pages/login/login')
    login.querySelector('.agreement')?.dispatchEvent('change', { detail: { value: ['agreed'] } })
    const login_ = wxApi.login
    wxApi.login = (o) => {
      Promise.resolve().then(() => o?.success?.({ code: 'invalid', errMsg: 'login:ok' }))
      return undefined
    }
    try {
      const calls = runtime.calls.length
      login.querySelector('.wechat')?.dispatchEvent('tap')
      await until('the refusal', () => login.data.error)
      expect(login.data.error).toBe('微信登录失败，请重试')
      expect(runtime.calls[calls]?.url).toBe(`${server.url}/auth/wechat`)
    } finally {
      wxApi.login = login_
    }
    login.setData({ error: '' })
    runtime.loginFails = true
    login.querySelector('.wechat')?.dispatchEvent('tap')
    await until('the failure', () => login.data.error)
    expect(login.data.error).toBe('微信登录失败，请重试')
    expect(auth.isSignedIn()).toBe(false)
  })

  test('the route guard (wx.navigateTo wrapped by installAuth) stops a signed-out user, and login goes on to the page', async () => {
    await runtime.launch('/pages/index/index')
    await until('the articles', () => (top('pages/index/index').data.articles as unknown[]).length > 0)
    const index = top('pages/index/index')
    index.querySelector('.open-order')?.dispatchEvent('tap')
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    // The guard went straight to login: the order page never opened.
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    const login = top('pages/login/login')
    await fill(login, 'demo', 'demo1234')
    login.querySelector('.submit')?.dispatchEvent('tap')
    await until(
      'the order page',
      () => runtime.current()?.route === 'pages/order/order' && top('pages/order/order').data.order,
    )
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/order?id=7'])
    expect(top('pages/order/order').data.order).toMatchObject({ id: '7' })
  })

  test('the protected tab page: a native tap while signed in shows the user from GET /api/me', async () => {
    await runtime.launch('/pages/index/index')
    const { data } = await new Promise<{ data: object }>((resolve, reject) =>
      http.request({
        url: `${server.url}/auth/login`,
        method: 'POST',
        header: {},
        data: { username: 'alice', password: 'alice1234' },
        success: (res) => resolve(res as { data: object }),
        fail: reject,
      }),
    )
    auth.signIn(data)
    runtime.tapTab('/pages/me/me')
    await until('the profile', () => top('pages/me/me').data.user)
    expect(top('pages/me/me').data).toMatchObject({ signedIn: true, user: { username: 'alice', nickname: 'Alice' } })
    expect(text(top('pages/me/me'), '.nickname')).toBe('Alice')
  })
})

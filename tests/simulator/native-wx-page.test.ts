/**
 * @jest-environment jsdom
 *
 * The native example's classic `Page()` page (`pages/orders/orders`) beside its `Component()`
 * pages, in miniprogram-simulate against the reference server. WeChat builds a page instance from
 * a Page() definition: its `data`, `setData`, and its functions as the instance's methods; the
 * simulator only loads components, so the definition is handed to it as one (template, data,
 * methods) — the same object WeChat receives. The home and login pages are the example's own
 * Component() pages; the package comes from the `miniprogram_npm/` layout of the real build.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate } from 'node:timers'
import simulate, { type RootComponent } from 'miniprogram-simulate'
import type { Auth } from '../../src/auth'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimePage } from '../../src/testing/mp-runtime'
import { loopbackHandler } from '../support/loopback'
import { layOutMiniprogram, type MiniprogramLayout, mockMiniprogramNpm } from '../support/miniprogram-npm'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'native-wx')

// biome-ignore lint/suspicious/noExplicitAny: pages' data differ; each test reads what it asserts on
type PageComponent = RootComponent<any, any, any>

jest.setTimeout(20000)

let server: RunningServer
let layout: MiniprogramLayout
let runtime: MiniProgramRuntime
let auth: Auth
let restore: () => void
const components = new Map<RuntimePage, PageComponent>()
const http = createNodePlatform()
const pageErrors: unknown[] = []

/** Lets HTTP answers (real I/O) and the runtime's microtasks run until `ready` holds; bounded. */
async function until(what: string, ready: () => unknown) {
  const deadline = Date.now() + 15000
  while (!ready()) {
    if (Date.now() > deadline)
      throw new Error(`waited 15 s for ${what}; the stack is ${JSON.stringify(runtime.stack())}`)
    await runtime.flush()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A control endpoint of the server (jsdom has no fetch: over the Node platform). */
function control(method: 'GET' | 'POST' | 'PUT', path: string, data?: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http.request({
      url: `${server.url}${path}`,
      method,
      header: {},
      data,
      success: (res) => (res.statusCode < 300 ? resolve(res.data) : reject(new Error(`${path}: ${res.statusCode}`))),
      fail: (e) => reject(new Error(`${path}: ${e.errMsg}`)),
    })
  })
}

function top(route: string): PageComponent {
  const page = runtime.current()
  const component = page && components.get(page)
  if (!page || page.route !== route || !component) {
    throw new Error(`expected ${route} on top, the stack is ${JSON.stringify(runtime.stack())}`)
  }
  return component
}

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

/**
 * A Page() file as WeChat takes it: the definition it passes to Page(), given to the simulator as
 * a component with the page's template, its data, and its functions as methods.
 */
function loadClassicPage(route: string): string {
  const host = globalThis as Record<string, unknown>
  let definition: Record<string, unknown> | undefined
  host.Page = (d: Record<string, unknown>) => {
    definition = d
  }
  try {
    require(join(layout.root, `${route}.js`))
  } finally {
    delete host.Page
  }
  if (!definition) throw new Error(`${route}.js did not call Page()`)
  const { data, ...rest } = definition
  const methods = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'function'))
  // The id, as the path-based load returns it (a string).
  return String(simulate.load({ template: readFileSync(join(layout.root, `${route}.wxml`), 'utf8'), data, methods }))
}

beforeAll(async () => {
  server = await startServer()
  layout = layOutMiniprogram({ example: EXAMPLE })
  writeFileSync(join(layout.root, 'config.js'), `module.exports = { API: ${JSON.stringify(server.url)} }\n`)
  mockMiniprogramNpm(layout.root)
  const appJson = JSON.parse(readFileSync(join(layout.root, 'app.json'), 'utf8')) as {
    pages: string[]
    tabBar: { list: Array<{ pagePath: string }> }
  }
  runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: appJson.tabBar },
    modalAnswer: true,
    handler: loopbackHandler(http),
  })
  restore = runtime.install()
  const { addInterceptor: _a, removeInterceptor: _r, getLocale: _g, setLocale: _s, ...wx } = runtime.api
  const host = globalThis as Record<string, unknown>
  host.wx = wx
  delete host.uni
  let app: { onLaunch?(o: object): void } = {}
  host.App = (definition: typeof app) => {
    app = definition
  }
  host.getApp = () => app
  require(join(layout.root, 'app.js'))
  app.onLaunch?.({})
  auth = (require(join(layout.root, 'session.js')) as { auth: Auth }).auth

  const ids: Record<string, string> = {
    'pages/index/index': simulate.load(join(layout.root, 'pages/index/index'), { rootPath: layout.root }),
    'pages/login/login': simulate.load(join(layout.root, 'pages/login/login'), { rootPath: layout.root }),
    'pages/orders/orders': loadClassicPage('pages/orders/orders'),
  }
  for (const [route, id] of Object.entries(ids)) {
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
      onUnload() {
        components.get(this)?.detach()
        components.delete(this)
      },
    })
  }
}, 30000)

afterAll(async () => {
  await auth?.signOut()
  restore?.()
  layout?.remove()
  await server?.stop()
})

beforeEach(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void pageErrors.push(args))
  pageErrors.length = 0
})

afterEach(() => {
  jest.restoreAllMocks()
  expect(pageErrors).toEqual([])
})

const text = (component: PageComponent, selector: string) =>
  component.querySelectorAll(selector).map((node) => node.dom?.textContent ?? '')

async function fillAndSubmit(login: PageComponent) {
  login.querySelector('.agreement')?.dispatchEvent('change', { detail: { value: ['agreed'] } })
  login.querySelector('.username')?.dispatchEvent('input', { detail: { value: 'demo' } })
  login.querySelector('.password')?.dispatchEvent('input', { detail: { value: 'demo1234' } })
  await runtime.flush()
  login.querySelector('.submit')?.dispatchEvent('tap')
}

describe('a classic Page() beside Component() pages', () => {
  test("signed out, the home page's tap goes to login (the guard); after login the Page() shows three orders", async () => {
    await runtime.launch('/pages/index/index')
    top('pages/index/index').querySelector('.open-orders')?.dispatchEvent('tap')
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])

    await fillAndSubmit(top('pages/login/login'))
    await until(
      'the orders',
      () => runtime.current()?.route === 'pages/orders/orders' && top('pages/orders/orders').data.orders.length === 3,
    )
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/orders/orders'])
    expect(text(top('pages/orders/orders'), '.order')).toEqual([
      '订单 #1 · ¥37.99',
      '订单 #2 · ¥74.99',
      '订单 #3 · ¥111.99',
    ])
  })

  test('on an expired access token, its three requests make one refresh', async () => {
    await control('POST', '/__control/reset')
    await control('POST', '/__control/expire-access', { username: 'demo' })
    const page = top('pages/orders/orders')
    page.setData({ orders: [] })
    call(page, 'onShow')
    await until('the orders', () => page.data.orders.length === 3)
    expect(((await control('GET', '/__control/stats')) as { refreshes: number }).refreshes).toBe(1)
  })

  test('a session ended elsewhere: one modal, no error on the page, login, back to the page with its orders', async () => {
    await control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    const page = top('pages/orders/orders')
    page.setData({ orders: [] })
    const modals = runtime.modals.length
    call(page, 'onShow')
    await until('the login page', () => runtime.current()?.route === 'pages/login/login')
    expect(runtime.modals.slice(modals).map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
    expect(page.data.error).toBe('')
    expect(text(page, '.error')).toEqual([])

    await fillAndSubmit(top('pages/login/login'))
    await until('the orders', () => runtime.stack().length === 2 && page.data.orders.length === 3)
    expect(runtime.current()?.route).toBe('pages/orders/orders')
  })
})

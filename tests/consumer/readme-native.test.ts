/**
 * The native WeChat guide (docs/en/hosts/wechat.md), as a new user copies it: the blocks marked
 * `<!-- file: native/<path> -->` are written over the native example's files (session.js, app.js,
 * pages/orders/orders.js) in the layout WeChat DevTools' "build npm" makes, with the package's
 * `miniprogram` build taken from the packed tarball (`npm pack`), as `npm install` of it would
 * bring. Then the app launches under the project's mini program runtime, the README's classic
 * `Page()` runs through its lifecycle, and its requests go to the reference server (the guide's
 * `https://api.example.com`, sent to loopback).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Auth, Requester } from '../../src/lib'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimePage } from '../../src/testing/mp-runtime'
import { filesFor } from '../support/markdown'
import { layOutMiniprogram, type MiniprogramLayout, mockMiniprogramNpm } from '../support/miniprogram-npm'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'
import { packLibrary, ROOT, unpack } from '../support/uni-consumer'

jest.setTimeout(60_000)

const README = readFileSync(join(ROOT, 'docs', 'en', 'hosts', 'wechat.md'), 'utf8')
const EXAMPLE = join(ROOT, 'examples', 'native-wx')
const API = 'https://api.example.com'
const BLOCKS = filesFor(README, 'native')

interface PageDefinition {
  data: Record<string, unknown>
  [hook: string]: unknown
}
/** A page instance as WeChat makes one from a Page() definition: its data, setData, and its functions. */
type PageInstance = PageDefinition & { setData(patch: Record<string, unknown>): void }

let tmp: string
let layout: MiniprogramLayout
let server: RunningServer
let runtime: MiniProgramRuntime
let uninstall: () => void
let session: { auth: Auth; request: Requester }
const definitions = new Map<string, PageDefinition>()
const instances = new Map<RuntimePage, PageInstance>()

/** Lets answers from the server (real I/O) and the runtime's microtasks run until `ready` holds. */
async function until(what: string, ready: () => unknown) {
  const deadline = Date.now() + 15_000
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`waited 15 s for ${what}; stack ${JSON.stringify(runtime.stack())}`)
    await runtime.flush()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const ordersPage = () => {
  const page = runtime.current()
  const instance = page && instances.get(page)
  if (page?.route !== 'pages/orders/orders' || !instance) throw new Error(`orders is not on top: ${runtime.stack()}`)
  return instance
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'uni-session-readme-native-'))
  const installed = join(tmp, 'node_modules', 'uni-session')
  unpack(packLibrary(tmp), installed)
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { miniprogram: string }
  // What build npm copies: the folder the installed package's `miniprogram` field names.
  layout = layOutMiniprogram({ example: EXAMPLE, dist: join(installed, pkg.miniprogram) })
  for (const [path, code] of Object.entries(BLOCKS)) writeFileSync(join(layout.root, path), code)
  mockMiniprogramNpm(layout.root)

  server = await startServer(['--single-session'])
  const node = createNodePlatform()
  const appJson = JSON.parse(readFileSync(join(layout.root, 'app.json'), 'utf8')) as {
    pages: string[]
    tabBar: { list: Array<{ pagePath: string }> }
  }
  runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: appJson.tabBar },
    modalAnswer: true,
    handler: (call) => {
      if (!call.url.startsWith(API)) throw new Error(`a request outside the app's API: ${call.url}`)
      node.request({
        ...(call.options as Parameters<typeof node.request>[0]),
        url: server.url + call.url.slice(API.length),
        success: (res) => call.respond({ statusCode: res.statusCode, data: res.data, header: res.header }),
        fail: (err) => call.fail(err.errMsg),
      })
      return undefined
    },
  })
  uninstall = runtime.install()
  const host = globalThis as Record<string, unknown>
  // WeChat's wx: the runtime's api without uni's extras (no interceptors).
  const { addInterceptor: _a, removeInterceptor: _r, getLocale: _g, setLocale: _s, ...wx } = runtime.api
  host.wx = wx
  delete host.uni
  let app: { onLaunch?(): void } = {}
  host.App = (definition: typeof app) => {
    app = definition
  }
  host.getApp = () => app
  let loading = ''
  host.Page = (definition: PageDefinition) => definitions.set(loading, definition)

  require(join(layout.root, 'app.js'))
  app.onLaunch?.()
  session = require(join(layout.root, 'session.js'))

  loading = 'pages/orders/orders'
  require(join(layout.root, 'pages/orders/orders.js'))
  const orders = definitions.get(loading)
  if (!orders) throw new Error('pages/orders/orders.js did not call Page()')
  runtime.definePage('pages/orders/orders', {
    onLoad() {
      const instance: PageInstance = {
        ...orders,
        data: { ...orders.data },
        setData(patch) {
          Object.assign(this.data, patch)
        },
      }
      instances.set(this, instance)
    },
    onShow() {
      ;(instances.get(this)?.onShow as (() => void) | undefined)?.call(instances.get(this))
    },
  })
})

afterAll(async () => {
  await session?.auth.signOut()
  uninstall?.()
  layout?.remove()
  await server?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function logIn() {
  const { data } = await session.request.post<{ user: unknown }>(
    '/auth/login',
    { username: 'demo', password: 'demo1234' },
    { auth: false },
  )
  session.auth.signIn(data, data.user)
}

test("the guide has the three native blocks, and its page is the example's orders page as it stands", () => {
  expect(Object.keys(BLOCKS).sort()).toEqual(['app.js', 'pages/orders/orders.js', 'session.js'])
  expect(BLOCKS['pages/orders/orders.js']).toBe(readFileSync(join(EXAMPLE, 'pages/orders/orders.js'), 'utf8'))
})

test('signed out, the route guard from the app.js block sends wx.navigateTo to the page to the login page', async () => {
  await runtime.launch('/pages/index/index')
  ;(globalThis as unknown as { wx: MiniProgramRuntime['api'] }).wx.navigateTo({ url: '/pages/orders/orders' })
  await until('the login page', () => runtime.current()?.route === 'pages/login/login')
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
})

test('after login the page loads its three orders; on an expired token they make one refresh', async () => {
  await logIn()
  await session.auth.returnAfterLogin()
  await until('the orders', () => (ordersPage().data.orders as unknown[]).length === 3)
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/orders/orders'])

  await server.control('POST', '/__control/reset')
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  const page = ordersPage()
  page.setData({ orders: [] })
  ;(page.load as () => Promise<void>).call(page)
  await until('the orders again', () => (page.data.orders as unknown[]).length === 3)
  expect(page.data.orders).toMatchObject([{ id: '1' }, { id: '2' }, { id: '3' }])
  expect((await server.stats()).refreshes).toBe(1)
})

test('a session ended elsewhere: one modal, the page shows no error of its own, login brings it back loaded', async () => {
  await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
  const page = ordersPage()
  page.setData({ orders: [] })
  const modals = runtime.modals.length
  await (page.load as () => Promise<void>).call(page)
  await until('the login page', () => runtime.current()?.route === 'pages/login/login')
  expect(runtime.modals.slice(modals).map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
  expect(page.data.error).toBe('')

  await logIn()
  await session.auth.returnAfterLogin()
  await until('the orders', () => runtime.stack().length === 2 && (page.data.orders as unknown[]).length === 3)
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/orders/orders'])
})

test("a network failure is the page's to show", async () => {
  const page = ordersPage()
  await server.control('PUT', '/__control/faults', { dropRate: 1, paths: ['/api/'] })
  try {
    await (page.load as () => Promise<void>).call(page)
  } finally {
    await server.control('PUT', '/__control/faults', { dropRate: 0, paths: [] })
  }
  expect(page.data.error).toBe('加载失败，请稍后重试')
  expect(session.auth.isSignedIn()).toBe(true)
})

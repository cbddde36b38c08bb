/**
 * The compiled uni-app output (dist/build/mp-weixin), loaded as WeChat would
 * load it, under the project's mini program runtime, against the real
 * reference server over loopback. Builds the app first when the output is
 * missing or older than the sources.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureUniBuild } from '../../server/h5-build'
import { createMiniProgramRuntime, type MiniProgramRuntime } from '../../src/testing/mp-runtime'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(120_000)

const ROOT = join(__dirname, '..', '..')
const OUT = join(ROOT, 'dist', 'build', 'mp-weixin')
/** What the compiled app calls: the demo's API base for mini program builds. */
const BUILT_BASE = 'http://127.0.0.1:8787'

interface CompiledSession {
  auth: import('../../src/auth').Auth
  request: import('../../src/utils/request').Requester
}

let server: RunningServer
let runtime: MiniProgramRuntime
let uninstall: () => void
let appOptions: { onLaunch?(o: object): void; onShow?(o: object): void } = {}
const components = new Map<string, { methods?: Record<string, (...a: unknown[]) => unknown> }>()

beforeAll(async () => {
  ensureUniBuild(ROOT, 'mp-weixin')
  server = await startServer(['--single-session'])
  const node = createNodePlatform()
  const appJson = JSON.parse(readFileSync(join(OUT, 'app.json'), 'utf8')) as { pages: string[]; tabBar?: never }
  runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: appJson.tabBar },
    // Requests leave the runtime over real HTTP, to the test server instead of the built-in base.
    handler: (call) => {
      const url = call.url.replace(BUILT_BASE, server.url)
      const o = call.options as Parameters<typeof node.request>[0]
      node.request({
        ...o,
        url,
        success: (res) => call.respond({ statusCode: res.statusCode, data: res.data, header: res.header }),
        fail: (err) => call.fail(err.errMsg),
      })
      return undefined
    },
  })
  uninstall = runtime.install()
  const g = globalThis as Record<string, unknown>
  g.App = (options: typeof appOptions) => {
    appOptions = options
  }
  g.getApp = () => appOptions
  g.Component = (options: { methods?: Record<string, (...a: unknown[]) => unknown> }) => {
    components.set(String(g.__loading), options)
  }
  g.Page = g.Component
  // Like WeChat: the app script first (it loads common/vendor.js), then onLaunch.
  require(join(OUT, 'app.js'))
  await runtime.launch('/pages/index/index')
  appOptions.onLaunch?.call(appOptions, { path: 'pages/index/index', query: {} })
  appOptions.onShow?.call(appOptions, { path: 'pages/index/index', query: {} })
})

afterAll(async () => {
  // Signing out stops the demo session's autoRefresh timer, which would keep the process alive.
  await session().auth.signOut()
  uninstall?.()
  await server?.stop()
})

const session = (): CompiledSession => require(join(OUT, 'session.js'))

async function settle() {
  for (let i = 0; i < 5; i++) await runtime.flush()
}

async function logIn(username = 'demo') {
  const { auth, request } = session()
  const res = await request.post<{ user: unknown }>(
    '/auth/login',
    { username, password: `${username}1234` },
    { auth: false },
  )
  auth.signIn(res.data, res.data.user)
}

test('the compiled app registers a page through Component() and its session through the uni API', () => {
  require(join(OUT, 'pages/order/detail.js'))
  expect(components.size).toBeGreaterThan(0)
  expect(typeof session().auth.refresh).toBe('function')
})

test('after a forced expiry, the protected page requests make one refresh', async () => {
  await logIn()
  await server.control('POST', '/__control/reset')
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  const { request } = session()
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => request.get(`/api/orders/${i + 1}`, { auth: true })),
  )
  expect(results.every((r) => r.statusCode === 200)).toBe(true)
  expect((await server.stats()).refreshes).toBe(1)
})

test('a credentials_error shows one modal (the listener from onLaunch) and goes to the login page; logging in returns', async () => {
  await logIn()
  runtime.api.navigateTo?.({ url: '/pages/order/detail?id=7' })
  await settle()
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail?id=7'])
  await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
  const modalsBefore = runtime.modals.length
  const { request, auth } = session()
  await Promise.all(Array.from({ length: 20 }, () => request.get('/api/me').catch(() => undefined)))
  await settle()
  expect(runtime.modals.length - modalsBefore).toBe(1)
  expect(runtime.modals.slice(-1)[0]?.options.title).toBe('账号已在其他设备登录')
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail?id=7', '/pages/login/login'])
  await logIn()
  await auth.returnAfterLogin()
  await settle()
  expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/detail?id=7'])
})

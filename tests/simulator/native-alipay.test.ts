/**
 * The native Alipay example (`examples/native-alipay`) under the project's mini program runtime,
 * the way tests/simulator/native-wx.test.ts runs the WeChat one: its `App()` and `Page()` files
 * load as they are, `require('uni-session')` and `require('uni-session/platforms')` load the real
 * `npm run build:lib` output (CommonJS, as the package's `exports` give it), and the app talks to
 * Alipay's `my` only, a facade over the runtime shaped as `my` is (tests/support/fake-my.ts): HTTP
 * errors through `fail` (error 19), `{ key }` storage, `my.confirm`, and no `wx`, `uni` or
 * `__wxConfig` anywhere. Requests are answered by an in-memory backend with the reference server's
 * wire shapes (`{ code, msg }` errors, rotating refresh tokens, a forced expiry, a sign-in
 * elsewhere), under fake timers.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Auth } from '../../src/auth'
import { createMiniProgramRuntime, type MiniProgramRuntime, type ScriptedCall } from '../../src/testing/mp-runtime'
import { type AlipayPages, hostAlipayPages, type PageInstance } from '../support/alipay-pages'
import { createFakeMy, type FakeMy } from '../support/fake-my'
import { ensureMiniprogramBuild } from '../support/miniprogram-npm'
import { useFakeClock } from '../support/setup'

const ROOT = join(__dirname, '..', '..')
const EXAMPLE = join(ROOT, 'examples', 'native-alipay')
const PAGES = ['pages/index/index', 'pages/login/login', 'pages/me/me', 'pages/order/order'] as const
const { API } = require(join(EXAMPLE, 'config.js')) as { API: string }

/** The reference server's answers, in memory: demo / demo1234, sessions with rotating tokens. */
function createBackend() {
  interface Session {
    id: number
    generation: number
    replaced: boolean
  }
  const sessions: Session[] = []
  /** Access tokens issued before this are expired (the server's "expire access" switch). */
  let validAfter = 0
  let issued = 0
  const user = { id: 1, username: 'demo', nickname: '演示用户' }
  const tokens = (s: Session) => ({
    tokenType: 'Bearer',
    accessToken: `at-${s.id}-${s.generation}-${++issued}`,
    refreshToken: `rt-${s.id}-${s.generation}`,
    expiresIn: 7200,
    refreshExpiresIn: 2592000,
  })
  const fail = (statusCode: number, code: string, msg: string) => ({ statusCode, data: { code, msg } })
  /** The session an access token belongs to, or why not. */
  const authenticate = (call: ScriptedCall) => {
    const match = /^Bearer at-(\d+)-(\d+)-(\d+)$/.exec(call.header.Authorization ?? '')
    if (!match) return fail(401, 'TOKEN_MISSING', 'an access token is required')
    const s = sessions[Number(match[1]) - 1]
    if (!s) return fail(401, 'TOKEN_INVALID', 'the access token is not valid')
    if (s.replaced) return fail(401, 'TOKEN_UPDATED', 'the account signed in on another device')
    if (Number(match[2]) !== s.generation || Number(match[3]) <= validAfter) {
      return fail(401, 'TOKEN_EXPIRED', 'the access token has expired')
    }
    return undefined
  }
  const backend = {
    logins: 0,
    refreshes: 0,
    expireAccess() {
      validAfter = issued
    },
    /** The demo account signs in on another device: its sessions here are replaced. */
    signInElsewhere() {
      for (const s of sessions) s.replaced = true
    },
    handle(call: ScriptedCall) {
      const path = call.url.slice(API.length).replace(/\?.*/, '')
      const body = (call.data ?? {}) as Record<string, string>
      if (call.method === 'POST' && path === '/auth/login') {
        if (body.username !== 'demo' || body.password !== 'demo1234') {
          return fail(401, 'INVALID_CREDENTIALS', 'wrong account or password')
        }
        backend.logins++
        const s = { id: sessions.length + 1, generation: 1, replaced: false }
        sessions.push(s)
        return { statusCode: 200, data: { ...tokens(s), user } }
      }
      if (call.method === 'POST' && path === '/auth/refresh') {
        backend.refreshes++
        const match = /^rt-(\d+)-(\d+)$/.exec(body.refreshToken ?? '')
        const s = match && sessions[Number(match[1]) - 1]
        if (!s || Number(match[2]) !== s.generation)
          return fail(401, 'REFRESH_INVALID', 'the refresh token is not valid')
        if (s.replaced) return fail(401, 'TOKEN_UPDATED', 'the account signed in on another device')
        s.generation++
        return { statusCode: 200, data: tokens(s) }
      }
      if (call.method === 'POST' && path === '/auth/logout') return { statusCode: 204, data: '' }
      if (call.method === 'GET' && path === '/api/articles') {
        return { statusCode: 200, data: [1, 2, 3].map((id) => ({ id, title: `文章 ${id}` })) }
      }
      const refused = authenticate(call)
      if (refused) return refused
      if (call.method === 'GET' && path === '/api/me') return { statusCode: 200, data: user }
      const order = /^\/api\/orders\/(\d+)$/.exec(path)
      if (call.method === 'GET' && order) {
        const id = Number(order[1])
        return { statusCode: 200, data: { id: String(id), title: `订单 #${id}`, amount: id + 0.99, owner: 'demo' } }
      }
      return fail(404, 'NOT_FOUND', 'no such route')
    },
  }
  return backend
}

interface AppDefinition {
  onLaunch?(options: object): void
}

const host = globalThis as Record<string, unknown>
const GLOBALS = ['my', 'App', 'getApp', 'Page', 'getCurrentPages', 'wx', 'uni', '__wxConfig'] as const
const saved = GLOBALS.map((k) => [k, Object.getOwnPropertyDescriptor(host, k)] as const)

let backend: ReturnType<typeof createBackend>
let runtime: MiniProgramRuntime
let my: FakeMy
let pages: AlipayPages
let auth: Auth

beforeAll(() => {
  // The package as the app's node_modules holds it: the CommonJS files its `exports` name.
  ensureMiniprogramBuild()
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, { require: { default: string } }>
  }
  for (const [name, key] of [
    ['uni-session', '.'],
    ['uni-session/platforms', './platforms'],
  ] as const) {
    const file = join(ROOT, (pkg.exports[key] as { require: { default: string } }).require.default)
    if (!existsSync(file)) throw new Error(`no ${file}: run \`npm run build:lib\``)
    jest.doMock(name, () => require(file), { virtual: true })
  }
})

afterAll(() => {
  for (const [key, descriptor] of saved) {
    if (descriptor) Object.defineProperty(host, key, descriptor)
    else delete host[key]
  }
})

beforeEach(async () => {
  useFakeClock()
  jest.resetModules()
  backend = createBackend()
  const appJson = JSON.parse(readFileSync(join(EXAMPLE, 'app.json'), 'utf8')) as {
    pages: string[]
    tabBar: { items: Array<{ pagePath: string }> }
  }
  runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: { list: appJson.tabBar.items } },
    handler: (call) => backend.handle(call),
  })
  // Alipay's globals only: `my`, App/Page/getApp/getCurrentPages. No wx, uni or __wxConfig.
  for (const key of ['wx', 'uni', '__wxConfig']) delete host[key]
  my = createFakeMy(runtime.api)
  host.my = my
  let app: AppDefinition = {}
  host.App = (definition: AppDefinition) => {
    app = definition
  }
  host.getApp = () => app
  pages = hostAlipayPages(runtime, EXAMPLE, PAGES, host)
  host.getCurrentPages = pages.getCurrentPages

  require(join(EXAMPLE, 'app.js'))
  app.onLaunch?.({})
  auth = (require(join(EXAMPLE, 'session.js')) as { auth: Auth }).auth
})

afterEach(async () => {
  await runtime.flush()
  expect(pages.errors).toEqual([])
  expect(runtime.errors).toEqual([])
  jest.useRealTimers()
})

/** The instance on top, checked to be `route`. */
function top(route: (typeof PAGES)[number]): PageInstance {
  const page = pages.top()
  if (!page || page.route !== route) throw new Error(`expected ${route} on top, the stack is ${runtime.stack()}`)
  return page
}

/** The user fills the form and taps 登录 (Alipay's input events: `e.detail.value`). */
async function logIn(username = 'demo', password = 'demo1234') {
  const login = top('pages/login/login')
  pages.call(login, 'onAgreementChange', { detail: { value: ['agreed'] } })
  pages.call(login, 'onUsernameInput', { detail: { value: username } })
  pages.call(login, 'onPasswordInput', { detail: { value: password } })
  await pages.call(login, 'submit')
  await runtime.flush()
}

const authorizations = (from: number) => runtime.calls.slice(from).map((c) => c.header.Authorization)

describe('the native Alipay example under the runtime, on a my-shaped host', () => {
  test('the app runs on alipay(my): the session is the package build, on no wx or uni', () => {
    const built = require(join(ROOT, 'dist/lib/cjs/platforms.cjs')) as Record<string, unknown>
    expect(require('uni-session/platforms')).toBe(built)
    expect(auth.platform.methods).toBe(built.ALIPAY_METHODS)
    expect(host.wx).toBeUndefined()
    expect(host.uni).toBeUndefined()
    // The session record went nowhere yet; my's storage answers { data: null } for it.
    expect(my.getStorageSync({ key: 'uni-session' })).toEqual({ data: null })
  })

  test('sign in, a forced expiry makes one refresh for ten requests, a kick makes one my.confirm, login, and back to the page', async () => {
    await runtime.launch('/pages/index/index')
    expect(top('pages/index/index').data.articles).toHaveLength(3)

    // Sign in: the "me" tab, protected, sends the user to log in and back.
    runtime.tapTab('/pages/me/me')
    await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/me/me', '/pages/login/login'])
    await logIn()
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect(auth.isSignedIn()).toBe(true)
    expect(backend.logins).toBe(1)
    const me = top('pages/me/me')
    expect(me.data.user).toMatchObject({ nickname: '演示用户' })
    expect(me.data.orders).toHaveLength(10)
    // Every request went out through my.request with `headers`.
    expect(my.requests.every((r) => 'headers' in r && !('header' in r))).toBe(true)

    // A forced expiry: ten requests at once on the host's 10 slots (nine for the app, one kept for
    // the refresh): nine 401s through fail (error 19), one refresh; the tenth, queued, waits for it
    // instead of going out with the refused token; ten requests with the new token.
    backend.expireAccess()
    const before = { calls: runtime.calls.length, httpErrors: my.httpErrors, refreshes: backend.refreshes }
    await pages.call(me, 'reloadOrders')
    await runtime.flush()
    expect(backend.refreshes - before.refreshes).toBe(1)
    expect(my.httpErrors - before.httpErrors).toBe(9)
    const sent = authorizations(before.calls)
    expect(sent).toHaveLength(20)
    const [stale, fresh] = [sent[0], auth.getTokens()?.accessToken]
    expect(sent.filter((a) => a === stale)).toHaveLength(9)
    expect(sent.filter((a) => a === `Bearer ${fresh}`)).toHaveLength(10)
    expect(me.data.error).toBe('')
    expect(me.data.orders).toHaveLength(10)
    expect(my.confirms).toEqual([])

    // A kick: the account signs in elsewhere; ten requests fail, one my.confirm, one trip to login.
    backend.signInElsewhere()
    const navigations = runtime.navigations.length
    await pages.call(me, 'reloadOrders')
    await runtime.flush()
    expect(my.confirms).toEqual([
      {
        title: '账号已在其他设备登录',
        content: '如非本人操作，请重新登录并修改密码。',
        confirmButtonText: '重新登录',
        cancelButtonText: '取消',
      },
    ])
    expect(runtime.modals).toHaveLength(1)
    expect(auth.isSignedIn()).toBe(false)
    expect(runtime.navigations.slice(navigations).map((n) => `${n.api} ${n.url}`)).toEqual([
      'navigateTo /pages/login/login',
    ])
    expect(runtime.stack()).toEqual(['/pages/me/me', '/pages/login/login'])

    await logIn()
    expect(backend.logins).toBe(2)
    expect(runtime.stack()).toEqual(['/pages/me/me'])
    expect(runtime.navigations.slice(navigations).map((n) => n.api)).toEqual(['navigateTo', 'navigateBack'])
    expect(top('pages/me/me')).toBe(me)
    expect(me.data.orders).toHaveLength(10)
    expect(my.confirms).toHaveLength(1)
  })

  test('a protected page with a query, opened signed out: login, back to the same page, its order loads', async () => {
    await runtime.launch('/pages/index/index')
    pages.call(top('pages/index/index'), 'openOrder', { target: { dataset: { id: '7' } } })
    await runtime.flush()
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/order?id=7', '/pages/login/login'])
    // Alipay's pages carry no query: the saved route is the page's route alone.
    expect(pages.getCurrentPages()[1]).not.toHaveProperty('options')
    await logIn()
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/order/order?id=7'])
    expect(top('pages/order/order').data.order).toMatchObject({ id: '7', title: '订单 #7' })
  })

  test('a wrong password says so and signs nobody in: a 401 through fail is a refusal, not a network error', async () => {
    await runtime.launch('/pages/login/login')
    await logIn('demo', 'wrong-password')
    expect(top('pages/login/login').data.error).toBe('账号或密码错误')
    expect(auth.isSignedIn()).toBe(false)
    expect(my.httpErrors).toBe(1)
  })

  test('a login with nowhere to go back to lands on the home tab by switchTab: the tab bar comes from session.js', async () => {
    await runtime.launch('/pages/login/login')
    await logIn()
    // Alipay exposes no tab bar to code; without TAB_BAR this would be a failed redirectTo, then reLaunch.
    expect(runtime.navigations.map((n) => `${n.api} ${n.url} ${n.ok}`)).toEqual(['switchTab /pages/index/index true'])
    expect(runtime.stack()).toEqual(['/pages/index/index'])
  })

  test('the session is kept in my storage ({ key, data }) and read back by a new launch', async () => {
    await runtime.launch('/pages/login/login')
    await logIn()
    expect(my.getStorageSync({ key: 'uni-session' })?.data).toMatchObject({ tokens: { refreshToken: 'rt-1-1' } })
    jest.resetModules()
    const again = (require(join(EXAMPLE, 'session.js')) as { auth: Auth }).auth
    expect(again).not.toBe(auth)
    expect(again.isSignedIn()).toBe(true)
  })
})

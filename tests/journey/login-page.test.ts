/** The login page's logic and the pinia store, on the mini program runtime. */
import { createPinia, setActivePinia } from 'pinia'
import { createAuth, installAuth } from '../../src/auth'
import { useLoginForm } from '../../src/pages/login/login-form'
import pagesJson from '../../src/pages.json'
import { defineAuthStore } from '../../src/store/define-auth-store'
import { createMiniProgramRuntime } from '../../src/testing/mp-runtime'
import type { Reply, ScriptedCall } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(() => {
  useFakeClock()
  setActivePinia(createPinia())
})
afterEach(() => jest.useRealTimers())

const USER = { id: 1, username: 'demo', nickname: 'Demo' }

async function boot(options: { locale?: string; api?: (call: ScriptedCall) => Reply | 'hold' | undefined } = {}) {
  const server = createTokenServer()
  const loginCalls: ScriptedCall[] = []
  const runtime = createMiniProgramRuntime({
    pagesJson,
    locale: options.locale,
    handler: (call) => {
      const custom = options.api?.(call)
      if (custom === 'hold') return undefined
      if (custom) return custom
      if (call.url.endsWith('/auth/login')) {
        loginCalls.push(call)
        const { username, password } = call.data as { username: string; password: string }
        return username === 'demo' && password === 'demo1234'
          ? { statusCode: 200, data: { ...server.tokensFor(1), user: USER } }
          : { statusCode: 401, data: { code: 'INVALID_CREDENTIALS' } }
      }
      if (call.url.endsWith('/auth/wechat')) {
        loginCalls.push(call)
        return { statusCode: 200, data: { ...server.tokensFor(1), user: USER } }
      }
      return server.handle(call)
    },
  })
  const uninstall = runtime.install()
  const auth = createAuth({ platform: runtime.api, refresh: { url: server.refreshURL } })
  const request = createRequest({ baseURL: BASE, auth })
  installAuth(auth)
  const useAuthStore = defineAuthStore(auth, {
    login: async (credentials: object) =>
      (await request.post('code' in credentials ? '/auth/wechat' : '/auth/login', credentials, { auth: false })).data,
  })
  const store = useAuthStore()
  await runtime.launch('/pages/order/detail?id=7')
  await auth.redirectToLogin()
  await runtime.flush()
  const page = useLoginForm({ platform: runtime.api, login: store.login, done: auth.returnAfterLogin })
  return { server, runtime, auth, request, store, page, loginCalls, uninstall }
}

let world: Awaited<ReturnType<typeof boot>> | undefined
afterEach(() => world?.uninstall())
const start = async (options?: Parameters<typeof boot>[0]) => {
  world = await boot(options)
  return world
}

describe('the login page', () => {
  test('account + password login signs in, fills the store, and returns to the saved page', async () => {
    const w = await start()
    w.page.form.agreed = true
    w.page.form.username = ' demo '
    w.page.form.password = 'demo1234'
    await expect(w.page.submitPassword()).resolves.toBe(true)
    await w.runtime.flush()
    expect(w.loginCalls[0]?.data).toEqual({ username: 'demo', password: 'demo1234' })
    expect(w.loginCalls[0]?.header.Authorization).toBeUndefined()
    expect(w.store.isLoggedIn).toBe(true)
    expect(w.store.user).toEqual(USER)
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=7'])
  })

  test('WeChat login sends the uni.login code to /auth/wechat and returns to the saved page', async () => {
    const w = await start()
    w.page.form.agreed = true
    await expect(w.page.submitWechat()).resolves.toBe(true)
    await w.runtime.flush()
    expect(w.loginCalls.map((c) => c.data)).toEqual([{ code: 'code-1' }])
    expect(w.auth.getTokens()?.accessToken).toBe('at-1')
    expect(w.runtime.stack()).toEqual(['/pages/order/detail?id=7'])
  })

  test('a wrong password says so, stays on the page and keeps the user signed out', async () => {
    const w = await start()
    w.page.form.agreed = true
    w.page.form.username = 'demo'
    w.page.form.password = 'wrong-password'
    await expect(w.page.submitPassword()).resolves.toBe(false)
    expect(w.page.form.error).toBe('账号或密码错误')
    expect(w.page.form.loading).toBe(false)
    expect(w.store.isLoggedIn).toBe(false)
    expect(w.runtime.stack().slice(-1)).toEqual(['/pages/login/login'])
  })

  test('a network failure gets its own message, not "wrong password"', async () => {
    const w = await start({ api: (call) => (call.url.endsWith('/auth/login') ? { fail: 'request:fail' } : undefined) })
    w.page.form.agreed = true
    w.page.form.username = 'demo'
    w.page.form.password = 'demo1234'
    await expect(w.page.submitPassword()).resolves.toBe(false)
    expect(w.page.form.error).toBe('网络异常，请检查网络后重试')
  })

  test('without the agreement ticked nothing is sent and the user is asked to accept it', async () => {
    const w = await start()
    w.page.form.username = 'demo'
    w.page.form.password = 'demo1234'
    await expect(w.page.submitPassword()).resolves.toBe(false)
    await expect(w.page.submitWechat()).resolves.toBe(false)
    expect(w.page.form.error).toContain('隐私政策')
    expect(w.loginCalls).toHaveLength(0)
    expect(w.runtime.loginCodes).toHaveLength(0)
  })

  test('fields are validated before anything is sent', async () => {
    const w = await start()
    w.page.form.agreed = true
    w.page.form.username = 'ab'
    w.page.form.password = '123'
    await expect(w.page.submitPassword()).resolves.toBe(false)
    expect(Object.keys(w.page.form.fieldErrors).sort()).toEqual(['password', 'username'])
    expect(w.loginCalls).toHaveLength(0)
  })

  test('the form shows loading while the login is under way, and a second tap is ignored', async () => {
    let held: ScriptedCall | undefined
    const w = await start({
      api: (call) => {
        if (!call.url.endsWith('/auth/login')) return undefined
        held = call
        return 'hold'
      },
    })
    w.page.form.agreed = true
    w.page.form.username = 'demo'
    w.page.form.password = 'demo1234'
    const first = w.page.submitPassword()
    await w.runtime.flush()
    expect(w.page.form.loading).toBe(true)
    await expect(w.page.submitPassword()).resolves.toBe(false)
    held?.respond({ statusCode: 200, data: { ...w.server.tokensFor(1), user: USER } })
    await expect(first).resolves.toBe(true)
    expect(w.page.form.loading).toBe(false)
  })

  test('English apps get English messages', async () => {
    const w = await start({ locale: 'en' })
    await w.page.submitPassword()
    expect(w.page.form.fieldErrors.username).toContain('Enter your account')
  })
})

describe('the store', () => {
  test('reflects a credentials_error raised inside the requester at once', async () => {
    const w = await start()
    w.auth.signIn(w.server.tokensFor(1), USER)
    expect(w.store.isLoggedIn).toBe(true)
    w.server.accessExpired = true
    w.server.refreshMode = 'reject'
    await w.request.get('/orders').catch(() => undefined)
    expect(w.store.isLoggedIn).toBe(false)
    expect(w.store.user).toBeUndefined()
    expect(w.store.lastEvent).toMatchObject({ eventType: 'credentials_error', reason: 'refresh_token_expired' })
  })

  test('shows a refresh made by the requester', async () => {
    const w = await start()
    w.auth.signIn(w.server.tokensFor(1), USER)
    w.server.accessExpired = true
    await w.request.get('/orders')
    expect(w.store.lastEvent?.eventType).toBe('token_refreshed')
    expect(w.store.isLoggedIn).toBe(true)
  })

  test('logout signs out and empties the store', async () => {
    const w = await start()
    w.auth.signIn(w.server.tokensFor(1), USER)
    await w.store.logout()
    expect(w.store.isLoggedIn).toBe(false)
    expect(w.auth.isSignedIn()).toBe(false)
  })

  test('the user profile is persisted with the session and read back on the next launch', async () => {
    const w = await start()
    w.auth.signIn(w.server.tokensFor(1), USER)
    setActivePinia(createPinia())
    const again = createAuth({ platform: w.runtime.api, refresh: { url: w.server.refreshURL } })
    const useStore = defineAuthStore(again, { login: async () => ({}), id: 'auth2' })
    expect(useStore().user).toEqual(USER)
    expect(useStore().isLoggedIn).toBe(true)
  })
})

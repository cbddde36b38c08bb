/**
 * `harmony(has)` and `kuaishou(ks)` from uni-session/platforms, over the testing runtime's `has` and
 * `ks` (src/testing/runtime/hosts: written from uni's layers for those hosts, which pass request,
 * storage, showModal, navigation and login through), through the real `createAuth` / `createRequest`.
 */
import { createAuth, type Platform, type PlatformLoginResult } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { harmony, kuaishou, type WxHost } from '../../src/platforms'
import { createMiniProgramRuntime } from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

describe.each([
  ['harmony', 'has', harmony],
  ['kuaishou', 'ks', kuaishou],
] as const)('%s(%s)', (host, _global, adapter) => {
  function boot() {
    const server = createTokenServer()
    const runtime = createMiniProgramRuntime({ pagesJson, host, handler: (call) => server.handle(call) })
    const platform: Platform = adapter(runtime.host as WxHost, { getCurrentPages: runtime.api.getCurrentPages })
    const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
    return { server, runtime, platform, auth, request: createRequest({ baseURL: BASE, auth }) }
  }

  test('ten requests on an expired token make one refresh and all succeed; the record is in the host storage', async () => {
    const { server, runtime, auth, request } = boot()
    auth.signIn(server.tokensFor(1))
    expect(runtime.storage.get('uni-session')).toMatchObject({ tokens: { accessToken: 'at-1' } })
    server.accessExpired = true
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/r/${i}`)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(server.refreshCalls).toBe(1)
    expect(auth.getTokens()?.accessToken).toBe('at-2')
  })

  test("login gives the host's code; navigation and the modal are the host's", async () => {
    const { platform, runtime } = boot()
    await runtime.launch()
    const result = await new Promise<PlatformLoginResult>((resolve, reject) =>
      platform.login?.({ success: resolve, fail: reject }),
    )
    expect(result).toMatchObject({ code: 'code-1' })
    await new Promise((resolve) => platform.navigateTo?.({ url: '/pages/login/login', success: resolve }))
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    await new Promise((resolve) => platform.showModal?.({ title: 't', content: 'c', success: resolve }))
    expect(runtime.modals.map((m) => m.host.api)).toEqual(['showModal'])
  })

  test('a dropped connection is a network failure and keeps the session', async () => {
    const { server, runtime, auth, request } = boot()
    auth.signIn(server.tokensFor(1))
    runtime.handler = () => ({ fail: 'request:fail' })
    await expect(request.get('/me', { retry: 0 })).rejects.toMatchObject({ name: 'NetworkError' })
    expect(auth.isSignedIn()).toBe(true)
  })
})

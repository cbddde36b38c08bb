/**
 * The module on the HarmonyOS App (uni-app `app-harmony`), under the runtime's 'app-harmony' profile
 * (src/testing/runtime/hosts/app-harmony.ts: uni's request over `@ohos.net.http`): response header
 * names arrive lower-cased, a POST without a content-type goes as a form, and the host's failure
 * texts are netstack's, not WeChat's (issue 24, item 4).
 *
 * The "server" here reads a body the way a real one does: by its content-type.
 */
import { createAuth, isAbortError, isNetworkError, isTimeoutError } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { oauth2, sliding } from '../../src/presets'
import {
  createMiniProgramRuntime,
  HARMONY_ERRORS,
  HARMONY_FORM,
  type Reply,
  type ScriptedCall,
} from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { unsignedJwt } from '../support/jwt'
import { BASE, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const REFRESH = `${BASE}/auth/refresh`

/** The body as a server reads it: JSON or a form, by the content-type the call went with. */
function bodyOf(call: ScriptedCall): Record<string, unknown> | undefined {
  const type = call.header['content-type'] ?? ''
  if (typeof call.data !== 'string') return undefined
  if (type.startsWith('application/json')) return JSON.parse(call.data)
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(call.data))
  return undefined
}

let uninstall: (() => void) | undefined
afterEach(() => {
  uninstall?.()
  uninstall = undefined
})

/** A runtime on app-harmony whose server answers `api` for everything but the refresh. */
function boot(api: (call: ScriptedCall) => Reply | undefined, auth: Parameters<typeof createAuth>[0] = {}) {
  const refreshes: ScriptedCall[] = []
  let access = 'a1'
  const runtime = createMiniProgramRuntime({
    pagesJson,
    host: 'app-harmony',
    handler: (call) => {
      if (call.url === REFRESH) {
        refreshes.push(call)
        if (bodyOf(call)?.refreshToken !== 'r1' && bodyOf(call)?.refresh_token !== 'r1') return { statusCode: 400 }
        access = 'a2'
        return { statusCode: 200, data: { accessToken: 'a2', refreshToken: 'r2', expiresIn: 7200 } }
      }
      if (call.header.authorization && call.header.authorization !== `Bearer ${access}`) return { statusCode: 401 }
      return api(call)
    },
  })
  uninstall = runtime.install()
  const session = createAuth({ platform: runtime.api, refresh: { url: REFRESH }, ...auth })
  const request = createRequest({ baseURL: BASE, auth: session })
  return { runtime, auth: session, request, refreshes }
}

const ok: Reply = { statusCode: 200, data: { ok: true } }

describe("uni's request on app-harmony, as the profile delivers it", () => {
  test("a POST without a content-type goes as a form (uni's default), every header name lower-cased", async () => {
    const { runtime } = boot(() => ok)
    await runtime.api.request({ url: `${BASE}/x`, method: 'POST', data: { a: 1 }, header: { 'X-Trace': 't' } } as never)
    expect(runtime.calls[0]?.header).toEqual({ 'x-trace': 't', 'content-type': HARMONY_FORM })
  })

  test("a GET's object data goes into the query after a '?', even where the URL has one (request.ts writes it so)", async () => {
    const { runtime } = boot(() => ok)
    await runtime.api.request({ url: `${BASE}/x?page=1`, method: 'GET', data: { q: 'a b' } } as never)
    expect(runtime.calls[0]?.url).toBe(`${BASE}/x?page=1?q=a%20b`)
  })

  test('response header names arrive lower-cased', async () => {
    const { runtime } = boot(() => ({ statusCode: 200, data: {}, header: { 'X-New-Token': 't', Date: 'd' } }))
    const header = await new Promise((resolve) =>
      runtime.api.request({ url: `${BASE}/x`, success: (res: { header: object }) => resolve(res.header) } as never),
    )
    expect(header).toEqual({ 'x-new-token': 't', date: 'd' })
  })
})

describe('the module on app-harmony', () => {
  test("the refresh call sends JSON with a JSON content-type, not uni's form default, and ten requests make one refresh", async () => {
    const { auth, request, refreshes } = boot(() => ok)
    auth.signIn({ accessToken: 'a0', refreshToken: 'r1', expiresIn: 7200 })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/r/${i}`)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]?.header['content-type']).toBe('application/json')
    expect(refreshes[0]?.data).toBe('{"refreshToken":"r1"}')
    expect(auth.getTokens()?.accessToken).toBe('a2')
  })

  test("the OAuth2 preset's refresh goes as the form it writes", async () => {
    const { auth, request, refreshes } = boot(() => ok, {
      ...oauth2({ tokenUrl: REFRESH, clientId: 'mini-app' }),
      parseTokens: (b: unknown) => b as { accessToken: string },
    })
    auth.signIn({ accessToken: 'a0', refreshToken: 'r1', expiresIn: 7200 })
    await request.get('/me')
    expect(refreshes[0]?.header['content-type']).toBe('application/x-www-form-urlencoded')
    expect(bodyOf(refreshes[0] as ScriptedCall)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r1',
      client_id: 'mini-app',
    })
  })

  test('a Retry-After that arrives as retry-after is waited for before the retry', async () => {
    let calls = 0
    const { request, runtime } = boot(() =>
      ++calls === 1 ? { statusCode: 503, data: {}, header: { 'Retry-After': '2' } } : ok,
    )
    const pending = request.get('/busy', { auth: false })
    await runtime.flush()
    expect(calls).toBe(1)
    await jest.advanceTimersByTimeAsync(1999)
    expect(calls).toBe(1)
    await jest.advanceTimersByTimeAsync(1)
    await expect(pending).resolves.toMatchObject({ statusCode: 200 })
    expect(calls).toBe(2)
  })

  test('a renewal read from a header (sliding) takes the fresh token though the header arrives lower-cased', async () => {
    const { auth, request } = boot(() => ({ statusCode: 200, data: {}, header: { 'X-New-Token': 'a-renewed' } }), {
      ...sliding({ header: 'X-New-Token' }),
    })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 7200 })
    await request.get('/me')
    expect(auth.getTokens()?.accessToken).toBe('a-renewed')
  })

  test("a JWT's exp is corrected by the refresh answer's Date, which arrives as date", async () => {
    const local = Date.now()
    const serverNow = local - 3600_000
    const { auth, request, runtime } = boot(() => ok)
    runtime.handler = (
      (inner) => (call: ScriptedCall) =>
        call.url === REFRESH
          ? {
              statusCode: 200,
              data: { accessToken: unsignedJwt({ exp: serverNow / 1000 + 600 }), refreshToken: 'r2' },
              header: { Date: new Date(serverNow).toUTCString() },
            }
          : inner?.(call)
    )(runtime.handler)
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 7200 })
    await auth.refresh()
    expect(auth.getTokens()?.expiresAt).toBe(local + 600_000)
    expect(request).toBeDefined()
  })

  test("an app's own POST goes as a form there unless it says JSON: a requester header { 'content-type': 'application/json' } makes it JSON", async () => {
    const { request, runtime } = boot(() => ok)
    await request.post('/orders', { sku: 1 }, { auth: false })
    expect(runtime.calls[0]?.header['content-type']).toBe(HARMONY_FORM)
    const json = createRequest({ baseURL: BASE, header: { 'content-type': 'application/json' } })
    await json.post('/orders', { sku: 1 })
    expect(runtime.calls[1]?.header['content-type']).toBe('application/json')
    expect(bodyOf(runtime.calls[1] as ScriptedCall)).toEqual({ sku: 1 })
  })

  test("a dropped connection is a NetworkError (netstack's text), and a refresh that cannot happen keeps the session", async () => {
    const { auth, request, runtime } = boot(() => ok)
    auth.signIn({ accessToken: 'a0', refreshToken: 'r1', expiresIn: 7200 })
    const inner = runtime.handler
    runtime.handler = (call) => (call.url === REFRESH ? { fail: 'request:fail' } : inner?.(call))
    const error = await request.get('/me', { retry: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isNetworkError(error)).toBe(true)
    expect((error as Error).message).toContain(HARMONY_ERRORS.connect)
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getTokens()?.refreshToken).toBe('r1')
  })

  test("a timeout is a TimeoutError: netstack's 'Timeout was reached'", async () => {
    const { request } = boot(() => undefined)
    const pending = request.get('/slow', { auth: false, retry: 0, timeout: 1000 })
    const caught = pending.then(
      () => undefined,
      (e: unknown) => e,
    )
    await jest.advanceTimersByTimeAsync(1000)
    const error = await caught
    expect(isTimeoutError(error)).toBe(true)
    expect((error as Error).message).toContain(HARMONY_ERRORS.timeout)
  })

  test("an abort is an AbortError, not a network failure, though the host's own abort text is netstack's write error", async () => {
    const { request, runtime } = boot(() => undefined)
    const pending = request.get('/slow', { auth: false })
    await runtime.flush()
    pending.abort()
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isAbortError(error)).toBe(true)
    expect(isNetworkError(error)).toBe(false)
    expect(runtime.calls[0]?.aborted).toBe(true)
    // What uni itself hands the app for that abort:
    const seen: Array<{ errMsg: string }> = []
    const task = runtime.api.request({ url: `${BASE}/slow`, fail: (e: { errMsg: string }) => seen.push(e) } as never)
    task?.abort()
    await runtime.flush()
    expect(seen).toEqual([{ errMsg: `request:fail ${HARMONY_ERRORS.abort}` }])
  })
})

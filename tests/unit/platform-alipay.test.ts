/**
 * The Alipay adapter (`alipay(my)` from uni-session/platforms) over a scripted `my` shaped as
 * `@mini-types/alipay` and Alipay's docs say (tests/support/fake-my.ts), through the real
 * `createAuth` / `createRequest`.
 */
import { createAuth, installAuth, isHTTPError, isNetworkError, isTimeoutError, isUniSessionError } from '../../src/auth'
import { alipay } from '../../src/platforms'
import { createScriptedPlatform, type Handler } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { createFakeMy } from '../support/fake-my'
import { BASE, flush, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

/** A token server behind a scripted `wx`, a `my` over it, the adapter, a session signed in with generation 1. */
function setup(handler?: Handler) {
  const server = createTokenServer()
  const wx = createScriptedPlatform(handler ?? ((call) => server.handle(call)))
  const my = createFakeMy(wx)
  const platform = alipay(my)
  const auth = createAuth({
    platform,
    refresh: { url: server.refreshURL },
    pages: ['/pages/index/index', '/pages/login/login'],
    tabBarPages: [],
  })
  auth.signIn(server.tokensFor(1))
  const request = createRequest({ baseURL: BASE, auth })
  return { server, wx, my, platform, auth, request }
}

describe('my.request', () => {
  test('gets the header as `headers` and answers status/headers as statusCode/header', async () => {
    const { request, my, wx } = setup(() => ({ statusCode: 201, data: { id: 7 }, header: { 'X-Id': '7' } }))
    const res = await request.post('/orders', { sku: 1 }, { header: { 'X-Trace': 't' }, timeout: 5000 })
    expect(res).toEqual({ statusCode: 201, data: { id: 7 }, header: { 'X-Id': '7' } })
    const [sent] = my.requests
    expect(sent).toMatchObject({
      url: `${BASE}/orders`,
      method: 'POST',
      headers: { 'X-Trace': 't', Authorization: 'Bearer at-1' },
      data: { sku: 1 },
      timeout: 5000,
    })
    expect(sent).not.toHaveProperty('header')
    expect(sent).not.toHaveProperty('responseType')
    expect(wx.calls[0]?.header).toEqual({ 'X-Trace': 't', Authorization: 'Bearer at-1' })
  })

  test('an HTTP error through fail (error 19) is a response: a 500 rejects as HTTPError with its status and body', async () => {
    const { request } = setup(() => ({ statusCode: 500, data: { msg: 'boom' }, header: { 'retry-after': '0' } }))
    const error = await request.post('/orders', {}).catch((e: unknown) => e)
    expect(isHTTPError(error)).toBe(true)
    expect(error).toMatchObject({
      response: { statusCode: 500, data: { msg: 'boom' }, header: { 'retry-after': '0' } },
    })
  })

  test('a 401 through fail (error 19) makes one refresh for ten requests, and all ten succeed with the new token', async () => {
    const { request, server } = setup()
    server.accessExpired = true
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => request.get(`/item/${i}`)))
    expect(server.refreshCalls).toBe(1)
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    const replays = server.apiCalls.slice(10)
    expect(replays).toHaveLength(10)
    expect(replays.every((c) => c.token === 'at-2')).toBe(true)
  })

  test('a request that did not complete (no status) is a NetworkError, a timeout a TimeoutError', async () => {
    const { request } = setup((call) => ({
      fail: call.url.endsWith('/slow') ? 'request:fail timeout' : 'request:fail',
    }))
    const network = await request.post('/a', {}).catch((e: unknown) => e)
    const timeout = await request.post('/slow', {}).catch((e: unknown) => e)
    expect(isNetworkError(network)).toBe(true)
    expect(isTimeoutError(timeout)).toBe(true)
  })

  test('PATCH, which my.request lacks, is refused with a clear error and never sent', async () => {
    const { request, my } = setup()
    const error = await request.patch('/orders/7', { sku: 2 }).catch((e: unknown) => e)
    expect(isUniSessionError(error)).toBe(true)
    expect(isNetworkError(error)).toBe(false)
    expect((error as Error).message).toBe(
      "uni-session: the platform's request does not accept PATCH (only GET, POST, PUT, DELETE, OPTIONS, HEAD, TRACE, CONNECT)",
    )
    expect(my.requests).toHaveLength(0)
  })

  test('responseType arraybuffer becomes dataType arraybuffer; a dataType other than json, text; none, none', async () => {
    const { request, my } = setup(() => ({ statusCode: 200, data: 'x' }))
    await request.get('/bin', { responseType: 'arraybuffer' })
    await request.get('/text', { dataType: '其他' })
    await request.get('/json', { dataType: 'json' })
    await request.get('/plain')
    expect(my.requests.map((r) => r.dataType)).toEqual(['arraybuffer', 'text', 'json', undefined])
    expect(my.requests.every((r) => !('responseType' in r))).toBe(true)
    expect('dataType' in (my.requests[3] as object)).toBe(false)
  })
})

describe('storage', () => {
  test('the session record goes through my.setStorageSync({ key, data }) and is read back from { data }', () => {
    const { wx, my, server } = setup()
    expect(wx.storage.get('uni-session')).toMatchObject({ tokens: { accessToken: 'at-1' } })
    const again = createAuth({ platform: alipay(my), refresh: { url: server.refreshURL } })
    expect(again.getTokens()?.accessToken).toBe('at-1')
  })

  test('a missing key ({ data: null }) reads as signed out, and removeStorageSync({ key }) removes', async () => {
    const { wx, my, auth, platform } = setup()
    expect(platform.getStorageSync('nothing')).toBe('')
    await auth.signOut()
    expect(wx.storage.has('uni-session')).toBe(false)
    expect(my.getStorageSync({ key: 'uni-session' })).toEqual({ data: null })
  })

  test('a write my answers with { success: false } throws, as the core expects of a failed write', () => {
    const { wx, platform } = setup()
    wx.storageFailure = 'write'
    expect(() => platform.setStorageSync('k', 1)).toThrow(/setStorageSync:fail/)
  })
})

describe('the login journey', () => {
  test('a credentials error shows one my.confirm (button texts mapped) and its confirm goes to the login page', async () => {
    const { request, server, my, wx, auth } = setup()
    const navigateTo = jest.spyOn(wx, 'navigateTo' as never)
    const off = installAuth(auth)
    server.accessExpired = true
    server.refreshMode = 'token_updated'
    await Promise.all(Array.from({ length: 5 }, () => request.get('/me').catch(() => undefined)))
    await flush()
    expect(my.confirms).toEqual([
      {
        title: '账号已在其他设备登录',
        content: '如非本人操作，请重新登录并修改密码。',
        confirmButtonText: '重新登录',
        cancelButtonText: '取消',
      },
    ])
    expect(navigateTo).toHaveBeenCalledTimes(1)
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/login/login' }))
    off()
  })

  test('login is my.getAuthCode with the silent auth_base scope, its authCode the code', async () => {
    const { wx, my, platform } = setup()
    Object.assign(wx, {
      login: (o: { success(res: { code: string }): void }) => queueMicrotask(() => o.success({ code: 'ac-1' })),
    })
    const res = await new Promise((resolve, reject) => platform.login?.({ success: resolve, fail: reject }))
    expect(res).toEqual({ code: 'ac-1' })
    expect(my.authCodeScopes).toEqual(['auth_base'])
  })

  test('the page stack comes from the getCurrentPages option (my has none)', () => {
    const { my } = setup()
    const platform = alipay(my, { getCurrentPages: () => [{ route: 'pages/me/me' }] })
    expect(platform.getCurrentPages?.()).toEqual([{ route: 'pages/me/me' }])
  })
})

describe('files', () => {
  test('an upload sends name, fileName and fileType, and its JSON answer is parsed', async () => {
    const { request, wx } = setup(() => ({ statusCode: 200, data: '{"url":"/f/1"}' }))
    const res = await request.upload('/files', { filePath: 'tmp://a.png', name: 'avatar', formData: { k: 'v' } })
    expect(res.data).toEqual({ url: '/f/1' })
    expect(wx.calls[0]?.options).toMatchObject({ filePath: 'tmp://a.png', name: 'avatar', formData: { k: 'v' } })
  })

  test('a download answered with apFilePath resolves its path with status 200', async () => {
    const { request } = setup(() => ({ statusCode: 200, tempFilePath: 'ap://file' }))
    const res = await request.download('/files/1')
    expect(res).toEqual({ statusCode: 200, data: { tempFilePath: 'ap://file' }, header: {} })
  })

  test('my.uploadFile gets fileType image by default, or the one given', () => {
    const { my } = setup()
    const upload = jest.spyOn(my, 'uploadFile')
    const o = { url: 'https://x', header: {}, filePath: 'p', name: 'f' }
    alipay(my).uploadFile?.(o)
    alipay(my, { fileType: 'video' }).uploadFile?.(o)
    expect(upload.mock.calls.map(([a]) => [a.name, a.fileName, a.fileType])).toEqual([
      ['f', 'f', 'image'],
      ['f', 'f', 'video'],
    ])
  })
})

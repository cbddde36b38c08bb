/**
 * The runtime's host profiles: each host's own API object as uni-app's compiled layer finds it
 * (`my`, `tt`, `swan`, `qq`), and `api` as that layer delivers the host.
 */
import {
  type AlipayHostApi,
  createMiniProgramRuntime,
  type HostName,
  type LoginResult,
  type MiniProgramApi,
  type MiniProgramRuntime,
  type PagesJson,
  type RuntimeOptions,
} from '../../src/testing/mp-runtime'

const pagesJson: PagesJson = {
  pages: [{ path: 'pages/index/index' }, { path: 'pages/login/login' }, { path: 'pages/me/me' }],
  tabBar: { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/me/me' }] },
}

const make = (host: HostName, options: Partial<RuntimeOptions> = {}) =>
  createMiniProgramRuntime({ pagesJson, host, ...options })

/** One callback call: `{ ok, res }`. */
function call<T = Record<string, unknown>>(fn: unknown, options: Record<string, unknown> = {}) {
  return new Promise<{ ok: boolean; res: T }>((resolve) => {
    ;(fn as (o: object) => void)({
      ...options,
      success: (res: T) => resolve({ ok: true, res }),
      fail: (res: T) => resolve({ ok: false, res }),
    })
  })
}

const my = (runtime: MiniProgramRuntime) => runtime.host as AlipayHostApi

describe('every host', () => {
  test.each([
    ['weixin', ['uni', 'wx', 'getCurrentPages', '__wxConfig']],
    ['alipay', ['my', 'getCurrentPages']],
    ['toutiao', ['tt', 'getCurrentPages']],
    ['baidu', ['swan', 'getCurrentPages']],
    ['qq', ['qq', 'getCurrentPages', '__qqConfig']],
    ['harmony', ['has', 'getCurrentPages']],
    ['kuaishou', ['ks', 'getCurrentPages']],
    ['jd', ['jd', 'getCurrentPages']],
    ['lark', ['tt', 'getCurrentPages']],
    ['xhs', ['xhs', 'getCurrentPages']],
    ['app-harmony', ['uni', 'getCurrentPages']],
  ] as const)('install on %s sets only what that host defines: %j', (host, globals) => {
    const target: Record<string, unknown> = {}
    const runtime = make(host)
    const uninstall = runtime.install(target)
    expect(Object.keys(target).sort()).toEqual([...globals].sort())
    const own = {
      weixin: 'wx',
      alipay: 'my',
      toutiao: 'tt',
      baidu: 'swan',
      qq: 'qq',
      harmony: 'has',
      kuaishou: 'ks',
      jd: 'jd',
      lark: 'tt',
      xhs: 'xhs',
      'app-harmony': 'uni',
    }[host]
    expect(target[own]).toBe(runtime.host)
    uninstall()
    expect(target).toEqual({})
  })

  test('QQ tells the pages in __qqConfig, the shape of __wxConfig', () => {
    const target: Record<string, unknown> = {}
    make('qq').install(target)
    expect(target.__qqConfig).toEqual({
      pages: ['pages/index/index', 'pages/login/login', 'pages/me/me'],
      tabBar: { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/me/me' }] },
    })
  })

  test('an unknown host is refused, naming the known ones', () => {
    expect(() => make('dingtalk' as HostName)).toThrow(
      'unknown host "dingtalk" (known: weixin, alipay, toutiao, baidu, qq, harmony, kuaishou, jd, lark, xhs, app-harmony)',
    )
  })

  test.each([
    'weixin',
    'alipay',
    'toutiao',
    'baidu',
    'qq',
    'harmony',
    'kuaishou',
    'jd',
    'lark',
    'xhs',
    'app-harmony',
  ] as const)("on %s the page stack and navigation are the runtime's", async (host) => {
    const runtime = make(host)
    await runtime.launch()
    await call(runtime.api.navigateTo, { url: '/pages/login/login?x=1' })
    expect(runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login?x=1'])
  })
})

describe('Alipay: my', () => {
  const alipay = (reply: RuntimeOptions['handler']) => make('alipay', { handler: reply })

  test('my.request answers { data, status, headers } for a 2xx', async () => {
    const runtime = alipay(() => ({ statusCode: 200, data: { ok: 1 }, header: { 'x-a': '1' } }))
    expect(await call(my(runtime).request, { url: 'https://api.test/x', headers: { a: '1' } })).toEqual({
      ok: true,
      res: { data: { ok: 1 }, status: 200, headers: { 'x-a': '1' } },
    })
    expect(runtime.calls[0]?.header).toEqual({ a: '1' })
  })

  test('an HTTP 401 goes to fail as error 19, status, data and headers on it', async () => {
    const runtime = alipay(() => ({ statusCode: 401, data: { code: 'TOKEN_EXPIRED' }, header: {} }))
    expect(await call(my(runtime).request, { url: 'https://api.test/x' })).toEqual({
      ok: false,
      res: { error: 19, errorMessage: 'http status error', status: 401, data: { code: 'TOKEN_EXPIRED' }, headers: {} },
    })
  })

  test("a body that is not JSON fails with error 14 under dataType 'json' (the default), not under 'text'", async () => {
    const runtime = alipay(() => ({ statusCode: 200, data: 'not json' }))
    expect(await call(my(runtime).request, { url: 'https://api.test/x' })).toEqual({
      ok: false,
      res: { error: 14, errorMessage: 'JSON parse data error' },
    })
    expect(await call(my(runtime).request, { url: 'https://api.test/x', dataType: 'text' })).toMatchObject({
      ok: true,
      res: { data: 'not json' },
    })
  })

  test('a call that did not complete: timeout is error 13, no connection error 12', async () => {
    const runtime = alipay((c) => ({
      fail: c.url.endsWith('slow') ? 'request:fail timeout' : 'request:fail ECONNREFUSED',
    }))
    expect((await call(my(runtime).request, { url: 'https://api.test/slow' })).res).toEqual({
      error: 13,
      errorMessage: 'timeout',
    })
    expect((await call(my(runtime).request, { url: 'https://api.test/down' })).res).toEqual({
      error: 12,
      errorMessage: 'ECONNREFUSED',
    })
  })

  test('storage takes { key } and answers { data }, null for a missing key', () => {
    const host = my(make('alipay'))
    expect(host.getStorageSync({ key: 'k' })).toEqual({ data: null })
    expect(host.setStorageSync({ key: 'k', data: { a: new Date(0) } })).toEqual({ success: true })
    expect(host.getStorageSync({ key: 'k' })).toEqual({ data: { a: '1970-01-01T00:00:00.000Z' } })
  })

  test('a failed write is answered, never thrown, by my and by uni alike', () => {
    const runtime = make('alipay')
    runtime.storageFailure = 'write'
    expect(my(runtime).setStorageSync({ key: 'k', data: 1 })).toMatchObject({ success: false, error: 3 })
    expect(() => runtime.api.setStorageSync('k', 1)).not.toThrow()
    expect(runtime.api.getStorageSync('k')).toBe('')
  })

  test('my.confirm shows a modal with its button texts and answers { confirm }', async () => {
    const runtime = make('alipay', { modalAnswer: false })
    const answer = await call(my(runtime).confirm, { title: 'T', confirmButtonText: 'Go', cancelButtonText: 'No' })
    expect(answer).toEqual({ ok: true, res: { confirm: false } })
    expect(runtime.modals[0]).toMatchObject({
      options: { title: 'T', confirmText: 'Go', cancelText: 'No', showCancel: true },
      host: { api: 'confirm' },
    })
  })

  test("my.getAuthCode answers { authCode }, 'auth_base' unless asked otherwise", async () => {
    const runtime = make('alipay')
    expect(await call(my(runtime).getAuthCode)).toEqual({
      ok: true,
      res: { authCode: 'code-1', authSuccessScopes: ['auth_base'], authErrorScopes: {} },
    })
    runtime.loginFails = true
    expect(await call(my(runtime).getAuthCode)).toEqual({ ok: false, res: { error: 11, errorMessage: '用户取消授权' } })
  })

  test("a failed navigation answers { error, errorMessage } with WeChat's reason", async () => {
    const runtime = make('alipay')
    await runtime.launch()
    expect(await call(my(runtime).navigateTo, { url: '/pages/me/me' })).toEqual({
      ok: false,
      res: { error: 3, errorMessage: 'can not navigateTo a tabbar page' },
    })
  })

  test('canIUse says yes to the APIs present and to what uni asks for, no to DingTalk', () => {
    const host = my(make('alipay'))
    expect(['request', 'component2', 'page.getOpenerEventChannel'].map(host.canIUse)).toEqual([true, true, true])
    expect(['saveFileToDingTalk', 'isIDE'].map(host.canIUse)).toEqual([false, false])
  })
})

describe("Alipay: api, as uni's Alipay layer delivers my", () => {
  test('a 401 reaches fail, statusCode, header and data mapped on, errMsg request:fail http status error', async () => {
    const runtime = make('alipay', { handler: () => ({ statusCode: 401, data: { code: 401 }, header: { h: '1' } }) })
    expect(await call(runtime.api.request, { url: 'https://api.test/x', header: {} })).toEqual({
      ok: false,
      res: { errMsg: 'request:fail http status error', statusCode: 401, data: { code: 401 }, header: { h: '1' } },
    })
  })

  test('a 2xx reaches success as { data, statusCode, header, errMsg }', async () => {
    const runtime = make('alipay', { handler: () => ({ statusCode: 200, data: [], header: {} }) })
    expect(await call(runtime.api.request, { url: 'https://api.test/x', header: {} })).toEqual({
      ok: true,
      res: { data: [], statusCode: 200, header: {}, errMsg: 'request:ok' },
    })
  })

  test('the header goes as headers, keys lower-cased, content-type JSON by default', async () => {
    const runtime = make('alipay', { handler: () => ({ statusCode: 200 }) })
    await call(runtime.api.request, { url: 'https://api.test/x', header: { Authorization: 'Bearer t' } })
    expect(runtime.calls[0]?.header).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t' })
  })

  test('showModal is my.confirm, its buttons renamed; with showCancel false, my.alert', async () => {
    const runtime = make('alipay')
    const answer = await call(runtime.api.showModal, { title: 'T', confirmText: 'OK', cancelText: 'No' })
    expect(answer).toEqual({ ok: true, res: { confirm: true, cancel: false, errMsg: 'showModal:ok' } })
    expect(runtime.modals[0]?.host).toEqual({
      api: 'confirm',
      args: expect.objectContaining({ title: 'T', confirmButtonText: 'OK', cancelButtonText: 'No' }),
    })
    await call(runtime.api.showModal, { title: 'A', showCancel: false })
    expect(runtime.modals[1]?.host.api).toBe('alert')
  })

  test('login is my.getAuthCode, authCode as code', async () => {
    expect(await call(make('alipay').api.login)).toEqual({
      ok: true,
      res: { code: 'code-1', authSuccessScopes: ['auth_base'], authErrorScopes: {}, errMsg: 'login:ok' },
    })
  })
})

describe('Douyin: tt.login', () => {
  const login = (api: MiniProgramApi | object, options: Record<string, unknown> = {}) =>
    call<Partial<LoginResult>>((api as MiniProgramApi).login, options)

  test('a user logged in to Douyin gets a code and an anonymous code, silently', async () => {
    const runtime = make('toutiao')
    expect(await login(runtime.host)).toEqual({
      ok: true,
      res: { code: 'code-1', anonymousCode: 'anonymous-1', isLogin: true, errMsg: 'login:ok' },
    })
    expect(runtime.account.loginBoxes).toBe(0)
  })

  test('a user not logged in to Douyin gets only an anonymous code with force: false, and sees no login box', async () => {
    const runtime = make('toutiao')
    runtime.account.hostLoggedIn = false
    expect(await login(runtime.api, { force: false })).toEqual({
      ok: true,
      res: { anonymousCode: 'anonymous-1', isLogin: false, errMsg: 'login:ok' },
    })
    expect([runtime.account.loginBoxes, runtime.loginCodes]).toEqual([0, []])
  })

  test("without force: false the host's login box opens; cancelled, login fails", async () => {
    const runtime = make('toutiao')
    runtime.account.hostLoggedIn = false
    expect(await login(runtime.api)).toEqual({ ok: false, res: { errMsg: 'login:fail host login fail' } })
    expect(runtime.account.loginBoxes).toBe(1)
  })

  test('a user who logs in through the box gets a code', async () => {
    const runtime = make('toutiao')
    Object.assign(runtime.account, { hostLoggedIn: false, hostLoginBox: 'login' })
    expect(await login(runtime.api)).toMatchObject({ ok: true, res: { code: 'code-1', isLogin: true } })
    expect(runtime.account.hostLoggedIn).toBe(true)
  })
})

describe('Baidu: swan', () => {
  test('uni.login is swan.getLoginCode: a code, silently', async () => {
    const runtime = make('baidu')
    runtime.account.hostLoggedIn = false
    expect(await call(runtime.api.login)).toEqual({ ok: true, res: { code: 'code-1', errMsg: 'login:ok' } })
    expect(await call((runtime.host as { getLoginCode: unknown }).getLoginCode)).toEqual({
      ok: true,
      res: { code: 'code-2', errMsg: 'getLoginCode:ok' },
    })
    expect(runtime.account.loginBoxes).toBe(0)
  })

  test("swan.login is the Baidu account's: a box for a user not logged in", async () => {
    const runtime = make('baidu')
    runtime.account.hostLoggedIn = false
    expect(await call((runtime.host as MiniProgramApi).login)).toMatchObject({ ok: false, res: { errCode: 10004 } })
    expect(runtime.account.loginBoxes).toBe(1)
  })

  test('a failed request is { errCode: 1001, errMsg } on swan, and through uni its errMsg says ok', async () => {
    const runtime = make('baidu', { handler: () => ({ fail: 'request:fail timeout' }) })
    expect(await call((runtime.host as MiniProgramApi).request, { url: 'https://api.test/x' })).toEqual({
      ok: false,
      res: { errCode: 1001, errMsg: 'request:fail timeout' },
    })
    expect(await call(runtime.api.request, { url: 'https://api.test/x' })).toEqual({
      ok: false,
      res: { errCode: 1001, errMsg: 'request:ok' },
    })
  })

  test('an HTTP 401 reaches success, as on WeChat', async () => {
    const runtime = make('baidu', { handler: () => ({ statusCode: 401 }) })
    expect(await call(runtime.api.request, { url: 'https://api.test/x' })).toMatchObject({
      ok: true,
      res: { statusCode: 401, errMsg: 'request:ok' },
    })
  })

  test("canIUse says yes to Baidu's page lifecycle 2.0, which uni's layer asks for", () => {
    expect((make('baidu').host as MiniProgramApi).canIUse('lifecycle-2-0')).toBe(true)
    expect(make('weixin').api.canIUse('lifecycle-2-0')).toBe(false)
  })
})

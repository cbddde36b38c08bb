/**
 * The reference server speaking each backend dialect, over loopback: what a client sees on
 * login, on expiry, when the session slides, when it is replaced by a login elsewhere or kicked
 * out, and that no dialect but the reference has a refresh endpoint. Time passes through the
 * server's clock offset (`clockOffsetSec`), never a sleep. Raw `fetch`: these are the server's
 * promises, the client presets are tested against them elsewhere.
 */
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

type Json = Record<string, unknown> & { code?: unknown; msg?: string; data?: Record<string, unknown> }

const call = async (server: RunningServer, method: string, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}${path}`, { method, ...init })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json }
}
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})
const clockAhead = (server: RunningServer, sec: number) =>
  server.control('PUT', '/__control/faults', { clockOffsetSec: sec })
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString())

describe('ruoyi: AjaxResult bodies at HTTP 200, the session slides on the server, no refresh endpoint', () => {
  let server: RunningServer
  beforeAll(async () => {
    // RuoYi's defaults: a 30 minute session, renewed by a request in its last 20 minutes.
    server = await startServer(['--dialect', 'ruoyi', '--access-ttl', '1800'])
  })
  afterAll(() => server.stop())
  beforeEach(() => server.control('POST', '/__control/reset'))

  const login = async (username = 'demo') => {
    const res = await call(
      server,
      'POST',
      '/login',
      json({ username, password: `${username}1234`, code: '', uuid: '' }),
    )
    return String(res.body.token)
  }
  const me = (token: string) => call(server, 'GET', '/api/me', { headers: { authorization: `Bearer ${token}` } })
  const EXPIRED = { code: 401, msg: '请求访问：/api/me，认证失败，无法访问系统资源' }

  test('login answers { msg, code: 200, token } with a JWT naming the session (login_user_key) and no expiry', async () => {
    const res = await call(server, 'POST', '/login', json({ username: 'demo', password: 'demo1234' }))
    expect([res.status, res.body]).toEqual([200, { msg: '操作成功', code: 200, token: expect.any(String) }])
    const claims = payloadOf(String(res.body.token))
    expect(claims).toEqual({ login_user_key: expect.any(String), sub: 'demo' })
  })

  test('a wrong password is HTTP 200 with code 500, as GlobalExceptionHandler answers it', async () => {
    const res = await call(server, 'POST', '/login', json({ username: 'demo', password: 'wrong' }))
    expect([res.status, res.body]).toEqual([200, { msg: '用户不存在/密码错误', code: 500 }])
  })

  test('getInfo and the API answer in AjaxResult; the token goes as Authorization: Bearer', async () => {
    const token = await login()
    const info = await call(server, 'GET', '/getInfo', { headers: { authorization: `Bearer ${token}` } })
    expect(info.body).toMatchObject({ code: 200, msg: '操作成功', user: { userName: 'demo' }, roles: ['common'] })
    expect((await me(token)).body).toEqual({
      msg: '操作成功',
      code: 200,
      data: expect.objectContaining({ username: 'demo' }),
    })
  })

  test('no token, an unknown token, and an expired session all get HTTP 200 { code: 401 }', async () => {
    const none = await call(server, 'GET', '/api/me')
    expect([none.status, none.body]).toEqual([200, EXPIRED])
    expect((await me('not.a.token')).body).toEqual(EXPIRED)
    const token = await login()
    await clockAhead(server, 1801)
    expect((await me(token)).body).toEqual(EXPIRED)
  })

  test('a request in the session last 20 minutes renews it to a full 30; one before does not', async () => {
    const token = await login()
    await clockAhead(server, 300) // 25 minutes left
    expect((await me(token)).body.code).toBe(200)
    expect((await server.stats()).renewals).toBe(0)
    await clockAhead(server, 600) // 20 minutes left: renewed, now ends at 600 + 1800
    expect((await me(token)).body.code).toBe(200)
    expect((await server.stats()).renewals).toBe(1)
    await clockAhead(server, 2399) // past the first end (1800), within the renewed one
    expect((await me(token)).body.code).toBe(200)
    await clockAhead(server, 2399 + 1801) // idle past the end of the last renewal
    expect((await me(token)).body).toEqual(EXPIRED)
  })

  test('there is no refresh endpoint: /auth/refresh is an unknown path, behind the login check as Spring Security puts it', async () => {
    const token = await login()
    const withLogin = await call(
      server,
      'POST',
      '/auth/refresh',
      json({ refreshToken: token }, { authorization: `Bearer ${token}` }),
    )
    expect(withLogin.body).toEqual({ msg: 'No static resource auth/refresh.', code: 500 })
    const without = await call(server, 'POST', '/auth/refresh', json({ refreshToken: token }))
    expect(without.body).toEqual({ msg: '请求访问：/auth/refresh，认证失败，无法访问系统资源', code: 401 })
  })

  test('with the single-session switch a login elsewhere ends the old session: the old device sees code 401, as on expiry', async () => {
    await server.control('PUT', '/__control/config', { singleSession: true })
    const first = await login()
    const second = await login()
    expect((await me(first)).body).toEqual(EXPIRED)
    expect((await me(second)).body.code).toBe(200)
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    expect((await me(second)).body).toEqual(EXPIRED)
  })

  test('concurrent logins are allowed by default; an operator kickout (强退) and expire-access end them', async () => {
    const [a, b, c] = [await login(), await login(), await login('alice')]
    expect([(await me(a)).body.code, (await me(b)).body.code]).toEqual([200, 200])
    await server.control('POST', '/__control/kickout', { username: 'demo' })
    expect([(await me(a)).body, (await me(b)).body]).toEqual([EXPIRED, EXPIRED])
    await server.control('POST', '/__control/expire-access', { username: 'alice' })
    expect((await me(c)).body).toEqual(EXPIRED)
  })

  test('logout answers { msg: 退出成功, code: 200 } with or without a body, logged in or not, and ends the session', async () => {
    const token = await login()
    const out = await call(server, 'POST', '/logout', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    })
    expect([out.status, out.body]).toEqual([200, { msg: '退出成功', code: 200 }])
    expect((await me(token)).body).toEqual(EXPIRED)
    expect((await call(server, 'POST', '/logout')).body).toEqual({ msg: '退出成功', code: 200 })
  })

  test('the control endpoints keep the reference shape and status in every dialect', async () => {
    const res = await fetch(`${server.url}/__control/kickout`, { method: 'POST', ...json({ username: 'nobody' }) })
    expect([res.status, await res.json()]).toEqual([404, { code: 'NOT_FOUND', msg: 'no such user' }])
  })
})

describe('satoken: NotLoginException as SaResult.error(e.getMessage()) at HTTP 200 (no type field), no refresh endpoint', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(['--dialect', 'satoken', '--access-ttl', '3600'])
  })
  afterAll(() => server.stop())
  beforeEach(() => server.control('POST', '/__control/reset'))

  const login = async (username = 'demo') => {
    const res = await call(server, 'POST', `/acc/doLogin?name=${username}&pwd=${username}1234`)
    return String(res.body.data?.tokenValue)
  }
  const me = (token?: string, header = 'satoken') =>
    call(server, 'GET', '/api/me', { headers: token === undefined ? {} : { [header]: token } })
  // The docs' handler: SaResult.error(e.getMessage()). The type is not sent (no real handler does).
  const notLogin = (_type: string, msg: string) => ({ code: 500, msg, data: null })

  test('doLogin answers SaResult.data(tokenInfo); the token is read from the satoken header', async () => {
    const res = await call(server, 'POST', '/acc/doLogin?name=demo&pwd=demo1234')
    expect([res.status, res.body]).toEqual([
      200,
      {
        code: 200,
        msg: 'ok',
        data: expect.objectContaining({
          tokenName: 'satoken',
          tokenValue: expect.any(String),
          isLogin: true,
          tokenTimeout: 3600,
        }),
      },
    ])
    const token = String(res.body.data?.tokenValue)
    expect((await me(token)).body).toEqual({
      code: 200,
      msg: 'ok',
      data: expect.objectContaining({ username: 'demo' }),
    })
  })

  test('doLogin takes name and pwd as query, form or JSON; a wrong one is SaResult.error("登录失败")', async () => {
    const form = await call(server, 'POST', '/acc/doLogin', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=alice&pwd=alice1234',
    })
    expect(form.body.data).toMatchObject({ isLogin: true, loginId: 2 })
    expect((await call(server, 'POST', '/acc/doLogin', json({ name: 'demo', pwd: 'demo1234' }))).body.code).toBe(200)
    const wrong = await call(server, 'POST', '/acc/doLogin', json({ name: 'demo', pwd: 'wrong' }))
    expect([wrong.status, wrong.body]).toEqual([200, { code: 500, msg: '登录失败', data: null }])
  })

  test('-1 no token, -2 an unknown one, -2 after logout', async () => {
    expect((await me()).body).toEqual(notLogin('-1', '未能读取到有效 token'))
    expect((await me('nope')).body).toEqual(notLogin('-2', 'token 无效：nope'))
    const token = await login()
    const out = await call(server, 'POST', '/acc/logout', { headers: { satoken: token } })
    expect(out.body).toEqual({ code: 200, msg: '退出登录成功', data: null })
    expect((await me(token)).body).toEqual(notLogin('-2', `token 无效：${token}`))
  })

  test('past its timeout a token is -2 (its key is gone from the store), as in Sa-Token without sa-token-jwt', async () => {
    const token = await login()
    await clockAhead(server, 3599)
    expect((await me(token)).body.code).toBe(200)
    await clockAhead(server, 3601)
    expect((await me(token)).body).toEqual(notLogin('-2', `token 无效：${token}`))
  })

  test('-4 when a login elsewhere replaces it (isConcurrent=false), -5 when kicked out: told apart by the message', async () => {
    const first = await login()
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    expect((await me(first)).body).toEqual(notLogin('-4', `token 已被顶下线：${first}`))
    const second = await login()
    await server.control('POST', '/__control/kickout', { username: 'demo' })
    expect((await me(second)).body).toEqual(notLogin('-5', `token 已被踢下线：${second}`))
  })

  test('with isConcurrent=false (the single-session switch) an ordinary second login replaces the first: -4', async () => {
    await server.control('PUT', '/__control/config', { singleSession: true })
    const first = await login()
    const second = await login()
    expect((await me(first)).body).toEqual(notLogin('-4', `token 已被顶下线：${first}`))
    expect((await me(second)).body.code).toBe(200)
  })

  test('-6 once idle past activeTimeout; each checked request renews the activity', async () => {
    await server.control('PUT', '/__control/config', { satoken: { activeTimeout: 60 } })
    const token = await login()
    await clockAhead(server, 50)
    expect((await me(token)).body.code).toBe(200)
    await clockAhead(server, 100)
    expect((await me(token)).body.code).toBe(200)
    await clockAhead(server, 161)
    expect((await me(token)).body).toEqual(notLogin('-6', `token 已被冻结：${token}`))
  })

  test('tokenName and tokenPrefix as configured: a token without the prefix is -7', async () => {
    await server.control('PUT', '/__control/config', { satoken: { tokenName: 'Authorization', tokenPrefix: 'Bearer' } })
    const token = await login()
    expect((await me(`Bearer ${token}`, 'authorization')).body.code).toBe(200)
    expect((await me(token, 'authorization')).body).toEqual(notLogin('-7', '未按照指定前缀提交 token，prefix=Bearer'))
    expect((await me(token, 'satoken')).body).toEqual(notLogin('-1', '未能读取到有效 token'))
  })

  test.each([
    // sa-token-demo/sa-token-demo-jwt/.../GlobalException.java: AjaxJson.getNotLogin().setMsg(e.getMessage())
    ['demo', (t: string) => [200, { code: 401, msg: `token 已被踢下线：${t}`, data: null, dataCount: null }]],
    // RuoYi-Vue-Plus SaTokenExceptionHandler: R.fail(401, <its words>)
    ['vue-plus', () => [200, { code: 401, msg: '账号已被管理员强制下线', data: null }]],
    // an app that sets HTTP 401 and answers SaResult.error(e.getMessage())
    ['http-401', (t: string) => [401, { code: 500, msg: `token 已被踢下线：${t}`, data: null }]],
  ])('the %s handler shape answers a kickout as that handler does', async (handler, expected) => {
    await server.control('PUT', '/__control/config', { satoken: { handler } })
    const token = await login()
    await server.control('POST', '/__control/kickout', { username: 'demo' })
    const res = await me(token)
    expect([res.status, res.body]).toEqual(expected(token))
  })

  test('there is no refresh endpoint: /auth/refresh is an unknown path behind the login check', async () => {
    const token = await login()
    const res = await call(server, 'POST', '/auth/refresh', json({ refreshToken: token }, { satoken: token }))
    expect(res.body).toEqual({ code: 500, msg: 'No static resource auth/refresh.', data: null })
    expect((await call(server, 'POST', '/auth/refresh', json({ refreshToken: token }))).body).toEqual(
      notLogin('-1', '未能读取到有效 token'),
    )
  })
})

describe('satoken with sa-token-jwt (Mixin): an expired token is -3', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(['--dialect', 'satoken', '--satoken-jwt', '--access-ttl', '60'])
  })
  afterAll(() => server.stop())

  test('the token is a JWT with loginId and eff; past eff it is -3 "token 已过期", a forged one -2', async () => {
    const res = await call(server, 'POST', '/acc/doLogin?name=demo&pwd=demo1234')
    const token = String(res.body.data?.tokenValue)
    expect(payloadOf(token)).toMatchObject({
      loginType: 'login',
      loginId: 1,
      deviceType: 'DEF',
      eff: expect.any(Number),
    })
    const me = () => call(server, 'GET', '/api/me', { headers: { satoken: token } })
    expect((await me()).body.code).toBe(200)
    await clockAhead(server, 61)
    expect((await me()).body).toEqual({ code: 500, msg: `token 已过期：${token}`, data: null })
    const forged = `${token.slice(0, -4)}AAAA`
    const bad = await call(server, 'GET', '/api/me', { headers: { satoken: forged } })
    expect(bad.body).toEqual({ code: 500, msg: `token 无效：${forged}`, data: null })
  })
})

describe('sliding: a fresh token in ordinary answers near expiry, no refresh endpoint', () => {
  let server: RunningServer
  beforeAll(async () => {
    // 60 s tokens, renewed in their last 30 s (half their lifetime, like uni-id's 7200 / 3600).
    server = await startServer(['--dialect', 'sliding', '--access-ttl', '60'])
  })
  afterAll(() => server.stop())
  beforeEach(() => server.control('POST', '/__control/reset'))

  const login = async () => {
    const res = await call(server, 'POST', '/auth/login', json({ username: 'demo', password: 'demo1234' }))
    return res.body
  }
  const get = (path: string, token: string) =>
    call(server, 'GET', path, { headers: { authorization: `Bearer ${token}` } })

  test('login answers an access token and no refresh token; /auth/refresh does not exist', async () => {
    const body = await login()
    expect(body).toEqual({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: 60,
      user: expect.any(Object),
    })
    const refresh = await call(server, 'POST', '/auth/refresh', json({ refreshToken: 'anything' }))
    expect([refresh.status, refresh.body.code]).toEqual([404, 'NOT_FOUND'])
  })

  test('with more than the threshold left an answer carries nothing new', async () => {
    const { accessToken } = await login()
    // 25 s on: some 35 s left (the token's exp is in whole seconds, so up to 1 s less).
    await clockAhead(server, 25)
    const res = await get('/api/me', String(accessToken))
    expect([res.status, res.headers.get('x-new-token'), res.body.newToken]).toEqual([200, null, undefined])
  })

  test('near expiry the answer carries a fresh token in X-New-Token and as newToken { token, tokenExpired }', async () => {
    const { accessToken } = await login()
    const old = String(accessToken)
    await clockAhead(server, 31)
    const res = await get('/api/me', old)
    const header = res.headers.get('x-new-token')
    expect(res.body).toMatchObject({ username: 'demo', newToken: { token: header, tokenExpired: expect.any(Number) } })
    const fresh = String(header)
    expect(payloadOf(fresh).exp * 1000).toBe(
      res.body.newToken && (res.body.newToken as { tokenExpired: number }).tokenExpired,
    )
    expect(payloadOf(fresh).exp).toBeGreaterThan(payloadOf(old).exp)
    // The old token lives out its own lifetime; the fresh one outlives it.
    await clockAhead(server, 61)
    expect((await get('/api/me', old)).body.code).toBe('TOKEN_EXPIRED')
    expect((await get('/api/me', fresh)).status).toBe(200)
  })

  test('a client that takes each fresh token stays signed in for many lifetimes without a refresh call', async () => {
    let token = String((await login()).accessToken)
    for (let i = 1; i <= 6; i++) {
      await clockAhead(server, i * 40)
      const res = await get(`/api/orders/${i}`, token)
      expect([i, res.status]).toEqual([i, 200])
      token = String(res.headers.get('x-new-token') ?? token)
    }
    const stats = await server.stats()
    expect([stats.refreshes, stats.renewals, stats.logins]).toEqual([0, 6, 1])
  })

  test('a download (not JSON) gets the header only; place and header name are configurable', async () => {
    const { accessToken } = await login()
    const token = String(accessToken)
    await clockAhead(server, 31)
    const download = await fetch(`${server.url}/api/files/1`, { headers: { authorization: `Bearer ${token}` } })
    expect([download.status, download.headers.get('x-new-token')]).toEqual([404, expect.any(String)])
    await server.control('PUT', '/__control/config', { sliding: { place: 'header', header: 'x-renewed-token' } })
    const headerOnly = await get('/api/me', token)
    expect([headerOnly.headers.get('x-renewed-token'), headerOnly.body.newToken]).toEqual([
      expect.any(String),
      undefined,
    ])
    await server.control('PUT', '/__control/config', { sliding: { place: 'body' } })
    const bodyOnly = await get('/api/me', token)
    expect([bodyOnly.headers.get('x-renewed-token'), bodyOnly.body.newToken]).toEqual([null, expect.any(Object)])
  })

  test('no fresh token for a session that ended: a login elsewhere (TOKEN_UPDATED), a logout (TOKEN_REVOKED)', async () => {
    await server.control('PUT', '/__control/config', { singleSession: true })
    const first = String((await login()).accessToken)
    const second = String((await login()).accessToken)
    await clockAhead(server, 31)
    const replaced = await get('/api/me', first)
    expect([replaced.status, replaced.body.code, replaced.headers.get('x-new-token')]).toEqual([
      401,
      'TOKEN_UPDATED',
      null,
    ])
    const out = await call(server, 'POST', '/auth/logout', { headers: { authorization: `Bearer ${second}` } })
    expect(out.status).toBe(204)
    const ended = await get('/api/me', second)
    expect([ended.status, ended.body.code, ended.body.newToken]).toEqual([401, 'TOKEN_REVOKED', undefined])
  })
})

describe('reference: the default, unchanged', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(() => server.stop())

  test('login answers a refresh token, the config says reference, and a kickout ends the session (TOKEN_REVOKED)', async () => {
    const res = await call(server, 'POST', '/auth/login', json({ username: 'demo', password: 'demo1234' }))
    expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) })
    expect(await server.control('PUT', '/__control/config', {})).toMatchObject({ dialect: 'reference' })
    await server.control('POST', '/__control/kickout', { username: 'demo' })
    const me = await call(server, 'GET', '/api/me', { headers: { authorization: `Bearer ${res.body.accessToken}` } })
    expect([me.status, me.body.code]).toEqual([401, 'TOKEN_REVOKED'])
    const refresh = await call(server, 'POST', '/auth/refresh', json({ refreshToken: res.body.refreshToken }))
    expect([refresh.status, refresh.body.code]).toEqual([401, 'REFRESH_INVALID'])
  })
})

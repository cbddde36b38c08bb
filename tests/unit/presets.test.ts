/** The backend presets against scripted backends (the real servers' stories are in tests/integration). */
import { createAuth, installAuth, isCredentialsError, type LoginStateEvent } from '../../src/auth'
import { cloudbase, notLoginType, oauth2, ruoyi, saToken, sliding, uniId } from '../../src/presets'
import { base64, form } from '../../src/presets/shared'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

describe('oauth2()', () => {
  const tokenUrl = `${BASE}/oauth/token`
  const answer = {
    statusCode: 200,
    data: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 3600 },
  }

  test('a confidential client refreshes with a form body and HTTP Basic (id and secret form-encoded first)', async () => {
    const platform = createScriptedPlatform(() => answer)
    const auth = createAuth({ platform, ...oauth2({ tokenUrl, clientId: 'mini app', clientSecret: 's:1' }) })
    auth.signIn({ access_token: 'a1', refresh_token: 'r1' })
    await auth.refresh()
    const call = platform.calls[0]
    expect(call?.data).toBe('grant_type=refresh_token&refresh_token=r1')
    expect(call?.header['content-type']).toBe('application/x-www-form-urlencoded')
    expect(call?.header.Authorization).toBe(`Basic ${Buffer.from('mini%20app:s%3A1').toString('base64')}`)
    expect(auth.getTokens()).toMatchObject({ accessToken: 'a2', refreshToken: 'r2', tokenType: 'bearer' })
  })

  test('a public client names itself in the body; clientAuth body puts the secret there too', async () => {
    const platform = createScriptedPlatform(() => answer)
    const pub = createAuth({ platform, ...oauth2({ tokenUrl, clientId: 'app' }) })
    pub.signIn({ access_token: 'a1', refresh_token: 'r1' })
    await pub.refresh()
    const inBody = createAuth({
      platform,
      storageKey: 'other',
      ...oauth2({ tokenUrl, clientId: 'app', clientSecret: 's', clientAuth: 'body', scope: 'read' }),
    })
    inBody.signIn({ access_token: 'a1', refresh_token: 'r1' })
    await inBody.refresh()
    expect(platform.calls.map((c) => c.data)).toEqual([
      'grant_type=refresh_token&refresh_token=r1&client_id=app',
      'grant_type=refresh_token&refresh_token=r1&scope=read&client_id=app&client_secret=s',
    ])
    expect(platform.calls.map((c) => c.header.Authorization)).toEqual([undefined, undefined])
  })

  test('signOut revokes the refresh token (RFC 7009) with client auth and no bearer token', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200 }))
    const auth = createAuth({
      platform,
      ...oauth2({ tokenUrl, clientId: 'app', clientSecret: 's', revocationUrl: `${BASE}/oauth/revoke` }),
    })
    auth.signIn({ access_token: 'a1', refresh_token: 'r1' })
    await auth.signOut()
    expect(platform.calls[0]?.url).toBe(`${BASE}/oauth/revoke`)
    expect(platform.calls[0]?.data).toBe('token=r1&token_type_hint=refresh_token')
    expect(platform.calls[0]?.header.Authorization).toMatch(/^Basic /)
  })

  test('without tokenUrl or clientId it says what is missing', () => {
    expect(() => oauth2({ tokenUrl: '', clientId: 'x' })).toThrow('oauth2() needs `tokenUrl` and `clientId`')
  })
})

test('base64 and form match what the RFCs and Node produce', () => {
  for (const s of ['', 'a', 'ab', 'abc', 'client:secret', 'mini%20app:s%3A1']) {
    expect(base64(s)).toBe(Buffer.from(s).toString('base64'))
  }
  expect(form({ a: 'x y', b: undefined, c: '&=' })).toBe('a=x%20y&c=%26%3D')
})

describe('sliding()', () => {
  test('takes a fresh token from a header, whatever its case', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, header: { 'X-New-Token': 't2' } }))
    const auth = createAuth({ platform, ...sliding() })
    auth.signIn({ accessToken: 't1' })
    await createRequest({ baseURL: BASE, auth }).get('/x')
    expect(auth.getTokens()?.accessToken).toBe('t2')
  })

  test("takes uni-id's newToken { token, tokenExpired } from a body field, with its expiry", async () => {
    const expires = Date.now() + 7_200_000
    const platform = createScriptedPlatform(() => ({
      statusCode: 200,
      data: { errCode: 0, newToken: { token: 't2', tokenExpired: expires } },
    }))
    const auth = createAuth({ platform, ...sliding({ header: false, field: 'newToken' }) })
    auth.signIn({ accessToken: 't1' })
    await createRequest({ baseURL: BASE, auth }).get('/x')
    expect(auth.getTokens()).toMatchObject({ accessToken: 't2', expiresAt: expires })
  })
})

describe('uniId()', () => {
  test('sends uni-id-token, takes newToken, and ends the session on uni-id-token-expired', async () => {
    let expired = false
    const platform = createScriptedPlatform(() =>
      expired
        ? { statusCode: 200, data: { errCode: 'uni-id-token-expired', errMsg: 'token已过期' } }
        : { statusCode: 200, data: { errCode: 0, newToken: { token: 't2', tokenExpired: Date.now() + 3_600_000 } } },
    )
    const auth = createAuth({ platform, ...uniId() })
    auth.signIn({ errCode: 0, newToken: { token: 't1', tokenExpired: Date.now() + 3_600_000 } })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    const request = createRequest({ baseURL: BASE, auth })
    await request.get('/x')
    expect(platform.calls[0]?.header['uni-id-token']).toBe('t1')
    expect(auth.getTokens()?.accessToken).toBe('t2')
    expired = true
    const error = await request.get('/x').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect(events.map((e) => e.eventType)).toEqual(['token_refreshed', 'credentials_error'])
  })
})

describe('cloudbase()', () => {
  /** CloudBase's `app.auth()` as its docs describe it: its own tokens, its own events. */
  function fakeCloudbase() {
    let listener: ((p: { data?: { eventType?: string; msg?: string } }) => void) | undefined
    const state = { accessToken: 'cb-1' as string | undefined }
    return {
      state,
      auth: {
        onLoginStateChanged: (cb: typeof listener) => {
          listener = cb
        },
        getAccessToken: async () => ({ accessToken: state.accessToken }),
      },
      emit: (eventType: string, msg?: string) => listener?.({ data: { eventType, msg } }),
    }
  }

  test('its sign_in signs the session in with its token; its refresh is asked for the current one', async () => {
    const cb = fakeCloudbase()
    const auth = createAuth({ platform: createScriptedPlatform(), ...cloudbase(cb.auth) })
    cb.emit('sign_in')
    await flush()
    expect(auth.getTokens()?.accessToken).toBe('cb-1')
    cb.state.accessToken = 'cb-2'
    await auth.refresh()
    expect(auth.getTokens()?.accessToken).toBe('cb-2')
  })

  test.each([
    ['refresh_token expired', 'refresh_token_expired', '登录已过期'],
    ['token updated', 'token_updated', '账号已在其他设备登录'],
  ])('its credentials_error (%s) shows installAuth’s modal for %s', async (msg, reason, title) => {
    const cb = fakeCloudbase()
    const platform = createScriptedPlatform()
    platform.modalAnswer = false
    const auth = createAuth({
      platform,
      ...cloudbase(cb.auth),
      pages: ['/pages/index/index', '/pages/login/login'],
      tabBarPages: [],
    })
    installAuth(auth)
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    cb.emit('sign_in')
    await flush()
    cb.emit('credentials_error', msg)
    await flush()
    expect(events.map((e) => e.reason)).toEqual([undefined, reason])
    expect(platform.modals.map((m) => m.title)).toEqual([title])
  })

  test('its sign_out signs the session out', async () => {
    const cb = fakeCloudbase()
    const auth = createAuth({ platform: createScriptedPlatform(), ...cloudbase(cb.auth) })
    cb.emit('sign_in')
    await flush()
    cb.emit('sign_out')
    await flush()
    expect(auth.isSignedIn()).toBe(false)
  })
})

describe('ruoyi()', () => {
  test('reads the login token, and a body code 401 on HTTP 200 ends the session once', async () => {
    let dead = false
    const platform = createScriptedPlatform(() =>
      dead
        ? { statusCode: 200, data: { msg: '请求访问：/getInfo，认证失败，无法访问系统资源', code: 401 } }
        : { statusCode: 200, data: { msg: '操作成功', code: 200, data: {} } },
    )
    const auth = createAuth({ platform, ...ruoyi() })
    auth.signIn({ msg: '操作成功', code: 200, token: 'jwt-1' })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    const request = createRequest({ baseURL: BASE, auth })
    await request.get('/getInfo')
    expect(platform.calls[0]?.header.Authorization).toBe('Bearer jwt-1')
    dead = true
    const errors = await Promise.all([request.get('/a'), request.get('/b')].map((p) => p.catch((e: unknown) => e)))
    expect(errors.every(isCredentialsError)).toBe(true)
    expect(events.map((e) => e.reason)).toEqual(['refresh_token_expired'])
  })
})

describe('saToken()', () => {
  test.each([
    [{ code: 500, msg: 'token 已被顶下线：abc', data: null }, -4],
    // No real handler sends a `type` field (issue 21): the message alone tells.
    [{ code: 500, msg: 'x', data: null, type: '-5' }, undefined],
    [{ code: 401, msg: 'token 已被踢下线：abc' }, -5],
    [{ code: 500, msg: '未能读取到有效 token' }, -1],
    [{ code: 500, msg: 'token 无效：abc' }, -2],
    [{ code: 500, msg: 'token 已过期：abc' }, -3],
    [{ code: 500, msg: 'token 已被冻结：abc' }, -6],
    [{ code: 500, msg: '服务器内部错误' }, undefined],
    ['not json', undefined],
  ])('reads NotLoginException %j as type %p', (body, type) => {
    expect(notLoginType(body)).toBe(type)
  })

  test('sends the token in its header with the prefix; -4 is token_updated, -5 kicked_out', async () => {
    let answer: unknown = { code: 200, msg: 'ok', data: {} }
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: answer }))
    const auth = createAuth({ platform, ...saToken({ tokenName: 'Authorization', prefix: 'Bearer' }) })
    const events: LoginStateEvent[] = []
    auth.onLoginStateChanged((e) => events.push(e))
    const request = createRequest({ baseURL: BASE, auth })
    auth.signIn({ code: 200, msg: 'ok', data: { tokenName: 'Authorization', tokenValue: 'v1' } })
    await request.get('/x')
    expect(platform.calls[0]?.header.Authorization).toBe('Bearer v1')
    answer = { code: 500, msg: 'token 已被顶下线：v1', data: null }
    const error = await request.get('/x').catch((e: unknown) => e)
    expect((error as { reason?: string }).reason).toBe('token_updated')
    auth.signIn({ code: 200, msg: 'ok', data: { tokenValue: 'v2' } })
    answer = { code: 500, msg: 'token 已被踢下线：v2', data: null }
    await request.get('/x').catch(() => undefined)
    expect(events.filter((e) => e.eventType === 'credentials_error').map((e) => e.reason)).toEqual([
      'token_updated',
      'kicked_out',
    ])
  })
})

test('cloudbase: a credentials_error that is not an ended login ("credentials not found") signs out without a modal', async () => {
  let listener: ((p: { data?: { eventType?: string; msg?: string } }) => void) | undefined
  const cb = {
    onLoginStateChanged: (l: typeof listener) => {
      listener = l
    },
    getAccessToken: async () => ({ accessToken: 'cb-1' }),
  }
  const platform = createScriptedPlatform()
  const auth = createAuth({
    platform,
    ...cloudbase(cb),
    pages: ['/pages/index/index', '/pages/login/login'],
    tabBarPages: [],
  })
  installAuth(auth)
  listener?.({ data: { eventType: 'sign_in' } })
  await flush()
  listener?.({ data: { eventType: 'credentials_error', msg: 'credentials not found' } })
  await flush()
  expect(auth.isSignedIn()).toBe(false)
  expect(platform.modals).toEqual([])
})

/**
 * What each preset makes of the answers its backend really sends, shape by shape (no server: the
 * bodies are written from the backends' sources, cited beside each), and what `signIn` makes of a
 * login answer. The journeys on a live server are in the other stories.
 */
import { createAuth, isLoginError, type LoginError, type Response } from '../../src/auth'
import { cloudbase, oauth2, ruoyi, saToken, saTokenEnd, uniId } from '../../src/presets'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'

const res = (data: unknown, statusCode = 200): Response => ({ statusCode, data, header: {} })

/** What a preset does with an answer: 'expired' (ends or refreshes), a reason (ends), or 'kept'. */
function verdict(preset: ReturnType<typeof saToken>, r: Response) {
  const reason = preset.credentialsError?.(r)
  if (reason) return reason
  return preset.isExpired?.(r) ? 'expired' : 'kept'
}

const TOKEN = 'a1b2c3d4-e5f6-7890-abcd-ef0123456789'

describe('saToken(): decides by the answer of the app handler, never by loose words', () => {
  const preset = saToken()
  // sa-token-core exception/NotLoginException.java: the message per type; newInstance appends "：" + token.
  const TYPES: Array<[string, string, string]> = [
    ['-1', '未能读取到有效 token', 'expired'],
    ['-2', 'token 无效', 'expired'],
    ['-3', 'token 已过期', 'expired'],
    ['-4', 'token 已被顶下线', 'token_updated'],
    ['-5', 'token 已被踢下线', 'kicked_out'],
    ['-6', 'token 已被冻结', 'token_frozen'],
  ]

  test.each(TYPES)(
    'the docs\' SaResult.error(e.getMessage()) (HTTP 200, code 500): type %s "%s" with and without the token → %s',
    (_type, msg, expected) => {
      // sa-token-doc/use/login-auth.md: `return SaResult.error(e.getMessage())` → { code: 500, msg, data: null }
      expect(verdict(preset, res({ code: 500, msg: `${msg}：${TOKEN}`, data: null }))).toBe(expected)
      // sa-token-doc/fun/not-login-scene.md: the handler answers the bare message per type
      expect(verdict(preset, res({ code: 500, msg, data: null }))).toBe(expected)
    },
  )

  test('-7 as StpLogic.getTokenValue throws it ("，prefix=Bearer") ends the session as expired', () => {
    expect(verdict(preset, res({ code: 500, msg: '未按照指定前缀提交 token，prefix=Bearer', data: null }))).toBe(
      'expired',
    )
  })

  test.each(TYPES)(
    'the demo\'s AjaxJson.getNotLogin().setMsg(e.getMessage()) (HTTP 200, code 401): type %s "%s" → %s',
    (_type, msg, expected) => {
      // sa-token-demo/sa-token-demo-jwt/src/main/java/com/pj/test/GlobalException.java + util/AjaxJson.java
      expect(verdict(preset, res({ code: 401, msg: `${msg}：${TOKEN}`, data: null, dataCount: null }))).toBe(expected)
    },
  )

  test.each([
    ['登录凭证无效，请重新登录', 'expired'],
    ['登录已过期，请重新登录', 'expired'],
    ['当前账号已在其他设备登录，您已被强制下线', 'token_updated'],
    ['账号已被管理员强制下线', 'kicked_out'],
    ['账号已被冻结，请联系管理员处理', 'token_frozen'],
    // dromara/RuoYi-Vue-Plus f7f2c17: one sentence for every type
    ['认证失败，无法访问系统资源', 'expired'],
    ['登录状态异常，请重新登录', 'expired'],
  ])('RuoYi-Vue-Plus SaTokenExceptionHandler R.fail(401, "%s") → %s', (msg, expected) => {
    expect(verdict(preset, res({ code: 401, msg, data: null }))).toBe(expected)
  })

  test('HTTP 401 with the app its own text ends the session; with a known message, the known end', () => {
    expect(verdict(preset, res({ message: '请先登录' }, 401))).toBe('expired')
    expect(verdict(preset, res('Unauthorized', 401))).toBe('expired')
    expect(verdict(preset, res({ msg: `token 已被踢下线：${TOKEN}` }, 401))).toBe('kicked_out')
  })

  const BUSINESS = [
    '验证码已过期',
    '优惠券已过期，无法使用',
    '手机号无效',
    '订单已失效，请重新下单',
    '活动已结束',
    'Invalid phone number',
    'The coupon has expired',
    'Your verification code is invalid',
    'Order not found',
    'token invalid for this coupon',
  ]
  test.each(BUSINESS)('a business error SaResult.error("%s") (code 500) keeps the session', (msg) => {
    expect(verdict(preset, res({ code: 500, msg, data: null }))).toBe('kept')
    expect(verdict(preset, res({ code: 200, msg, data: null }))).toBe('kept')
  })

  test('a handler with its own words: options.messages and notLoginCode', () => {
    const own = saToken({
      notLoginCode: 4010,
      messages: { token_updated: ['您的账号已在别处登录'], token_frozen: [/^账号冻结/] },
    })
    expect(verdict(own, res({ code: 500, msg: '您的账号已在别处登录' }))).toBe('token_updated')
    expect(verdict(own, res({ code: 500, msg: '账号冻结至 2027-01-01' }))).toBe('token_frozen')
    expect(verdict(own, res({ code: 4010, msg: '请登录' }))).toBe('expired')
    expect(verdict(own, res({ code: 401, msg: '请登录' }))).toBe('kept')
    expect(saTokenEnd(res({ code: 500, msg: '验证码已过期' }))).toBeUndefined()
  })
})

describe('ruoyi(): code 401 (AuthenticationEntryPointImpl) ends the session; AjaxResult.error never does', () => {
  const preset = ruoyi()
  test('code 401 at HTTP 200 is the end of the login', () => {
    expect(verdict(preset, res({ msg: '请求访问：/getInfo，认证失败，无法访问系统资源', code: 401 }))).toBe('expired')
  })
  test.each([
    '验证码已失效',
    '验证码错误',
    '用户不存在/密码错误',
    "新增用户'ry'失败，登录账号已存在",
    '手机号码格式不正确',
    'The coupon has expired',
    'Invalid phone number',
    'Token expired for the payment gateway',
  ])('AjaxResult.error("%s") (code 500) keeps the session', (msg) => {
    expect(verdict(preset, res({ msg, code: 500 }))).toBe('kept')
  })
})

describe("uniId(): the uniCloud client's refusal list, and nothing else", () => {
  const preset = uniId()
  test.each([
    'uni-id-token-expired',
    'uni-id-check-token-failed',
    'uni-id-token-not-exist',
    'uni-id-check-device-feature-failed',
    'TOKEN_INVALID_TOKEN_EXPIRED',
  ])('errCode %s goes to login', (errCode) => {
    expect(verdict(preset, res({ errCode, errMsg: '设备特征校验未通过' }))).toBe('expired')
  })
  test.each([
    ['uni-id-captcha-required', '请输入图形验证码'],
    ['uni-id-account-not-exists', '此账号尚未注册'],
    ['uni-id-password-error', '密码错误'],
    ['uni-id-invalid-mobile', '手机号码格式不正确'],
    ['uni-id-invalid-verify-code', 'Verify code is invalid'],
    ['coupon-expired', 'The coupon has expired'],
  ])('errCode %s keeps the session', (errCode, errMsg) => {
    expect(verdict(preset, res({ errCode, errMsg }))).toBe('kept')
  })
})

describe('oauth2(): RFC 6750 §3 on the resource server', () => {
  test('HTTP 401 with WWW-Authenticate and no body asks for a refresh; 403 insufficient_scope does not', async () => {
    const platform = createScriptedPlatform()
    const auth = createAuth({ platform, ...oauth2({ tokenUrl: 'https://id.example.com/token', clientId: 'app' }) })
    const challenge = { 'WWW-Authenticate': 'Bearer error="invalid_token"' }
    expect(auth.isExpired({ statusCode: 401, data: '', header: challenge })).toBe(true)
    expect(
      auth.isExpired({
        statusCode: 403,
        data: '',
        header: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      }),
    ).toBe(false)
  })

  test.each([
    [400, { error: 'invalid_request', error_description: '手机号无效' }],
    [409, { message: '优惠券已过期，无法使用' }],
    [422, { message: '验证码已过期' }],
    [400, { error: 'invalid_request', error_description: 'Invalid phone number' }],
    [410, { message: 'The coupon has expired' }],
    [403, { error: 'insufficient_scope', error_description: 'token lacks the orders scope' }],
  ])('a business error %i %j keeps the session', (status, data) => {
    const auth = createAuth({
      platform: createScriptedPlatform(),
      ...oauth2({ tokenUrl: 'https://id.example.com/token', clientId: 'app' }),
    })
    expect(auth.isExpired({ statusCode: status, data, header: {} })).toBe(false)
    expect(auth.credentialsError({ statusCode: status, data, header: {} })).toBeUndefined()
  })
})

describe('signIn reads login answers', () => {
  const setup = (options = {}) => createAuth({ platform: createScriptedPlatform(), ...options })

  test('signIn(body) goes through parseTokens even when the body already has accessToken', () => {
    let now = 1_000_000
    const auth = setup({
      now: () => now,
      refresh: { url: 'https://api.example.com/auth/refresh' },
      parseTokens: (b: { accessToken: string; refreshToken: string; accessExpiresIn: number }) => ({
        accessToken: b.accessToken,
        refreshToken: b.refreshToken,
        expiresIn: b.accessExpiresIn,
      }),
    })
    auth.signIn({ accessToken: 'at', refreshToken: 'rt', accessExpiresIn: 600 })
    expect(auth.getTokens()?.expiresAt).toBe(now + 600_000)
    now += 600_000
    expect(auth.peekAccessToken()).toBeNull()
  })

  test.each([
    ['RuoYi wrong password', ruoyi(), { msg: '用户不存在/密码错误', code: 500 }, '用户不存在/密码错误'],
    ['RuoYi wrong captcha', ruoyi(), { msg: '验证码错误', code: 500 }, '验证码错误'],
    ['Sa-Token doLogin refused', saToken(), { code: 500, msg: '登录失败', data: null }, '登录失败'],
    ['uni-id refused', uniId(), { errCode: 'uni-id-password-error', errMsg: '密码错误' }, '密码错误'],
    [
      'OAuth2 password grant refused',
      {},
      { error: 'invalid_grant', error_description: 'Bad credentials' },
      'Bad credentials',
    ],
  ])('%s: signIn throws a LoginError carrying the server message', (_name, preset, body, words) => {
    const auth = setup(preset)
    let error: unknown
    try {
      auth.signIn(body)
    } catch (e) {
      error = e
    }
    expect(isLoginError(error)).toBe(true)
    expect(error).not.toBeInstanceOf(TypeError)
    expect((error as LoginError).message).toBe(words)
    expect((error as LoginError).serverMessage).toBe(words)
    expect(auth.isSignedIn()).toBe(false)
  })

  test('signIn with no usable tokens names the fields it looked for and the keys it got, never the values', () => {
    const auth = setup()
    let error: LoginError | undefined
    try {
      auth.signIn({ code: 200, data: { token_value: 'secret-value-1', uid: 'u-77' } })
    } catch (e) {
      error = e as LoginError
    }
    expect(isLoginError(error)).toBe(true)
    expect(error?.message).toContain('accessToken')
    expect(error?.message).toContain('code, data')
    expect(error?.message).toContain('token_value, uid')
    expect(error?.message).not.toContain('secret-value-1')
    expect(error?.message).not.toContain('u-77')
  })
})

describe('smaller gaps', () => {
  test("nested params go as RuoYi's tansParams sends them: params[beginTime]=… with the name encoded", async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: { code: 200, rows: [] } }))
    const auth = createAuth({ platform, ...ruoyi() })
    auth.signIn({ code: 200, token: 'jwt' })
    const request = createRequest({ baseURL: 'https://ruoyi.example.com', auth })
    await request.get('/system/user/list', {
      params: { pageNum: 1, userName: '张三', params: { beginTime: '2026-01-01', endTime: null } },
    })
    // tansParams({ pageNum: 1, userName: '张三', params: { beginTime: '2026-01-01' } }), RuoYi-Vue ruoyi-ui/src/utils/ruoyi.js
    expect(platform.calls[0]?.url).toBe(
      'https://ruoyi.example.com/system/user/list?pageNum=1&userName=%E5%BC%A0%E4%B8%89&params%5BbeginTime%5D=2026-01-01',
    )
  })

  test('a Date in params still goes as its text (String(date)), not dropped as an empty nested object', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: {} }))
    const request = createRequest({ baseURL: 'https://api.example.com', platform })
    const since = new Date(Date.UTC(2026, 0, 1))
    // Untyped (plain JavaScript callers): Params has no Date, the wire format is the app's to choose.
    await request.get('/orders', { params: { since: since as unknown as string, page: { size: 5 } } })
    expect(platform.calls[0]?.url).toBe(
      `https://api.example.com/orders?since=${encodeURIComponent(String(since))}&page%5Bsize%5D=5`,
    )
  })

  test('a GET logout (unibest) sends no body, so no token lands in the URL; the token goes in the header', async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: { code: 200 } }))
    const auth = createAuth({
      platform,
      ...ruoyi({ logout: { url: 'https://api.example.com/auth/logout', method: 'GET' } }),
    })
    auth.signIn({ code: 200, token: 'jwt-1' })
    await auth.signOut()
    const call = platform.calls[0]
    expect([call?.method, call?.url, call?.data]).toEqual(['GET', 'https://api.example.com/auth/logout', undefined])
    expect(call?.header.Authorization).toBe('Bearer jwt-1')
    expect(auth.ownsCall({ url: 'https://api.example.com/auth/logout', method: 'GET' })).toBe(true)
  })
})

test('cloudbase(): a credentials_error for a refresh that merely failed (a network error) keeps the session', () => {
  let emit: (p: { data: { eventType: string; msg?: string } }) => void = () => undefined
  const sdk = {
    onLoginStateChanged: (cb: typeof emit) => {
      emit = cb
    },
    getAccessToken: () => ({ accessToken: 'cb-token' }),
  }
  const auth = createAuth({ platform: createScriptedPlatform(), ...cloudbase(sdk) })
  auth.signIn({ accessToken: 'cb-token' })
  // @cloudbase/js-sdk 3.7.0 oauth/dist/index.js `_refreshToken`: an error other than invalid_grant
  // is told with its error_description, the credentials kept.
  emit({ data: { eventType: 'credentials_error', msg: 'request:fail timeout' } })
  expect(auth.isSignedIn()).toBe(true)
  emit({ data: { eventType: 'credentials_error', msg: 'credentials not found' } })
  expect(auth.isSignedIn()).toBe(false)
})

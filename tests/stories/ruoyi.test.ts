/**
 * The `ruoyi()` preset's story, in the mini program runtime against the reference server speaking
 * RuoYi (`--dialect ruoyi`, a real process over loopback): RuoYi-App's login, the token as
 * `Authorization: Bearer`, and the end of a login — expired, replaced by a login elsewhere, or
 * forced out by an operator (强退) — each an HTTP 200 with body `code: 401`: one modal, one trip to
 * the login page, and back to the page the user was on, query and all.
 *
 * RuoYi has no answer of its own for a login elsewhere: the old device sees exactly what it sees on
 * expiry (`AuthenticationEntryPointImpl`'s code 401), so the app says "登录已过期" for all three.
 */
import { type CredentialsError, isLoginError } from '../../src/auth'
import { ruoyi } from '../../src/presets'
import { bootJourney, HOME, type JourneyWorld, LOGIN, ORDER } from '../support/server-journey'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

// RuoYi's defaults: a 30 minute session, renewed by a request in its last 20 minutes.
const TTL = 1800

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--dialect', 'ruoyi', '--access-ttl', String(TTL)])
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

let w: JourneyWorld
beforeEach(async () => {
  w = await bootJourney(server.url, ruoyi({ logoutUrl: `${server.url}/logout` }))
})
afterEach(() => w.close())

/** RuoYi-App's login: `POST /login` outside the auth path, its `{ code: 200, token }` to `signIn`. */
async function logIn(username = 'demo') {
  const res = await w.request.post<{ code: number; token: string }>(
    '/login',
    { username, password: `${username}1234`, code: '', uuid: '' },
    { auth: false },
  )
  expect(res.data.code).toBe(200)
  w.auth.signIn(res.data)
  return res.data.token
}

test('sign in: /login answers { code: 200, token }; the token goes as Authorization: Bearer; signOut posts /logout', async () => {
  const token = await logIn()
  expect(w.auth.getTokens()).toMatchObject({ accessToken: token })
  const info = await w.request.get<{ code: number; user: { userName: string } }>('/getInfo')
  expect(info.data).toMatchObject({ code: 200, user: { userName: 'demo' } })
  expect(w.lastHeader('/getInfo')?.Authorization).toBe(`Bearer ${token}`)
  await w.auth.signOut()
  const calls = w.runtime.calls.map((c) => `${c.method} ${c.url.replace(server.url, '')}`)
  expect(calls).toEqual(['POST /login', 'GET /getInfo', 'POST /logout'])
  // The server's session is gone: the old token is refused as on expiry.
  const after = await fetch(`${server.url}/getInfo`, { headers: { authorization: `Bearer ${token}` } })
  expect(((await after.json()) as { code: number }).code).toBe(401)
})

describe.each([
  [
    'the session expires (30 minutes idle)',
    () => server.control('PUT', '/__control/faults', { clockOffsetSec: TTL + 1 }),
  ],
  [
    'a login elsewhere replaces this one (RuoYi has no answer of its own)',
    () => server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' }),
  ],
  ['an operator forces the user out (强退)', () => server.control('POST', '/__control/kickout', { username: 'demo' })],
])('%s: code 401 on HTTP 200', (_, end) => {
  test('one modal "登录已过期", one trip to the login page, back to the order page with its query after login', async () => {
    await logIn()
    await w.openOrder()
    await end()
    const outcomes = await w.burst(20, '/api/orders/7')
    expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill('refresh_token_expired'))
    expect(w.events.map((e) => [e.eventType, e.reason])).toEqual([
      ['sign_in', undefined],
      ['credentials_error', 'refresh_token_expired'],
    ])
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['登录已过期'])
    expect(w.runtime.stack()).toEqual([HOME, ORDER, LOGIN])
    expect(w.navigations()).toEqual([`navigateTo ${ORDER}`, `navigateTo ${LOGIN}`])

    // The login page signs in again (the dialect's login), then takes the user back.
    await logIn()
    await w.auth.returnAfterLogin()
    await w.settle()
    expect(w.runtime.stack()).toEqual([HOME, ORDER])
    expect(w.navigations().slice(2)).toEqual(['navigateBack'])
    const order = await w.request.get<{ code: number; data: { id: string } }>('/api/orders/7')
    expect(order.data).toMatchObject({ code: 200, data: { id: '7' } })
    expect(w.runtime.modals).toHaveLength(1)
  })
})

/**
 * RuoYi's login page, as RuoYi-App's `pages/login.vue` does it: `GET /captchaImage` outside the auth
 * path; when `captchaEnabled`, show `img` (base64) and send the typed code with its `uuid`.
 */
async function logInWithCaptcha(password: string, typed?: (uuid: string) => Promise<string>) {
  const captcha = await w.request.get<{ captchaEnabled: boolean; img?: string; uuid?: string }>('/captchaImage', {
    auth: false,
  })
  const { captchaEnabled, uuid = '' } = captcha.data
  const code = captchaEnabled && typed ? await typed(uuid) : ''
  const res = await w.request.post('/login', { username: 'demo', password, code, uuid }, { auth: false })
  w.auth.signIn(res.data)
}
const readOffTheImage = async (uuid: string) =>
  (await server.control<{ code: string }>('GET', `/__control/captcha/${uuid}`)).code

describe('the login side', () => {
  afterEach(() => server.control('PUT', '/__control/config', { ruoyi: { captchaEnabled: false } }))

  test('with the captcha on: /captchaImage gives { captchaEnabled, img, uuid }; the code and uuid sign in', async () => {
    await server.control('PUT', '/__control/config', { ruoyi: { captchaEnabled: true } })
    const raw = await (await fetch(`${server.url}/captchaImage`)).json()
    expect(Object.keys(raw).sort()).toEqual(['captchaEnabled', 'code', 'img', 'msg', 'uuid'])
    await logInWithCaptcha('demo1234', readOffTheImage)
    expect(w.auth.isSignedIn()).toBe(true)
    expect(w.lastHeader('/captchaImage')?.Authorization).toBeUndefined()
  })

  test.each([
    ['a wrong password', 'wrong-pass', readOffTheImage, '用户不存在/密码错误'],
    ['a wrong captcha', 'demo1234', async () => 'zzzz', '验证码错误'],
  ])('%s reaches the page as a LoginError with the server message', async (_name, password, typed, words) => {
    await server.control('PUT', '/__control/config', { ruoyi: { captchaEnabled: true } })
    const error = await logInWithCaptcha(password, typed).catch((e: unknown) => e)
    expect(isLoginError(error)).toBe(true)
    expect((error as Error).message).toBe(words)
    expect(w.auth.isSignedIn()).toBe(false)
  })

  test('a spent captcha (its uuid used once already) is a LoginError "验证码已失效"', async () => {
    await server.control('PUT', '/__control/config', { ruoyi: { captchaEnabled: true } })
    const { uuid } = (await (await fetch(`${server.url}/captchaImage`)).json()) as { uuid: string }
    const code = await readOffTheImage(uuid)
    const first = await w.request.post('/login', { username: 'demo', password: 'wrong', code, uuid }, { auth: false })
    expect(first.data).toEqual({ msg: '用户不存在/密码错误', code: 500 })
    const again = await w.request.post(
      '/login',
      { username: 'demo', password: 'demo1234', code, uuid },
      { auth: false },
    )
    const error = (() => {
      try {
        w.auth.signIn(again.data)
      } catch (e) {
        return e
      }
    })()
    expect(isLoginError(error)).toBe(true)
    expect((error as Error).message).toBe('验证码已失效')
  })

  test('with the captcha off, a wrong password is a LoginError "用户不存在/密码错误"', async () => {
    const error = await logInWithCaptcha('wrong-pass').catch((e: unknown) => e)
    expect(isLoginError(error)).toBe(true)
    expect((error as Error).message).toBe('用户不存在/密码错误')
  })
})

test('business errors (AjaxResult.error, zh and en) keep the session: no modal, no event', async () => {
  await logIn()
  for (const msg of [
    '验证码已失效',
    '优惠券已过期，无法使用',
    '手机号码格式不正确',
    '订单已失效',
    'Invalid phone number',
    'The coupon has expired',
  ]) {
    const res = await w.request.post('/api/business-error', { msg })
    expect(res.data).toEqual({ msg, code: 500 })
  }
  expect(w.auth.isSignedIn()).toBe(true)
  expect(w.events.map((e) => e.eventType)).toEqual(['sign_in'])
  expect(w.runtime.modals).toHaveLength(0)
})

/**
 * The `uniId()` preset's story, in the mini program runtime against the reference server speaking
 * uni-id-co over HTTP (`--dialect uniid`, a real process over loopback; its sources are cited in
 * server/dialects/uniid.ts): login answers `{ errCode: 0, newToken: { token, tokenExpired }, uid }`,
 * the token goes in the `uni-id-token` header, and each refusal the uniCloud client sends to the
 * login page (expired, not-exist, device-feature) ends the session once; business errCodes keep it.
 */
import { type CredentialsError, isLoginError } from '../../src/auth'
import { uniId } from '../../src/presets'
import { bootJourney, HOME, type JourneyWorld, LOGIN, ORDER } from '../support/server-journey'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

const TTL = 7200

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--dialect', 'uniid', '--access-ttl', String(TTL)])
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

let w: JourneyWorld
beforeEach(async () => {
  w = await bootJourney(server.url, uniId())
})
afterEach(() => w.close())

/** uni-id-pages' login over HTTP: `login({ username, password })`, its answer to `signIn`. */
async function logIn(password = 'demo1234') {
  const res = await w.request.post('/uni-id-co/login', { username: 'demo', password }, { auth: false })
  w.auth.signIn(res.data)
  return res.data as { newToken: { token: string; tokenExpired: number } }
}

test('sign in: newToken { token, tokenExpired } is the session, with its expiry; the token goes as uni-id-token', async () => {
  const { newToken } = await logIn()
  expect(w.auth.getTokens()?.accessToken).toBe(newToken.token)
  expect(Math.abs((w.auth.getTokens()?.expiresAt ?? 0) - newToken.tokenExpired)).toBeLessThan(5000)
  await expect(w.request.get('/api/me')).resolves.toMatchObject({ data: { errCode: 0, data: { username: 'demo' } } })
  expect(w.lastHeader('/api/me')).toMatchObject({ 'uni-id-token': newToken.token })
})

test('a wrong password reaches the page as a LoginError "用户名或密码错误"', async () => {
  const error = await logIn('wrong-pass').catch((e: unknown) => e)
  expect(isLoginError(error)).toBe(true)
  expect((error as Error).message).toBe('用户名或密码错误')
})

test('an unknown account reaches the page as uni-id-co words it: "此账号未注册", not the wrong-password text', async () => {
  const res = await w.request.post('/uni-id-co/login', { username: 'nobody', password: 'demo1234' }, { auth: false })
  expect(res.data).toEqual({ errCode: 'uni-id-account-not-exists', errMsg: '此账号未注册' })
  const error = (() => {
    try {
      w.auth.signIn(res.data)
    } catch (e) {
      return e
    }
  })()
  expect(isLoginError(error)).toBe(true)
  expect((error as Error).message).toBe('此账号未注册')
})

test("logout needs a live token, as uni-id-co's permission table says: without one the auth middleware's refusal is the answer", async () => {
  const anonymous = await fetch(`${server.url}/uni-id-co/logout`, { method: 'POST' })
  expect(await anonymous.json()).toEqual({ errCode: 'uni-id-check-token-failed', errMsg: 'token校验未通过' })
  const { newToken } = await logIn()
  const out = await fetch(`${server.url}/uni-id-co/logout`, {
    method: 'POST',
    headers: { 'uni-id-token': newToken.token },
  })
  expect(await out.json()).toEqual({ errCode: 0 })
  const again = await fetch(`${server.url}/uni-id-co/logout`, {
    method: 'POST',
    headers: { 'uni-id-token': newToken.token },
  })
  expect(await again.json()).toEqual({ errCode: 'uni-id-token-not-exist', errMsg: '云端已不包含此token' })
})

describe.each([
  ['uni-id-token-expired', () => server.control('POST', '/__control/expire-access', { username: 'demo' })],
  [
    'uni-id-token-not-exist (a newer login pushed it out)',
    () => server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' }),
  ],
  [
    'uni-id-token-not-exist (removed by an admin)',
    () => server.control('POST', '/__control/kickout', { username: 'demo' }),
  ],
  [
    'uni-id-check-device-feature-failed',
    () => server.control('POST', '/__control/device-changed', { username: 'demo' }),
  ],
])('%s', (errCode, end) => {
  test('20 requests at once: each settles with the reason, one modal "登录已过期", one trip to login, and back', async () => {
    await logIn()
    await w.openOrder()
    await end()
    const raw = await fetch(`${server.url}/api/orders/7`, {
      headers: { 'uni-id-token': String(w.auth.getTokens()?.accessToken) },
    })
    expect(await raw.json()).toMatchObject({ errCode: errCode.split(' ')[0] })
    const outcomes = await w.burst(20, '/api/orders/7')
    expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill('refresh_token_expired'))
    expect(w.events.map((e) => [e.eventType, e.reason])).toEqual([
      ['sign_in', undefined],
      ['credentials_error', 'refresh_token_expired'],
    ])
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual(['登录已过期'])
    expect(w.runtime.stack()).toEqual([HOME, ORDER, LOGIN])
    await logIn()
    await w.auth.returnAfterLogin()
    await w.settle()
    expect(w.runtime.stack()).toEqual([HOME, ORDER])
    await expect(w.request.get('/api/orders/7')).resolves.toMatchObject({ data: { errCode: 0 } })
  })
})

test('business errors (zh and en) keep the session: no modal, no event', async () => {
  await logIn()
  for (const msg of [
    '手机号码不合法',
    '验证码错误或已过期',
    '优惠券已过期，无法使用',
    '邀请码不可用',
    'Invalid phone number',
    'The coupon has expired',
  ]) {
    const res = await w.request.post('/api/business-error', { msg })
    expect(res.data).toEqual({ errCode: 'uni-id-invalid-param', errMsg: msg })
  }
  expect(w.auth.isSignedIn()).toBe(true)
  expect(w.events.map((e) => e.eventType)).toEqual(['sign_in'])
  expect(w.runtime.modals).toHaveLength(0)
})

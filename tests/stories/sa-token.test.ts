/**
 * The `saToken()` preset's story, in the mini program runtime against the reference server speaking
 * Sa-Token (`--dialect satoken`, a real process over loopback): `/acc/doLogin`, the token in the
 * `satoken` header (or the name and prefix the backend configures), and the end of a login told
 * apart by `NotLoginException`'s type in the body: expired (-2, its key gone from the store) →
 * "登录已过期", replaced by a login elsewhere (-4, 顶下线) → "账号已在其他设备登录", kicked out
 * (-5, 踢下线) → "账号已被强制下线"; each one modal, one trip to the login page, and back to the
 * page the user was on, query and all. Both exception-handler shapes of Sa-Token's demos are run:
 * `SaResult.error(e.getMessage())` (code 500) and `SaResult.notLogin()` (code 401), both at HTTP 200.
 */
import type { CredentialsError, CredentialsErrorReason } from '../../src/auth'
import { saToken } from '../../src/presets'
import { bootJourney, HOME, type JourneyWorld, LOGIN, ORDER } from '../support/server-journey'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

const TTL = 3600

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--dialect', 'satoken', '--access-ttl', String(TTL)])
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

let w: JourneyWorld | undefined
afterEach(() => w?.close())

/** The login of Sa-Token's demos: `/acc/doLogin` with `name` and `pwd`, its `SaResult.data(tokenInfo)` to `signIn`. */
async function logIn(world: JourneyWorld, username = 'demo') {
  const res = await world.request.post<{ code: number; data: { tokenValue: string } }>(
    '/acc/doLogin',
    { name: username, pwd: `${username}1234` },
    { auth: false },
  )
  expect(res.data.code).toBe(200)
  world.auth.signIn(res.data)
  return res.data.data.tokenValue
}

test('sign in: /acc/doLogin answers SaResult.data(tokenInfo); the token goes in the satoken header; signOut posts /acc/logout', async () => {
  w = await bootJourney(server.url, saToken({ logoutUrl: `${server.url}/acc/logout` }))
  const token = await logIn(w)
  const me = await w.request.get<{ code: number; data: { username: string } }>('/api/me')
  expect(me.data).toMatchObject({ code: 200, data: { username: 'demo' } })
  expect(w.lastHeader('/api/me')).toMatchObject({ satoken: token })
  expect(w.lastHeader('/api/me')?.Authorization).toBeUndefined()
  await w.auth.signOut()
  const calls = w.runtime.calls.map((c) => `${c.method} ${c.url.replace(server.url, '')}`)
  expect(calls).toEqual(['POST /acc/doLogin', 'GET /api/me', 'POST /acc/logout'])
  // Logged out on the server: the old token is unknown there (-2).
  const after = await fetch(`${server.url}/api/me`, { headers: { satoken: token } })
  expect(await after.json()).toMatchObject({ type: '-2' })
})

test('tokenName and prefix as the backend configures them: Authorization: Bearer <token>', async () => {
  await server.control('PUT', '/__control/config', { satoken: { tokenName: 'Authorization', tokenPrefix: 'Bearer' } })
  w = await bootJourney(server.url, saToken({ tokenName: 'Authorization', prefix: 'Bearer' }))
  const token = await logIn(w)
  await expect(w.request.get('/api/me')).resolves.toMatchObject({ data: { code: 200 } })
  expect(w.lastHeader('/api/me')).toMatchObject({ Authorization: `Bearer ${token}` })
})

const endings: Array<[string, string, () => Promise<unknown>, CredentialsErrorReason, string]> = [
  [
    'expired (-2: past its timeout)',
    '-2',
    () => server.control('PUT', '/__control/faults', { clockOffsetSec: TTL + 1 }),
    'refresh_token_expired',
    '登录已过期',
  ],
  [
    'replaced by a login elsewhere (-4, 顶下线)',
    '-4',
    () => server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' }),
    'token_updated',
    '账号已在其他设备登录',
  ],
  [
    'kicked out (-5, 踢下线)',
    '-5',
    () => server.control('POST', '/__control/kickout', { username: 'demo' }),
    'kicked_out',
    '账号已被强制下线',
  ],
]

describe.each(['error', 'not-login'] as const)('the app answers NotLoginException with the %s handler', (handler) => {
  describe.each(endings)('%s', (_, type, end, reason, title) => {
    test(`one modal "${title}", one trip to the login page, back to the order page with its query after login`, async () => {
      await server.control('PUT', '/__control/config', { satoken: { handler } })
      w = await bootJourney(server.url, saToken())
      await logIn(w)
      await w.openOrder()
      await end()
      // What the server says, as the app's handler shapes it.
      const raw = await fetch(`${server.url}/api/orders/7`, {
        headers: { satoken: String(w.auth.getTokens()?.accessToken) },
      })
      expect(await raw.json()).toMatchObject({ code: handler === 'error' ? 500 : 401, type })

      const outcomes = await w.burst(20, '/api/orders/7')
      expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill(reason))
      expect(w.events.map((e) => [e.eventType, e.reason])).toEqual([
        ['sign_in', undefined],
        ['credentials_error', reason],
      ])
      expect(w.runtime.modals.map((m) => m.options.title)).toEqual([title])
      expect(w.runtime.stack()).toEqual([HOME, ORDER, LOGIN])
      expect(w.navigations()).toEqual([`navigateTo ${ORDER}`, `navigateTo ${LOGIN}`])

      await logIn(w)
      await w.auth.returnAfterLogin()
      await w.settle()
      expect(w.runtime.stack()).toEqual([HOME, ORDER])
      expect(w.navigations().slice(2)).toEqual(['navigateBack'])
      const order = await w.request.get<{ code: number; data: { id: string } }>('/api/orders/7')
      expect(order.data).toMatchObject({ code: 200, data: { id: '7' } })
      expect(w.runtime.modals).toHaveLength(1)
    })
  })
})

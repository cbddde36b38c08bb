/**
 * The `saToken()` preset's story, in the mini program runtime against the reference server speaking
 * Sa-Token (`--dialect satoken`, a real process over loopback): `/acc/doLogin`, the token in the
 * `satoken` header (or the name and prefix the backend configures), and the end of a login told
 * apart by `NotLoginException`'s type in the body: expired (-2, or -3 with sa-token-jwt) or frozen
 * (-6) → "登录已过期", replaced by a login elsewhere (-4, 顶下线) → "账号已在其他设备登录", kicked out
 * (-5, 踢下线) → "账号已被强制下线"; each one modal, one trip to the login page, and back to the
 * page the user was on, query and all. Every exception-handler shape in the wild is run (none sends
 * the exception's type; see server/dialects/satoken-tokens.ts for each one's source):
 * the docs' `SaResult.error(e.getMessage())` (HTTP 200, code 500), the demo's
 * `AjaxJson.getNotLogin()` (HTTP 200, code 401), RuoYi-Vue-Plus's `R.fail(401, <its words>)`, and
 * HTTP 401. Frozen (-6) is a reason of its own ("登录已冻结"). Business errors keep the session.
 */
import { type CredentialsError, type CredentialsErrorReason, isLoginError } from '../../src/auth'
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
  expect(await after.json()).toEqual({ code: 500, msg: `token 无效：${token}`, data: null })
})

test('tokenName and prefix as the backend configures them: Authorization: Bearer <token>', async () => {
  await server.control('PUT', '/__control/config', { satoken: { tokenName: 'Authorization', tokenPrefix: 'Bearer' } })
  w = await bootJourney(server.url, saToken({ tokenName: 'Authorization', prefix: 'Bearer' }))
  const token = await logIn(w)
  await expect(w.request.get('/api/me')).resolves.toMatchObject({ data: { code: 200 } })
  expect(w.lastHeader('/api/me')).toMatchObject({ Authorization: `Bearer ${token}` })
})

interface Ending {
  name?: string
  /** The NotLoginException type the server answers. */
  type: string
  /** Sa-Token settings the story needs, set before the login. */
  config?: Record<string, unknown>
  end(on: RunningServer): Promise<unknown>
  reason: CredentialsErrorReason
  title: string
}

const ENDINGS: Ending[] = [
  {
    name: 'expired (-2: past its timeout, its key gone from the store)',
    type: '-2',
    end: (on) => on.control('PUT', '/__control/faults', { clockOffsetSec: TTL + 1 }),
    reason: 'refresh_token_expired',
    title: '登录已过期',
  },
  {
    name: 'frozen (-6: idle past activeTimeout)',
    type: '-6',
    config: { activeTimeout: 60 },
    end: (on) => on.control('PUT', '/__control/faults', { clockOffsetSec: 61 }),
    reason: 'token_frozen',
    title: '登录已冻结',
  },
  {
    name: 'replaced by a login elsewhere (-4, 顶下线)',
    type: '-4',
    end: (on) => on.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' }),
    reason: 'token_updated',
    title: '账号已在其他设备登录',
  },
  {
    name: 'kicked out (-5, 踢下线)',
    type: '-5',
    end: (on) => on.control('POST', '/__control/kickout', { username: 'demo' }),
    reason: 'kicked_out',
    title: '账号已被强制下线',
  },
]

/** Signed in on the order page, the login ends as `ending` says; the prompt, the login page, and back. */
type Handler = 'docs' | 'demo' | 'vue-plus' | 'http-401'

/** What each handler shape sends for a NotLoginException of `type` (the sources are cited in the dialect). */
const VUE_PLUS: Record<string, string> = {
  '-2': '登录凭证无效，请重新登录',
  '-3': '登录已过期，请重新登录',
  '-4': '当前账号已在其他设备登录，您已被强制下线',
  '-5': '账号已被管理员强制下线',
  '-6': '账号已被冻结，请联系管理员处理',
}
const MESSAGES: Record<string, string> = {
  '-2': 'token 无效',
  '-3': 'token 已过期',
  '-4': 'token 已被顶下线',
  '-5': 'token 已被踢下线',
  '-6': 'token 已被冻结',
}
function expectedAnswer(handler: Handler, type: string, token: string) {
  const msg = `${MESSAGES[type]}：${token}`
  if (handler === 'docs') return { status: 200, body: { code: 500, msg, data: null } }
  if (handler === 'demo') return { status: 200, body: { code: 401, msg, data: null, dataCount: null } }
  if (handler === 'vue-plus') return { status: 200, body: { code: 401, msg: VUE_PLUS[type], data: null } }
  return { status: 401, body: { code: 500, msg, data: null } }
}

async function endsAndComesBack(on: RunningServer, handler: Handler, ending: Ending) {
  const { type, reason, title } = ending
  await on.control('PUT', '/__control/config', { satoken: { handler, ...ending.config } })
  const world = await bootJourney(on.url, saToken())
  w = world
  await logIn(world)
  await world.openOrder()
  await ending.end(on)
  // What the server says, as the app's handler shapes it.
  const token = String(world.auth.getTokens()?.accessToken)
  const raw = await fetch(`${on.url}/api/orders/7`, { headers: { satoken: token } })
  const { status, body } = expectedAnswer(handler, type, token)
  expect([raw.status, await raw.json()]).toEqual([status, body])

  const outcomes = await world.burst(20, '/api/orders/7')
  expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill(reason))
  expect(world.events.map((e) => [e.eventType, e.reason])).toEqual([
    ['sign_in', undefined],
    ['credentials_error', reason],
  ])
  expect(world.runtime.modals.map((m) => m.options.title)).toEqual([title])
  expect(world.runtime.stack()).toEqual([HOME, ORDER, LOGIN])
  expect(world.navigations()).toEqual([`navigateTo ${ORDER}`, `navigateTo ${LOGIN}`])

  await logIn(world)
  await world.auth.returnAfterLogin()
  await world.settle()
  expect(world.runtime.stack()).toEqual([HOME, ORDER])
  expect(world.navigations().slice(2)).toEqual(['navigateBack'])
  const order = await world.request.get<{ code: number; data: { id: string } }>('/api/orders/7')
  expect(order.data).toMatchObject({ code: 200, data: { id: '7' } })
  expect(world.runtime.modals).toHaveLength(1)
}

describe.each(['docs', 'demo', 'vue-plus', 'http-401'] as const)(
  'the app answers NotLoginException with the %s handler',
  (handler) => {
    test.each(ENDINGS)(
      '$name: one modal "$title", one trip to the login page, back to the order page with its query after login',
      (ending) => endsAndComesBack(server, handler, ending),
    )
  },
)

describe('with sa-token-jwt (Mixin mode): the token is a JWT', () => {
  let jwtServer: RunningServer
  beforeAll(async () => {
    jwtServer = await startServer(['--dialect', 'satoken', '--satoken-jwt', '--access-ttl', String(TTL)])
  })
  afterAll(() => jwtServer.stop())

  test('expired (-3, past its eff): one modal "登录已过期", the login page, and back', () =>
    endsAndComesBack(jwtServer, 'docs', {
      type: '-3',
      end: (on) => on.control('PUT', '/__control/faults', { clockOffsetSec: TTL + 1 }),
      reason: 'refresh_token_expired',
      title: '登录已过期',
    }))
})

const BUSINESS = [
  '验证码已过期',
  '优惠券已过期，无法使用',
  '手机号无效',
  '订单已失效，请重新下单',
  'Invalid phone number',
  'The coupon has expired',
  'Your session with the payment provider is invalid',
]

describe.each(['docs', 'demo', 'vue-plus', 'http-401'] as const)('with the %s handler', (handler) => {
  test('business errors (SaResult.error, zh and en) keep the session: no modal, no event, the next request succeeds', async () => {
    await server.control('PUT', '/__control/config', { satoken: { handler } })
    w = await bootJourney(server.url, saToken())
    await logIn(w)
    for (const msg of BUSINESS) {
      const error = (await w.request.post('/api/business-error', { msg }).catch((e: unknown) => e)) as {
        response?: { data: unknown }
      }
      // SaResult.error(msg) at HTTP 200: the requester resolves it, the app reads its code.
      expect(error).toMatchObject({ data: { code: 500, msg, data: null } })
    }
    expect(w.auth.isSignedIn()).toBe(true)
    expect(w.events.map((e) => e.eventType)).toEqual(['sign_in'])
    expect(w.runtime.modals).toHaveLength(0)
    await expect(w.request.get('/api/me')).resolves.toMatchObject({ data: { code: 200 } })
  })
})

test('a wrong password at /acc/doLogin reaches the page as a LoginError with the server message', async () => {
  w = await bootJourney(server.url, saToken())
  const res = await w.request.post('/acc/doLogin', { name: 'demo', pwd: 'wrong' }, { auth: false })
  let error: unknown
  try {
    w.auth.signIn(res.data)
  } catch (e) {
    error = e
  }
  expect(isLoginError(error)).toBe(true)
  expect((error as Error).message).toBe('登录失败')
  expect(w.auth.isSignedIn()).toBe(false)
})

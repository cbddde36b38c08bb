/**
 * The `cloudbase()` preset with the real `@cloudbase/js-sdk` (3.7.0, pinned), offline: the SDK runs
 * in Node through its adapter interface (a custom request class over loopback,
 * tests/support/cloudbase-sdk.ts) against a stand-in CloudBase auth backend
 * (tests/support/cloudbase-backend.ts), and the app — the mini program runtime with `installAuth` —
 * follows the SDK's own `onLoginStateChanged` events: its `sign_in`, its refreshes, its
 * `credentials_error` (the modal, the return route), its `sign_out`. Time is jest's fake `Date`
 * (the SDK reads `new Date()` for its token's expiry); timers and I/O stay real.
 */
import { type CredentialsError, isCredentialsError, type LoginStateEvent } from '../../src/auth'
import { type CloudbaseAuth, cloudbase } from '../../src/presets'
import { type CloudbaseBackend, startCloudbaseBackend } from '../support/cloudbase-backend'
import { cloudbaseApp } from '../support/cloudbase-sdk'
import { bootJourney, HOME, type JourneyWorld, LOGIN, ORDER } from '../support/server-journey'

jest.setTimeout(30_000)

let backend: CloudbaseBackend
beforeAll(async () => {
  backend = await startCloudbaseBackend({ accessTtl: 7200 })
})
afterAll(() => backend.close())

beforeEach(() => {
  // Only Date is faked, and it keeps running: HTTP, the SDK's locks and the runtime run as ever.
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  })
})
afterEach(() => jest.useRealTimers())

let apps = 0
let w: JourneyWorld | undefined
afterEach(() => w?.close())

/** The app: a CloudBase app of the real SDK, and the session bridged to it by the preset. */
async function boot() {
  const cb = cloudbaseApp(backend.host, `uni-session-test-${++apps}`)
  // The preset's view of `app.auth()`, checked against the SDK's own declared types.
  const bridge: CloudbaseAuth = cb.auth
  w = await bootJourney(backend.url, cloudbase(bridge))
  return { cb, w }
}

/** The next event of that type on the session. */
const next = (world: JourneyWorld, type: LoginStateEvent['eventType']) =>
  new Promise<LoginStateEvent>((resolve) => {
    const off = world.auth.onLoginStateChanged((e) => {
      if (e.eventType !== type) return
      off()
      resolve(e)
    })
  })

/** The app's login page calls CloudBase; the session follows CloudBase's sign_in. */
async function logIn(cb: ReturnType<typeof cloudbaseApp>, world: JourneyWorld) {
  const signedIn = next(world, 'sign_in')
  await cb.auth.signIn({ username: 'demo', password: 'demo1234' })
  await signedIn
}

const hoursLater = (hours: number) => jest.setSystemTime(Date.now() + hours * 3600_000)

test("signing in with CloudBase signs the session in, and the app's API gets CloudBase's access token", async () => {
  const { cb, w } = await boot()
  await logIn(cb, w)
  const { accessToken } = await cb.auth.getAccessToken()
  expect(w.auth.getTokens()?.accessToken).toBe(accessToken)
  await expect(w.request.get('/api/me')).resolves.toMatchObject({ data: { username: 'demo' } })
  expect(w.lastHeader('/api/me')?.Authorization).toBe(`Bearer ${accessToken}`)
  expect(backend.stats.signin).toBeGreaterThan(0)
})

test('an expired access token: the SDK refreshes once for 20 requests, which replay with its new token', async () => {
  const { cb, w } = await boot()
  await logIn(cb, w)
  await w.openOrder()
  const before = backend.stats.token
  const first = w.auth.getTokens()?.accessToken
  hoursLater(2.1)
  const outcomes = await w.burst(20, '/api/orders/7')
  expect(outcomes.map((r) => (r as { statusCode?: number }).statusCode)).toEqual(Array(20).fill(200))
  expect(backend.stats.token - before).toBe(1)
  const { accessToken } = await cb.auth.getAccessToken()
  expect(accessToken).not.toBe(first)
  expect(w.auth.getTokens()?.accessToken).toBe(accessToken)
  expect(w.runtime.modals).toEqual([])
  expect(w.runtime.stack()).toEqual([HOME, ORDER])
})

describe.each([
  [
    'the refresh token expired ("refresh_token expired")',
    () => backend.expireRefreshTokens(),
    'refresh_token_expired',
    '登录已过期',
  ],
  [
    'a login elsewhere ("token updated")',
    () => backend.signInElsewhere('demo'),
    'token_updated',
    '账号已在其他设备登录',
  ],
] as const)("CloudBase's credentials_error: %s", (_, end, reason, title) => {
  test(`one modal "${title}", one trip to the login page, back to the order page after signing in with CloudBase again`, async () => {
    const { cb, w } = await boot()
    await logIn(cb, w)
    await w.openOrder()
    end()
    hoursLater(2.1)
    const outcomes = await w.burst(20, '/api/orders/7')
    expect(outcomes.every(isCredentialsError)).toBe(true)
    expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill(reason))
    expect(w.events.filter((e) => e.eventType === 'credentials_error').map((e) => e.reason)).toEqual([reason])
    expect(w.runtime.modals.map((m) => m.options.title)).toEqual([title])
    expect(w.runtime.stack()).toEqual([HOME, ORDER, LOGIN])

    await logIn(cb, w)
    await w.auth.returnAfterLogin()
    await w.settle()
    expect(w.runtime.stack()).toEqual([HOME, ORDER])
    await expect(w.request.get('/api/orders/7')).resolves.toMatchObject({ data: { id: '7', owner: 'demo' } })
    expect(w.runtime.modals).toHaveLength(1)
  })
})

// The session is ended by the bridge (`invalidate`, on CloudBase's credentials_error) while a refresh
// of the session's own is in flight: the request waiting on that refresh carries the reason too.
test('the request waiting on the refresh CloudBase fails rejects with the reason the session ended for', async () => {
  const { cb, w } = await boot()
  await logIn(cb, w)
  backend.expireRefreshTokens()
  hoursLater(2.1)
  // One request: it is the one that starts the refresh, and waits on it.
  const [error] = await w.burst(1, '/api/orders/7')
  expect(isCredentialsError(error)).toBe(true)
  expect((error as CredentialsError).reason).toBe('refresh_token_expired')
})

// Before CloudBase's listeners hear its `sign_out`, each reads the login state, which finds no
// credentials and emits `credentials_error` "credentials not found": a sign-out, not an ended login.
test("CloudBase's sign_out signs the session out, with no modal (its 'credentials not found' on the way is no expiry)", async () => {
  const { cb, w } = await boot()
  await logIn(cb, w)
  const heard = new Promise<void>((resolve) => {
    cb.auth.onLoginStateChanged((p: { data?: { eventType?: string } }) => {
      if (p?.data?.eventType === 'sign_out') resolve()
    })
  })
  await cb.auth.signOut()
  await heard
  await w.settle()
  expect(w.events.map((e) => e.eventType)).toEqual(['sign_in', 'sign_out'])
  expect(w.runtime.modals).toEqual([])
  expect(w.runtime.stack()).toEqual([HOME])
})

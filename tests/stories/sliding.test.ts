/**
 * The `sliding()` preset against the reference server's sliding dialect (`--dialect sliding`, a
 * real process over loopback): no refresh endpoint; an answer to a request made in the token's
 * last half carries a fresh token, in the `X-New-Token` header and/or as uni-id-co's
 * `newToken: { token, tokenExpired }`. The session takes it up and sends it next; an ended
 * session gets none, and an answer that arrives after a sign-out (or another sign-in) is not taken.
 * Time passes on the server's clock (`clockOffsetSec`), never with a sleep.
 */
import { type CredentialsError, createAuth, isCredentialsError, type LoginStateEvent } from '../../src/auth'
import { type SlidingOptions, sliding } from '../../src/presets'
import { createRequest } from '../../src/utils/request'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

let server: RunningServer
beforeAll(async () => {
  // 60 s tokens, renewed in their last 30 s.
  server = await startServer(['--dialect', 'sliding', '--access-ttl', '60'])
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

const clockAhead = (sec: number) => server.control('PUT', '/__control/faults', { clockOffsetSec: sec })
const place = (where: 'header' | 'body' | 'both') =>
  server.control('PUT', '/__control/config', { sliding: { place: where } })

/** A signed-in client; `sent` holds each API request's Authorization, in order. */
async function signedIn(options?: SlidingOptions, username = 'demo') {
  const platform = createNodePlatform()
  const sent: string[] = []
  const send = platform.request
  platform.request = (o) => {
    if (o.url.includes('/api/')) sent.push(o.header?.Authorization ?? '')
    return send(o)
  }
  const auth = createAuth({ platform, ...sliding(options) })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const request = createRequest({ baseURL: server.url, auth })
  const login = await request.post<{ accessToken: string }>(
    '/auth/login',
    { username, password: `${username}1234` },
    { auth: false },
  )
  auth.signIn(login.data)
  events.length = 0
  return { platform, auth, request, events, sent, first: login.data.accessToken }
}

test.each([
  ['the X-New-Token header', 'header', undefined],
  ["uni-id-co's newToken body field", 'body', { header: false, field: 'newToken' }],
  ['both (the same token twice: one renewal)', 'both', { field: 'newToken' }],
] as const)(
  'a fresh token in %s is taken up and sent next; no refresh endpoint is called',
  async (_, where, options) => {
    await place(where)
    const c = await signedIn(options)
    await clockAhead(31)
    await c.request.get('/api/me')
    const renewed = c.auth.getTokens()?.accessToken
    expect(renewed).not.toBe(c.first)
    expect(c.events.map((e) => e.eventType)).toEqual(['token_refreshed'])
    // Past the first token's own expiry: only the fresh one still works, and it is the one sent.
    await clockAhead(65)
    await expect(c.request.get('/api/orders/1')).resolves.toMatchObject({ statusCode: 200 })
    expect(c.sent).toEqual([`Bearer ${c.first}`, `Bearer ${renewed}`])
    const stats = await server.stats()
    expect([stats.refreshes, stats.renewals]).toEqual([0, 2])
    expect(c.platform.log.some((l) => l.url.includes('/auth/refresh'))).toBe(false)
  },
)

test('a client that takes each fresh token stays signed in for many lifetimes with one login', async () => {
  const c = await signedIn()
  for (let i = 1; i <= 6; i++) {
    await clockAhead(i * 40)
    await expect(c.request.get(`/api/orders/${i}`)).resolves.toMatchObject({ statusCode: 200 })
  }
  const stats = await server.stats()
  expect([stats.logins, stats.refreshes, stats.renewals]).toEqual([1, 0, 6])
  expect(new Set(c.sent).size).toBe(6)
  expect(c.events.map((e) => e.eventType)).toEqual(Array(6).fill('token_refreshed'))
})

describe('a session that ended gets no renewal', () => {
  test('replaced by a login elsewhere: TOKEN_UPDATED, no fresh token, one credentials_error', async () => {
    const c = await signedIn()
    await clockAhead(31)
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
    )
    expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(10).fill('token_updated'))
    expect(c.events.map((e) => [e.eventType, e.reason])).toEqual([['credentials_error', 'token_updated']])
    expect((await server.stats()).renewals).toBe(0)
    expect(c.auth.getTokens()).toBeNull()
  })

  test('let lapse: TOKEN_EXPIRED ends it once (there is nothing to refresh with)', async () => {
    const c = await signedIn()
    await clockAhead(61)
    const error = await c.request.get('/api/me').catch((e: unknown) => e)
    expect(isCredentialsError(error) && error.reason).toBe('refresh_token_expired')
    expect(c.events.map((e) => [e.eventType, e.reason])).toEqual([['credentials_error', 'refresh_token_expired']])
    expect((await server.stats()).renewals).toBe(0)
  })

  test.each([
    ['signed out', async (c: Awaited<ReturnType<typeof signedIn>>) => c.auth.signOut(), undefined],
    [
      'signed in as another user',
      async (c: Awaited<ReturnType<typeof signedIn>>) => {
        const res = await c.request.post<{ accessToken: string }>(
          '/auth/login',
          { username: 'alice', password: 'alice1234' },
          { auth: false },
        )
        c.auth.signIn(res.data)
        return res.data.accessToken
      },
      'alice',
    ],
  ])('a fresh token answered after the app %s meanwhile is not taken', async (_, meanwhile, who) => {
    const c = await signedIn()
    await clockAhead(31)
    // The server renews on arrival and holds the reply.
    await server.control('PUT', '/__control/faults', { clockOffsetSec: 31, replyDelayMs: 400, paths: ['/api/'] })
    const answer = c.request.get<{ username: string }>('/api/me')
    for (let i = 0; (await server.stats()).renewals < 1; i++) {
      if (i > 500) throw new Error('the server never renewed the token')
    }
    const next = await meanwhile(c)
    const res = await answer
    // The answer itself arrives (it was the old session's), with a fresh token the session leaves alone.
    expect([res.statusCode, res.data.username, typeof res.header['x-new-token']]).toEqual([200, 'demo', 'string'])
    expect(c.auth.getTokens()?.accessToken).toBe(next)
    expect(c.auth.isSignedIn()).toBe(who === 'alice')
    expect(c.events.filter((e) => e.eventType === 'token_refreshed')).toEqual([])
  })
})

/**
 * The `oauth2()` preset against a real, maintained OAuth2 server implementation: the
 * `@node-oauth/oauth2-server` test server (tests/support/oauth2-server.ts) over loopback, the
 * client on the Node platform that speaks `uni.request`. Expiry is the server's
 * (`expireAccessTokens`, `advance`); the client's clock is a movable one, never a sleep.
 */
import {
  type CredentialsError,
  createAuth,
  type DebugInfo,
  isCredentialsError,
  isHTTPError,
  isLoginError,
  type LoginError,
  type LoginStateEvent,
} from '../../src/auth'
import { oauth2 } from '../../src/presets'
import { createRequest } from '../../src/utils/request'
import { createNodePlatform } from '../support/node-platform'
import { type OAuth2TestServer, startOAuth2Server } from '../support/oauth2-server'

jest.setTimeout(30_000)

let oauth: OAuth2TestServer
beforeEach(async () => {
  // An hour, the library's default: well outside the client's 60 s leeway.
  oauth = await startOAuth2Server({ accessTokenLifetime: 3600, refreshTokenLifetime: 86400 })
})
afterEach(() => oauth.close())

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

/** A raw RFC 6749 §6 refresh grant, as another holder of the refresh token would make it. */
async function rawRefresh(refreshToken: string) {
  const { id, secret } = oauth.clients.app
  const res = await fetch(oauth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
    body: formOf({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

/** A signed-in app: the preset, the app's login (the password grant), a requester for the resource server. */
async function signedIn() {
  const platform = createNodePlatform()
  // What went to the token endpoint, in order (the form bodies).
  const grants: string[] = []
  const send = platform.request
  platform.request = (o) => {
    if (o.url === oauth.tokenUrl) grants.push(String(o.data))
    return send(o)
  }
  let skew = 0
  const debug: DebugInfo[] = []
  const { id, secret } = oauth.clients.app
  const auth = createAuth({
    platform,
    now: () => Date.now() + skew,
    debug: (d) => debug.push(d),
    ...oauth2({ tokenUrl: oauth.tokenUrl, clientId: id, clientSecret: secret, revocationUrl: oauth.revocationUrl }),
  })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const request = createRequest({ baseURL: oauth.url, auth, maxQueue: 1000 })
  // The app's login: the password grant, a form with the client's credentials, outside the auth path.
  const login = await request.post<Record<string, unknown>>(
    '/oauth/token',
    formOf({ grant_type: 'password', username: 'demo', password: 'demo1234' }),
    {
      auth: false,
      header: { 'content-type': 'application/x-www-form-urlencoded', Authorization: basic(id, secret) },
    },
  )
  auth.signIn(login.data)
  events.length = 0
  grants.length = 0
  return {
    platform,
    auth,
    request,
    events,
    debug,
    grants,
    login: login.data,
    /** Moves the client's clock ahead (ms), e.g. past a refresh backoff. */
    advance: (ms: number) => {
      skew += ms
    },
  }
}

const refreshGrants = () => oauth.stats.token.refresh_token ?? 0

test('the password grant signs in: the snake_case answer is the session, its token_type the header', async () => {
  const c = await signedIn()
  expect(c.login).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) })
  expect(c.auth.getTokens()).toMatchObject({
    accessToken: c.login.access_token,
    refreshToken: c.login.refresh_token,
    tokenType: 'Bearer',
  })
  const me = await c.request.get('/api/me')
  expect(me.data).toEqual({ id: 1, username: 'demo', nickname: '演示用户' })
  expect(oauth.stats.token).toEqual({ password: 1 })
  expect(oauth.stats.resource).toEqual({ ok: 1, refused: 0 })
})

test('a burst of 200 requests on an expired access token makes exactly one refresh grant, and all 200 succeed', async () => {
  const c = await signedIn()
  oauth.expireAccessTokens()
  const results = await Promise.all(Array.from({ length: 200 }, () => c.request.get('/api/me')))
  expect(results.every((r) => r.statusCode === 200)).toBe(true)
  expect(refreshGrants()).toBe(1)
  expect(oauth.stats.tokenErrors).toEqual({})
  expect(c.events.map((e) => e.eventType)).toEqual(['token_refreshed'])
  // Each of the 200 was refused once with the old token (or waited), then answered with the new one.
  expect(oauth.stats.resource.ok).toBe(200)
})

test('refresh tokens rotate: the new refresh token is the one presented next, and the old one is dead', async () => {
  const c = await signedIn()
  const first = String(c.login.refresh_token)
  oauth.expireAccessTokens()
  await c.request.get('/api/me')
  const second = c.auth.getTokens()?.refreshToken
  expect(second).toEqual(expect.any(String))
  expect(second).not.toBe(first)
  oauth.expireAccessTokens()
  await c.request.get('/api/me')
  const third = c.auth.getTokens()?.refreshToken
  expect(third).not.toBe(second)
  // What the client sent: the form grant with each refresh token in turn.
  expect(c.grants).toEqual([
    `grant_type=refresh_token&refresh_token=${encodeURIComponent(first)}`,
    `grant_type=refresh_token&refresh_token=${encodeURIComponent(String(second))}`,
  ])
  expect([refreshGrants(), oauth.stats.tokenErrors]).toEqual([2, {}])
  expect((await rawRefresh(first)).body.error).toBe('invalid_grant')
})

describe('invalid_grant ends the session: one credentials_error, every waiting request rejected', () => {
  test.each([
    [
      'revoked (RFC 7009, e.g. by the account page)',
      async (refreshToken: string) => {
        const { id, secret } = oauth.clients.app
        const res = await fetch(oauth.revocationUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
          body: formOf({ token: refreshToken, token_type_hint: 'refresh_token' }),
        })
        expect(res.status).toBe(200)
      },
    ],
    [
      'rotated by another holder (a copy of the session elsewhere refreshed first)',
      async (refreshToken: string) => {
        expect((await rawRefresh(refreshToken)).status).toBe(200)
        oauth.expireAccessTokens()
      },
    ],
  ])('a refresh token %s', async (_, kill) => {
    const c = await signedIn()
    await kill(String(c.login.refresh_token))
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
    )
    expect(outcomes.every(isCredentialsError)).toBe(true)
    expect(outcomes.map((e) => (e as CredentialsError).reason)).toEqual(Array(20).fill('refresh_token_expired'))
    expect(c.events.map((e) => [e.eventType, e.reason])).toEqual([['credentials_error', 'refresh_token_expired']])
    expect(oauth.stats.tokenErrors).toEqual({ invalid_grant: 1 })
    expect(c.auth.isSignedIn()).toBe(false)
    expect(c.platform.storage.size).toBe(0)
  })
})

describe('invalid_client (the client secret rotated on the server) keeps the session and says why', () => {
  test('a refresh after a 401: the request rejects with the server error and description, nobody is signed out, the restored secret refreshes', async () => {
    const c = await signedIn()
    const before = c.auth.getTokens()
    const { id, secret } = oauth.clients.app
    oauth.setClientSecret(id, 'rotated-secret')
    oauth.expireAccessTokens()
    const error = (await c.request.get('/api/me').catch((e: unknown) => e)) as Error & {
      response?: { statusCode: number }
    }
    expect(isHTTPError(error)).toBe(true)
    // The server's own words (RFC 6749 §5.2 error and error_description), and what to check.
    expect(error.message).toContain('invalid_client')
    expect(error.message).toContain('Invalid client: client is invalid')
    expect(error.message).toContain('check the refresh configuration')
    expect(error.response?.statusCode).toBe(401)
    expect(oauth.stats.tokenErrors).toEqual({ invalid_client: 1 })
    expect(c.auth.isSignedIn()).toBe(true)
    expect(c.auth.getTokens()).toEqual(before)
    expect(c.events).toEqual([])
    expect(c.debug.map((d) => d.type)).toEqual(['refresh_misconfigured'])
    // The secret back in place (the app updated, or the server rolled back): past the backoff, one refresh mends it.
    oauth.setClientSecret(id, secret)
    c.advance(2000)
    await expect(c.request.get('/api/me')).resolves.toMatchObject({ statusCode: 200 })
    expect(refreshGrants()).toBe(2)
    expect(c.events.map((e) => e.eventType)).toEqual(['token_refreshed'])
  })

  test('ten requests waiting on a refresh ahead of expiry all reject with it, after one call to the token endpoint', async () => {
    const c = await signedIn()
    oauth.setClientSecret(oauth.clients.app.id, 'rotated-secret')
    // The hour has gone by on the device: each request waits for the refresh before it is sent.
    c.advance(3600_000)
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
    )
    expect(outcomes.every((e) => isHTTPError(e) && e.message.includes('invalid_client'))).toBe(true)
    expect(oauth.stats.token).toEqual({ password: 1, refresh_token: 1 })
    expect(oauth.stats.resource).toEqual({ ok: 0, refused: 0 })
    expect([c.auth.isSignedIn(), c.events, c.debug.map((d) => d.type)]).toEqual([true, [], ['refresh_misconfigured']])
  })
})

test('signOut revokes the refresh token (RFC 7009): it is dead afterwards, and so is the access token', async () => {
  const c = await signedIn()
  const tokens = c.auth.getTokens()
  await c.auth.signOut()
  expect(oauth.stats.revocations).toBe(1)
  expect(c.auth.isSignedIn()).toBe(false)
  expect(c.events.map((e) => e.eventType)).toEqual(['sign_out'])
  expect(await rawRefresh(String(tokens?.refreshToken))).toEqual({
    status: 400,
    body: { error: 'invalid_grant', error_description: expect.any(String) },
  })
  const me = await fetch(oauth.resourceUrl, { headers: { authorization: `Bearer ${tokens?.accessToken}` } })
  expect(me.status).toBe(401)
})

test('a refused password grant (RFC 6749 §5.2, HTTP 400 invalid_grant) reaches the page as a LoginError with the server words', async () => {
  const platform = createNodePlatform()
  const { id, secret } = oauth.clients.app
  const auth = createAuth({ platform, ...oauth2({ tokenUrl: oauth.tokenUrl, clientId: id, clientSecret: secret }) })
  const request = createRequest({ baseURL: oauth.url, auth })
  // The recipe: a refusal's body goes to signIn as well, which says what the server said.
  const body = await request
    .post('/oauth/token', formOf({ grant_type: 'password', username: 'demo', password: 'wrong-pass' }), {
      auth: false,
      header: { 'content-type': 'application/x-www-form-urlencoded', Authorization: basic(id, secret) },
    })
    .then(
      (res) => res.data,
      (e: unknown) => (isHTTPError(e) && e.response ? e.response.data : Promise.reject(e)),
    )
  expect(body).toMatchObject({ error: 'invalid_grant' })
  let error: unknown
  try {
    auth.signIn(body)
  } catch (e) {
    error = e
  }
  expect(isLoginError(error)).toBe(true)
  expect((error as LoginError).code).toBe('invalid_grant')
  expect((error as LoginError).message).toBe((body as { error_description: string }).error_description)
  expect(auth.isSignedIn()).toBe(false)
})

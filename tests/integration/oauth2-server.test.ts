/**
 * The OAuth2 test server (tests/support/oauth2-server.ts) speaks the RFCs the oauth2 preset is
 * written against, over loopback: RFC 6749 §5.1 (a token answer), §5.2 (an error answer), §6
 * (refreshing, with rotation) and §2.3.1 (client authentication, Basic or in the body), RFC 7009
 * (revocation) and RFC 6750 §3 (a protected resource's 401). Raw `fetch`, form-encoded bodies.
 */
import { OAUTH2_CLIENTS, type OAuth2TestServer, startOAuth2Server } from '../support/oauth2-server'

let oauth: OAuth2TestServer
beforeEach(async () => {
  oauth = await startOAuth2Server({ accessTokenLifetime: 60, refreshTokenLifetime: 600 })
})
afterEach(() => oauth.close())

const { app, other } = OAUTH2_CLIENTS
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

const form = async (url: string, params: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  })
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  }
}
const password = (auth: 'basic' | 'body' = 'basic', client = app) =>
  form(
    oauth.tokenUrl,
    {
      grant_type: 'password',
      username: 'demo',
      password: 'demo1234',
      ...(auth === 'body' ? { client_id: client.id, client_secret: client.secret } : {}),
    },
    auth === 'basic' ? { authorization: basic(client.id, client.secret) } : {},
  )
const refresh = (refreshToken: string, client: { id: string; secret: string } = app) =>
  form(
    oauth.tokenUrl,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    { authorization: basic(client.id, client.secret) },
  )
const me = async (accessToken?: string) => {
  const res = await fetch(oauth.resourceUrl, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} })
  return { status: res.status, wwwAuthenticate: res.headers.get('www-authenticate'), body: await res.json() }
}
const revoke = (token: string, hint?: string, client = app) =>
  form(
    oauth.revocationUrl,
    { token, ...(hint ? { token_type_hint: hint } : {}) },
    { authorization: basic(client.id, client.secret) },
  )

test('§5.1: the password grant answers snake_case tokens with token_type, expires_in and no-store', async () => {
  const res = await password()
  expect(res.status).toBe(200)
  expect(res.body).toEqual({
    access_token: expect.any(String),
    token_type: 'Bearer',
    expires_in: expect.any(Number),
    refresh_token: expect.any(String),
  })
  // The library counts the seconds left when it answers: 60, or 59 once a second has turned.
  expect(res.body.expires_in).toBeGreaterThanOrEqual(59)
  expect(res.body.expires_in).toBeLessThanOrEqual(60)
  expect([res.headers.get('cache-control'), res.headers.get('pragma')]).toEqual(['no-store', 'no-cache'])
  expect((await me(String(res.body.access_token))).body).toEqual({ id: 1, username: 'demo', nickname: '演示用户' })
})

test('§2.3.1: the client may authenticate in the body instead of with Basic', async () => {
  expect((await password('body')).status).toBe(200)
})

test('§6: a refresh rotates the refresh token; the rotated one is then invalid_grant (400)', async () => {
  const first = (await password()).body
  const next = await refresh(String(first.refresh_token))
  expect(next.status).toBe(200)
  expect(next.body.refresh_token).not.toBe(first.refresh_token)
  expect(next.body.access_token).not.toBe(first.access_token)
  const again = await refresh(String(first.refresh_token))
  expect([again.status, again.body.error]).toEqual([400, 'invalid_grant'])
  expect((await refresh(String(next.body.refresh_token))).status).toBe(200)
  expect(oauth.stats.token).toEqual({ password: 1, refresh_token: 3 })
  expect(oauth.stats.tokenErrors).toEqual({ invalid_grant: 1 })
})

test('§5.2: an expired or unknown refresh token is invalid_grant; a token of another client too', async () => {
  const { refresh_token } = (await password()).body
  expect((await refresh(String(refresh_token), other)).body.error).toBe('invalid_grant')
  expect((await refresh('no-such-token')).body.error).toBe('invalid_grant')
  oauth.advance(601)
  const expired = await refresh(String(refresh_token))
  expect([expired.status, expired.body]).toEqual([
    400,
    { error: 'invalid_grant', error_description: expect.stringMatching(/expired/) },
  ])
})

test('§5.2: a wrong client secret is invalid_client: 401 with WWW-Authenticate for Basic, 400 in the body', async () => {
  const { refresh_token } = (await password()).body
  const viaBasic = await refresh(String(refresh_token), { id: app.id, secret: 'wrong' })
  expect([viaBasic.status, viaBasic.body.error, viaBasic.headers.get('www-authenticate')]).toEqual([
    401,
    'invalid_client',
    'Basic realm="Service"',
  ])
  const viaBody = await password('body', { id: app.id, secret: 'wrong' })
  expect([viaBody.status, viaBody.body.error]).toEqual([400, 'invalid_client'])
  // A rotated secret: the old one is refused the same way, the refresh token itself is still good.
  oauth.setClientSecret(app.id, 'rotated')
  expect((await refresh(String(refresh_token))).body.error).toBe('invalid_client')
  expect((await refresh(String(refresh_token), { id: app.id, secret: 'rotated' })).status).toBe(200)
})

test('§5.2: a JSON body is invalid_request (400): the token endpoint takes form-encoded bodies only', async () => {
  const res = await fetch(oauth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(app.id, app.secret) },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
  })
  expect([res.status, (await res.json()).error]).toEqual([400, 'invalid_request'])
})

test('RFC 6750: an expired access token gets 401 with WWW-Authenticate error="invalid_token"', async () => {
  const { access_token } = (await password()).body
  oauth.advance(61)
  const res = await me(String(access_token))
  expect([res.status, res.wwwAuthenticate, res.body.error]).toEqual([
    401,
    'Bearer realm="Service",error="invalid_token"',
    'invalid_token',
  ])
  expect((await me()).wwwAuthenticate).toBe('Bearer realm="Service"')
  // A token issued after the clock moved is good for its own lifetime.
  expect((await me(String((await password()).body.access_token))).status).toBe(200)
})

test('expireAccessTokens ends every access token issued so far, leaving the refresh tokens', async () => {
  const { access_token, refresh_token } = (await password()).body
  oauth.expireAccessTokens()
  expect((await me(String(access_token))).status).toBe(401)
  expect((await refresh(String(refresh_token))).status).toBe(200)
})

test('RFC 7009: revoking a refresh token answers 200 with no body and ends its grant, access tokens too', async () => {
  const { access_token, refresh_token } = (await password()).body
  const res = await revoke(String(refresh_token), 'refresh_token')
  expect([res.status, res.body]).toEqual([200, undefined])
  expect((await refresh(String(refresh_token))).body.error).toBe('invalid_grant')
  expect((await me(String(access_token))).status).toBe(401)
  expect(oauth.stats.revocations).toBe(1)
})

test('RFC 7009: an access token can be revoked (the hint only decides where to look first)', async () => {
  const { access_token, refresh_token } = (await password()).body
  expect((await revoke(String(access_token), 'refresh_token')).status).toBe(200)
  expect((await me(String(access_token))).status).toBe(401)
  expect((await refresh(String(refresh_token))).status).toBe(200)
})

test('RFC 7009: an unknown token is 200; no client authentication is invalid_client; no token is invalid_request', async () => {
  expect((await revoke('no-such-token')).status).toBe(200)
  const anonymous = await form(oauth.revocationUrl, { token: 'x' })
  expect([anonymous.status, anonymous.body.error]).toEqual([400, 'invalid_client'])
  const wrong = await revoke('x', undefined, { id: app.id, secret: 'wrong' })
  expect([wrong.status, wrong.body.error, wrong.headers.get('www-authenticate')]).toEqual([
    401,
    'invalid_client',
    'Basic realm="Service"',
  ])
  const missing = await form(oauth.revocationUrl, {}, { authorization: basic(app.id, app.secret) })
  expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request'])
})

test('RFC 7009: a client cannot revoke another client token', async () => {
  const { refresh_token } = (await password()).body
  const res = await revoke(String(refresh_token), undefined, other)
  expect([res.status, res.body.error]).toEqual([400, 'unauthorized_client'])
  expect((await refresh(String(refresh_token))).status).toBe(200)
})

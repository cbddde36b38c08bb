/**
 * The module against the real reference server over loopback: real JWTs,
 * rotating refresh tokens, real HTTP through a Node platform that speaks the
 * uni.request callback API. Real timers throughout.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type CredentialsError,
  createAuth,
  isCredentialsError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  type LoginStateEvent,
} from '../../src/auth'
import { createRequest } from '../../src/utils/request'
import { createNodePlatform } from '../support/node-platform'
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

/** A signed-in client of the real server. */
async function client(options: { username?: string; password?: string; refreshTimeout?: number } = {}) {
  const platform = createNodePlatform()
  const auth = createAuth({
    platform,
    refresh: { url: `${server.url}/auth/refresh`, timeout: options.refreshTimeout },
    logout: { url: `${server.url}/auth/logout` },
  })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const request = createRequest({ baseURL: server.url, auth, maxQueue: 1000 })
  const username = options.username ?? 'demo'
  const login = await request.post<{ user: unknown }>(
    '/auth/login',
    { username, password: options.password ?? `${username}1234` },
    { auth: false },
  )
  auth.signIn(login.data, login.data.user)
  events.length = 0
  return { platform, auth, request, events, username }
}

const expireAccess = (username = 'demo') => server.control('POST', '/__control/expire-access', { username })
const faults = (f: object) => server.control('PUT', '/__control/faults', f)

test('a burst of 200 requests on an expired token makes one refresh, and all 200 succeed', async () => {
  const c = await client()
  await expireAccess()
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => c.request.get(`/api/orders/${i + 1}`)))
  expect(results.every((r) => r.statusCode === 200)).toBe(true)
  expect((await server.stats()).refreshes).toBe(1)
  expect(c.events.map((e) => e.eventType)).toEqual(['token_refreshed'])
})

test('refresh tokens rotate, and presenting a rotated one again ends the session (reuse detection)', async () => {
  await server.control('PUT', '/__control/config', { reuseGraceSec: 0 })
  const c = await client()
  const first = c.auth.getTokens()?.refreshToken
  await c.auth.refresh()
  expect(c.auth.getTokens()?.refreshToken).not.toBe(first)
  // Someone replays the old refresh token.
  const replay = await fetch(`${server.url}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: first }),
  })
  expect(replay.status).toBe(401)
  expect(await replay.json()).toMatchObject({ code: 'REFRESH_REUSED' })
  // The whole family is revoked: the real client's session ends too.
  const error = await c.request.get('/api/me').catch((e: unknown) => e)
  expect(isCredentialsError(error)).toBe(true)
  expect(c.events.map((e) => [e.eventType, e.reason])).toEqual([
    ['token_refreshed', undefined],
    ['credentials_error', 'refresh_token_expired'],
  ])
  expect((await server.stats()).reuseDetected).toBe(1)
})

test('signing in on another device (single session) ends this one with token_updated, without a refresh', async () => {
  const c = await client()
  await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
  )
  expect(outcomes.every((e) => (e as CredentialsError).reason === 'token_updated')).toBe(true)
  expect(c.events.map((e) => [e.eventType, e.reason])).toEqual([['credentials_error', 'token_updated']])
  expect((await server.stats()).refreshes).toBe(0)
})

test('an expired refresh token ends the session with refresh_token_expired', async () => {
  const c = await client()
  await expireAccess()
  await server.control('POST', '/__control/expire-refresh', { username: 'demo' })
  const error = (await c.request.get('/api/me').catch((e: unknown) => e)) as CredentialsError
  expect(error.reason).toBe('refresh_token_expired')
  expect(c.auth.isSignedIn()).toBe(false)
  expect(c.platform.storage.size).toBe(0)
})

test('signOut tells the server: the old refresh token no longer works', async () => {
  const c = await client()
  const rt = c.auth.getTokens()?.refreshToken
  await c.auth.signOut()
  const res = await fetch(`${server.url}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: rt }),
  })
  expect(res.status).toBe(401)
})

describe('faults: each has its outcome, nothing hangs, no false sign-out', () => {
  test('refresh answered 503: the requests fail with it, the session stays, and the next request succeeds', async () => {
    const c = await client()
    await expireAccess()
    await faults({ failRate: 1, paths: ['/auth/refresh'] })
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
    )
    expect(outcomes.every((e) => isHTTPError(e) && e.response?.statusCode === 503)).toBe(true)
    expect(c.auth.isSignedIn()).toBe(true)
    expect(c.events).toEqual([])
    await faults({ failRate: 0 })
    await expect(c.request.get('/api/me')).resolves.toMatchObject({ statusCode: 200 })
  })

  test('refresh timing out: the session stays, and the lost rotation is honoured on the next try', async () => {
    const c = await client({ refreshTimeout: 300 })
    await expireAccess()
    await faults({ replyDelayMs: 800, paths: ['/auth/refresh'] })
    const error = await c.request.get('/api/me').catch((e: unknown) => e)
    expect(isTimeoutError(error)).toBe(true)
    expect(c.auth.isSignedIn()).toBe(true)
    // The server rotates on arrival and only holds the reply: wait until it has seen the refresh.
    for (let i = 0; (await server.stats()).refreshes < 1; i++) {
      if (i > 200) throw new Error('the server never saw the refresh the client gave up on')
      await new Promise((r) => setTimeout(r, 25))
    }
    await faults({ replyDelayMs: 0 })
    await expect(c.request.get('/api/me')).resolves.toMatchObject({ statusCode: 200 })
    expect((await server.stats()).graceRefreshes).toBe(1)
    expect(c.events.map((e) => e.eventType)).toEqual(['token_refreshed'])
  })

  test('dropped connections: requests fail with NetworkError after their retries, and the session stays', async () => {
    const c = await client()
    await faults({ dropRate: 1, paths: ['/api/'] })
    const error = await c.request.get('/api/me', { retry: { limit: 1, maxDelay: 50 } }).catch((e: unknown) => e)
    expect(isNetworkError(error)).toBe(true)
    expect(c.auth.isSignedIn()).toBe(true)
    expect(c.events).toEqual([])
  })

  test('a dropped refresh: waiting requests fail with NetworkError and the session stays', async () => {
    const c = await client()
    await expireAccess()
    await faults({ dropRate: 1, paths: ['/auth/refresh'] })
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => c.request.get('/api/me').catch((e: unknown) => e)),
    )
    expect(outcomes.every(isNetworkError)).toBe(true)
    expect(c.auth.isSignedIn()).toBe(true)
  })

  test('slow replies: every request succeeds', async () => {
    const c = await client()
    await faults({ latencyMs: 300, paths: ['/api/'] })
    const results = await Promise.all(Array.from({ length: 20 }, () => c.request.get('/api/me')))
    expect(results).toHaveLength(20)
  })

  test('a refresh answered 200 with a body that is not JSON keeps the session and says the answer was not JSON (issue 20 item 9)', async () => {
    const c = await client()
    await expireAccess()
    await faults({ malformedRate: 1, paths: ['/auth/refresh'] })
    const error = (await c.request.get('/api/me').catch((e: unknown) => e)) as CredentialsError
    expect(error.name).toBe('HTTPError')
    expect(error.reason).toBeUndefined()
    expect(error.message).toContain('the refresh answer was not JSON')
    expect(c.auth.isSignedIn()).toBe(true)
  })

  test.each([[86400], [-86400]])(
    'a server clock %i s off the device: no spurious refresh, every request succeeds',
    async (offset) => {
      await faults({ clockOffsetSec: offset, paths: ['/'] })
      const c = await client()
      const results = await Promise.all(Array.from({ length: 20 }, () => c.request.get('/api/me')))
      expect(results.every((r) => r.statusCode === 200)).toBe(true)
      expect((await server.stats()).refreshes).toBe(0)
      // And an expiry is still handled with one refresh.
      await expireAccess()
      await Promise.all(Array.from({ length: 20 }, () => c.request.get('/api/me')))
      expect((await server.stats()).refreshes).toBe(1)
    },
  )
})

test('upload and download carry the token, across a refresh', async () => {
  const c = await client()
  const path = join(tmpdir(), `uni-session-upload-${process.pid}.txt`)
  writeFileSync(path, 'hello from the test')
  await expireAccess()
  const up = await c.request.upload<{ id: number; size: number }>('/api/upload', { filePath: path })
  expect(up.data).toMatchObject({ size: 19 })
  const down = await c.request.download(`/api/files/${up.data.id}`)
  expect(readFileSync(down.data.tempFilePath as string, 'utf8')).toBe('hello from the test')
  expect((await server.stats()).refreshes).toBe(1)
})

test('bad input gets a 400 with a message, never a 500', async () => {
  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  for (const [path, body] of [
    ['/auth/login', '{}'],
    ['/auth/login', '{"username":"demo","password":7}'],
    ['/auth/login', 'not json'],
    ['/auth/refresh', '{"refreshToken":""}'],
    ['/auth/wechat', '{"code":"x","extra":1}'],
  ] as const) {
    const res = await post(path, body)
    expect([path, res.status]).toEqual([path, 400])
    expect(await res.json()).toMatchObject({ code: 'INVALID_REQUEST', msg: expect.any(String) })
  }
})

test('login is rate limited per account', async () => {
  const attempt = () =>
    fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wrong' }),
    })
  const statuses: number[] = []
  for (let i = 0; i < 12; i++) statuses.push((await attempt()).status)
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
  expect(statuses.slice(10)).toEqual([429, 429])
})

/**
 * The reference server under an attacker's and a careless client's input, over loopback: the
 * refresh grace window, login's work for unknown accounts, malformed bodies and URLs. Raw
 * `fetch` throughout: these are the server's promises, not the client module's.
 */
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())
beforeEach(() => server.control('POST', '/__control/reset'))

interface Tokens {
  accessToken: string
  refreshToken: string
  refreshExpiresIn: number
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

async function login(username = 'demo'): Promise<Tokens> {
  const res = await post('/auth/login', { username, password: `${username}1234` })
  expect(res.status).toBe(200)
  return (await res.json()) as Tokens
}

const refresh = async (refreshToken: string) => {
  const res = await post('/auth/refresh', { refreshToken })
  return { status: res.status, body: (await res.json()) as Tokens & { code?: string } }
}

const me = (accessToken: string) =>
  fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { code?: string },
  }))

/** Moves the server's clock (`now()` in every token decision), the way time passes. */
const clockAhead = (sec: number) => server.control('PUT', '/__control/faults', { clockOffsetSec: sec })

describe('login does the same work whether or not the account exists', () => {
  const attempt = (username: string) => post('/auth/login', { username, password: 'not-the-password' })

  test.each([
    ['an unknown account', 'nobody-here'],
    ['a real account with a wrong password', 'alice'],
    ['a WeChat-only account (no password)', 'wechat'],
  ])('%s checks one password hash and answers INVALID_CREDENTIALS', async (_, who) => {
    let username = who
    if (who === 'wechat') {
      // The offline stand-in signs in the demo WeChat user; its username is on the answer.
      const res = await post('/auth/wechat', { code: 'any' })
      username = ((await res.json()) as { user: { username: string } }).user.username
    }
    const before = (await server.stats()).passwordChecks
    const res = await attempt(username)
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'INVALID_CREDENTIALS'])
    expect((await server.stats()).passwordChecks - before).toBe(1)
  })
})

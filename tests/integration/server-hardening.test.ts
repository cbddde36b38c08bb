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

describe('refresh grace window', () => {
  test('ten parallel refreshes with one token make one rotation: all ten get the same successor', async () => {
    const { refreshToken } = await login()
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(refreshToken)))
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
    expect(new Set(answers.map((a) => a.body.refreshToken)).size).toBe(1)
    expect(answers[0]?.body.refreshToken).not.toBe(refreshToken)
    const stats = await server.stats()
    expect([stats.refreshes, stats.graceRefreshes, stats.reuseDetected]).toEqual([10, 9, 0])
  })

  test('a rotated token replayed inside the grace gets the successor already issued, not a new chain', async () => {
    const { refreshToken: first } = await login()
    const rotated = await refresh(first)
    const replay = await refresh(first)
    expect(replay.status).toBe(200)
    expect(replay.body.refreshToken).toBe(rotated.body.refreshToken)
    // The successor's lifetime runs from its rotation; the replay does not extend it.
    expect(replay.body.refreshExpiresIn).toBeLessThanOrEqual(rotated.body.refreshExpiresIn)
    expect((await me(replay.body.accessToken)).status).toBe(200)
  })

  test('a thief who replays inside the grace shares the family: the next use after the grace ends it for both', async () => {
    const { refreshToken: stolen } = await login()
    const owner = (await refresh(stolen)).body
    const thief = (await refresh(stolen)).body
    expect(thief.refreshToken).toBe(owner.refreshToken)
    // The owner refreshes on; the thief comes back once the grace has passed.
    const ownerNext = (await refresh(owner.refreshToken)).body
    await clockAhead(60)
    const thiefNext = await refresh(thief.refreshToken)
    expect([thiefNext.status, thiefNext.body.code]).toEqual([401, 'REFRESH_REUSED'])
    // The whole family is revoked: the thief's access token, and the owner's session.
    expect((await me(thief.accessToken)).body.code).toBe('TOKEN_REVOKED')
    expect((await me(ownerNext.accessToken)).body.code).toBe('TOKEN_REVOKED')
    expect((await refresh(ownerNext.refreshToken)).status).toBe(401)
    expect((await server.stats()).reuseDetected).toBe(1)
  })

  test('after the grace, presenting a rotated token again revokes the family', async () => {
    const { refreshToken: first } = await login()
    const next = (await refresh(first)).body
    await clockAhead(31)
    const replay = await refresh(first)
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_REUSED'])
    expect((await me(next.accessToken)).body.code).toBe('TOKEN_REVOKED')
  })

  test('once the successor has been used, the token before it is reuse even inside the grace', async () => {
    const { refreshToken: first } = await login()
    const second = (await refresh(first)).body
    await refresh(second.refreshToken)
    const replay = await refresh(first)
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_REUSED'])
  })

  test('with the grace turned off (0), any second use of a token is reuse', async () => {
    await server.control('PUT', '/__control/config', { reuseGraceSec: 0 })
    const { refreshToken } = await login()
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(refreshToken)))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401])
    expect((await server.stats()).reuseDetected).toBeGreaterThanOrEqual(1)
  })
})

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

describe('bad input gets a 400 with { code, msg }, never a 500', () => {
  const upload = async (contentType: string, body: string) => {
    const { accessToken } = await login()
    const res = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': contentType },
      body,
    })
    return { status: res.status, body: (await res.json()) as { code: string; msg: string } }
  }
  const part = 'Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'

  test.each([
    ['without a boundary', 'multipart/form-data', `--XX\r\n${part}hello\r\n--XX--\r\n`],
    ['with an empty boundary', 'multipart/form-data; boundary=', `--XX\r\n${part}hello\r\n--XX--\r\n`],
    ['cut off inside the file', 'multipart/form-data; boundary=XX', `--XX\r\n${part}hel`],
    ['cut off inside the part headers', 'multipart/form-data; boundary=XX', '--XX\r\nContent-Dispo'],
  ])('a multipart upload %s is a 400 that says the body is malformed', async (_, type, body) => {
    const res = await upload(type, body)
    expect(res).toEqual({ status: 400, body: { code: 'INVALID_REQUEST', msg: expect.stringMatching(/multipart/) } })
  })

  test('a well-formed upload still works, and a long file name is cut between characters', async () => {
    const name = `${'a'.repeat(199)}😀.txt`
    const res = await upload(
      'multipart/form-data; boundary=XX',
      `--XX\r\n${part.replace('a.txt', name)}hello\r\n--XX--\r\n`,
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: `${'a'.repeat(199)}😀`, size: 5 })
  })

  test('a file name that is not well-formed text is answered as it is stored and served back', async () => {
    const { accessToken } = await login()
    const authorization = `Bearer ${accessToken}`
    // UTF-16LE 00 D8: a lone high surrogate.
    const head = `Content-Disposition: form-data; name="file"; filename*=utf-16le''%00%D8`
    const up = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'multipart/form-data; boundary=XX' },
      body: `--XX\r\n${head}\r\n\r\nhello\r\n--XX--\r\n`,
    })
    const { id, name } = (await up.json()) as { id: number; name: string }
    expect(name).toBe('\uFFFD')
    const down = await fetch(`${server.url}/api/files/${id}`, { headers: { authorization } })
    expect(down.headers.get('content-disposition')).toBe(`attachment; filename="${encodeURIComponent(name)}"`)
  })

  test('a URL that cannot be decoded, or a path parameter over its length, is a 400 in the same { code, msg } shape', async () => {
    for (const path of ['/api/%E4', '/api/files/%', `/api/orders/${'1'.repeat(200)}`]) {
      const res = await fetch(`${server.url}${path}`)
      expect([path, res.status]).toEqual([path, 400])
      expect(await res.json()).toEqual({ code: 'INVALID_REQUEST', msg: expect.any(String) })
    }
  })
})
describe('logout', () => {
  test('logout with only the Authorization header (no body) ends the session', async () => {
    const { accessToken, refreshToken } = await login()
    const res = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(res.status).toBe(204)
    expect((await refresh(refreshToken)).body.code).toBe('REFRESH_INVALID')
  })
})

describe('control endpoints and rate limits', () => {
  test('faults set on every path leave the control endpoints working, so a test can always turn them off', async () => {
    for (const f of [{ failRate: 1 }, { dropRate: 1 }, { malformedRate: 1 }]) {
      await server.control('PUT', '/__control/faults', { ...f, paths: ['/'] })
      await expect(server.stats()).resolves.toMatchObject({ requests: expect.any(Number) })
      await server.control('POST', '/__control/reset')
      expect((await post('/auth/login', { username: 'demo', password: 'demo1234' })).status).toBe(200)
    }
  })

  test('failed password logins for an account named "wechat" do not lock out WeChat login', async () => {
    for (let i = 0; i < 11; i++) await post('/auth/login', { username: 'wechat', password: 'wrong' })
    expect((await post('/auth/login', { username: 'wechat', password: 'wrong' })).status).toBe(429)
    expect((await post('/auth/wechat', { code: 'a-code' })).status).toBe(200)
  })

  test('a flood of made-up usernames from one address is capped across accounts, before any password hash', async () => {
    await server.control('PUT', '/__control/config', { loginAddressLimit: 5 })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) {
      statuses.push((await post('/auth/login', { username: `nobody-${i}`, password: 'guess' })).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    expect((await server.stats()).passwordChecks).toBe(5)
    // The cap covers every account from that address, the real ones too, and WeChat login.
    const demo = await post('/auth/login', { username: 'demo', password: 'demo1234' })
    expect([demo.status, demo.headers.get('retry-after')]).toEqual([429, '60'])
    expect(await demo.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect((await post('/auth/wechat', { code: 'a-code' })).status).toBe(429)
  })

  test('the address cap defaults to 60 a minute, a test may lower it, and reset clears its count', async () => {
    expect(await server.control('PUT', '/__control/config', {})).toMatchObject({
      loginAddressLimit: 60,
      loginRateLimit: 10,
    })
    await server.control('PUT', '/__control/config', { loginAddressLimit: 1 })
    expect((await post('/auth/login', { username: 'demo', password: 'demo1234' })).status).toBe(200)
    expect((await post('/auth/login', { username: 'demo', password: 'demo1234' })).status).toBe(429)
    await server.control('POST', '/__control/reset')
    expect((await post('/auth/login', { username: 'demo', password: 'demo1234' })).status).toBe(200)
  })
})

describe('code login on every host', () => {
  test('the provider names the host: each host has its own user, and WeChat is the default', async () => {
    const users: Record<string, string> = {}
    for (const provider of [undefined, 'weixin', 'alipay', 'toutiao', 'baidu', 'qq']) {
      const res = await post('/auth/wechat', provider ? { provider, code: 'c' } : { code: 'c' })
      expect(res.status).toBe(200)
      users[provider ?? 'default'] = (
        (await res.json()) as { user: { username: string; nickname: string } }
      ).user.username
    }
    expect(users.default).toBe(users.weixin)
    expect(new Set(Object.values(users)).size).toBe(5)
    expect(users.alipay).toMatch(/^ali_/)
    expect(users.toutiao).toMatch(/^tt_/)
  })

  test('an unknown provider is a 400 with a message', async () => {
    const res = await post('/auth/wechat', { provider: 'myspace', code: 'c' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_REQUEST')
  })
})

/**
 * The reference server and client input it cannot decode, and its request log (`--log`) under
 * traffic: never a 500 for a malformed cookie, never a credential in the log.
 */
import { type RunningServer, startServer } from '../support/server-process'

jest.setTimeout(30_000)

describe('satoken dialect', () => {
  let server: RunningServer
  let log = ''
  beforeAll(async () => {
    server = await startServer(['--dialect', 'satoken', '--log'])
    server.process.stdout?.on('data', (d: Buffer) => {
      log += d.toString()
    })
    server.process.stderr?.on('data', (d: Buffer) => {
      log += d.toString()
    })
  })
  afterAll(() => server.stop())

  const login = async () => {
    const res = await fetch(`${server.url}/acc/doLogin?name=demo&pwd=demo1234`)
    return ((await res.json()) as { data: { tokenValue: string } }).data.tokenValue
  }

  test('a malformed satoken cookie (satoken=%E4) is no 500, with or without a good header token', async () => {
    const alone = await fetch(`${server.url}/api/me`, { headers: { cookie: 'satoken=%E4' } })
    expect(alone.status).toBe(200)
    expect(await alone.json()).toEqual({ code: 500, msg: 'token 无效：%E4', data: null })
    const token = await login()
    const beside = await fetch(`${server.url}/api/me`, { headers: { satoken: token, cookie: 'satoken=%E4' } })
    expect(beside.status).toBe(200)
    expect(await beside.json()).toMatchObject({ code: 200, data: { username: 'demo' } })
    const query = await fetch(`${server.url}/api/me?satoken=%E4%zz`)
    expect(query.status).toBeLessThan(500)
  })

  test('--log writes no token and no password (query, headers, cookies, form and JSON bodies)', async () => {
    const token = await login()
    await fetch(`${server.url}/api/me?satoken=${token}`)
    await fetch(`${server.url}/api/me`, { headers: { satoken: token, authorization: `Bearer ${token}` } })
    await fetch(`${server.url}/api/me`, { headers: { cookie: `satoken=${token}` } })
    await fetch(`${server.url}/acc/doLogin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=alice&pwd=alice1234',
    })
    await fetch(`${server.url}/acc/doLogin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'alice', pwd: 'alice1234' }),
    })
    await fetch(`${server.url}/acc/logout?satoken=${token}`)
    // The log line of the last request is written once it is answered: wait for it, not for a time.
    for (let i = 0; i < 100 && !/acc\/logout[^\n]*\n[^\n]*statusCode/.test(log); i++)
      await new Promise((r) => setImmediate(r))
    expect(log).toContain('/acc/doLogin')
    expect(log).toContain('/api/me')
    for (const secret of [token, 'demo1234', 'alice1234']) expect(log).not.toContain(secret)
  })
})

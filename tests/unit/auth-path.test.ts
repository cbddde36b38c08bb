import {
  CredentialsError,
  HTTPError,
  isAbortError,
  isCredentialsError,
  isHTTPError,
  isNetworkError,
  isQueueFullError,
  isTimeoutError,
} from '../../src/auth'
import { BASE, flush, setup, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i))

describe('where the token goes', () => {
  test("the access token goes to the baseURL's origin as a Bearer header", async () => {
    const { request, server } = setup()
    await request.get('/me')
    expect(server.apiCalls).toEqual([{ url: `${BASE}/me`, token: 'at-1' }])
  })

  test('no token goes to another origin, even one that shares a prefix', async () => {
    const { request, platform } = setup()
    await request.get('https://api.test.evil.example/x').catch(() => undefined)
    await request.get('http://api.test/x').catch(() => undefined)
    expect(platform.calls.map((c) => c.header.Authorization)).toEqual([undefined, undefined])
  })

  test('trustedOrigins adds origins that receive the token, compared without case', async () => {
    const { request, platform } = setup({ request: { trustedOrigins: ['https://CDN.test/'] } })
    await request.get('https://cdn.test/file')
    expect(platform.calls[0]?.header.Authorization).toBe('Bearer at-1')
  })

  test('an auth: false request never carries a token nor triggers a refresh, even on a 401', async () => {
    const { request, platform, server } = setup()
    server.accessExpired = true
    const error = await request.get('/public', { auth: false }).catch((e: unknown) => e)
    expect(isHTTPError(error)).toBe(true)
    expect(platform.calls[0]?.header.Authorization).toBeUndefined()
    expect(server.refreshCalls).toBe(0)
  })

  test('signed out, a request goes without a token but with the anonymous header, and a 401 does not refresh', async () => {
    const { request, platform, server } = setup({
      signedIn: false,
      request: { anonymousHeader: { 'X-Publishable-Key': 'pk_1' } },
    })
    const error = await request.get('/me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(platform.calls[0]?.header).toEqual({ 'X-Publishable-Key': 'pk_1' })
    expect(server.refreshCalls).toBe(0)
  })

  test('an auth: true request made while signed out rejects with a CredentialsError and sends nothing', async () => {
    const { request, platform } = setup({ signedIn: false })
    await expect(request.get('/orders', { auth: true })).rejects.toBeInstanceOf(CredentialsError)
    expect(platform.calls).toHaveLength(0)
  })

  test('the refresh call carries no access token, and the refresh token goes nowhere else', async () => {
    const { request, platform, server } = setup()
    server.accessExpired = true
    await request.get('/me')
    const refreshCall = platform.calls.find((c) => c.url === server.refreshURL)
    expect(refreshCall?.header.Authorization).toBeUndefined()
    expect(refreshCall?.data).toEqual({ refreshToken: 'rt-1' })
    const others = platform.calls.filter((c) => c !== refreshCall)
    expect(JSON.stringify(others.map((c) => [c.header, c.data, c.url]))).not.toContain('rt-')
  })
})

describe('one refresh for many expired requests', () => {
  test('ten concurrent requests on an expired token make one refresh call and all succeed with the new token', async () => {
    const { request, server } = setup()
    server.accessExpired = true
    const results = await Promise.all(many(10, (i) => request.get(`/r/${i}`)))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(server.refreshCalls).toBe(1)
    expect(server.apiCalls.filter((c) => c.token === 'at-2')).toHaveLength(10)
  })

  test('a 401 that arrives after the refresh finished retries at once with the new token and no new refresh', async () => {
    const { request, server } = setup()
    server.holdApi = true
    const early = request.get('/early')
    const late = request.get('/late')
    await flush()
    server.accessExpired = true
    server.holdApi = false
    const [earlyCall, lateCall] = server.held.splice(0)
    earlyCall?.respond(server.apiReply(earlyCall))
    await expect(early).resolves.toMatchObject({ statusCode: 200 })
    expect(server.refreshCalls).toBe(1)
    // The second 401, for the old token, lands only now.
    lateCall?.respond({ statusCode: 401 })
    await expect(late).resolves.toMatchObject({ statusCode: 200 })
    expect(server.refreshCalls).toBe(1)
    expect(server.apiCalls.map((c) => c.token)).toEqual(['at-1', 'at-1', 'at-2', 'at-2'])
  })

  test('a token within the leeway is refreshed before the request goes out', async () => {
    const { request, server } = setup({ auth: { leeway: 60 } })
    jest.setSystemTime(Date.now() + (3600 - 30) * 1000)
    await request.get('/me')
    expect(server.refreshCalls).toBe(1)
    expect(server.apiCalls.map((c) => c.token)).toEqual(['at-2'])
  })

  test('a token within the leeway whose refresh cannot happen is still used while it is valid', async () => {
    const { request, server, auth } = setup({ auth: { leeway: 60 } })
    jest.setSystemTime(Date.now() + (3600 - 30) * 1000)
    server.refreshMode = 'network'
    await expect(request.get('/me')).resolves.toMatchObject({ statusCode: 200 })
    expect(server.apiCalls.map((c) => c.token)).toEqual(['at-1'])
    expect(auth.isSignedIn()).toBe(true)
  })

  test('a request is replayed after a refresh at most once: a second expiry rejects it', async () => {
    const { request, server, platform } = setup()
    server.accessExpired = true
    platform.handler = (call) => (call.url === server.refreshURL ? server.handle(call) : { statusCode: 401 })
    const error = await request.get('/me').catch((e: unknown) => e)
    expect(isCredentialsError(error)).toBe(true)
    expect((error as Error).message).toContain('refused again after a refresh')
    expect(server.refreshCalls).toBe(1)
    expect(platform.calls.filter((c) => c.url.endsWith('/me'))).toHaveLength(2)
  })

  test('a business code from expiredCodes on an HTTP 200 counts as expired', async () => {
    const { request, server, platform } = setup({ request: { expiredCodes: [409] } })
    let first = true
    platform.handler = (call) => {
      if (call.url === server.refreshURL) return server.handle(call)
      if (first) {
        first = false
        return { statusCode: 200, data: { code: 409, msg: 'token expired' } }
      }
      return { statusCode: 200, data: { code: 0 } }
    }
    await expect(request.get('/me')).resolves.toMatchObject({ data: { code: 0 } })
    expect(server.refreshCalls).toBe(1)
  })

  test('isExpired and credentialsError are asked once per response, also for a 2xx that means expired', async () => {
    const asked = { isExpired: 0, credentialsError: 0 }
    let first = true
    const { request, server, platform } = setup({
      request: {
        isExpired: (res) => {
          asked.isExpired++
          return (res.data as { code?: number }).code === 409
        },
        credentialsError: () => {
          asked.credentialsError++
          return undefined
        },
      },
    })
    platform.handler = (call) => {
      if (call.url === server.refreshURL) return server.handle(call)
      const expired = first
      first = false
      return { statusCode: 200, data: { code: expired ? 409 : 0 } }
    }
    await expect(request.get('/me')).resolves.toMatchObject({ data: { code: 0 } })
    expect(server.refreshCalls).toBe(1)
    expect(asked).toEqual({ isExpired: 2, credentialsError: 2 })
  })

  test('a request aborted after its 401 arrived, before it was judged, starts no refresh', async () => {
    let pending: ReturnType<ReturnType<typeof setup>['request']['get']> | undefined
    const { request, server } = setup({
      request: { hooks: { afterResponse: () => pending?.abort() } },
    })
    server.accessExpired = true
    pending = request.get('/me')
    await expect(pending).rejects.toThrow('request aborted')
    await flush()
    expect(server.refreshCalls).toBe(0)
  })

  test('isExpired decides what counts as expired', async () => {
    const { request, server } = setup({ request: { isExpired: () => false } })
    server.accessExpired = true
    await expect(request.get('/me')).rejects.toBeInstanceOf(HTTPError)
    expect(server.refreshCalls).toBe(0)
  })

  test('uploads and downloads carry the token and take part in the refresh', async () => {
    const { request, server, platform } = setup()
    server.accessExpired = true
    await request.upload('/upload', { filePath: 'tmp://a' })
    await request.download('/files/1')
    expect(server.refreshCalls).toBe(1)
    expect(platform.calls.filter((c) => c.kind !== 'request').map((c) => c.header.Authorization)).toEqual([
      'Bearer at-1',
      'Bearer at-2',
      'Bearer at-2',
    ])
  })
})

describe('the bounded queue', () => {
  test('past maxQueue a request is rejected at once with QueueFullError; the rest succeed', async () => {
    const { request, server } = setup({ request: { maxQueue: 3 } })
    server.refreshMode = 'hold'
    jest.setSystemTime(Date.now() + 3600 * 1000) // expired locally: every request waits for the refresh
    const all = many(5, (i) => request.get(`/r/${i}`).catch((e: unknown) => e))
    await flush()
    expect(server.refreshCalls).toBe(1)
    server.refreshMode = 'ok'
    server.release()
    const outcomes = await Promise.all(all)
    expect(outcomes.filter(isQueueFullError)).toHaveLength(2)
    expect(outcomes.filter((o) => (o as { statusCode?: number }).statusCode === 200)).toHaveLength(3)
    expect((outcomes.find(isQueueFullError) as Error).message).toContain('maxQueue')
  })

  test('a request waiting for the refresh can be aborted; the others go on', async () => {
    const { request, server } = setup()
    server.refreshMode = 'hold'
    jest.setSystemTime(Date.now() + 3600 * 1000)
    const a = request.get('/a')
    const b = request.get('/b')
    const aOutcome = a.catch((e: unknown) => e)
    await flush()
    a.abort()
    expect(isAbortError(await aOutcome)).toBe(true)
    server.refreshMode = 'ok'
    server.release()
    await expect(b).resolves.toMatchObject({ statusCode: 200 })
    expect(server.apiCalls.map((c) => c.url)).toEqual([`${BASE}/b`])
  })

  test('a request waiting for the refresh times out on its own timeout', async () => {
    const { request, server } = setup()
    server.refreshMode = 'hold'
    jest.setSystemTime(Date.now() + 3600 * 1000)
    const pending = request.get('/a', { timeout: 2000 }).catch((e: unknown) => e)
    await flush()
    await jest.advanceTimersByTimeAsync(2000)
    const error = await pending
    expect(isTimeoutError(error)).toBe(true)
    expect((error as Error).message).toContain('waiting for a token refresh')
  })
})

describe('when the refresh fails', () => {
  test('a rejected refresh emits one credentials_error, rejects every waiting request, and clears the tokens', async () => {
    const { request, server, auth, events, platform } = setup()
    server.accessExpired = true
    server.refreshMode = 'reject'
    const outcomes = await Promise.all(many(20, (i) => request.get(`/r/${i}`).catch((e: unknown) => e)))
    expect(outcomes.every(isCredentialsError)).toBe(true)
    expect((outcomes[0] as CredentialsError).reason).toBe('refresh_token_expired')
    expect((outcomes[0] as CredentialsError).request?.url).toBe(`${BASE}/r/0`)
    expect(server.refreshCalls).toBe(1)
    expect(events).toEqual([
      { eventType: 'credentials_error', reason: 'refresh_token_expired', msg: expect.any(String) },
    ])
    expect(auth.isSignedIn()).toBe(false)
    expect(platform.storage.size).toBe(0)
  })

  test('a refresh answered with TOKEN_UPDATED ends the session with reason token_updated', async () => {
    const { request, server, events } = setup()
    server.accessExpired = true
    server.refreshMode = 'token_updated'
    const error = await request.get('/me').catch((e: unknown) => e)
    expect((error as CredentialsError).reason).toBe('token_updated')
    expect(events.map((e) => e.reason)).toEqual(['token_updated'])
  })

  test('an API answer with TOKEN_UPDATED ends the session at once, without a refresh', async () => {
    const { request, server, events, platform, auth } = setup()
    platform.handler = (call) =>
      call.url === server.refreshURL ? server.handle(call) : { statusCode: 401, data: { code: 'TOKEN_UPDATED' } }
    const outcomes = await Promise.all(many(5, () => request.get('/me').catch((e: unknown) => e)))
    expect(outcomes.every((o) => (o as CredentialsError).reason === 'token_updated')).toBe(true)
    expect(server.refreshCalls).toBe(0)
    expect(events).toHaveLength(1)
    expect(auth.isSignedIn()).toBe(false)
  })

  test('a refresh that hits a network error rejects the waiting requests with it and keeps the session', async () => {
    const { request, server, auth, events } = setup()
    server.accessExpired = true
    server.refreshMode = 'network'
    const outcomes = await Promise.all(many(5, () => request.get('/me').catch((e: unknown) => e)))
    expect(outcomes.every(isNetworkError)).toBe(true)
    expect(server.refreshCalls).toBe(1)
    expect(events).toEqual([])
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getTokens()?.refreshToken).toBe('rt-1')
  })

  test('after a refresh network failure the next request tries again, after a backoff, and succeeds', async () => {
    const { request, server } = setup()
    server.accessExpired = true
    server.refreshMode = 'network'
    await request.get('/me').catch(() => undefined)
    server.refreshMode = 'ok'
    const next = request.get('/me')
    await flush()
    expect(server.refreshCalls).toBe(1)
    await jest.advanceTimersByTimeAsync(1000)
    await expect(next).resolves.toMatchObject({ statusCode: 200 })
    expect(server.refreshCalls).toBe(2)
  })

  test('a refresh answered 503 keeps the session and rejects with an HTTPError', async () => {
    const { request, server, auth, events } = setup()
    server.accessExpired = true
    server.refreshMode = '5xx'
    const error = await request.get('/me').catch((e: unknown) => e)
    expect(isHTTPError(error)).toBe(true)
    expect(auth.isSignedIn()).toBe(true)
    expect(events).toEqual([])
  })

  test('a refresh that times out keeps the session and rejects with a TimeoutError', async () => {
    const { request, server, auth } = setup()
    server.accessExpired = true
    server.refreshMode = 'timeout'
    expect(isTimeoutError(await request.get('/me').catch((e: unknown) => e))).toBe(true)
    expect(auth.isSignedIn()).toBe(true)
  })

  test('a refresh answered 200 without tokens counts as rejected, with a clear message', async () => {
    const { request, server, auth } = setup()
    server.accessExpired = true
    server.refreshMode = 'empty'
    const error = (await request.get('/me').catch((e: unknown) => e)) as CredentialsError
    expect(error.message).toContain('no usable tokens')
    expect(auth.isSignedIn()).toBe(false)
  })

  test('no token appears in any error message', async () => {
    const messages: string[] = []
    for (const mode of ['reject', 'network', '5xx', 'empty', 'token_updated'] as const) {
      const s = setup()
      s.server.accessExpired = true
      s.server.refreshMode = mode
      const e = (await s.request.get('/me').catch((x: unknown) => x)) as Error & { cause?: Error; request?: unknown }
      messages.push(e.message, e.cause?.message ?? '', JSON.stringify(e.request ?? {}))
    }
    expect(messages.join(' ')).not.toMatch(/at-\d|rt-\d/)
  })
})

import {
  AbortError,
  HTTPError,
  isAbortError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  isUniSessionError,
  NetworkError,
  TimeoutError,
} from '../../src/auth'
import { createScriptedPlatform, type ScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, flush, useFakeClock } from '../support/setup'

let platform: ScriptedPlatform
beforeEach(() => {
  useFakeClock()
  platform = createScriptedPlatform(() => ({ statusCode: 200, data: { ok: true }, header: { 'X-Id': '1' } }))
})
afterEach(() => jest.useRealTimers())

const make = (options: Parameters<typeof createRequest>[0] = {}) =>
  createRequest({ baseURL: BASE, platform, ...options })

describe('URLs, headers and bodies', () => {
  test('a relative URL is joined to the baseURL with exactly one slash', async () => {
    const request = make({ baseURL: `${BASE}/v1/` })
    await request.get('/users')
    await request.get('orders')
    expect(platform.calls.map((c) => c.url)).toEqual([`${BASE}/v1/users`, `${BASE}/v1/orders`])
  })

  test('an absolute URL is used as it is', async () => {
    await make().get('https://other.test/x')
    expect(platform.calls[0]?.url).toBe('https://other.test/x')
  })

  test('params are encoded, null and undefined skipped, arrays repeated, an existing query and hash kept', async () => {
    await make().get('/search?q=1#top', { params: { a: 'x y', b: null, c: undefined, d: [1, 2], e: true } })
    expect(platform.calls[0]?.url).toBe(`${BASE}/search?q=1&a=x%20y&d=1&d=2&e=true#top`)
  })

  test('default and per-request headers are merged, the per-request value winning', async () => {
    await make({ header: { 'X-App': 'demo', 'X-Lang': 'zh' } }).get('/x', { header: { 'X-Lang': 'en' } })
    expect(platform.calls[0]?.header).toEqual({ 'X-App': 'demo', 'X-Lang': 'en' })
  })

  test('post and put send their body and method; delete uses DELETE', async () => {
    const request = make()
    await request.post('/orders', { sku: 1 })
    await request.put('/orders/1', { sku: 2 })
    await request.delete('/orders/1')
    expect(platform.calls.map((c) => [c.method, c.data])).toEqual([
      ['POST', { sku: 1 }],
      ['PUT', { sku: 2 }],
      ['DELETE', undefined],
    ])
  })

  test('the callable form takes one options object and passes dataType and responseType through', async () => {
    await make()({ url: '/raw', method: 'patch', dataType: 'text', responseType: 'arraybuffer' })
    const call = platform.calls[0]
    expect(call?.method).toBe('PATCH')
    expect(call?.options).toMatchObject({ dataType: 'text', responseType: 'arraybuffer' })
  })

  test('the timeout reaches the platform: the requester default, or the per-request value', async () => {
    const request = make({ timeout: 5000 })
    await request.get('/a')
    await request.get('/b', { timeout: 1500 })
    expect(platform.calls.map((c) => c.timeout)).toEqual([5000, 1500])
  })
})

describe('results and errors', () => {
  test('a 2xx resolves with statusCode, data and header', async () => {
    const res = await make().get<{ ok: boolean }>('/x')
    expect(res).toEqual({ statusCode: 200, data: { ok: true }, header: { 'X-Id': '1' } })
    expect(res.data.ok).toBe(true)
  })

  test('a non-2xx rejects with an HTTPError carrying the request and the response', async () => {
    platform.handler = () => ({ statusCode: 404, data: { msg: 'nope' } })
    const error = await make()
      .get('/missing')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(isHTTPError(error)).toBe(true)
    expect(isUniSessionError(error)).toBe(true)
    const e = error as HTTPError
    expect(e.name).toBe('HTTPError')
    expect(e.response).toEqual({ statusCode: 404, data: { msg: 'nope' }, header: {} })
    expect(e.request).toMatchObject({ url: `${BASE}/missing`, method: 'GET' })
  })

  test('errors are recognised by name alone, as after ES5 down-levelling', () => {
    const foreign = Object.assign(new Error('x'), { name: 'TimeoutError' })
    expect(isTimeoutError(foreign)).toBe(true)
    expect(isUniSessionError(foreign)).toBe(true)
    expect(isNetworkError(foreign)).toBe(false)
  })

  test('a platform fail rejects with a NetworkError', async () => {
    platform.handler = () => ({ fail: 'request:fail net::ERR_INTERNET_DISCONNECTED' })
    const error = await make({ retry: 0 })
      .get('/x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).message).toContain('ERR_INTERNET_DISCONNECTED')
  })

  test('a platform timeout rejects with a TimeoutError and is not retried', async () => {
    platform.handler = () => ({ fail: 'request:fail timeout' })
    const error = await make()
      .get('/x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(platform.calls).toHaveLength(1)
  })

  test('abort rejects at once with an AbortError and aborts the platform task', async () => {
    platform.handler = () => undefined
    const pending = make().get('/slow')
    pending.abort()
    const error = await pending.catch((e: unknown) => e)
    expect(isAbortError(error)).toBe(true)
    expect(error).toBeInstanceOf(AbortError)
    expect(platform.calls[0]?.aborted).toBe(true)
  })

  test('an error message never carries the query string', async () => {
    platform.handler = () => ({ statusCode: 500 })
    const error = (await make({ retry: 0 })
      .get('/x', { params: { secret: 's3cr3t' } })
      .catch((e: unknown) => e)) as Error
    expect(error.message).not.toContain('s3cr3t')
  })
})

describe('retry', () => {
  test('a GET that meets network errors is retried with growing backoff and then succeeds', async () => {
    let n = 0
    platform.handler = () => (++n < 3 ? { fail: 'request:fail' } : { statusCode: 200, data: 'ok' })
    const delays: number[] = []
    const pending = make({ hooks: { beforeRetry: ({ delay }) => delays.push(delay) } }).get('/x')
    await jest.runAllTimersAsync()
    await expect(pending).resolves.toMatchObject({ data: 'ok' })
    expect(platform.calls).toHaveLength(3)
    expect(delays).toHaveLength(2)
    expect(delays[0]).toBeGreaterThanOrEqual(150)
    expect(delays[0]).toBeLessThanOrEqual(300)
    expect(delays[1]).toBeGreaterThanOrEqual(300)
    expect(delays[1]).toBeLessThanOrEqual(600)
  })

  test('retries stop at the limit and the last error is thrown', async () => {
    platform.handler = () => ({ statusCode: 503 })
    const pending = make({ retry: 3 })
      .get('/x')
      .catch((e: unknown) => e)
    await jest.runAllTimersAsync()
    expect(isHTTPError(await pending)).toBe(true)
    expect(platform.calls).toHaveLength(4)
  })

  test('a POST is not retried by default', async () => {
    platform.handler = () => ({ fail: 'request:fail' })
    const pending = make()
      .post('/orders', {})
      .catch((e: unknown) => e)
    await jest.runAllTimersAsync()
    expect(isNetworkError(await pending)).toBe(true)
    expect(platform.calls).toHaveLength(1)
  })

  test('a 404 is not retried', async () => {
    platform.handler = () => ({ statusCode: 404 })
    const pending = make()
      .get('/x')
      .catch((e: unknown) => e)
    await jest.runAllTimersAsync()
    await pending
    expect(platform.calls).toHaveLength(1)
  })

  test('a 429 waits for its Retry-After seconds', async () => {
    let n = 0
    platform.handler = () => (++n === 1 ? { statusCode: 429, header: { 'Retry-After': '7' } } : { statusCode: 200 })
    const delays: number[] = []
    const pending = make({ hooks: { beforeRetry: ({ delay }) => delays.push(delay) } }).get('/x')
    await jest.advanceTimersByTimeAsync(6999)
    expect(platform.calls).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1)
    await expect(pending).resolves.toMatchObject({ statusCode: 200 })
    expect(delays).toEqual([7000])
  })

  test('a Retry-After beyond maxRetryAfter is not waited for', async () => {
    platform.handler = () => ({ statusCode: 503, header: { 'retry-after': '3600' } })
    const pending = make({ retry: { limit: 2, maxRetryAfter: 10_000 } })
      .get('/x')
      .catch((e: unknown) => e)
    await jest.runAllTimersAsync()
    expect(isHTTPError(await pending)).toBe(true)
    expect(platform.calls).toHaveLength(1)
  })

  test('a request aborted during its backoff rejects with AbortError and is not sent again', async () => {
    platform.handler = () => ({ fail: 'request:fail' })
    const pending = make().get('/x')
    const outcome = pending.catch((e: unknown) => e)
    await flush()
    pending.abort()
    await jest.runAllTimersAsync()
    expect(isAbortError(await outcome)).toBe(true)
    expect(platform.calls).toHaveLength(1)
  })

  test('retry: 0 turns retries off, per request too', async () => {
    platform.handler = () => ({ fail: 'request:fail' })
    const pending = make()
      .get('/x', { retry: 0 })
      .catch((e: unknown) => e)
    await jest.runAllTimersAsync()
    await pending
    expect(platform.calls).toHaveLength(1)
  })
})

describe('hooks', () => {
  test('beforeRequest may add a header, afterResponse sees the response, onError hears each failure once', async () => {
    const seen: number[] = []
    const errors: Error[] = []
    platform.handler = (c) => ({ statusCode: c.url.endsWith('/bad') ? 400 : 200 })
    const request = make({
      hooks: {
        beforeRequest: ({ request }) => {
          request.header['X-Trace'] = 't1'
        },
        afterResponse: ({ response }) => {
          seen.push(response.statusCode)
        },
        onError: ({ error }) => {
          errors.push(error)
        },
      },
    })
    await request.get('/good')
    await request.get('/bad').catch(() => undefined)
    expect(platform.calls[0]?.header['X-Trace']).toBe('t1')
    expect(seen).toEqual([200, 400])
    expect(errors.map((e) => e.name)).toEqual(['HTTPError'])
  })

  test('afterResponse may replace the response', async () => {
    const res = await make({
      hooks: { afterResponse: ({ response }) => ({ ...response, data: 'replaced' }) },
    }).get('/x')
    expect(res.data).toBe('replaced')
  })

  test('a throwing onError hook still lets the request reject', async () => {
    platform.handler = () => ({ statusCode: 400 })
    const request = make({
      hooks: {
        onError: () => {
          throw new Error('hook broke')
        },
      },
    })
    await expect(request.get('/x')).rejects.toBeInstanceOf(HTTPError)
  })

  test.each([
    ['beforeRequest', { hooks: { beforeRequest: () => boom() } }],
    ['afterResponse', { hooks: { afterResponse: () => boom() } }],
    ['isExpired', { isExpired: () => boom() }],
  ] as const)('a throwing %s rejects the request with its error, never throws nor hangs', async (_, options) => {
    const { createAuth } = await import('../../src/auth')
    const auth = createAuth({ platform, refresh: { url: `${BASE}/refresh` } })
    auth.signIn({ accessToken: 'at', refreshToken: 'rt' })
    const request = make({ auth, ...options })
    let pending: Promise<unknown> | undefined
    expect(() => {
      pending = request.get('/x')
    }).not.toThrow()
    await expect(pending).rejects.toThrow('hook broke')
  })
})

function boom(): never {
  throw new Error('hook broke')
}

describe('upload and download', () => {
  test('upload sends the file, field name and form data, and parses a JSON body', async () => {
    platform.handler = () => ({ statusCode: 200, data: '{"id":7}' })
    const res = await make().upload<{ id: number }>('/upload', { filePath: 'tmp://a.png', formData: { k: 'v' } })
    expect(res.data).toEqual({ id: 7 })
    expect(platform.calls[0]?.kind).toBe('upload')
    expect(platform.calls[0]?.options).toMatchObject({ filePath: 'tmp://a.png', name: 'file', formData: { k: 'v' } })
  })

  test('download resolves with the temp file path', async () => {
    platform.handler = () => ({ statusCode: 200, tempFilePath: 'tmp://f.pdf' })
    const res = await make().download('/files/1')
    expect(res.data).toEqual({ tempFilePath: 'tmp://f.pdf' })
    expect(platform.calls[0]?.kind).toBe('download')
  })

  test('an upload without a filePath rejects and sends nothing', async () => {
    // @ts-expect-error: filePath is required
    await expect(make().upload('/upload', {})).rejects.toThrow('filePath')
    expect(platform.calls).toHaveLength(0)
  })

  test('a platform without uploadFile makes upload reject, naming the method', async () => {
    const { uploadFile: _, ...bare } = platform
    await expect(createRequest({ platform: bare }).upload('/u', { filePath: 'x' })).rejects.toThrow('uploadFile')
  })
})

describe('bad input', () => {
  test.each([
    [{ maxQueue: -3 }, 'Expected `maxQueue` to be a number >= 1, got -3'],
    [{ maxQueue: 2.5 }, '`maxQueue` to be a whole number >= 1, got 2.5'],
    [{ timeout: '10s' }, '`timeout` to be a number >= 1, got "10s"'],
    [{ baseURL: 42 }, '`baseURL` to be a string, got 42'],
    [{ trustedOrigins: ['api.test'] }, '`trustedOrigins`'],
    [{ auth: {} }, '`auth` to be a session from createAuth()'],
    [{ isExpired: 401 }, '`isExpired` to be a function, got 401'],
    [{ retry: { limit: -1 } }, '`retry.limit` to be a number >= 0, got -1'],
    [{ hooks: { onError: 'log' } }, '`hooks.onError` to be a function'],
  ])('createRequest(%j) throws naming the option and the value', (options, message) => {
    expect(() => createRequest({ platform, ...(options as object) })).toThrow(
      new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'),
    )
  })

  test('a request without a url rejects and sends nothing', async () => {
    // @ts-expect-error: url is required
    await expect(make()({})).rejects.toThrow('needs a `url`')
    expect(platform.calls).toHaveLength(0)
  })

  test('a platform without request fails at creation, naming the method', () => {
    const { request: _, ...bare } = platform
    expect(() => createRequest({ platform: bare as never })).toThrow('the platform has no `request` function')
  })
})

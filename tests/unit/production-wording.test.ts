/**
 * Developer-facing wording only in development builds (src/auth/platform/build.ts, DEV): a uni build
 * defines `process.env.NODE_ENV` (`uni build`: "production"), and there a bad option still throws, with a
 * short message naming it. Under node, `process` exists, so each test loads the module afresh with
 * NODE_ENV set as that build sets it. Every other test runs with NODE_ENV "test": the full messages.
 */
type RequestModule = typeof import('../../src/utils/request')
type AuthModule = typeof import('../../src/auth')

function load<M>(path: string, nodeEnv: string): M {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = nodeEnv
  try {
    let loaded: M | undefined
    jest.isolateModules(() => {
      loaded = require(path) as M
    })
    return loaded as M
  } finally {
    process.env.NODE_ENV = saved
  }
}

const platform = () => ({
  request: jest.fn(),
  getStorageSync: jest.fn(() => ''),
  setStorageSync: jest.fn(),
  removeStorageSync: jest.fn(),
})

describe('a production build', () => {
  test('still refuses a bad option, with a short message naming it', () => {
    const { createRequest } = load<RequestModule>('../../src/utils/request', 'production')
    expect(() => createRequest({ platform: platform() as never, baseURL: 5 as never })).toThrow(
      new TypeError('uni-session: bad `baseURL`'),
    )
    expect(() => createRequest({ platform: platform() as never, maxQueue: 0 })).toThrow(
      new TypeError('uni-session: bad `maxQueue`'),
    )
  })

  test('still refuses a bad createAuth or installAuth option, naming it', () => {
    const { createAuth, installAuth } = load<AuthModule>('../../src/auth', 'production')
    expect(() => createAuth({ platform: platform() as never, storageKey: '' })).toThrow(
      new TypeError('uni-session: bad `storageKey`'),
    )
    const auth = createAuth({ platform: platform() as never })
    expect(() => installAuth(auth, { cancel: 'later' as never })).toThrow(new TypeError('uni-session: bad `cancel`'))
  })

  test('still refuses a platform without the calls it needs, naming the option', () => {
    const { createRequest } = load<RequestModule>('../../src/utils/request', 'production')
    const { request: _, ...noRequest } = platform()
    expect(() => createRequest({ platform: noRequest as never })).toThrow(new TypeError('uni-session: bad `platform`'))
  })

  test('still refuses, unsent, a request the platform cannot make, naming what is missing', async () => {
    const { createRequest } = load<RequestModule>('../../src/utils/request', 'production')
    const host = { ...platform(), methods: ['GET', 'POST'] }
    const request = createRequest({ platform: host as never })
    await expect(request.patch('https://api.test/x')).rejects.toThrow(/^uni-session: no PATCH$/)
    await expect(request.upload('https://api.test/up', { filePath: 'a' })).rejects.toThrow(
      /^uni-session: no `uploadFile`$/,
    )
    expect(host.request).not.toHaveBeenCalled()
  })

  test('still tells a refresh answered by a page (not JSON) from a refused one, in short', async () => {
    const { createAuth } = load<AuthModule>('../../src/auth', 'production')
    const host = platform()
    host.request.mockImplementation((o: { success(res: unknown): void }) =>
      o.success({ statusCode: 200, data: '<!doctype html>', header: {} }),
    )
    const debug = jest.fn()
    const auth = createAuth({ platform: host as never, refresh: { url: 'https://api.test/refresh' }, debug })
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    await expect(auth.refresh()).rejects.toThrow(/HTTP 200: not JSON$/)
    expect(debug).toHaveBeenCalledWith(expect.objectContaining({ type: 'refresh_misconfigured' }))
    expect(auth.isSignedIn()).toBe(true)
  })
})

describe('a development build', () => {
  test('says what the option expects and what it got', () => {
    const { createRequest } = load<RequestModule>('../../src/utils/request', 'development')
    expect(() => createRequest({ platform: platform() as never, baseURL: 5 as never })).toThrow(
      new TypeError('uni-session: expected `baseURL` to be a string, got 5'),
    )
  })
})

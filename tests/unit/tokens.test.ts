import { jwtClaims, readTokenInput, toTokens } from '../../src/auth/tokens'
import { unsignedJwt as jwt } from '../support/jwt'

const NOW = 1_700_000_000_000

describe('reading tokens', () => {
  test('tokens at the top level are read', () => {
    expect(readTokenInput({ accessToken: 'a', refreshToken: 'r', expiresIn: 7200, refreshExpiresIn: 86400 })).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 7200,
      refreshExpiresIn: 86400,
    })
  })

  test('tokens under data in a { code, msg, data } envelope are read', () => {
    expect(readTokenInput({ code: 0, msg: 'ok', data: { accessToken: 'a', refreshToken: 'r' } })).toMatchObject({
      accessToken: 'a',
      refreshToken: 'r',
    })
  })

  test('OAuth snake_case names and a JSON text body are read', () => {
    expect(readTokenInput('{"access_token":"a","refresh_token":"r","expires_in":"60"}')).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 60,
      refreshExpiresIn: undefined,
    })
  })

  test.each([[null], [''], ['not json'], [{}], [{ data: {} }], [{ accessToken: 42 }], [{ accessToken: '' }]])(
    'a body without a usable access token (%j) reads as nothing',
    (body) => {
      expect(readTokenInput(body)).toBeUndefined()
    },
  )

  test('a nonsense expiresIn is ignored rather than trusted', () => {
    expect(readTokenInput({ accessToken: 'a', expiresIn: -5 })?.expiresIn).toBeUndefined()
  })
})

describe('deadlines on the local clock', () => {
  test('expiresIn counts from receipt, whatever the device clock says', () => {
    expect(toTokens({ accessToken: 'a', expiresIn: 7200 }, NOW)).toMatchObject({ expiresAt: NOW + 7200_000 })
  })

  test('a JWT exp with iat is corrected for a device clock that is a day off', () => {
    const serverNow = NOW / 1000 + 86400
    const token = jwt({ iat: serverNow, exp: serverNow + 30 })
    expect(toTokens({ accessToken: token }, NOW).expiresAt).toBe(NOW + 30_000)
  })

  test("a JWT exp without iat is corrected by the server's Date", () => {
    const serverNow = NOW - 3600_000
    const token = jwt({ exp: serverNow / 1000 + 60 })
    expect(toTokens({ accessToken: token }, NOW, serverNow).expiresAt).toBe(NOW + 60_000)
  })

  test('a JWT exp alone is taken as it is', () => {
    expect(toTokens({ accessToken: jwt({ exp: 1_800_000_000 }) }, NOW).expiresAt).toBe(1_800_000_000_000)
  })

  test('an opaque token without expiresIn has no deadline', () => {
    expect(toTokens({ accessToken: 'opaque' }, NOW).expiresAt).toBeUndefined()
  })

  test('refreshExpiresIn becomes the refresh deadline', () => {
    expect(toTokens({ accessToken: 'a', refreshExpiresIn: 10 }, NOW).refreshExpiresAt).toBe(NOW + 10_000)
  })
})

describe('JWT claims', () => {
  test('claims are decoded without atob, non-ASCII claims included', () => {
    expect(jwtClaims(jwt({ exp: 5, name: '张三' }))).toMatchObject({ exp: 5 })
  })

  test.each([['abc'], ['a.!!!.c'], ['a..c']])('a malformed token (%s) has no claims', (token) => {
    expect(jwtClaims(token)).toBeUndefined()
  })
})

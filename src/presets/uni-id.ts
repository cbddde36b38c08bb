/**
 * uniCloud uni-id over HTTP (URL-ized cloud functions): the token in a `uni-id-token` header,
 * `errCode`s `uni-id-token-expired` / `uni-id-check-token-failed` / `uni-id-token-not-exist` for a
 * dead login (there is no refresh token: the session ends), and a fresh token near expiry in
 * `newToken: { token, tokenExpired }` (uni-id's `tokenExpiresThreshold`).
 */
import { bodyOf, type Preset } from './shared'
import { renewedToken } from './sliding'

const DEAD = ['uni-id-token-expired', 'uni-id-check-token-failed', 'uni-id-token-not-exist']

/**
 * @example
 * const auth = createAuth({ ...uniId() })
 */
export function uniId(): Preset {
  return {
    authHeader: (token) => ({ 'uni-id-token': token }),
    isExpired: (res) => res.statusCode === 401 || DEAD.indexOf(bodyOf(res.data).errCode as string) >= 0,
    parseTokens: (body) => {
      const b = bodyOf(body)
      const t = renewedToken(b.newToken || b)
      return typeof t === 'string' ? { accessToken: t } : t
    },
    renewal: (res) => renewedToken(bodyOf(res.data).newToken),
  }
}

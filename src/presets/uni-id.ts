/**
 * uniCloud uni-id over HTTP (URL-ized cloud objects): the token in a `uni-id-token` header (what a
 * cloud object's `this.getUniIdToken()` reads when called over HTTP; uni-id-co's older HTTP path,
 * `common/universal.js` `getHttpUniIdToken`, reads a `uniIdToken` field of the JSON body instead,
 * which this preset does not send), no refresh token (the session ends), and a fresh token near
 * expiry in `newToken: { token, tokenExpired }` (uni-id-co `middleware/auth.js`; uni-id's
 * `tokenExpiresThreshold`).
 */
import { bodyOf, type Preset } from './shared'
import { renewedToken } from './sliding'

/**
 * The errCodes on which the uniCloud client goes to the login page: its `uni-id-*` table and the
 * older uni-id's `TOKEN_INVALID_*` one (DCloud's uni-cloud package 3.0.0-5000720260410001,
 * `dist/uni-cloud.es.js`, the maps merged into its "用户未登录或登录状态过期" table). Every other
 * errCode ("uni-id-captcha-required", "uni-id-account-not-exists"...) is a business error.
 */
export const UNI_ID_TO_LOGIN = [
  'uni-id-token-expired',
  'uni-id-check-token-failed',
  'uni-id-token-not-exist',
  'uni-id-check-device-feature-failed',
  'TOKEN_INVALID_TOKEN_EXPIRED',
  'TOKEN_INVALID_INVALID_CLIENTID',
  'TOKEN_INVALID',
  'TOKEN_INVALID_WRONG_TOKEN',
  'TOKEN_INVALID_ANONYMOUS_USER',
]

/**
 * @example
 * const auth = createAuth({ ...uniId() })
 */
export function uniId(): Preset {
  return {
    authHeader: (token) => ({ 'uni-id-token': token }),
    isExpired: (res) => res.statusCode === 401 || UNI_ID_TO_LOGIN.indexOf(bodyOf(res.data).errCode as string) >= 0,
    parseTokens: (body) => {
      const b = bodyOf(body)
      const t = renewedToken(b.newToken || b)
      return typeof t === 'string' ? { accessToken: t } : t
    },
    renewal: (res) => renewedToken(bodyOf(res.data).newToken),
  }
}

/**
 * Tencent CloudBase (`@cloudbase/js-sdk`): its SDK keeps its own tokens and reports
 * `onLoginStateChanged` with `credentials_error` (its `msg` names the refresh token, or says
 * "token updated" for a login elsewhere). The bridge follows those events, so that `installAuth`
 * (the modal, the return route, the guard) runs on them, and the session's access token is
 * CloudBase's, for the app's own API behind it.
 */
import type { CredentialsErrorReason } from '../auth/errors'
import type { Preset } from './shared'

/** The part of CloudBase's `app.auth()` the bridge uses (js-sdk v2). */
export interface CloudbaseAuth {
  onLoginStateChanged(callback: (params: { data?: { eventType?: string; msg?: string } } | undefined) => void): unknown
  /** The current access token, refreshed by the SDK when needed. */
  getAccessToken(): Promise<{ accessToken?: string } | undefined> | { accessToken?: string } | undefined
}

/**
 * A `credentials_error`'s reason, from CloudBase's `msg`: "token updated" is a login elsewhere; a
 * dead refresh token (or an expiry) is an expired login: the SDK's own "no refresh token found in
 * credentials" and "refresh token not found", or the `error_description` of an `invalid_grant` it
 * passes on (@cloudbase/js-sdk 3.7.0 `oauth/dist/index.js`); "credentials not found", which it
 * says on its way to a `sign_out`, is not a session that ended under the user.
 */
export const cloudbaseReason = (msg: string | undefined): CredentialsErrorReason | undefined =>
  /token\s*updated/i.test(msg || '')
    ? 'token_updated'
    : /refresh[_\s]?token|expire/i.test(msg || '')
      ? 'refresh_token_expired'
      : undefined

/**
 * @example
 * const auth = createAuth({ ...cloudbase(app.auth()) })
 */
export function cloudbase(cb: CloudbaseAuth): Preset {
  const token = async () => {
    const t = await cb.getAccessToken()
    return t && t.accessToken
  }
  return {
    // CloudBase refreshes its own tokens: a "refresh" asks it for the current access token.
    refresh: async () => {
      const accessToken = await token()
      if (!accessToken)
        throw Object.assign(new Error('CloudBase has no login state'), { response: { statusCode: 401 } })
      return { accessToken }
    },
    attach(auth) {
      cb.onLoginStateChanged((params) => {
        const { eventType, msg } = (params && params.data) || {}
        const current = auth.getTokens()
        const reason = eventType === 'credentials_error' && cloudbaseReason(msg)
        if (reason) {
          if (current) auth.invalidate(current.accessToken, reason)
        } else if (eventType === 'sign_out' || (eventType === 'credentials_error' && msg === 'credentials not found')) {
          // Any other credentials_error keeps the session: the SDK (js-sdk 3.7.0 oauth/dist/index.js,
          // `_refreshToken`) also says one for a refresh that merely failed (a network error's
          // error_description), keeping its credentials; the session's next refresh asks the SDK
          // again, and a dead login then ends it there.
          if (current) auth.signOut()
        } else if (eventType === 'sign_in') {
          token().then(
            (accessToken) => {
              if (accessToken && (!current || current.accessToken !== accessToken)) auth.signIn({ accessToken })
            },
            () => undefined,
          )
        }
      })
    },
  }
}

/**
 * A standard OAuth2 server (RFC 6749 §6, RFC 7009): the refresh is a form-encoded
 * `grant_type=refresh_token` POST with client authentication; only `invalid_grant` means the refresh
 * token is dead (the session's default table); `invalid_client` and other configuration errors keep
 * the session and say so; answers are snake_case with `token_type`, which becomes the header's scheme;
 * `signOut()` revokes the refresh token (RFC 7009) when a revocation endpoint is given.
 *
 * Answers of the resource server keep the session's default rule, which is RFC 6750 §3's: HTTP 401
 * (`WWW-Authenticate: Bearer error="invalid_token"`, often with no body) means "refresh"; a 403
 * `insufficient_scope` or a 400 `invalid_request` is the app's error, never the session's end. On
 * the token endpoint (RFC 6749 §5.2), only `invalid_grant` (HTTP 400) ends the session;
 * `invalid_client` (401), `unauthorized_client`, `unsupported_grant_type` and `invalid_scope` say
 * the client is misconfigured and keep it.
 */
import { base64, form, type Preset } from './shared'

export interface OAuth2Options {
  /** The token endpoint (RFC 6749 §3.2). */
  tokenUrl: string
  clientId: string
  /** A confidential client's secret. A mini program is a public client and usually has none. */
  clientSecret?: string
  /** Where the client's credentials go: HTTP Basic (RFC 6749 §2.3.1's preference) or the form body. @default 'basic' */
  clientAuth?: 'basic' | 'body'
  /** The RFC 7009 revocation endpoint: `signOut()` revokes the refresh token there. */
  revocationUrl?: string
  /** The scope asked for on refresh (it may not exceed the original grant). @default the original */
  scope?: string
}

/**
 * @example
 * const auth = createAuth({
 *   ...oauth2({ tokenUrl: 'https://id.example.com/oauth/token', clientId: 'mini-app' }),
 * })
 */
export function oauth2(options: OAuth2Options): Preset {
  const { tokenUrl, clientId, clientSecret, scope, revocationUrl } = options
  if (!tokenUrl || !clientId) throw new TypeError('uni-session: oauth2() needs `tokenUrl` and `clientId`')
  const basic = clientSecret !== undefined && options.clientAuth !== 'body'
  const header: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  }
  // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
  if (basic) {
    header.Authorization = `Basic ${base64(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret as string)}`)}`
  }
  // Without Basic, the client names itself in the body (a public client: its id alone).
  const client = basic ? {} : { client_id: clientId, client_secret: clientSecret }
  return {
    refresh: {
      url: tokenUrl,
      header,
      body: (t) => form(Object.assign({ grant_type: 'refresh_token', refresh_token: t.refreshToken, scope }, client)),
    },
    logout: revocationUrl
      ? {
          url: revocationUrl,
          header,
          body: (t) =>
            form(
              Object.assign(
                t.refreshToken
                  ? { token: t.refreshToken, token_type_hint: 'refresh_token' }
                  : { token: t.accessToken, token_type_hint: 'access_token' },
                client,
              ),
            ),
        }
      : undefined,
  }
}

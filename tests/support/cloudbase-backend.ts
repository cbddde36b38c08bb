/**
 * A stand-in for Tencent CloudBase's auth service, over loopback, for the real `@cloudbase/js-sdk`
 * (v3) to talk to, and the app's own API behind CloudBase. Not CloudBase: its routes and shapes are
 * the ones the SDK sends and reads (its `oauth/src/auth/apis.ts`, `oauth2client.ts`, the auth
 * adapter's `dealAdapterRequestData`), and its refusals carry the words CloudBase's docs tell apps
 * to match a `credentials_error`'s `msg` on (docs.cloudbase.net `api-reference/webv2/auth_token`:
 * `refresh_token` for an expired login, `token updated` for a login elsewhere).
 *
 * - `POST /auth/v1/signin` `{ username, password }` → credentials `{ token_type, access_token,
 *   refresh_token, expires_in, scope, sub }` (snake_case, as the SDK stores them).
 * - `POST /auth/v1/token` `{ grant_type: 'refresh_token', refresh_token, client_id }` → new
 *   credentials (the refresh token rotates), or 400 `{ error: 'invalid_grant', error_description }`.
 * - `GET /auth/v1/user/me` (bearer) → the user; `POST /auth/v1/revoke` `{ token }` → `{}` (the SDK's
 *   `signOut()`), ending that login.
 * - `GET /api/me`, `GET /api/orders/:id`: the app's API; a current CloudBase access token, else 401.
 *
 * Time is `Date.now()`, the clock the SDK reads too: a test moves both with jest's fake `Date`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO_USERS } from '../../server/config'

export interface CloudbaseBackendOptions {
  /** Seconds; CloudBase suggests 7200. */
  accessTtl?: number
  /** Seconds; CloudBase suggests 2592000 (30 days). */
  refreshTtl?: number
}

interface Login {
  id: number
  user: { sub: string; username: string; name: string }
  /** Why its refresh token is refused, in the words the SDK passes on as `msg`. */
  ended?: string
  /** Signed out: its access tokens are refused too (a replaced login's live on until they expire, as JWTs do). */
  revoked?: boolean
  refreshExpiresAt: number
}

export async function startCloudbaseBackend(options: CloudbaseBackendOptions = {}) {
  const accessTtl = options.accessTtl ?? 7200
  const refreshTtl = options.refreshTtl ?? 2592000
  const access = new Map<string, { login: Login; expiresAt: number }>()
  const refresh = new Map<string, Login>()
  const logins: Login[] = []
  const stats = { signin: 0, token: 0, tokenErrors: [] as string[], userMe: 0, revoke: 0, api: { ok: 0, refused: 0 } }
  let counter = 0

  const issue = (login: Login) => {
    const n = ++counter
    const credentials = {
      token_type: 'Bearer',
      access_token: `cb-access-${n}`,
      refresh_token: `cb-refresh-${n}`,
      expires_in: accessTtl,
      scope: 'user',
      sub: login.user.sub,
    }
    access.set(credentials.access_token, { login, expiresAt: Date.now() + accessTtl * 1000 })
    refresh.set(credentials.refresh_token, login)
    return credentials
  }
  const bearer = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const held = token ? access.get(token) : undefined
    return held && !held.login.revoked && held.expiresAt > Date.now() ? held.login : undefined
  }

  type Answer = [number, unknown]
  const route = (req: IncomingMessage, path: string, body: Record<string, string>): Answer => {
    const refused = (error: string, description: string, status = 400): Answer => [
      status,
      { error, error_description: description },
    ]
    if (req.method === 'POST' && path === '/auth/v1/signin') {
      stats.signin++
      const user = DEMO_USERS.find((u) => u.username === body.username && u.password === body.password)
      if (!user) return refused('invalid_username_or_password', 'wrong username or password')
      const login: Login = {
        id: logins.length + 1,
        user: { sub: `uid-${user.username}`, username: user.username, name: user.nickname },
        refreshExpiresAt: Date.now() + refreshTtl * 1000,
      }
      logins.push(login)
      return [200, issue(login)]
    }
    if (req.method === 'POST' && path === '/auth/v1/token') {
      stats.token++
      const login = refresh.get(body.refresh_token ?? '')
      const why =
        body.grant_type !== 'refresh_token'
          ? 'unsupported grant_type'
          : !login
            ? 'refresh_token not found'
            : (login.ended ?? (login.refreshExpiresAt <= Date.now() ? 'refresh_token expired' : undefined))
      if (!login || why) {
        stats.tokenErrors.push(String(why))
        return refused('invalid_grant', String(why))
      }
      refresh.delete(body.refresh_token ?? '')
      return [200, issue(login)]
    }
    if (req.method === 'GET' && path === '/auth/v1/user/me') {
      stats.userMe++
      const login = bearer(req)
      return login ? [200, login.user] : refused('unauthenticated', 'access_token invalid', 401)
    }
    if (req.method === 'POST' && path === '/auth/v1/revoke') {
      stats.revoke++
      const held = access.get(body.token ?? '')
      if (held) Object.assign(held.login, { ended: 'refresh_token revoked', revoked: true })
      return [200, {}]
    }
    const order = /^\/api\/orders\/(\w+)$/.exec(path)
    if (req.method === 'GET' && (path === '/api/me' || order)) {
      const login = bearer(req)
      if (!login) {
        stats.api.refused++
        return [401, { code: 'TOKEN_EXPIRED', msg: 'the CloudBase access token is not valid' }]
      }
      stats.api.ok++
      return [200, order ? { id: order[1], owner: login.user.username } : login.user]
    }
    return refused('not_found', `no route ${req.method} ${path}`, 404)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => {
      let body: Record<string, string> = {}
      try {
        body = text ? (JSON.parse(text) as Record<string, string>) : {}
      } catch {
        // not JSON: answered as an empty body
      }
      const [status, payload] = route(req, new URL(req.url ?? '/', 'http://127.0.0.1').pathname, body)
      const out = JSON.stringify(payload)
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(out)) })
      res.end(out)
    })
  }

  const server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    stats,
    /**
     * The account signs in on another device: this device's refresh token is refused with "token
     * updated"; its access token lives on until it expires.
     */
    signInElsewhere(username: string) {
      for (const login of logins) if (login.user.username === username && !login.ended) login.ended = 'token updated'
    },
    /** Every refresh token issued so far is past its lifetime. */
    expireRefreshTokens() {
      for (const login of logins) login.refreshExpiresAt = Date.now() - 1000
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      }),
  }
}

export type CloudbaseBackend = Awaited<ReturnType<typeof startCloudbaseBackend>>

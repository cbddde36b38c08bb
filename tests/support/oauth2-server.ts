/**
 * A standard OAuth2 authorization server for tests, over loopback: the real, maintained
 * `@node-oauth/oauth2-server` behind a `node:http` server, with an in-memory model
 * (`oauth2-model.ts`).
 *
 * - `POST /oauth/token` (RFC 6749 §4.3 password grant, §6 refresh grant with rotation): a
 *   form-encoded body; the client authenticates with HTTP Basic or `client_id` / `client_secret`
 *   in the body (§2.3.1). Answers §5.1 (`access_token`, `token_type`, `expires_in`,
 *   `refresh_token`, `Cache-Control: no-store`) or §5.2 (`{ error, error_description }`:
 *   `invalid_grant` 400 for a dead refresh token or wrong user credentials, `invalid_client` for a
 *   wrong secret, 401 with `WWW-Authenticate: Basic` when Basic was used, `invalid_request` 400 for
 *   a JSON body or a missing parameter).
 * - `POST /oauth/revoke` (RFC 7009; the library has none, so it is written here by the RFC): the
 *   same client authentication; `token` and an optional `token_type_hint`; 200 with an empty body
 *   for a revoked or unknown token; a refresh token takes its grant's access tokens with it.
 * - `GET /api/me`, a protected resource (RFC 6750): the user, or 401 with
 *   `WWW-Authenticate: Bearer realm="Service",error="invalid_token"` for an expired or revoked token.
 *
 * Clients: `uni-app` / `uni-app-secret` and `other-app` / `other-app-secret`; users: the reference
 * server's demo accounts (`demo` / `demo1234`, `alice` / `alice1234`).
 *
 * @example
 *   const oauth = await startOAuth2Server({ accessTokenLifetime: 60 })
 *   // … point the client at oauth.tokenUrl, oauth.revocationUrl, oauth.resourceUrl …
 *   oauth.advance(61) // the access tokens issued so far have expired
 *   await oauth.close()
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import OAuth2Server from '@node-oauth/oauth2-server'
import { createOAuth2Model, type OAuth2ClientConfig } from './oauth2-model'

export const OAUTH2_CLIENTS = {
  app: { id: 'uni-app', secret: 'uni-app-secret' },
  other: { id: 'other-app', secret: 'other-app-secret' },
} satisfies Record<string, OAuth2ClientConfig>

export interface OAuth2ServerOptions {
  /** Seconds. @default 3600 (the library's default) */
  accessTokenLifetime?: number
  /** Seconds. @default 1209600 (the library's default, two weeks) */
  refreshTokenLifetime?: number
}

export interface OAuth2Stats {
  /** Token requests by `grant_type`, answered or not. */
  token: Record<string, number>
  /** Token endpoint refusals by `error`. */
  tokenErrors: Record<string, number>
  revocations: number
  resource: { ok: number; refused: number }
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown }

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })

const parseBody = (text: string, type = '') => {
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  if (type.startsWith('application/json') && text) {
    try {
      return JSON.parse(text) as Record<string, unknown>
    } catch {
      return {}
    }
  }
  return {}
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
const basicCredentials = (header: string | undefined) => {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '')
  if (!match?.[1]) return undefined
  const [id, ...secret] = Buffer.from(match[1], 'base64').toString().split(':')
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  return { id: decode(id ?? ''), secret: decode(secret.join(':')) }
}

export async function startOAuth2Server(options: OAuth2ServerOptions = {}) {
  const { model, ...control } = createOAuth2Model(Object.values(OAUTH2_CLIENTS))
  const oauth = new OAuth2Server({
    model,
    accessTokenLifetime: options.accessTokenLifetime ?? 3600,
    refreshTokenLifetime: options.refreshTokenLifetime ?? 1209600,
    alwaysIssueNewRefreshToken: true,
  })
  const stats: OAuth2Stats = { token: {}, tokenErrors: {}, revocations: 0, resource: { ok: 0, refused: 0 } }

  /** Runs one of the library's handlers and turns its response (or its error) into an answer. */
  const run = async (
    handle: (request: OAuth2Server.Request, response: OAuth2Server.Response) => Promise<unknown>,
    request: OAuth2Server.Request,
    onSuccess: (result: unknown, response: OAuth2Server.Response) => unknown = (_r, res) => res.body,
  ): Promise<Answer> => {
    const response = new OAuth2Server.Response()
    try {
      const result = await handle(request, response)
      return { status: response.status ?? 200, headers: response.headers, body: onSuccess(result, response) }
    } catch (e) {
      const error = e as OAuth2Server.OAuthError
      const body = { error: error.name, error_description: error.message }
      return { status: error.code ?? 500, headers: response.headers, body }
    }
  }

  const token = async (request: OAuth2Server.Request): Promise<Answer> => {
    const grant = String(request.body?.grant_type ?? '')
    stats.token[grant] = (stats.token[grant] ?? 0) + 1
    const answer = await run((req, res) => oauth.token(req, res), request)
    const error = (answer.body as { error?: string }).error
    if (error) stats.tokenErrors[error] = (stats.tokenErrors[error] ?? 0) + 1
    return answer
  }

  const revoke = (request: OAuth2Server.Request): Answer => {
    const basic = basicCredentials(request.get('authorization'))
    const body = request.body as Record<string, string | undefined>
    const id = basic?.id ?? body.client_id
    const secret = basic?.secret ?? body.client_secret
    const refuse = (status: number, error: string, description: string, headers?: Record<string, string>) => ({
      status,
      headers,
      body: { error, error_description: description },
    })
    if (!id || secret === undefined || !control.authenticates(id, secret)) {
      return basic
        ? refuse(401, 'invalid_client', 'Invalid client: client is invalid', {
            'www-authenticate': 'Basic realm="Service"',
          })
        : refuse(400, 'invalid_client', 'Invalid client: client is invalid')
    }
    if (!body.token) return refuse(400, 'invalid_request', 'Missing parameter: `token`')
    const outcome = control.revoke(body.token, id, body.token_type_hint)
    if (outcome === 'other-client') {
      return refuse(400, 'unauthorized_client', 'The token was issued to another client')
    }
    if (outcome === 'revoked') stats.revocations++
    return { status: 200 }
  }

  const resource = async (request: OAuth2Server.Request): Promise<Answer> => {
    const answer = await run(
      (req, res) => oauth.authenticate(req, res),
      request,
      (result) => (result as OAuth2Server.Token).user,
    )
    if (answer.status === 200) stats.resource.ok++
    else stats.resource.refused++
    return answer
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const text = await readBody(req)
    const request = new OAuth2Server.Request({
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      query: Object.fromEntries(url.searchParams),
      body: parseBody(text, req.headers['content-type']),
    })
    const route = `${req.method} ${url.pathname}`
    const answer: Answer =
      route === 'POST /oauth/token'
        ? await token(request)
        : route === 'POST /oauth/revoke'
          ? revoke(request)
          : route === 'GET /api/me'
            ? await resource(request)
            : { status: 404, body: { error: 'not_found', error_description: `no route ${route}` } }
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body)
    res.writeHead(answer.status, {
      ...answer.headers,
      ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'content-length': String(Buffer.byteLength(payload)),
    })
    res.end(payload)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'server_error', error_description: e.message }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    revocationUrl: `${url}/oauth/revoke`,
    resourceUrl: `${url}/api/me`,
    clients: OAUTH2_CLIENTS,
    stats,
    /** Moves the server's clock ahead: tokens issued before age by that much. */
    advance: control.advance,
    /** Every access token issued so far expires now. */
    expireAccessTokens: control.expireAccessTokens,
    /** Rotates a client's secret: the old one then gets `invalid_client`. */
    setClientSecret: control.setClientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      }),
  }
}

export type OAuth2TestServer = Awaited<ReturnType<typeof startOAuth2Server>>

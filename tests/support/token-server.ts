/**
 * A scripted auth backend for unit and property tests: token generations
 * `at-N` / `rt-N`, a refresh endpoint that rotates them, and an API that
 * answers 401 to any token but the current, unexpired one.
 */
import type { Reply, ScriptedCall } from '../../src/testing/scripted-platform'

export type RefreshMode = 'ok' | 'reject' | 'network' | 'timeout' | '5xx' | 'token_updated' | 'empty' | 'hold'

export interface TokenServer {
  generation: number
  refreshCalls: number
  /** Each refresh's refresh token, in order. */
  refreshTokensSeen: string[]
  refreshMode: RefreshMode
  /** Lifetime handed out with each token, seconds. */
  expiresIn: number
  /** The server considers the current access token expired. */
  accessExpired: boolean
  /** Answers that are held until released (refresh in `hold` mode, API calls when `holdApi`). */
  held: ScriptedCall[]
  holdApi: boolean
  /** API calls seen, with the token each carried. */
  apiCalls: Array<{ url: string; token: string | undefined }>
  refreshURL: string
  handle(call: ScriptedCall): Reply | undefined
  tokensFor(generation: number): { accessToken: string; refreshToken: string; expiresIn: number }
  /** The answer an API call gets now, for the token it carried. */
  apiReply(call: ScriptedCall): Reply
  /** Answers held calls as the server would now (a held refresh rotates), without counting them again. */
  release(): void
}

/** The bearer token of a call; header names are case-insensitive (Alipay's layer lower-cases them). */
const bearer = (call: ScriptedCall) => {
  const name = Object.keys(call.header).find((k) => k.toLowerCase() === 'authorization')
  return name === undefined ? undefined : call.header[name]?.replace(/^Bearer /, '')
}

export function createTokenServer(refreshURL = 'https://api.test/auth/refresh'): TokenServer {
  const server: TokenServer = {
    generation: 1,
    refreshCalls: 0,
    refreshTokensSeen: [],
    refreshMode: 'ok',
    expiresIn: 3600,
    accessExpired: false,
    held: [],
    holdApi: false,
    apiCalls: [],
    refreshURL,
    tokensFor: (n) => ({ accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresIn: server.expiresIn }),
    apiReply(call) {
      const token = bearer(call)
      const ok = token === `at-${server.generation}` && !server.accessExpired
      return ok
        ? { statusCode: 200, data: { ok: true, url: call.url } }
        : { statusCode: 401, data: { code: 'EXPIRED' } }
    },
    release() {
      for (const call of server.held.splice(0)) {
        call.respond(call.url === server.refreshURL ? refreshReply(call) : server.apiReply(call))
      }
    },
    handle(call) {
      if (call.url === server.refreshURL) {
        server.refreshCalls++
        server.refreshTokensSeen.push((call.data as { refreshToken?: string } | undefined)?.refreshToken ?? '')
        return refreshReply(call)
      }
      server.apiCalls.push({ url: call.url, token: bearer(call) })
      if (server.holdApi) {
        server.held.push(call)
        return undefined
      }
      return server.apiReply(call)
    },
  }
  function refreshReply(call: ScriptedCall): Reply | undefined {
    const rt = (call.data as { refreshToken?: string } | undefined)?.refreshToken ?? ''
    switch (server.refreshMode) {
      case 'hold':
        server.held.push(call)
        return undefined
      case 'reject':
        return { statusCode: 401, data: { code: 'invalid_grant' } }
      case 'token_updated':
        return { statusCode: 401, data: { code: 'TOKEN_UPDATED' } }
      case 'network':
        return { fail: 'request:fail net::ERR_CONNECTION_RESET' }
      case 'timeout':
        return { fail: 'request:fail timeout' }
      case '5xx':
        return { statusCode: 503, data: 'busy' }
      case 'empty':
        return { statusCode: 200, data: { code: 0, data: {} } }
      default:
        if (rt !== `rt-${server.generation}`) return { statusCode: 401, data: { code: 'invalid_grant' } }
        server.generation++
        server.accessExpired = false
        return { statusCode: 200, data: { code: 0, data: server.tokensFor(server.generation) } }
    }
  }
  return server
}

/**
 * The in-memory model behind the OAuth2 test server (`oauth2-server.ts`): clients, users, and
 * tokens kept by value. Refresh tokens rotate (the library revokes the one presented, then saves
 * a new pair). Each login starts a token family, so that revoking a refresh token (RFC 7009 §2.1)
 * can end the access tokens of the same grant. Its clock can be moved ahead for tests.
 */
import type OAuth2Server from '@node-oauth/oauth2-server'
import { DEMO_USERS } from '../../server/config'

type Client = OAuth2Server.Client
type Token = OAuth2Server.Token
type RefreshToken = OAuth2Server.RefreshToken

export interface OAuth2ClientConfig {
  id: string
  secret: string
}

export interface OAuth2User {
  id: number
  username: string
  nickname: string
  /** The token family (one per password grant) a refresh continues. */
  family?: number
}

interface Stored {
  token: Token
  family: number
  /** The clock offset when it was issued, ms: its expiry is in the library's (real-time) terms. */
  offsetAtIssue: number
}

export function createOAuth2Model(clientConfigs: OAuth2ClientConfig[]) {
  const clients = new Map(clientConfigs.map((c) => [c.id, { ...c }]))
  const users = DEMO_USERS.map((u, i) => ({ ...u, id: i + 1 }))
  const access = new Map<string, Stored>()
  const refresh = new Map<string, Stored>()
  let families = 0
  let offsetMs = 0

  /** The stored token with its expiries moved back by the time the clock has gone ahead since. */
  const aged = (s: Stored): Token => {
    const shift = offsetMs - s.offsetAtIssue
    const back = (d?: Date) => (d ? new Date(d.getTime() - shift) : d)
    return {
      ...s.token,
      accessTokenExpiresAt: back(s.token.accessTokenExpiresAt),
      refreshTokenExpiresAt: back(s.token.refreshTokenExpiresAt),
    }
  }

  const model: OAuth2Server.PasswordModel & OAuth2Server.RefreshTokenModel = {
    async getClient(clientId: string, clientSecret: string) {
      const c = clients.get(clientId)
      if (!c || c.secret !== clientSecret) return null
      return { id: c.id, grants: ['password', 'refresh_token'] } satisfies Client
    },
    async getUser(username: string, password: string) {
      const u = users.find((x) => x.username === username && x.password === password)
      return u ? ({ id: u.id, username: u.username, nickname: u.nickname } satisfies OAuth2User) : null
    },
    async saveToken(token: Token, client: Client, user: OAuth2User) {
      const family = user.family ?? ++families
      const saved = { ...token, client, user: { id: user.id, username: user.username, nickname: user.nickname } }
      const stored = { token: saved, family, offsetAtIssue: offsetMs }
      access.set(saved.accessToken, stored)
      if (saved.refreshToken) refresh.set(saved.refreshToken, stored)
      return saved
    },
    async getAccessToken(accessToken: string) {
      const s = access.get(accessToken)
      return s ? aged(s) : null
    },
    async getRefreshToken(refreshToken: string) {
      const s = refresh.get(refreshToken)
      // The user carries the family, so the rotated pair stays in it.
      return s ? ({ ...aged(s), user: { ...s.token.user, family: s.family } } as RefreshToken) : null
    },
    async revokeToken(token: RefreshToken) {
      return refresh.delete(token.refreshToken)
    },
  }

  return {
    model,
    /** Moves the server's clock ahead: tokens issued before age by that much. */
    advance: (seconds: number) => {
      offsetMs += seconds * 1000
    },
    /** Every access token issued so far expires now. */
    expireAccessTokens() {
      for (const s of access.values()) {
        s.token = { ...s.token, accessTokenExpiresAt: new Date(Date.now() - 1000 + offsetMs - s.offsetAtIssue) }
      }
    },
    setClientSecret(clientId: string, secret: string) {
      const c = clients.get(clientId)
      if (!c) throw new Error(`no client ${clientId}`)
      c.secret = secret
    },
    /** Whether `clientId` / `secret` authenticate a client (for the revocation endpoint). */
    authenticates: (clientId: string, secret: string) => clients.get(clientId)?.secret === secret,
    /**
     * RFC 7009 §2.1: revokes `token` if it was issued to `clientId`; a refresh token ends its
     * family's access tokens too. `hint` is looked at first and otherwise ignored.
     */
    revoke(token: string, clientId: string, hint?: string): 'revoked' | 'unknown' | 'other-client' {
      const order = hint === 'access_token' ? [access, refresh] : [refresh, access]
      const table = order.find((t) => t.has(token))
      const s = table?.get(token)
      if (!table || !s) return 'unknown'
      if (s.token.client.id !== clientId) return 'other-client'
      if (table === refresh) {
        refresh.delete(token)
        for (const [k, v] of access) if (v.family === s.family) access.delete(k)
      } else access.delete(token)
      return 'revoked'
    },
  }
}

export type OAuth2Model = ReturnType<typeof createOAuth2Model>

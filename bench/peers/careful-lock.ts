/**
 * What a careful engineer adds to the interceptor recipes, in one place (the careful luch-request
 * and uni-ajax recipes use it): one refresh promise that every waiter shares, so that a failed
 * refresh rejects them all (the `processQueue(error, token)` pattern of
 * https://github.com/Godofbrowser/axios-refresh-multiple-request, without the queue); and a 401 for
 * a token that has already been replaced replays at once instead of refreshing again.
 */
import { refreshTokens, type TokenPair } from './refresh-call'

export interface CarefulSession {
  /** The header value for the current token. */
  header(): string
  signIn(accessToken: string, refreshToken: string): void
  /**
   * After a 401 for the request that carried `usedHeader`: resolves when a replay may go out (a new
   * token is there), rejects when the refresh failed (every waiter with it).
   */
  renew(usedHeader: string | undefined): Promise<void>
}

export function carefulSession(refreshURL: string): CarefulSession {
  let access = ''
  let refresh = ''
  let running: Promise<void> | undefined
  return {
    header: () => `Bearer ${access}`,
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    renew(usedHeader) {
      if (running) return running
      // A late 401: the token it carried was replaced meanwhile. Replay, no second refresh.
      if (access && usedHeader !== `Bearer ${access}`) return Promise.resolve()
      if (!refresh) return Promise.reject(new Error('signed out'))
      running = refreshTokens(refreshURL, refresh).then(
        (tokens: TokenPair) => {
          access = tokens.accessToken
          refresh = tokens.refreshToken
          running = undefined
        },
        (error: unknown) => {
          access = refresh = ''
          running = undefined
          throw error
        },
      )
      return running
    },
  }
}

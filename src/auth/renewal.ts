/**
 * Sliding sessions: a fresh token in an ordinary answer (a header, a body field) taken up by the
 * session, `token_refreshed` told. Only a renewal of the current token is taken: never from an
 * answer to an older token (never an older token over a newer one), never across a sign-out; the
 * requester hands over answers to trusted origins only.
 */
import type { Response } from './errors'
import { commit, type SessionState } from './session-state'
import { type TokenInput, toTokens, usable } from './tokens'

export type Renewal = (response: Response) => TokenInput | string | null | undefined

/** Takes the fresh token `renewal` finds in `res`, the answer to a request that carried `used`. */
export function renew(s: SessionState, renewal: Renewal, used: string, res: Response): void {
  if (!s.tokens || s.tokens.accessToken !== used) return
  let input: ReturnType<Renewal>
  try {
    input = renewal(res)
  } catch (e) {
    s.report('renewal_error', e)
    return
  }
  const parsed = typeof input === 'string' ? { accessToken: input } : input
  if (!usable(parsed) || parsed.accessToken === used) return
  commit(s, toTokens(parsed, s.now(), undefined, s.tokens), s.user, 'token_refreshed', 'token renewed')
}

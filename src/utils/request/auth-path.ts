/**
 * The auth path: the token a request carries, and what happens when the answer says it expired
 * or the session is over: one refresh for everyone (keyed on the token the request used), a place
 * in the bounded queue while it runs, and one replay.
 */
import { credentialsError, type Response, retell } from '../../auth/errors'
import type { Tokens } from '../../auth/tokens'
import { aborted } from './call'
import { ofSession, park } from './queue'
import type { Call, Config, Verdict } from './state'

/**
 * Sets the token for a new attempt: the one at hand, or the session's after waiting for it (a refresh,
 * a sign-in). A later attempt (a retry after a backoff) stays with the sign-in the request started
 * under: its token, or none if it went out without one; once that sign-in is over it ends unsent, with
 * the reason it ended for.
 */
export async function authorize(config: Config, call: Call): Promise<void> {
  const session = call.session
  const sid = call.sid
  let token: string | null = null
  if (session && sid !== null) {
    token = session.peekAccessToken()
    const ended = sid !== undefined && session.signInEnded(sid)
    if (ended) {
      call.fromSession = true
      throw retell(ended, call.req)
    }
    // The sign-in it belongs to from now on: the one whose token it waited for, even if another came
    // since (then `send` ends it unsent).
    let own = sid !== undefined ? sid : session.signInId
    if (!token && (own !== undefined || session.signingIn)) {
      token = await park(config, call, () => session.getAccessToken(own), own !== undefined ? 'refresh' : 'sign_in')
      // Waited for a silent sign-in: its token, unless another sign-in came first.
      if (token && own === undefined) {
        if (session.generationOf(token) === undefined) {
          call.fromSession = true
          throw credentialsError('not signed in', undefined, call.req)
        }
        own = session.signInId
      }
    }
    call.sid = token ? own : null
  }
  if (!token && call.opts.auth === true) throw credentialsError('not signed in', undefined, call.req)
  call.token = token
}

/**
 * After `res` said the token expired (or the session is over, `verdict` being why), sets the token
 * to replay with, or throws: the session ended, the request was replayed once already, or aborted.
 */
export async function renew(config: Config, call: Call, res: Response, verdict: Verdict): Promise<void> {
  const session = call.session as NonNullable<Call['session']>
  const stale = call.token as string
  const reason = verdict === 'expired' ? undefined : (verdict as Exclude<Verdict, 'ok' | 'failed' | 'expired'>)
  const current = session.getTokens()
  if (reason && (!current || current.accessToken === stale)) {
    session.invalidate(stale, reason)
    throw credentialsError(`the session ended (${reason})`, reason, call.req, res)
  }
  if (call.replayed) throw credentialsError('token refused again after a refresh', reason, call.req, res)
  // Aborted before its answer was judged: no refresh for it.
  if (call.done) throw aborted(call)
  call.replayed = true
  const next: Tokens = await (current && current.accessToken !== stale && session.state !== 'refreshing'
    ? // Already replaced: the new token at once, without a place in the queue.
      ofSession(call, session.refresh(stale, call.sid as string))
    : // Else one refresh serves everyone waiting.
      park(config, call, () => session.refresh(stale, call.sid as string)))
  call.token = next.accessToken
}

/**
 * The auth path: the token a request carries, and what happens when the answer says it expired
 * or the session is over: one refresh for everyone (keyed on the token the request used), a place
 * in the bounded queue while it runs, and one replay.
 */
import { credentialsError, type Response } from '../../auth/errors'
import type { Tokens } from '../../auth/tokens'
import { aborted } from './call'
import { park } from './queue'
import type { Call, Config, Verdict } from './state'

/** Sets the token for a new attempt: the one at hand, or the session's after waiting for it (a refresh, a sign-in). */
export async function authorize(config: Config, call: Call): Promise<void> {
  const session = call.session
  let token = session ? session.peekAccessToken() : null
  if (session && !token && (session.isSignedIn() || session.signingIn)) {
    token = await park(config, call, session.getAccessToken, session.isSignedIn() ? 'refresh' : 'sign_in')
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
      session.refresh(stale)
    : // Else one refresh serves everyone waiting.
      park(config, call, () => session.refresh(stale)))
  call.token = next.accessToken
}

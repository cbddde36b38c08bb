/** The judge stage: the one place that says what a response means. */
import type { Response } from '../../auth/errors'
import { tell } from './lifecycle'
import type { Call, Config, Verdict } from './state'

/**
 * What `res` means for `call`: for a request that carried a token, the session is over (a reason)
 * or the token expired, and a sliding session may hand back a fresh token; otherwise a 2xx is
 * `'ok'` and anything else `'failed'`.
 */
export function judge(config: Config, call: Call, res: Response): Verdict {
  const verdict = verdictOf(config, call, res)
  if (config.hooks.onLifecycle) tell(config, call, { type: 'response', statusCode: res.statusCode, verdict })
  return verdict
}

function verdictOf(config: Config, call: Call, res: Response): Verdict {
  const { token, session } = call
  if (token) {
    const over = config.sessionOver(res) || (config.isExpired(res) && 'expired')
    if (over) return over
    const renew = (session as NonNullable<Call['session']>).renew
    if (renew) renew(token, res)
  }
  return res.statusCode >= 200 && res.statusCode < 300 ? 'ok' : 'failed'
}

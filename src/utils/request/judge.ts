/** The judge stage: the one place that says what a response means. */
import type { Response } from '../../auth/errors'
import type { Call, Config, Verdict } from './state'

/**
 * What `res` means for `call`: for a request that carried a token, the session is over (a reason)
 * or the token expired; otherwise a 2xx is `'ok'` and anything else `'failed'`.
 */
export function judge(config: Config, call: Call, res: Response): Verdict {
  if (call.token) {
    const over = config.sessionOver(res) || (config.isExpired(res) && 'expired')
    if (over) return over
  }
  return res.statusCode >= 200 && res.statusCode < 300 ? 'ok' : 'failed'
}

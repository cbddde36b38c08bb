/**
 * One line that says what a burst came to, and why: "20/20 成功，刷新 1 次"; "0/20：未登录，请先登录";
 * "离线：会话保留，20 个请求因网络错误失败（已重试）"; the session ended, and how.
 */
import { fill, type Messages } from '@/i18n'
import { type Outcome, outcomeOf } from './timeline'

export interface BurstFacts {
  /** What each request of the burst settled with. */
  results: PromiseSettledResult<unknown>[]
  /** Refreshes during the burst. */
  refreshes: number
  /** Is the session still there once the burst settled? */
  signedIn: boolean
}

export function explainBurst(m: Messages, { results, refreshes, signedIn }: BurstFacts): string {
  const n = results.length
  const kinds: Outcome[] = []
  let reason = ''
  let ok = 0
  for (const r of results) {
    if (r.status === 'fulfilled') {
      ok++
      continue
    }
    const kind = outcomeOf(r.reason)
    if (kinds.indexOf(kind) < 0) kinds.push(kind)
    if (kind === 'session_ended' && !reason) reason = (r.reason as { reason?: string }).reason || ''
  }
  const failed = n - ok
  if (!failed) return fill(m.result.ok, { ok, n, refreshes })
  const only = (...ks: Outcome[]) => kinds.every((k) => ks.indexOf(k) >= 0)
  if (!ok && only('signed_out')) return fill(m.result.signedOut, { n })
  if (!ok && only('network', 'timeout') && signedIn) return fill(m.result.offline, { failed })
  if (kinds.indexOf('session_ended') >= 0) {
    const reasons = m.home.reasons as Record<string, string>
    return fill(m.result.sessionEnded, { ok, n, reason: reasons[reason] || m.result.kinds.session_ended })
  }
  return fill(m.result.mixed, {
    ok,
    n,
    failed,
    kinds: kinds.map((k) => m.result.kinds[k as Exclude<Outcome, 'ok'>]).join(m.result.separator),
  })
}

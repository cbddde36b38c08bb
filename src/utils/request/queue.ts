/** Waiting: for the session (in the requester's bounded queue, within the request's timeout) or for a backoff. */
import { fail, QueueFullError, retell, TimeoutError } from '../../auth/errors'
import { tell } from './lifecycle'
import type { Call, Config } from './state'

/**
 * Waits, cancellable through `call.cancel`: for `work` within `ms` (then times out, and `work`'s
 * place in the queue is given back), or, without `work`, just `ms`.
 */
export function wait<V>(config: Config, call: Call, ms: number, work?: Promise<V>): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    let open = true
    const close = (then: (value: never) => void) => (value: unknown) => {
      if (open) {
        open = false
        if (work) config.queue.waiting--
        clearTimeout(timer)
        call.cancel = undefined
        then(value as never)
      }
    }
    const timer = setTimeout(
      work
        ? () => close(reject)(fail(TimeoutError, 'timed out waiting for a token refresh', call.req))
        : close(resolve),
      ms,
    )
    call.cancel = close(reject)
    if (work) work.then(close(resolve), close(reject))
  })
}

/**
 * Parks `call` until the session answers (`start()`: a refresh, a sign-in), within its deadline and
 * counted against `maxQueue`; past the bound it is rejected at once. The session's errors are told
 * again for this request, and are not retried.
 */
export function park<V>(
  config: Config,
  call: Call,
  start: () => Promise<V>,
  waitingFor: 'refresh' | 'sign_in' = 'refresh',
): Promise<V> {
  const queue = config.queue
  if (queue.waiting >= queue.max) {
    call.fromSession = true
    return Promise.reject(
      fail(QueueFullError, `more than \`maxQueue\` (${queue.max}) requests waiting for a token refresh`, call.req),
    )
  }
  queue.waiting++
  if (config.hooks.onLifecycle) tell(config, call, { type: 'wait', for: waitingFor })
  return wait(config, call, Math.min(call.deadline - Date.now(), 2147483647), ofSession(call, start()))
}

/** The session's answer for `call`: its error told again for this request, and not retried. */
export const ofSession = <V>(call: Call, answer: Promise<V>): Promise<V> =>
  answer.then(undefined, (e) => {
    call.fromSession = true
    throw retell(e, call.req)
  })

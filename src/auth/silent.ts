/** A silent sign-in (e.g. `uni.login` -> code -> the server) that requests wait for, within a deadline. */
import { fail, TimeoutError } from './errors'
import type { SessionState } from './session-state'

export interface Silent {
  /** The sign-in under way, if any. */
  running?: Promise<boolean>
  /** What waiters wait for: settles with it, rejects with a `TimeoutError` when it misses its deadline. */
  waiting?: Promise<boolean>
}

/**
 * Runs `login` once at a time and signs in with what it resolves, unless a sign-in or sign-out
 * happened meanwhile (that one wins). Resolves `true` on success, `false` on failure (reported).
 * A login that has not answered within `ms` (a host's `login` that never calls back) fails: waiters
 * reject with a `TimeoutError`, the session stays signed out, its late answer is dropped, and the
 * next attempt may run.
 */
export function signInSilently(
  s: SessionState,
  silent: Silent,
  ms: number,
  signIn: (body: unknown) => void,
  login: () => unknown,
  onError?: (error: unknown) => void,
): Promise<boolean> {
  if (!silent.running) {
    const at = s.epoch
    let timer: ReturnType<typeof setTimeout> | undefined
    let late: unknown
    // Whichever comes first: what `login` gives (called at once), or the deadline.
    const done = new Promise((resolve, reject) => {
      timer = setTimeout(() => {
        late = fail(TimeoutError, `the silent login did not finish within ${ms} ms`)
        reject(late)
      }, ms)
      // Not `resolve(login())`: a promise that never settles would hold this one past the deadline.
      Promise.resolve(login()).then(resolve, reject)
    })
      .then((body) => {
        if (at === s.epoch) signIn(body)
      })
      .then(
        () => true,
        (e: unknown) => {
          s.report('silent_login_failed', e)
          if (onError) onError(e)
          return false
        },
      )
      .then((ok) => {
        clearTimeout(timer)
        // Cleared before anyone waiting hears: a waiter that asks again sees no sign-in under way.
        silent.running = silent.waiting = undefined
        if (late) throw late
        return ok
      })
    silent.waiting = done
    silent.running = done.then(undefined, () => false)
  }
  return silent.running
}

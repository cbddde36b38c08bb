/** A silent sign-in (e.g. `uni.login` -> code -> the server) that requests wait for, within a deadline. */
import { fail, TimeoutError } from './errors'
import type { SessionState } from './session-state'

export interface Silent {
  /** The sign-in under way, if any. */
  running?: Promise<boolean>
  /** What waiters wait for: settles with it, rejects with a `TimeoutError` when it misses its deadline. */
  waiting?: Promise<void>
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
    let late = false
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true
        reject(fail(TimeoutError, `the silent login did not finish within ${ms} ms (\`silentLoginTimeout\`)`))
      }, ms)
    })
    let work: Promise<unknown>
    try {
      work = Promise.resolve(login())
    } catch (e) {
      work = Promise.reject(e)
    }
    const p = Promise.race([work, deadline]).then(
      (body) => {
        clearTimeout(timer)
        if (at === s.epoch && !late) signIn(body)
        return true
      },
      (e: unknown) => {
        clearTimeout(timer)
        s.report('silent_login_failed', e)
        if (onError) onError(e)
        if (late) throw e
        return false
      },
    )
    // Cleared before anyone waiting hears: a waiter that asks again sees no sign-in under way.
    const waiting = p.then(
      () => {
        silent.running = silent.waiting = undefined
      },
      (e: unknown) => {
        silent.running = silent.waiting = undefined
        throw e
      },
    )
    waiting.catch(() => undefined)
    silent.waiting = waiting
    silent.running = p.then(
      () => true,
      () => false,
    )
  }
  return silent.running
}

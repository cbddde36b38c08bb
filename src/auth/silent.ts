/** A silent sign-in (e.g. `uni.login` -> code -> the server) that requests wait for. */
import type { SessionState } from './session-state'

export interface Silent {
  /** The sign-in under way, if any. */
  running?: Promise<boolean>
}

/**
 * Runs `login` once at a time and signs in with what it resolves, unless a sign-in or sign-out
 * happened meanwhile (that one wins). Resolves `true` on success, `false` on failure (reported).
 */
export function signInSilently(
  s: SessionState,
  silent: Silent,
  signIn: (body: unknown) => void,
  login: () => unknown,
  onError?: (error: unknown) => void,
): Promise<boolean> {
  if (!silent.running) {
    const at = s.epoch
    const p = (async () => {
      try {
        const body = await login()
        if (at === s.epoch) signIn(body)
        return true
      } catch (e) {
        s.report('silent_login_failed', e)
        if (onError) onError(e)
        return false
      }
    })()
    silent.running = p
    p.then(() => {
      silent.running = undefined
    })
  }
  return silent.running
}

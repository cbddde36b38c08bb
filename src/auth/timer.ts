/** `autoRefresh`: a refresh ahead of expiry on a timer while the app is in the foreground. */
import { refresh } from './refresh-lock'
import { fresh, type SessionState } from './session-state'

export interface Timer {
  /** Re-plans the next refresh (after any change of the tokens or of the cooldown). */
  schedule(): void
}

/** A timer for `s`; `on: false` gives one that never fires. */
export function createTimer(s: SessionState, on: boolean | undefined): Timer {
  let timer: ReturnType<typeof setTimeout> | undefined
  let hidden = false
  const schedule = () => {
    clearTimeout(timer)
    const t = s.tokens
    if (on && !hidden && t && t.refreshAt) {
      // At least a second apart: a server handing out already-expired tokens must not make a busy loop.
      const ms = Math.max(t.refreshAt - s.now(), s.cooldownUntil - s.now(), 1000)
      timer = setTimeout(() => refresh(s).catch(() => undefined), Math.min(ms, 2147483647))
    }
  }
  if (on) {
    const { platform } = s
    if (platform.onAppHide) {
      platform.onAppHide(() => {
        hidden = true
        schedule()
      })
    }
    if (platform.onAppShow) {
      platform.onAppShow(() => {
        hidden = false
        if (s.tokens && !fresh(s, s.tokens)) refresh(s).catch(() => undefined)
        else schedule()
      })
    }
  }
  return { schedule }
}

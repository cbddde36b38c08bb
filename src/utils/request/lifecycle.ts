/** `hooks.onLifecycle`: each step of a request told, for timelines and logs. */
import type { Call, Config } from './state'
import type { LifecycleEvent } from './types'

type Step = LifecycleEvent extends infer E ? (E extends unknown ? Omit<E, 'id' | 'request' | 'at'> : never) : never

/** Tells the hook (callers check `config.hooks.onLifecycle` first, so that no event is made for nobody). */
export function tell(config: Config, call: Call, step: Step): void {
  try {
    ;(config.hooks.onLifecycle as NonNullable<Config['hooks']['onLifecycle']>)(
      Object.assign({ id: call.id, request: call.req, at: Date.now() }, step) as LifecycleEvent,
    )
  } catch {
    // an observer that throws must not change what happens to the request
  }
}

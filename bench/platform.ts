/**
 * The scripted platform (src/testing) as a `uni` global, plus what luch-request and uni-ajax rely on
 * and the scripted platform leaves out: uni's `complete` callback, called after `success` or `fail`.
 * Calls without `complete` go straight through, so the others pay nothing for it.
 */
import type { PlatformRequestOptions, PlatformResponse } from '../src/auth/platform'
import { createScriptedPlatform, type Handler, type ScriptedPlatform } from '../src/testing/scripted-platform'

type WithComplete = PlatformRequestOptions & { complete?(res: unknown): void }

export function installUni(handler: Handler): ScriptedPlatform {
  const platform = createScriptedPlatform(handler)
  // No timeout timer per call: the bench measures the clients, not the scripted platform's timers.
  platform.ignoresTimeouts = true
  const request = platform.request
  platform.request = (o: WithComplete) => {
    const complete = o.complete
    if (!complete) return request(o)
    return request({
      ...o,
      success(res: PlatformResponse) {
        o.success?.(res)
        complete(res)
      },
      fail(err) {
        o.fail?.(err)
        complete(err)
      },
    })
  }
  ;(globalThis as { uni?: unknown }).uni = platform
  return platform
}

/**
 * The hosts' callback convention: an API takes `success`, `fail` and `complete`, calls `complete`
 * after the other, and, called without any of them, returns a promise instead (uni-app 3, WeChat
 * base library 2.10.2+).
 */
import type { PlatformFailure } from '../../auth/platform'
import type { Scheduler } from './scheduler'

/** An API's options as the runtime handles them. */
export interface Args {
  [key: string]: unknown
  success?(res: unknown): void
  fail?(res: unknown): void
  complete?(res: unknown): void
}

export interface Callbacks<R> {
  success?(res: R): void
  fail?(err: PlatformFailure): void
  complete?(res: R | PlatformFailure): void
}

export type WithComplete<T> = T & { complete?(res: unknown): void }

export const CALLBACK_KINDS = ['success', 'fail', 'complete'] as const

/** `success` or `fail`, then `complete`; each caught on its own. */
export function settle(scheduler: Scheduler, args: Args, ok: boolean, res: unknown) {
  scheduler.safe(() => (ok ? args.success?.(res) : args.fail?.(res)))
  scheduler.safe(() => args.complete?.(res))
}

/** Without callbacks, the API returns a promise (already marked handled, so an ignored failure is no crash). */
export function promised(given: Args | undefined): [Args, Promise<unknown> | undefined] {
  const args = given ?? {}
  if (args.success || args.fail || args.complete) return [args, undefined]
  let withCallbacks: Args = args
  const promise = new Promise<unknown>((resolve, reject) => {
    withCallbacks = { ...args, success: resolve, fail: reject }
  })
  promise.catch(() => undefined)
  return [withCallbacks, promise]
}

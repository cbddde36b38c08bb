/**
 * uni-app's interceptors (`uni.addInterceptor`): an API's `invoke` hooks run first, synchronously
 * unless one returns a promise, and may rewrite the arguments or cancel the call (`false`, or a
 * promise of `false`); its `success` / `fail` / `complete` hooks run before the caller's callbacks,
 * and `false` from one stops the rest. They apply to every API of that name, navigation, request,
 * showModal and login alike. A native tabBar tap bypasses them.
 */
import { type Args, CALLBACK_KINDS } from './callbacks'
import type { Scheduler } from './scheduler'

/** uni's interceptor: `invoke` may mutate the arguments, or return false (or a promise of false) to cancel. */
export interface Interceptor {
  // biome-ignore lint/suspicious/noExplicitAny: arguments differ per API, as in uni's own typings
  invoke?(args: any): unknown
  /** Runs before the caller's callback; returning false stops it. */
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  success?(res: any): unknown
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  fail?(err: any): unknown
  // biome-ignore lint/suspicious/noExplicitAny: results differ per API
  complete?(res: any): unknown
}

export interface Interceptors {
  add(name: string, interceptor: Interceptor): void
  /** Removes one interceptor, or all of them for that name. */
  remove(name: string, interceptor?: Interceptor): void
  /**
   * uni's invokeApi: the `invoke` hooks, then `run` with the callbacks wrapped; `cancelled` when a
   * hook said no. Returns what `run` returned when no hook made the call asynchronous.
   */
  call<R>(name: string, args: Args, run: (args: Args) => R, cancelled?: (args: Args) => void): R | undefined
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function'

export function createInterceptors(scheduler: Scheduler): Interceptors {
  const byName = new Map<string, Interceptor[]>()

  /** Wraps the callbacks so interceptors' success/fail/complete run first; false from one stops the rest. */
  function wrapCallbacks(args: Args, list: Interceptor[]): Args {
    const out: Args = { ...args }
    for (const kind of CALLBACK_KINDS) {
      const hooks = list.filter((i) => i[kind])
      if (!hooks.length) continue
      const own = args[kind]
      out[kind] = (res: unknown) => {
        for (const i of hooks) if (i[kind]?.(res) === false) return
        own?.call(out, res)
      }
    }
    return out
  }

  function runInvokes(list: Interceptor[], from: number, args: Args, done: (proceed: boolean) => void) {
    for (let n = from; n < list.length; n++) {
      const result = list[n]?.invoke?.(args)
      if (result === false) return done(false)
      if (isThenable(result)) {
        const end = scheduler.begin()
        Promise.resolve(result).then(
          (value) => {
            scheduler.safe(() => (value === false ? done(false) : runInvokes(list, n + 1, args, done)))
            end()
          },
          (error) => {
            scheduler.report(error)
            scheduler.safe(() => done(false))
            end()
          },
        )
        return
      }
    }
    done(true)
  }

  return {
    add(name, interceptor) {
      byName.set(name, [...(byName.get(name) ?? []), interceptor])
    },
    remove(name, interceptor) {
      const rest = interceptor ? (byName.get(name) ?? []).filter((i) => i !== interceptor) : []
      if (rest.length) byName.set(name, rest)
      else byName.delete(name)
    },
    call(name, args, run, cancelled) {
      const list = [...(byName.get(name) ?? [])]
      let result: ReturnType<typeof run> | undefined
      let sync = true
      runInvokes(list, 0, args, (proceed) => {
        if (!proceed) return cancelled?.(args)
        const r = run(wrapCallbacks(args, list))
        if (sync) result = r
      })
      sync = false
      return result
    },
  }
}

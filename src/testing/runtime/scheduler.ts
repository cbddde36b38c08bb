/**
 * When the runtime's callbacks run, and where their errors go. Every answer (a navigation's, a
 * modal's, a login's) runs on a later microtask, as the hosts call back asynchronously; `flush`
 * waits until none is left. An error thrown by a page hook, a listener or a callback is caught,
 * kept and told to `onError` listeners, as the hosts do, and `flush` rejects with it.
 *
 * Only `queueMicrotask`, never timers: `flush` works under fake timers that leave it real.
 */
export interface Scheduler {
  /** Runs fn on a later microtask; `flush` waits for it. */
  later(fn: () => void): void
  /** Counts work `flush` must wait for (an interceptor's promise); returns the function that ends it. */
  begin(): () => void
  /** Runs fn, catching what it throws (reported). */
  safe(fn: () => void): void
  /** Keeps an error and tells the `onError` listeners. */
  report(error: unknown): void
  /** Every error caught, in order. */
  errors: unknown[]
  /** `wx.onError` / `wx.offError`: the message of each error caught. */
  onError(listener: (message: string) => void): void
  offError(listener: (message: string) => void): void
  /** Resolves after `rounds` quiet microtask turns; rejects with the first error caught since the last flush. */
  flush(rounds?: number): Promise<void>
}

export function createScheduler(): Scheduler {
  let pendingTasks = 0
  let reported = 0
  const errors: unknown[] = []
  const listeners = new Set<(message: string) => void>()

  const scheduler: Scheduler = {
    errors,
    later(fn) {
      const end = scheduler.begin()
      queueMicrotask(() => {
        scheduler.safe(fn)
        end()
      })
    },
    begin() {
      pendingTasks++
      let ended = false
      return () => {
        if (!ended) pendingTasks--
        ended = true
      }
    },
    safe(fn) {
      try {
        fn()
      } catch (e) {
        scheduler.report(e)
      }
    },
    report(error) {
      errors.push(error)
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      for (const listener of [...listeners]) {
        try {
          listener(message)
        } catch (e) {
          errors.push(e)
        }
      }
    },
    onError: (listener) => void listeners.add(listener),
    offError: (listener) => void listeners.delete(listener),
    async flush(rounds = 100) {
      let quiet = 0
      for (let turns = 0; quiet < rounds; turns++) {
        if (turns > 100_000) {
          throw new Error('mp-runtime: flush: callbacks never ran (is queueMicrotask faked? keep it real)')
        }
        await Promise.resolve()
        quiet = pendingTasks > 0 ? 0 : quiet + 1
      }
      if (errors.length > reported) {
        const error = errors[reported]
        reported = errors.length
        throw error
      }
    },
  }
  return scheduler
}

/** Listeners: added and removed, told in the order they came (`onLoginStateChanged`, `onRefresh`). */
import type { CredentialsErrorReason } from './errors'
import { check, DEV } from './options'

/** What `onLoginStateChanged` listeners receive. */
export type LoginStateEvent =
  | { eventType: 'sign_in' | 'sign_out' | 'token_refreshed'; reason?: undefined; msg: string }
  | { eventType: 'credentials_error'; reason: CredentialsErrorReason; msg: string }

export type LoginStateListener = (event: LoginStateEvent) => void

/**
 * What `onRefresh` listeners receive: a refresh started (on H5, waiting for another tab's included),
 * brought tokens of `generation` (the n-th of this sign-in, 0 being the sign-in's own) from the
 * server or from another tab's refresh (`source`), or failed (`ended`: the session ended with it).
 * Never holds a token.
 */
export type RefreshEvent = { at: number } & (
  | { type: 'start' }
  | { type: 'done'; generation: number; source: 'network' | 'other_tab' }
  | { type: 'failed'; error: unknown; ended: boolean }
)

export interface Events<E> {
  on(listener: (event: E) => void): () => void
  /** Tells every listener; one that throws is reported and does not stop the others. */
  emit(event: E): void
}

export function createEvents<E>(onListenerError: (error: unknown) => void): Events<E> {
  let listeners: Array<(event: E) => void> = []
  return {
    on(listener) {
      check('listener', listener, typeof listener === 'function', DEV && 'a function')
      listeners.push(listener)
      return () => {
        listeners = listeners.filter((l) => l !== listener)
      }
    },
    emit(event) {
      // A copy: a listener that unsubscribes (or subscribes) while being told changes the next emit only.
      for (const listener of listeners.slice()) {
        try {
          listener(event)
        } catch (e) {
          onListenerError(e)
        }
      }
    },
  }
}

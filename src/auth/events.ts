/** The listeners of `onLoginStateChanged`: added and removed, told in the order they came. */
import type { CredentialsErrorReason } from './errors'
import { check } from './options'

/** What `onLoginStateChanged` listeners receive. */
export type LoginStateEvent =
  | { eventType: 'sign_in' | 'sign_out' | 'token_refreshed'; reason?: undefined; msg: string }
  | { eventType: 'credentials_error'; reason: CredentialsErrorReason; msg: string }

export type LoginStateListener = (event: LoginStateEvent) => void

export interface Events {
  on(listener: LoginStateListener): () => void
  /** Tells every listener; one that throws is reported and does not stop the others. */
  emit(event: LoginStateEvent): void
}

export function createEvents(onListenerError: (error: unknown) => void): Events {
  let listeners: LoginStateListener[] = []
  return {
    on(listener) {
      check('listener', listener, typeof listener === 'function', 'a function')
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

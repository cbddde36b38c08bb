/**
 * The pinia store over a session: `isLoggedIn` and `user` follow the session's
 * events, so a refresh or a `credentials_error` raised inside the requester
 * shows in the store at once.
 */
import { defineStore } from 'pinia'
import { type Ref, ref, shallowRef } from 'vue'
import type { Auth, AuthState, LoginStateEvent } from '../auth'

export interface AuthStoreOptions<U, C> {
  /** Performs the login (e.g. `POST /auth/login`); resolves the body holding the tokens. */
  login: (credentials: C) => Promise<unknown>
  /** The user profile in that body. @default `body.user`, else `body.data.user` */
  user?: (body: unknown) => U | undefined
  /** The store id. @default 'auth' */
  id?: string
}

const defaultUser = (body: unknown): unknown => {
  const b = (body || {}) as { user?: unknown; data?: { user?: unknown } }
  return b.user !== undefined ? b.user : b.data && b.data.user
}

/** Defines `useAuthStore` for a session. */
export function defineAuthStore<U = unknown, C = unknown>(auth: Auth, options: AuthStoreOptions<U, C>) {
  return defineStore(options.id || 'auth', () => {
    const isLoggedIn = ref(auth.isSignedIn())
    // shallowRef: the profile is replaced whole, never mutated in place.
    const user: Ref<U | undefined> = shallowRef(auth.getUser<U>())
    const state = ref<AuthState>(auth.state)
    const lastEvent = ref<LoginStateEvent | undefined>(undefined)

    const sync = () => {
      isLoggedIn.value = auth.isSignedIn()
      user.value = auth.getUser<U>()
      state.value = auth.state
    }
    auth.onLoginStateChanged((event) => {
      lastEvent.value = event
      sync()
    })

    /** Logs in, stores the tokens and the user; rejects with the requester's error on failure. */
    async function login(credentials: C): Promise<U | undefined> {
      const body = await options.login(credentials)
      auth.signIn(body, (options.user || defaultUser)(body))
      sync()
      return user.value
    }

    async function logout(): Promise<void> {
      await auth.signOut()
      sync()
    }

    function setUser(next: U): void {
      auth.setUser(next)
      sync()
    }

    return { isLoggedIn, user, state, lastEvent, login, logout, setUser }
  })
}

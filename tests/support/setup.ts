import { type AuthOptions, createAuth, type LoginStateEvent } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest, type RequesterOptions } from '../../src/utils/request'
import { createTokenServer } from './token-server'

export const BASE = 'https://api.test'

/** Fake timers that leave microtasks real: the scripted platform answers on them. */
export function useFakeClock(): void {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'], now: 1_700_000_000_000 })
}

export interface SetupOptions {
  auth?: Partial<AuthOptions>
  request?: Partial<RequesterOptions>
  signedIn?: boolean
}

/** A token server, a platform answering through it, a session signed in with generation 1, a requester. */
export function setup(options: SetupOptions = {}) {
  const server = createTokenServer()
  const platform = createScriptedPlatform((call) => server.handle(call))
  const auth = createAuth({ platform, refresh: { url: server.refreshURL }, ...options.auth })
  if (options.signedIn !== false) auth.signIn(server.tokensFor(1))
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const request = createRequest({ baseURL: BASE, auth, ...options.request })
  return { server, platform, auth, request, events }
}

/** Lets every pending microtask chain run (answers, awaits, replays). */
export async function flush(rounds = 100): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

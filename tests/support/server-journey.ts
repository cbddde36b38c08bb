/**
 * The login journey against a real server: the project's mini program runtime (the app's
 * pages.json: page stack, tabBar, storage, modals answered "confirm") whose requests go over
 * loopback HTTP, a session made from a backend preset, a requester, and `installAuth` as
 * `App.onLaunch` calls it. Real timers: each step awaits the requests it made, then lets the
 * runtime's callbacks (modal, navigation) run.
 */
import { type AuthOptions, createAuth, installAuth, type LoginStateEvent } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime } from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { loopbackHandler } from './loopback'

export const HOME = '/pages/index/index'
export const LOGIN = '/pages/login/login'
/** The page a user is on when the session ends: a page with a query, to come back to. */
export const ORDER = '/pages/order/detail?id=7'

export async function bootJourney(baseURL: string, preset: Partial<AuthOptions>) {
  const runtime = createMiniProgramRuntime({ pagesJson, handler: loopbackHandler() })
  const restore = runtime.install()
  const auth = createAuth({ platform: runtime.api, ...preset })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  const request = createRequest({ baseURL, auth })
  const uninstall = installAuth(auth)
  await runtime.launch(HOME)

  /** Lets the runtime's pending callbacks (modal answers, navigations) run. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await runtime.flush()
  }

  return {
    runtime,
    auth,
    request,
    events,
    settle,
    /** The user opens the order page (home below it). */
    async openOrder() {
      runtime.api.navigateTo({ url: ORDER })
      await settle()
    },
    /** `count` requests at once on the session; what each settled with. */
    async burst(count: number, path = '/api/me') {
      const outcomes = await Promise.all(
        Array.from({ length: count }, () => request.get(path).catch((e: unknown) => e as Error)),
      )
      await settle()
      return outcomes
    },
    /** The headers the last request to `path` went out with. */
    lastHeader(path: string) {
      const call = [...runtime.calls].reverse().find((c) => c.url.endsWith(path))
      return call?.header
    },
    /** URLs the app navigated to, by API. */
    navigations: () => runtime.navigations.map((n) => `${n.api} ${n.url ?? ''}`.trim()),
    close() {
      uninstall()
      restore()
    },
  }
}

export type JourneyWorld = Awaited<ReturnType<typeof bootJourney>>

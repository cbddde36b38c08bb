/**
 * Scripted host objects of the `wx`-shaped hosts, each over the scripted platform (whose handler
 * answers the requests), with what sets each apart as its typings or docs describe it:
 * - Douyin `tt` (`@douyin-microapp/typings`): `tt.login({ force })`, `force` defaulting to true, which
 *   shows Douyin's login box to a user not logged in to the app; with `force: false` such a user
 *   gets `{ code: '', anonymousCode, isLogin: false }`;
 * - Baidu `swan`: `swan.getLoginCode` gives the code; `swan.login` is deprecated (it wants a login
 *   button) and is recorded so that a test can say it was never called;
 * - Taro's `Taro`: every API returns a promise that rejects on `fail` even when callbacks are given;
 *   `addInterceptor(interceptor)` adds a request-chain interceptor that each `Taro.request` runs
 *   (`interceptor(chain)`); `getEnv()`; on 'ALIPAY' it passes `my.request`'s HTTP errors to `fail`
 *   unmapped (`{ error: 19, status, headers, data }`), as Taro's Alipay runtime does.
 */
import type { BaiduHost, DouyinHost, TaroHost } from '../../src/platforms'
import { createScriptedPlatform, type Handler, type ScriptedPlatform } from '../../src/testing/scripted-platform'

interface LoginCallbacks<R> {
  success?(res: R): void
  fail?(err: { errMsg: string }): void
}

export interface FakeTt extends DouyinHost {
  scripted: ScriptedPlatform
  /** The user is logged in to the Douyin app. */
  loggedIn: boolean
  /** `force` of each tt.login call, as given. */
  forces: Array<boolean | undefined>
  /** Times Douyin's own login box was shown. */
  loginBoxes: number
}

export function createFakeTt(handler?: Handler): FakeTt {
  const scripted = createScriptedPlatform(handler)
  let codes = 0
  const tt: FakeTt = Object.assign(Object.create(scripted), {
    scripted,
    loggedIn: true,
    forces: [] as Array<boolean | undefined>,
    loginBoxes: 0,
    login(o: { force?: boolean } & LoginCallbacks<{ code: string; anonymousCode: string; isLogin: boolean }>) {
      tt.forces.push(o.force)
      const n = ++codes
      queueMicrotask(() => {
        if (!tt.loggedIn && o.force !== false) {
          // The host's login box; the user closes it here.
          tt.loginBoxes++
          return o.fail?.({ errMsg: 'login:fail auth deny' })
        }
        o.success?.({ code: tt.loggedIn ? `tt-code-${n}` : '', anonymousCode: `anon-${n}`, isLogin: tt.loggedIn })
      })
    },
  })
  return tt
}

export interface FakeSwan extends BaiduHost {
  scripted: ScriptedPlatform
  /** Calls of the deprecated swan.login. */
  deprecatedLogins: number
}

export function createFakeSwan(handler?: Handler): FakeSwan {
  const scripted = createScriptedPlatform(handler)
  const swan: FakeSwan = Object.assign(Object.create(scripted), {
    scripted,
    deprecatedLogins: 0,
    login() {
      swan.deprecatedLogins++
    },
    getLoginCode(o: LoginCallbacks<{ code: string }>) {
      queueMicrotask(() => o.success?.({ code: 'swan-code' }))
    },
  })
  return swan
}

type Interceptor = (chain: { requestParams: Record<string, unknown>; proceed(p: object): unknown }) => unknown

export interface FakeTaro extends TaroHost {
  scripted: ScriptedPlatform
  env: string
  /** Request-chain interceptors added with Taro.addInterceptor. */
  interceptors: unknown[]
  addInterceptor(interceptor: Interceptor): void
  /** Every promise an API returned. */
  promises: TaroPromise[]
}

/** A promise Taro returned, and whether its caller gave it a rejection handler. */
export interface TaroPromise extends Promise<unknown> {
  handled: boolean
}

/** Taro's way: the host API called with callbacks that also settle a promise, which is returned. */
function promised(
  taro: FakeTaro,
  call: (o: Record<string, unknown>) => unknown,
  o: Record<string, unknown> & { success?(r: unknown): void; fail?(e: unknown): void },
) {
  let task: unknown
  const promise = new Promise((resolve, reject) => {
    task = call({
      ...o,
      success: (r: unknown) => {
        o.success?.(r)
        resolve(r)
      },
      fail: (e: unknown) => {
        o.fail?.(e)
        reject(e)
      },
    })
  })
  // Whether the caller handles a rejection is recorded; the fake then handles it itself, so that a
  // rejection the caller left unhandled is a test assertion, not a crash of the test run.
  const tracked = Object.assign(promise, { handled: false }) as TaroPromise
  const then = promise.then
  // biome-ignore lint/suspicious/noThenProperty: the fake watches who handles its promise's rejection
  tracked.then = function (this: TaroPromise, ok?: unknown, ko?: unknown) {
    if (typeof ko === 'function') tracked.handled = true
    return then.call(this, ok as never, ko as never)
  } as TaroPromise['then']
  then.call(promise, undefined, () => undefined)
  taro.promises.push(tracked)
  return Object.assign(tracked, { abort: () => (task as { abort?(): void } | undefined)?.abort?.() })
}

export function createFakeTaro(env: string, handler?: Handler): FakeTaro {
  const scripted = createScriptedPlatform(handler)
  const navigate = (o: Record<string, unknown>) =>
    promised(taro, (x) => queueMicrotask(() => (x.fail as (e: object) => void)({ errMsg: 'navigateTo:fail' })), o)
  const taro: FakeTaro = {
    scripted,
    env,
    interceptors: [],
    promises: [],
    getEnv: () => taro.env,
    addInterceptor(interceptor) {
      taro.interceptors.push(interceptor)
    },
    request(o) {
      const options = o as unknown as Record<string, unknown>
      // Each interceptor runs with the chain, as Taro's Link does.
      for (const i of taro.interceptors) (i as Interceptor)({ requestParams: options, proceed: (p) => p })
      return promised(
        taro,
        (x) =>
          scripted.request(
            Object.assign({}, x as never, {
              success: (res: { statusCode: number; header?: object; data?: unknown }) => {
                if (taro.env === 'ALIPAY' && res.statusCode >= 400) {
                  return (x.fail as (e: object) => void)({
                    error: 19,
                    errorMessage: 'http status error',
                    status: res.statusCode,
                    headers: res.header,
                    data: res.data,
                  })
                }
                ;(x.success as (r: object) => void)(res)
              },
              fail: x.fail as never,
            }),
          ),
        options,
      )
    },
    getStorageSync: (key) => scripted.getStorageSync(key),
    setStorageSync: (key, value) => scripted.setStorageSync(key, value),
    removeStorageSync: (key) => scripted.removeStorageSync(key),
    showModal: (o) => promised(taro, (x) => scripted.showModal?.(x as never), o as never),
    navigateTo: (o) => navigate(o as never),
    getCurrentPages: () => [{ route: 'pages/me/me', options: {} }],
  }
  return taro
}

/**
 * Douyin's `tt` as a platform: `wx`-shaped (checked against `@douyin-microapp/typings`), with PATCH,
 * and a login that never shows the host's login box.
 */
import type { Platform } from '../auth/platform'
import { type AdapterOptions, failure, type HostFailure, quiet, type WxHost, wxLike } from './host'
import { DOUYIN_METHODS } from './methods'

type DouyinMethod = (typeof DOUYIN_METHODS)[number]

/** The members of `tt` the adapter uses (its typings take no string body: a string is passed as it is). */
export interface DouyinHost extends Omit<WxHost<DouyinMethod, Record<string, unknown> | ArrayBuffer>, 'login'> {
  login?(options: {
    force?: boolean
    success?(res: { code: string; anonymousCode?: string }): void
    fail?(err: HostFailure): void
  }): unknown
}

/**
 * `tt` as a platform. `tt.login` defaults to `force: true`, which shows Douyin's login box to a user
 * not logged in to the app; here it is silent (`force: false`), and such a user's login gives
 * `{ code: '', anonymousCode }`.
 *
 * @example
 * import { douyin } from 'uni-session/platforms'
 * const auth = createAuth({ platform: douyin(tt), refresh: { url: `${API}/auth/refresh` } })
 */
export function douyin(tt: DouyinHost, options?: AdapterOptions): Platform {
  const platform = wxLike(tt as WxHost<DouyinMethod, Record<string, unknown> | ArrayBuffer>, DOUYIN_METHODS, options)
  const { login } = tt
  if (login) {
    platform.login = (o) =>
      void quiet(
        login.call(tt, {
          force: false,
          success: (res) =>
            o.success && o.success(res.code ? { code: res.code } : { code: '', anonymousCode: res.anonymousCode }),
          fail: (err) => o.fail && o.fail(failure('login', err)),
        }),
      )
  }
  return platform
}

/**
 * Baidu's `swan` as a platform: `wx`-shaped, with its code from `swan.getLoginCode` (`swan.login` is
 * deprecated in favour of a login button) and its `dataType` values.
 */
import type { Platform } from '../auth/platform'
import { type AdapterOptions, failure, type HostFailure, quiet, type WxHost, wxLike } from './host'
import { BAIDU_METHODS } from './methods'

/** The members of `swan` the adapter uses. */
export interface BaiduHost extends Omit<WxHost<(typeof BAIDU_METHODS)[number]>, 'login'> {
  getLoginCode?(options: { success?(res: { code: string }): void; fail?(err: HostFailure): void }): unknown
}

/**
 * `swan` as a platform.
 *
 * @example
 * import { baidu } from 'uni-session/platforms'
 * const auth = createAuth({ platform: baidu(swan), refresh: { url: `${API}/auth/refresh` } })
 */
export function baidu(swan: BaiduHost, options?: AdapterOptions): Platform {
  const platform = wxLike(swan as WxHost<(typeof BAIDU_METHODS)[number]>, BAIDU_METHODS, options)
  const request = platform.request
  // swan reads 'json' or 'string' (no JSON.parse); wx's other values mean the latter.
  platform.request = (o) =>
    request(o.dataType && o.dataType !== 'json' ? Object.assign({}, o, { dataType: 'string' }) : o)
  const { getLoginCode } = swan
  platform.login = getLoginCode
    ? (o) =>
        void quiet(
          getLoginCode.call(swan, {
            success: (res) => o.success && o.success({ code: res.code || '' }),
            fail: (err) => o.fail && o.fail(failure('login', err)),
          }),
        )
    : undefined
  return platform
}

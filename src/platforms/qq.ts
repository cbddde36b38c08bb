/** QQ's `qq` as a platform: `wx`-shaped throughout, and like WeChat without PATCH. */
import type { Platform } from '../auth/platform'
import { type AdapterOptions, type WxHost, wxLike } from './host'
import { WECHAT_METHODS } from './methods'

/**
 * `qq` as a platform. `qq` takes `wx`'s shapes; the adapter adds the list of methods it accepts, so
 * that a PATCH is refused with a clear error.
 *
 * @example
 * import { qq as qqPlatform } from 'uni-session/platforms'
 * const auth = createAuth({ platform: qqPlatform(qq), refresh: { url: `${API}/auth/refresh` } })
 */
export function qq(host: WxHost<(typeof WECHAT_METHODS)[number]>, options?: AdapterOptions): Platform {
  return wxLike(host, WECHAT_METHODS, options)
}

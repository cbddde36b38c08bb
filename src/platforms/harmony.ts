/**
 * HarmonyOS atomic services' `has` as a platform: a native atomic service (written without uni-app)
 * passes its `has` object. uni's own layer for this host (uni-mp-harmony 3.0.0-5000720260410001,
 * dist/uni.api.esm.js) calls `has.request`, the storage calls, `has.showModal`, navigation and
 * `has.login` with WeChat's arguments and hands their answers on unchanged, so `has` is taken as
 * `wx`-shaped here too. What no source here lists: the methods `has.request` accepts (none is refused
 * before sending) and the texts of its failures.
 */
import type { HttpMethod, Platform } from '../auth/platform'
import { type AdapterOptions, type WxHost, wxLike } from './host'

/**
 * `has` as a platform.
 *
 * @example
 * import { harmony } from 'uni-session/platforms'
 * const auth = createAuth({ platform: harmony(has), refresh: { url: `${API}/auth/refresh` } })
 */
export function harmony<M extends HttpMethod>(has: WxHost<M>, options?: AdapterOptions): Platform {
  return wxLike(has, undefined, options)
}

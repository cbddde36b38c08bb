/**
 * Kuaishou's `ks` as a platform: a native Kuaishou mini program passes its `ks` object. uni's own layer
 * for this host (uni-mp-kuaishou 3.0.0-5000720260410001, dist/uni.api.esm.js) calls `ks.request`, the
 * storage calls, `ks.showModal`, navigation and `ks.login` with WeChat's arguments and hands their
 * answers on unchanged, so `ks` is taken as `wx`-shaped here too. What no source here lists: the
 * methods `ks.request` accepts (none is refused before sending) and the texts of its failures.
 */
import type { HttpMethod, Platform } from '../auth/platform'
import { type AdapterOptions, type WxHost, wxLike } from './host'

/**
 * `ks` as a platform.
 *
 * @example
 * import { kuaishou } from 'uni-session/platforms'
 * const auth = createAuth({ platform: kuaishou(ks), refresh: { url: `${API}/auth/refresh` } })
 */
export function kuaishou<M extends HttpMethod>(ks: WxHost<M>, options?: AdapterOptions): Platform {
  return wxLike(ks, undefined, options)
}

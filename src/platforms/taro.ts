/**
 * Taro's `Taro` as a platform. It is `wx`-shaped but not a platform as it is: its `addInterceptor`
 * is a request-chain interceptor (`(chain) => ...`), not uni-app's `addInterceptor(name, { invoke })`
 * that the route guard uses; on Alipay it hands `my.request`'s HTTP errors (error 19, `status`) to
 * `fail` unmapped; and its APIs return promises that reject on `fail` even when callbacks were given.
 */
import type { HttpMethod, Platform } from '../auth/platform'
import { type AdapterOptions, type WxHost, wxLike } from './host'
import { ALIPAY_METHODS, BAIDU_METHODS, DOUYIN_METHODS, WECHAT_METHODS } from './methods'

/** The members of `Taro` the adapter uses. */
export interface TaroHost extends Omit<WxHost, 'login'> {
  /** `Taro.getEnv()`: 'WEAPP', 'ALIPAY', 'TT', 'SWAN', 'QQ', 'WEB', ... */
  getEnv?(): string
  login?(options: { success?(res: { code: string }): void; fail?(err: unknown): void }): unknown
}

/** The methods of the host Taro runs on; on others (H5 and the rest) every method is passed. */
const BY_ENV: Record<string, readonly HttpMethod[]> = {
  WEAPP: WECHAT_METHODS,
  QQ: WECHAT_METHODS,
  ALIPAY: ALIPAY_METHODS,
  TT: DOUYIN_METHODS,
  SWAN: BAIDU_METHODS,
}

/**
 * `Taro` as a platform: every `wx`-shaped member called through (Taro maps it to the host it runs
 * on), `addInterceptor` left out (the route guard then wraps `navigateTo` & co. of this platform),
 * failures that carry an HTTP status read as responses, and the methods of the host Taro runs on.
 *
 * @example
 * import Taro from '@tarojs/taro'
 * import { taro } from 'uni-session/platforms'
 * const auth = createAuth({ platform: taro(Taro), refresh: { url: `${API}/auth/refresh` } })
 */
export function taro(Taro: TaroHost, options?: AdapterOptions): Platform {
  return wxLike(Taro as WxHost, Taro.getEnv ? BY_ENV[Taro.getEnv()] : undefined, options)
}

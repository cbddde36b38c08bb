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

declare const navigator: { locks?: { request<T>(name: string, task: () => Promise<T>): Promise<T> } } | undefined

/**
 * `Taro` as a platform: every `wx`-shaped member called through (Taro maps it to the host it runs
 * on), `addInterceptor` left out (the route guard then wraps `navigateTo` & co. of this platform),
 * failures that carry an HTTP status read as responses, and the methods of the host Taro runs on.
 * In a browser (`getEnv() === 'WEB'`) the tabs share storage (Taro H5 keeps it in `localStorage`),
 * so the refresh runs under the browser's Web Locks, as uni-app's H5 does: one tab refreshes, the
 * others take what it stored instead of spending the rotated refresh token again.
 *
 * @example
 * import Taro from '@tarojs/taro'
 * import { taro } from 'uni-session/platforms'
 * const auth = createAuth({ platform: taro(Taro), refresh: { url: `${API}/auth/refresh` } })
 */
export function taro(Taro: TaroHost, options?: AdapterOptions): Platform {
  const env = Taro.getEnv ? Taro.getEnv() : undefined
  const platform = wxLike(Taro as WxHost, env ? BY_ENV[env] : undefined, options)
  const locks = env === 'WEB' && typeof navigator === 'object' && navigator && navigator.locks
  if (locks) platform.lock = (name, task) => locks.request(name, task)
  return platform
}

/**
 * `uni-session/platforms`: adapters that turn a native host object into a `Platform`, for mini
 * programs written without uni-app (and for Taro). Each takes the host object the app passes (`my`,
 * `tt`, `swan`, `qq`, `has`, `ks`, `Taro`) and reaches for no global. Import only what you use: the rest is left
 * out of the bundle.
 */
export type { AlipayHost, AlipayOptions } from './alipay'
export { alipay } from './alipay'
export type { BaiduHost } from './baidu'
export { baidu } from './baidu'
export type { DouyinHost } from './douyin'
export { douyin } from './douyin'
export { harmony } from './harmony'
export type { AdapterOptions, HostFailure, WxHost } from './host'
export { kuaishou } from './kuaishou'
export { ALIPAY_METHODS, BAIDU_METHODS, DOUYIN_METHODS, WECHAT_METHODS } from './methods'
export { qq } from './qq'
export type { TaroHost } from './taro'
export { taro } from './taro'

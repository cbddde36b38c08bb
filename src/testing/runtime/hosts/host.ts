/**
 * A host profile: what one mini program host is, as uni-app's compiled output sees it. The host's
 * own API object (`wx`, `my`, `tt`, `swan`, `qq`) is what uni's layer in `common/vendor.js` wraps
 * into `uni`; `uni` is the runtime's uni view, reshaped where uni's layer delivers the host
 * differently; `globals` are what the host defines besides (WeChat's `__wxConfig`).
 */
import type { RuntimeParts } from '../parts'
import type { MiniProgramApi, UniSemantics } from '../uni-api'

export type HostName = 'weixin' | 'alipay' | 'toutiao' | 'baidu' | 'qq'

export interface HostProfile {
  name: HostName
  /** The global the host's API object lives in. */
  global: 'wx' | 'my' | 'tt' | 'swan' | 'qq'
  /** What differs in uni's view of this host. */
  uni?: UniSemantics
  /** The host's own API object, built over the runtime's parts (`api` is the uni view). */
  host(parts: RuntimeParts, api: MiniProgramApi): object
  /** The globals `install()` sets: the host object under its name, `getCurrentPages`, the host's own. */
  globals(parts: RuntimeParts, api: MiniProgramApi, host: object): Record<string, unknown>
}

/** `{ pages, tabBar: { list } }`, the shape WeChat's `__wxConfig` (and QQ's `__qqConfig`) give the app. */
export function wechatAppConfig(parts: RuntimeParts): Record<string, unknown> {
  const config: Record<string, unknown> = { pages: [...parts.config.routes] }
  if (parts.config.tabRoutes.length) config.tabBar = { list: parts.config.tabRoutes.map((pagePath) => ({ pagePath })) }
  return config
}

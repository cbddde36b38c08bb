/**
 * A host profile: one mini program host as uni-app's compiled output sees it. `host` is the host's
 * own API object (`my`, `tt`, `swan`, `qq`), built over the runtime's parts: what uni's layer in
 * `common/vendor.js` wraps into `uni`. `uni` is what that layer changes, so that the runtime's
 * `api` is uni as it behaves on that host (without a build). `globals` are what `install()` puts on
 * the global object. WeChat has no separate host object: `wx` is the runtime's `api`.
 */
import type { RuntimeParts } from '../parts'
import type { MiniProgramApi, UniSemantics } from '../uni-api'

export type HostName =
  | 'weixin'
  | 'alipay'
  | 'toutiao'
  | 'baidu'
  | 'qq'
  | 'harmony'
  | 'kuaishou'
  | 'jd'
  | 'lark'
  | 'xhs'
  | 'app-harmony'

export interface HostParts {
  /** The host's own API object; absent: the runtime's `api` is the host object too (WeChat). */
  host?: object
  /** uni's view of the host, where it differs from WeChat's. */
  uni?: UniSemantics
}

export interface HostProfile {
  name: HostName
  /** The global the host's API object lives in. */
  global: 'wx' | 'my' | 'tt' | 'swan' | 'qq' | 'has' | 'ks' | 'jd' | 'xhs' | 'uni'
  create(parts: RuntimeParts): HostParts
  /** What `install()` sets: the host object under its name, `getCurrentPages`, the host's own globals. */
  globals(parts: RuntimeParts, api: MiniProgramApi, host: object): Record<string, unknown>
}

/** `{ pages, tabBar: { list } }`, the shape WeChat's `__wxConfig` (and QQ's `__qqConfig`) give the app. */
export function wechatAppConfig(parts: RuntimeParts): Record<string, unknown> {
  const config: Record<string, unknown> = { pages: [...parts.config.routes] }
  if (parts.config.tabRoutes.length) config.tabBar = { list: parts.config.tabRoutes.map((pagePath) => ({ pagePath })) }
  return config
}

/** The reason of a WeChat errMsg: 'request:fail timeout' -> 'timeout'. */
export const failReason = (errMsg: string | undefined) => String(errMsg || '').replace(/^[\w]+:fail ?/, '')

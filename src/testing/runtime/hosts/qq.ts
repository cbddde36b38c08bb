/**
 * QQ: `qq`, which is WeChat-shaped (uni's QQ layer, uni-mp-qq, wraps it as its WeChat
 * layer wraps `wx`), and the app's pages in `__qqConfig`, which QQ's runtime fills from the app's
 * configuration as WeChat fills `__wxConfig` (QQ's Android runtime: `if (typeof __qqConfig ===
 * 'undefined') var __qqConfig = {}; ... __qqConfig = extend(__qqConfig, __tempConfig)`; read also by
 * GrowingIO's mini program SDK, src/utils/tools.ts `getPlainConfig`).
 */
import { createUniApi } from '../uni-api'
import { type HostProfile, wechatAppConfig } from './host'

export const qq: HostProfile = {
  name: 'qq',
  global: 'qq',
  create: (parts) => ({ host: createUniApi(parts, {}, { intercept: false }) }),
  globals: (parts, api, host) => ({
    qq: host,
    getCurrentPages: api.getCurrentPages,
    __qqConfig: wechatAppConfig(parts),
  }),
}

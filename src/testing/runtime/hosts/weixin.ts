/**
 * WeChat: the runtime's own semantics. `wx` is the runtime's `api` itself (uni's WeChat layer
 * passes its calls through), so tests that treat `runtime.api` as `uni` and as `wx` see one object.
 * The app's pages: `__wxConfig` (`pages`, `tabBar.list`), which WeChat's base library defines.
 */
import { type HostProfile, wechatAppConfig } from './host'

export const weixin: HostProfile = {
  name: 'weixin',
  global: 'wx',
  create: () => ({}),
  globals: (parts, api) => ({
    uni: api,
    wx: api,
    getCurrentPages: api.getCurrentPages,
    __wxConfig: wechatAppConfig(parts),
  }),
}

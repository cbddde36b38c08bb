/** The host profiles by name. */
import type { HostName, HostProfile } from './host'
import { weixin } from './weixin'

export type { HostName, HostProfile } from './host'

export const HOSTS: Record<HostName, HostProfile | undefined> = {
  weixin,
  alipay: undefined,
  toutiao: undefined,
  baidu: undefined,
  qq: undefined,
}

/** The host profiles by name. */
import { alipay } from './alipay'
import { baidu } from './baidu'
import type { HostName, HostProfile } from './host'
import { qq } from './qq'
import { toutiao } from './toutiao'
import { weixin } from './weixin'

export type { AlipayHostApi } from './alipay'
export type { HostName, HostProfile } from './host'

export const HOSTS: Record<HostName, HostProfile> = { weixin, alipay, toutiao, baidu, qq }

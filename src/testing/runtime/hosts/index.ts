/** The host profiles by name. */
import { alipay } from './alipay'
import { appHarmony } from './app-harmony'
import { baidu } from './baidu'
import { harmony } from './harmony'
import type { HostName, HostProfile } from './host'
import { jd } from './jd'
import { kuaishou } from './kuaishou'
import { lark } from './lark'
import { qq } from './qq'
import { toutiao } from './toutiao'
import { weixin } from './weixin'
import { xhs } from './xhs'

export type { AlipayHostApi } from './alipay'
export { HARMONY_ERRORS, HARMONY_FORM } from './app-harmony'
export type { HostName, HostProfile } from './host'

export const HOSTS: Record<HostName, HostProfile> = {
  weixin,
  alipay,
  toutiao,
  baidu,
  qq,
  harmony,
  kuaishou,
  jd,
  lark,
  xhs,
  'app-harmony': appHarmony,
}

/** The dialect a server speaks, by name. */
import type { ServerContext } from '../context'
import type { LoginLimiter } from '../rate-limit'
import type { Dialect } from './dialect'
import { referenceDialect } from './reference'
import { ruoyiDialect } from './ruoyi'
import { satokenDialect } from './satoken'
import { slidingDialect } from './sliding'
import { uniidDialect } from './uniid'

export type { Dialect } from './dialect'

const DIALECTS = {
  reference: referenceDialect,
  ruoyi: ruoyiDialect,
  satoken: satokenDialect,
  sliding: slidingDialect,
  uniid: uniidDialect,
}

export const createDialect = (ctx: ServerContext, limiter: LoginLimiter): Dialect =>
  DIALECTS[ctx.config.dialect](ctx, limiter)

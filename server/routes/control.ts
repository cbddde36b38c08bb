/**
 * The control endpoints (demo and test mode only): end a user's access or refresh tokens now,
 * sign in elsewhere, set the fault switches and lifetimes, read the counters, reset it all.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from '../context'
import { zeroStats } from '../context'
import { fail } from '../errors'
import { type Faults, NO_FAULTS } from '../faults'
import type { LoginLimiter } from '../rate-limit'
import { body, string } from '../schemas'
import { startSession } from '../sessions'

/** The settings `PUT /__control/config` may change, and `reset` puts back. */
const settings = (c: ServerContext['config']) => ({
  accessTtl: c.accessTtl,
  refreshTtl: c.refreshTtl,
  singleSession: c.singleSession,
  reuseGraceSec: c.reuseGraceSec,
  loginRateLimit: c.loginRateLimit,
  loginAddressLimit: c.loginAddressLimit,
})

export function controlRoutes(app: FastifyInstance, ctx: ServerContext, limiter: LoginLimiter) {
  const { q, config, faults, stats } = ctx
  const initial = settings(config)
  const account = body({ username: string(1, 64) })
  const userNamed = (req: FastifyRequest) =>
    q.userByName.get((req.body as { username: string }).username) || fail('NOT_FOUND', 'no such user')

  app.post('/__control/expire-access', { schema: account }, async (req) => {
    q.expireAccess.run(ctx.now(), userNamed(req).id)
    return { ok: true }
  })
  app.post('/__control/expire-refresh', { schema: account }, async (req) => {
    q.expireRefresh.run(ctx.now(), userNamed(req).id)
    return { ok: true }
  })
  app.post('/__control/sign-in-elsewhere', { schema: account }, async (req) => {
    await startSession(ctx, userNamed(req), true)
    return { ok: true }
  })

  const faultSchema = body(
    {
      latencyMs: { type: 'number', minimum: 0, maximum: 120000 },
      replyDelayMs: { type: 'number', minimum: 0, maximum: 120000 },
      failRate: { type: 'number', minimum: 0, maximum: 1 },
      dropRate: { type: 'number', minimum: 0, maximum: 1 },
      malformedRate: { type: 'number', minimum: 0, maximum: 1 },
      clockOffsetSec: { type: 'number', minimum: -864000, maximum: 864000 },
      paths: { type: 'array', items: string(1, 100), maxItems: 20 },
    },
    [],
  )
  app.put('/__control/faults', { schema: faultSchema }, async (req) => {
    faults.current = { ...faults.current, ...(req.body as Partial<Faults>) }
    return faults.current
  })

  const configSchema = body(
    {
      accessTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
      refreshTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
      singleSession: { type: 'boolean' },
      reuseGraceSec: { type: 'integer', minimum: 0, maximum: 3600 },
      loginRateLimit: { type: 'integer', minimum: 1, maximum: 100000 },
      loginAddressLimit: { type: 'integer', minimum: 1, maximum: 100000 },
    },
    [],
  )
  app.put('/__control/config', { schema: configSchema }, async (req) => {
    Object.assign(config, req.body)
    return settings(config)
  })

  app.get('/__control/stats', async () => stats)
  app.post('/__control/reset', async () => {
    faults.current = { ...NO_FAULTS }
    Object.assign(config, initial)
    Object.assign(stats, zeroStats())
    limiter.clear()
    return { ok: true }
  })
}

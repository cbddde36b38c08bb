/**
 * The control endpoints (demo and test mode only): end a user's access or refresh tokens now,
 * sign in elsewhere, kick a user out, set the fault switches and settings, read the counters,
 * reset it all. Each acts in the server's dialect (a kickout is Sa-Token's -5, RuoYi's 强退).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SATOKEN_HANDLERS, type ServerConfig } from '../config'
import type { ServerContext } from '../context'
import { zeroStats } from '../context'
import type { Dialect } from '../dialects/dialect'
import { fail } from '../errors'
import { type Faults, NO_FAULTS } from '../faults'
import type { LoginLimiter } from '../rate-limit'
import { body, string } from '../schemas'

/** The settings `PUT /__control/config` may change, and `reset` puts back (the dialect's options copied). */
type Settable = 'accessTtl' | 'refreshTtl' | 'singleSession' | 'reuseGraceSec' | 'loginRateLimit' | 'loginAddressLimit'
const settings = (c: Pick<ServerConfig, Settable | 'ruoyi' | 'satoken' | 'sliding'>) => ({
  accessTtl: c.accessTtl,
  refreshTtl: c.refreshTtl,
  singleSession: c.singleSession,
  reuseGraceSec: c.reuseGraceSec,
  loginRateLimit: c.loginRateLimit,
  loginAddressLimit: c.loginAddressLimit,
  ruoyi: { ...c.ruoyi },
  satoken: { ...c.satoken },
  sliding: { ...c.sliding },
})

const options = (properties: Record<string, object>) => ({
  type: 'object',
  properties,
  additionalProperties: false,
})

const configSchema = body(
  {
    accessTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
    refreshTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
    singleSession: { type: 'boolean' },
    reuseGraceSec: { type: 'integer', minimum: 0, maximum: 3600 },
    loginRateLimit: { type: 'integer', minimum: 1, maximum: 100000 },
    loginAddressLimit: { type: 'integer', minimum: 1, maximum: 100000 },
    ruoyi: options({
      renewWithinSec: { type: 'integer', minimum: 0, maximum: 31536000 },
      captchaEnabled: { type: 'boolean' },
    }),
    satoken: options({
      tokenName: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      tokenPrefix: { type: 'string', pattern: '^[A-Za-z0-9_-]{0,32}$' },
      activeTimeout: { type: 'integer', minimum: -1, maximum: 31536000 },
      handler: { enum: [...SATOKEN_HANDLERS] },
    }),
    sliding: options({
      thresholdSec: { type: 'integer', minimum: 0, maximum: 31536000 },
      header: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' },
      place: { enum: ['header', 'body', 'both'] },
    }),
  },
  [],
)

export function controlRoutes(app: FastifyInstance, ctx: ServerContext, limiter: LoginLimiter, dialect: Dialect) {
  const { q, config, faults, stats } = ctx
  const initial = settings(config)
  const account = body({ username: string(1, 64) })
  const userNamed = (req: FastifyRequest) =>
    q.userByName.get((req.body as { username: string }).username) || fail('NOT_FOUND', 'no such user')

  // Access tokens issued until now count as expired; a session kept on the server (RuoYi, Sa-Token) ends now.
  app.post('/__control/expire-access', { schema: account }, async (req) => {
    q.expireAccess.run(ctx.now(), ctx.now(), userNamed(req).id)
    return { ok: true }
  })
  app.post('/__control/expire-refresh', { schema: account }, async (req) => {
    q.expireRefresh.run(ctx.now(), userNamed(req).id)
    return { ok: true }
  })
  app.post('/__control/sign-in-elsewhere', { schema: account }, async (req) => {
    await dialect.signIn(userNamed(req), true)
    return { ok: true }
  })
  // The user's tokens are presented by another device from now on (uni-id's device-feature check).
  app.post('/__control/device-changed', { schema: account }, async (req) => {
    if (!dialect.deviceChanged) return fail('INVALID_REQUEST', `the ${dialect.name} dialect has no device check`)
    dialect.deviceChanged(userNamed(req))
    return { ok: true }
  })
  app.post('/__control/kickout', { schema: account }, async (req) => {
    dialect.kickout(userNamed(req))
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

  app.put('/__control/config', { schema: configSchema }, async (req) => {
    const { ruoyi, satoken, sliding, ...rest } = req.body as Partial<ReturnType<typeof settings>>
    Object.assign(config, rest)
    Object.assign(config.ruoyi, ruoyi)
    Object.assign(config.satoken, satoken)
    Object.assign(config.sliding, sliding)
    return { dialect: config.dialect, ...settings(config) }
  })

  // The code of a captcha the dialect handed out (RuoYi's `/captchaImage`), as a person reads it off the image.
  app.get('/__control/captcha/:uuid', async (req) => {
    const code = dialect.captchaCode?.((req.params as { uuid: string }).uuid)
    return code === undefined ? fail('NOT_FOUND', 'no such captcha') : { code }
  })

  app.get('/__control/stats', async () => stats)
  app.post('/__control/reset', async () => {
    faults.current = { ...NO_FAULTS }
    Object.assign(config, settings(initial))
    Object.assign(stats, zeroStats())
    limiter.clear()
    return { ok: true }
  })
}

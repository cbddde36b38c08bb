/**
 * The reference auth server: JWT access tokens, rotating refresh tokens with reuse detection,
 * single-session mode, a pluggable WeChat code login, and (in demo and test mode) control
 * endpoints and fault switches. This file composes it; each concern has its own file:
 *
 * - `context.ts`: what every part shares (config, database, secret, clock, counters)
 * - `errors.ts`, `schemas.ts`: the `{ code, msg }` refusals, the JSON schemas
 * - `faults.ts`: the fault switches and their hooks
 * - `tokens.ts`, `sessions.ts`, `rotation.ts`: tokens, sessions, refresh-token rotation
 * - `rate-limit.ts`, `login.ts`: login attempts per address, the password check
 * - `dialects/`: the backend the server speaks (reference, ruoyi, satoken, sliding): its login
 *   routes, its check of a request, the shape of its answers
 * - `routes/auth.ts`, `routes/api.ts`, `routes/control.ts`: the routes
 */
import cors from '@fastify/cors'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyReply } from 'fastify'
import { type ConfigOverrides, defaultConfig } from './config'
import { createContext } from './context'
import { createDialect } from './dialects'
import { installErrorHandlers, refusalsFor } from './errors'
import { installFaults } from './faults'
import { loggerOptions } from './log'
import { createLoginLimiter } from './rate-limit'
import { apiRoutes } from './routes/api'
import { controlRoutes } from './routes/control'

export { CODES, type Code } from './errors'
export type { Faults } from './faults'

export async function buildServer(overrides: ConfigOverrides = {}) {
  const config = defaultConfig(overrides)
  const ctx = createContext(config)
  const limiter = createLoginLimiter(config)
  const dialect = createDialect(ctx, limiter)

  const app = Fastify({
    logger: config.logger ? loggerOptions : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
    // A URL the router cannot decode (`/api/%E4`) or a path parameter over its length: bad
    // input in the same `{ code, msg }` shape as every other, not fastify's own body.
    frameworkErrors: (error, req, reply: FastifyReply) => {
      const { status, body } = refusalsFor(req, dialect).render('INVALID_REQUEST', error.message)
      return reply.code(status).send(body)
    },
  })

  if (config.corsOrigins.length) {
    // A sliding renewal's header must be readable by a page of another origin (the H5 dev server).
    const exposedHeaders = config.dialect === 'sliding' ? [config.sliding.header] : []
    await app.register(cors, { origin: config.corsOrigins, exposedHeaders })
  }
  await app.register(multipart, { limits: { fileSize: 1024 * 1024, files: 1 } })
  if (config.staticDir) await app.register(fastifyStatic, { root: config.staticDir, prefix: '/' })

  installErrorHandlers(app, dialect)
  installFaults(app, ctx.faults, ctx.now, () => ctx.stats.requests++)

  dialect.routes(app)
  apiRoutes(app, ctx, dialect)
  if (config.mode === 'demo' || config.mode === 'test') controlRoutes(app, ctx, limiter, dialect)

  app.addHook('onClose', async () => ctx.store.db.close())
  return { app, config, stats: ctx.stats, store: ctx.store }
}

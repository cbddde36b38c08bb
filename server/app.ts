/**
 * The reference auth server: JWT access tokens, rotating refresh tokens with reuse detection,
 * single-session mode, a pluggable WeChat code login, and (in demo and test mode) control
 * endpoints and fault switches. This file composes it; each concern has its own file:
 *
 * - `context.ts`: what every part shares (config, database, secret, clock, counters)
 * - `errors.ts`, `schemas.ts`: the `{ code, msg }` refusals, the JSON schemas
 * - `faults.ts`: the fault switches and their hooks
 * - `tokens.ts`, `sessions.ts`, `rotation.ts`: tokens, sessions, refresh-token rotation
 * - `rate-limit.ts`: login attempts per address
 * - `routes/auth.ts`, `routes/api.ts`, `routes/control.ts`: the routes
 */
import cors from '@fastify/cors'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyReply } from 'fastify'
import { defaultConfig, type ServerConfig } from './config'
import { createContext } from './context'
import { installErrorHandlers } from './errors'
import { installFaults } from './faults'
import { createLoginLimiter } from './rate-limit'
import { apiRoutes } from './routes/api'
import { authRoutes } from './routes/auth'
import { controlRoutes } from './routes/control'
import { authenticate } from './sessions'

export { CODES, type Code } from './errors'
export type { Faults } from './faults'

export async function buildServer(overrides: Partial<ServerConfig> = {}) {
  const config = defaultConfig(overrides)
  const ctx = createContext(config)
  const limiter = createLoginLimiter(config)

  const app = Fastify({
    logger: config.logger ? { redact: ['req.headers.authorization'] } : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
    // A URL the router cannot decode (`/api/%E4`) or a path parameter over its length: bad
    // input in the same `{ code, msg }` shape as every other, not fastify's own body.
    frameworkErrors: (error, _req, reply: FastifyReply) =>
      reply.code(400).send({ code: 'INVALID_REQUEST', msg: error.message }),
  })

  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins })
  await app.register(multipart, { limits: { fileSize: 1024 * 1024, files: 1 } })
  if (config.staticDir) await app.register(fastifyStatic, { root: config.staticDir, prefix: '/' })

  installErrorHandlers(app)
  installFaults(app, ctx.faults, ctx.now, () => ctx.stats.requests++)

  authRoutes(app, ctx, limiter)
  apiRoutes(app, ctx, (req) => authenticate(ctx, req))
  if (config.mode === 'demo' || config.mode === 'test') controlRoutes(app, ctx, limiter)

  app.addHook('onClose', async () => ctx.store.db.close())
  return { app, config, stats: ctx.stats, store: ctx.store }
}

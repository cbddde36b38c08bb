/** The server's refusals: one code table, one error class, and how fastify's own errors are answered. */
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** Error codes the server answers with (`{ code, msg }`); the README maps them to client behaviour. */
export const CODES = {
  INVALID_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 401,
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_UPDATED: 401,
  REFRESH_INVALID: 401,
  REFRESH_EXPIRED: 401,
  REFRESH_REUSED: 401,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  FAULT: 503,
} as const
export type Code = keyof typeof CODES

export class ApiError extends Error {
  constructor(
    public code: Code,
    message: string,
  ) {
    super(message)
  }
}

export const fail = (code: Code, message: string): never => {
  throw new ApiError(code, message)
}

/** An answer given whole, status and body, as a dialect's framework would (RuoYi's 401 body at HTTP 200). */
export class Answer extends Error {
  constructor(
    public status: number,
    public body: unknown,
  ) {
    super(`answered ${status}`)
  }
}

export interface Rendered {
  status: number
  body: unknown
}

/** How the server's refusals look on the wire: the reference `{ code, msg }`, or a dialect's shape. */
export interface Refusals {
  render(code: Code, msg: string): Rendered
  /** A path no route answers; may throw an `Answer` (a framework that checks the login first). */
  notFound(req: FastifyRequest): Promise<Rendered>
}

/** The reference protocol's refusals: `{ code, msg }` with the status from `CODES`. */
export const referenceRefusals: Refusals = {
  render: (code, msg) => ({ status: CODES[code], body: { code, msg } }),
  notFound: async (req) => ({
    status: 404,
    body: { code: 'NOT_FOUND', msg: `no route ${req.method} ${req.url.split('?')[0]}` },
  }),
}

/** The control endpoints are test infrastructure: they answer in the reference shape whatever the dialect. */
export const refusalsFor = (req: FastifyRequest, dialect: Refusals) =>
  req.url.startsWith('/__control/') ? referenceRefusals : dialect

/**
 * Every refusal in the protocol's shape: the server's own, a schema's (bad input), and the
 * router's. Anything else is a 500 that says nothing about why.
 */
export function installErrorHandlers(app: FastifyInstance, dialect: Refusals) {
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const refusals = refusalsFor(req, dialect)
    if (error instanceof Answer) return reply.code(error.status).send(error.body)
    let rendered: Rendered
    if (error instanceof ApiError) {
      if (error.code === 'RATE_LIMITED') reply.header('retry-after', '60')
      rendered = refusals.render(error.code, error.message)
    } else if (error.statusCode && error.statusCode < 500) {
      rendered = refusals.render('INVALID_REQUEST', error.message)
    } else {
      app.log.error(error)
      return reply.code(500).send({ code: 'INTERNAL', msg: 'internal error' })
    }
    return reply.code(rendered.status).send(rendered.body)
  })
  app.setNotFoundHandler(async (req, reply) => {
    const { status, body } = await refusalsFor(req, dialect).notFound(req)
    return reply.code(status).send(body)
  })
}

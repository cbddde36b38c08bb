/** The server's refusals: one code table, one error class, and how fastify's own errors are answered. */
import type { FastifyInstance, FastifyReply } from 'fastify'

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

/**
 * Every refusal in the `{ code, msg }` shape: the server's own, a schema's (bad input), and the
 * router's. Anything else is a 500 that says nothing about why.
 */
export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    if (error instanceof ApiError) {
      if (error.code === 'RATE_LIMITED') reply.header('retry-after', '60')
      return reply.code(CODES[error.code]).send({ code: error.code, msg: error.message })
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(400).send({ code: 'INVALID_REQUEST', msg: error.message })
    }
    app.log.error(error)
    return reply.code(500).send({ code: 'INTERNAL', msg: 'internal error' })
  })
  app.setNotFoundHandler((req, reply: FastifyReply) =>
    reply.code(404).send({ code: 'NOT_FOUND', msg: `no route ${req.method} ${req.url.split('?')[0]}` }),
  )
}

/**
 * The request log (`--log`): what came in and how it was answered, never a credential. Fastify's
 * own request line has the full URL, and a query can carry a token (`?satoken=…`, Sa-Token reads
 * one there) or a password (`/acc/doLogin?name=…&pwd=…`): every query value is written as `~`, the
 * keys kept. Headers and bodies are never logged (the serializers below are all that is written),
 * and the paths that could hold them are redacted as well, for a log line another part adds.
 */
import type { FastifyRequest } from 'fastify'

/** A URL with its query values hidden: `/acc/doLogin?name=~&pwd=~`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?')
  if (at < 0) return url
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0 ? pair : `${pair.slice(0, eq)}=~`
    })
    .join('&')
  return `${url.slice(0, at)}?${query}`
}

/** Fastify's `logger` option: pino with serializers that leave credentials out. */
export const loggerOptions = {
  redact: {
    paths: ['req.headers', 'req.body', 'req.query', 'res.headers', 'headers', 'body', 'query'],
    censor: '[redacted]',
  },
  serializers: {
    req: (req: FastifyRequest) => ({
      method: req.method,
      url: redactUrl(req.url),
      remoteAddress: req.ip,
    }),
  },
}

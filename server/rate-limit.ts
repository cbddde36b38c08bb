/** How many logins an address may try a minute, per bucket (`login:<username>`, `wechat`). */
import type { FastifyRequest } from 'fastify'
import type { ServerConfig } from './config'
import { fail } from './errors'

export function createLoginLimiter(config: ServerConfig) {
  const attempts = new Map<string, number[]>()
  return {
    /** Counts an attempt; over `loginRateLimit` a minute for this address and bucket, a 429. */
    hit(req: FastifyRequest, bucket: string) {
      const k = `${req.ip}|${bucket}`
      const recent = (attempts.get(k) || []).filter((t) => t > Date.now() - 60_000)
      recent.push(Date.now())
      attempts.set(k, recent)
      if (recent.length > config.loginRateLimit) fail('RATE_LIMITED', 'too many login attempts; try again in a minute')
    },
    clear: () => attempts.clear(),
  }
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>

/**
 * How many logins an address may try a minute: at most `loginAddressLimit` across all accounts
 * (each unknown username costs a password hash, so a flood of made-up names from one address
 * would otherwise be a CPU denial of service), and at most `loginRateLimit` per bucket
 * (`login:<username>`, `wechat`). Both windows slide over the last minute; the maps forget an
 * address or bucket a minute after its last attempt, so they cannot grow without bound.
 */
import type { ServerConfig } from './config'
import { fail } from './errors'

const WINDOW_MS = 60_000

/**
 * Attempt times per key over the last minute. A key keeps at most `limit + 1` of them: enough to
 * know it is over the limit (every further attempt still counts, so hammering stays refused),
 * never a list as long as the flood.
 */
function createWindow() {
  const hits = new Map<string, number[]>()
  let swept = 0
  return {
    /** Counts an attempt at `at` (ms); true when the key is over `limit` within the window. */
    over(key: string, at: number, limit: number) {
      if (at - swept >= WINDOW_MS) {
        for (const [k, times] of hits) if ((times[times.length - 1] ?? 0) <= at - WINDOW_MS) hits.delete(k)
        swept = at
      }
      const recent = (hits.get(key) || []).filter((t) => t > at - WINDOW_MS)
      recent.push(at)
      if (recent.length > limit + 1) recent.splice(0, recent.length - limit - 1)
      hits.set(key, recent)
      return recent.length > limit
    },
    get size() {
      return hits.size
    },
    clear: () => hits.clear(),
  }
}

export function createLoginLimiter(
  config: Pick<ServerConfig, 'loginRateLimit' | 'loginAddressLimit'>,
  clock: () => number = Date.now,
) {
  const addresses = createWindow()
  const buckets = createWindow()
  return {
    /** Counts a login attempt from `req.ip` in `bucket`, or answers 429; before any password is hashed. */
    hit(req: { ip: string }, bucket: string) {
      const at = clock()
      if (addresses.over(req.ip, at, config.loginAddressLimit)) {
        fail('RATE_LIMITED', 'too many login attempts from this address; try again in a minute')
      }
      if (buckets.over(`${req.ip}|${bucket}`, at, config.loginRateLimit)) {
        fail('RATE_LIMITED', 'too many login attempts; try again in a minute')
      }
    },
    /** Keys held: addresses and address-bucket pairs seen in the last minute (or since the last sweep). */
    size: () => ({ addresses: addresses.size, buckets: buckets.size }),
    clear() {
      addresses.clear()
      buckets.clear()
    },
  }
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>

/**
 * uni-session against the reference server over loopback (1 s access tokens), through the Node
 * platform of tests/support. Counts what the server saw and which access tokens the client sent.
 *
 * "Expiries" here: the access-token generations the run needed, i.e. the distinct access tokens
 * that authorised at least one request, minus the one from the login. With a 1 s lifetime the
 * module refreshes proactively (halfway through a token's life), so a generation ends when it is
 * due, not when the server would refuse it. Target: server refreshes == expiries (each refresh
 * made one generation that was used, no token refreshed twice), none rejected or reused, no
 * request failed. The wall-clock floor (run time / lifetime) is shown for scale.
 */
import { createAuth } from '../src/auth'
import { createRequest } from '../src/utils/request'

// server-process.ts reads `__dirname` (it is run by jest as CommonJS); under tsx it is ESM.
;(globalThis as { __dirname?: string }).__dirname = new URL('../tests/support', import.meta.url).pathname
const { startServer } = await import('../tests/support/server-process')
const { createNodePlatform } = await import('../tests/support/node-platform')

export interface SoakResult {
  requests: number
  concurrency: number
  accessTtlS: number
  ok: number
  failed: number
  firstErrors: string[]
  serverRefreshes: number
  refreshRejected: number
  reuseDetected: number
  graceRefreshes: number
  generationsUsed: number
  expiries: number
  refusedWith401: number
  wallMs: number
  wallFloor: number
}

export async function soak(requests: number, concurrency = 64): Promise<SoakResult> {
  const server = await startServer(['--access-ttl', '1'])
  try {
    const platform = createNodePlatform()
    const used = new Set<string>()
    let refused = 0
    const request0 = platform.request
    platform.request = (o) => {
      const token = o.header?.Authorization
      if (token && o.url.includes('/api/')) used.add(token)
      return request0({
        ...o,
        success(res) {
          if (res.statusCode === 401 && o.url.includes('/api/')) refused++
          o.success?.(res)
        },
      })
    }
    const auth = createAuth({ platform, refresh: { url: `${server.url}/auth/refresh` } })
    const request = createRequest({ baseURL: server.url, auth, maxQueue: concurrency })
    const login = await request.post('/auth/login', { username: 'demo', password: 'demo1234' }, { auth: false })
    auth.signIn(login.data)
    let ok = 0
    let failed = 0
    const firstErrors: string[] = []
    let next = 0
    const t0 = performance.now()
    const worker = async () => {
      while (next < requests) {
        const i = next++
        try {
          await request.get(`/api/orders/${(i % 50) + 1}`)
          ok++
        } catch (e) {
          failed++
          if (firstErrors.length < 5) firstErrors.push(String((e as Error).message))
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const wallMs = performance.now() - t0
    const stats = await server.stats()
    return {
      requests,
      concurrency,
      accessTtlS: 1,
      ok,
      failed,
      firstErrors,
      serverRefreshes: stats.refreshes,
      refreshRejected: stats.refreshRejected,
      reuseDetected: stats.reuseDetected,
      graceRefreshes: stats.graceRefreshes,
      generationsUsed: used.size,
      expiries: Math.max(0, used.size - 1),
      refusedWith401: refused,
      wallMs,
      wallFloor: Math.floor(wallMs / 1000),
    }
  } finally {
    await server.stop()
  }
}

/**
 * Runs the reference server.
 *
 *   tsx server/main.ts [--mode development|demo|test] [--port 8787] [--host 127.0.0.1]
 *                      [--db .data/uni-session.db | :memory:] [--data-dir .data]
 *                      [--access-ttl 7200] [--refresh-ttl 2592000] [--single-session]
 *                      [--static dist/build/h5] [--cors http://127.0.0.1:5173] [--publishable-key KEY]
 *                      [--login-rate-limit 10] [--login-address-limit 60]
 *
 * Prints one line `listening on http://HOST:PORT` once it accepts connections.
 */
import { parseArgs } from 'node:util'
import { buildServer } from './app'
import type { Mode } from './config'

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string', default: 'development' },
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'single-session': { type: 'boolean', default: false },
      static: { type: 'string' },
      cors: { type: 'string', multiple: true, default: [] },
      'publishable-key': { type: 'string' },
      'login-rate-limit': { type: 'string' },
      'login-address-limit': { type: 'string' },
      log: { type: 'boolean', default: false },
    },
  })
  const mode = values.mode as Mode
  if (!['development', 'demo', 'test'].includes(mode))
    throw new Error(`--mode must be development, demo or test, got ${mode}`)
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`)
    return n
  }
  const inMemory = values.db === ':memory:'
  const { app } = await buildServer({
    mode,
    host: values.host,
    port: int('port', values.port),
    database: values.db ?? '.data/uni-session.db',
    // An in-memory database gets an in-memory secret: nothing is left behind.
    dataDir: inMemory ? undefined : (values['data-dir'] ?? '.data'),
    accessTtl: int('access-ttl', values['access-ttl']),
    refreshTtl: int('refresh-ttl', values['refresh-ttl']),
    singleSession: values['single-session'],
    staticDir: values.static,
    corsOrigins: values.cors,
    publishableKey: values['publishable-key'],
    loginRateLimit: int('login-rate-limit', values['login-rate-limit']),
    loginAddressLimit: int('login-address-limit', values['login-address-limit']),
    logger: values.log,
  } as never)
  const address = await app.listen({ host: values.host, port: int('port', values.port) ?? 8787 })
  process.stdout.write(`listening on ${address}\n`)
  const stop = () => app.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  return app
}

main().catch((e: Error) => {
  process.stderr.write(`uni-session server: ${e.message}\n`)
  process.exit(1)
})

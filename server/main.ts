/**
 * Runs the reference server.
 *
 *   tsx server/main.ts [--mode development|demo|test] [--port 8787] [--host 127.0.0.1]
 *                      [--db .data/uni-session.db | :memory:] [--data-dir .data]
 *                      [--access-ttl 7200] [--refresh-ttl 2592000] [--single-session]
 *                      [--static dist/build/h5] [--cors http://127.0.0.1:5173] [--publishable-key KEY]
 *                      [--login-rate-limit 10] [--login-address-limit 60]
 *                      [--dialect reference|ruoyi|satoken|sliding|uniid]
 *                      [--ruoyi-renew-within 1200] [--ruoyi-captcha]
 *                      [--satoken-token-name satoken] [--satoken-prefix Bearer] [--satoken-active-timeout -1]
 *                      [--satoken-handler docs|demo|vue-plus|http-401] [--satoken-jwt]
 *                      [--sliding-threshold SEC] [--sliding-header x-new-token] [--sliding-place header|body|both]
 *
 * Prints one line `listening on http://HOST:PORT` once it accepts connections.
 */
import { parseArgs } from 'node:util'
import { buildServer } from './app'
import { DIALECTS, type DialectName, type Mode, SATOKEN_HANDLERS } from './config'

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
      dialect: { type: 'string', default: 'reference' },
      'ruoyi-renew-within': { type: 'string' },
      'ruoyi-captcha': { type: 'boolean', default: false },
      'satoken-token-name': { type: 'string' },
      'satoken-prefix': { type: 'string' },
      'satoken-active-timeout': { type: 'string' },
      'satoken-handler': { type: 'string' },
      'satoken-jwt': { type: 'boolean', default: false },
      'sliding-threshold': { type: 'string' },
      'sliding-header': { type: 'string' },
      'sliding-place': { type: 'string' },
    },
  })
  const mode = values.mode as Mode
  if (!['development', 'demo', 'test'].includes(mode))
    throw new Error(`--mode must be development, demo or test, got ${mode}`)
  const dialect = values.dialect as DialectName
  if (!DIALECTS.includes(dialect)) throw new Error(`--dialect must be ${DIALECTS.join(', ')}, got ${dialect}`)
  const int = (name: string, v: string | undefined, min = 0) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got ${v}`)
    return n
  }
  const oneOf = <T extends string>(name: string, v: string | undefined, allowed: readonly T[]) => {
    if (v === undefined || allowed.includes(v as T)) return v as T | undefined
    throw new Error(`--${name} must be ${allowed.join(' or ')}, got ${v}`)
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
    dialect,
    ruoyi: {
      renewWithinSec: int('ruoyi-renew-within', values['ruoyi-renew-within']),
      captchaEnabled: values['ruoyi-captcha'],
    },
    satoken: {
      tokenName: values['satoken-token-name'],
      tokenPrefix: values['satoken-prefix'],
      activeTimeout: int('satoken-active-timeout', values['satoken-active-timeout'], -1),
      handler: oneOf('satoken-handler', values['satoken-handler'], SATOKEN_HANDLERS),
      jwt: values['satoken-jwt'],
    },
    sliding: {
      thresholdSec: int('sliding-threshold', values['sliding-threshold']),
      header: values['sliding-header'],
      place: oneOf('sliding-place', values['sliding-place'], ['header', 'body', 'both'] as const),
    },
  })
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

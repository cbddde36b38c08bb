/**
 * `npm start`: the demo. Builds the H5 app if needed, then serves it and the
 * API from one origin on 127.0.0.1, in demo mode: 30 s access tokens, 10 min
 * refresh tokens, single-session, control endpoints for the demo's buttons.
 *
 * PORT (default 8787) and HOST (default 127.0.0.1) are read from the environment.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer } from './app'
import { DEMO_USERS } from './config'
import { ensureH5Build } from './h5-build'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = (line: string) => process.stdout.write(`${line}\n`)

async function start() {
  const staticDir = ensureH5Build(root, log)
  const port = Number(process.env.PORT || 8787)
  const host = process.env.HOST || '127.0.0.1'
  const { app } = await buildServer({
    mode: 'demo',
    host,
    port,
    database: join(root, '.data', 'demo.db'),
    dataDir: join(root, '.data'),
    accessTtl: 30,
    refreshTtl: 600,
    singleSession: true,
    staticDir,
  })
  const url = await app.listen({ host, port })
  log('')
  log(`  uni-session demo: ${url}`)
  log('')
  log('  accounts:')
  for (const u of DEMO_USERS) log(`    ${u.username} / ${u.password}`)
  log('')
  log('  access tokens live 30 s, refresh tokens 10 min; a new login replaces the old session.')
  log('  Ctrl+C stops it.')
  const stop = () => app.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

start().catch((e: Error) => {
  process.stderr.write(`uni-session demo: ${e.message}\n`)
  process.exit(1)
})

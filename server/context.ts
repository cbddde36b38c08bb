/**
 * What every part of the server shares: its configuration, the database, the JWT secret, the
 * (possibly offset) clock, the fault switches and the counters the tests read.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_USERS, type ServerConfig } from './config'
import { openDatabase, type Store } from './db'
import { createFaults, type FaultSwitch } from './faults'
import { hashPassword } from './passwords'

export interface Stats {
  logins: number
  refreshes: number
  refreshRejected: number
  reuseDetected: number
  graceRefreshes: number
  /** Password hashes computed by logins: one per attempt, whether or not the account exists. */
  passwordChecks: number
  requests: number
  /** Sessions moved on by use: a fresh token handed back (sliding), a session's end pushed back (RuoYi). */
  renewals: number
}

export interface ServerContext {
  config: ServerConfig
  store: Store
  q: Store['q']
  /** The HS256 key for access tokens and the sealing of refresh successors. */
  key: Uint8Array
  faults: FaultSwitch
  /** The server's clock, ms: the real one plus the fault switches' offset. */
  now: () => number
  stats: Stats
}

function loadSecret(dataDir?: string): Uint8Array {
  if (!dataDir) return randomBytes(32)
  const file = join(dataDir, 'jwt-secret')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 })
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
}

export const zeroStats = (): Stats => ({
  logins: 0,
  refreshes: 0,
  refreshRejected: 0,
  reuseDetected: 0,
  graceRefreshes: 0,
  passwordChecks: 0,
  requests: 0,
  renewals: 0,
})

/** Opens the database (creating the demo accounts on first start) and the secret. */
export function createContext(config: ServerConfig): ServerContext {
  const store = openDatabase(config.database)
  const { q } = store
  if (!q.userByName.get(DEMO_USERS[0]?.username ?? '')) {
    for (const u of DEMO_USERS) q.insertUser.run(u.username, u.nickname, hashPassword(u.password), null)
  }
  const faults = createFaults()
  return {
    config,
    store,
    q,
    key: loadSecret(config.dataDir),
    faults,
    now: () => Date.now() + faults.current.clockOffsetSec * 1000,
    stats: zeroStats(),
  }
}

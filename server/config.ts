/** The reference server's configuration: defaults for development, short lifetimes for the demo and tests. */
export type Mode = 'development' | 'demo' | 'test'

export interface WechatSession {
  openid: string
}

export interface ServerConfig {
  /** `demo` and `test` expose the control endpoints under `/__control/`. @default 'development' */
  mode: Mode
  /** @default '127.0.0.1' */
  host: string
  /** `0` picks a free port. @default 8787 */
  port: number
  /** The SQLite file, or `':memory:'`. @default '.data/uni-session.db' */
  database: string
  /** Where the JWT secret is generated on first start and kept. `undefined`: an in-memory secret. @default '.data' */
  dataDir?: string
  /** Access token lifetime, seconds. @default 7200 */
  accessTtl: number
  /** Refresh token lifetime, seconds. @default 2592000 */
  refreshTtl: number
  /**
   * Seconds after a rotation during which the refresh token rotated away, presented again, is
   * answered with the successor that rotation produced (the same refresh token, a fresh access
   * token) instead of counting as reuse, as long as that successor is unused: a client whose
   * refresh answer was lost (a timeout, a dropped connection) stays signed in, and parallel
   * refreshes with one token make one rotation. It never mints a new refresh token, so a replay
   * gets no branch of its own. Outside it, a rotated token presented again revokes the session.
   * `0` turns it off: any second use is reuse. @default 30
   */
  reuseGraceSec: number
  /** A new login replaces the user's other sessions, which then get TOKEN_UPDATED. @default false */
  singleSession: boolean
  /** Origins allowed by CORS (e.g. the H5 dev server's). @default [] */
  corsOrigins: string[]
  /** When set, `GET /api/articles` needs this in `X-Publishable-Key`. */
  publishableKey?: string
  /** Logins per minute per address and account (and per address for WeChat logins). @default 10 */
  loginRateLimit: number
  /**
   * Logins per minute per address across all accounts: each attempt costs a password hash (also
   * for an unknown username), so this bounds the CPU one address can take. The busiest test
   * suite makes 33 logins from 127.0.0.1 in one run (13 between two resets), well under it.
   * @default 60
   */
  loginAddressLimit: number
  /** Static files to serve at `/` (the built H5 app). */
  staticDir?: string
  /** WeChat's code-to-session exchange. @default an offline stand-in */
  wechat: (code: string) => Promise<WechatSession>
  /** Log requests (never tokens). @default false */
  logger: boolean
}

/** The offline stand-in for `jscode2session`: any well-formed code but "invalid" is the demo WeChat user. */
export const offlineWechat = async (code: string): Promise<WechatSession> => {
  if (code === 'invalid') throw Object.assign(new Error('invalid code'), { statusCode: 401 })
  return { openid: 'offline-openid-demo' }
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    mode: 'development',
    host: '127.0.0.1',
    port: 8787,
    database: '.data/uni-session.db',
    dataDir: '.data',
    accessTtl: 7200,
    refreshTtl: 2592000,
    singleSession: false,
    reuseGraceSec: 30,
    corsOrigins: [],
    loginRateLimit: 10,
    loginAddressLimit: 60,
    wechat: offlineWechat,
    logger: false,
    // An option given as undefined keeps its default.
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  }
}

/** The demo accounts created on first start. */
export const DEMO_USERS = [
  { username: 'demo', password: 'demo1234', nickname: '演示用户' },
  { username: 'alice', password: 'alice1234', nickname: 'Alice' },
]

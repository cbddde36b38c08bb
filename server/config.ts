/** The reference server's configuration: defaults for development, short lifetimes for the demo and tests. */
export type Mode = 'development' | 'demo' | 'test'

export interface WechatSession {
  openid: string
}

/**
 * Which backend the server speaks. `reference`: this project's own protocol (rotating refresh
 * tokens). `ruoyi`, `satoken`: those frameworks' wire formats, with no refresh endpoint and the
 * session kept on the server. `sliding`: the reference API without refresh, a fresh access token
 * handed back in ordinary responses (like uni-id's `newToken`). `uniid`: uni-id-co's `{ errCode, errMsg }`
 * answers over HTTP (dialects/uniid.ts). The README has each one's answers.
 */
export type DialectName = 'reference' | 'ruoyi' | 'satoken' | 'sliding' | 'uniid'
export const DIALECTS: readonly DialectName[] = ['reference', 'ruoyi', 'satoken', 'sliding', 'uniid']

/** RuoYi-Vue's TokenService. */
export interface RuoyiOptions {
  /** An authorised request within this many seconds of the session's end renews it. @default 1200 (RuoYi's 20 min) */
  renewWithinSec: number
  /**
   * `sys.account.captchaEnabled`: `GET /captchaImage` hands out a code and a uuid, and `/login`
   * checks them (`SysLoginService.validateCaptcha`). @default false
   */
  captchaEnabled: boolean
}

export const SATOKEN_HANDLERS = ['docs', 'demo', 'vue-plus', 'http-401'] as const
export type SatokenHandler = (typeof SATOKEN_HANDLERS)[number]

/** Sa-Token's SaTokenConfig, and which exception-handler shape the app answers with. */
export interface SatokenOptions {
  /** The header (also query parameter and cookie) the token is read from. @default 'satoken' */
  tokenName: string
  /** When set, the token must be sent as `<prefix> <token>` (e.g. `Bearer`), else `-7`. @default '' */
  tokenPrefix: string
  /** Seconds without a request after which a token is frozen (`-6`); `-1` never. @default -1 */
  activeTimeout: number
  /**
   * How the app's exception handler answers NotLoginException (none sends its type):
   * `docs` `SaResult.error(e.getMessage())` (HTTP 200, code 500); `demo`
   * `AjaxJson.getNotLogin().setMsg(e.getMessage())` (HTTP 200, code 401); `vue-plus` RuoYi-Vue-Plus's
   * `R.fail(401, <its words per type>)`; `http-401` HTTP 401 with `SaResult.error(e.getMessage())`.
   * @default 'docs'
   */
  handler: SatokenHandler
  /** sa-token-jwt's Mixin mode: the token is a JWT, an expired one is `-3`; no kickout, no replacement. @default false */
  jwt: boolean
}

/** Where the sliding dialect hands back a fresh token. */
export interface SlidingOptions {
  /** A request authorised with less than this many seconds left gets a fresh token. @default half of accessTtl */
  thresholdSec?: number
  /** The response header carrying it. @default 'x-new-token' */
  header: string
  /** `header`, `body` (`newToken: { token, tokenExpired }` in JSON object bodies, as uni-id-co), or `both`. @default 'both' */
  place: 'header' | 'body' | 'both'
}

export interface ServerConfig {
  /** `demo` and `test` expose the control endpoints under `/__control/`. @default 'development' */
  mode: Mode
  /** The backend the server speaks. @default 'reference' */
  dialect: DialectName
  ruoyi: RuoyiOptions
  satoken: SatokenOptions
  sliding: SlidingOptions
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
  /**
   * The code-to-session exchange of each host (WeChat's jscode2session, Alipay's auth code, Douyin's
   * code2session, Baidu's getLoginCode exchange, QQ's jscode2session). @default an offline stand-in
   */
  wechat: (code: string, provider: Provider) => Promise<WechatSession>
  /** Log requests (never tokens). @default false */
  logger: boolean
}

/** The mini program hosts whose login codes `/auth/wechat` takes, as uni-app names them. */
export const PROVIDERS = {
  weixin: { prefix: 'wx', nickname: '微信用户' },
  alipay: { prefix: 'ali', nickname: '支付宝用户' },
  toutiao: { prefix: 'tt', nickname: '抖音用户' },
  baidu: { prefix: 'bd', nickname: '百度用户' },
  qq: { prefix: 'qq', nickname: 'QQ用户' },
  huawei: { prefix: 'hw', nickname: '华为用户' },
  kuaishou: { prefix: 'ks', nickname: '快手用户' },
  jd: { prefix: 'jd', nickname: '京东用户' },
  xhs: { prefix: 'xhs', nickname: '小红书用户' },
} as const
export type Provider = keyof typeof PROVIDERS

/** The offline stand-in for the hosts' exchanges: any well-formed code but "invalid" is the host's demo user. */
export const offlineWechat = async (code: string, provider: Provider = 'weixin'): Promise<WechatSession> => {
  if (code === 'invalid') throw Object.assign(new Error('invalid code'), { statusCode: 401 })
  return { openid: provider === 'weixin' ? 'offline-openid-demo' : `offline-${provider}-demo` }
}

/** Options for `buildServer`: any subset, the dialects' own options too (each merged over its defaults). */
export type ConfigOverrides = Partial<Omit<ServerConfig, 'ruoyi' | 'satoken' | 'sliding'>> & {
  ruoyi?: Partial<RuoyiOptions>
  satoken?: Partial<SatokenOptions>
  sliding?: Partial<SlidingOptions>
}

// An option given as undefined keeps its default.
const defined = <T extends object>(o: T | undefined) =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>

export function defaultConfig(overrides: ConfigOverrides = {}): ServerConfig {
  const { ruoyi, satoken, sliding, ...rest } = overrides
  return {
    mode: 'development',
    dialect: 'reference',
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
    ...defined(rest),
    ruoyi: { renewWithinSec: 1200, captchaEnabled: false, ...defined(ruoyi) },
    satoken: {
      tokenName: 'satoken',
      tokenPrefix: '',
      activeTimeout: -1,
      handler: 'docs',
      jwt: false,
      ...defined(satoken),
    },
    sliding: { header: 'x-new-token', place: 'both', ...defined(sliding) },
  }
}

/** The demo accounts created on first start. */
export const DEMO_USERS = [
  { username: 'demo', password: 'demo1234', nickname: '演示用户' },
  { username: 'alice', password: 'alice1234', nickname: 'Alice' },
]

/**
 * The reference auth server: JWT access tokens, rotating refresh tokens with
 * reuse detection, single-session mode, a pluggable WeChat code login, and (in
 * demo and test mode) control endpoints and fault switches.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import cors from '@fastify/cors'
import multipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import { DEMO_USERS, defaultConfig, type ServerConfig } from './config'
import { openDatabase, type SessionRow, sha256, type UserRow } from './db'
import { hashPassword, verifyPassword } from './passwords'
import { openSuccessor, sealSuccessor } from './successor'

/** Fault switches for tests and the demo; they apply to requests whose path starts with one of `paths`. */
export interface Faults {
  /** Added delay before the request is handled, ms. */
  latencyMs: number
  /** Added delay after it was handled, before the answer goes out, ms (a reply lost to a client timeout). */
  replyDelayMs: number
  /** Share of requests answered 503. */
  failRate: number
  /** Share of requests whose connection is dropped without an answer. */
  dropRate: number
  /** Share of requests answered 200 with a body that is not JSON. */
  malformedRate: number
  /** The server's clock, seconds ahead (or behind) of the real one: token times and the Date header. */
  clockOffsetSec: number
  paths: string[]
}

const NO_FAULTS: Faults = {
  latencyMs: 0,
  replyDelayMs: 0,
  failRate: 0,
  dropRate: 0,
  malformedRate: 0,
  clockOffsetSec: 0,
  paths: ['/api/', '/auth/refresh'],
}

/** Error codes the server answers with (`{ code, msg }`); the README maps them to client behaviour. */
export const CODES = {
  INVALID_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 401,
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_UPDATED: 401,
  REFRESH_INVALID: 401,
  REFRESH_EXPIRED: 401,
  REFRESH_REUSED: 401,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  FAULT: 503,
} as const
export type Code = keyof typeof CODES

class ApiError extends Error {
  constructor(
    public code: Code,
    message: string,
  ) {
    super(message)
  }
}

const fail = (code: Code, message: string): never => {
  throw new ApiError(code, message)
}

/** A seeded generator, so that fault rates between 0 and 1 are repeatable in tests. */
function random(seed = 42) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
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

const string = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max })
const body = (properties: Record<string, object>, required = Object.keys(properties)) => ({
  body: { type: 'object', properties, required, additionalProperties: false },
})

export async function buildServer(overrides: Partial<ServerConfig> = {}) {
  const config = defaultConfig(overrides)
  const initial = {
    accessTtl: config.accessTtl,
    refreshTtl: config.refreshTtl,
    singleSession: config.singleSession,
    reuseGraceSec: config.reuseGraceSec,
  }
  const store = openDatabase(config.database)
  const { q } = store
  const key = loadSecret(config.dataDir)
  let faults: Faults = { ...NO_FAULTS }
  const roll = random()
  const stats = {
    logins: 0,
    refreshes: 0,
    refreshRejected: 0,
    reuseDetected: 0,
    graceRefreshes: 0,
    /** Password hashes computed by logins: one per attempt, whether or not the account exists. */
    passwordChecks: 0,
    requests: 0,
  }
  const control = config.mode === 'demo' || config.mode === 'test'
  const now = () => Date.now() + faults.clockOffsetSec * 1000
  const attempts = new Map<string, number[]>()

  if (!q.userByName.get(DEMO_USERS[0]?.username ?? '')) {
    for (const u of DEMO_USERS) q.insertUser.run(u.username, u.nickname, hashPassword(u.password), null)
  }

  const app = Fastify({
    logger: config.logger ? { redact: ['req.headers.authorization'] } : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
    // A URL the router cannot decode (`/api/%E4`) or a path parameter over its length: bad
    // input in the same `{ code, msg }` shape as every other, not fastify's own body.
    frameworkErrors: (error, _req, reply: FastifyReply) =>
      reply.code(400).send({ code: 'INVALID_REQUEST', msg: error.message }),
  })

  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins })
  await app.register(multipart, { limits: { fileSize: 1024 * 1024, files: 1 } })
  if (config.staticDir) await app.register(fastifyStatic, { root: config.staticDir, prefix: '/' })

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    if (error instanceof ApiError) {
      const status = CODES[error.code]
      if (error.code === 'RATE_LIMITED') reply.header('retry-after', '60')
      return reply.code(status).send({ code: error.code, msg: error.message })
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(400).send({ code: 'INVALID_REQUEST', msg: error.message })
    }
    app.log.error(error)
    return reply.code(500).send({ code: 'INTERNAL', msg: 'internal error' })
  })
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ code: 'NOT_FOUND', msg: `no route ${req.method} ${req.url.split('?')[0]}` }),
  )

  /**
   * Whether the fault switches apply to a request. Never to the control endpoints: a test that
   * sets `paths: ['/']` must still be able to turn its faults off (`/__control/reset`).
   */
  const faulty = (req: FastifyRequest) => {
    const path = req.url.split('?')[0] ?? ''
    return !path.startsWith('/__control/') && faults.paths.some((p) => path.startsWith(p))
  }

  // The server's clock, offset when a test says so.
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('date', new Date(now()).toUTCString())
    if (faults.replyDelayMs && faulty(req)) {
      await new Promise((r) => setTimeout(r, faults.replyDelayMs))
    }
    return payload
  })

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    stats.requests++
    if (!faulty(req)) return
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs))
    if (faults.dropRate && roll() < faults.dropRate) {
      req.raw.socket.destroy()
      return reply.hijack()
    }
    if (faults.failRate && roll() < faults.failRate) {
      return reply.code(503).send({ code: 'FAULT', msg: 'injected failure' })
    }
    if (faults.malformedRate && roll() < faults.malformedRate) {
      return reply.code(200).header('content-type', 'application/json').send('{"accessToken": not json')
    }
  })

  const user = (row: UserRow) => ({ id: row.id, username: row.username, nickname: row.nickname })

  const accessToken = (session: SessionRow | { id: string; user_id: number }) => {
    const iatMs = now()
    return new SignJWT({ sid: session.id, iatMs })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(session.user_id))
      .setIssuedAt(Math.floor(iatMs / 1000))
      .setExpirationTime(Math.floor(iatMs / 1000) + config.accessTtl)
      .setJti(randomUUID())
      .sign(key)
  }

  /** A new refresh token of the session's family, and when it expires (ms). */
  const newRefreshToken = (sessionId: string) => {
    const token = randomBytes(32).toString('base64url')
    const expiresAt = now() + config.refreshTtl * 1000
    q.insertRefresh.run(sha256(token), sessionId, expiresAt)
    return { token, expiresAt }
  }

  const tokens = async (session: { id: string; user_id: number }, refresh: { token: string; expiresAt: number }) => ({
    tokenType: 'Bearer',
    accessToken: await accessToken(session),
    refreshToken: refresh.token,
    expiresIn: config.accessTtl,
    refreshExpiresIn: Math.max(0, Math.ceil((refresh.expiresAt - now()) / 1000)),
  })

  /** A new session for the user; in single-session mode it replaces the others. */
  const startSession = async (row: UserRow, replaceOthers = config.singleSession) => {
    const id = randomUUID()
    q.insertSession.run(id, row.id, now())
    if (replaceOthers) q.revokeOtherSessions.run(now(), row.id, id)
    stats.logins++
    return { ...(await tokens({ id, user_id: row.id }, newRefreshToken(id))), user: user(row) }
  }

  /** At most `loginRateLimit` attempts a minute per address and bucket (`login:<username>`, `wechat`). */
  const rateLimit = (req: FastifyRequest, account: string) => {
    const k = `${req.ip}|${account}`
    const recent = (attempts.get(k) || []).filter((t) => t > Date.now() - 60_000)
    recent.push(Date.now())
    attempts.set(k, recent)
    if (recent.length > config.loginRateLimit) fail('RATE_LIMITED', 'too many login attempts; try again in a minute')
  }

  /** The session behind a request's access token, or a 401 that says why. */
  const authenticate = async (req: FastifyRequest) => {
    const header = req.headers.authorization || ''
    const match = /^Bearer ([\w.-]+)$/.exec(header)
    if (!match?.[1]) return fail('TOKEN_MISSING', 'an access token is required')
    let claims: { sub?: string; sid?: unknown; iatMs?: unknown }
    try {
      claims = (await jwtVerify(match[1], key, { currentDate: new Date(now()), algorithms: ['HS256'] })).payload
    } catch (e) {
      return e instanceof joseErrors.JWTExpired
        ? fail('TOKEN_EXPIRED', 'the access token has expired')
        : fail('TOKEN_INVALID', 'the access token is not valid')
    }
    const session = typeof claims.sid === 'string' ? q.session.get(claims.sid) : undefined
    if (!session) return fail('TOKEN_INVALID', 'the access token is not valid')
    if (session.revoked_at) {
      return session.revoke_reason === 'replaced'
        ? fail('TOKEN_UPDATED', 'the account signed in on another device')
        : fail('TOKEN_REVOKED', 'the session has ended')
    }
    if (typeof claims.iatMs !== 'number' || claims.iatMs <= session.access_valid_after) {
      return fail('TOKEN_EXPIRED', 'the access token has expired')
    }
    const row = q.userById.get(session.user_id)
    if (!row) return fail('TOKEN_INVALID', 'the access token is not valid')
    return { session, user: row }
  }

  // ---- auth ----

  app.post('/auth/login', { schema: body({ username: string(1, 64), password: string(1, 128) }) }, async (req) => {
    const { username, password } = req.body as { username: string; password: string }
    rateLimit(req, `login:${username}`)
    const row = q.userByName.get(username)
    // Checked before looking at `row`: an unknown account (or one without a password) costs the
    // same hash as a wrong password, so the answer's timing does not tell which accounts exist.
    stats.passwordChecks++
    const matches = verifyPassword(password, row?.password_hash)
    if (!row || !matches) return fail('INVALID_CREDENTIALS', 'wrong account or password')
    return startSession(row)
  })

  app.post('/auth/wechat', { schema: body({ code: string(1, 256) }) }, async (req) => {
    const { code } = req.body as { code: string }
    rateLimit(req, 'wechat')
    let openid: string
    try {
      openid = (await config.wechat(code)).openid
    } catch {
      return fail('INVALID_CODE', 'the WeChat login code was not accepted')
    }
    let row = q.userByOpenid.get(openid)
    if (!row) {
      q.insertUser.run(`wx_${sha256(openid).slice(0, 10)}`, '微信用户', null, openid)
      row = q.userByOpenid.get(openid) as UserRow
    }
    return startSession(row)
  })

  type Refresh =
    | { outcome: 'rotated' | 'replayed'; session: SessionRow; refresh: { token: string; expiresAt: number } }
    | { outcome: 'refused'; code: Code; msg: string }

  /**
   * Check and rotate in one transaction (better-sqlite3 is synchronous: nothing interleaves, and
   * another process on the same file waits): parallel refreshes with one token make one rotation.
   */
  const refreshWith = store.transaction((presented: string): Refresh => {
    const refused = (code: Code, msg: string): Refresh => ({ outcome: 'refused', code, msg })
    const at = now()
    const row = q.refresh.get(sha256(presented))
    const session = row && q.session.get(row.session_id)
    if (!row || !session) return refused('REFRESH_INVALID', 'the refresh token is not valid')
    if (session.revoked_at) {
      return session.revoke_reason === 'replaced'
        ? refused('TOKEN_UPDATED', 'the account signed in on another device')
        : refused('REFRESH_INVALID', 'the session has ended')
    }
    if (row.expires_at <= at) return refused('REFRESH_EXPIRED', 'the refresh token has expired')
    if (!row.used_at) {
      const next = newRefreshToken(session.id)
      q.forgetSuccessors.run(session.id)
      if (q.rotateRefresh.run(at, sealSuccessor(presented, next.token, key), row.hash).changes !== 1) {
        throw new Error('a refresh token rotated twice in one transaction')
      }
      return { outcome: 'rotated', session, refresh: next }
    }
    // Rotated already. Inside the grace, and while its successor is unused (the family's newest
    // rotation), the answer is the successor it already produced: a client whose answer was lost
    // gets it again, parallel refreshes get the same one, and a replayer gets no branch of its
    // own: whoever presents the successor second, after the grace, ends the family for both.
    const inGrace = config.reuseGraceSec > 0 && at - row.used_at <= config.reuseGraceSec * 1000
    const successor = inGrace && row.successor ? openSuccessor(presented, row.successor, key) : undefined
    const next = successor && q.refresh.get(sha256(successor))
    if (successor && next && !next.used_at) {
      if (next.expires_at <= at) return refused('REFRESH_EXPIRED', 'the refresh token has expired')
      stats.graceRefreshes++
      return { outcome: 'replayed', session, refresh: { token: successor, expiresAt: next.expires_at } }
    }
    // A rotated token presented again: someone else holds the family. End it.
    stats.reuseDetected++
    q.revokeSession.run(at, 'reuse', session.id)
    return refused('REFRESH_REUSED', 'the refresh token was already used; the session has ended')
  })

  app.post('/auth/refresh', { schema: body({ refreshToken: string(1, 512) }) }, async (req) => {
    const { refreshToken } = req.body as { refreshToken: string }
    stats.refreshes++
    const result = refreshWith.immediate(refreshToken)
    if (result.outcome === 'refused') {
      stats.refreshRejected++
      return fail(result.code, result.msg)
    }
    return tokens(result.session, result.refresh)
  })

  app.post(
    '/auth/logout',
    {
      schema: body({ refreshToken: { type: 'string', maxLength: 512 } }, []),
      // The body is optional: a logout with only `Authorization` has none to validate.
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {}
      },
    },
    async (req, reply) => {
      const { refreshToken } = (req.body || {}) as { refreshToken?: string }
      const row = refreshToken ? q.refresh.get(sha256(refreshToken)) : undefined
      if (row) q.revokeSession.run(now(), 'logout', row.session_id)
      else if (req.headers.authorization) {
        const { session } = await authenticate(req)
        q.revokeSession.run(now(), 'logout', session.id)
      }
      return reply.code(204).send()
    },
  )

  // ---- api ----

  app.get('/api/articles', async (req) => {
    if (config.publishableKey && req.headers['x-publishable-key'] !== config.publishableKey) {
      return fail('INVALID_REQUEST', 'a publishable key is required (X-Publishable-Key)')
    }
    return Array.from({ length: 5 }, (_, i) => ({ id: i + 1, title: `文章 ${i + 1}：会话不会让用户意外` }))
  })

  app.get('/api/me', async (req) => user((await authenticate(req)).user))

  app.get(
    '/api/orders/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } } } } },
    async (req) => {
      const { user: row } = await authenticate(req)
      const id = Number((req.params as { id: string }).id)
      return { id: String(id), title: `订单 #${id}`, amount: ((id * 37) % 1000) + 0.99, owner: row.username }
    },
  )

  /**
   * The uploaded file, read whole. The multipart parser throws plain errors (no status) for a
   * body it cannot parse: a missing or empty boundary, a body cut off before its end. Those are
   * bad input, a 400 that says so; its own limit errors (too large) carry a 4xx and pass as they are.
   */
  const readUpload = async (req: FastifyRequest) => {
    try {
      const file = await req.file()
      if (!file) return fail('INVALID_REQUEST', 'expected a "file" field')
      return { file, content: await file.toBuffer() }
    } catch (e) {
      if (e instanceof ApiError || (e as { statusCode?: number }).statusCode) throw e
      return fail('INVALID_REQUEST', `malformed multipart/form-data body: ${(e as Error).message}`)
    }
  }

  /**
   * A file name as stored and served back: well-formed text (a lone surrogate, which a
   * `filename*=utf-16le''...` can decode to, becomes U+FFFD, as the database would store it),
   * cut at 200 characters, never inside a surrogate pair.
   */
  const fileName = (raw: string) =>
    Array.from(raw, (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : c))
      .slice(0, 200)
      .join('') || 'file'

  app.post('/api/upload', async (req) => {
    const { user: row } = await authenticate(req)
    if (!req.isMultipart()) return fail('INVALID_REQUEST', 'expected multipart/form-data with a "file" field')
    const { file, content } = await readUpload(req)
    const name = fileName(file.filename)
    const id = Number(
      q.insertFile.run(row.id, name, file.mimetype || 'application/octet-stream', content).lastInsertRowid,
    )
    return { id, name, size: content.length }
  })

  app.get(
    '/api/files/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } } } } },
    async (req, reply) => {
      const { user: row } = await authenticate(req)
      const file = q.file.get(Number((req.params as { id: string }).id))
      if (!file || file.user_id !== row.id) return fail('NOT_FOUND', 'no such file')
      return reply
        .type(file.mime)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
        .send(file.content)
    },
  )

  // ---- control (demo and test mode only) ----

  if (control) {
    const account = body({ username: string(1, 64) })
    const userNamed = (req: FastifyRequest) =>
      q.userByName.get((req.body as { username: string }).username) || fail('NOT_FOUND', 'no such user')

    app.post('/__control/expire-access', { schema: account }, async (req) => {
      q.expireAccess.run(now(), userNamed(req).id)
      return { ok: true }
    })
    app.post('/__control/expire-refresh', { schema: account }, async (req) => {
      q.expireRefresh.run(now(), userNamed(req).id)
      return { ok: true }
    })
    app.post('/__control/sign-in-elsewhere', { schema: account }, async (req) => {
      await startSession(userNamed(req), true)
      return { ok: true }
    })
    app.put(
      '/__control/faults',
      {
        schema: body(
          {
            latencyMs: { type: 'number', minimum: 0, maximum: 120000 },
            replyDelayMs: { type: 'number', minimum: 0, maximum: 120000 },
            failRate: { type: 'number', minimum: 0, maximum: 1 },
            dropRate: { type: 'number', minimum: 0, maximum: 1 },
            malformedRate: { type: 'number', minimum: 0, maximum: 1 },
            clockOffsetSec: { type: 'number', minimum: -864000, maximum: 864000 },
            paths: { type: 'array', items: string(1, 100), maxItems: 20 },
          },
          [],
        ),
      },
      async (req) => {
        faults = { ...faults, ...(req.body as Partial<Faults>) }
        return faults
      },
    )
    app.put(
      '/__control/config',
      {
        schema: body(
          {
            accessTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
            refreshTtl: { type: 'integer', minimum: 1, maximum: 31536000 },
            singleSession: { type: 'boolean' },
            reuseGraceSec: { type: 'integer', minimum: 0, maximum: 3600 },
          },
          [],
        ),
      },
      async (req) => {
        Object.assign(config, req.body)
        return {
          accessTtl: config.accessTtl,
          refreshTtl: config.refreshTtl,
          singleSession: config.singleSession,
          reuseGraceSec: config.reuseGraceSec,
        }
      },
    )
    app.get('/__control/stats', async () => stats)
    app.post('/__control/reset', async () => {
      faults = { ...NO_FAULTS }
      Object.assign(config, initial)
      for (const k of Object.keys(stats) as Array<keyof typeof stats>) stats[k] = 0
      attempts.clear()
      return { ok: true }
    })
  }

  app.addHook('onClose', async () => store.db.close())
  return { app, config, stats, store }
}

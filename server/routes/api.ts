/** The demo API: public articles, the signed-in user, orders, and files (upload and download). */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from '../context'
import type { Dialect } from '../dialects/dialect'
import { ApiError, fail } from '../errors'
import { body, idParam, string } from '../schemas'
import { publicUser } from '../sessions'

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

/** The API's routes; `dialect` checks who is calling and wraps JSON answers in its envelope. */
export function apiRoutes(app: FastifyInstance, ctx: ServerContext, dialect: Dialect) {
  const { q, config } = ctx
  const { authenticate, wrap } = dialect

  app.get('/api/articles', async (req) => {
    if (config.publishableKey && req.headers['x-publishable-key'] !== config.publishableKey) {
      return fail('INVALID_REQUEST', 'a publishable key is required (X-Publishable-Key)')
    }
    return wrap(Array.from({ length: 5 }, (_, i) => ({ id: i + 1, title: `文章 ${i + 1}：会话不会让用户意外` })))
  })

  app.get('/api/me', async (req) => wrap(publicUser((await authenticate(req)).user)))

  // Any business endpoint refusing a signed-in user ("验证码已过期", "The coupon has expired"): the
  // dialect's own error shape (RuoYi's and Sa-Token's `{ code: 500, msg }` at HTTP 200, the reference
  // 400 `{ code, msg }`). The stories check that none of these ends a session.
  app.post('/api/business-error', { schema: body({ msg: string(1, 200) }) }, async (req) => {
    await authenticate(req)
    return fail('INVALID_REQUEST', (req.body as { msg: string }).msg)
  })

  app.get('/api/orders/:id', { schema: idParam }, async (req) => {
    const { user } = await authenticate(req)
    const id = Number((req.params as { id: string }).id)
    return wrap({ id: String(id), title: `订单 #${id}`, amount: ((id * 37) % 1000) + 0.99, owner: user.username })
  })

  app.post('/api/upload', async (req) => {
    const { user } = await authenticate(req)
    if (!req.isMultipart()) return fail('INVALID_REQUEST', 'expected multipart/form-data with a "file" field')
    const { file, content } = await readUpload(req)
    const name = fileName(file.filename)
    const mime = file.mimetype || 'application/octet-stream'
    const id = Number(q.insertFile.run(user.id, name, mime, content).lastInsertRowid)
    return wrap({ id, name, size: content.length })
  })

  app.get('/api/files/:id', { schema: idParam }, async (req, reply) => {
    const { user } = await authenticate(req)
    const file = q.file.get(Number((req.params as { id: string }).id))
    if (!file || file.user_id !== user.id) return fail('NOT_FOUND', 'no such file')
    return reply
      .type(file.mime)
      .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
      .send(file.content)
  })
}

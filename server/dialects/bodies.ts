/** Request bodies as a Spring application takes them: an empty JSON body is no body; a form is parameters. */
import type { FastifyInstance } from 'fastify'

export function springBodies(app: FastifyInstance) {
  // `POST /logout` from uni.request carries `content-type: application/json` and nothing else.
  const json = app.getDefaultJsonParser('error', 'ignore')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) =>
    text === '' ? done(null, undefined) : json(req, String(text), done),
  )
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(text)))),
  )
}

/**
 * Fault switches for tests and the demo: latency, a reply held back, 503s, dropped connections,
 * bodies that are not JSON, and the server's clock moved. They apply to requests whose path
 * starts with one of `paths`, never to the control endpoints.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

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

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  replyDelayMs: 0,
  failRate: 0,
  dropRate: 0,
  malformedRate: 0,
  clockOffsetSec: 0,
  paths: ['/api/', '/auth/refresh'],
}

/** The switches as they stand, and a seeded generator so that rates between 0 and 1 are repeatable. */
export interface FaultSwitch {
  current: Faults
  roll: () => number
}

export function createFaults(seed = 42): FaultSwitch {
  return {
    current: { ...NO_FAULTS },
    roll: () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    },
  }
}

/**
 * Whether the switches apply to a request. Never to the control endpoints: a test that sets
 * `paths: ['/']` must still be able to turn its faults off (`/__control/reset`).
 */
const faulty = (faults: Faults, req: FastifyRequest) => {
  const path = req.url.split('?')[0] ?? ''
  return !path.startsWith('/__control/') && faults.paths.some((p) => path.startsWith(p))
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The hooks that carry out the switches; `now` is the server's (offset) clock. */
export function installFaults(app: FastifyInstance, faults: FaultSwitch, now: () => number, counted: () => void) {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('date', new Date(now()).toUTCString())
    if (faults.current.replyDelayMs && faulty(faults.current, req)) await wait(faults.current.replyDelayMs)
    return payload
  })

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    counted()
    if (!faulty(faults.current, req)) return
    if (faults.current.latencyMs) await wait(faults.current.latencyMs)
    // Read again after the wait: a test may have changed the switches meanwhile.
    const f = faults.current
    if (f.dropRate && faults.roll() < f.dropRate) {
      req.raw.socket.destroy()
      return reply.hijack()
    }
    if (f.failRate && faults.roll() < f.failRate) {
      return reply.code(503).send({ code: 'FAULT', msg: 'injected failure' })
    }
    if (f.malformedRate && faults.roll() < f.malformedRate) {
      return reply.code(200).header('content-type', 'application/json').send('{"accessToken": not json')
    }
  })
}

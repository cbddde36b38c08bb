/**
 * Random schedules of requests, server-side expiries, replies in any order,
 * refresh outcomes (success, rejection, network failure), aborts and clock
 * moves, checked against the invariants of the refresh lock and the queue.
 */
import fc from 'fast-check'
import { createAuth, isQueueFullError, type LoginStateEvent } from '../../src/auth'
import { createScriptedPlatform, type ScriptedCall } from '../../src/testing/scripted-platform'
import { createRequest, type RequestPromise } from '../../src/utils/request'
import { BASE, flush, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

type Outcome = 'ok' | 'reject' | 'network'
type Step =
  | { kind: 'start'; count: number; auth: boolean }
  | { kind: 'expire' }
  | { kind: 'answer'; pick: number }
  | { kind: 'abort'; pick: number }
  | { kind: 'clock'; seconds: number }
  | { kind: 'signIn' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      count: fc.integer({ min: 1, max: 40 }),
      auth: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('answer' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('clock' as const), seconds: fc.integer({ min: 1, max: 4000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('signIn' as const) }) },
)

interface Scenario {
  steps: Step[]
  outcomes: Outcome[]
  maxQueue: number
  /** The requester's slots: none, a mini program's 10, or a tight 3 (queues in the requester). */
  maxConcurrent: number
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 60 }),
  outcomes: fc.array(fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'reject', 'network'), { maxLength: 20 }),
  maxQueue: fc.constantFrom(5, 100, 500),
  maxConcurrent: fc.constantFrom(Infinity, 10, 3),
})

async function check({ steps, outcomes, maxQueue, maxConcurrent }: Scenario): Promise<void> {
  const server = createTokenServer()
  server.expiresIn = 3600
  const platform = createScriptedPlatform()
  const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
  const request = createRequest({ baseURL: BASE, auth, maxQueue, maxConcurrent, retry: 0 })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))

  const held: ScriptedCall[] = []
  let rejections = 0
  const okRefreshTokens: string[] = []
  const violations: string[] = []

  platform.handler = (call) => {
    if (call.url === server.refreshURL) {
      const open = platform.calls.filter((c) => c.url === server.refreshURL && !c.settled)
      if (open.length > 1) violations.push('two refreshes in flight')
      const rt = (call.data as { refreshToken: string }).refreshToken
      if (rt !== `rt-${server.generation}`) violations.push(`refresh with a spent refresh token ${rt}`)
      // Every refresh has a cause: the server refused the current token, or it is near its deadline.
      const expiresAt = auth.getTokens()?.expiresAt ?? Infinity
      if (!server.accessExpired && Date.now() < expiresAt - 60_000)
        violations.push('refresh of a token that still works')
    } else {
      const sent = call.header.Authorization?.replace('Bearer ', '')
      const current = auth.getTokens()?.accessToken
      if (sent && sent !== current) violations.push(`request sent with replaced token ${sent} (current ${current})`)
    }
    held.push(call)
    // The refresh call included: never more platform calls out than the host allows.
    const out = held.filter((c) => !c.settled).length
    if (out > maxConcurrent) violations.push(`${out} calls out > maxConcurrent ${maxConcurrent}`)
    return undefined
  }

  const answer = (call: ScriptedCall, outcome: Outcome) => {
    if (call.settled) return // timed out meanwhile: the platform dropped it
    if (call.url !== server.refreshURL) return call.respond(server.apiReply(call))
    if (outcome === 'network') {
      return call.fail('request:fail net::ERR_CONNECTION_RESET')
    }
    if (outcome === 'reject') {
      rejections++
      return call.respond({ statusCode: 401, data: { code: 'invalid_grant' } })
    }
    const rt = (call.data as { refreshToken: string }).refreshToken
    okRefreshTokens.push(rt)
    server.generation++
    server.accessExpired = false
    call.respond({ statusCode: 200, data: server.tokensFor(server.generation) })
  }

  let outcomeIndex = 0
  const nextOutcome = (): Outcome => outcomes[outcomeIndex++] ?? 'ok'
  const takeHeld = (pick: number) => {
    const open = held.filter((c) => !c.settled)
    held.length = 0
    held.push(...open)
    if (!open.length) return undefined
    const [call] = held.splice(pick % open.length, 1)
    return call
  }

  const requests: Array<{ promise: RequestPromise<unknown>; settled: number; result?: unknown }> = []
  const start = (authorized: boolean) => {
    const entry: (typeof requests)[number] = {
      promise: request.get(`/r/${requests.length}`, { auth: authorized ? undefined : false }),
      settled: 0,
    }
    entry.promise.then(
      (v) => {
        entry.settled++
        entry.result = v
      },
      (e: unknown) => {
        entry.settled++
        entry.result = e
      },
    )
    requests.push(entry)
  }

  server.generation = 1
  auth.signIn(server.tokensFor(1))

  for (const s of steps) {
    switch (s.kind) {
      case 'start':
        for (let i = 0; i < s.count && requests.length < 500; i++) start(s.auth)
        break
      case 'expire':
        server.accessExpired = true
        break
      case 'answer': {
        const call = takeHeld(s.pick)
        if (call) answer(call, call.url === server.refreshURL ? nextOutcome() : 'ok')
        break
      }
      case 'abort': {
        const open = requests.filter((r) => !r.settled)
        if (open.length) open[s.pick % open.length]?.promise.abort()
        break
      }
      case 'clock':
        await jest.advanceTimersByTimeAsync(s.seconds * 1000)
        break
      case 'signIn':
        if (!auth.isSignedIn()) {
          server.generation++
          server.accessExpired = false
          auth.signIn(server.tokensFor(server.generation))
        }
        break
    }
    await flush()
    // Without slots, requests with no call on the wire are waiting on the session: never more than
    // maxQueue. (With slots, some of them wait for a slot instead, which maxQueue does not bound.)
    const waiting =
      requests.filter((r) => !r.settled).length - held.filter((c) => !c.settled && c.url !== server.refreshURL).length
    if (maxConcurrent === Infinity && waiting > maxQueue) violations.push(`${waiting} waiting > maxQueue ${maxQueue}`)
  }

  // Drain: answer everything (refreshes succeed), let backoffs pass, until all settle.
  for (let round = 0; round < 2000 && requests.some((r) => !r.settled); round++) {
    const call = takeHeld(0)
    if (call) answer(call, 'ok')
    else await jest.advanceTimersByTimeAsync(1000)
    await flush()
  }

  expect(violations).toEqual([])
  expect(requests.filter((r) => r.settled !== 1)).toHaveLength(0)
  // One successful refresh per refresh token: rotation is never raced.
  expect(new Set(okRefreshTokens).size).toBe(okRefreshTokens.length)
  // A network failure never ends a session; only rejections do, one event each at most.
  const credentialErrors = events.filter((e) => e.eventType === 'credentials_error').length
  expect(credentialErrors).toBeLessThanOrEqual(rejections)
  if (rejections === 0) expect(auth.isSignedIn()).toBe(true)
  // Queue-full rejections only happen with a small queue.
  if (maxQueue >= 500) expect(requests.filter((r) => isQueueFullError(r.result))).toHaveLength(0)
}

const runs = Number(process.env.PROPERTY_RUNS ?? 3000)

test(`refresh lock and queue invariants hold over ${runs} random schedules`, async () => {
  await fc.assert(fc.asyncProperty(scenario, check), { numRuns: runs })
}, 600_000)

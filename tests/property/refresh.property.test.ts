/**
 * Random schedules of requests, server-side expiries, replies in any order,
 * refresh outcomes (success, rejection, network failure), aborts and clock
 * moves, checked against the invariants of the refresh lock and the queue. With retries on, API
 * answers may also be a 503 with `Retry-After` or a network failure, and the user may switch accounts
 * (sign out, sign in again) between a request's attempts: no request is ever sent with a token of
 * another sign-in than the one it started under.
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
/** How an API call is answered: by the token server, or with a 503 (`Retry-After: 1`), or not at all (network). */
type ApiOutcome = 'server' | 'busy' | 'network'
type Step =
  | { kind: 'start'; count: number; auth: boolean }
  | { kind: 'expire' }
  | { kind: 'answer'; pick: number; api: ApiOutcome }
  | { kind: 'abort'; pick: number }
  | { kind: 'clock'; seconds: number }
  | { kind: 'signIn' }
  | { kind: 'switch' }

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
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      api: fc.constantFrom<ApiOutcome>('server', 'server', 'server', 'busy', 'network'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('clock' as const), seconds: fc.integer({ min: 1, max: 4000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('signIn' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('switch' as const) }) },
)

interface Scenario {
  steps: Step[]
  outcomes: Outcome[]
  maxQueue: number
  /** The requester's slots: none, a mini program's 10, or a tight 3 (queues in the requester). */
  maxConcurrent: number
  /** The requester's retry limit: off, or on (503 `Retry-After` and network failures retried). */
  retry: number
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 60 }),
  outcomes: fc.array(fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'reject', 'network'), { maxLength: 20 }),
  maxQueue: fc.constantFrom(5, 100, 500),
  maxConcurrent: fc.constantFrom(Infinity, 10, 3),
  retry: fc.constantFrom(0, 2),
})

async function check({ steps, outcomes, maxQueue, maxConcurrent, retry }: Scenario): Promise<void> {
  const server = createTokenServer()
  server.expiresIn = 3600
  const platform = createScriptedPlatform()
  const auth = createAuth({ platform, refresh: { url: server.refreshURL } })
  // Requests in a retry's backoff (by lifecycle id, 1-based) wait for their timer, not for the session.
  const backoff = new Set<number>()
  const request = createRequest({
    baseURL: BASE,
    auth,
    maxQueue,
    maxConcurrent,
    retry,
    hooks: {
      onLifecycle: (e) => {
        if (e.type === 'retry') backoff.add(e.id)
        else if (e.type === 'send' || e.type === 'wait' || e.type === 'settle') backoff.delete(e.id)
      },
    },
  })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))

  const held: ScriptedCall[] = []
  let rejections = 0
  const okRefreshTokens: string[] = []
  const violations: string[] = []
  // Sign-ins, numbered: the one each access token belongs to, the one each request started under (-1: none).
  let signIns = 0
  const signInOfToken = new Map<string, number>()
  const startedUnder: number[] = []
  const signInWith = (generation: number) => {
    signIns++
    signInOfToken.set(`at-${generation}`, signIns)
    auth.signIn(server.tokensFor(generation))
  }

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
      const own = startedUnder[Number(call.url.split('/r/')[1])]
      if (sent && signInOfToken.get(sent) !== own) {
        violations.push(`${call.url} of sign-in ${own} sent with a token of sign-in ${signInOfToken.get(sent)}`)
      }
    }
    held.push(call)
    // The refresh call included: never more platform calls out than the host allows.
    const out = held.filter((c) => !c.settled).length
    if (out > maxConcurrent) violations.push(`${out} calls out > maxConcurrent ${maxConcurrent}`)
    return undefined
  }

  const answer = (call: ScriptedCall, outcome: Outcome, api: ApiOutcome = 'server') => {
    if (call.settled) return // timed out meanwhile: the platform dropped it
    if (call.url !== server.refreshURL) {
      if (api === 'busy') return call.respond({ statusCode: 503, header: { 'Retry-After': '1' }, data: 'busy' })
      if (api === 'network') return call.fail('request:fail net::ERR_CONNECTION_RESET')
      return call.respond(server.apiReply(call))
    }
    if (outcome === 'network') {
      return call.fail('request:fail net::ERR_CONNECTION_RESET')
    }
    if (outcome === 'reject') {
      rejections++
      return call.respond({ statusCode: 401, data: { code: 'invalid_grant' } })
    }
    const rt = (call.data as { refreshToken: string }).refreshToken
    // The refresh token of a sign-in that is over (the user switched meanwhile): the server no longer knows it.
    if (rt !== `rt-${server.generation}`) return call.respond({ statusCode: 401, data: { code: 'invalid_grant' } })
    okRefreshTokens.push(rt)
    server.generation++
    server.accessExpired = false
    signInOfToken.set(`at-${server.generation}`, signInOfToken.get(`at-${server.generation - 1}`) as number)
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
    startedUnder.push(auth.isSignedIn() ? signIns : -1)
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
  signInWith(1)

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
        if (call) answer(call, call.url === server.refreshURL ? nextOutcome() : 'ok', s.api)
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
          signInWith(server.generation)
        }
        break
      case 'switch':
        // Another account, between a request's attempts: a sign-out, then a new sign-in.
        await auth.signOut()
        server.generation++
        server.accessExpired = false
        signInWith(server.generation)
        break
    }
    await flush()
    // Without slots, requests with no call on the wire are waiting on the session: never more than
    // maxQueue. (With slots, some of them wait for a slot instead, which maxQueue does not bound.)
    const waiting =
      requests.filter((r, i) => !r.settled && !backoff.has(i + 1)).length -
      held.filter((c) => !c.settled && c.url !== server.refreshURL).length
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

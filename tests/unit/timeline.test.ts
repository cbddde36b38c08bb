/** The demo's request timeline: events from the public hooks in, lanes and counts out. */
import type { RefreshEvent } from '../../src/auth'
import { CredentialsError, NetworkError } from '../../src/auth/errors'
import { explainBurst } from '../../src/composables/burst'
import { createTimeline, outcomeOf, pathOf } from '../../src/composables/timeline'
import { layout } from '../../src/composables/timeline-layout'
import { MESSAGES } from '../../src/i18n'
import type { LifecycleEvent } from '../../src/utils/request'

type Step = LifecycleEvent extends infer E ? (E extends unknown ? Omit<E, 'request'> : never) : never
const req = (id: number) => ({ url: `http://127.0.0.1:8787/api/orders/${id}?x=1`, method: 'GET', header: {} })
const tell = (t: ReturnType<typeof createTimeline>, e: Step) =>
  t.onLifecycle({ ...e, request: req(e.id) } as LifecycleEvent)
const refresh = (t: ReturnType<typeof createTimeline>, e: RefreshEvent) => t.onRefresh(e)

test('a burst on an expired token reads as n × 401 -> 1 refresh -> n replays -> n ok', () => {
  const t = createTimeline()
  const n = 5
  for (let id = 1; id <= n; id++) tell(t, { id, at: 1000, type: 'send', attempt: 0, replay: false, generation: 0 })
  for (let id = 1; id <= n; id++) {
    tell(t, { id, at: 1010 + id, type: 'response', statusCode: 401, verdict: 'expired' })
    tell(t, { id, at: 1010 + id, type: 'wait' })
    if (id === 1) refresh(t, { type: 'start', at: 1012 })
  }
  refresh(t, { type: 'done', at: 1040, generation: 1 })
  for (let id = 1; id <= n; id++) {
    tell(t, { id, at: 1041, type: 'send', attempt: 0, replay: true, generation: 1 })
    tell(t, { id, at: 1050 + id, type: 'settle', ok: true, statusCode: 200 })
  }
  const v = layout(t.episode())
  expect(v.counts).toEqual({
    requests: n,
    expired: n,
    ended: 0,
    refreshes: 1,
    replays: n,
    ok: n,
    failed: 0,
    pending: 0,
  })
  expect(v.lanes[0]?.bars.map((b) => [b.kind, b.generation, b.replay])).toEqual([
    ['flight', 0, false],
    ['wait', null, false],
    ['flight', 1, true],
  ])
  expect(v.lanes[0]?.label).toBe('orders/1')
  expect(v.guides).toHaveLength(1)
  expect(v.refreshes[0]).toMatchObject({ generation: 1, running: false })
  // Positions are percentages of the episode, and stay inside the track.
  for (const lane of v.lanes) for (const b of lane.bars) expect(b.left + b.width).toBeLessThanOrEqual(100)
})

test('retries are marked, and a network failure is its own outcome', () => {
  const t = createTimeline()
  tell(t, { id: 1, at: 0, type: 'send', attempt: 0, replay: false, generation: 0 })
  tell(t, { id: 1, at: 5, type: 'retry', attempt: 1, delay: 300, error: new Error('x') })
  tell(t, { id: 1, at: 305, type: 'send', attempt: 1, replay: false, generation: 0 })
  tell(t, { id: 1, at: 310, type: 'settle', ok: false, error: Object.assign(new NetworkError('down'), {}) })
  const lane = t.episode().lanes[0]
  expect(lane?.marks.map((m) => m.kind)).toEqual(['retry'])
  expect(lane?.segments.map((s) => s.kind)).toEqual(['flight', 'backoff', 'flight'])
  expect(lane?.outcome).toBe('network')
})

test('after a quiet spell with nothing in flight the next event starts a new episode', () => {
  const t = createTimeline({ quietMs: 100 })
  tell(t, { id: 1, at: 0, type: 'send', attempt: 0, replay: false })
  tell(t, { id: 1, at: 10, type: 'settle', ok: true, statusCode: 200 })
  refresh(t, { type: 'start', at: 5000 })
  expect(t.episode().lanes).toHaveLength(0)
  expect(t.episode().start).toBe(5000)
})

test('requests it is told to leave out are left out; clear() empties it', () => {
  const t = createTimeline({ include: (url) => !url.includes('/orders/2') })
  tell(t, { id: 1, at: 0, type: 'send', attempt: 0, replay: false })
  tell(t, { id: 2, at: 0, type: 'send', attempt: 0, replay: false })
  expect(t.episode().lanes.map((l) => l.id)).toEqual([1])
  t.clear()
  expect(t.episode().lanes).toEqual([])
})

test('errors are sorted by name; paths lose scheme, host and query', () => {
  expect(outcomeOf(new NetworkError('x'))).toBe('network')
  expect(outcomeOf(Object.assign(new CredentialsError('x'), { reason: 'token_updated' }))).toBe('session_ended')
  expect(outcomeOf(new CredentialsError('x'))).toBe('signed_out')
  expect(pathOf('http://127.0.0.1:8787/api/me?x=1')).toBe('/api/me')
  expect(pathOf('/api/me#a')).toBe('/api/me')
})

test('a burst result says why, in one language', () => {
  const ok = { status: 'fulfilled', value: 1 } as const
  const no = (reason: unknown) => ({ status: 'rejected', reason }) as const
  const facts = (results: PromiseSettledResult<unknown>[], signedIn = true) => ({ results, refreshes: 1, signedIn })
  expect(explainBurst(MESSAGES.zh, facts([ok, ok]))).toBe('2/2 成功，刷新 1 次')
  expect(explainBurst(MESSAGES.zh, facts([no(new CredentialsError('x'))], false))).toBe('0/1：未登录，请先登录')
  expect(explainBurst(MESSAGES.zh, facts([no(new NetworkError('x')), no(new NetworkError('x'))]))).toBe(
    '离线：会话保留，2 个请求因网络错误失败（已重试）',
  )
  const kicked = Object.assign(new CredentialsError('x'), { reason: 'token_updated' })
  expect(explainBurst(MESSAGES.zh, facts([no(kicked)], false))).toBe('0/1：账号在其他设备登录，请重新登录')
  expect(explainBurst(MESSAGES.en, facts([no(new CredentialsError('x'))], false))).toBe(
    '0/1: signed out — log in first',
  )
  expect(explainBurst(MESSAGES.en, facts([ok, no(new NetworkError('x'))]))).toBe('1/2 ok, 1 failed: network error')
})

test('the two languages have the same texts, and the English ones hold no Chinese', () => {
  const keys = (o: object, at = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${at}${k}.`) : [`${at}${k}`]))
  expect(keys(MESSAGES.en)).toEqual(keys(MESSAGES.zh))
  expect(JSON.stringify(MESSAGES.en)).not.toMatch(/[\u3400-\u9fff\uff08-\uff1f]/)
})

/** The session on luch-request 3.1.1 (and so on uView's `uni.$u.http`), through `luchRequestAuth`. */
import { luchRequestAuth } from '../../src/adapters'
import type { Peers } from '../support/peers'
import { useFakeClock } from '../support/setup'
import { boot, type MakeClient, pendingApi, pendingRefresh, track } from './harness'
import { describeReplayingAdapter } from './suite'

/** The luch-request instance the last `make` built (for what the shared client does not offer: `getTask`). */
let instance: InstanceType<Peers['LuchRequest']>

const make: MakeClient = (peers, auth, { baseURL }) => {
  const http = new peers.LuchRequest({ baseURL })
  luchRequestAuth(http, auth)
  instance = http
  const client = {
    appHandled: 0,
    // The app's own response interceptor, added after the adapter's, as the README says.
    get: (url: string, o?: { anonymous?: boolean }) =>
      http.get(url, o && o.anonymous ? { custom: { auth: false } } : {}),
  }
  http.interceptors.response.use(
    (response) => {
      client.appHandled++
      return response.data as never
    },
    (response) => {
      client.appHandled++
      return Promise.reject(response)
    },
  )
  return client
}

describeReplayingAdapter('luch-request', make)

describe('luch-request: abort', () => {
  beforeEach(useFakeClock)
  afterEach(() => jest.useRealTimers())

  /** A POST whose task the app keeps (luch-request's `getTask`), on an expired token: its 401 answered, the refresh held. */
  const waiting = async () => {
    const w = await boot(make, { install: false })
    w.backend.expired = true
    w.backend.hold = true
    const tasks: Array<{ abort(): void }> = []
    const t = track([instance.post('/orders', { item: 7 }, { getTask: (task) => void tasks.push(task) })])
    await w.flush()
    w.backend.answer(pendingApi(w)[0] as never)
    await w.flush()
    expect(pendingRefresh(w)).toHaveLength(1)
    return { w, t, tasks }
  }

  test('aborting the task from getTask while the request waits for the refresh rejects it as luch-request rejects an abort, and sends nothing more', async () => {
    const { w, t, tasks } = await waiting()
    tasks[0]?.abort()
    await w.flush()
    expect(t.failed).toEqual([expect.objectContaining({ errMsg: 'request:fail abort' })])
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    expect(w.backend.apiCalls).toHaveLength(1)
    expect(w.auth.getTokens()?.accessToken).toBe('at-2')
    w.close()
  })

  test('the replay hands its own task to getTask: aborting it aborts the replay', async () => {
    const { w, t, tasks } = await waiting()
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    expect(pendingApi(w)).toHaveLength(1)
    expect(tasks).toHaveLength(2)
    tasks[1]?.abort()
    await w.flush()
    expect(t.failed).toEqual([expect.objectContaining({ errMsg: expect.stringContaining('abort') })])
    w.close()
  })
})

describe('luch-request: what the app sees', () => {
  beforeEach(useFakeClock)
  afterEach(() => jest.useRealTimers())

  test("a config answered for good carries no record of the adapter's: an app interceptor that rejects a 2xx (its business code) hands on no token of the session's", async () => {
    const seen: object[] = []
    // luch-request's usual pattern: the app's own response interceptor, after the adapter's, rejects a
    // 2xx whose business code says so, with the response (and its config) as the error.
    const rejecting: MakeClient = (peers, auth, { baseURL }) => {
      const http = new peers.LuchRequest({ baseURL })
      luchRequestAuth(http, auth)
      http.interceptors.response.use((response) => {
        seen.push(response.config as object)
        return Promise.reject(response)
      })
      return { appHandled: 0, get: (url: string) => http.get(url) }
    }
    const w = await boot(rejecting, { install: false })
    const t = track([w.client.get('/me')])
    await w.flush()
    expect(t.failed).toHaveLength(1)
    const config = seen[0] as Record<symbol, unknown>
    expect(Object.getOwnPropertySymbols(config).map((s) => config[s])).toEqual([undefined])
  })
})

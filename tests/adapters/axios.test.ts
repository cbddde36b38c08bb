/** The session on axios 1.21.1 with @uni-helper/axios-adapter 1.16.1, through `axiosAuth`. */
import { axiosAuth } from '../../src/adapters'
import type { Peers } from '../support/peers'
import { useFakeClock } from '../support/setup'
import { boot, type MakeClient, pendingApi, pendingRefresh, track } from './harness'
import { describeReplayingAdapter } from './suite'

/** The axios instance the last `make` built (for what the shared client does not offer: a signal). */
let instance: ReturnType<Peers['axios']['create']>

declare module 'axios' {
  interface AxiosRequestConfig {
    /** `false`: no token, no refresh (uni-session's axios adapter). */
    session?: boolean
  }
}

const make: MakeClient = (peers, auth, { baseURL }) => {
  const api = peers.axios.create({ baseURL, adapter: peers.createUniAppAxiosAdapter() })
  axiosAuth(api, auth)
  instance = api
  const client = {
    appHandled: 0,
    get: (url: string, o?: { anonymous?: boolean }) =>
      api.get(url, o && o.anonymous ? { session: false } : {}).then((res) => res.data as unknown),
  }
  api.interceptors.response.use(
    (response) => {
      client.appHandled++
      return response
    },
    (error) => {
      client.appHandled++
      return Promise.reject(error)
    },
  )
  return client
}

describeReplayingAdapter('axios', make)

describe('axios: abort', () => {
  beforeEach(useFakeClock)
  afterEach(() => jest.useRealTimers())

  test("an AbortSignal that fires while the request waits for the refresh ends it with axios's CanceledError and nothing more is sent", async () => {
    const w = await boot(make, { install: false })
    w.backend.expired = true
    w.backend.hold = true
    const controller = new AbortController()
    const t = track([instance.post('/orders', { item: 7 }, { signal: controller.signal })])
    await w.flush()
    w.backend.answer(pendingApi(w)[0] as never)
    await w.flush()
    expect(pendingRefresh(w)).toHaveLength(1)
    controller.abort()
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    expect(t.failed).toEqual([expect.objectContaining({ name: 'CanceledError' })])
    expect(w.backend.apiCalls).toHaveLength(1)
    w.close()
  })
})

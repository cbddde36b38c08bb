/** The session on alova 3.5.5 with @alova/adapter-uniapp 2.0.16, through `alovaAuth`. */
import { alovaAuth } from '../../src/adapters'
import type { Peers } from '../support/peers'
import { useFakeClock } from '../support/setup'
import { boot, type MakeClient, pendingApi, pendingRefresh, track } from './harness'
import { describeReplayingAdapter } from './suite'

/** The alova instance the last `make` built (for what the shared client does not offer: a method to abort). */
let instance: ReturnType<Peers['createAlova']>

const make: MakeClient = (peers, auth, { baseURL }) => {
  const { onAuthRequired, onResponseRefreshToken } = alovaAuth(auth)
  const client = {
    appHandled: 0,
    get: (url: string, o?: { anonymous?: boolean }) =>
      alova.Get<unknown>(url, o && o.anonymous ? { meta: { auth: false } } : {}).then((data) => data),
  }
  const alova = peers.createAlova({
    baseURL,
    ...peers.AdapterUniapp(),
    cacheFor: null,
    beforeRequest: onAuthRequired(),
    responded: onResponseRefreshToken({
      onSuccess(response) {
        client.appHandled++
        const res = response as UniApp.RequestSuccessCallbackResult
        if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`)
        return res.data
      },
    }),
  })
  instance = alova as never
  return client
}

describeReplayingAdapter('alova', make)

describe('alova: abort', () => {
  beforeEach(useFakeClock)
  afterEach(() => jest.useRealTimers())

  test('method.abort() while the request waits for the refresh rejects it and sends nothing more', async () => {
    const w = await boot(make, { install: false })
    w.backend.expired = true
    w.backend.hold = true
    const method = instance.Post('/orders', { item: 7 })
    const t = track([method.send()])
    await w.flush()
    // The first call's 401 arrives; the refresh goes out and is held.
    w.backend.answer(pendingApi(w)[0] as never)
    await w.flush()
    expect(pendingRefresh(w)).toHaveLength(1)
    method.abort()
    await w.flush()
    expect(t.failed).toEqual([new Error('request:fail abort')])
    // The refresh settles; the aborted POST is never sent again.
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    expect(w.backend.apiCalls).toHaveLength(1)
    expect(w.auth.getTokens()?.accessToken).toBe('at-2')
    w.close()
  })

  test('method.abort() once the replay is out aborts the replay, as alova aborts any request', async () => {
    const w = await boot(make, { install: false })
    w.backend.expired = true
    w.backend.hold = true
    const method = instance.Get('/orders/1')
    const t = track([method.send()])
    await w.flush()
    w.backend.answer(pendingApi(w)[0] as never)
    await w.flush()
    w.backend.answer(pendingRefresh(w)[0] as never)
    await w.flush()
    expect(pendingApi(w)).toHaveLength(1)
    method.abort()
    await w.flush()
    expect(t.failed).toEqual([new Error('request:fail abort')])
    w.close()
  })
})

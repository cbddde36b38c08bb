/** The session on alova 3.5.5 with @alova/adapter-uniapp 2.0.16, through `alovaAuth`. */
import { alovaAuth } from '../../src/adapters'
import type { MakeClient } from './harness'
import { describeReplayingAdapter } from './suite'

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
  return client
}

describeReplayingAdapter('alova', make)

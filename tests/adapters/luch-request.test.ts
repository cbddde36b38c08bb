/** The session on luch-request 3.1.1 (and so on uView's `uni.$u.http`), through `luchRequestAuth`. */
import { luchRequestAuth } from '../../src/adapters'
import type { MakeClient } from './harness'
import { describeReplayingAdapter } from './suite'

const make: MakeClient = (peers, auth, { baseURL }) => {
  const http = new peers.LuchRequest({ baseURL })
  luchRequestAuth(http, auth)
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

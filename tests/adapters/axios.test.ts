/** The session on axios 1.21.1 with @uni-helper/axios-adapter 1.16.1, through `axiosAuth`. */
import { axiosAuth } from '../../src/adapters'
import type { MakeClient } from './harness'
import { describeReplayingAdapter } from './suite'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** `false`: no token, no refresh (uni-session's axios adapter). */
    session?: boolean
  }
}

const make: MakeClient = (peers, auth, { baseURL }) => {
  const api = peers.axios.create({ baseURL, adapter: peers.createUniAppAxiosAdapter() })
  axiosAuth(api, auth)
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

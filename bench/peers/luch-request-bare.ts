/**
 * luch-request bare: what an app with no refresh at all runs on the happy path (a request interceptor
 * that sets the header). The baseline for "what the uni-session adapter adds"; never in the bursts.
 */
import Request from 'luch-request'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL }) => {
  let access = ''
  const http = new Request({ baseURL })
  http.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: `Bearer ${access}` }
    return config
  })
  return {
    signIn(accessToken) {
      access = accessToken
    },
    get: (url) => http.get(url).then((res) => res.data),
  }
}

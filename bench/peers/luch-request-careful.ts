/**
 * luch-request with the refresh recipe written carefully (careful-lock.ts): every 401 waits on one
 * shared refresh and is rejected with it when it fails; a 401 for a token already replaced replays at
 * once; each request is replayed once at most (a second 401 is an error, not a loop). The published
 * recipe it improves on is luch-request.ts.
 */
import Request from 'luch-request'
import type { MakeClient } from '../contender'
import { carefulSession } from './careful-lock'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  const session = carefulSession(refreshURL)
  const http = new Request({ baseURL })
  http.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: session.header() }
    return config
  })
  http.interceptors.response.use(
    (response) => response,
    async (response) => {
      const config = response.config
      const custom = (config.custom || {}) as { replayed?: boolean }
      if (response.statusCode !== 401 || custom.replayed) return Promise.reject(response)
      await session.renew(config.header && config.header.Authorization)
      config.custom = { ...custom, replayed: true }
      return http.request(config)
    },
  )
  return {
    signIn: session.signIn,
    get: (url) => http.get(url).then((res) => res.data),
  }
}

/**
 * luch-request with the usual lock-and-queue refresh recipe, as community posts publish it: a
 * request interceptor adds the token; on a 401 the first request refreshes (flag `refreshing`),
 * the others wait in a queue of callbacks and are replayed with the new token; on failure the
 * tokens are cleared and the first request rejects (the queued ones are left as the recipe leaves them).
 *
 * Source: the "isRefreshing + refreshSubscribers" interceptor that most uni-app and axios posts copy,
 * e.g. https://gist.github.com/culttm/a26e6b3c58801a45158dcb0f54f428b1 (a fork of mkjiau's
 * axios-interceptors-refresh-token.js): the subscribers are callbacks that can only resolve, and the
 * refresh has no failure branch. Ported to luch-request's interceptors (`config.header`, `statusCode`).
 * The careful version is luch-request-careful.ts.
 */
import Request from 'luch-request'
import type { MakeClient } from '../contender'
import { refreshTokens } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  let refreshing = false
  let queue: Array<() => void> = []
  const http = new Request({ baseURL })
  http.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: `Bearer ${access}` }
    return config
  })
  http.interceptors.response.use(
    (response) => response,
    async (response) => {
      if (response.statusCode !== 401) return Promise.reject(response)
      const config = response.config
      if (!refreshing) {
        refreshing = true
        try {
          const tokens = await refreshTokens(refreshURL, refresh)
          access = tokens.accessToken
          refresh = tokens.refreshToken
          for (const replay of queue) replay()
          queue = []
          return http.request(config)
        } catch (e) {
          access = refresh = ''
          return Promise.reject(e)
        } finally {
          refreshing = false
        }
      }
      return new Promise((resolve) => queue.push(() => resolve(http.request(config))))
    },
  )
  return {
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    get: (url) => http.get(url).then((res) => res.data),
  }
}

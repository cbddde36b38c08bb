/**
 * uni-ajax with the same lock-and-queue recipe as luch-request: an instance from `ajax.create`,
 * the token added in the request interceptor, a 401 handled in the response error interceptor
 * (first one refreshes, the rest queue and are replayed through the instance with their config).
 */
import ajax from 'uni-ajax'
import type { MakeClient } from '../contender'
import { refreshTokens } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  let refreshing = false
  let queue: Array<() => void> = []
  const instance = ajax.create({ baseURL })
  instance.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: `Bearer ${access}` }
    return config
  })
  instance.interceptors.response.use(
    (response) => response,
    async (error) => {
      if (error.statusCode !== 401) return Promise.reject(error)
      const config = error.config
      if (!refreshing) {
        refreshing = true
        try {
          const tokens = await refreshTokens(refreshURL, refresh)
          access = tokens.accessToken
          refresh = tokens.refreshToken
          for (const replay of queue) replay()
          queue = []
          return instance(config)
        } catch (e) {
          access = refresh = ''
          return Promise.reject(e)
        } finally {
          refreshing = false
        }
      }
      return new Promise((resolve) => queue.push(() => resolve(instance(config))))
    },
  )
  return {
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    get: (url) => instance.get(url).then((res) => res.data),
  }
}

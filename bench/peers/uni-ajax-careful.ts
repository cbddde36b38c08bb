/**
 * uni-ajax with the refresh recipe written carefully (careful-lock.ts): its docs' recipe already
 * rejects the waiting requests when the refresh fails; this one also replays at once a 401 for a
 * token already replaced (the docs' flag lets such a late 401 start a second refresh) and replays
 * each request once at most. The published recipe it improves on is uni-ajax.ts.
 */
import ajax from 'uni-ajax'
import type { MakeClient } from '../contender'
import { carefulSession } from './careful-lock'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  const session = carefulSession(refreshURL)
  const instance = ajax.create({ baseURL })
  instance.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: session.header() }
    return config
  })
  instance.interceptors.response.use(
    (response) => response,
    async (error) => {
      const config = error.config
      if (error.statusCode !== 401 || config.replayed) return Promise.reject(error)
      await session.renew(config.header && config.header.Authorization)
      return instance({ ...config, replayed: true })
    },
  )
  return {
    signIn: session.signIn,
    get: (url) => instance.get(url).then((res) => res.data),
  }
}

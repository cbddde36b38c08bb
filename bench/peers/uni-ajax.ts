/**
 * uni-ajax with the refresh recipe of its own docs: an instance from `ajax.create`, the token added
 * in the request interceptor, a 401 handled in the response interceptor by `refreshToken()`: the
 * first caller refreshes (flag `isRefreshing`), callers during the refresh wait in `requestQueue` as
 * `{ resolve, reject }`, and `executeQueue(error)` settles them all, rejecting them when the refresh
 * failed; each is then replayed through the instance with its config.
 *
 * Source: uni-ajax's FAQ, "无感刷新 Token" (https://uniajax.ponjs.com/guide/question#无感刷新-token;
 * docs/guide/question.md in github.com/ponjs/uni-ajax). The docs check a body `code === 401` on a 2xx
 * answer; this backend answers HTTP 401, which uni-ajax hands to the error interceptor, so the same
 * code sits there. The careful version is uni-ajax-careful.ts.
 */
import ajax from 'uni-ajax'
import type { MakeClient } from '../contender'
import { refreshTokens } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  let isRefreshing = false
  let requestQueue: Array<{ resolve: () => void; reject: (e: unknown) => void }> = []
  const executeQueue = (error: unknown) => {
    for (const p of requestQueue) {
      if (error) p.reject(error)
      else p.resolve()
    }
    requestQueue = []
  }
  const refreshToken = () => {
    if (isRefreshing) return new Promise<void>((resolve, reject) => requestQueue.push({ resolve, reject }))
    isRefreshing = true
    return new Promise<void>((resolve, reject) => {
      refreshTokens(refreshURL, refresh)
        .then((tokens) => {
          access = tokens.accessToken
          refresh = tokens.refreshToken
          resolve()
          executeQueue(null)
        })
        .catch((err) => {
          access = refresh = ''
          reject(err)
          executeQueue(err || new Error('Refresh token error'))
        })
        .finally(() => {
          isRefreshing = false
        })
    })
  }
  const instance = ajax.create({ baseURL })
  instance.interceptors.request.use((config) => {
    config.header = { ...config.header, Authorization: `Bearer ${access}` }
    return config
  })
  instance.interceptors.response.use(
    (response) => response,
    (error) => {
      if (error.statusCode === 401) return refreshToken().then(() => instance(error.config))
      return Promise.reject(error)
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

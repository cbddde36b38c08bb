/**
 * axios with axios-auth-refresh (default options: deduplicated refresh, 401 only, 3 retries at most)
 * and @uni-helper/axios-adapter. As in axios-auth-refresh's README: a request interceptor reads the
 * current token; the refresh goes through another axios instance and sets the failed request's header.
 *
 * Source: axios-auth-refresh's README, "Usage" (https://github.com/Flyrell/axios-auth-refresh#usage,
 * 5.0.2), default options. With `deduplicateRefresh: true` (the default) the instance is skipped while
 * a refresh runs, so the other 401s of a burst are not intercepted and fail. The careful version is
 * axios-careful.ts.
 */
import { createUniAppAxiosAdapter } from '@uni-helper/axios-adapter'
import axios from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import type { MakeClient } from '../contender'
import type { TokenPair } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  const adapter = createUniAppAxiosAdapter()
  const api = axios.create({ baseURL, adapter })
  const plain = axios.create({ adapter })
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${access}`
    return request
  })
  createAuthRefresh(api, (failed) =>
    plain.post<TokenPair>(refreshURL, { refreshToken: refresh }).then(
      (res) => {
        access = res.data.accessToken
        refresh = res.data.refreshToken
        failed.response.config.headers.Authorization = `Bearer ${access}`
      },
      (error) => {
        access = refresh = ''
        throw error
      },
    ),
  )
  return {
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    get: (url) => api.get(url).then((res) => res.data),
  }
}

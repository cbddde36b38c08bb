/**
 * axios + axios-auth-refresh configured carefully: `deduplicateRefresh: false`, so that the 401s that
 * arrive while a refresh runs are intercepted too and join that refresh (axios-auth-refresh keeps one
 * `refreshCall` for all of them) instead of failing; the refresh logic skips the call when the failed
 * request's token was already replaced (a late 401), and the refresh call itself is marked
 * `skipAuthRefresh` as the README asks with this option. Failed refreshes reject every waiter (as the
 * default does). The published setup it improves on is axios.ts.
 */
import { createUniAppAxiosAdapter } from '@uni-helper/axios-adapter'
import axios from 'axios'
import { type AxiosAuthRefreshRequestConfig, createAuthRefresh } from 'axios-auth-refresh'
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
  createAuthRefresh(
    api,
    (failed) => {
      if (access && failed.response.config.headers.Authorization !== `Bearer ${access}`) return Promise.resolve()
      const config: AxiosAuthRefreshRequestConfig = { skipAuthRefresh: true }
      return plain.post<TokenPair>(refreshURL, { refreshToken: refresh }, config).then(
        (res) => {
          access = res.data.accessToken
          refresh = res.data.refreshToken
        },
        (error) => {
          access = refresh = ''
          throw error
        },
      )
    },
    { deduplicateRefresh: false },
  )
  return {
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    get: (url) => api.get(url).then((res) => res.data),
  }
}

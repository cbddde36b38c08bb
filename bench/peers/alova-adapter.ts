/**
 * alova with uni-session's adapter in place of its token authentication: `onAuthRequired` and
 * `onResponseRefreshToken` from `alovaAuth`, over a session from createAuth (global `uni`).
 * `cacheFor: null`, as in the alova recipe, so that every call is a request.
 */
import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { alovaAuth } from '../../src/adapters'
import { createAuth } from '../../src/auth'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  const auth = createAuth({ refresh: { url: refreshURL } })
  const { onAuthRequired, onResponseRefreshToken } = alovaAuth(auth)
  const alova = createAlova({
    baseURL,
    ...AdapterUniapp(),
    cacheFor: null,
    beforeRequest: onAuthRequired(),
    responded: onResponseRefreshToken((response) => {
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`)
      // Only `Get` is used: the response is `uni.request`'s (downloads answer without `data`).
      return (response as UniApp.RequestSuccessCallbackResult).data
    }),
  })
  return {
    signIn: (accessToken, refreshToken) => auth.signIn({ accessToken, refreshToken }),
    get: (url) => alova.Get(url),
  }
}

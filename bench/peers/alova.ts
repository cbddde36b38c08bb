/**
 * alova 3 with its server-side token authentication (alova/client) and the uniapp adapter, as
 * alova's docs set it up: `assignToken` adds the token, `refreshTokenOnSuccess` sees a 401 and runs
 * the refresh, a method with `meta.authRole = 'refreshToken'`; alova queues the others meanwhile.
 * `cacheFor: null` turns alova's default GET memory cache off, so that every call is a request.
 *
 * Source: alova's docs, "Token authentication interceptor", server-side authentication
 * (https://alova.js.org/tutorial/client/strategy/token-authentication), with `refreshTokenOnSuccess`
 * as shown there. Requests waiting on a refresh that fails are left waiting (alova 3.5.5,
 * `refreshTokenIfExpired` only ever resolves its waiting list). The careful version is alova-careful.ts.
 */
import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { createServerTokenAuthentication } from 'alova/client'
import type { MakeClient } from '../contender'
import type { TokenPair } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  const { onAuthRequired, onResponseRefreshToken } = createServerTokenAuthentication<
    typeof import('alova/vue').default,
    ReturnType<typeof AdapterUniapp>['requestAdapter']
  >({
    assignToken: (method) => {
      method.config.headers.Authorization = `Bearer ${access}`
    },
    refreshTokenOnSuccess: {
      isExpired: (response) => response.statusCode === 401,
      handler: async () => {
        try {
          const tokens = (await alova.Post(
            refreshURL,
            { refreshToken: refresh },
            { meta: { authRole: 'refreshToken' } },
          )) as TokenPair
          access = tokens.accessToken
          refresh = tokens.refreshToken
        } catch (error) {
          access = refresh = ''
          throw error
        }
      },
    },
  })
  const alova = createAlova({
    baseURL,
    ...AdapterUniapp(),
    cacheFor: null,
    beforeRequest: onAuthRequired(),
    responded: onResponseRefreshToken((response) => {
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`)
      // Only `Get`/`Post` are used: the response is `uni.request`'s (downloads answer without `data`).
      return (response as UniApp.RequestSuccessCallbackResult).data
    }),
  })
  return {
    signIn(accessToken, refreshToken) {
      access = accessToken
      refresh = refreshToken
    },
    get: (url) => alova.Get(url),
  }
}

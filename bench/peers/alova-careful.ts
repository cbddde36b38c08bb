/**
 * alova's server-side token authentication (alova.ts) with what a careful engineer adds around it:
 * - a 401 for a token already replaced does not refresh again: the handler returns at once and alova
 *   resends the request with the current token (a late 401 otherwise starts a second refresh, and
 *   the end of the first cycle then drops the second one's waiting list unsettled);
 * - when the refresh fails, the requests in alova's `waitingList` are let go and `assignToken` refuses
 *   to send without a token, so they reject instead of waiting for ever.
 */
import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { createServerTokenAuthentication } from 'alova/client'
import type { MakeClient } from '../contender'
import type { TokenPair } from './refresh-call'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  let access = ''
  let refresh = ''
  const bearer = () => `Bearer ${access}`
  const { onAuthRequired, onResponseRefreshToken, waitingList } = createServerTokenAuthentication<
    typeof import('alova/vue').default,
    ReturnType<typeof AdapterUniapp>['requestAdapter']
  >({
    assignToken: (method) => {
      if (!access) throw new Error('signed out: the token refresh failed')
      method.config.headers.Authorization = bearer()
    },
    refreshTokenOnSuccess: {
      isExpired: (response) => response.statusCode === 401,
      handler: async (_response, method) => {
        if (method.config.headers.Authorization !== bearer()) return
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
          for (const waiting of waitingList) waiting.resolve()
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

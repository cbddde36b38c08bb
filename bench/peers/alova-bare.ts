/**
 * alova bare: what an app with no refresh at all runs on the happy path (`beforeRequest` sets the
 * header, `responded` unwraps the body). The baseline for "what the uni-session adapter adds"; never
 * in the bursts.
 */
import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL }) => {
  let access = ''
  const alova = createAlova({
    baseURL,
    ...AdapterUniapp(),
    cacheFor: null,
    beforeRequest: (method) => {
      method.config.headers.Authorization = `Bearer ${access}`
    },
    responded: (response) => {
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`)
      return (response as UniApp.RequestSuccessCallbackResult).data
    },
  })
  return {
    signIn(accessToken) {
      access = accessToken
    },
    get: (url) => alova.Get(url),
  }
}

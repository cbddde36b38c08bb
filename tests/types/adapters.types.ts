/**
 * Type-level checks (run by `npm run typecheck`, not by jest) of `uni-session/adapters` against the
 * libraries' own typings: an app's existing interceptor code, written for the library, type-checks
 * unchanged once the adapter is on (alova's `Method` generics, luch-request's and axios's configs).
 * The alova code is shaped as the uni-app templates write it over `createServerTokenAuthentication`
 * (`method.config.meta`, `config.requestType`, `method.config.headers`).
 */
import AdapterUniapp, { type uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import axios from 'axios'
import Request from 'luch-request'
import { alovaAuth, axiosAuth, luchRequestAuth } from '../../src/adapters'
import type { Auth } from '../../src/auth'

declare const auth: Auth

// alova, given the adapter's type: the handlers' `method` is alova's Method of this instance, its
// config typed as alova and the uni-app adapter type it, `response` as the adapter answers.
const { onAuthRequired, onResponseRefreshToken } = alovaAuth<typeof uniappRequestAdapter>(auth)
export const alova = createAlova({
  baseURL: 'https://api.example.com',
  ...AdapterUniapp(),
  beforeRequest: onAuthRequired((method) => {
    method.config.headers = { Accept: 'application/json', ...method.config.headers }
    const ignoreAuth: boolean | undefined = method.config.meta?.ignoreAuth
    void ignoreAuth
    // alova's own config fields, typed as alova types them.
    // @ts-expect-error `timeout` is a number in alova's MethodRequestConfig
    const timeout: string | undefined = method.config.timeout
    void timeout
  }),
  responded: onResponseRefreshToken({
    onSuccess(response, method) {
      const { config } = method
      const { requestType } = config
      if (requestType === 'upload' || requestType === 'download') return response
      // @ts-expect-error the adapter's answer may be an upload's or a download's: narrowed as apps do
      void response.data.length
      const { statusCode, data } = response as UniNamespace.RequestSuccessCallbackResult
      const toast: boolean | undefined = config.meta?.toast
      void toast
      if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`)
      return data
    },
    onError(error: Error, method) {
      void method.meta?.toast
      throw error
    },
    onComplete(method) {
      void method.config.meta?.ignoreAuth
    },
  }),
})
// The instance's methods stay typed by its adapter: uni's config (`enableHttp2`), alova's `meta`.
export const me = alova.Get<{ name: string }>('/me', { meta: { toast: false }, enableHttp2: true })

// alova without the adapter's type (as the README's quick start has it): the same handlers still
// type-check, `method.config.meta` and `config.requestType` included (loosely typed then).
const loose = alovaAuth(auth)
export const alova2 = createAlova({
  ...AdapterUniapp(),
  beforeRequest: loose.onAuthRequired((method) => {
    void method.config.meta?.ignoreAuth
  }),
  responded: loose.onResponseRefreshToken((response, method) => {
    const { config } = method
    if (config.requestType === 'upload' || config.meta?.toast === false) return response
    return (response as UniNamespace.RequestSuccessCallbackResult).data
  }),
})

// luch-request: the instance and its configs as luch-request types them; `custom.auth` is its own `custom`.
const http = new Request({ baseURL: 'https://api.example.com' })
export const offLuch: () => void = luchRequestAuth(http, auth)
http.interceptors.request.use((config) => {
  config.header = { ...config.header, 'X-App': 'demo' }
  return config
})
export const articles = http.get('/articles', {
  custom: { auth: false },
  getTask: (task) => {
    task.abort()
  },
})

// axios: an AxiosInstance as it is; `session: false` declared on axios's config by the app (see the README).
declare module 'axios' {
  interface AxiosRequestConfig {
    session?: boolean
  }
}
const api = axios.create({ baseURL: 'https://api.example.com' })
export const offAxios: () => void = axiosAuth(api, auth)
api.interceptors.request.use((config) => {
  config.headers.set('X-App', 'demo')
  return config
})
export const pub = api.get('/articles', { session: false })

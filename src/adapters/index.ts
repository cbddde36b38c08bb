/**
 * Bring your own requester (`uni-session/adapters`): the session and the journey on luch-request
 * (and uView's `uni.$u.http`), alova, axios and `uni.addInterceptor('request')`. Each is tree-shaken:
 * an app pays for the one it imports. None imports its library: each takes your instance.
 *
 * @example
 * import { createAuth } from 'uni-session'
 * import { luchRequestAuth } from 'uni-session/adapters'
 * luchRequestAuth(http, auth)
 */
export { type AlovaMethod, type AlovaResponded, alovaAuth } from './alova'
export { type AxiosConfig, type AxiosLike, axiosAuth } from './axios'
export { type LuchConfig, type LuchRequest, type LuchResponse, luchRequestAuth } from './luch-request'
export type { AdapterOptions } from './shared'
export { type UniRequestArgs, type UniRequestInterceptor, uniRequestInterceptor } from './uni-interceptor'

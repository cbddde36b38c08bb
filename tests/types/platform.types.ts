/**
 * Type-level checks (run by `npm run typecheck`, not by jest): the WeChat and
 * uni-app API objects, as their official typings describe them, are platforms.
 */
import { createAuth, type Platform } from '../../src/auth'
import { createRequest } from '../../src/utils/request'

export const wxIsAPlatform: Platform = wx
export const uniIsAPlatform: Platform = uni

export const nativeSession = () => {
  const auth = createAuth({ platform: wx, refresh: { url: 'https://api.example.com/auth/refresh' } })
  return createRequest({ baseURL: 'https://api.example.com', auth, platform: wx })
}

/**
 * What each host's `request` accepts, as its typings or docs list it. A platform's `methods` makes
 * the core refuse any other method before sending (a clear error rather than a host's own).
 */
import type { HttpMethod } from '../auth/platform'

/** WeChat's documented list; QQ's is the same. No PATCH. */
export const WECHAT_METHODS = [
  'OPTIONS',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'TRACE',
  'CONNECT',
] as const satisfies readonly HttpMethod[]

/** `my.request`, as `@mini-types/alipay` types it (the docs name GET, POST, PUT and DELETE). No PATCH. */
export const ALIPAY_METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'CONNECT',
] as const satisfies readonly HttpMethod[]

/** `tt.request`, as `@douyin-microapp/typings` types it: PATCH, but no TRACE or CONNECT. */
export const DOUYIN_METHODS = [
  'GET',
  'POST',
  'OPTIONS',
  'PUT',
  'HEAD',
  'DELETE',
  'PATCH',
] as const satisfies readonly HttpMethod[]

/** `swan.request`: no PATCH; TRACE and CONNECT work on Android only, so they are left out. */
export const BAIDU_METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
] as const satisfies readonly HttpMethod[]

/// <reference types="@mini-types/my" />
/**
 * Type-level checks (run by `npm run typecheck`, not by jest) of `uni-session/platforms` against the
 * hosts' own typings: `my` as `@mini-types/alipay` types it and `tt` as `@douyin-microapp/typings`
 * types it are accepted by their adapters, which give platforms; neither host object is a platform
 * as it is.
 */
import type * as DouyinApi from '@douyin-microapp/typings/types/api'
import { createAuth, type Platform } from '../../src/auth'
import type { PlatformMethod } from '../../src/auth/platform'
import {
  type AlipayHost,
  alipay,
  type BaiduHost,
  baidu,
  type DouyinHost,
  douyin,
  harmony,
  kuaishou,
  qq,
  type TaroHost,
  taro,
  type WxHost,
} from '../../src/platforms'
import { createRequest } from '../../src/utils/request'

/** `tt` as the Douyin typings declare it (`declare global { const tt: typeof API }`). */
declare const tt: typeof DouyinApi

export const myIsAnAlipayHost: AlipayHost = my
export const ttIsADouyinHost: DouyinHost = tt
/** `qq` has no typings on npm: `wx`, whose shapes it takes, stands in for it. */
export const wxIsAQqHost: Parameters<typeof qq>[0] = wx
export const wxIsAWxHost: WxHost<PlatformMethod> = wx

export const alipayGivesAPlatform: Platform = alipay(my)
export const alipayWithOptions: Platform = alipay(my, { fileType: 'video', getCurrentPages: () => [] })
export const douyinGivesAPlatform: Platform = douyin(tt)
export const qqGivesAPlatform: Platform = qq(wx)
/** `has` and `ks` have no typings on npm either: `wx` stands in for them (uni's layers call them as `wx`). */
export const harmonyGivesAPlatform: Platform = harmony(wx)
export const kuaishouGivesAPlatform: Platform = kuaishou(wx, { getCurrentPages: () => [] })

// Neither host object is a platform as it is: that is why the adapters exist.
// @ts-expect-error `my` differs in every member (headers/status, `{ key }` storage, no showModal or login)
export const myIsNotAPlatform: Platform = my
// @ts-expect-error `tt.request`'s methods have PATCH and lack TRACE/CONNECT; `uploadFile` takes string form data
export const ttIsNotAPlatform: Platform = tt

/** Baidu and Taro have no typings here: shapes written from their docs. */
declare const swan: BaiduHost
declare const Taro: TaroHost
export const baiduGivesAPlatform: Platform = baidu(swan)
export const taroGivesAPlatform: Platform = taro(Taro)

export const alipaySession = () => {
  const platform = alipay(my)
  const auth = createAuth({ platform, refresh: { url: 'https://api.example.com/auth/refresh' } })
  return createRequest({ baseURL: 'https://api.example.com', auth })
}

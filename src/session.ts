/**
 * The demo app's session and requester: the configuration an app writes.
 * H5 talks to the server that serves it (same origin); a mini program build
 * talks to VITE_API_BASE (default: the reference server on loopback).
 */
import { createAuth, type SilentLogin } from '@/auth'
import { createTimeline } from '@/composables/timeline'
import { createRequest } from '@/utils/request'
import pagesJson from './pages.json'

const baseURL = import.meta.env.VITE_API_BASE || (process.env.UNI_PLATFORM === 'h5' ? '' : 'http://127.0.0.1:8787')

export const auth = createAuth({
  refresh: { url: `${baseURL}/auth/refresh` },
  logout: { url: `${baseURL}/auth/logout` },
  autoRefresh: true,
  // Alipay, Douyin and Baidu do not tell an app its pages at runtime (WeChat, QQ and H5 do):
  // they come from pages.json, at build time, for every target alike.
  pages: pagesJson.pages.map((page) => `/${page.path}`),
  tabBarPages: pagesJson.tabBar.list.map((tab) => `/${tab.pagePath}`),
})

/** What happened to each request and refresh, told by the public hooks; the home page draws it. */
export const timeline = createTimeline()
auth.onRefresh(timeline.onRefresh)

export const request = createRequest({ baseURL, auth, hooks: { onLifecycle: timeline.onLifecycle } })

/** The demo's own buttons (the reference server's /__control endpoints): no session, not on the timeline. */
export const control = createRequest({ baseURL, retry: 0 })

/** Pages that need a session; native tabBar taps are covered by `ensureLogin` in the page. */
export const NEED_LOGIN = ['/pages/me/me', /^\/pages\/order\//]

/**
 * Silent login on a mini program host: the host's one-time login code, exchanged by the server
 * (`POST /auth/wechat` with `{ provider, code }`). A Douyin user not logged in to Douyin has only an
 * anonymous code, which identifies the device, not the user: no silent login then.
 */
export async function silentLogin({ provider, login }: SilentLogin) {
  const { code } = await login()
  if (!code) throw new Error(`silent login: no login code on ${provider}: the user is not logged in to the host app`)
  return (await request.post('/auth/wechat', { provider, code }, { auth: false })).data
}

/**
 * The demo app's session and requester: the configuration an app writes.
 * H5 talks to the server that serves it (same origin); a mini program build
 * talks to VITE_API_BASE (default: the reference server on loopback).
 */
import { createAuth } from '@/auth'
import { createTimeline } from '@/composables/timeline'
import { createRequest } from '@/utils/request'

const baseURL = import.meta.env.VITE_API_BASE || (process.env.UNI_PLATFORM === 'h5' ? '' : 'http://127.0.0.1:8787')

export const auth = createAuth({
  refresh: { url: `${baseURL}/auth/refresh` },
  logout: { url: `${baseURL}/auth/logout` },
  autoRefresh: true,
})

/** What happened to each request and refresh, told by the public hooks; the home page draws it. */
export const timeline = createTimeline()
auth.onRefresh(timeline.onRefresh)

export const request = createRequest({ baseURL, auth, hooks: { onLifecycle: timeline.onLifecycle } })

/** The demo's own buttons (the reference server's /__control endpoints): no session, not on the timeline. */
export const control = createRequest({ baseURL, retry: 0 })

/** Pages that need a session; native tabBar taps are covered by `ensureLogin` in the page. */
export const NEED_LOGIN = ['/pages/me/me', /^\/pages\/order\//]

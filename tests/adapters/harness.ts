/**
 * The world each adapter is tested in: the mini program runtime (installed as the global `uni` that
 * the libraries call), a session on it, a scripted backend whose answers the test may hold and give
 * in any order, and a client: the real library with the adapter on it, as an app sets it up.
 */
import {
  type Auth,
  type AuthOptions,
  createAuth,
  type InstallOptions,
  installAuth,
  type LoginStateEvent,
} from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime, type HostName, type MiniProgramRuntime } from '../../src/testing/mp-runtime'
import type { Reply, ScriptedCall } from '../../src/testing/scripted-platform'
import { loadPeers, type Peers } from '../support/peers'

export const BASE = 'https://api.test'
export const REFRESH_URL = `${BASE}/auth/refresh`

export type RefreshMode = 'ok' | 'reject' | 'network' | 'token_updated'

/**
 * The backend: access tokens `at-N`, one generation valid at a time (and none while `expired`); the
 * refresh hands out the next. With `hold`, every call waits until the test answers it (`answer`).
 */
export interface Backend {
  gen: number
  expired: boolean
  refresh: RefreshMode
  hold: boolean
  refreshCalls: ScriptedCall[]
  apiCalls: ScriptedCall[]
  /** An API answer to give instead of the usual one (a 500, a session-over code...). */
  override?: (call: ScriptedCall) => Reply | undefined
  reply(call: ScriptedCall): Reply
  answer(call: ScriptedCall): void
}

export const tokenOf = (call: ScriptedCall): string | undefined => {
  const key = Object.keys(call.header).find((k) => k.toLowerCase() === 'authorization')
  return key ? call.header[key]?.replace(/^Bearer /, '') : undefined
}

export function createBackend(): Backend {
  const b: Backend = {
    gen: 1,
    expired: false,
    refresh: 'ok',
    hold: false,
    refreshCalls: [],
    apiCalls: [],
    reply(call) {
      if (call.url === REFRESH_URL) {
        switch (b.refresh) {
          case 'reject':
            return { statusCode: 401, data: { code: 'invalid_grant' } }
          case 'token_updated':
            return { statusCode: 401, data: { code: 'TOKEN_UPDATED' } }
          case 'network':
            return { fail: 'request:fail net::ERR_CONNECTION_RESET' }
          default:
            b.gen++
            b.expired = false
            return {
              statusCode: 200,
              data: { accessToken: `at-${b.gen}`, refreshToken: `rt-${b.gen}`, expiresIn: 3600 },
            }
        }
      }
      const custom = b.override && b.override(call)
      if (custom) return custom
      return tokenOf(call) === `at-${b.gen}` && !b.expired
        ? { statusCode: 200, data: { ok: true, url: call.url, token: tokenOf(call) } }
        : { statusCode: 401, data: { code: 'EXPIRED' } }
    },
    answer(call) {
      call.respond(b.reply(call))
    },
  }
  return b
}

/** What every adapter's client offers the tests. */
export interface Client {
  /** A GET through the library; resolves with the body (after the app's own response handling). */
  get(url: string, options?: { anonymous?: boolean }): Promise<unknown>
  /** How many answers the app's own response handler (added after the adapter) has seen. */
  appHandled: number
}

export type MakeClient = (peers: Peers, auth: Auth, options: { baseURL: string }) => Client

export interface World {
  runtime: MiniProgramRuntime
  backend: Backend
  auth: Auth
  client: Client
  events: LoginStateEvent[]
  flush(): Promise<void>
  close(): void
}

export async function boot(
  make: MakeClient,
  options: {
    at?: string
    install?: InstallOptions | false
    expiresIn?: number
    leeway?: number
    auth?: Partial<AuthOptions>
    /**
     * The host the app runs on (default WeChat). Elsewhere the libraries' global `uni` is uni's layer
     * over that host (the runtime's `api`), as in the app's compiled `common/vendor.js`.
     */
    host?: HostName
  } = {},
): Promise<World> {
  const peers = await loadPeers()
  const backend = createBackend()
  const runtime = createMiniProgramRuntime({
    pagesJson,
    host: options.host,
    handler: (call) => {
      ;(call.url === REFRESH_URL ? backend.refreshCalls : backend.apiCalls).push(call)
      return backend.hold ? undefined : backend.reply(call)
    },
  })
  const uninstall = runtime.install()
  const g = globalThis as { uni?: unknown }
  const hadUni = 'uni' in g
  const savedUni = g.uni
  if (runtime.hostName !== 'weixin') g.uni = runtime.api
  const close = () => {
    uninstall()
    if (runtime.hostName !== 'weixin') {
      if (hadUni) g.uni = savedUni
      else delete g.uni
    }
  }
  const auth = createAuth({
    platform: runtime.api,
    refresh: { url: REFRESH_URL },
    leeway: options.leeway,
    ...options.auth,
  })
  const events: LoginStateEvent[] = []
  auth.onLoginStateChanged((e) => events.push(e))
  auth.signIn({ accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: options.expiresIn ?? 3600 })
  if (options.install !== false) installAuth(auth, options.install)
  await runtime.launch(options.at)
  const client = make(peers, auth, { baseURL: BASE })
  const flush = async () => {
    for (let i = 0; i < 5; i++) await runtime.flush()
  }
  return { runtime, backend, auth, client, events, flush, close }
}

/** A fixed shuffle (a small LCG): "out of order", the same order every run. */
export function shuffle<T>(items: T[], seed = 7): T[] {
  const out = items.slice()
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Follows promises without awaiting them: how many settled, and how. */
export function track(promises: Promise<unknown>[]) {
  const t = {
    ok: [] as unknown[],
    failed: [] as unknown[],
    get settled() {
      return t.ok.length + t.failed.length
    },
  }
  for (const p of promises)
    p.then(
      (v) => t.ok.push(v),
      (e) => t.failed.push(e),
    )
  return t
}

export const pendingApi = (w: World) => w.backend.apiCalls.filter((c) => !c.settled)
export const pendingRefresh = (w: World) => w.backend.refreshCalls.filter((c) => !c.settled)

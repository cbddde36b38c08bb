/**
 * The real `@cloudbase/js-sdk` offline, in Node: its adapter interface (`useAdapters`) takes a
 * custom request class, which sends the SDK's calls through the Node platform (loopback only,
 * the `uni.request` API), and a storage kept in memory; `registerHost` points every endpoint at the
 * test backend (tests/support/cloudbase-backend.ts) over plain HTTP. Nothing else is replaced.
 */
import type { IRequestOptions, SDKAdapterInterface, WebSocketContructor } from '@cloudbase/adapter-interface'
import { createNodePlatform, type NodePlatform } from './node-platform'

type Cloudbase = typeof import('@cloudbase/js-sdk')

let loaded: Cloudbase | undefined

/**
 * The SDK's Node build. Loading it reads its Node adapter's WebSocket class, which prints an
 * install hint for the optional `ws` (realtime only, unused here) with `console.error`: kept off
 * the test output.
 */
export function loadCloudbase(): Cloudbase {
  if (loaded) return loaded
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    loaded = require('@cloudbase/js-sdk') as Cloudbase
  } finally {
    error.mockRestore()
  }
  return loaded
}

/** An adapter (`@cloudbase/adapter-interface`'s `CloudbaseAdapter`) whose requests go over loopback. */
export function loopbackAdapter(platform: NodePlatform = createNodePlatform()) {
  const storage = new Map<string, string>()
  const localStorage = {
    mode: 'sync' as const,
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, String(value)),
    removeItem: (key: string) => void storage.delete(key),
    clear: () => storage.clear(),
  }
  class LoopbackRequest {
    /** The SDK's auth calls it with `{ url, method, headers, body }`, the body as JSON text (`dealUserAdapter`). */
    private send(o: IRequestOptions, method: string) {
      return new Promise<{ statusCode: number; data: unknown; header: Record<string, string> }>((resolve, reject) => {
        platform.request({
          url: String(o.url),
          method: method as 'GET',
          header: { 'content-type': 'application/json', ...(o.headers as Record<string, string> | undefined) },
          data: method === 'GET' ? undefined : o.body,
          success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: res.header ?? {} }),
          // What the SDK retries on (`unreachable`) and tells its user.
          fail: (e) => reject({ error: 'unreachable', error_description: e.errMsg }),
        })
      })
    }
    get = (o: IRequestOptions) => this.send(o, 'GET')
    post = (o: IRequestOptions) => this.send(o, 'POST')
    put = (o: IRequestOptions) => this.send(o, 'PUT')
    patch = (o: IRequestOptions) => this.send(o, 'PATCH')
    delete = (o: IRequestOptions) => this.send(o, 'DELETE')
    upload = () => Promise.reject(new Error('loopback adapter: no uploads'))
    download = () => Promise.reject(new Error('loopback adapter: no downloads'))
  }
  // The SDK's realtime database would use it; nothing here does.
  const NoWebSocket = function NoWebSocket() {
    throw new Error('loopback adapter: no WebSocket')
  } as unknown as WebSocketContructor
  return {
    platform,
    storage,
    adapter: {
      runtime: 'uni-session-loopback',
      isMatch: () => true,
      genAdapter: (): SDKAdapterInterface => ({
        root: {},
        reqClass: LoopbackRequest,
        wsClass: NoWebSocket,
        localStorage,
        sessionStorage: localStorage,
      }),
    },
  }
}

/** A CloudBase app of the real SDK talking to `host` (`127.0.0.1:port`) over HTTP; `env` keeps apps apart. */
export function cloudbaseApp(host: string, env: string) {
  const cloudbase = loadCloudbase()
  const { adapter, storage, platform } = loopbackAdapter()
  cloudbase.useAdapters(adapter)
  const app = cloudbase.init({ env, clientId: env })
  app.registerHost(host, 'http')
  return { app, auth: app.auth(), storage, platform }
}

/**
 * A compiled uni-app mini program (dist/build/<target>), loaded as its host would load it, under
 * the project's mini program runtime with that host's profile, against the real reference server
 * over loopback.
 *
 * The runtime provides the host's own API object (`wx`, `my`, `tt`, `swan`, `qq`) and
 * `getCurrentPages`; this harness adds what a host defines for registering code: `App`, `Page`,
 * `Component` and `getApp`. The app's `common/vendor.js` (uni's layer for that host) turns the host
 * object into `uni`; the demo's session and pages are the compiled ones.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PlatformRequestOptions } from '../../src/auth/platform'
import {
  createMiniProgramRuntime,
  type HostName,
  type MiniProgramApi,
  type MiniProgramRuntime,
} from '../../src/testing/mp-runtime'
import { createNodePlatform } from './node-platform'
import { type RunningServer, startServer } from './server-process'
import { type Build, ensureMpBuild, type MpTarget } from './uni-build'

/** What the compiled app calls: the demo's API base for mini program builds. */
export const BUILT_BASE = 'http://127.0.0.1:8787'

export const HOST_OF: Record<MpTarget, HostName> = {
  'mp-weixin': 'weixin',
  'mp-alipay': 'alipay',
  'mp-toutiao': 'toutiao',
  'mp-baidu': 'baidu',
  'mp-qq': 'qq',
  'mp-harmony': 'harmony',
  'mp-kuaishou': 'kuaishou',
  'mp-jd': 'jd',
  'mp-lark': 'lark',
  'mp-xhs': 'xhs',
}

export interface CompiledSession {
  auth: import('../../src/auth').Auth
  request: import('../../src/utils/request').Requester
}

/** A page or component as the app registered it: through `Page()` or `Component()`. */
export interface Registration {
  file: string
  via: 'Page' | 'Component'
  options: Record<string, unknown>
}

export interface CompiledApp {
  target: MpTarget
  build: Build
  out: string
  runtime: MiniProgramRuntime
  server: RunningServer
  /** The app's options as it gave them to `App()`. */
  app: { onLaunch?(o: object): void; onShow?(o: object): void; $vm?: unknown }
  /** The compiled `uni` (uni's layer for this host, from common/vendor.js), typed as the runtime's. */
  uni: MiniProgramApi
  session(): CompiledSession
  /** A compiled module of the app, loaded with it: `session.js`, `store/auth.js`, `pages/login/login-form.js`. */
  load<T = Record<string, unknown>>(file: string): T
  /** How each page of app.json registered (`Page()` or `Component()`), by route. */
  pages: Map<string, Registration>
  /** Lets the runtime's callbacks and the server's answers run (the runtime's flush, several times). */
  settle(): Promise<void>
  close(): Promise<void>
}

interface AppJson {
  pages: string[]
  tabBar?: { list?: Array<{ pagePath: string }>; items?: Array<{ pagePath: string }> }
}

export interface StartOptions {
  /** Arguments for the reference server. */
  serverArgs?: string[]
  /** Runs before the app loads: set the runtime's account, modal answers, ... */
  before?(runtime: MiniProgramRuntime): void
}

/** The compiled modules the stories use, loaded with the app (one module registry per app: see below). */
const MODULES = ['common/vendor.js', 'session.js', 'store/auth.js', 'pages/login/login-form.js']

export async function startCompiledApp(target: MpTarget, options: StartOptions = {}): Promise<CompiledApp> {
  const build = ensureMpBuild(target)
  const server = await startServer(options.serverArgs ?? [])
  try {
    return await load(target, build, server, options)
  } catch (e) {
    // A server left running would keep jest from exiting.
    await server.stop()
    throw e
  }
}

async function load(
  target: MpTarget,
  build: Build,
  server: RunningServer,
  options: StartOptions,
): Promise<CompiledApp> {
  const { out } = build
  const node = createNodePlatform()
  // Alipay's app.json names the tab list `items`.
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')) as AppJson
  const tabs = appJson.tabBar?.list ?? appJson.tabBar?.items
  const runtime = createMiniProgramRuntime({
    host: HOST_OF[target],
    pagesJson: {
      pages: appJson.pages.map((path) => ({ path })),
      tabBar: tabs ? { list: tabs.map((t) => ({ pagePath: t.pagePath })) } : undefined,
    },
    // Requests leave the runtime over real HTTP, to the test server instead of the built-in base.
    handler: (call) => {
      const o = call.options as PlatformRequestOptions
      node.request({
        ...o,
        url: call.url.replace(BUILT_BASE, server.url),
        header: call.header,
        success: (res) => call.respond({ statusCode: res.statusCode, data: res.data, header: res.header }),
        fail: (err) => call.fail(err.errMsg),
      })
      return undefined
    },
  })
  const uninstall = runtime.install()
  const g = globalThis as Record<string, unknown>
  const registering = { file: '' }
  const registrations: Registration[] = []
  const register = (via: Registration['via']) => (options: Record<string, unknown>) => {
    registrations.push({ file: registering.file, via, options })
  }
  let app: CompiledApp['app'] = {}
  const globals = {
    App: (options: CompiledApp['app']) => {
      app = options
    },
    getApp: () => app,
    Page: register('Page'),
    Component: register('Component'),
  }
  const saved = Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(g, key)] as const)
  Object.assign(g, globals)

  options.before?.(runtime)
  // The app, its pages and the modules the stories use are loaded in a module registry of their own,
  // so that a test file can start a second app (a fresh launch) after closing the first.
  const modules = new Map<string, unknown>()
  const pages = new Map<string, Registration>()
  jest.isolateModules(() => {
    // As the host does: the app script first (it loads common/vendor.js), then the pages.
    require(join(out, 'app.js'))
    for (const route of appJson.pages) {
      registering.file = route
      const before = registrations.length
      require(join(out, `${route}.js`))
      const registration = registrations[before]
      if (registration) pages.set(route, registration)
    }
    for (const file of MODULES) modules.set(file, require(join(out, file)))
  })
  const home = appJson.pages[0] as string
  await runtime.launch(`/${home}`)
  const launch = { path: home, query: {}, scene: 1001 }
  app.onLaunch?.call(app, launch)
  app.onShow?.call(app, launch)
  const module = <T>(file: string): T => {
    if (!modules.has(file))
      throw new Error(`compiled app: ${file} is not among the modules loaded (${MODULES.join(', ')})`)
    return modules.get(file) as T
  }
  // A silent login at launch settles before the stories start.
  await module<CompiledSession>('session.js')
    .auth.getAccessToken()
    .catch(() => undefined)

  const compiled: CompiledApp = {
    target,
    build,
    out,
    runtime,
    server,
    get app() {
      return app
    },
    // The vendor exports uni as `index`; Lark's (uni-mp-lark) as `uni`.
    uni: ((vendor) => vendor.index ?? vendor.uni)(
      module<{ index?: CompiledApp['uni']; uni?: CompiledApp['uni'] }>('common/vendor.js'),
    ) as CompiledApp['uni'],
    session: () => module<CompiledSession>('session.js'),
    load: module,
    pages,
    async settle() {
      for (let i = 0; i < 5; i++) await runtime.flush()
    },
    async close() {
      // Signing out stops the demo session's autoRefresh timer, which would keep the process alive.
      await compiled.session().auth.signOut()
      uninstall()
      for (const [key, descriptor] of saved) {
        if (descriptor) Object.defineProperty(g, key, descriptor)
        else delete g[key]
      }
      await server.stop()
    },
  }
  return compiled
}

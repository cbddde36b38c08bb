/**
 * A consumer project's compiled mp-weixin output (its `dist/build/mp-weixin`), loaded as WeChat
 * loads it, under the project's mini program runtime (src/testing/mp-runtime.ts): the globals
 * `wx`, `App`, `Component`, `Page`, `getApp` and `getCurrentPages`, then `app.js` (which loads
 * `common/vendor.js`), then the app's onLaunch and onShow. Requests to the app's API origin go to
 * the reference server over loopback.
 *
 * The output's own modules (`session.js`, `store/auth.js`...) are reached with {@link
 * CompiledApp.module}: the test drives the app through them, as its pages would.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createMiniProgramRuntime, type MiniProgramRuntime, type RuntimeOptions } from '../../src/testing/mp-runtime'
import { createNodePlatform } from './node-platform'
import type { RunningServer } from './server-process'

interface AppOptions {
  onLaunch?(o: object): void
  onShow?(o: object): void
}

export interface CompiledApp {
  runtime: MiniProgramRuntime
  /** The options the app passed to App(). */
  app: AppOptions
  /** The options each page or component passed to Component() / Page(), by the module that registered it. */
  components: Map<string, unknown>
  /** A module of the output, by its path there (e.g. `session.js`). */
  module<T>(path: string): T
  /**
   * The app's `uni` (common/vendor.js's): its navigation runs the interceptors the app added
   * (`installAuth`'s route guard), as a page's `uni.navigateTo` does.
   */
  uni: MiniProgramRuntime['api']
  /** Lets answers, navigations and modals run. */
  settle(): Promise<void>
  /** Puts the globals back. */
  uninstall(): void
}

export interface CompiledAppOptions {
  /** The output folder (holds app.js and app.json). */
  out: string
  /** The API origin the app was built with; its requests go to `server` instead. */
  apiOrigin: string
  server: RunningServer
  /** The page the app launches on. @default the first page of app.json */
  launch?: string
  /** More runtime options (e.g. `locale: 'en'` for a phone set to English). */
  runtime?: Partial<RuntimeOptions>
  /** Runs before the app's script: e.g. what an earlier version of the app left in storage. */
  prepare?: (runtime: MiniProgramRuntime) => void
}

export async function launchCompiledApp(options: CompiledAppOptions): Promise<CompiledApp> {
  const { out, apiOrigin, server } = options
  const node = createNodePlatform()
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')) as {
    pages: string[]
    tabBar?: { list: Array<{ pagePath: string }> }
  }
  const runtime = createMiniProgramRuntime({
    pagesJson: { pages: appJson.pages.map((path) => ({ path })), tabBar: appJson.tabBar },
    handler: (call) => {
      if (!call.url.startsWith(apiOrigin)) {
        call.fail('request:fail the test reaches only the app API')
        return undefined
      }
      const o = call.options as Parameters<typeof node.request>[0]
      node.request({
        ...o,
        url: server.url + call.url.slice(apiOrigin.length),
        success: (res) => call.respond({ statusCode: res.statusCode, data: res.data, header: res.header }),
        fail: (err) => call.fail(err.errMsg),
      })
      return undefined
    },
    ...options.runtime,
  })
  options.prepare?.(runtime)
  const uninstallRuntime = runtime.install()
  const g = globalThis as Record<string, unknown>
  const saved = Object.fromEntries(['App', 'getApp', 'Component', 'Page'].map((k) => [k, g[k]]))
  let app: AppOptions = {}
  const components = new Map<string, unknown>()
  g.App = (definition: AppOptions) => {
    app = definition
  }
  g.getApp = () => app
  g.Component = (definition: unknown) => {
    components.set(String(g.__loading ?? components.size), definition)
  }
  g.Page = g.Component

  // Like WeChat: the app script first (it loads common/vendor.js), then onLaunch and onShow.
  require(join(out, 'app.js'))
  const launch = options.launch ?? `/${appJson.pages[0]}`
  await runtime.launch(launch)
  const [path, query = ''] = launch.slice(1).split('?')
  const launchOptions = { path, query: Object.fromEntries(new URLSearchParams(query)), scene: 1001 }
  app.onLaunch?.call(app, launchOptions)
  app.onShow?.call(app, launchOptions)

  return {
    runtime,
    get app() {
      return app
    },
    components,
    module: <T>(path: string) => require(join(out, path)) as T,
    get uni() {
      return (require(join(out, 'common', 'vendor.js')) as { index: MiniProgramRuntime['api'] }).index
    },
    async settle() {
      for (let i = 0; i < 5; i++) await runtime.flush()
    },
    uninstall() {
      uninstallRuntime()
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete g[k]
        else g[k] = v
      }
    },
  }
}

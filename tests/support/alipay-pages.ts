/**
 * Alipay's `Page()` over the mini program runtime, for the native Alipay example: a
 * page file registers its definition with `Page({ data, onLoad, onShow, ...handlers })`; the runtime
 * opens pages and this host makes an instance per open page (`data`, `setData`, `route`) and runs its
 * hooks. `getCurrentPages()` answers those instances as Alipay does: a `route` and no query.
 * Small and self-contained on purpose: the runtime underneath is `wx`-shaped.
 */
import { join } from 'node:path'
import type { MiniProgramRuntime, RuntimePage } from '../../src/testing/mp-runtime'

// biome-ignore lint/suspicious/noExplicitAny: a page definition holds whatever the page declares
export type PageDefinition = Record<string, any> & { data?: Record<string, unknown> }

/** An open page as the example's code sees it (`this`). */
export interface PageInstance extends PageDefinition {
  route: string
  data: Record<string, unknown>
  setData(patch: Record<string, unknown>): void
}

export interface AlipayPages {
  /** The instance on top of the stack. */
  top(): PageInstance | undefined
  /** The instance of a runtime page. */
  of(page: RuntimePage): PageInstance | undefined
  /** Alipay's global `getCurrentPages()`: the open instances, bottom first. */
  getCurrentPages(): PageInstance[]
  /** Runs a page method as the runtime would; what it throws or rejects with lands in `errors`. */
  call(instance: PageInstance, name: string, ...args: unknown[]): unknown
  errors: unknown[]
}

/**
 * Registers `Page` on `globals`, loads each page file of `root` once (`pages/x/x.js`) and defines
 * the pages on `runtime` (`App` is the test's).
 */
export function hostAlipayPages(
  runtime: MiniProgramRuntime,
  root: string,
  routes: readonly string[],
  globals: Record<string, unknown>,
): AlipayPages {
  const definitions = new Map<string, PageDefinition>()
  const instances = new Map<RuntimePage, PageInstance>()
  let loading = ''
  globals.Page = (definition: PageDefinition) => {
    if (!loading) throw new Error('Page() called outside a page file')
    definitions.set(loading, definition)
  }

  const pages: AlipayPages = {
    errors: [],
    top: () => {
      const page = runtime.current()
      return page && instances.get(page)
    },
    of: (page) => instances.get(page),
    getCurrentPages: () =>
      runtime.api
        .getCurrentPages()
        .map((p) => instances.get(p))
        .filter((i): i is PageInstance => !!i),
    call(instance, name, ...args) {
      const method = instance[name]
      if (typeof method !== 'function') return undefined
      try {
        const result = method.apply(instance, args)
        if (result && typeof result.then === 'function') {
          return result.then(undefined, (e: unknown) => void pages.errors.push(e))
        }
        return result
      } catch (e) {
        pages.errors.push(e)
      }
    },
  }

  for (const route of routes) {
    loading = route
    require(join(root, `${route}.js`))
    loading = ''
    const definition = definitions.get(route)
    if (!definition) throw new Error(`${route}.js registered no Page()`)
    runtime.definePage(route, {
      onLoad(query) {
        const instance = Object.create(definition) as PageInstance
        instance.route = route
        instance.data = JSON.parse(JSON.stringify(definition.data || {}))
        instance.setData = (patch) => Object.assign(instance.data, patch)
        instances.set(this, instance)
        pages.call(instance, 'onLoad', query)
      },
      onShow() {
        const instance = instances.get(this)
        if (instance) pages.call(instance, 'onShow')
      },
      onHide() {
        const instance = instances.get(this)
        if (instance) pages.call(instance, 'onHide')
      },
      onUnload() {
        const instance = instances.get(this)
        if (instance) pages.call(instance, 'onUnload')
        instances.delete(this)
      },
    })
  }
  return pages
}

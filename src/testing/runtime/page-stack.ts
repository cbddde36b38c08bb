/**
 * The page stack and each page's lifecycle: pages open with onLoad, onShow, onReady; a page
 * covered by another hides; closing unloads. Tab pages stay alive (hidden) after switching away,
 * until reLaunch or redirectTo closes them. Every hook is logged (`events`).
 */
import { type AppConfig, stripSlash, type Target } from './app-config'
import type { Scheduler } from './scheduler'

/** A page as `getCurrentPages()` returns it. */
export interface RuntimePage {
  /** 'pages/x/y': no leading slash, like WeChat. */
  route: string
  /** The decoded query the page was opened with. */
  options: Record<string, string>
  /** Not in WeChat: the URL the page was opened with, leading slash, query as given. */
  url: string
  /** onLoad ran. */
  loaded: boolean
  /** On screen: onShow ran and no onHide / onUnload since. */
  visible: boolean
  /** onUnload ran: the page is closed. */
  unloaded: boolean
}

/** Page lifecycle hooks; `this` is the page. */
export interface PageHooks {
  onLoad?(this: RuntimePage, query: Record<string, string>): void
  onShow?(this: RuntimePage): void
  onReady?(this: RuntimePage): void
  onHide?(this: RuntimePage): void
  onUnload?(this: RuntimePage): void
}

export type PageHookName = keyof PageHooks

export interface PageStack {
  /** Bottom first. */
  readonly pages: RuntimePage[]
  /** Lifecycle log, in order: 'pages/x/y onLoad', ..., 'app onShow' (the app's own are added by the lifecycle). */
  readonly events: string[]
  top(): RuntimePage | undefined
  /** Hooks for a page of the app (route with or without leading slash); throws for an unknown page. */
  define(route: string, hooks: PageHooks): void
  /** Pushes a new page: onLoad, onShow, onReady. */
  open(target: Target): void
  /** onUnload, then off the stack (it is still listed during onUnload). */
  closeTop(): void
  /** Every page closed, tab pages kept alive included. */
  closeAll(): void
  hideTop(): void
  showTop(): void
  /** To a tab page: every other page closes, tab pages are hidden and kept; a live tab is shown again. */
  switchTo(route: string): void
}

export function createPageStack(config: AppConfig, scheduler: Scheduler): PageStack {
  const pages: RuntimePage[] = []
  const events: string[] = []
  const liveTabs = new Map<string, RuntimePage>()
  const definitions = new Map<string, PageHooks>()
  const top = () => pages[pages.length - 1]

  function hook(page: RuntimePage, name: PageHookName, query?: Record<string, string>) {
    if (name === 'onLoad') page.loaded = true
    else if (name === 'onShow') page.visible = true
    else if (name === 'onHide') page.visible = false
    else if (name === 'onUnload') {
      page.visible = false
      page.unloaded = true
    }
    events.push(`${page.route} ${name}`)
    const hooks = definitions.get(page.route)
    scheduler.safe(() => {
      if (name === 'onLoad') hooks?.onLoad?.call(page, query ?? {})
      else hooks?.[name]?.call(page)
    })
  }

  const stack: PageStack = {
    pages,
    events,
    top,
    define(route, hooks) {
      const r = stripSlash(route)
      if (!config.isPage(r)) throw new Error(`mp-runtime: page "${r}" is not in pages.json`)
      definitions.set(r, hooks)
    },
    open(target) {
      const page: RuntimePage = {
        route: target.route,
        options: target.query,
        url: `/${target.route}${target.search ? `?${target.search}` : ''}`,
        loaded: false,
        visible: false,
        unloaded: false,
      }
      pages.push(page)
      if (config.isTab(page.route)) liveTabs.set(page.route, page)
      hook(page, 'onLoad', { ...target.query })
      hook(page, 'onShow')
      hook(page, 'onReady')
    },
    closeTop() {
      const page = top()
      if (!page) return
      hook(page, 'onUnload')
      pages.pop()
      if (liveTabs.get(page.route) === page) liveTabs.delete(page.route)
    },
    closeAll() {
      while (pages.length) stack.closeTop()
      for (const page of [...liveTabs.values()]) hook(page, 'onUnload')
      liveTabs.clear()
    },
    hideTop() {
      const page = top()
      if (page?.visible) hook(page, 'onHide')
    },
    showTop() {
      const page = top()
      if (page && !page.visible) hook(page, 'onShow')
    },
    switchTo(route) {
      const current = top()
      if (pages.length === 1 && current?.route === route) return stack.showTop()
      while (pages.length) {
        const page = top() as RuntimePage
        if (liveTabs.get(page.route) === page) {
          if (page.visible) hook(page, 'onHide')
          pages.pop()
        } else stack.closeTop()
      }
      const alive = liveTabs.get(route)
      if (alive) {
        pages.push(alive)
        stack.showTop()
      } else stack.open({ route, search: '', query: {} })
    },
  }
  return stack
}

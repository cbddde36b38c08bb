/**
 * The app's lifecycle: launch (the app's onShow listeners, then the first page), going to the
 * background (the page hides, then the app) and coming back (the app shows, then the page).
 */
import { type AppConfig, resolveUrl } from './app-config'
import type { PageStack } from './page-stack'
import type { Scheduler } from './scheduler'

export interface AppShowResult {
  path: string
  query: Record<string, string>
  scene: number
}

export interface Lifecycle {
  /** Launched and in the foreground. */
  readonly visible: boolean
  onAppShow(listener: (res: AppShowResult) => void): void
  offAppShow(listener: (res: AppShowResult) => void): void
  onAppHide(listener: () => void): void
  offAppHide(listener: () => void): void
  /** What the host would say the app was launched with (`getLaunchOptionsSync`). */
  launchOptions(): AppShowResult
  /** Starts the app on `url` (default home) as the only page: app onShow listeners, then onLoad/onShow/onReady. */
  launch(url?: string): void
  /** To the background: current page onHide, then app onHide listeners. */
  hide(): void
  /** To the foreground: app onShow listeners, then current page onShow. */
  show(): void
}

export function createLifecycle(config: AppConfig, stack: PageStack, scheduler: Scheduler): Lifecycle {
  let visible = false
  let launched: AppShowResult = { path: config.home, query: {}, scene: 1001 }
  const showListeners = new Set<(res: AppShowResult) => void>()
  const hideListeners = new Set<() => void>()

  function runShow(res: AppShowResult) {
    visible = true
    stack.events.push('app onShow')
    for (const listener of [...showListeners]) scheduler.safe(() => listener(res))
  }

  return {
    get visible() {
      return visible
    },
    onAppShow: (listener) => void showListeners.add(listener),
    offAppShow: (listener) => void showListeners.delete(listener),
    onAppHide: (listener) => void hideListeners.add(listener),
    offAppHide: (listener) => void hideListeners.delete(listener),
    launchOptions: () => ({ ...launched, query: { ...launched.query } }),
    launch(url = `/${config.home}`) {
      const target = resolveUrl(url)
      if (!config.isPage(target.route)) throw new Error(`mp-runtime: launch: page "${target.route}" is not found`)
      stack.closeAll()
      launched = { path: target.route, query: { ...target.query }, scene: 1001 }
      runShow({ ...launched, query: { ...launched.query } })
      stack.open(target)
    },
    hide() {
      if (!visible) return
      stack.hideTop()
      visible = false
      stack.events.push('app onHide')
      for (const listener of [...hideListeners]) scheduler.safe(() => listener())
    },
    show() {
      if (visible) return
      const page = stack.top()
      runShow({ path: page?.route ?? config.home, query: { ...page?.options }, scene: 1001 })
      stack.showTop()
    },
  }
}

/**
 * What a page puts on screen besides modals and toasts, as uni-app apps call it at launch and on
 * every page: the loading overlay, action sheets, the navigation bar, the tabBar's badges and red
 * dots, pull-down refresh and page scrolling. State is kept so that tests can read it; each call
 * answers `{ errMsg: '<api>:ok' }` on a later microtask.
 *
 * Sources (the WeChat shapes uni-app follows): developers.weixin.qq.com/miniprogram/dev/api/ui/
 * interaction (wx.showLoading / hideLoading / hideToast: loading and toast share one overlay, so one
 * replaces the other; wx.showActionSheet: `itemList` of at most 6, answers `{ tapIndex }`, a cancel
 * fails with 'showActionSheet:fail cancel'), ui/navigation-bar (setNavigationBarTitle,
 * setNavigationBarColor `{ frontColor, backgroundColor }`, show/hideNavigationBarLoading), ui/tab-bar
 * (setTabBarBadge, removeTabBarBadge, showTabBarRedDot, hideTabBarRedDot, setTabBarItem,
 * setTabBarStyle, showTabBar, hideTabBar; on a page without the tabBar they fail with
 * '<api>:fail not TabBar page'), ui/pull-down-refresh, ui/scroll (pageScrollTo); uni-app's
 * interface pages of the same names (uniapp.dcloud.net.cn/api/ui/...).
 */
import type { Args } from './callbacks'
import type { PageStack } from './page-stack'

/** The overlay `showToast` and `showLoading` share: at most one shows. */
export interface Overlay {
  kind: 'toast' | 'loading'
  title: string
}

export interface ActionSheetCall {
  itemList: string[]
  /** The index tapped, or 'cancel'. */
  answer: number | 'cancel'
}

export interface NavigationBar {
  title?: string
  frontColor?: string
  backgroundColor?: string
  loading: boolean
}

export interface TabBarState {
  hidden: boolean
  /** Badge text by item index. */
  badges: Map<number, string>
  redDots: Set<number>
  /** `setTabBarItem` calls by index: what the item was given. */
  items: Map<number, Record<string, unknown>>
  style: Record<string, unknown>
}

/** How action sheets are answered: the index tapped, or 'cancel'. */
export type ActionSheetAnswer = number | 'cancel'

export interface Screen {
  /** The loading or toast showing now, if any. */
  overlay: Overlay | null
  readonly actionSheets: ActionSheetCall[]
  actionSheetAnswer: ActionSheetAnswer
  /** The navigation bar of each page that set one, by route ('pages/x/y'). */
  readonly navigationBars: Map<string, NavigationBar>
  readonly tabBar: TabBarState
  pullDownRefreshing: boolean
  /** `pageScrollTo` targets, in order. */
  readonly scrolls: Array<Record<string, unknown>>
}

export function createScreen(): Screen {
  return {
    overlay: null,
    actionSheets: [],
    actionSheetAnswer: 0,
    navigationBars: new Map(),
    tabBar: { hidden: false, badges: new Map(), redDots: new Set(), items: new Map(), style: {} },
    pullDownRefreshing: false,
    scrolls: [],
  }
}

/** An API's outcome: ok with extra fields, or a failure reason. */
export type Outcome = { ok: true; res?: Record<string, unknown> } | { ok: false; reason: string }

const OK: Outcome = { ok: true }

/**
 * The screen APIs by name: each takes the call's options and returns its outcome; the caller
 * answers the callbacks. `isTabPage` tells whether the top page shows the tabBar.
 */
export function screenApis(
  screen: Screen,
  stack: PageStack,
  isTabPage: () => boolean,
): Record<string, (a: Args) => Outcome> {
  const bar = () => {
    const route = stack.top()?.route ?? ''
    let current = screen.navigationBars.get(route)
    if (!current) {
      current = { loading: false }
      screen.navigationBars.set(route, current)
    }
    return current
  }
  const onTabPage = (run: () => void): Outcome => {
    if (!isTabPage()) return { ok: false, reason: 'not TabBar page' }
    run()
    return OK
  }
  const index = (a: Args) => Number(a.index)
  return {
    showLoading(a) {
      screen.overlay = { kind: 'loading', title: String(a.title ?? '') }
      return OK
    },
    hideLoading() {
      if (screen.overlay?.kind === 'loading') screen.overlay = null
      return OK
    },
    hideToast() {
      if (screen.overlay?.kind === 'toast') screen.overlay = null
      return OK
    },
    showActionSheet(a) {
      const itemList = ((a.itemList as unknown[]) ?? []).map(String)
      if (!itemList.length || itemList.length > 6) return { ok: false, reason: 'parameter error: itemList' }
      const answer = screen.actionSheetAnswer
      screen.actionSheets.push({ itemList, answer })
      return answer === 'cancel' ? { ok: false, reason: 'cancel' } : { ok: true, res: { tapIndex: answer } }
    },
    setNavigationBarTitle(a) {
      bar().title = String(a.title ?? '')
      return OK
    },
    setNavigationBarColor(a) {
      Object.assign(bar(), { frontColor: a.frontColor, backgroundColor: a.backgroundColor })
      return OK
    },
    showNavigationBarLoading() {
      bar().loading = true
      return OK
    },
    hideNavigationBarLoading() {
      bar().loading = false
      return OK
    },
    setTabBarBadge: (a) => onTabPage(() => screen.tabBar.badges.set(index(a), String(a.text ?? ''))),
    removeTabBarBadge: (a) => onTabPage(() => screen.tabBar.badges.delete(index(a))),
    showTabBarRedDot: (a) => onTabPage(() => screen.tabBar.redDots.add(index(a))),
    hideTabBarRedDot: (a) => onTabPage(() => screen.tabBar.redDots.delete(index(a))),
    setTabBarItem: (a) =>
      onTabPage(() => {
        const { index: i, success: _s, fail: _f, complete: _c, ...item } = a
        screen.tabBar.items.set(Number(i), item)
      }),
    setTabBarStyle: (a) =>
      onTabPage(() => {
        const { success: _s, fail: _f, complete: _c, ...style } = a
        Object.assign(screen.tabBar.style, style)
      }),
    showTabBar: () =>
      onTabPage(() => {
        screen.tabBar.hidden = false
      }),
    hideTabBar: () =>
      onTabPage(() => {
        screen.tabBar.hidden = true
      }),
    startPullDownRefresh() {
      screen.pullDownRefreshing = true
      return OK
    },
    stopPullDownRefresh() {
      screen.pullDownRefreshing = false
      return OK
    },
    pageScrollTo(a) {
      const { success: _s, fail: _f, complete: _c, ...to } = a
      screen.scrolls.push(to)
      return OK
    },
  }
}

/**
 * uni-app APIs a page may call that the runtime does not provide: reading one gives a function that
 * throws an error naming it (instead of `undefined is not a function`), so that a test knows what to
 * stub. Names the module or uni's compiled layers probe with `typeof` (getAppBaseInfo, pay, ...) are
 * left out: for them, absent stays absent.
 */
export const UNPROVIDED_APIS = [
  'chooseImage',
  'chooseMedia',
  'chooseVideo',
  'previewImage',
  'getImageInfo',
  'saveImageToPhotosAlbum',
  'compressImage',
  'chooseFile',
  'chooseLocation',
  'getLocation',
  'openLocation',
  'scanCode',
  'makePhoneCall',
  'setClipboardData',
  'getClipboardData',
  'vibrateShort',
  'vibrateLong',
  'getNetworkType',
  'onNetworkStatusChange',
  'requestPayment',
  'getUserProfile',
  'getUserInfo',
  'getSetting',
  'openSetting',
  'authorize',
  'requestSubscribeMessage',
  'connectSocket',
  'onSocketOpen',
  'onSocketMessage',
  'sendSocketMessage',
  'closeSocket',
  'createSelectorQuery',
  'createIntersectionObserver',
  'createAnimation',
  'createVideoContext',
  'createCanvasContext',
  'getStorageInfoSync',
  'shareAppMessage',
  'showShareMenu',
  'hideShareMenu',
  'setKeepScreenOn',
  'getBatteryInfo',
  'hideKeyboard',
  'loadFontFace',
  'preloadPage',
  'navigateToMiniProgram',
  'navigateBackMiniProgram',
  'getAccountInfoSync',
  'getUpdateManager',
  'openDocument',
  'saveFile',
  'getFileSystemManager',
] as const

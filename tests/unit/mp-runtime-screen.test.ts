/**
 * The testing runtime's screen APIs (issue 20, item 14): what a real app calls at launch and on its
 * pages (loading, toasts, action sheets, the navigation bar, the tabBar), so that an app loads under
 * `uni-session/testing` without stubs; and an API the runtime does not provide fails naming itself.
 */
import { createMiniProgramRuntime, type MiniProgramRuntime, type PagesJson } from '../../src/testing/mp-runtime'

const pagesJson: PagesJson = {
  pages: [{ path: 'pages/index/index' }, { path: 'pages/login/login' }, { path: 'pages/me/me' }],
  tabBar: { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/me/me' }] },
}

let runtime: MiniProgramRuntime

beforeEach(async () => {
  runtime = createMiniProgramRuntime({ pagesJson })
  await runtime.launch()
})

/** One callback call: `{ ok, res }`. */
const call = (fn: unknown, options: Record<string, unknown> = {}) =>
  new Promise<{ ok: boolean; res: Record<string, unknown> }>((resolve) => {
    ;(fn as (o: object) => void)({
      ...options,
      success: (res: Record<string, unknown>) => resolve({ ok: true, res }),
      fail: (res: Record<string, unknown>) => resolve({ ok: false, res }),
    })
  })

test('a launch that shows a loading, sets the title and hides the loading runs, each call answering ok', async () => {
  const { api, screen } = runtime
  await expect(api.showLoading({ title: '加载中', mask: true })).resolves.toEqual({ errMsg: 'showLoading:ok' })
  expect(screen.overlay).toEqual({ kind: 'loading', title: '加载中' })
  await expect(api.setNavigationBarTitle({ title: '首页' })).resolves.toEqual({ errMsg: 'setNavigationBarTitle:ok' })
  await api.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: '#007aff' })
  await api.showNavigationBarLoading()
  expect(screen.navigationBars.get('pages/index/index')).toEqual({
    title: '首页',
    frontColor: '#ffffff',
    backgroundColor: '#007aff',
    loading: true,
  })
  await api.hideNavigationBarLoading()
  await expect(api.hideLoading()).resolves.toEqual({ errMsg: 'hideLoading:ok' })
  expect(screen.overlay).toBeNull()
  await api.stopPullDownRefresh()
  await api.pageScrollTo({ scrollTop: 0, duration: 0 })
  expect(screen.scrolls).toEqual([{ scrollTop: 0, duration: 0 }])
})

test('a toast replaces the loading (one overlay), and hideToast hides a toast, not a loading', async () => {
  const { api, screen } = runtime
  await api.showLoading({ title: 'a' })
  await api.showToast({ title: 'saved' })
  expect(screen.overlay).toEqual({ kind: 'toast', title: 'saved' })
  await api.showLoading({ title: 'b' })
  await api.hideToast()
  expect(screen.overlay).toEqual({ kind: 'loading', title: 'b' })
})

test("an action sheet answers the tapIndex set for it; a cancel fails with 'showActionSheet:fail cancel'", async () => {
  const { api, screen } = runtime
  screen.actionSheetAnswer = 1
  await expect(call(api.showActionSheet, { itemList: ['拍照', '相册'] })).resolves.toEqual({
    ok: true,
    res: { tapIndex: 1, errMsg: 'showActionSheet:ok' },
  })
  screen.actionSheetAnswer = 'cancel'
  await expect(call(api.showActionSheet, { itemList: ['拍照'] })).resolves.toEqual({
    ok: false,
    res: { errMsg: 'showActionSheet:fail cancel' },
  })
  expect(screen.actionSheets.map((s) => s.answer)).toEqual([1, 'cancel'])
})

test("tabBar badges and red dots are set on a tab page; elsewhere they fail with 'not TabBar page'", async () => {
  const { api, screen } = runtime
  await expect(call(api.setTabBarBadge, { index: 1, text: '3' })).resolves.toMatchObject({ ok: true })
  await call(api.showTabBarRedDot, { index: 0 })
  expect([...screen.tabBar.badges]).toEqual([[1, '3']])
  expect([...screen.tabBar.redDots]).toEqual([0])
  await call(api.navigateTo, { url: '/pages/login/login' })
  await expect(call(api.setTabBarBadge, { index: 1, text: '4' })).resolves.toEqual({
    ok: false,
    res: { errMsg: 'setTabBarBadge:fail not TabBar page' },
  })
  expect(screen.tabBar.badges.get(1)).toBe('3')
})

test("uni's async storage calls (which uni's compiled layers use for their device id) keep data; a missing key fails", async () => {
  const { api } = runtime
  await expect(call(api.setStorage, { key: 'k', data: { a: 1 } })).resolves.toMatchObject({ ok: true })
  await expect(call(api.getStorage, { key: 'k' })).resolves.toEqual({
    ok: true,
    res: { data: { a: 1 }, errMsg: 'getStorage:ok' },
  })
  await call(api.removeStorage, { key: 'k' })
  await expect(call(api.getStorage, { key: 'k' })).resolves.toEqual({
    ok: false,
    res: { errMsg: 'getStorage:fail data not found' },
  })
})

test('an API the runtime does not provide fails with an error naming it, not "undefined is not a function"', () => {
  const api = runtime.api as unknown as Record<string, (o?: object) => void>
  expect(() => api.getNetworkType?.({})).toThrow(
    /^mp-runtime: getNetworkType\(\) is not provided by the test runtime .*runtime\.api\.getNetworkType = /,
  )
  // A stub the test gives wins.
  api.getNetworkType = (o?: object) => (o as { success(r: object): void }).success({ networkType: 'wifi' })
  const seen: unknown[] = []
  api.getNetworkType({ success: (r: unknown) => seen.push(r) })
  expect(seen).toEqual([{ networkType: 'wifi' }])
})

test('what the module probes with typeof stays absent (getAppBaseInfo), so feature detection still works', () => {
  expect(typeof (runtime.api as unknown as Record<string, unknown>).getAppBaseInfo).toBe('undefined')
})

/**
 * The app's chrome in its language: the navigation bar's title, and the tab bar's texts (pages.json
 * holds the Chinese defaults; a mini program compiles them in, so they are set again at run time).
 * Call from a page's `onShow`; the tab bar texts only change from a tab page (WeChat's rule).
 */
import type { Messages } from '@/i18n'

export function localizeChrome(title: string, m: Messages, tabPage = true): void {
  uni.setNavigationBarTitle({ title })
  if (!tabPage) return
  const texts = [m.nav.home, m.nav.me]
  for (let index = 0; index < texts.length; index++) {
    // Fails quietly where there is no tab bar (a page opened on its own).
    uni.setTabBarItem({ index, text: texts[index] as string, fail: () => undefined })
  }
}

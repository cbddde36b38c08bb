/** The app's locale and the system information that carries the host's language. */

export interface SystemInfo {
  /** WeChat's language: 'zh_CN', 'zh_TW', 'en', ... */
  language: string
  /** uni-app's: the locale `getLocale()` returns. */
  appLanguage: string
  platform: string
}

export interface System {
  locale: string
  info(): SystemInfo
}

/** WeChat's `language` for a uni locale. */
export function wechatLanguage(locale: string): string {
  const l = locale.toLowerCase()
  if (l.startsWith('zh')) return /hant|tw|hk|mo/.test(l) ? 'zh_TW' : 'zh_CN'
  if (l.startsWith('en')) return 'en'
  return locale.replace(/-/g, '_')
}

/**
 * `locale` is the phone's language, and the app's until it calls `setLocale`: as in uni-mp-weixin
 * (`dist/uni.api.esm.js`), where `getLocale()` starts as the host's `language` and `setLocale`
 * changes the app's locale only, never the system's.
 */
export function createSystem(locale = 'zh-Hans'): System {
  const language = wechatLanguage(locale)
  const system: System = {
    locale,
    info: () => ({ language, appLanguage: system.locale, platform: 'devtools' }),
  }
  return system
}

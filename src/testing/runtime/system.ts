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

export function createSystem(locale = 'zh-Hans'): System {
  const system: System = {
    locale,
    info: () => ({ language: wechatLanguage(system.locale), appLanguage: system.locale, platform: 'devtools' }),
  }
  return system
}

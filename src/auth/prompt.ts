import type { CredentialsErrorReason } from './errors'
import type { Platform } from './platform'

/** The texts of one prompt. */
export interface PromptText {
  title: string
  content: string
  confirmText: string
  cancelText: string
}

export type PromptTexts = Record<string, Partial<Record<CredentialsErrorReason, Partial<PromptText>>>>

/** Chinese first: it is the default, and the fallback for any text a locale lacks. */
export const DEFAULT_TEXTS: Record<'zh' | 'en', Record<CredentialsErrorReason, PromptText>> = {
  zh: {
    refresh_token_expired: {
      title: '登录已过期',
      content: '请重新登录后继续。',
      confirmText: '去登录',
      cancelText: '取消',
    },
    token_updated: {
      title: '账号已在其他设备登录',
      content: '如非本人操作，请重新登录并修改密码。',
      confirmText: '重新登录',
      cancelText: '取消',
    },
    kicked_out: {
      title: '账号已被强制下线',
      content: '如有疑问，请联系管理员。',
      confirmText: '重新登录',
      cancelText: '取消',
    },
    token_frozen: {
      title: '登录已冻结',
      content: '长时间未操作，登录已被冻结，请重新登录。',
      confirmText: '重新登录',
      cancelText: '取消',
    },
  },
  en: {
    refresh_token_expired: {
      title: 'Login expired',
      content: 'Please sign in again to continue.',
      confirmText: 'Sign in',
      cancelText: 'Cancel',
    },
    token_updated: {
      title: 'Signed in on another device',
      content: "If this wasn't you, sign in again and change your password.",
      confirmText: 'Sign in',
      cancelText: 'Cancel',
    },
    kicked_out: {
      title: 'Signed out by an administrator',
      content: 'If you have questions, contact your administrator.',
      confirmText: 'Sign in',
      cancelText: 'Cancel',
    },
    token_frozen: {
      title: 'Session frozen',
      content: 'Your session was frozen after a period of inactivity. Please sign in again.',
      confirmText: 'Sign in',
      cancelText: 'Cancel',
    },
  },
}

/** The texts for a reason in a locale: overrides first, then the locale's defaults, then Chinese. */
export function promptText(reason: CredentialsErrorReason, locale: string, overrides?: PromptTexts): PromptText {
  const lang = /^en/i.test(locale) ? 'en' : 'zh'
  const pick = (texts: PromptTexts | undefined, l: string) => (texts && texts[l] && texts[l][reason]) || {}
  return Object.assign(
    {},
    pick(DEFAULT_TEXTS, 'zh'),
    pick(overrides, 'zh'),
    pick(DEFAULT_TEXTS, lang),
    pick(overrides, lang),
    pick(overrides, locale),
  ) as PromptText
}

/** A locale's language: `zh-Hans`, `zh_CN` -> `zh`; `en-US` -> `en`. */
const language = (locale: string) => locale.toLowerCase().split(/[-_]/)[0] as string

/**
 * The prompts' locale: the app's own (`locale` given, or a function), else the one the app chose
 * through uni (manifest `locale` on H5, `uni.setLocale` anywhere), else Chinese. Not the system's:
 * uni's `getLocale()` answers the system language when the app chose nothing (uni-mp-weixin
 * `dist/uni.api.esm.js`: `getLocale` -> `app.$vm.$locale`, which starts as `getLocaleLanguage()`,
 * the host's `language`), and a Chinese-only app should not prompt in English on an English phone.
 */
export function promptLocale(platform: Platform, given?: string | (() => string)): string {
  if (given) return typeof given === 'function' ? given() || 'zh' : given
  try {
    const app = platform.getLocale && platform.getLocale()
    const info = platform.getAppBaseInfo
      ? platform.getAppBaseInfo()
      : platform.getSystemInfoSync
        ? platform.getSystemInfoSync()
        : {}
    const system = (info && info.language) || ''
    if (app && (!system || language(app) !== language(system))) return app
  } catch {
    // some runtimes throw outside a page; the default is Chinese
  }
  return 'zh'
}

/**
 * What `App.onLaunch` calls: the prompt on `credentials_error`, the route
 * guard, the refresh on return from the background, and silent login.
 */

import type { CredentialsErrorReason } from './errors'
import { check, DEV, functionOption } from './options'
import { currentPages, type LoginProvider, loginProvider, type NavigateOptions, type Platform } from './platform'
import { type PromptText, type PromptTexts, promptLocale, promptText } from './prompt'
import { resolveURL, slash } from './routes'
import type { Auth } from './session'

/** What an app's own `prompt` gets: why the session ended, and the texts in the app's locale. */
export interface PromptContext {
  reason: CredentialsErrorReason
  /** The texts for this reason in the app's locale (your `texts` applied). */
  text: PromptText
  locale: string
}

export interface InstallOptions {
  /**
   * On `credentials_error`: `true` shows a modal (confirm -> the login page); `false` shows
   * nothing (listen to `onLoginStateChanged` yourself); a function is your own prompt, and
   * resolves `true` to go to the login page. One prompt at a time, none on the login page.
   * @default true
   */
  prompt?: boolean | ((context: PromptContext) => boolean | undefined | Promise<boolean | undefined>)
  /**
   * What Cancel does: `'stay'` keeps the user on the page, signed out (public requests go on);
   * `'login'` goes to the login page all the same. @default 'stay'
   */
  cancel?: 'stay' | 'login'
  /**
   * The prompts' locale: `'zh'`, `'en'` (or any locale your `texts` have), or a function asked at
   * each prompt (e.g. `() => i18n.global.locale.value`).
   * @default `uni.getLocale()` when it differs from the system language (the app chose it: manifest `locale`, `uni.setLocale`), else Chinese — never just the system's. An app that chooses the phone's own language (English on an English phone) passes `locale`.
   */
  locale?: string | (() => string)
  /** Overrides by locale and reason, e.g. `{ en: { token_updated: { title: '...' } } }`. Missing texts fall back to Chinese. */
  texts?: PromptTexts
  /**
   * Pages that need a session: exact routes (`'/pages/me/me'`) or RegExps tested against the route of the page a
   * navigation would open (relative URLs resolved, `//`, `/./`, `..` and a trailing `/` normalised). @default []
   */
  needLogin?: Array<string | RegExp>
  /**
   * Runs once at launch when signed out; resolves tokens or a body holding them. It gets the host
   * (`provider`) and `login()`, which asks the platform's `login` for a code only when called (an
   * app that calls `uni.login` itself ignores it).
   * @example
   * silentLogin: async ({ provider, login }) => {
   *   const { code } = await login()
   *   return (await request.post('/auth/code', { provider, code }, { auth: false })).data
   * }
   */
  silentLogin?: (context: SilentLogin) => unknown
  /** Hears a failed silent login (no modal is shown for it). */
  onSilentLoginError?: (error: unknown) => void
}

/** What `silentLogin` gets. */
export interface SilentLogin {
  /** The mini program host: `'weixin'`, `'alipay'`, `'toutiao'` (Douyin), `'baidu'` or `'qq'`; undefined elsewhere (H5). */
  provider?: LoginProvider
  /**
   * A one-time login code from the platform's `login` (Douyin: silently, `force: false`). A Douyin
   * user not logged in to the host app gets only `anonymousCode`, no `code`. Rejects when the
   * platform has no `login` or it fails.
   */
  login(): Promise<{ code?: string; anonymousCode?: string }>
}

const GUARDED = ['navigateTo', 'redirectTo', 'reLaunch', 'switchTab'] as const
/**
 * Installs the login journey on the device; call it from `App.onLaunch`. Returns a function that
 * uninstalls it (the prompt, the guard and the refresh on return from the background).
 *
 * Idempotent per session: until that function is called, another call for the same `auth` (a
 * second launch in tests, H5 hot reload) installs nothing more, ignores its options and returns
 * the same function.
 *
 * @example
 * onLaunch(() => installAuth(auth, { needLogin: ['/pages/me/me', /^\/pages\/order\//] }))
 */
export function installAuth(auth: Auth, options: InstallOptions = {}): () => void {
  check('auth', auth, auth && typeof auth.onLoginStateChanged === 'function', DEV && 'a session from createAuth()')
  check('options', options, options && typeof options === 'object', DEV && 'an object')
  // Each rule is checked (a lone rule is a list of one): a bad one is named by its index.
  const rules = ([] as Array<string | RegExp>).concat(options.needLogin || []).map((p, i) => {
    check(`needLogin[${i}]`, p, typeof p === 'string' || p instanceof RegExp, DEV && 'a route or a RegExp')
    return typeof p === 'string' ? slash(p.split('?')[0] as string) : p
  })
  const silentLogin = functionOption<InstallOptions['silentLogin']>('silentLogin', options.silentLogin)
  const prompt = options.prompt
  check(
    'prompt',
    prompt,
    prompt === undefined || typeof prompt === 'boolean' || typeof prompt === 'function',
    DEV && 'a boolean or a function',
  )
  check('cancel', options.cancel, !options.cancel || /^(stay|login)$/.test(options.cancel), DEV && "'stay' or 'login'")
  const onSilentLoginError = functionOption<InstallOptions['onSilentLoginError']>(
    'onSilentLoginError',
    options.onSilentLoginError,
  )
  const { platform, journey } = auth
  if (journey.installed) return journey.installed
  checkPages(journey)
  let on = true
  let prompting = false

  const unlisten = auth.onLoginStateChanged((event) => {
    if (event.eventType !== 'credentials_error' || prompt === false || prompting || journey.onLoginPage()) {
      return
    }
    prompting = true
    const done = (confirm: unknown) => {
      prompting = false
      if (on && (confirm || options.cancel === 'login')) auth.redirectToLogin()
    }
    const locale = promptLocale(platform, options.locale)
    // promptText() gives a fresh object: the callbacks go on it.
    const text = promptText(event.reason, locale, options.texts)
    try {
      if (typeof prompt === 'function') {
        Promise.resolve(prompt({ reason: event.reason, text, locale })).then(done, () => done(false))
      } else {
        ;(platform.showModal as NonNullable<Platform['showModal']>)(
          Object.assign(text, {
            success: (res: { confirm: boolean }) => done(res.confirm),
            fail: () => done(false),
          }),
        )
      }
    } catch {
      // No modal to ask with (none on this platform, or it threw): straight to the login page.
      done(true)
    }
  })
  const off = () => {
    on = false
    unlisten()
    journey.installed = undefined
    journey.relogin = undefined
  }
  journey.installed = off

  if (rules.length) {
    /**
     * Lets a navigation through, or stops one that would open a protected page while signed out:
     * its `fail` and `complete` (uni's promise: a rejection) hear `<api>:fail login required`, and
     * the user goes to log in instead. Decided on the page the platform would open (see resolveURL);
     * during a silent login the navigation waits for it and then runs the guard again.
     */
    const allow = (api: Api, args: NavigateOptions): boolean => {
      const url = String(args.url)
      const top = currentPages(platform).slice(-1)[0]
      const full = resolveURL(url, (top && top.route) || '')
      const path = full.split('?')[0] as string
      if (
        !on ||
        auth.isSignedIn() ||
        // A scheme (`plugin://`, `https:`) opens no page of this app.
        /^[a-z][\w+.-]*:/i.test(url) ||
        path === journey.loginPage ||
        !rules.some((r) => (typeof r === 'string' ? r === path : r.test(path)))
      ) {
        return true
      }
      // Later, as the platform calls back.
      const stop = () => {
        const res = Promise.resolve({ errMsg: `${api}:fail login required` })
        res.then(args.fail)
        res.then(args.complete)
      }
      if (auth.signingIn) {
        const again = () => (platform[api] as Navigate)(args)
        auth.getAccessToken().then(again, again)
      } else if (!journey.navigates && journey.relogin) {
        // No login page (a mini program that signs in silently): sign in again, then open the page.
        journey.relogin().then(() => (auth.isSignedIn() ? (platform[api] as Navigate)(args) : stop()), stop)
      } else {
        stop()
        auth.redirectToLogin(full)
      }
      return false
    }
    for (const api of GUARDED) {
      const original = platform[api] as Navigate | undefined
      if (platform.addInterceptor) {
        platform.addInterceptor(api, { invoke: (args) => allow(api, args as NavigateOptions) })
      } else if (original) {
        // wx has no interceptors: the method is wrapped, and returns what WeChat returns. With
        // callbacks that is WeChat's own answer; without, WeChat returns a promise: so does the
        // wrapper, settled by the callbacks it adds (and marked handled, so that a stopped
        // navigation nobody awaits is no unhandled rejection).
        const wrapped: Navigate = (o) => {
          if (o && (o.success || o.fail || o.complete)) return allow(api, o) ? original.call(platform, o) : undefined
          const promise = new Promise((success, fail) => {
            const args = Object.assign({ success, fail }, o)
            if (allow(api, args)) original.call(platform, args)
          })
          promise.catch(() => undefined)
          return promise
        }
        platform[api] = wrapped
      }
    }
  }
  if (platform.onAppShow) {
    // Back from the background: an expiring token is refreshed before the first request.
    platform.onAppShow(() => {
      if (on && auth.isSignedIn() && !auth.peekAccessToken()) auth.refresh().catch(() => undefined)
    })
  }

  if (silentLogin) {
    const provider = loginProvider()
    const login = () =>
      new Promise<{ code?: string; anonymousCode?: string }>((success, fail) => {
        const o: { success: typeof success; fail: typeof fail; force?: boolean } = { success, fail }
        // Douyin's default (force: true) opens the host's login box for a user not logged in to it.
        if (provider === 'toutiao') o.force = false
        ;(platform.login as (options: typeof o) => void)(o)
      })
    const relogin = () => auth.signInSilently(() => silentLogin({ provider, login }), onSilentLoginError)
    // Where there is no login page, the silent login is the way in again after the session ends.
    journey.relogin = relogin
    if (!auth.isSignedIn()) relogin()
  }
  return off
}

/** Throws, naming what to set, when the app's pages are unknown or do not hold the login page. */
function checkPages(journey: Auth['journey']): void {
  const app = journey.known()
  if (!app.pages || !app.tabBar) {
    throw new TypeError(
      DEV
        ? 'uni-session: the host does not tell the pages: pass `pages` and `tabBarPages` to createAuth()'
        : 'uni-session: bad `pages`',
    )
  }
  const pages = app.pages.map(slash)
  const { loginPage } = journey
  // A login page the app does not have: the prompt's button would do nothing.
  if (loginPage && !journey.ownNavigation && pages.length && pages.indexOf(loginPage) < 0) {
    throw new TypeError(
      DEV
        ? `uni-session: loginPage ${loginPage} is not one of the app's pages (${pages.join(', ')}): set \`loginPage\` in createAuth()`
        : 'uni-session: bad `loginPage`',
    )
  }
}

type Api = (typeof GUARDED)[number]
type Navigate = (options: NavigateOptions) => unknown

/**
 * The page-level check for protected pages that navigation cannot guard (a
 * native tabBar tap bypasses interceptors, and so does a launch or an H5
 * reload): call it in the page's `onShow`. Returns `true` when the page may
 * show; otherwise it sends the user to log in. During a silent login the page
 * may show, and the user is sent to log in if it fails.
 */
export function ensureLogin(auth: Auth): boolean {
  if (auth.isSignedIn()) return true
  if (auth.signingIn) {
    const again = () => ensureLogin(auth)
    auth.getAccessToken().then(again, again)
    return true
  }
  auth.redirectToLogin()
  return false
}

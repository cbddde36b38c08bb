/**
 * The login page's logic, apart from its template so that it can be tested
 * under the mini program runtime: validation, the agreement WeChat requires
 * before login, a loading state, messages that tell a wrong password from
 * a network failure (a refused login shows the server's own words), and the
 * captcha, when the backend asks for one (RuoYi's `GET /captchaImage`).
 */
import { reactive } from 'vue'
import { isHTTPError, isLoginError, isNetworkError, isTimeoutError } from '@/auth'
import type { Platform } from '@/auth/platform'
import { messagesFor } from '@/i18n'

/** What the login page sends: an account (with the captcha's answer when one was shown), or a WeChat code. */
export type LoginCredentials =
  | { username: string; password: string; captcha?: { code: string; uuid: string } }
  | { code: string }

export interface LoginFormDeps {
  platform: Platform
  /** The store's `login`. */
  login: (credentials: LoginCredentials) => Promise<unknown>
  /** Back to where the user was. */
  done: () => Promise<void>
  /**
   * Asks the backend whether it wants a captcha: RuoYi's `GET /captchaImage` body,
   * `{ captchaEnabled, img, uuid }` (`img` is base64). @default none: no captcha
   */
  captcha?: () => Promise<unknown>
}

/** `img` as RuoYi sends it (base64, no `data:` prefix) as an image source. */
const imageSource = (img: string) =>
  /^data:/.test(img) ? img : `data:image/${img.indexOf('PHN2Zy') === 0 ? 'svg+xml' : 'gif'};base64,${img}`

export function useLoginForm({ platform, login, done, captcha }: LoginFormDeps) {
  const text = messagesFor(platform).login.errors
  const form = reactive({
    username: '',
    password: '',
    agreed: false,
    loading: false,
    error: '',
    fieldErrors: {} as { username?: string; password?: string; captcha?: string },
    /** The captcha the backend asked for: its image, its uuid and what the user typed; `null` for none. */
    captcha: null as { img: string; uuid: string; code: string } | null,
  })

  /** Fetches a captcha (again): shown when the backend says `captchaEnabled`, hidden otherwise or on failure. */
  const loadCaptcha = async () => {
    if (!captcha) return
    try {
      const body = (await captcha()) as { captchaEnabled?: unknown; img?: unknown; uuid?: unknown } | undefined
      form.captcha =
        body && body.captchaEnabled === true && typeof body.img === 'string' && typeof body.uuid === 'string'
          ? { img: imageSource(body.img), uuid: body.uuid, code: '' }
          : null
    } catch {
      form.captcha = null
    }
  }

  const explain = (e: unknown, wechat: boolean) => {
    // A refused login (RuoYi's and Sa-Token's HTTP 200 `{ code: 500, msg }`): the server's own words.
    if (isLoginError(e)) return e.message
    if (isNetworkError(e) || isTimeoutError(e)) return text.network
    if (isHTTPError(e) && e.response && [400, 401, 403].indexOf(e.response.statusCode) >= 0) {
      return wechat ? text.wechat : text.wrong
    }
    return wechat ? text.wechat : text.failed
  }

  const run = async (
    credentials: () => Promise<{ username: string; password: string } | { code: string }>,
    wechat: boolean,
  ) => {
    form.error = ''
    if (!form.agreed) {
      form.error = text.agreement
      return false
    }
    if (form.loading) return false
    form.loading = true
    try {
      await login(await credentials())
    } catch (e) {
      form.error = explain(e, wechat)
      // A captcha is spent by any attempt (RuoYi deletes it): show a new one.
      if (form.captcha) await loadCaptcha()
      return false
    } finally {
      form.loading = false
    }
    await done()
    return true
  }

  /** Account + password login. */
  const submitPassword = () => {
    const username = form.username.trim()
    form.fieldErrors = {}
    if (username.length < 3 || username.length > 32) form.fieldErrors.username = text.username
    if (form.password.length < 6) form.fieldErrors.password = text.password
    const shown = form.captcha
    if (shown && !shown.code.trim()) form.fieldErrors.captcha = text.captcha
    if (form.fieldErrors.username || form.fieldErrors.password || form.fieldErrors.captcha) {
      form.error = ''
      return Promise.resolve(false)
    }
    return run(
      async () =>
        shown
          ? { username, password: form.password, captcha: { code: shown.code.trim(), uuid: shown.uuid } }
          : { username, password: form.password },
      false,
    )
  }

  /** WeChat login: `uni.login` gives a code, the server exchanges it for a session. */
  const submitWechat = () =>
    run(
      () =>
        new Promise<{ code: string }>((resolve, reject) => {
          if (!platform.login) return reject(new Error('login is not available on this platform'))
          platform.login({ success: (res) => resolve({ code: res.code }), fail: reject })
        }),
      true,
    )

  return { form, submitPassword, submitWechat, loadCaptcha }
}

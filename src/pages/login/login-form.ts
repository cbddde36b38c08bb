/**
 * The login page's logic, apart from its template so that it can be tested
 * under the mini program runtime: validation, the agreement WeChat requires
 * before login, a loading state, and messages that tell a wrong password from
 * a network failure.
 */
import { reactive } from 'vue'
import { isHTTPError, isNetworkError, isTimeoutError } from '@/auth'
import { appLocale, type Platform } from '@/auth/platform'

const MESSAGES = {
  zh: {
    agreement: '请先阅读并同意《用户协议》和《隐私政策》',
    username: '请输入账号（3-32 位）',
    password: '请输入密码（至少 6 位）',
    wrong: '账号或密码错误',
    network: '网络异常，请检查网络后重试',
    wechat: '微信登录失败，请重试',
    failed: '登录失败，请稍后重试',
  },
  en: {
    agreement: 'Please read and accept the User Agreement and Privacy Policy first',
    username: 'Enter your account (3-32 characters)',
    password: 'Enter your password (at least 6 characters)',
    wrong: 'Wrong account or password',
    network: 'Network error: check your connection and try again',
    wechat: 'WeChat login failed, please try again',
    failed: 'Login failed, please try again later',
  },
}

export interface LoginFormDeps {
  platform: Platform
  /** The store's `login`. */
  login: (credentials: { username: string; password: string } | { code: string }) => Promise<unknown>
  /** Back to where the user was. */
  done: () => Promise<void>
}

export function useLoginForm({ platform, login, done }: LoginFormDeps) {
  const text = MESSAGES[appLocale(platform) === 'en' ? 'en' : 'zh']
  const form = reactive({
    username: '',
    password: '',
    agreed: false,
    loading: false,
    error: '',
    fieldErrors: {} as { username?: string; password?: string },
  })

  const explain = (e: unknown, wechat: boolean) => {
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
    if (form.fieldErrors.username || form.fieldErrors.password) {
      form.error = ''
      return Promise.resolve(false)
    }
    return run(async () => ({ username, password: form.password }), false)
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

  return { form, submitPassword, submitWechat }
}

/**
 * The login page's logic, apart from its template so that it can be tested
 * under the mini program runtime: validation, the agreement WeChat requires
 * before login, a loading state, and messages that tell a wrong password from
 * a network failure.
 */
import { reactive } from 'vue'
import { isHTTPError, isNetworkError, isTimeoutError } from '@/auth'
import type { Platform } from '@/auth/platform'
import { messagesFor } from '@/i18n'

export interface LoginFormDeps {
  platform: Platform
  /** The store's `login`. */
  login: (credentials: { username: string; password: string } | { code: string }) => Promise<unknown>
  /** Back to where the user was. */
  done: () => Promise<void>
}

export function useLoginForm({ platform, login, done }: LoginFormDeps) {
  const text = messagesFor(platform).login.errors
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

/**
 * The login page: account + password behind the privacy agreement, distinct messages for a
 * refused login and for a network failure, then back to where the user was.
 */
const { isHTTPError, isNetworkError, isTimeoutError } = require('uni-session')
const { auth, login } = require('../../session')

const TEXT = {
  agreement: '请先阅读并同意《用户协议》和《隐私政策》',
  username: '请输入账号（3-32 位）',
  password: '请输入密码（至少 6 位）',
  wrong: '账号或密码错误',
  network: '网络异常，请检查网络后重试',
  failed: '登录失败，请稍后重试',
}

/** What to tell the user about a failed login. */
function explain(error) {
  if (isNetworkError(error) || isTimeoutError(error)) return TEXT.network
  if (isHTTPError(error) && error.response && [400, 401, 403].indexOf(error.response.statusCode) >= 0) {
    return TEXT.wrong
  }
  return TEXT.failed
}

Page({
  data: {
    username: '',
    password: '',
    agreed: false,
    loading: false,
    error: '',
    usernameError: '',
    passwordError: '',
  },

  onUsernameInput(e) {
    this.setData({ username: e.detail.value })
  },

  onPasswordInput(e) {
    this.setData({ password: e.detail.value })
  },

  onAgreementChange(e) {
    this.setData({ agreed: e.detail.value.length > 0 })
  },

  /** One login attempt; resolves true once signed in and on the way back. */
  async submit() {
    const username = this.data.username.trim()
    const { password } = this.data
    const usernameError = username.length < 3 || username.length > 32 ? TEXT.username : ''
    const passwordError = password.length < 6 ? TEXT.password : ''
    this.setData({ usernameError, passwordError, error: '' })
    if (usernameError || passwordError) return false
    if (!this.data.agreed) {
      this.setData({ error: TEXT.agreement })
      return false
    }
    if (this.data.loading) return false
    this.setData({ loading: true })
    try {
      await login({ username, password })
    } catch (error) {
      this.setData({ loading: false, error: explain(error) })
      return false
    }
    this.setData({ loading: false })
    await auth.returnAfterLogin()
    return true
  },
})

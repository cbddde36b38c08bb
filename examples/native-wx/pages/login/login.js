/**
 * The login page: account + password, or WeChat login (wx.login → POST /auth/wechat), both
 * behind the privacy agreement WeChat requires; distinct messages for a refused login and for a
 * network failure; then back to where the user was.
 *
 * Declared with Component() (a page may be, with its hooks under `methods`): the same file runs
 * in WeChat and loads in miniprogram-simulate.
 */
const { isHTTPError, isNetworkError, isTimeoutError } = require('uni-session')
const { auth, login, wechatCode } = require('../../session')

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

function texts() {
  let language = ''
  try {
    const info = wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync()
    language = (info && info.language) || ''
  } catch (_) {
    // outside a page some base libraries throw: Chinese
  }
  return /^en/i.test(language) ? MESSAGES.en : MESSAGES.zh
}

/** What to tell the user about a failed login. */
function explain(error, wechat, text) {
  if (isNetworkError(error) || isTimeoutError(error)) return text.network
  if (isHTTPError(error) && error.response && [400, 401, 403].indexOf(error.response.statusCode) >= 0) {
    return wechat ? text.wechat : text.wrong
  }
  return wechat ? text.wechat : text.failed
}

Component({
  data: {
    username: '',
    password: '',
    agreed: false,
    loading: false,
    error: '',
    usernameError: '',
    passwordError: '',
  },

  methods: {
    onUsernameInput(e) {
      this.setData({ username: e.detail.value })
    },

    onPasswordInput(e) {
      this.setData({ password: e.detail.value })
    },

    onAgreementChange(e) {
      this.setData({ agreed: e.detail.value.length > 0 })
    },

    /** Runs one login attempt; resolves true once signed in and on the way back. */
    async attempt(credentials, wechat) {
      const text = texts()
      this.setData({ error: '' })
      if (!this.data.agreed) {
        this.setData({ error: text.agreement })
        return false
      }
      if (this.data.loading) return false
      this.setData({ loading: true })
      try {
        await login(await credentials())
      } catch (error) {
        this.setData({ loading: false, error: explain(error, wechat, text) })
        return false
      }
      this.setData({ loading: false })
      await auth.returnAfterLogin()
      return true
    },

    /** Account + password. */
    submitPassword() {
      const text = texts()
      const username = this.data.username.trim()
      const usernameError = username.length < 3 || username.length > 32 ? text.username : ''
      const passwordError = this.data.password.length < 6 ? text.password : ''
      this.setData({ usernameError, passwordError })
      if (usernameError || passwordError) return Promise.resolve(false)
      const password = this.data.password
      return this.attempt(async () => ({ username, password }), false)
    },

    /** WeChat login: wx.login gives a code, the server exchanges it for a session. */
    submitWechat() {
      return this.attempt(async () => ({ code: await wechatCode() }), true)
    },
  },
})

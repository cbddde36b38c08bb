/**
 * The app's session and requester: the whole configuration. `uni-session` resolves through
 * `miniprogram_npm/uni-session/` once WeChat DevTools has run "Tools → Build npm".
 */
const { createAuth, createRequest } = require('uni-session')
const { API } = require('./config')

const auth = createAuth({
  platform: wx,
  refresh: { url: `${API}/auth/refresh` },
  logout: { url: `${API}/auth/logout` },
})

const request = createRequest({ baseURL: API, auth })

/** Pages that need a session: the route guard sends a signed-out user to log in first. */
const NEED_LOGIN = ['/pages/order/order', '/pages/orders/orders']

/**
 * Signs in with an account and password (`{ username, password }`) or a `wx.login` code
 * (`{ code }`); resolves the user. Rejects with the requester's error (`HTTPError` for a refusal,
 * `NetworkError` / `TimeoutError` when the server could not be reached).
 */
async function login(credentials) {
  const path = credentials.code ? '/auth/wechat' : '/auth/login'
  const { data } = await request.post(path, credentials, { auth: false })
  auth.signIn(data, data.user)
  return data.user
}

/** `wx.login` as a promise of its code. */
function wechatCode() {
  return new Promise((resolve, reject) => {
    wx.login({ success: (res) => resolve(res.code), fail: reject })
  })
}

module.exports = { auth, request, login, wechatCode, NEED_LOGIN, API }

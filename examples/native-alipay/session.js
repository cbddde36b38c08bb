/**
 * The app's session and requester: the whole configuration. `alipay(my)` turns Alipay's `my` into
 * the platform uni-session speaks (`wx`'s shapes): `headers`/`status`, HTTP errors through `fail`
 * (error 19), `{ key }` storage, `my.confirm`, `my.getAuthCode`.
 */
const { createAuth, createRequest } = require('uni-session')
const { alipay } = require('uni-session/platforms')
const { API } = require('./config')

/**
 * Alipay shows code neither the app's page list nor its tab bar (WeChat has `__wxConfig`): the
 * login journey takes them from here, as app.json lists them. The return after login only goes to
 * these pages, and to a tab page by `my.switchTab`.
 */
const PAGES = ['/pages/index/index', '/pages/login/login', '/pages/me/me', '/pages/order/order']
const TAB_BAR = ['/pages/index/index', '/pages/me/me']

const auth = createAuth({
  platform: alipay(my),
  refresh: { url: `${API}/auth/refresh` },
  logout: { url: `${API}/auth/logout` },
  pages: PAGES,
  tabBarPages: TAB_BAR,
})

const request = createRequest({ baseURL: API, auth })

/** Pages that need a session; each also checks in its onShow (`ensureLogin`), which covers `my.navigateTo`. */
const NEED_LOGIN = ['/pages/me/me', '/pages/order/order']

/**
 * Signs in with an account and password; resolves the user. Rejects with the requester's error
 * (`HTTPError` for a refusal, `NetworkError` / `TimeoutError` when the server could not be reached).
 */
async function login(credentials) {
  const { data } = await request.post('/auth/login', credentials, { auth: false })
  auth.signIn(data, data.user)
  return data.user
}

module.exports = { auth, request, login, NEED_LOGIN, API }

/**
 * A protected tab page: the user (GET /api/me) and their ten latest orders, loaded at once. A tab
 * tap reaches no route guard, so the page checks for itself in onShow with `ensureLogin`.
 */
const { ensureLogin } = require('uni-session')
const { auth, request } = require('../../session')

const LATEST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

Page({
  data: {
    signedIn: false,
    user: null,
    orders: [],
    error: '',
  },

  async onShow() {
    this.setData({ signedIn: auth.isSignedIn(), user: auth.getUser() || null })
    if (!ensureLogin(auth)) return
    try {
      const { data } = await request.get('/api/me')
      auth.setUser(data)
      this.setData({ user: data, error: '' })
    } catch (error) {
      this.setData({ error: error.name || 'Error' })
      return
    }
    await this.reloadOrders()
  },

  /** Ten requests at once: on an expired token they wait for one refresh and are replayed. */
  async reloadOrders() {
    try {
      const answers = await Promise.all(LATEST.map((id) => request.get(`/api/orders/${id}`)))
      this.setData({ orders: answers.map((res) => res.data), error: '' })
    } catch (error) {
      this.setData({ error: error.name || 'Error' })
    }
  },

  async logout() {
    await auth.signOut()
    this.setData({ signedIn: false, user: null, orders: [] })
    my.switchTab({ url: '/pages/index/index' })
  },
})

/**
 * A protected page with a query (`/pages/order/order?id=7`). `my.navigateTo` has no guard (the
 * route guard wraps the platform's navigation, not `my`'s), and a launch or a shared link skips
 * navigation anyway: the page checks in onShow, and `ensureLogin` sends the user to log in and back.
 */
const { ensureLogin } = require('uni-session')
const { auth, request } = require('../../session')

Page({
  data: {
    id: '',
    order: null,
    error: '',
  },

  onLoad(query) {
    this.setData({ id: String((query && query.id) || '') })
  },

  onShow() {
    if (this.data.order || !ensureLogin(auth)) return
    return this.load()
  },

  async load() {
    try {
      const { data } = await request.get(`/api/orders/${encodeURIComponent(this.data.id)}`, { auth: true })
      this.setData({ order: data, error: '' })
    } catch (error) {
      this.setData({ error: error.name || 'Error' })
    }
  },
})

const { ensureLogin, isCredentialsError } = require('uni-session')
const { auth, request } = require('../../session')

Page({
  data: { orders: [], error: '' },

  onShow() {
    // A launch or a shared link skips the route guard: check here.
    if (ensureLogin(auth)) this.load()
  },

  async load() {
    try {
      // Three requests at once: on an expired token they share one refresh.
      const replies = await Promise.all([1, 2, 3].map((id) => request.get(`/api/orders/${id}`)))
      this.setData({ orders: replies.map((reply) => reply.data), error: '' })
    } catch (error) {
      // The session ended: the modal is already up and leads to the login page.
      if (isCredentialsError(error)) return
      this.setData({ error: '加载失败，请稍后重试' })
    }
  },
})

/** The public home page (a tab): articles anyone may read, and a way to a protected page. */
const { auth, request } = require('../../session')

Component({
  data: {
    articles: [],
    error: '',
    signedIn: false,
  },

  methods: {
    async onLoad() {
      try {
        // auth: false: a public request never carries a token and never waits for a refresh.
        const { data } = await request.get('/api/articles', { auth: false })
        this.setData({ articles: data, error: '' })
      } catch (error) {
        this.setData({ error: error.name || 'Error' })
      }
    },

    onShow() {
      this.setData({ signedIn: auth.isSignedIn() })
    },

    openOrder(e) {
      // Signed out, the guard from installAuth goes to the login page instead, and back here after.
      wx.navigateTo({ url: `/pages/order/order?id=${e.currentTarget.dataset.id}` })
    },

    openOrders() {
      wx.navigateTo({ url: '/pages/orders/orders' })
    },
  },
})

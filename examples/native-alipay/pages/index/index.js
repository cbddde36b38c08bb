/** The public home page (a tab): articles anyone may read, and a way to a protected page. */
const { auth, request } = require('../../session')

Page({
  data: {
    articles: [],
    error: '',
    signedIn: false,
  },

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
    // The order page checks the session in its onShow and, signed out, sends the user to log in first.
    my.navigateTo({ url: `/pages/order/order?id=${e.target.dataset.id}` })
  },
})

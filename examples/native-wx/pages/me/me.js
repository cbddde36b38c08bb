/**
 * A protected tabBar page. A native tabBar tap bypasses navigation interceptors (and wx has none:
 * the guard wraps wx.navigateTo & co., which a tap does not call), so the page checks for itself
 * in onShow with `ensureLogin`.
 */
const { ensureLogin } = require('uni-session')
const { auth, request } = require('../../session')

Component({
  data: {
    signedIn: false,
    user: null,
    from: '',
    error: '',
  },

  methods: {
    async onShow() {
      this.setData({ signedIn: auth.isSignedIn(), user: auth.getUser() })
      if (!ensureLogin(auth)) return
      // switchTab drops the query: the login journey keeps it for the page to take back.
      const query = auth.takeReturnQuery('/pages/me/me')
      if (query && query.from) this.setData({ from: query.from })
      try {
        const { data } = await request.get('/api/me')
        auth.setUser(data)
        this.setData({ user: data, error: '' })
      } catch (error) {
        this.setData({ error: error.name || 'Error' })
      }
    },

    async logout() {
      await auth.signOut()
      this.setData({ signedIn: false, user: null })
      wx.switchTab({ url: '/pages/index/index' })
    },
  },
})

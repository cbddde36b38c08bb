/**
 * A protected page with a query (`/pages/order/order?id=7`). The route guard from `installAuth`
 * stops navigations to it while signed out; a launch or a shared link skips navigation, so the
 * page checks too, in onShow: `ensureLogin` sends the user to log in, and the login page brings
 * them back here, query included.
 */
const { ensureLogin } = require('uni-session')
const { auth, request } = require('../../session')

Component({
  data: {
    id: '',
    order: null,
    error: '',
  },

  methods: {
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
  },
})

const { installAuth } = require('uni-session')
const { auth, NEED_LOGIN } = require('./session')

App({
  onLaunch() {
    // One modal (my.confirm) per ended session, the route guard, a refresh on return from the background.
    installAuth(auth, { needLogin: NEED_LOGIN })
  },
})

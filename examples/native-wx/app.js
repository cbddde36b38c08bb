const { installAuth } = require('uni-session')
const { auth, NEED_LOGIN } = require('./session')

App({
  onLaunch() {
    // One modal per ended session, the route guard for NEED_LOGIN, a refresh on return from the background.
    installAuth(auth, { needLogin: NEED_LOGIN })
  },
})

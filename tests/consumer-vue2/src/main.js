import Vue from 'vue'
import App from './App'
import './uni.promisify.adaptor'
import { authState, login, logout } from './auth-state'
import { auth, request } from './session'

Vue.config.productionTip = false
// The Vue 2 habit: the session and the requester on every component (this.$auth, this.$request).
Vue.prototype.$auth = auth
Vue.prototype.$request = request
Vue.prototype.$authState = authState
Vue.prototype.$login = login
Vue.prototype.$logout = logout

App.mpType = 'app'

const app = new Vue({
  ...App,
})
app.$mount()

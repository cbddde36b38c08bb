// Vue 2 without pinia: the session's events keep one observable object up to date.
import Vue from 'vue'
import { auth, request } from './session'

export const authState = Vue.observable({ isLoggedIn: auth.isSignedIn(), user: auth.getUser() })

auth.onLoginStateChanged(() => {
  authState.isLoggedIn = auth.isSignedIn()
  authState.user = auth.getUser()
})

// login: the body holds the tokens and `user` ({ accessToken, refreshToken, expiresIn, user }).
export async function login(credentials) {
  const { data } = await request.post('/auth/login', credentials, { auth: false })
  await auth.signIn(data, data.user)
}

export function logout() {
  return auth.signOut()
}

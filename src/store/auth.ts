import { auth, request } from '@/session'
import { defineAuthStore } from './define-auth-store'

export interface User {
  id: number
  username: string
  nickname: string
}

/** `{ username, password }` for an account, `{ code }` for WeChat (`uni.login`). */
export type Credentials = { username: string; password: string } | { code: string }

export const useAuthStore = defineAuthStore<User, Credentials>(auth, {
  login: async (credentials) => {
    const path = 'code' in credentials ? '/auth/wechat' : '/auth/login'
    return (await request.post(path, credentials, { auth: false })).data
  },
})

/**
 * axios with uni-session's adapter instead of axios-auth-refresh: the session (its refresh call, its
 * lock) from createAuth over the global `uni`, the instance's interceptors from `axiosAuth`, over
 * @uni-helper/axios-adapter as in the axios recipe.
 */
import { createUniAppAxiosAdapter } from '@uni-helper/axios-adapter'
import axios from 'axios'
import { axiosAuth } from '../../src/adapters'
import { createAuth } from '../../src/auth'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  const auth = createAuth({ refresh: { url: refreshURL } })
  const api = axios.create({ baseURL, adapter: createUniAppAxiosAdapter() })
  axiosAuth(api, auth)
  return {
    signIn: (accessToken, refreshToken) => auth.signIn({ accessToken, refreshToken }),
    get: (url) => api.get(url).then((res) => res.data),
  }
}

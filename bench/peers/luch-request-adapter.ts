/**
 * luch-request with uni-session's adapter instead of the recipe: the session (its refresh call, its
 * lock) from createAuth over the global `uni`, the instance's interceptors from `luchRequestAuth`.
 * The happy path costs what the recipe's does plus the adapter; the row beside the recipe shows how much.
 */
import Request from 'luch-request'
import { luchRequestAuth } from '../../src/adapters'
import { createAuth } from '../../src/auth'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL, refreshURL }) => {
  const auth = createAuth({ refresh: { url: refreshURL } })
  const http = new Request({ baseURL })
  luchRequestAuth(http, auth)
  return {
    signIn: (accessToken, refreshToken) => auth.signIn({ accessToken, refreshToken }),
    get: (url) => http.get(url).then((res) => res.data),
  }
}

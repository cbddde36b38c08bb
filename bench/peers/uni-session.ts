/**
 * uni-session as its README sets it up: a session with a refresh endpoint and a requester over it.
 * The platform is the global `uni` (the default).
 */
import { createAuth } from '../../src/auth'
import { createRequest } from '../../src/utils/request'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL, refreshURL, maxQueue }) => {
  const auth = createAuth({ refresh: { url: refreshURL } })
  const request = createRequest({ baseURL, auth, maxQueue })
  return {
    signIn: (accessToken, refreshToken) => auth.signIn({ accessToken, refreshToken }),
    get: (url) => request.get(url).then((res) => res.data),
  }
}

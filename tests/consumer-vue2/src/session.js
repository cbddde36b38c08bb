import { createAuth, createRequest } from 'uni-session'

const API = 'https://api.example.com'

export const auth = createAuth({ refresh: { url: `${API}/auth/refresh` } })
export const request = createRequest({ baseURL: API, auth })

// Pages that need a session: the route guard sends a signed-out user to log in first.
export const NEED_LOGIN = ['/pages/me/me']

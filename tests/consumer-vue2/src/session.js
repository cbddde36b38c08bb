import { createAuth } from 'uni-session'
// A sub-path entry: webpack 4 (vue-cli 4) reads no package.json `exports`, only the folder's own package.json.
import { createRequest } from 'uni-session/request'

const API = 'https://api.example.com'

export const auth = createAuth({ refresh: { url: `${API}/auth/refresh` } })
export const request = createRequest({ baseURL: API, auth })

// Pages that need a session: the route guard sends a signed-out user to log in first.
export const NEED_LOGIN = ['/pages/me/me']

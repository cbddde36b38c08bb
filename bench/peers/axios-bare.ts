/**
 * axios bare, over @uni-helper/axios-adapter: what an app with no refresh at all runs on the happy path
 * (a request interceptor that sets the header). The baseline for "what the uni-session adapter adds";
 * never in the bursts.
 */
import { createUniAppAxiosAdapter } from '@uni-helper/axios-adapter'
import axios from 'axios'
import type { MakeClient } from '../contender'

export const make: MakeClient = ({ baseURL }) => {
  let access = ''
  const api = axios.create({ baseURL, adapter: createUniAppAxiosAdapter() })
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${access}`
    return request
  })
  return {
    signIn(accessToken) {
      access = accessToken
    },
    get: (url) => api.get(url).then((res) => res.data),
  }
}

/** The baseline: one `uni.request` wrapped in a promise, the token added by hand. No refresh. */
import type { MakeClient } from '../contender'

declare const uni: {
  request(o: {
    url: string
    header?: Record<string, string>
    success(res: { statusCode: number; data: unknown }): void
    fail(err: { errMsg: string }): void
  }): unknown
}

export const make: MakeClient = ({ baseURL }) => {
  let access = ''
  return {
    signIn(accessToken) {
      access = accessToken
    },
    get: (url) =>
      new Promise((resolve, reject) =>
        uni.request({
          url: baseURL + url,
          header: { Authorization: `Bearer ${access}` },
          success: (res) => (res.statusCode >= 200 && res.statusCode < 300 ? resolve(res.data) : reject(res)),
          fail: reject,
        }),
      ),
  }
}

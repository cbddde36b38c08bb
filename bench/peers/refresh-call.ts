/**
 * The refresh call the "flag + queue" recipes make: a bare `uni.request` outside the intercepted
 * instance (refreshing through the instance would queue the refresh behind itself).
 */
declare const uni: {
  request(o: {
    url: string
    method: 'POST'
    data: Record<string, unknown>
    success(res: { statusCode: number; data: unknown }): void
    fail(err: { errMsg: string }): void
  }): unknown
}

export interface TokenPair {
  accessToken: string
  refreshToken: string
}

export const refreshTokens = (url: string, refreshToken: string) =>
  new Promise<TokenPair>((resolve, reject) =>
    uni.request({
      url,
      method: 'POST',
      data: { refreshToken },
      success: (res) => (res.statusCode === 200 ? resolve(res.data as TokenPair) : reject(res)),
      fail: reject,
    }),
  )

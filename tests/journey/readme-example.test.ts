/** The docs' "Testing your app's auth flow" example (docs/en/guide/testing.md), as written there: it must keep working. */
import { createAuth, installAuth } from '../../src/auth'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime } from '../../src/testing'
import { createRequest } from '../../src/utils/request'

test("the docs' testing example runs as documented", async () => {
  const runtime = createMiniProgramRuntime({
    pagesJson,
    modalAnswer: true,
    handler: (call) =>
      call.url.endsWith('/auth/refresh') ? { statusCode: 401, data: { code: 'REFRESH_EXPIRED' } } : { statusCode: 401 },
  })
  const uninstall = runtime.install()
  try {
    const auth = createAuth({ refresh: { url: 'https://api.test/auth/refresh' } })
    installAuth(auth)
    auth.signIn({ accessToken: 'a', refreshToken: 'r' })
    await runtime.launch('/pages/order/detail?id=7')

    await createRequest({ baseURL: 'https://api.test', auth })
      .get('/orders/7')
      .catch(() => {})
    await runtime.flush()
    expect(runtime.modals.map((m) => m.options.title)).toEqual(['登录已过期'])
    expect(runtime.stack()).toEqual(['/pages/order/detail?id=7', '/pages/login/login'])
  } finally {
    uninstall()
  }
})

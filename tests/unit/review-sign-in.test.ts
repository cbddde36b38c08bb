/**
 * Review of issue 20 (a request belongs to its sign-in): paths the first pass left open. Each test
 * failed before its fix.
 */
import { isCredentialsError } from '../../src/auth'
import { flush, setup, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

test("a request that waited for its sign-in's refresh is not sent when another sign-in comes before it goes out", async () => {
  const { server, auth, request } = setup()
  server.refreshMode = 'hold'
  auth.refresh().catch(() => undefined)
  // Alice's PUT waits for Alice's refresh.
  const put = request.put('/profile', { name: 'alice' }).catch((e: unknown) => e)
  await flush()
  // As the refresh lands, the app signs in as Bob (a listener, or any code that runs before the PUT goes out).
  auth.onLoginStateChanged((e) => {
    if (e.eventType !== 'token_refreshed') return
    server.generation = 9
    auth.signIn(server.tokensFor(9))
  })
  server.refreshMode = 'ok'
  server.release()
  await jest.advanceTimersByTimeAsync(0)
  expect(isCredentialsError(await put)).toBe(true)
  expect(server.apiCalls.filter((c) => c.url.endsWith('/profile'))).toEqual([])
})

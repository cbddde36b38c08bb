/** H5: two tabs share storage; under the platform's lock they make one refresh between them. */
import { createAuth } from '../../src/auth'
import type { Platform } from '../../src/auth/platform'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'
import { createTokenServer } from '../support/token-server'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

/**
 * A lock shared by the tabs, as Web Locks is across a browser's tabs: the next tab's task starts
 * as soon as this one's settles, and the holder hears of it only later (another tab, another
 * event loop), so nothing the holder does after the lock is covered by it.
 */
function sharedLock(): Platform['lock'] {
  let tail: Promise<unknown> = Promise.resolve()
  const later = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  }
  return <T>(_name: string, task: () => Promise<T>) => {
    const run = tail.then(task)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run.then(
      async (v) => {
        await later()
        return v
      },
      async (e) => {
        await later()
        throw e
      },
    )
  }
}

function tabs(withLock: boolean) {
  const server = createTokenServer()
  const first = createScriptedPlatform((c) => server.handle(c))
  const second = createScriptedPlatform((c) => server.handle(c))
  // One localStorage for both tabs.
  second.storage = first.storage
  const lock = sharedLock()
  if (withLock) first.lock = second.lock = lock
  const a = createAuth({ platform: first, refresh: { url: server.refreshURL } })
  a.signIn(server.tokensFor(1))
  const b = createAuth({ platform: second, refresh: { url: server.refreshURL } })
  return {
    server,
    a: createRequest({ baseURL: BASE, auth: a }),
    b: createRequest({ baseURL: BASE, auth: b }),
    authB: b,
  }
}

test('two tabs whose token expires together make one refresh between them', async () => {
  const { server, a, b, authB } = tabs(true)
  server.accessExpired = true
  const results = await Promise.all([
    ...Array.from({ length: 10 }, () => a.get('/x')),
    ...Array.from({ length: 10 }, () => b.get('/x')),
  ])
  expect(results).toHaveLength(20)
  expect(server.refreshCalls).toBe(1)
  expect(authB.getTokens()?.accessToken).toBe('at-2')
})

test('without a lock, the second tab would spend the rotated refresh token again', async () => {
  const { server, a, b } = tabs(false)
  server.accessExpired = true
  await Promise.all([a.get('/x'), b.get('/x').catch(() => undefined)])
  expect(server.refreshTokensSeen).toEqual(['rt-1', 'rt-1'])
})

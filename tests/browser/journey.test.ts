/**
 * The whole journey in a real Chromium: the built H5 app served by the
 * reference server (test mode, single session), driven by playwright-core.
 * jest.config.js leaves this file out, with a loud SKIPPED line, when no
 * Chromium is found outside CI; under CI=true a missing browser fails.
 */
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import {
  ARTIFACTS,
  logIn,
  modal,
  open as openIn,
  phone,
  routeOf,
  type Session,
  startSession,
  stopSession,
  waitForRoute,
} from '../support/browser'
import type { RunningServer } from '../support/server-process'

jest.setTimeout(120_000)

let session: Session
let server: RunningServer
let context: BrowserContext

beforeAll(async () => {
  session = await startSession()
  server = session.server
})

afterAll(() => stopSession(session))

beforeEach(async () => {
  await server.control('POST', '/__control/reset')
  context = await phone(session.browser)
})
afterEach(() => context.close())

const open = (hash: string, page?: Page) => openIn(server, context, hash, page)

const stats = () => server.stats()

test('a protected page with a query -> the login page -> log in -> back on that page with its query', async () => {
  const page = await open('/pages/order/detail?id=7')
  await waitForRoute(page, '/pages/login/login')
  await page.screenshot({ path: join(ARTIFACTS, 'login-page.png') })
  await logIn(page)
  await waitForRoute(page, '/pages/order/detail?id=7')
  await page.getByText('订单 #7').waitFor()
  expect(routeOf(page)).toBe('/pages/order/detail?id=7')
})

test('an access token expired on the server: the next action succeeds with no interruption and one refresh', async () => {
  const page = await open('/pages/order/detail?id=3')
  await logIn(page)
  await page.getByText('订单 #3').waitFor()
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  const before = await stats()
  // The nickname is on screen from the store before /api/me answers: wait for
  // the request itself (401, one refresh, the retry's 200), not the text.
  const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/me' && r.status() === 200)
  await open('/pages/me/me', page)
  await me
  await page.getByText('演示用户').waitFor()
  expect(await page.locator('.uni-modal__title').count()).toBe(0)
  expect((await stats()).refreshes - before.refreshes).toBe(1)
})

test('signed in elsewhere -> the "signed in on another device" modal -> confirm -> log in -> back', async () => {
  const page = await open('/pages/order/detail?id=5')
  await logIn(page)
  await page.getByText('订单 #5').waitFor()
  await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
  await open('/pages/index/index', page)
  await page.locator('[data-test="burst"]').click()
  expect(await modal(page)).toBe('账号已在其他设备登录')
  await page.screenshot({ path: join(ARTIFACTS, 'modal-token-updated.png') })
  await page.locator('.uni-modal__btn_primary').click()
  await logIn(page)
  await waitForRoute(page, '/pages/index/index')
  await page.locator('[data-test="state"]', { hasText: '已登录' }).waitFor()
})

test('an expired refresh token -> the "login expired" modal', async () => {
  const page = await open('/pages/order/detail?id=2')
  await logIn(page)
  await page.getByText('订单 #2').waitFor()
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  await server.control('POST', '/__control/expire-refresh', { username: 'demo' })
  await open('/pages/index/index', page)
  await page.locator('[data-test="burst"]').click()
  expect(await modal(page)).toBe('登录已过期')
  await page.screenshot({ path: join(ARTIFACTS, 'modal-login-expired.png') })
})

test('20 parallel requests during an expiry make one refresh', async () => {
  const page = await open('/pages/order/detail?id=1')
  await logIn(page)
  await page.getByText('订单 #1').waitFor()
  await open('/pages/index/index', page)
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  await page.locator('[data-test="burst"]').click()
  await page.locator('[data-test="burst-result"]', { hasText: '20/20 成功，刷新 1 次' }).waitFor()
  expect((await stats()).refreshes).toBe(1)
})

test('two tabs whose token expires together make one refresh between them, not two', async () => {
  await server.control('PUT', '/__control/config', { reuseGraceSec: 0 })
  const first = await open('/pages/order/detail?id=4')
  await logIn(first)
  await first.getByText('订单 #4').waitFor()
  await open('/pages/index/index', first)
  const second = await open('/pages/index/index')
  await second.locator('[data-test="state"]', { hasText: '已登录' }).waitFor()
  await server.control('POST', '/__control/expire-access', { username: 'demo' })
  await Promise.all([first.locator('[data-test="burst"]').click(), second.locator('[data-test="burst"]').click()])
  for (const page of [first, second]) {
    try {
      await page.locator('[data-test="burst-result"]', { hasText: '20/20 成功' }).waitFor({ timeout: 20_000 })
    } catch (e) {
      // Say what each tab saw: a hang here once went unexplained.
      const seen = await Promise.all(
        [first, second].map(async (p) => (await p.locator('[data-test="log"]').allTextContents()).join(' | ')),
      )
      throw new Error(
        `${(e as Error).message}\nfirst tab: ${seen[0]}\nsecond tab: ${seen[1]}\nserver: ${JSON.stringify(await stats())}`,
      )
    }
  }
  const s = await stats()
  expect(s.refreshes).toBe(1)
  expect(s.reuseDetected).toBe(0)
})

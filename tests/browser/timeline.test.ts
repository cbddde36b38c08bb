/**
 * The demo's home page as a new user meets it, in a real Chromium at phone width (390 × 844): the
 * request timeline after a burst on an expired token, offline, and after a kick; the results that
 * say why, and the lanes on screen after each burst; every kind of mark drawn in the legend, and
 * each colour meaning one thing; the page in English for an English browser (the module's prompt
 * too); the 我的 page signed out; nothing clipped; no 404. Lanes and marks are counted from the
 * DOM; a screenshot of each state goes to artifacts/.
 */
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import {
  ARTIFACTS,
  logIn,
  modal,
  open as openIn,
  phone,
  type Session,
  settled,
  startSession,
  stopSession,
  tallShot,
  tapControl,
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

/** Signed in, on the home page. */
async function home(): Promise<Page> {
  const page = await open('/pages/index/index')
  await page.locator('[data-test="login"]').click()
  await logIn(page)
  await waitForRoute(page, '/pages/index/index')
  await page.locator('[data-test="state"]', { hasText: '已登录' }).waitFor()
  return page
}

/** What the timeline shows, counted from the DOM. */
async function timelineCounts(page: Page) {
  const timeline = page.locator('[data-test="timeline"]')
  const count = (selector: string) => timeline.locator(selector).count()
  return {
    lanes: await count('[data-test="lane"]'),
    expired: await count('[data-test="lane"] [data-mark="expired"]'),
    ended: await count('[data-test="lane"] [data-mark="ended"]'),
    retries: await count('[data-test="lane"] [data-mark="retry"]'),
    refreshLanes: await count('[data-test="refresh-lane"]'),
    newTokens: await count('[data-test="refresh-lane"] [data-mark="new-token"]'),
    waits: await count('[data-test="lane"] [data-bar="wait"]'),
    replays: await count('[data-test="lane"] [data-bar="flight"][data-replay="true"]'),
    ok: await count('[data-test="lane"][data-outcome="ok"]'),
    network: await count('[data-test="lane"][data-outcome="network"]'),
    sessionEnded: await count('[data-test="lane"][data-outcome="session_ended"]'),
    signedOut: await count('[data-test="lane"][data-outcome="signed_out"]'),
  }
}

/**
 * The legend against the drawing: every kind of mark drawn (`data-key`) has its legend entry and the
 * legend lists nothing that is not drawn; every colour on the timeline (bars, marks, ends, guides,
 * the legend's swatches, the summary's dots) stands for one meaning (`data-meaning`).
 */
async function legendAndColours(page: Page) {
  return page.evaluate(() => {
    const timeline = document.querySelector('[data-test="timeline"]')
    if (!timeline) throw new Error('no timeline')
    const drawn = new Set(
      Array.from(timeline.querySelectorAll('[data-test="timeline-body"] [data-key]')).map((e) =>
        e.getAttribute('data-key'),
      ),
    )
    const legend = new Set(
      Array.from(timeline.querySelectorAll('[data-legend]')).map((e) => e.getAttribute('data-legend')),
    )
    const paint = (e: Element) => {
      const style = getComputedStyle(e)
      const transparent = (c: string) => c === 'rgba(0, 0, 0, 0)' || c === 'rgb(255, 255, 255)' || c === 'transparent'
      if (!transparent(style.backgroundColor)) return style.backgroundColor
      if (style.borderLeftStyle !== 'none' && !transparent(style.borderLeftColor)) return style.borderLeftColor
      return ''
    }
    const meanings: Record<string, string[]> = {}
    const unpainted: string[] = []
    for (const e of Array.from(timeline.querySelectorAll('[data-meaning]'))) {
      const colour = paint(e)
      const meaning = e.getAttribute('data-meaning') ?? ''
      if (!colour) unpainted.push(meaning)
      else if (!(meanings[colour] ?? []).includes(meaning)) meanings[colour] = [...(meanings[colour] ?? []), meaning]
    }
    return {
      drawn: [...drawn].sort(),
      notInLegend: [...drawn].filter((k) => !legend.has(k)).sort(),
      notDrawn: [...legend].filter((k) => !drawn.has(k)).sort(),
      twoMeanings: Object.entries(meanings).filter(([, m]) => m.length > 1),
      unpainted,
    }
  })
}

async function expectLegendCoversTheDrawing(page: Page) {
  const l = await legendAndColours(page)
  expect(l.drawn.length).toBeGreaterThan(0)
  expect({
    notInLegend: l.notInLegend,
    notDrawn: l.notDrawn,
    twoMeanings: l.twoMeanings,
    unpainted: l.unpainted,
  }).toEqual({
    notInLegend: [],
    notDrawn: [],
    twoMeanings: [],
    unpainted: [],
  })
  return l.drawn
}

/** The result line and every lane inside the phone's screen (390 × 844), as the page scrolled them. */
async function expectLanesOnScreen(page: Page) {
  await page.waitForFunction(
    () => {
      const lanes = document.querySelectorAll('[data-test="lane"]')
      const first = document.querySelector('[data-test="burst-result"]')?.getBoundingClientRect()
      const last = lanes[lanes.length - 1]?.getBoundingClientRect()
      return !!first && !!last && first.top >= 0 && last.bottom <= window.innerHeight
    },
    undefined,
    { timeout: 5_000 },
  )
}

async function shoot(page: Page, name: string) {
  await tallShot(page, join(ARTIFACTS, `timeline-${name}.png`), '[data-test="timeline"]')
  await tallShot(page, join(ARTIFACTS, `home-${name}.png`))
}

test('expire the access token, send 20: the timeline shows 20 × 401 -> 1 refresh -> 20 replays -> 20 ok', async () => {
  const page = await home()
  await tapControl(page, 'expire-access', '/__control/expire-access')
  await page.locator('[data-test="burst"]').click()
  await page.locator('[data-test="burst-result"]', { hasText: '20/20 成功，刷新 1 次' }).waitFor()
  const c = await timelineCounts(page)
  expect(c).toMatchObject({ lanes: 20, expired: 20, refreshLanes: 1, newTokens: 1, replays: 20, ok: 20, ended: 0 })
  // The summary line says the same, step by step.
  expect(await page.locator('[data-test="timeline-summary"]').textContent()).toMatch(
    /20 个请求\s*→\s*20 × 401\s*→\s*1 次刷新\s*→\s*20 次重发\s*→\s*20 成功/,
  )
  expect((await server.stats()).refreshes).toBe(1)
  await expectLanesOnScreen(page)
  // The tokens are labels in plain words, not colours: the sign-in's, then the first refresh's.
  expect(await expectLegendCoversTheDrawing(page)).toEqual(
    expect.arrayContaining([
      'mark-expired',
      'wait',
      'refresh',
      'new-token',
      'guide',
      'generation-0',
      'generation-1',
      'end-ok',
    ]),
  )
  const legend = await page.locator('[data-test="timeline-legend"]').textContent()
  expect(legend).toContain('登录时拿到的令牌')
  expect(legend).toContain('第 1 次刷新后的令牌')
  expect(legend).not.toMatch(/第 \d+ 代/)
  await shoot(page, 'burst-expired')
})

test('offline, send 20: the session is kept, 20 fail with a network error after retries, and the line says so', async () => {
  const page = await home()
  await tapControl(page, 'offline', '/__control/faults')
  await page.locator('[data-test="burst"]').click()
  await page
    .locator('[data-test="burst-result"]', { hasText: '离线：会话保留，20 个请求因网络错误失败（已重试）' })
    .waitFor({ timeout: 30_000 })
  const c = await timelineCounts(page)
  // Each GET: the first attempt and two retries (the requester's default), each retry marked.
  expect(c).toMatchObject({ lanes: 20, network: 20, retries: 40, expired: 0, refreshLanes: 0, ok: 0 })
  await expectLanesOnScreen(page)
  // The network error's ✕ is in the legend, in a colour of its own (not the 401's red).
  expect(await expectLegendCoversTheDrawing(page)).toEqual(
    expect.arrayContaining(['mark-retry', 'backoff', 'end-unfinished']),
  )
  await expect(page.locator('[data-test="state"]').textContent()).resolves.toContain('已登录')
  await shoot(page, 'offline')
  await tapControl(page, 'offline', '/__control/faults')
})

test('signed in elsewhere, send 20: one modal, 20 lanes ended by the kick, no refresh; after a new login the old result is gone', async () => {
  const page = await home()
  await tapControl(page, 'elsewhere', '/__control/sign-in-elsewhere')
  await page.locator('[data-test="burst"]').click()
  expect(await modal(page)).toBe('账号已在其他设备登录')
  await page.locator('[data-test="burst-result"]', { hasText: '0/20：账号在其他设备登录，请重新登录' }).waitFor()
  const c = await timelineCounts(page)
  expect(c).toMatchObject({ lanes: 20, ended: 20, sessionEnded: 20, refreshLanes: 0, replays: 0 })
  expect(await page.locator('[data-test="timeline-summary"]').textContent()).toMatch(/20 个请求\s*→\s*20 × 会话结束/)
  // Failed lanes never look successful: their ✕ is the session's end, not the success colour.
  expect(await expectLegendCoversTheDrawing(page)).toEqual(expect.arrayContaining(['mark-ended', 'end-ended']))
  expect(await page.locator('[data-test="timeline-body"] [data-meaning="ok"]').count()).toBe(0)
  await tallShot(page, join(ARTIFACTS, 'home-kicked.png')) // the one modal, over the page
  // The timeline under the modal, the modal set aside for the picture only.
  const modalShown = (shown: boolean) =>
    page.evaluate(
      (v) => {
        for (const m of Array.from(document.querySelectorAll<HTMLElement>('uni-modal'))) m.style.visibility = v
      },
      shown ? '' : 'hidden',
    )
  await modalShown(false)
  await tallShot(page, join(ARTIFACTS, 'timeline-kicked.png'), '[data-test="timeline"]')
  await modalShown(true)
  await page.locator('.uni-modal__btn_primary').click()
  await logIn(page)
  await waitForRoute(page, '/pages/index/index')
  await page.locator('[data-test="state"]', { hasText: '已登录' }).waitFor()
  expect(await page.locator('[data-test="burst-result"]').count()).toBe(0)
})

test('signed out, send 20: "0/20：未登录，请先登录", a login button, nothing sent', async () => {
  const page = await open('/pages/index/index')
  await page.locator('[data-test="state"]', { hasText: '未登录' }).waitFor()
  await page.locator('[data-test="login"]').waitFor()
  const sent: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/orders/')) sent.push(r.url())
  })
  await page.locator('[data-test="burst"]').click()
  await page.locator('[data-test="burst-result"]', { hasText: '0/20：未登录，请先登录' }).waitFor()
  expect(await timelineCounts(page)).toMatchObject({ lanes: 20, signedOut: 20, expired: 0 })
  expect(sent).toEqual([])
  await expectLanesOnScreen(page)
  await expectLegendCoversTheDrawing(page)
  await shoot(page, 'signed-out')
})

test('at 390 px no button is clipped, the favicon is no 404, the intro is in Chinese', async () => {
  const missing: string[] = []
  context.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`)
  })
  context.on('requestfailed', (r) => missing.push(`failed ${r.url()}`))
  const page = await open('/pages/index/index')
  await page.locator('[data-test="intro"]').waitFor()
  await settled(page)
  const clipped = await page.evaluate(() =>
    Array.from(document.querySelectorAll('uni-button')).flatMap((b) => {
      const r = b.getBoundingClientRect()
      const cut = b.scrollWidth > b.clientWidth + 1 || r.left < 0 || r.right > window.innerWidth
      return cut ? [`${b.textContent} (${Math.round(r.left)}..${Math.round(r.right)})`] : []
    }),
  )
  expect(clipped).toEqual([])
  expect(
    await page.evaluate(() => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href),
  ).toMatch(/^data:image\/svg\+xml/)
  expect(missing).toEqual([])
  expect(await page.locator('[data-test="intro"]').textContent()).toContain('试试')
  await tallShot(page, join(ARTIFACTS, 'home-zh.png'))
})

test("for an English browser the whole interface is English, plurals right, and the module's prompt agrees", async () => {
  const en = await phone(session.browser, { locale: 'en-US' })
  try {
    const page = await openIn(server, en, '/pages/index/index')
    await page.locator('[data-test="intro"]', { hasText: 'This demo draws what uni-session does' }).waitFor()
    await page.locator('[data-test="burst"]').click()
    await page.locator('[data-test="burst-result"]', { hasText: '0/20: signed out — log in first' }).waitFor()
    await settled(page)
    // The interface, not the server's content (article titles come from the reference server in Chinese).
    const english = async () =>
      page.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement
        for (const el of Array.from(clone.querySelectorAll('[data-content]'))) el.remove()
        return clone.textContent ?? ''
      })
    expect((await english()).match(/[\u3400-\u9fff\uff08-\uff1f]+/g)).toBeNull()
    await tallShot(page, join(ARTIFACTS, 'home-en.png'))

    // Signed in, a burst on an expired token: the legend's tokens in words, no "1 refreshes".
    await page.locator('[data-test="login"]').click()
    await logIn(page)
    await waitForRoute(page, '/pages/index/index')
    await tapControl(page, 'expire-access', '/__control/expire-access')
    await page.locator('[data-test="burst"]').click()
    await page.locator('[data-test="burst-result"]', { hasText: '20/20 ok, refreshes: 1' }).waitFor()
    const legend = await page.locator('[data-test="timeline-legend"]').textContent()
    expect(legend).toContain('the token from the sign-in')
    expect(legend).toContain('the token after 1 refresh')
    // The account's nickname is the server's content, like the article titles.
    const text = (await english()).replace(/演示用户/g, '')
    expect(text.match(/[\u3400-\u9fff\uff08-\uff1f]+/g)).toBeNull()
    expect(text.match(/\b1 (requests|refreshes|replays)\b/g)).toBeNull()
    await tallShot(page, join(ARTIFACTS, 'timeline-en.png'), '[data-test="timeline"]')

    // The module's prompt speaks the same language as the page.
    await tapControl(page, 'elsewhere', '/__control/sign-in-elsewhere')
    await page.locator('[data-test="burst"]').click()
    expect(await modal(page)).not.toMatch(/[\u3400-\u9fff]/)
  } finally {
    await en.close()
  }
})

test('我的 after logging out offers a login button, which logs in and comes back to 我的', async () => {
  const page = await home()
  await open('/pages/me/me', page)
  await page.getByText('演示用户').waitFor()
  await page.locator('[data-test="logout"]').click()
  await page.locator('[data-test="me-signed-out"]').waitFor()
  await page.screenshot({ path: join(ARTIFACTS, 'me-signed-out.png') })
  await page.locator('[data-test="me-login"]').click()
  await logIn(page)
  await waitForRoute(page, '/pages/me/me')
  await page.getByText('演示用户').waitFor()
})

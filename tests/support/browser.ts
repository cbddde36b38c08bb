/**
 * The Chromium suites' common ground: the built H5 app served by the reference server (test mode,
 * single session), a headless Chromium driven by playwright-core, and the steps a person takes.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { ensureH5Build } from '../../server/h5-build'
import { type RunningServer, startServer } from './server-process'

export const ROOT = join(__dirname, '..', '..')
export const ARTIFACTS = join(ROOT, 'artifacts')
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium'

export interface Session {
  server: RunningServer
  browser: Browser
}

/** Builds the H5 app when its sources changed, starts the server and the browser. */
export async function startSession(args: string[] = []): Promise<Session> {
  if (!existsSync(CHROME)) throw new Error(`no Chromium at ${CHROME} (set CHROME_PATH, or apt-get install chromium)`)
  mkdirSync(ARTIFACTS, { recursive: true })
  const staticDir = ensureH5Build(ROOT)
  const server = await startServer(['--static', staticDir, '--single-session', '--access-ttl', '600', ...args])
  const browser = await launchChromium()
  return { server, browser }
}

/** The system's Chromium, headless, with the flags that work here as root. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROME)) throw new Error(`no Chromium at ${CHROME} (set CHROME_PATH, or apt-get install chromium)`)
  return chromium.launch({
    executablePath: CHROME,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function stopSession(s: Partial<Session> | undefined): Promise<void> {
  await s?.browser?.close()
  await s?.server?.stop()
}

/**
 * A phone: 390 × 844 CSS px, at 2x so that screenshots are sharp, its browser in `locale`
 * (`navigator.language`; default Chinese, as most of the demo's users): the demo and the module's
 * prompts take their language from it.
 */
export async function phone(browser: Browser, o: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: o.locale ?? 'zh-CN',
  })
}

export async function open(server: RunningServer, context: BrowserContext, hash: string, page?: Page) {
  const p = page ?? (await context.newPage())
  await p.goto(`${server.url}/#${hash}`)
  return p
}

export const routeOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.slice(1))

export async function waitForRoute(page: Page, route: string) {
  await page.waitForFunction((r) => decodeURIComponent(location.hash.slice(1)).startsWith(r), route, {
    timeout: 10_000,
  })
}

/** On the login page: the demo account, the agreement, the button (its text in either language). */
export async function logIn(page: Page, username = 'demo', password = 'demo1234') {
  await waitForRoute(page, '/pages/login/login')
  const inputs = page.locator('uni-input input')
  await inputs.nth(0).fill(username)
  await inputs.nth(1).fill(password)
  await page.locator('uni-checkbox').first().click()
  await page.locator('uni-button', { hasText: /^\s*(登录|Log in)\s*$/ }).click()
}

/** Every animation and transition on the page has finished (a modal's fade-in, a page's slide). */
export async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, {
    timeout: 10_000,
  })
}

/** The modal's title, once it is fully shown. */
export async function modal(page: Page) {
  const title = page.locator('.uni-modal__title')
  await title.waitFor({ state: 'visible', timeout: 10_000 })
  await settled(page)
  return (await title.textContent())?.trim()
}

/** Taps a demo control and waits for the server to have done it. */
export async function tapControl(page: Page, test: string, path: string) {
  const done = page.waitForResponse((r) => new URL(r.url()).pathname === path && r.ok())
  await page.locator(`[data-test="${test}"]`).click()
  await done
}

/**
 * A screenshot of the whole page as one tall phone screen: the viewport grown to the page's height
 * for the shot (a full-page shot of uni's H5 leaves the fixed navigation and tab bars mid-page).
 */
export async function tallShot(page: Page, path: string, locator?: string) {
  const size = page.viewportSize() ?? { width: 390, height: 844 }
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height + 120) })
  try {
    await settled(page)
    if (locator) await page.locator(locator).screenshot({ path })
    else await page.screenshot({ path })
  } finally {
    await page.setViewportSize(size)
  }
}

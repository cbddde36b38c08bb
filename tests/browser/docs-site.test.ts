/**
 * The built docs site (docs/.vitepress/dist, from `npm run docs:build`) in Chromium, on a phone
 * (390 px) and a desktop (1280 px): the Chinese and the English home, one backend page in each, and
 * the generated API reference in each render their content with no console error, no page error and
 * no failed request. Screenshots go to artifacts/docs/. Without a build the suite builds the site
 * first (`npm ci --prefix docs` when its tools are missing).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Browser } from 'playwright-core'
import { ARTIFACTS, launchChromium, ROOT } from '../support/browser'

jest.setTimeout(600_000)

const DOCS = join(ROOT, 'docs')
const DIST = join(DOCS, '.vitepress', 'dist')
const SHOTS = join(ARTIFACTS, 'docs')
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

let server: Server
let origin: string
let browser: Browser

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    if (!existsSync(join(DOCS, 'node_modules', 'vitepress'))) {
      execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: DOCS, stdio: 'inherit' })
    }
    execFileSync(npm, ['run', 'build'], { cwd: DOCS, stdio: 'inherit' })
  }
  mkdirSync(SHOTS, { recursive: true })
  // The site as a static host serves it: a folder's index.html, files as they are, 404 otherwise.
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    )
    let file = join(DIST, path)
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
})

const PAGES: Array<[name: string, path: string, heading: RegExp]> = [
  ['zh-home', '/', /不让用户意外掉线的会话/],
  ['en-home', '/en/', /Sessions that never surprise the user/],
  ['zh-backend-ruoyi', '/backends/ruoyi.html', /若依/],
  ['en-backend-ruoyi', '/en/backends/ruoyi.html', /RuoYi/],
  ['zh-api', '/api/', /API/],
  ['en-api', '/en/api/', /API/],
  ['en-api-createAuth', '/en/api/uni-session/functions/createAuth.html', /createAuth/],
]

describe.each([
  ['phone', 390, 844],
  ['desktop', 1280, 800],
])('on a %s (%i px)', (device, width, height) => {
  test.each(PAGES)('%s renders with no console error', async (name, path, heading) => {
    const context = await browser.newContext({ viewport: { width, height } })
    try {
      const page = await context.newPage()
      const problems: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`)
      })
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`)
      })
      await page.goto(origin + path, { waitUntil: 'networkidle' })
      // Hydrated (VitePress marks the app) and the page's own content shown.
      await page.waitForFunction(() => !!document.querySelector('#app')?.hasChildNodes())
      const main = page.locator(path === '/' || path === '/en/' ? '.VPHero' : '.vp-doc')
      await main.first().waitFor({ state: 'visible' })
      expect(await main.first().textContent()).toMatch(heading)
      // Nothing wider than the screen (a table scrolls inside its own box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await page.screenshot({ path: join(SHOTS, `${name}-${device}.png`), fullPage: false })
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })
})

test('llms.txt lists the pages, and every page it links exists', () => {
  const llms = readFileSync(join(DIST, 'llms.txt'), 'utf8')
  expect(llms.startsWith('# uni-session\n')).toBe(true)
  const links = [...llms.matchAll(/\]\((\/[^)]+)\)/g)].map((m) => m[1] as string)
  expect(links.length).toBeGreaterThan(20)
  const missing = links.filter((l) => {
    const file = join(DIST, l.endsWith('/') ? `${l}index.html` : l)
    return !existsSync(file)
  })
  expect(missing).toEqual([])
})

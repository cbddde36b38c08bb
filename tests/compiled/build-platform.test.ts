/**
 * The build's platform constant reaches the packed library in node_modules (issue 22, "pay for what you
 * use"): a fresh uni-app project (tests/support/uni-consumer.ts) installs the `npm pack` tarball and
 * uses the README's setup (its src/session.ts and src/App.vue: createAuth, createRequest, installAuth);
 * its mp-weixin build carries none of the H5 code (the tab lock's Web Locks, `__uniRoutes`) and its H5
 * build none of the mini program code (`__wxConfig`, the hosts' globals), each with the module in it.
 *
 * And what uni-session adds to that app: the same template project without it, built for the same
 * targets; the difference of their JavaScript (raw and gzip -9, file by file) is printed and kept in
 * artifacts/uni-session-adds.json.
 */

import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../support/browser'
import { codeBlocks } from '../support/markdown'
import { cleanEnv, createUniConsumer, packLibrary, ROOT, type UniConsumer } from '../support/uni-consumer'

jest.setTimeout(300_000)

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
/** One README block by its file mark (`<!-- file: uni-app/src/session.ts -->`). */
const block = (file: string) => {
  const found = codeBlocks(README).find((b) => b.file === `uni-app/${file}`)
  if (!found) throw new Error(`README.md has no block marked uni-app/${file}`)
  return found.code
}

let tmp: string
let withIt: UniConsumer
let without: UniConsumer

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'uni-session-build-platform-'))
  const session = block('src/session.ts')
  // The README's App.vue; its guard's protected page is left out of pages.json (the template's one page).
  const app = block('src/App.vue')
  withIt = createUniConsumer({
    name: 'build-platform',
    files: { 'src/session.ts': session, 'src/App.vue': app },
    tarball: packLibrary(tmp),
  })
  // The same App.vue without the module: onLaunch does nothing.
  without = createUniConsumer({
    name: 'build-platform-without',
    files: {
      'src/App.vue':
        '<script setup lang="ts">\nimport { onLaunch } from \'@dcloudio/uni-app\'\n\nonLaunch(() => {})\n</script>\n',
    },
  })
})

afterAll(() => {
  withIt?.remove()
  without?.remove()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

/** Every JavaScript file of a build output: its text, raw bytes and gzip -9 bytes. */
function javascript(out: string) {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
    )
  const files = walk(out).map((f) => readFileSync(f))
  return {
    text: files.map((b) => b.toString('utf8')).join('\n'),
    raw: files.reduce((n, b) => n + b.length, 0),
    gzip: files.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
  }
}

const added: Array<{ target: string; raw: number; gzip: number; appRaw: number; appGzip: number }> = []
afterAll(() => {
  if (!added.length) return
  const lines = added.map(
    (a) =>
      `uni-session adds to the README setup's ${a.target} build: +${a.raw.toLocaleString('en-US')} B raw, ` +
      `+${a.gzip.toLocaleString('en-US')} B gzip (JavaScript; the template without it: ` +
      `${a.appRaw.toLocaleString('en-US')} B raw, ${a.appGzip.toLocaleString('en-US')} B gzip)`,
  )
  process.stderr.write(`\n${lines.join('\n')}\n`)
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true })
  writeFileSync(
    join(ROOT, 'artifacts', 'uni-session-adds.json'),
    `${JSON.stringify({ at: new Date().toISOString(), setup: 'README src/session.ts + src/App.vue', added }, null, 2)}\n`,
  )
})

describe.each(['mp-weixin', 'h5'] as const)('%s', (target) => {
  test('the module is in the build, with only its host code', () => {
    const js = javascript(withIt.build(target).out)
    expect(js.text).toContain('uni-session:')
    // A production build (uni build: NODE_ENV "production") keeps the short wording only (build.ts, DEV).
    expect(js.text).toContain('uni-session: bad `')
    expect(js.text).not.toContain('check the refresh URL')
    if (target === 'mp-weixin') {
      // The H5 tab lock (Web Locks) and H5's route table are not in a mini program build.
      expect(js.text).not.toMatch(/navigator/)
      expect(js.text).not.toContain('__uniRoutes')
      // The run-time guard is gone: the constant was folded.
      expect(js.text).not.toMatch(/typeof process/)
    } else {
      expect(js.text).not.toContain('__wxConfig')
      expect(js.text).not.toContain('__qqConfig')
      expect(js.text).toMatch(/\.locks/)
    }
  })

  test('what it adds to the app is measured against the same template without it', () => {
    const js = javascript(withIt.build(target).out)
    const bare = javascript(without.build(target).out)
    expect(bare.text).not.toContain('uni-session:')
    added.push({ target, raw: js.raw - bare.raw, gzip: js.gzip - bare.gzip, appRaw: bare.raw, appGzip: bare.gzip })
    expect(js.raw).toBeGreaterThan(bare.raw)
  })
})

/** A free loopback port (asked of the system, then let go for the dev server). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

// `uni` (the dev server) pre-bundles node_modules with Vite's esbuild step, which is not the build's
// rollup: the packed module must run there too, its `process` guard taken out by uni's conditional
// compilation and the development wording kept (NODE_ENV is not "production").
test("under uni's H5 dev server the packed module runs in the browser, in its development wording, and nothing asks for `process`", async () => {
  const port = await freePort()
  const dev = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/@dcloudio/vite-plugin-uni/bin/uni.js'), '--host', '127.0.0.1', '--port', String(port)],
    { cwd: withIt.root, env: cleanEnv() },
  )
  let log = ''
  dev.stdout.on('data', (d) => {
    log += d
  })
  dev.stderr.on('data', (d) => {
    log += d
  })
  const browser = await launchChromium()
  try {
    for (let i = 0; i < 240 && !log.includes(String(port)); i++) await new Promise((r) => setTimeout(r, 250))
    expect(log).toContain(String(port))
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 120_000 })
    // The template's pages.json has no login page: installAuth says so, in full (a development build).
    for (let i = 0; i < 240 && !errors.some((e) => e.includes('uni-session:')); i++) await page.waitForTimeout(250)
    expect(errors.join('\n')).toContain("is not one of the app's pages")
    expect(errors.join('\n')).not.toMatch(
      /process is not defined|Cannot read properties of undefined \(reading 'env'\)/,
    )
  } finally {
    await browser.close()
    dev.kill('SIGTERM')
  }
})

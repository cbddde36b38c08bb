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
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { codeBlocks } from '../support/markdown'
import { createUniConsumer, packLibrary, ROOT, type UniConsumer } from '../support/uni-consumer'

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

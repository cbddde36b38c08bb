/**
 * Issue 22, "Done when": a template-shaped app (tests/consumer/template-app.ts: its own guard with
 * `?redirect=`, its own login page, alova, a pinia-persisted token store, Chinese only, no login page
 * in mini programs) adopts uni-session without changing its guard. It builds for mp-weixin and H5,
 * and its journey runs on the compiled mp-weixin output, on a phone set to English: the token signed
 * in before the upgrade is adopted, one refresh for ten requests, one prompt in Chinese, back on the
 * page after the (silent) login, Cancel stays. What uni-session adds to its mp-weixin JavaScript is
 * measured against the same app before the upgrade (its own alova token authentication).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Auth } from '../../src/lib'
import { type CompiledApp, launchCompiledApp } from '../support/compiled-consumer'
import { type RunningServer, startServer } from '../support/server-process'
import {
  type BuildResult,
  createUniConsumer,
  describeBuild,
  listFiles,
  packLibrary,
  recordBuilds,
  type UniConsumer,
} from '../support/uni-consumer'
import { API_ORIGIN, templateApp } from './template-app'

jest.setTimeout(240_000)

let tmp: string
let beforeApp: UniConsumer
let afterApp: UniConsumer
const builds: BuildResult[] = []

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'uni-session-template-'))
  beforeApp = createUniConsumer({ name: 'template-before', files: templateApp(false) })
  afterApp = createUniConsumer({ name: 'template-after', files: templateApp(true), tarball: packLibrary(tmp) })
})

afterAll(() => {
  if (builds.length) {
    process.stderr.write(`\n${builds.map((b) => describeBuild('template consumer', b)).join('\n')}\n`)
    recordBuilds('template', builds)
  }
  beforeApp?.remove()
  afterApp?.remove()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

/** The JavaScript of a build: bytes raw and gzip -9, summed per file (as the host downloads them). */
function jsBytes(out: string): { raw: number; gzip: number } {
  let raw = 0
  let gzip = 0
  for (const file of listFiles(out).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(out, file))
    raw += text.length
    gzip += gzipSync(text, { level: 9 }).length
  }
  return { raw, gzip }
}

describe('the template app builds before and after adopting uni-session', () => {
  test('the guard is the same file in both', () => {
    const [a, b] = [templateApp(false), templateApp(true)]
    expect(a['src/router/interceptor.ts']).toBe(b['src/router/interceptor.ts'])
    expect(a['src/router/config.ts']).toBe(b['src/router/config.ts'])
    expect(b['src/manifest.json']).toBeUndefined() // the scaffold's: no locale
  })

  test('the adopted app type-checks (vue-tsc): no error', () => {
    const result = afterApp.typecheck()
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  })

  test('both build for mp-weixin; what uni-session adds to the JavaScript is reported', () => {
    const b = beforeApp.build('mp-weixin')
    const a = afterApp.build('mp-weixin')
    builds.push(a)
    const [before, after] = [jsBytes(b.out), jsBytes(a.out)]
    const line = `template consumer mp-weixin JS: before ${before.raw} B raw / ${before.gzip} B gzip; after ${after.raw} / ${after.gzip}; uni-session adds ${after.raw - before.raw} B raw / ${after.gzip - before.gzip} B gzip`
    process.stderr.write(`\n${line}\n`)
    expect(readFileSync(join(a.out, 'common', 'vendor.js'), 'utf8')).toContain('uni-session:')
    expect(readFileSync(join(b.out, 'common', 'vendor.js'), 'utf8')).not.toContain('uni-session:')
  })

  test('the adopted app builds for H5, the package in its JavaScript', () => {
    const build = afterApp.build('h5')
    builds.push(build)
    const assets = join(build.out, 'assets')
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
    expect(js.some((f) => readFileSync(join(assets, f), 'utf8').includes('uni-session:'))).toBe(true)
  })
})

describe('the journey on the adopted app built for mp-weixin, on a phone set to English', () => {
  interface Alova {
    Get(url: string): PromiseLike<{ username: string }>
  }
  let server: RunningServer
  let compiled: CompiledApp
  let auth: Auth
  let alova: Alova
  let demoTokens: { accessToken: string; refreshToken: string }

  beforeAll(async () => {
    const { out } = afterApp.build('mp-weixin')
    server = await startServer(['--single-session'])
    // Signed in before the upgrade: the old app's token store, as pinia-plugin-persistedstate wrote it.
    const res = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo1234' }),
    })
    demoTokens = (await res.json()) as typeof demoTokens
    compiled = await launchCompiledApp({
      out,
      apiOrigin: API_ORIGIN,
      server,
      runtime: { locale: 'en' },
      prepare: (runtime) =>
        runtime.api.setStorageSync(
          'token',
          JSON.stringify({
            tokenInfo: { accessToken: demoTokens.accessToken, refreshToken: demoTokens.refreshToken },
          }),
        ),
    })
    auth = compiled.module<{ auth: Auth }>('http/session.js').auth
    alova = compiled.module<{ alova: Alova }>('http/alova.js').alova
    await compiled.settle()
  })

  afterAll(async () => {
    await auth?.signOut()
    compiled?.uninstall()
    await server?.stop()
  })

  const stored = () => JSON.parse(String(compiled.runtime.api.getStorageSync('token') || '{}'))

  test('the user signed in before the upgrade is still signed in: the old tokenInfo was adopted and is gone', async () => {
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getTokens()?.accessToken).toBe(demoTokens.accessToken)
    expect(stored().tokenInfo).toBeUndefined()
    expect(stored().record?.tokens?.accessToken).toBe(demoTokens.accessToken)
    expect((await alova.Get('/api/me')).username).toBe('demo')
  })

  test('ten requests on an expired access token make one refresh and all succeed', async () => {
    await server.control('POST', '/__control/reset')
    await server.control('POST', '/__control/expire-access', { username: 'demo' })
    const replies = await Promise.all(Array.from({ length: 10 }, () => alova.Get('/api/me')))
    expect(replies.map((r) => r.username)).toEqual(Array(10).fill('demo'))
    expect((await server.stats()).refreshes).toBe(1)
    // The record follows into the token store (one source of truth).
    expect(stored().record?.tokens?.accessToken).toBe(auth.getTokens()?.accessToken)
  })

  test('a session ended elsewhere: one prompt in Chinese, the silent login signs in again, the user stays on the page', async () => {
    await compiled.uni.navigateTo({ url: '/pages/order/detail?id=7' })
    await compiled.settle()
    const stack = compiled.runtime.stack()
    expect(stack[stack.length - 1]).toBe('/pages/order/detail?id=7')
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    const modals = compiled.runtime.modals.length
    const errors = await Promise.all(
      Array.from({ length: 5 }, () =>
        Promise.resolve(alova.Get('/api/me')).then(
          () => undefined,
          (e: Error) => e.name,
        ),
      ),
    )
    await compiled.settle()
    // alovaAuth hands the ended session's 401 to the app's onSuccess, which throws its own Error.
    expect(errors.every((e) => e !== undefined)).toBe(true)
    expect(compiled.runtime.modals.slice(modals).map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
    // No login page in the mini program: confirm ran the silent login (the WeChat user), on the same page.
    expect(compiled.runtime.stack()).toEqual(stack)
    // The silent login goes to the reference server over loopback: real time, a few round trips.
    for (let i = 0; i < 100 && !auth.isSignedIn(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      await compiled.settle()
    }
    expect(auth.isSignedIn()).toBe(true)
    expect(compiled.runtime.stack()).toEqual(stack)
    expect((await alova.Get('/api/me')).username).not.toBe('demo')
  })

  test('Cancel stays on the page, signed out', async () => {
    const me = await alova.Get('/api/me')
    const stack = compiled.runtime.stack()
    compiled.runtime.modalAnswer = false
    await server.control('POST', '/__control/sign-in-elsewhere', { username: me.username })
    await Promise.resolve(alova.Get('/api/me')).then(
      () => undefined,
      () => undefined,
    )
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(stack)
    expect(auth.isSignedIn()).toBe(false)
    expect(stored().record).toBeUndefined()
  })
})

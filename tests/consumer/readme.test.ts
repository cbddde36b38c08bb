/**
 * The quick start, as a new user copies it: the docs' full one (docs/en/guide/quick-start.md), of
 * which the README's three files are copies (tests/docs/readme.test.ts checks that they are the
 * same). Every block marked `<!-- file: uni-app/<path> -->` there is written to `<path>` of a fresh uni-app project
 * (the vite-ts template's files, tests/support/uni-consumer.ts) that installs the packed package
 * (`npm pack`, unpacked into its node_modules/uni-session). Then `vue-tsc`, the mp-weixin and the
 * H5 builds, and the journey on the mp-weixin build: launch (the App.vue block's onLaunch), login
 * through the store block, one refresh for a burst on an expired token, one modal for an ended
 * session and the way back after login. A README edit that breaks a block fails here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Auth, Requester } from '../../src/lib'
import { type CompiledApp, launchCompiledApp } from '../support/compiled-consumer'
import { codeBlocks, filesFor } from '../support/markdown'
import { type RunningServer, startServer } from '../support/server-process'
import {
  type BuildResult,
  createUniConsumer,
  describeBuild,
  packLibrary,
  ROOT,
  recordBuilds,
  type UniConsumer,
} from '../support/uni-consumer'

jest.setTimeout(240_000)

const README = readFileSync(join(ROOT, 'docs', 'en', 'guide', 'quick-start.md'), 'utf8')
/** The origin the quick start's session.ts talks to; the journey sends it to the reference server. */
const API = 'https://api.example.com'

const OPEN_PROTECTED_PAGE = filesFor(README, 'snippet')['open-protected-page.ts']
if (!OPEN_PROTECTED_PAGE) throw new Error('the quick start has no snippet/open-protected-page.ts block')

/** The project's home page (the template's), opening the protected page as the quick start says. */
const HOME = `<script setup lang="ts">
function openMe() {
${OPEN_PROTECTED_PAGE.replace(/^(?=.)/gm, '  ')}}
</script>

<template>
  <view><button @tap="openMe">我的</button></view>
</template>
`

let tmp: string
let consumer: UniConsumer
const builds: BuildResult[] = []

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'uni-session-readme-'))
  consumer = createUniConsumer({
    name: 'readme',
    files: { ...filesFor(README, 'uni-app'), 'src/pages/index/index.vue': HOME },
    tarball: packLibrary(tmp),
  })
})

afterAll(() => {
  if (builds.length) {
    const lines = builds.map((b) => describeBuild('README consumer', b))
    process.stderr.write(`\n${lines.join('\n')}\n`)
    recordBuilds('readme', builds)
  }
  consumer?.remove()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('the quick start marks its code', () => {
  test('every code block of the quick start is marked with its file, shell commands aside', () => {
    const unmarked = codeBlocks(README).filter((b) => !b.file && b.lang !== 'sh')
    expect(unmarked.map((b) => `line ${b.line}: ${b.code.split('\n')[0]}`)).toEqual([])
  })

  test('the uni-app blocks make a whole app: main, App.vue, the session, the store, pages.json, login, a protected page', () => {
    expect(Object.keys(filesFor(README, 'uni-app')).sort()).toEqual([
      'src/App.vue',
      'src/main.ts',
      'src/pages.json',
      'src/pages/login/login.vue',
      'src/pages/me/me.vue',
      'src/session.ts',
      'src/store/auth.ts',
    ])
  })

  test("they import the published entries, never the demo's own paths", () => {
    const files = filesFor(README, 'uni-app')
    const specifiers = Object.values(files).flatMap((code) =>
      [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string),
    )
    expect(specifiers.filter((s) => /^@\/(auth|utils)|src\//.test(s))).toEqual([])
    expect(specifiers).toEqual(expect.arrayContaining(['uni-session', 'uni-session/store']))
  })
})

describe('the quick start app in a fresh uni-app project, with the packed package', () => {
  test('vue-tsc: no error', () => {
    const result = consumer.typecheck()
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  })

  test('builds for mp-weixin: its pages, the session, the store, and the package in common/vendor.js', () => {
    const build = consumer.build('mp-weixin')
    builds.push(build)
    for (const page of ['index/index', 'login/login', 'me/me']) {
      expect(readdirSync(join(build.out, 'pages', page.split('/')[0] as string))).toContain(`${page.split('/')[1]}.js`)
    }
    const vendor = readFileSync(join(build.out, 'common', 'vendor.js'), 'utf8')
    expect(vendor).toContain('uni-session:')
    // The app's own modules import the package, not a copy of it.
    expect(readFileSync(join(build.out, 'session.js'), 'utf8')).not.toContain('uni-session:')
  })

  test('builds for H5, the package in its JavaScript', () => {
    const build = consumer.build('h5')
    builds.push(build)
    const assets = join(build.out, 'assets')
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
    expect(js.some((f) => readFileSync(join(assets, f), 'utf8').includes('uni-session:'))).toBe(true)
  })
})

describe('the journey on the quick start app built for mp-weixin', () => {
  interface Store {
    isLoggedIn: boolean
    user?: { nickname: string }
    login(credentials: { username: string; password: string }): Promise<unknown>
  }
  let server: RunningServer
  let compiled: CompiledApp
  let session: { auth: Auth; request: Requester; NEED_LOGIN: string[] }

  beforeAll(async () => {
    const { out } = consumer.build('mp-weixin')
    server = await startServer(['--single-session'])
    compiled = await launchCompiledApp({ out, apiOrigin: API, server })
    session = compiled.module('session.js')
  })

  afterAll(async () => {
    await session?.auth.signOut()
    compiled?.uninstall()
    await server?.stop()
  })

  const store = () => compiled.module<{ useAuthStore(): Store }>('store/auth.js').useAuthStore()

  test('App.vue installed the journey at launch: a signed-out navigation to the protected page goes to login', async () => {
    // The guard stops the navigation (its promise rejects, as the quick start says) and opens the login page.
    await expect(compiled.uni.navigateTo({ url: '/pages/me/me' })).rejects.toEqual({
      errMsg: 'navigateTo:fail login required',
    })
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
  })

  test('the store logs in (POST /auth/login) and the login page returns to the page the guard stopped', async () => {
    await store().login({ username: 'demo', password: 'demo1234' })
    expect(store().isLoggedIn).toBe(true)
    expect(store().user?.nickname).toBeTruthy()
    await session.auth.returnAfterLogin()
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me'])
  })

  test('ten requests on an expired access token make one refresh and all succeed', async () => {
    await server.control('POST', '/__control/reset')
    await server.control('POST', '/__control/expire-access', { username: 'demo' })
    const replies = await Promise.all(Array.from({ length: 10 }, () => session.request.get('/api/me')))
    expect(replies.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect((await server.stats()).refreshes).toBe(1)
  })

  test('a session ended elsewhere: one modal, the requests reject with CredentialsError, login, and back', async () => {
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    const modals = compiled.runtime.modals.length
    const errors = await Promise.all(
      Array.from({ length: 5 }, () =>
        session.request.get('/api/me').then(
          () => undefined,
          (e: Error) => e.name,
        ),
      ),
    )
    await compiled.settle()
    expect(errors).toEqual(Array(5).fill('CredentialsError'))
    expect(compiled.runtime.modals.slice(modals).map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me', '/pages/login/login'])
    expect(store().isLoggedIn).toBe(false)

    await store().login({ username: 'demo', password: 'demo1234' })
    await session.auth.returnAfterLogin()
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me'])
  })
})

/**
 * The uni_modules edition (`npm run build:uni_modules`, dist/uni_modules/<id>/), as an HBuilderX
 * user takes it: what the folder holds and what its package.json says to DCloud's market; then a
 * fresh uni-app project in JavaScript (HBuilderX's default) with the module copied into its
 * `uni_modules/`, its app written from the blocks of the module's own readme.md (marked
 * `<!-- file: project/<path> -->`, importing `@/uni_modules/<id>/js_sdk/...`), built for mp-weixin
 * and H5, and the journey on the mp-weixin build under the project's mini program runtime: one
 * refresh for a burst, one modal for an ended session, back after login.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Auth, Requester } from '../../src/lib'
import { type CompiledApp, launchCompiledApp } from '../support/compiled-consumer'
import { newerThanES2017 } from '../support/es2017'
import { filesFor, headings } from '../support/markdown'
import { type RunningServer, startServer } from '../support/server-process'
import {
  type BuildResult,
  createUniConsumer,
  describeBuild,
  listFiles,
  ROOT,
  recordBuilds,
  type UniConsumer,
} from '../support/uni-consumer'

jest.setTimeout(240_000)

const ID = 'usession-request'
const MODULE = join(ROOT, 'dist', 'uni_modules', ID)
const API = 'https://api.example.com'
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }

/** The project's home page, in JavaScript, with a way to the protected page. */
const HOME = `<script setup>
function openMe() {
  uni.navigateTo({ url: '/pages/me/me' })
}
</script>

<template>
  <view><button @tap="openMe">我的</button></view>
</template>
`

/** A TypeScript file of the project: the module's typings, as a TS user of the edition gets them. */
const TYPED = `import { type Auth, createAuth, createRequest, isCredentialsError, type Requester } from '@/uni_modules/${ID}/js_sdk/index.js'
import { defineAuthStore } from '@/uni_modules/${ID}/js_sdk/store.js'
import { ruoyi } from '@/uni_modules/${ID}/js_sdk/presets.js'

interface User { nickname: string }
const auth: Auth = createAuth({ refresh: { url: 'https://api.example.com/auth/refresh' } })
const request: Requester = createRequest({ baseURL: 'https://api.example.com', auth })
export const ruoyiAuth: Auth = createAuth({ ...ruoyi({ logoutUrl: 'https://api.example.com/logout' }) })
export const useTyped = defineAuthStore<User, { code: string }>(auth, {
  login: async (c) => (await request.post('/auth/wechat', c, { auth: false })).data,
})
export async function nickname(): Promise<string | undefined> {
  try {
    return (await request.get<User>('/api/me')).data.nickname
  } catch (e) {
    if (isCredentialsError(e)) return undefined
    throw e
  }
}
`

let files: string[]
let pkg: Record<string, unknown> & {
  dcloudext: Record<string, unknown>
  uni_modules: { platforms: Record<string, unknown>; dependencies: unknown[] }
}
let readme: string
let consumer: UniConsumer
const builds: BuildResult[] = []

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:uni_modules'], { cwd: ROOT, stdio: 'pipe' })
  files = listFiles(MODULE).sort()
  pkg = JSON.parse(readFileSync(join(MODULE, 'package.json'), 'utf8'))
  readme = readFileSync(join(MODULE, 'readme.md'), 'utf8')
  // The readme's blocks are files of an HBuilderX project (its root); a CLI project keeps them in src/.
  const app = Object.fromEntries(
    Object.entries(filesFor(readme, 'project')).map(([path, code]) => [`src/${path}`, code]),
  )
  consumer = createUniConsumer({
    name: 'uni-modules',
    files: { ...app, 'src/pages/index/index.vue': HOME, 'src/typed.ts': TYPED },
  })
  cpSync(MODULE, join(consumer.root, 'src', 'uni_modules', ID), { recursive: true })
})

afterAll(() => {
  if (builds.length) {
    process.stderr.write(`\n${builds.map((b) => describeBuild('uni_modules consumer', b)).join('\n')}\n`)
    recordBuilds('uni_modules', builds)
  }
  consumer?.remove()
})

describe('dist/uni_modules/<id>', () => {
  test('holds the ES2017 build with its typings, readme.md, changelog.md, license.md, package.json: no app files', () => {
    const top = files.filter((f) => !f.startsWith('js_sdk/types/'))
    expect(top).toEqual([
      'changelog.md',
      'js_sdk/adapters.d.ts',
      'js_sdk/adapters.js',
      'js_sdk/index.d.ts',
      'js_sdk/index.js',
      'js_sdk/presets.d.ts',
      'js_sdk/presets.js',
      'js_sdk/store.d.ts',
      'js_sdk/store.js',
      'license.md',
      'package.json',
      'readme.md',
    ])
    expect(files).toContain('js_sdk/types/lib/index.d.ts')
    expect(files).toContain('js_sdk/types/store/define-auth-store.d.ts')
    expect(files).toContain('js_sdk/types/presets/index.d.ts')
    expect(files).toContain('js_sdk/types/adapters/index.d.ts')
    expect(files.filter((f) => /^js_sdk\/types\/(testing|platforms)\//.test(f))).toEqual([])
    // A uni_modules plugin may not hold these (DCloud's rule): the app's own files.
    expect(files.filter((f) => /(^|\/)(pages\.json|App\.vue|main\.(js|ts)|manifest\.json|uni\.scss)$/.test(f))).toEqual(
      [],
    )
  })

  test('the code is the npm build, ES2017, importing nothing but vue and pinia (the store)', () => {
    for (const f of ['index', 'store', 'presets', 'adapters']) {
      expect(readFileSync(join(MODULE, `js_sdk/${f}.js`), 'utf8')).toBe(
        readFileSync(join(ROOT, `dist/lib/esm/${f}.js`), 'utf8'),
      )
    }
    for (const f of ['index.js', 'store.js', 'presets.js', 'adapters.js']) {
      const code = readFileSync(join(MODULE, 'js_sdk', f), 'utf8')
      expect({ f, newer: newerThanES2017(code) }).toEqual({ f, newer: [] })
      const imports = [...code.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]).sort()
      expect({ f, imports }).toEqual({ f, imports: f === 'store.js' ? ['pinia', 'vue'] : [] })
    }
  })

  test('package.json: an id DCloud accepts, the version, sdk-js, the npm URL', () => {
    const id = String(pkg.id)
    expect(id).toBe(ID)
    // "authorId-name", letters and digits in each part; the author part may not use "uni" or "DCloud".
    expect(id).toMatch(/^[A-Za-z0-9]{2,}-[A-Za-z0-9]+$/)
    expect(id.split('-')[0]).not.toMatch(/uni|dcloud/i)
    expect(pkg.version).toBe(rootPackage.version)
    expect(pkg.displayName).toEqual(expect.any(String))
    expect((pkg.keywords as string[]).length).toBeLessThanOrEqual(5)
    expect(pkg.dcloudext).toMatchObject({ type: 'sdk-js', npmurl: `https://www.npmjs.com/package/${rootPackage.name}` })
    expect(pkg.dcloudext.declaration).toEqual({ ads: '无', data: expect.any(String), permissions: '无' })
    expect(pkg.uni_modules.dependencies).toEqual([])
  })

  test('platforms: "√" only for what the tests run (Vue 3, Vue 2 in vue2-uni-modules.test.ts, H5 in Chrome, WeChat)', () => {
    const marks: Record<string, string> = {}
    const walk = (node: unknown, path: string[]) => {
      if (typeof node === 'string') marks[path.join('.')] = node
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k])
    }
    walk(pkg.uni_modules.platforms, [])
    expect(Object.keys(marks).filter((k) => marks[k] === '√')).toEqual([
      'client.uni-app.vue.vue2',
      'client.uni-app.vue.vue3',
      'client.uni-app.web.chrome',
      'client.uni-app.mp.weixin',
    ])
    expect(new Set(Object.values(marks))).toEqual(new Set(['√', '-', 'x']))
  })

  test('readme.md and changelog.md are Chinese; the changelog starts at this version', () => {
    const cjk = (text: string) => (text.match(/[\u4e00-\u9fff]/g) ?? []).length
    const changelog = readFileSync(join(MODULE, 'changelog.md'), 'utf8')
    const prose = (text: string) => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '')
    for (const text of [readme, changelog]) expect(cjk(prose(text))).toBeGreaterThan(prose(text).length / 5)
    expect(headings(changelog)[0]?.text).toMatch(new RegExp(`^${rootPackage.version.replace(/\./g, '\\.')}（`))
    // Its code imports the module the uni_modules way, by path.
    const specifiers = Object.values(filesFor(readme, 'project')).flatMap((code) =>
      [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string),
    )
    expect(specifiers).toEqual(
      expect.arrayContaining([`@/uni_modules/${ID}/js_sdk/index.js`, `@/uni_modules/${ID}/js_sdk/store.js`]),
    )
    expect(specifiers.filter((s) => s.startsWith('uni-session'))).toEqual([])
  })
})

describe('a JavaScript uni-app project with the module in its uni_modules/', () => {
  test('its typings: a TypeScript file of the project type-checks against js_sdk/*.d.ts', () => {
    const result = consumer.typecheck()
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  })

  test('builds for mp-weixin, the module compiled under uni_modules/', () => {
    const build = consumer.build('mp-weixin')
    builds.push(build)
    const compiled = listFiles(build.out).filter((f) => f.startsWith(`uni_modules/${ID}/`))
    expect(compiled).toEqual(expect.arrayContaining([`uni_modules/${ID}/js_sdk/index.js`]))
    const index = readFileSync(join(build.out, `uni_modules/${ID}/js_sdk/index.js`), 'utf8')
    expect(index).toContain('uni-session:')
    // The build's platform constant reached the edition: no H5 tab lock, no H5 route table, the guard folded.
    expect(index).not.toMatch(/navigator|__uniRoutes|typeof process/)
  })

  test('builds for H5, the module in its JavaScript', () => {
    const build = consumer.build('h5')
    builds.push(build)
    const assets = join(build.out, 'assets')
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
    expect(js.some((f) => readFileSync(join(assets, f), 'utf8').includes('uni-session:'))).toBe(true)
  })
})

describe('the journey on the mp-weixin build', () => {
  interface Store {
    isLoggedIn: boolean
    user?: { nickname: string }
    login(credentials: { username: string; password: string }): Promise<unknown>
  }
  let server: RunningServer
  let compiled: CompiledApp
  let session: { auth: Auth; request: Requester }

  beforeAll(async () => {
    const { out } = consumer.build('mp-weixin')
    server = await startServer(['--single-session'])
    compiled = await launchCompiledApp({ out, apiOrigin: API, server })
    session = compiled.module('common/session.js')
  })

  afterAll(async () => {
    await session?.auth.signOut()
    compiled?.uninstall()
    await server?.stop()
  })

  const store = () => compiled.module<{ useAuthStore(): Store }>('stores/auth.js').useAuthStore()

  test("signed out, App.vue's installAuth guards the protected page; login returns to it", async () => {
    // The guard stops the navigation (its promise rejects, as the README says) and opens the login page.
    await expect(compiled.uni.navigateTo({ url: '/pages/me/me' })).rejects.toEqual({
      errMsg: 'navigateTo:fail login required',
    })
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    await store().login({ username: 'demo', password: 'demo1234' })
    expect(store().user?.nickname).toBeTruthy()
    await session.auth.returnAfterLogin()
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me'])
  })

  test('ten requests on an expired access token: one refresh', async () => {
    await server.control('POST', '/__control/reset')
    await server.control('POST', '/__control/expire-access', { username: 'demo' })
    const replies = await Promise.all(Array.from({ length: 10 }, () => session.request.get('/api/me')))
    expect(replies.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect((await server.stats()).refreshes).toBe(1)
  })

  test('a session ended elsewhere: one modal, the login page, and back after login', async () => {
    await server.control('POST', '/__control/sign-in-elsewhere', { username: 'demo' })
    const modals = compiled.runtime.modals.length
    await Promise.all(Array.from({ length: 5 }, () => session.request.get('/api/me').catch(() => undefined)))
    await compiled.settle()
    expect(compiled.runtime.modals.slice(modals).map((m) => m.options.title)).toEqual(['账号已在其他设备登录'])
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me', '/pages/login/login'])
    await store().login({ username: 'demo', password: 'demo1234' })
    await session.auth.returnAfterLogin()
    await compiled.settle()
    expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me'])
  })
})

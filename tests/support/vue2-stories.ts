/**
 * The Vue 2 consumer (tests/consumer-vue2, tests/support/vue2-consumer.ts) with one edition of the
 * module: built for mp-weixin and H5, then the journey on the compiled mp-weixin output under the
 * project's mini program runtime, against the reference server over loopback: the route guard that
 * App.vue's onLaunch installed, login through the app's store-free state (auth-state.js), one refresh
 * for ten requests on an expired token, one modal for a session ended elsewhere, back after login.
 *
 * The app's modules sit in webpack chunks, not files: the test finds them by their exports
 * (tests/support/webpack-modules.ts).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Auth, Requester } from '../../src/lib'
import type { MiniProgramApi } from '../../src/testing/mp-runtime'
import { type CompiledApp, launchCompiledApp } from './compiled-consumer'
import { type RunningServer, startServer } from './server-process'
import { type BuildResult, describeBuild, listFiles, recordBuilds } from './uni-consumer'
import { buildVue2, type Vue2Edition } from './vue2-consumer'
import { findModule } from './webpack-modules'

/** The origin the app's session.js talks to; the journey sends it to the reference server. */
const API = 'https://api.example.com'

interface AuthStateModule {
  authState: { isLoggedIn: boolean; user?: { nickname: string } }
  login(credentials: { username: string; password: string }): Promise<void>
  logout(): Promise<void>
}

export function vue2Stories(edition: Vue2Edition, prepare: () => void): void {
  const builds: BuildResult[] = []
  const name = edition === 'npm' ? 'vue2' : 'vue2-uni_modules'

  beforeAll(prepare)

  afterAll(() => {
    if (!builds.length) return
    process.stderr.write(`\n${builds.map((b) => describeBuild(`Vue 2 consumer (${edition})`, b)).join('\n')}\n`)
    recordBuilds(name, builds)
  })

  let mp: BuildResult | undefined
  const mpBuild = () => {
    if (!mp) {
      mp = buildVue2('mp-weixin', edition)
      builds.push(mp)
    }
    return mp
  }

  describe(`the Vue 2 project with the ${edition} edition`, () => {
    test('builds for mp-weixin: its pages, and the module in common/vendor.js', () => {
      const { out } = mpBuild()
      expect(listFiles(out)).toEqual(
        expect.arrayContaining([
          'app.js',
          'common/vendor.js',
          'pages/index/index.js',
          'pages/login/login.js',
          'pages/me/me.js',
        ]),
      )
      expect(readFileSync(join(out, 'common', 'vendor.js'), 'utf8')).toContain('uni-session:')
    })

    test('builds for H5, the module in its JavaScript', () => {
      const build = buildVue2('h5', edition)
      builds.push(build)
      const js = listFiles(build.out).filter((f) => f.endsWith('.js'))
      expect(js.some((f) => readFileSync(join(build.out, f), 'utf8').includes('uni-session:'))).toBe(true)
    })
  })

  describe(`the journey on the Vue 2 project (${edition}) built for mp-weixin`, () => {
    let server: RunningServer
    let compiled: CompiledApp
    let session: { auth: Auth; request: Requester; NEED_LOGIN: string[] }
    let state: AuthStateModule
    let uni: MiniProgramApi

    beforeAll(async () => {
      const { out } = mpBuild()
      server = await startServer(['--single-session'])
      compiled = await launchCompiledApp({ out, apiOrigin: API, server })
      session = findModule(['auth', 'request', 'NEED_LOGIN'])
      state = findModule(['authState', 'login', 'logout'])
      // uni's layer for WeChat (@dcloudio/uni-mp-weixin/dist/index.js): `uni` is its default export, beside
      // createApp and createPage. (Its wx.js, a copy of the host's wx, also has a default with navigateTo.)
      uni = findModule<{ default: MiniProgramApi }>(['createApp', 'createPage', 'default']).default
    })

    afterAll(async () => {
      await session?.auth.signOut()
      compiled?.uninstall()
      await server?.stop()
    })

    test("App.vue's onLaunch installed the journey: a signed-out navigation to the protected page goes to login", async () => {
      // The guard stops the navigation; with the template's uni.promisify.adaptor.js its promise rejects, as in Vue 3.
      await expect(uni.navigateTo({ url: '/pages/me/me' })).rejects.toEqual({
        errMsg: 'navigateTo:fail login required',
      })
      await compiled.settle()
      expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/login/login'])
    })

    test('the store-free state logs in (POST /auth/login), follows the session, and login returns to the page the guard stopped', async () => {
      expect(state.authState.isLoggedIn).toBe(false)
      await state.login({ username: 'demo', password: 'demo1234' })
      expect(state.authState.isLoggedIn).toBe(true)
      expect(state.authState.user?.nickname).toBeTruthy()
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
      expect(state.authState.isLoggedIn).toBe(false)

      await state.login({ username: 'demo', password: 'demo1234' })
      await session.auth.returnAfterLogin()
      await compiled.settle()
      expect(compiled.runtime.stack()).toEqual(['/pages/index/index', '/pages/me/me'])
      expect(state.authState.isLoggedIn).toBe(true)
    })
  })
}

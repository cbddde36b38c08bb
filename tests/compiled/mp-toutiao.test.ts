/**
 * The compiled uni-app output for Douyin (dist/build/mp-toutiao, built when its sources changed), loaded as
 * the host would load it, under the runtime's 'toutiao' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { type CompiledApp, startCompiledApp } from '../support/compiled-app'
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-toutiao', {
  registersPagesWith: 'Component',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'toutiao',
  navigateToAddsId: true,
})

describe('a user not logged in to Douyin', () => {
  let app: CompiledApp

  beforeAll(async () => {
    app = await startCompiledApp('mp-toutiao', {
      before: (runtime) => {
        runtime.account.hostLoggedIn = false
      },
    })
  })

  afterAll(async () => {
    await app?.close()
  })

  test('the silent login at launch asks tt.login without the login box, gets only an anonymous code and stays signed out', () => {
    const { runtime } = app
    expect(runtime.account.loginBoxes).toBe(0)
    expect(runtime.account.anonymousCodes).toEqual(['anonymous-1'])
    expect(runtime.loginCodes).toEqual([])
    expect(runtime.calls.filter((c) => c.url.endsWith('/auth/wechat'))).toEqual([])
    expect(app.session().auth.isSignedIn()).toBe(false)
  })
})

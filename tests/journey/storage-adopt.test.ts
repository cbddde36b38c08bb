/**
 * One source of truth (issue 22.4) and no one signed out by the upgrade (issue 21.4): the session's
 * record where the app keeps its tokens, and a token the app stored before, taken over once.
 */
import { createAuth } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'
import { createRequest } from '../../src/utils/request'
import { unsignedJwt } from '../support/jwt'
import { BASE, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

const KEY = 'uni-session'

describe('adopting the token the app stored before the upgrade', () => {
  test("a session adopted from an app's old storage key is signed in after the upgrade and the old key is gone", async () => {
    const platform = createScriptedPlatform(() => ({ statusCode: 200, data: { code: 200 } }))
    // RuoYi-App (utils/auth.js): uni.setStorageSync('App-Token', token), the bare token.
    platform.storage.set('App-Token', 'ruoyi-token-1')
    const auth = createAuth({ platform, adopt: 'App-Token' })
    expect(auth.isSignedIn()).toBe(true)
    expect(auth.getTokens()?.accessToken).toBe('ruoyi-token-1')
    expect(platform.storage.has('App-Token')).toBe(false)
    expect(platform.storage.get(KEY)).toMatchObject({ v: 1, tokens: { accessToken: 'ruoyi-token-1' } })
    await createRequest({ baseURL: BASE, auth, platform }).get('/getInfo')
    expect(platform.calls[0]?.options.header).toMatchObject({ Authorization: 'Bearer ruoyi-token-1' })
    // The next launch reads the record; the old key stays gone.
    expect(createAuth({ platform, adopt: 'App-Token' }).getTokens()?.accessToken).toBe('ruoyi-token-1')
  })

  test("a function reads the token from the app's pinia-persisted store (unibest's `token` store)", () => {
    const platform = createScriptedPlatform()
    const accessToken = unsignedJwt({ exp: Math.floor(Date.now() / 1000) + 3600 })
    // pinia-plugin-persistedstate writes the store's state as JSON text under the store id.
    platform.storage.set('token', JSON.stringify({ tokenInfo: { accessToken, refreshToken: 'rt-9' } }))
    const auth = createAuth({
      platform,
      refresh: { url: `${BASE}/auth/refresh` },
      adopt: () => JSON.parse(String(platform.getStorageSync('token') || '{}')).tokenInfo,
    })
    expect(auth.getTokens()).toMatchObject({ accessToken, refreshToken: 'rt-9', expiresAt: expect.any(Number) })
  })

  test('a session that already has its record keeps it, and the old key is left alone', () => {
    const platform = createScriptedPlatform()
    createAuth({ platform }).signIn({ accessToken: 'mine', refreshToken: 'r' })
    platform.storage.set('App-Token', 'old')
    const auth = createAuth({ platform, adopt: 'App-Token' })
    expect(auth.getTokens()?.accessToken).toBe('mine')
    expect(platform.storage.get('App-Token')).toBe('old')
  })

  test('nothing under the old key: signed out, nothing written', () => {
    const platform = createScriptedPlatform()
    const auth = createAuth({ platform, adopt: 'App-Token' })
    expect(auth.isSignedIn()).toBe(false)
    expect([...platform.storage.keys()]).toEqual([])
  })

  test('a bad adopt option is named', () => {
    expect(() => createAuth({ platform: createScriptedPlatform(), adopt: 3 as never })).toThrow(/adopt/)
  })
})

describe('the storage option', () => {
  /** A template-style token store: one object the app persists itself. */
  const appStore = () => {
    const state: Record<string, unknown> = {}
    return {
      state,
      storage: {
        get: (k: string) => state[k],
        set: (k: string, v: unknown) => {
          state[k] = v
        },
        remove: (k: string) => {
          delete state[k]
        },
      },
    }
  }

  test("the record lives in the app's store, not beside it, and a new launch reads it back", async () => {
    const platform = createScriptedPlatform()
    const app = appStore()
    const auth = createAuth({ platform, storage: app.storage })
    auth.signIn({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 3600 })
    expect(app.state[KEY]).toMatchObject({ v: 1, tokens: { accessToken: 'a1' } })
    expect(platform.storage.has(KEY)).toBe(false)
    expect(createAuth({ platform, storage: app.storage }).getTokens()?.accessToken).toBe('a1')
    await auth.signOut()
    expect(app.state).toEqual({})
  })

  test("a corrupt value in the app's store reads as signed out and is removed", () => {
    const app = appStore()
    app.state[KEY] = '{not json'
    const auth = createAuth({ platform: createScriptedPlatform(), storage: app.storage })
    expect(auth.isSignedIn()).toBe(false)
    expect(app.state).toEqual({})
  })

  test('a storage option whose get throws at launch leaves the record where it is: the next launch is signed in', () => {
    const platform = createScriptedPlatform()
    const app = appStore()
    createAuth({ platform, storage: app.storage }).signIn({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 3600 })
    // The app's store not ready yet when createAuth runs (e.g. read through a pinia store before
    // app.use(pinia)): the read throws, the remove would work.
    const infos: string[] = []
    const notReady = {
      ...app.storage,
      get: () => {
        throw new Error('store not ready')
      },
    }
    const auth = createAuth({ platform, storage: notReady, debug: (i) => infos.push(i.type) })
    expect(auth.isSignedIn()).toBe(false)
    expect(infos).toContain('storage_error')
    // A read that failed says nothing about the record: it is not erased.
    expect(app.state[KEY]).toMatchObject({ v: 1, tokens: { accessToken: 'a1' } })
    expect(createAuth({ platform, storage: app.storage }).getTokens()?.accessToken).toBe('a1')
  })

  test('a storage option without get, set and remove is named', () => {
    expect(() => createAuth({ platform: createScriptedPlatform(), storage: { get: () => 1 } as never })).toThrow(
      /storage.*get, set, remove/,
    )
  })
})

/**
 * defineAuthStore on the oldest and the newest pinia of its peer range (issue 22.4): 2.0.36 (what
 * unibest pins), 3.0.4 and 4.1.0, each with the Vue it runs on, from tests/fixtures/pinia-range
 * (npm aliases; `.ci/run` installs it with `npm ci --prefix tests/fixtures/pinia-range`). The
 * project's own pinia (2.2.4 on Vue 3.4.21) runs in tests/journey/login-page.test.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { createAuth } from '../../src/auth'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'

const FIXTURE = join(__dirname, '../fixtures/pinia-range/node_modules')

/** The package's entry; pinia 4 ships ESM only, so it is bundled to CommonJS for jest (Vue left outside). */
function entry(alias: string): string {
  const pkg = require(join(FIXTURE, alias, 'package.json'))
  if (pkg.main) return join(FIXTURE, alias)
  const out = join(FIXTURE, '.cjs', `${alias}.cjs`)
  mkdirSync(join(FIXTURE, '.cjs'), { recursive: true })
  const built = buildSync({
    entryPoints: [join(FIXTURE, alias, pkg.exports['.'])],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['vue'],
    write: false,
  })
  writeFileSync(out, built.outputFiles[0]?.text ?? '')
  return out
}

test('the fixture is installed (npm ci --prefix tests/fixtures/pinia-range)', () => {
  expect(existsSync(join(FIXTURE, 'pinia-2-0'))).toBe(true)
})

describe.each(['pinia-2-0', 'pinia-3', 'pinia-4'])('%s', (alias) => {
  test('the store follows sign-in, a credentials_error and logout', async () => {
    const version = require(join(FIXTURE, alias, 'package.json')).version
    // The store module and the app share one pinia and one Vue: the fixture's.
    jest.resetModules()
    const path = entry(alias)
    jest.doMock('pinia', () => require(path))
    jest.doMock('vue', () => require(join(FIXTURE, 'vue')))
    const pinia = require(path) as typeof import('pinia')
    const { defineAuthStore } =
      require('../../src/store/define-auth-store') as typeof import('../../src/store/define-auth-store')
    pinia.setActivePinia(pinia.createPinia())

    const platform = createScriptedPlatform()
    const auth = createAuth({ platform })
    const useAuthStore = defineAuthStore<{ name: string }, string>(auth, {
      id: `auth-${alias}`,
      login: async (name) => ({ accessToken: `at-${name}`, refreshToken: 'r', user: { name } }),
    })
    const store = useAuthStore()
    expect(store.isLoggedIn).toBe(false)
    await expect(store.login('ann')).resolves.toEqual({ name: 'ann' })
    expect([store.isLoggedIn, store.user, auth.getTokens()?.accessToken]).toEqual([true, { name: 'ann' }, 'at-ann'])
    auth.invalidate('at-ann', 'refresh_token_expired')
    expect([store.isLoggedIn, store.lastEvent?.reason]).toEqual([false, 'refresh_token_expired'])
    await store.login('bob')
    await store.logout()
    expect([store.isLoggedIn, store.user, auth.isSignedIn()]).toEqual([false, undefined, false])
    expect(version).toMatch(/^[234]\./)
  })

  test("the package's pinia peer range admits this version", () => {
    const { satisfies } = require('semver') as { satisfies: (v: string, range: string) => boolean }
    const version = require(join(FIXTURE, alias, 'package.json')).version
    const range = require('../../package.json').peerDependencies.pinia
    expect([version, satisfies(version, range)]).toEqual([version, true])
  })
})

/**
 * A uni-app Vue 2 project (vue-cli 4 + @dcloudio/vue-cli-plugin-uni 2.0.2-5000720260410001, in
 * tests/consumer-vue2 with its own lockfile) that installs the packed package (`npm pack`): the
 * README's setup in Vue 2 (createAuth and createRequest in session.js, installAuth in App.vue's
 * onLaunch, a store-free state kept by the session's events instead of pinia), built for mp-weixin
 * and H5, and the journey on the compiled mp-weixin output.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packLibrary } from '../support/uni-consumer'
import { ensureVue2Install, installTarball } from '../support/vue2-consumer'
import { vue2Stories } from '../support/vue2-stories'

jest.setTimeout(600_000)

vue2Stories('npm', () => {
  ensureVue2Install()
  const tmp = mkdtempSync(join(tmpdir(), 'uni-session-vue2-'))
  try {
    installTarball(packLibrary(tmp))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
})

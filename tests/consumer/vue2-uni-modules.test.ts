/**
 * The uni_modules edition (`npm run build:uni_modules`) in the uni-app Vue 2 project
 * (tests/consumer-vue2): the same app with its imports of `uni-session` pointed at
 * `@/uni_modules/usession-request/js_sdk/index.js` and the module copied into `uni_modules/`, built
 * for mp-weixin and H5, and the journey on the compiled mp-weixin output.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../support/uni-consumer'
import { ensureVue2Install, uniModulesSource, VUE2 } from '../support/vue2-consumer'
import { vue2Stories } from '../support/vue2-stories'

jest.setTimeout(600_000)

vue2Stories('uni_modules', () => {
  ensureVue2Install()
  execFileSync('npm', ['run', '--silent', 'build:uni_modules'], { cwd: ROOT, stdio: 'pipe' })
  uniModulesSource()
})

// The copied source holds the edition's .d.ts files, which the repository's tsconfig (tests/**/*.ts) would read.
afterAll(() => rmSync(join(VUE2, '.src-uni-modules'), { recursive: true, force: true }))

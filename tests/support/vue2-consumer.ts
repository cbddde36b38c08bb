/**
 * The uni-app Vue 2 consumer project (tests/consumer-vue2: vue-cli 4 + @dcloudio/vue-cli-plugin-uni
 * 2.0.2-5000720260410001, its own package.json and committed package-lock.json, so the repository's
 * Vue 3 toolchain is untouched). `npm ci` there (CI runs it as its own step; a test runs it when
 * node_modules is missing), the packed `uni-session` tarball unpacked into its node_modules (as
 * tests/support/uni-consumer.ts does for the Vue 3 project), and `vue-cli-service uni-build`.
 *
 * Two sources build in it: `src/` (the npm package) and, for the uni_modules edition, a copy of
 * `src/` whose imports of `uni-session` point at `@/uni_modules/usession-request/js_sdk/index.js`,
 * with dist/uni_modules/usession-request copied into its `uni_modules/` (`.src-uni-modules/`, made by
 * the test, ignored by git). The vue-cli plugin reads `UNI_INPUT_DIR` and `UNI_OUTPUT_DIR`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BuildResult, cleanEnv, ROOT, sumBytes, unpack } from './uni-consumer'

export const VUE2 = join(ROOT, 'tests', 'consumer-vue2')
const MODULES = join(VUE2, 'node_modules')

export type Vue2Target = 'mp-weixin' | 'h5'
export type Vue2Edition = 'npm' | 'uni_modules'

/** `npm ci` from the committed lockfile, unless node_modules already holds that install. */
export function ensureVue2Install(): void {
  const installed = join(MODULES, '.package-lock.json')
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(VUE2, 'package-lock.json')).mtimeMs) return
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: VUE2, stdio: 'pipe' })
}

/** Puts the tarball where `npm install <tarball>` would: node_modules/uni-session. */
export function installTarball(tarball: string): void {
  rmSync(join(MODULES, 'uni-session'), { recursive: true, force: true })
  unpack(tarball, join(MODULES, 'uni-session'))
}

/** The source of the uni_modules edition's build, made from src/ and dist/uni_modules/usession-request. */
export function uniModulesSource(): string {
  const id = 'usession-request'
  const edition = join(ROOT, 'dist', 'uni_modules', id)
  if (!existsSync(join(edition, 'package.json')))
    throw new Error('vue2-consumer: no dist/uni_modules/usession-request: run `npm run build:uni_modules` first')
  const dir = join(VUE2, '.src-uni-modules')
  rmSync(dir, { recursive: true, force: true })
  cpSync(join(VUE2, 'src'), dir, { recursive: true })
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : /\.(js|vue)$/.test(e.name) ? [join(d, e.name)] : [],
    )
  for (const file of walk(dir)) {
    const text = readFileSync(file, 'utf8')
    const rewritten = text.replace(/from 'uni-session(?:\/request)?'/g, `from '@/uni_modules/${id}/js_sdk/index.js'`)
    if (rewritten !== text) writeFileSync(file, rewritten)
  }
  cpSync(edition, join(dir, 'uni_modules', id), { recursive: true })
  return dir
}

/**
 * `npm run build:<target>` in the project (cross-env NODE_ENV=production UNI_PLATFORM=<target>
 * vue-cli-service uni-build), from src/ (or the uni_modules edition's copy) into dist/<edition>/<target>.
 */
export function buildVue2(target: Vue2Target, edition: Vue2Edition): BuildResult {
  const input = edition === 'npm' ? join(VUE2, 'src') : join(VUE2, '.src-uni-modules')
  const out = join(VUE2, 'dist', edition, target)
  const started = Date.now()
  const result = spawnSync('npm', ['run', `build:${target}`], {
    cwd: VUE2,
    env: { ...cleanEnv(), UNI_INPUT_DIR: input, UNI_OUTPUT_DIR: out },
    encoding: 'utf8',
  })
  const ms = Date.now() - started
  const log = `${result.stdout}${result.stderr}`
  // vue-cli-plugin-uni exits 0 on some failures (a missing module at start-up): "Build complete" is what a good build says.
  if (result.status !== 0 || !/DONE\s+Build complete/.test(log)) {
    throw new Error(`vue2 build (${target}, ${edition}) failed (exit ${result.status}):\n${log}`)
  }
  return { target, out, ms, log, ...sumBytes(out) }
}

#!/usr/bin/env node
// Builds the uni_modules edition into dist/uni_modules/<id>/ (usage: node scripts/build-uni-modules.mjs).
//
//   js_sdk/index.js, index.d.ts   the root entry: the ES2017 ESM build of dist/lib, and its types
//   js_sdk/store.js, store.d.ts   defineAuthStore (imports 'vue' and 'pinia', which HBuilderX ships)
//   js_sdk/presets.js, .d.ts      backend presets (RuoYi, Sa-Token, uni-id, OAuth2...), self-contained
//   js_sdk/adapters.js, .d.ts     the session under luch-request (uView's uni.$u.http), alova, axios, uni.addInterceptor
//   js_sdk/types/**               the declarations the two .d.ts re-export
//   package.json                  DCloud's fields: id, displayName, dcloudext (type "sdk-js", npmurl), uni_modules.platforms
//   readme.md, changelog.md       Chinese, from packaging/uni_modules/
//   license.md                    the LICENSE
//
// Apps import it by path: `@/uni_modules/<id>/js_sdk/index.js`, as DCloud documents for a JS SDK.
// The library is built first (scripts/build-lib.mjs), so both editions are the same code.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const at = (...p) => join(root, ...p)

/**
 * The plugin id. DCloud ids are "authorId-name", each part letters and digits, and the author part
 * may not use the keywords "uni" or "DCloud": "uni-session" itself cannot be one. "u" is uni-app's
 * usual short form for a library (uView, uQRCode, uCharts), so the author part is "usession", and
 * "request" is what people look for in the market. The author part must be the publisher's DCloud
 * author id: confirm it before the first publication (it cannot change afterwards).
 */
export const ID = 'usession-request'

/**
 * Where the tests run this edition, and nothing more, is "√": Vue 3, H5 in Chrome(ium) and WeChat
 * (tests/consumer/uni-modules.test.ts); Vue 2 (vue-cli + @dcloudio/vue-cli-plugin-uni 2.0.2,
 * tests/consumer/vue2-uni-modules.test.ts: built for mp-weixin and H5, the journey run on the
 * mp-weixin build; its store entry needs pinia, which uni's Vue 2.6 cannot run: the Vue 2 app keeps
 * its state from the session's events instead). The other mini programs (Alipay, Douyin, Baidu, QQ,
 * HarmonyOS atomic services, Kuaishou, JD, Lark, Xiaohongshu) run the npm package's demo under the
 * test runtime's host profiles (tests/compiled), not this edition and not on a device; the App
 * (Android/iOS and HarmonyOS) is built only, its JavaScript never run on a device: "-" (unknown).
 * "x": no uniCloud part, and a JS SDK does not run in uni-app x's native App.
 */
const PLATFORMS = {
  cloud: { tcb: 'x', aliyun: 'x', alipay: 'x' },
  client: {
    'uni-app': {
      vue: { vue2: '√', vue3: '√' },
      web: { safari: '-', chrome: '√' },
      app: { vue: '-', nvue: '-', android: '-', ios: '-', harmony: '-' },
      mp: {
        weixin: '√',
        alipay: '-',
        toutiao: '-',
        baidu: '-',
        kuaishou: '-',
        jd: '-',
        harmony: '-',
        qq: '-',
        lark: '-',
      },
      quickapp: { huawei: '-', union: '-' },
    },
    'uni-app-x': {
      web: { safari: '-', chrome: '-' },
      app: { android: 'x', ios: 'x', harmony: 'x' },
      mp: { weixin: '-' },
    },
  },
}

const fail = (message) => {
  console.error(`build-uni-modules: ${message}`)
  process.exit(1)
}

execFileSync(process.execPath, [at('scripts/build-lib.mjs')], { cwd: root, stdio: 'inherit' })

const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8'))
const lib = at('dist/lib')
const target = at('dist/uni_modules', ID)
// Built beside, then swapped in: a test reading the module never sees half of it.
const out = at('dist/uni_modules', `.${ID}-staging-${process.pid}`)
rmSync(out, { recursive: true, force: true })

const write = (file, text) => {
  mkdirSync(dirname(join(out, file)), { recursive: true })
  writeFileSync(join(out, file), text)
}
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]))

// The code: the ESM build, unchanged (ES2017, checked by tests/package and tests/consumer).
for (const entry of ['index', 'store', 'presets', 'adapters']) {
  const source = join(lib, 'esm', `${entry}.js`)
  if (!existsSync(source)) fail(`${relative(root, source)} is missing after build-lib`)
  write(`js_sdk/${entry}.js`, readFileSync(source, 'utf8'))
}
// The types: the ESM declarations (their imports spelled with .js), re-exported beside each entry;
// not the testing runtime's nor the native host adapters' (the edition has neither entry: uni-app
// maps every host to uni's API, and tests use the npm package).
const types = join(lib, 'types')
const skipped = /^(testing|platforms)\//
for (const file of walk(types).filter((f) => f.endsWith('.d.ts') && !skipped.test(relative(types, f)))) {
  write(join('js_sdk/types', relative(types, file)), readFileSync(file, 'utf8'))
}
write('js_sdk/index.d.ts', "export * from './types/lib/index.js'\n")
write('js_sdk/store.d.ts', "export * from './types/store/define-auth-store.js'\n")
write('js_sdk/presets.d.ts', "export * from './types/presets/index.js'\n")
write('js_sdk/adapters.d.ts', "export * from './types/adapters/index.js'\n")

const dcloud = {
  id: ID,
  displayName: 'uSession 无感刷新 token 的请求库与登录流程',
  version: pkg.version,
  description:
    '基于 uni.request 的 Promise 请求库：token 提前刷新、过期自动刷新，并发请求只刷新一次；断网不踢下线；登录失效只弹一次提示、登录后回到原页面；附 pinia store 和路由守卫。',
  keywords: ['token', '无感刷新', 'request', '登录', 'pinia'],
  repository: pkg.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '') ?? '',
  // dcloudext.type needs HBuilderX 3.6.0; uni_modules themselves 3.1.0, Vue 3 projects 3.2.
  engines: { HBuilderX: '^3.6.0' },
  dcloudext: {
    type: 'sdk-js',
    sale: { regular: { price: '0.00' }, sourcecode: { price: '0.00' } },
    contact: { qq: '' },
    declaration: {
      ads: '无',
      data: '插件不采集任何数据。请求只发往应用自己配置的地址（baseURL、refresh.url、logout.url），token 只保存在应用的本地存储中。',
      permissions: '无',
    },
    npmurl: `https://www.npmjs.com/package/${pkg.name}`,
  },
  uni_modules: { dependencies: [], encrypt: [], platforms: PLATFORMS },
}
write('package.json', `${JSON.stringify(dcloud, null, 2)}\n`)

for (const name of ['readme.md', 'changelog.md']) cpSync(at('packaging/uni_modules', name), join(out, name))
// DCloud's plugin page shows the readme: it stays the short Chinese start (the docs site has the rest).
const README_LIMIT = 8000
const readmeChars = [...readFileSync(join(out, 'readme.md'), 'utf8')].length
if (readmeChars > README_LIMIT) {
  throw new Error(
    `packaging/uni_modules/readme.md is ${readmeChars} characters: keep it at most ${README_LIMIT} (move the rest to docs/)`,
  )
}
cpSync(at('LICENSE'), join(out, 'license.md'))

const changelog = readFileSync(join(out, 'changelog.md'), 'utf8')
const top = /^##\s+(\S+?)（/m.exec(changelog)?.[1]
if (top !== pkg.version) fail(`changelog.md's first entry is ${top}, package.json says ${pkg.version}`)

rmSync(target, { recursive: true, force: true })
mkdirSync(dirname(target), { recursive: true })
renameSync(out, target)
const files = walk(target).map((f) => relative(target, f))
console.log(
  `build-uni-modules: dist/uni_modules/${ID}: ${files.length} files (${files.filter((f) => !f.startsWith('js_sdk/types/')).join(', ')})`,
)

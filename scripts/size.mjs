#!/usr/bin/env node
// Minified + gzipped size of what an app imports from uni-session, per entry and per target, against the budgets.
// Usage: node scripts/size.mjs [--json] [--files] [--target mp-weixin|h5] [--dump dir]
//   --dump dir: write each minified bundle there, to read what it is made of.
//   --files: also list each source file's share of each bundle (bytes in the bundle before minifying).
//
// Measured as a uni build ships it: the build's platform constant defined (`process.env.UNI_PLATFORM`,
// which uni's Vite build replaces in every module), uni's conditional compilation run on every file
// (it takes out the run-time guard in src/auth/platform/build.ts), bundled and tree-shaken by rollup
// (Vite's bundler: it folds the constant through the modules, where esbuild's bundler keeps both
// branches), then minified by esbuild (ES2017, UTF-8 output as Vite's) and gzipped at level 9. `process.env.NODE_ENV`
// is "production", as `uni build` defines it: developer-only wording (src/auth/platform/build.ts, DEV) is dropped.
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { transform } from 'esbuild'
import { rollup } from 'rollup'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const { preprocess } = require('@dcloudio/uni-cli-shared/lib/preprocess')

const arg = (name) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const TARGETS = arg('--target') ? [arg('--target')] : ['mp-weixin', 'h5']

/**
 * What an app imports, in the issue's words (issue 22): the three goals, for each target. Where a goal is
 * not met yet, CI checks a regression ceiling instead (what it measured + 2%, per target) and prints the
 * goal and the gap; once a bundle is under its goal, drop its ceiling and the goal itself is checked.
 */
const apps = [
  {
    name: 'createAuth + createRequest + installAuth',
    budget: 8000,
    ceiling: { 'mp-weixin': 12861, h5: 12671 },
    source:
      "export { createAuth, installAuth } from './src/auth'\nexport { createRequest } from './src/utils/request'\n",
  },
  ...['luchRequestAuth', 'alovaAuth', 'axiosAuth', 'uniRequestInterceptor'].map((adapter) => ({
    name: `createAuth + ${adapter} + installAuth`,
    budget: 6000,
    // the largest of the four adapters' apps + 2%
    ceiling: { 'mp-weixin': 10227, h5: 10441 },
    source: `export { createAuth, installAuth } from './src/auth'\nexport { ${adapter} } from './src/adapters'\n`,
  })),
  {
    name: 'createRequest alone',
    budget: 3500,
    ceiling: { 'mp-weixin': 5175, h5: 5027 },
    source: "export { createRequest } from './src/utils/request'\n",
  },
]

/** Each entry's own budget (measured for mp-weixin): a ceiling with ~2% headroom over what it measured. */
const entries = [
  {
    name: 'core (createAuth + createRequest)',
    budget: 11142,
    source: "export { createAuth } from './src/auth'\nexport { createRequest } from './src/utils/request'\n",
  },
  {
    name: 'whole module (all of src/auth and src/utils/request.ts)',
    budget: 13077,
    source: "export * from './src/auth'\nexport * from './src/utils/request'\n",
  },
  // What each backend preset adds to an app (its own bundle: presets import no core code).
  ...[
    ['oauth2', 700],
    ['ruoyi', 400],
    ['saToken', 1045],
    ['sliding', 400],
    ['uniId', 476],
    ['cloudbase', 450],
  ].map(([name, budget]) => ({
    name: `preset ${name}()`,
    budget,
    source: `export { ${name} } from './src/presets'\n`,
  })),
  // uni-session/platforms: each adapter as an app imports it (the others tree-shaken away), on top
  // of the core. The shared part (host.ts: the wx-shaped pass-through, the fail reader) is in each.
  ...[
    ['alipay', 1280],
    ['douyin', 768],
    ['baidu', 768],
    ['qq', 672],
    ['taro', 768],
  ].map(([adapter, budget]) => ({
    name: `platforms: ${adapter}() alone`,
    budget,
    source: `export { ${adapter} } from './src/platforms'\n`,
  })),
  // What each adapter adds to an app (its own bundle: adapters import no core code but the origin rule,
  // src/utils/request/url.ts; the shared judging is counted in each).
  ...[
    ['luchRequestAuth', 1445],
    ['alovaAuth', 1415],
    ['axiosAuth', 1260],
    ['uniRequestInterceptor', 1000],
  ].map(([name, budget]) => ({
    name: `adapters: ${name}() alone`,
    budget,
    source: `export { ${name} } from './src/adapters'\n`,
  })),
]

/** uni's conditional-compilation flags for a target (a subset: what a library may test). */
const preContext = (target) => ({
  VUE3: true,
  ...(target === 'h5' ? { H5: true, WEB: true } : { MP: true, [target.toUpperCase().replace(/-/g, '_')]: true }),
})

const ENTRY = '\0size-entry'

/** Rollup, as a uni build bundles: TypeScript stripped, conditional compilation run, the platform defined. */
async function bundle(source, target, patch) {
  const bundled = await rollup({
    input: ENTRY,
    treeshake: true,
    onwarn: (w) => {
      throw new Error(`size: rollup: ${w.message}`)
    },
    plugins: [
      {
        name: 'uni-like',
        resolveId(id, importer) {
          if (id === ENTRY) return id
          if (!id.startsWith('.')) return null
          const base = join(importer === ENTRY ? root : dirname(importer), id)
          for (const file of [`${base}.ts`, join(base, 'index.ts'), base]) {
            if (existsSync(file) && statSync(file).isFile()) return file
          }
          return null
        },
        load(id) {
          return id === ENTRY ? source : readFileSync(id, 'utf8')
        },
        async transform(code, id) {
          if (id === ENTRY) return null
          const pre = code.includes('#endif') ? preprocess(code, preContext(target), { type: 'js' }) : code
          const js = await transform(pre, {
            loader: 'ts',
            target: 'es2017',
            tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
            define: {
              'process.env.UNI_PLATFORM': JSON.stringify(target),
              // uni's build defines it too (@dcloudio/uni-cli-shared dist/env/define.js); `uni build` is production
              'process.env.NODE_ENV': '"production"',
              'process.env': '{}',
            },
          })
          return { code: patch ? patch(id, js.code) : js.code, map: null }
        },
      },
    ],
  })
  const { output } = await bundled.generate({ format: 'es' })
  await bundled.close()
  return output[0]
}

/** Minified and gzipped bytes of an app importing `source`; `patch(file, js)` may rewrite each module first. */
export async function measure(source, target = 'mp-weixin', patch) {
  const chunk = await bundle(source, target, patch)
  // charset utf8 as Vite's minify (vite dist/node/chunks/dep-*.js, buildEsbuildPlugin): Chinese text ships as UTF-8, not \u escapes
  const min = await transform(chunk.code, { minify: true, target: 'es2017', format: 'esm', charset: 'utf8' })
  const code = Buffer.from(min.code)
  if (arg('--dump')) {
    mkdirSync(arg('--dump'), { recursive: true })
    const name = `${target}-${source.replace(/[^A-Za-z]+/g, '-').slice(0, 80)}.js`
    writeFileSync(join(arg('--dump'), name), min.code)
  }
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/** Bytes each source file leaves in the bundle (rollup's rendered length, before minifying). */
export async function breakdown(source, target = 'mp-weixin') {
  const chunk = await bundle(source, target)
  return Object.entries(chunk.modules)
    .map(([file, m]) => ({ file: file.startsWith(root) ? file.slice(root.length) : file, bytes: m.renderedLength }))
    .filter((r) => r.bytes > 0 && r.file !== ENTRY)
    .sort((a, b) => b.bytes - a.bytes)
}

/** The issue's three app bundles, for other scripts (scripts/size-features.mjs). */
export const APPS = apps

const main = async () => {
  const rows = []
  for (const target of TARGETS) {
    for (const app of apps)
      rows.push({
        ...app,
        name: `${app.name} [${target}]`,
        target,
        ceiling: app.ceiling && app.ceiling[target],
        ...(await measure(app.source, target)),
      })
  }
  for (const entry of entries) rows.push({ ...entry, target: 'mp-weixin', ...(await measure(entry.source)) })

  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows.map(({ source, ...r }) => r)))
  } else {
    console.log('| bundle | minified | min + gzip | budget | checked against |')
    console.log('|---|---:|---:|---:|---:|')
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.minified} B | ${r.gzip} B | ${r.budget} B | ${r.ceiling ? `${r.ceiling} B (ceiling)` : `${r.budget} B`} |`,
      )
  }
  if (process.argv.includes('--files')) {
    for (const target of TARGETS) {
      for (const entry of [...apps, ...entries]) {
        console.log(`\n${entry.name} [${target}]: bytes by file (before minifying)`)
        for (const r of await breakdown(entry.source, target)) console.log(`${String(r.bytes).padStart(7)}  ${r.file}`)
      }
    }
  }
  // The size goals not met yet: said plainly on every run (the check below is the regression ceiling).
  const short = rows.filter((r) => r.ceiling && r.gzip > r.budget)
  if (short.length && !process.argv.includes('--json')) {
    console.log('\nSize goals not met yet (checked against a regression ceiling meanwhile):')
    for (const r of short)
      console.log(
        `size: ${r.name}: ${r.gzip} B gzipped, goal ${r.budget} B, gap ${r.gzip - r.budget} B (ceiling ${r.ceiling} B)`,
      )
  }
  const over = rows.filter((r) => r.gzip > (r.ceiling || r.budget))
  for (const r of over)
    console.error(
      `size: ${r.name} is ${r.gzip} B gzipped, over its ${r.ceiling ? 'ceiling' : 'budget'} of ${r.ceiling || r.budget} B`,
    )
  process.exit(over.length ? 1 : 0)
}
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) await main()

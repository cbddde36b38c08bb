#!/usr/bin/env node
// Builds the publishable package into dist/lib (usage: node scripts/build-lib.mjs).
//
//   esm/<entry>.js          ES modules, ES2017 syntax, not minified (the app's bundler minifies)
//   cjs/<entry>.cjs         the same as CommonJS
//   types/**/*.d.ts         declarations from `tsc -p tsconfig.lib.json`, relative imports given
//   types/**/*.d.cts        explicit extensions so that node16/nodenext consumers resolve them
//   miniprogram/index.js    the root entry as one self-contained CommonJS file, for WeChat's "build npm"
//   miniprogram/platforms.js  the native adapters, likewise (`require('uni-session/platforms')` there)
//   miniprogram/presets.js    the backend presets, likewise (`require('uni-session/presets')`)
//
// Entries: index (the core + the requester), request, store (vue and pinia stay external), testing,
// presets, platforms (the native hosts' adapters: no core code, only its types), adapters (luch-request,
// alova, axios, uni.addInterceptor: core types and the origin rule only).
// `request` is a re-export of the root entry rather than a second copy of the core, so that
// `uni-session` and `uni-session/request` share one set of error classes (instanceof keeps working).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const target = join(root, 'dist/lib')
// Everything is built in a staging folder, then moved into dist/lib file by file (a rename is
// atomic): tests running beside a rebuild never read a half-written or missing file.
const out = join(root, 'dist', `.lib-staging-${process.pid}`)
const at = (...p) => join(root, ...p)

const fail = (message) => {
  console.error(`build-lib: ${message}`)
  rmSync(out, { recursive: true, force: true })
  process.exit(1)
}

rmSync(out, { recursive: true, force: true })

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2017',
  // useDefineForClassFields: false, as the app compiles it: declared-only fields emit nothing.
  tsconfig: at('tsconfig.lib.json'),
  minify: false,
  treeShaking: true,
  charset: 'ascii',
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'warning',
}

/** Bundles one source file in one format; returns the code and what it imports and exports. */
async function bundle(entry, format, external = []) {
  const result = await build({ ...common, entryPoints: [at(entry)], format, external, outfile: 'out.js' })
  const [output] = Object.values(result.metafile.outputs)
  return {
    code: result.outputFiles[0].text,
    imports: output.imports.map((i) => i.path),
    exports: output.exports,
    inputs: Object.keys(output.inputs),
  }
}

const write = (file, text) => {
  mkdirSync(dirname(join(out, file)), { recursive: true })
  writeFileSync(join(out, file), text)
}

// Entries bundled from their own source.
const entries = [
  { name: 'index', source: 'src/lib/index.ts', external: [] },
  { name: 'store', source: 'src/store/define-auth-store.ts', external: ['vue', 'pinia'] },
  { name: 'testing', source: 'src/testing/index.ts', external: [] },
  { name: 'presets', source: 'src/presets/index.ts', external: [] },
  { name: 'platforms', source: 'src/platforms/index.ts', external: [] },
  { name: 'adapters', source: 'src/adapters/index.ts', external: [] },
]
/**
 * src/auth/platform/build.ts's constant as uni's conditional compilation reads it: whole lines, the
 * `typeof process` guard between `#ifndef` and `#endif`, so that a uni build (which runs it on every
 * file, node_modules included) keeps only `process.env.UNI_PLATFORM`, a literal once its define has
 * run. esbuild keeps the comments but not the lines (it wraps the branches in parentheses that a
 * removed line would leave unbalanced): the statement is written back as the source has it.
 */
const GUARDED =
  /var (BUILD_PLATFORM\d*|DEV\d*) = \(\n[^\n]*#ifndef VUE3 \|\| VUE2\n[\s\S]*?(process\.env\.UNI_PLATFORM \|\| ""|process\.env\.NODE_ENV !== "production")\n\s*\)\n\);\n/g
/** The two guarded constants of build.ts as its source writes them (the platform; DEV, not a production build). */
const AS_SOURCE = {
  '""': 'process.env.UNI_PLATFORM || ""',
  true: 'process.env.NODE_ENV !== "production"',
}
const withBuildPlatform = (code, file) => {
  const found = code.match(GUARDED) || []
  const bundled = code.includes('// src/auth/platform/build.ts')
  const dev = /\bvar DEV\d* =/.test(code)
  if (found.length !== (bundled ? 1 + dev : 0))
    fail(`${file}: the build platform constant is not where build-lib expects it`)
  return code.replace(GUARDED, (_, name, value) => {
    const absent = value.startsWith('process.env.UNI_PLATFORM') ? '""' : 'true'
    return `var ${name} =\n  // #ifndef VUE3 || VUE2\n  typeof process !== "object" || !process || !process.env ? ${absent} :\n  // #endif\n  ${AS_SOURCE[absent]};\n`
  })
}

const built = {}
for (const entry of entries) {
  const esm = await bundle(entry.source, 'esm', entry.external)
  const cjs = await bundle(entry.source, 'cjs', entry.external)
  esm.code = withBuildPlatform(esm.code, `esm/${entry.name}.js`)
  cjs.code = withBuildPlatform(cjs.code, `cjs/${entry.name}.cjs`)
  const stray = esm.imports.filter((p) => !entry.external.includes(p))
  if (stray.length) fail(`${entry.source} imports ${stray.join(', ')}, which the package does not ship`)
  write(`esm/${entry.name}.js`, esm.code)
  write(`cjs/${entry.name}.cjs`, cjs.code)
  built[entry.name] = esm
}
// The store, the testing runtime, the presets and the host adapters only take types from the core: a runtime import
// would put a second copy of the core (its classes, its state) beside the root entry's. The requester adapters
// may bundle one stateless helper, the origin rule (src/utils/request/url.ts), so that they trust exactly the
// URLs the built-in requester trusts.
const SHARED = { adapters: ['src/utils/request/url.ts'] }
for (const name of ['store', 'testing', 'presets', 'platforms', 'adapters']) {
  const allowed = SHARED[name] || []
  const core = built[name].inputs.filter((i) => /^src\/(auth|utils)\//.test(i) && !allowed.includes(i))
  if (core.length) fail(`the ${name} entry bundles core modules (${core.join(', ')}): import them as types only`)
}

// `request`: the runtime exports of src/utils/request.ts, taken from the root entry.
const request = await bundle('src/utils/request.ts', 'esm')
const missing = request.exports.filter((name) => !built.index.exports.includes(name))
if (missing.length) fail(`src/lib/index.ts does not re-export ${missing.join(', ')} from src/utils/request.ts`)
const names = request.exports.join(', ')
write('esm/request.js', `export { ${names} } from './index.js'\n`)
write(
  'cjs/request.cjs',
  `'use strict'\nconst core = require('./index.cjs')\n${request.exports.map((n) => `exports.${n} = core.${n}`).join('\n')}\n`,
)

// WeChat's build npm copies this folder into miniprogram_npm/uni-session/; `require('uni-session')`
// loads its index.js, `require('uni-session/platforms')` its platforms.js. The package.json marks the .js as CommonJS for Node (the package is "type": "module").
write('miniprogram/index.js', readFileSync(join(out, 'cjs/index.cjs'), 'utf8'))
write('miniprogram/platforms.js', readFileSync(join(out, 'cjs/platforms.cjs'), 'utf8'))
write('miniprogram/presets.js', readFileSync(join(out, 'cjs/presets.cjs'), 'utf8'))
write('miniprogram/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)

// Declarations.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
try {
  execFileSync(process.execPath, [tsc, '-p', at('tsconfig.lib.json'), '--outDir', join(out, 'types')], {
    cwd: root,
    stdio: 'inherit',
  })
} catch {
  fail('tsc -p tsconfig.lib.json failed')
}

// tsc keeps the sources' extensionless specifiers ('../auth', './platform'), which node16 and
// nodenext resolution reject in ES modules. Spell them out: `.js` in the .d.ts (ESM, as the
// package is "type": "module"), `.cjs` in a .d.cts copy that types the `require` condition.
const types = join(out, 'types')
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]))
for (const file of walk(types).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8')
  const spelled = (ext) =>
    text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]*)\2/g, (_, lead, quote, spec) => {
      const base = join(dirname(file), spec)
      const path = existsSync(`${base}.d.ts`) ? spec : existsSync(join(base, 'index.d.ts')) ? `${spec}/index` : ''
      if (!path) fail(`${relative(root, file)}: cannot resolve '${spec}'`)
      return `${lead}${quote}${path}${ext}${quote}`
    })
  writeFileSync(file, spelled('.js'))
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), spelled('.cjs'))
  // Consumers have none of the app's ambient types (uni, wx, jest): declarations must not need them.
  const ambient = text.match(/@dcloudio|\/\/\/\s*<reference|\b(UniApp|UniNamespace|WechatMiniprogram|jest)\./)
  if (ambient) fail(`${relative(root, file)} refers to '${ambient[0]}', which consumers do not have`)
}

const files = walk(out).map((f) => relative(out, f))
for (const file of files) {
  mkdirSync(dirname(join(target, file)), { recursive: true })
  renameSync(join(out, file), join(target, file))
}
const stale = walk(target).filter((f) => !files.includes(relative(target, f)))
for (const file of stale) rmSync(file)
const prune = (dir) => {
  for (const f of readdirSync(dir)) if (statSync(join(dir, f)).isDirectory()) prune(join(dir, f))
  if (dir !== target && readdirSync(dir).length === 0) rmSync(dir, { recursive: true })
}
prune(target)
rmSync(out, { recursive: true, force: true })
console.log(`build-lib: dist/lib: ${files.length} files (${files.filter((f) => !f.startsWith('types/')).join(', ')})`)

#!/usr/bin/env node
import { fileURLToPath } from 'node:url'
// Minified + gzipped size of the core, of the whole module and of each native adapter, against the budgets.
// Usage: node scripts/size.mjs [--json] [--files]
//   --files: also list each source file's share of each bundle (minified bytes, before gzip).
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

const entries = [
  {
    name: 'core (createAuth + createRequest)',
    // 7,404 B at 8f24289; what each change since added is in README, "Size". A ceiling with ~2% headroom:
    // the next feature pays for itself or says why it may not.
    budget: 10368,
    source: "export { createAuth } from './src/auth'\nexport { createRequest } from './src/utils/request'\n",
  },
  {
    name: 'whole module (all of src/auth and src/utils/request.ts)',
    budget: 11904,
    source: "export * from './src/auth'\nexport * from './src/utils/request'\n",
  },
  // What each backend preset adds to an app (its own bundle: presets import no core code).
  ...[
    ['oauth2', 700],
    ['ruoyi', 400],
    ['saToken', 700],
    ['sliding', 400],
    ['uniId', 450],
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
  // src/utils/request/url.ts, 212 B of each row; the shared judging, about 550 B more, is counted in each).
  ...[
    ['luchRequestAuth', 1100],
    ['alovaAuth', 1100],
    ['axiosAuth', 1100],
    ['uniRequestInterceptor', 1000],
  ].map(([name, budget]) => ({
    name: `adapters: ${name}() alone`,
    budget,
    source: `export { ${name} } from './src/adapters'\n`,
  })),
]

/** The one build both figures come from: bundled, minified, tree-shaken, ES2017. */
const bundle = (source, extra = {}) =>
  build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'size-entry.ts' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    target: 'es2017',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    ...extra,
  })

export async function measure(source) {
  const result = await bundle(source)
  const code = result.outputFiles[0].contents
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/** Minified bytes each source file contributes to the bundle (same build options as `measure`). */
export async function breakdown(source) {
  const result = await bundle(source, { metafile: true })
  const output = Object.values(result.metafile.outputs)[0]
  return Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => ({ file, bytes: bytesInOutput }))
    .filter((r) => r.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
}

const rows = []
for (const entry of entries) rows.push({ ...entry, ...(await measure(entry.source)) })

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows.map(({ source, ...r }) => r)))
} else {
  console.log('| bundle | minified | min + gzip | budget |')
  console.log('|---|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.name} | ${r.minified} B | ${r.gzip} B | ${r.budget} B |`)
}
if (process.argv.includes('--files')) {
  for (const entry of entries) {
    console.log(`\n${entry.name}: minified bytes by file`)
    for (const r of await breakdown(entry.source)) console.log(`${String(r.bytes).padStart(7)}  ${r.file}`)
  }
}
const over = rows.filter((r) => r.gzip > r.budget)
for (const r of over) console.error(`size: ${r.name} is ${r.gzip} B gzipped, over its budget of ${r.budget} B`)
process.exit(over.length ? 1 : 0)

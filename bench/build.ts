/**
 * Bundles each contender's recipe with esbuild, the way an app's bundler would take it in: once to
 * run (not minified, ES2020, Node can load it: luch-request and uni-ajax ship bundler-only ESM), and
 * once to size (minified, ES2017, gzip -9: the options of scripts/size.mjs, with browser resolution
 * for the packages and Vue left out of alova's uniapp adapter).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'
import type { MakeClient } from './contender'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(ROOT, 'node_modules', '.cache', 'uni-session-bench')

/**
 * The peers, each twice: its published recipe (`name`, the source cited in its file) and the careful
 * version a good engineer would write (`name-careful`: waiting requests rejected when the refresh
 * fails, late 401s replayed without a second refresh).
 */
export const PEERS = [
  'luch-request',
  'luch-request-careful',
  'uni-ajax',
  'uni-ajax-careful',
  'alova',
  'alova-careful',
  'axios',
  'axios-careful',
] as const
/** uni-session's session under a library (uni-session/adapters), beside that library's recipes. */
export const ADAPTERS = ['luch-request-adapter', 'alova-adapter', 'axios-adapter'] as const
/** Each adapter's library bare (a header, no refresh): the baseline of what an adapter adds on the happy path. */
export const BARE = ['luch-request-bare', 'alova-bare', 'axios-bare'] as const
export const CONTENDERS: readonly string[] = ['raw', 'uni-session', ...PEERS, ...ADAPTERS, ...BARE]
/** A contender: one of CONTENDERS, or `uni-session@<ref>` (a baseline, `--baseline <ref>`). */
export type Name = string

export const LABEL: Record<Name, string> = {
  raw: 'raw uni.request',
  'uni-session': 'uni-session',
  'luch-request': 'luch-request 3.1.1 + lock/queue recipe (published)',
  'luch-request-careful': 'luch-request 3.1.1 + lock/queue recipe (careful)',
  'uni-ajax': "uni-ajax 2.6.0 + its docs' refresh recipe (published)",
  'uni-ajax-careful': 'uni-ajax 2.6.0 + refresh recipe (careful)',
  alova: 'alova 3.5.5 + server token auth + adapter-uniapp 2.0.16 (published)',
  'alova-careful': 'alova 3.5.5 + server token auth + adapter-uniapp 2.0.16 (careful)',
  axios: 'axios 1.21.1 + axios-auth-refresh 5.0.2 + @uni-helper/axios-adapter 1.16.1 (published)',
  'axios-careful': 'axios 1.21.1 + axios-auth-refresh 5.0.2 + @uni-helper/axios-adapter 1.16.1 (careful)',
  'luch-request-adapter': 'luch-request 3.1.1 + uni-session adapter',
  'alova-adapter': 'alova 3.5.5 + adapter-uniapp 2.0.16 + uni-session adapter',
  'luch-request-bare': 'luch-request 3.1.1 bare (a header interceptor, no refresh)',
  'alova-bare': 'alova 3.5.5 + adapter-uniapp 2.0.16 bare (beforeRequest sets the header, no refresh)',
  'axios-adapter': 'axios 1.21.1 + @uni-helper/axios-adapter 1.16.1 + uni-session adapter',
  'axios-bare': 'axios 1.21.1 + @uni-helper/axios-adapter 1.16.1 bare (a header interceptor, no refresh)',
}

/** The library a contender is built on (`uni-session@<ref>` is uni-session; `x-careful` is x). */
export const libraryOf = (name: Name) => name.replace(/-careful$/, '').replace(/@.*$/, '')
export const isCareful = (name: Name) => name.endsWith('-careful')
export const isBaseline = (name: Name) => name.startsWith('uni-session@')

/** Where the module's src/ at `ref` is unpacked (by its short sha: two names of one commit share it). */
export function baselineOf(ref: string): { sha: string; dir: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT })
    .toString()
    .trim()
  return { sha, dir: join(OUT, `baseline-${sha}`) }
}

/**
 * The module's src/ as it was at `ref`, beside the bench's own files, for a baseline contender: the
 * same recipe (bench/peers/uni-session.ts) and the same harness, only the module older. Returns the
 * contender's name, `uni-session@<ref>`.
 */
export function prepareBaseline(ref: string): Name {
  const { sha, dir } = baselineOf(ref)
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true })
    const tar = execFileSync('git', ['archive', '--format=tar', sha, 'src'], { cwd: ROOT, maxBuffer: 256 * 2 ** 20 })
    execFileSync('tar', ['-x', '-C', dir], { input: tar })
  }
  mkdirSync(join(dir, 'bench', 'peers'), { recursive: true })
  copyFileSync(join(ROOT, 'bench', 'peers', 'uni-session.ts'), join(dir, 'bench', 'peers', 'uni-session.ts'))
  copyFileSync(join(ROOT, 'bench', 'contender.ts'), join(dir, 'bench', 'contender.ts'))
  const name = `uni-session@${ref}`
  RECIPE[name] = join(dir, 'bench', 'peers', 'uni-session')
  LABEL[name] = `uni-session at ${ref}${sha.startsWith(ref) || ref.startsWith(sha) ? '' : ` (${sha})`}, the same recipe`
  return name
}

/** Where a contender's recipe is (without extension): bench/peers/<name>, or a baseline's copy. */
const RECIPE: Record<Name, string> = {}
const recipeOf = (name: Name) => RECIPE[name] ?? `./bench/peers/${name}`

/**
 * @uni-helper/axios-adapter imports `axios/unsafe/core/settle` etc.: axios maps `./unsafe/*` to
 * `./lib/*` without the `.js`, which Vite (uni-app's bundler) adds and esbuild does not.
 */
const axiosUnsafe: Plugin = {
  name: 'axios-unsafe',
  setup(b) {
    b.onResolve({ filter: /^axios\/unsafe\// }, (args) => ({
      path: join(ROOT, 'node_modules', 'axios', 'lib', `${args.path.slice('axios/unsafe/'.length)}.js`),
    }))
  },
}

/** A contender's bundle: its recipe, and its own copy of the harness (bench/harness.ts says why). */
export type Contender = typeof import('./harness') & { make: MakeClient }

/**
 * Bundles `contents` (TypeScript, resolved from the repository root) into `file` for the browser, as
 * every contender is bundled: ES2020, production defines, axios's unexported modules reachable.
 */
export async function bundleScript(contents: string, file: string, sourcefile: string): Promise<void> {
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: file,
    logLevel: 'silent',
    plugins: [axiosUnsafe],
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false' },
  })
}

/** Builds each recipe (every contender by default) with its harness and loads it. */
export async function loadContenders(names: readonly Name[] = CONTENDERS): Promise<Record<Name, Contender>> {
  mkdirSync(OUT, { recursive: true })
  const out = {} as Record<Name, Contender>
  for (const name of names) {
    const file = join(OUT, `${name.replace(/[^\w.-]/g, '_')}.mjs`)
    await bundleScript(
      `export { make } from ${JSON.stringify(recipeOf(name))}\nexport * from './bench/harness'\n`,
      file,
      `bench-${name}.ts`,
    )
    out[name] = (await import(pathToFileURL(file).href)) as Contender
  }
  return out
}

/** Minified + gzip (level 9) of a contender's recipe bundle. */
export async function sizeOf(name: Name): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: {
      contents: `export { make } from ${JSON.stringify(recipeOf(name))}\n`,
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-size-entry.ts',
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    target: 'es2017',
    platform: 'browser',
    external: ['vue'],
    write: false,
    logLevel: 'silent',
    plugins: [axiosUnsafe],
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

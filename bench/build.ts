/**
 * Bundles each contender's recipe with esbuild, the way an app's bundler would take it in: once to
 * run (not minified, ES2020, Node can load it: luch-request and uni-ajax ship bundler-only ESM), and
 * once to size (minified, ES2017, gzip -9: the options of scripts/size.mjs, with browser resolution
 * for the packages and Vue left out of alova's uniapp adapter).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'
import type { MakeClient } from './contender'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(ROOT, 'node_modules', '.cache', 'uni-session-bench')

export const CONTENDERS = [
  'raw',
  'uni-session',
  'luch-request',
  'uni-ajax',
  'alova',
  'axios',
  'luch-request-adapter',
  'alova-adapter',
  'luch-request-bare',
  'alova-bare',
] as const
export type Name = (typeof CONTENDERS)[number]

export const LABEL: Record<Name, string> = {
  raw: 'raw uni.request',
  'uni-session': 'uni-session',
  'luch-request': 'luch-request 3.1.1 + lock/queue recipe',
  'uni-ajax': 'uni-ajax 2.6.0 + lock/queue recipe',
  alova: 'alova 3.5.5 + server token auth + adapter-uniapp 2.0.16',
  axios: 'axios 1.21.1 + axios-auth-refresh 5.0.2 + @uni-helper/axios-adapter 1.16.1',
  'luch-request-adapter': 'luch-request 3.1.1 + uni-session adapter',
  'alova-adapter': 'alova 3.5.5 + adapter-uniapp 2.0.16 + uni-session adapter',
  'luch-request-bare': 'luch-request 3.1.1 bare (a header interceptor, no refresh)',
  'alova-bare': 'alova 3.5.5 + adapter-uniapp 2.0.16 bare (beforeRequest sets the header, no refresh)',
}

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

/** Builds every recipe with its harness and loads it. */
export async function loadContenders(): Promise<Record<Name, Contender>> {
  mkdirSync(OUT, { recursive: true })
  const out = {} as Record<Name, Contender>
  for (const name of CONTENDERS) {
    const file = join(OUT, `${name}.mjs`)
    await build({
      stdin: {
        contents: `export { make } from './bench/peers/${name}'\nexport * from './bench/harness'\n`,
        resolveDir: ROOT,
        loader: 'ts',
        sourcefile: `bench-${name}.ts`,
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      outfile: file,
      logLevel: 'silent',
      plugins: [axiosUnsafe],
      define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false' },
    })
    out[name] = (await import(pathToFileURL(file).href)) as Contender
  }
  return out
}

/** Minified + gzip (level 9) of a contender's recipe bundle. */
export async function sizeOf(name: Name): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    stdin: {
      contents: `export { make } from './bench/peers/${name}'\n`,
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

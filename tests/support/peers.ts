/**
 * The real requesters the adapters are tested against (the pinned devDependencies), loaded the way
 * an app's bundler takes them in: luch-request ships bundler-only ESM and @uni-helper/axios-adapter
 * imports `axios/unsafe/*` without extensions, neither of which jest's CommonJS loader reads. So
 * esbuild bundles them once per test process into one CommonJS file (as bench/build.ts does), and the
 * test requires it. Each library calls the global `uni` when a request is made: install a runtime first.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'

const ROOT = join(__dirname, '../..')

export interface Peers {
  LuchRequest: typeof import('luch-request').default
  createAlova: typeof import('alova').createAlova
  AdapterUniapp: typeof import('@alova/adapter-uniapp').default
  axios: typeof import('axios').default
  createUniAppAxiosAdapter: typeof import('@uni-helper/axios-adapter').createUniAppAxiosAdapter
}

/** axios maps `./unsafe/*` to `./lib/*` without the `.js`, which Vite (uni-app's bundler) adds and esbuild does not. */
const axiosUnsafe: Plugin = {
  name: 'axios-unsafe',
  setup(b) {
    b.onResolve({ filter: /^axios\/unsafe\// }, (args) => ({
      path: join(ROOT, 'node_modules', 'axios', 'lib', `${args.path.slice('axios/unsafe/'.length)}.js`),
    }))
  },
}

let loaded: Peers | undefined

export async function loadPeers(): Promise<Peers> {
  if (loaded) return loaded
  const dir = join(ROOT, 'node_modules', '.cache', 'uni-session-tests')
  mkdirSync(dir, { recursive: true })
  // One file per process (jest workers build side by side), removed once loaded.
  const file = join(dir, `peers-${process.pid}.cjs`)
  await build({
    stdin: {
      contents: [
        "export { default as LuchRequest } from 'luch-request'",
        "export { createAlova } from 'alova'",
        "export { default as AdapterUniapp } from '@alova/adapter-uniapp'",
        "export { default as axios } from 'axios'",
        "export { createUniAppAxiosAdapter } from '@uni-helper/axios-adapter'",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'peers.ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2020',
    outfile: file,
    logLevel: 'silent',
    plugins: [axiosUnsafe],
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false' },
  })
  try {
    loaded = require(file) as Peers
  } finally {
    rmSync(file, { force: true })
  }
  return loaded
}

/**
 * uni-app's own API layer for WeChat (@dcloudio/uni-mp-weixin 3.0, `dist/uni.api.esm.js`): the `uni`
 * object a compiled app calls, with uni-app's real interceptor code (`addInterceptor`, `invokeApi`),
 * over `wx`, here the given object. Vue is left out (the API layer uses one hook-injection helper, for
 * page hooks, which these tests do not reach).
 */
export async function loadUniWeixin(
  wx: Record<string, unknown>,
): Promise<{ uni: Record<string, unknown>; restore: () => void }> {
  const dir = join(ROOT, 'node_modules', '.cache', 'uni-session-tests')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `uni-wx-${process.pid}.cjs`)
  const vue: Plugin = {
    name: 'vue-stub',
    setup(b) {
      b.onResolve({ filter: /^vue$/ }, () => ({ path: 'vue', namespace: 'stub' }))
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const injectHook = () => {}' }))
    },
  }
  await build({
    entryPoints: [join(ROOT, 'node_modules/@dcloudio/uni-mp-weixin/dist/uni.api.esm.js')],
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile: file,
    logLevel: 'silent',
    plugins: [vue],
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const host = globalThis as { wx?: unknown }
  const saved = Object.getOwnPropertyDescriptor(host, 'wx')
  // The layer reads the global `wx` when loaded and on every call: it stays until `restore`.
  host.wx = wx
  try {
    // Wrapped: `uni` is a Proxy that makes up any member asked for, `then` included (a promise would adopt it).
    const uni = (require(file) as { default: Record<string, unknown> }).default
    return {
      uni,
      restore() {
        if (saved) Object.defineProperty(host, 'wx', saved)
        else delete host.wx
      },
    }
  } finally {
    rmSync(file, { force: true })
  }
}

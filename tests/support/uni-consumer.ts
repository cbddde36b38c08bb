/**
 * A throwaway uni-app project (Vue 3, the Vite CLI, TypeScript), as `npx degit
 * dcloudio/uni-preset-vue#vite-ts` makes one, for tests that build what a user would write.
 *
 * No network: the project's node_modules is a real folder of symlinks to this repository's
 * packages (the uni CLI, vite, vue, pinia, vue-tsc...), and `uni-session`, when asked for, is the
 * real `npm pack` tarball unpacked into `node_modules/uni-session` (so that package.json
 * `exports`, `typesVersions` and `files` are what is tested). Caches (vite's, vue-tsc's global
 * types) land in the consumer's own node_modules, never in the repository's.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

export const ROOT = join(__dirname, '..', '..')
const NODE_MODULES = join(ROOT, 'node_modules')

export type UniTarget = 'mp-weixin' | 'h5'

export interface BuildResult {
  target: UniTarget
  /** The output folder: `<consumer>/dist/build/<target>`. */
  out: string
  ms: number
  bytes: number
  files: number
  /** The uni CLI's stdout and stderr, for a failure's message. */
  log: string
}

export interface UniConsumer {
  root: string
  /** `vue-tsc --noEmit` in the project; resolves its output ('' when clean) and its exit code. */
  typecheck(): { status: number; output: string; ms: number }
  /** `uni build [-p target]`, once per target: later calls return the first result. Throws when the build fails. */
  build(target: UniTarget): BuildResult
  remove(): void
}

export interface UniConsumerOptions {
  /** A word for the temporary folder's name. */
  name: string
  /** Files of the project, by path from its root; they replace the scaffold's. */
  files: Record<string, string>
  /** A `uni-session` tarball (from `npm pack`) to unpack into node_modules/uni-session. */
  tarball?: string
}

const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  devDependencies: Record<string, string>
}
const dev = (name: string) => {
  const version = rootPackage.devDependencies[name]
  if (!version) throw new Error(`uni-consumer: ${name} is not a devDependency of the repository`)
  return version
}

/** What the uni-preset-vue vite-ts template holds, trimmed to what a build needs. */
function scaffold(withPackage: boolean, main: 'main.ts' | 'main.js'): Record<string, string> {
  const uni = ['@dcloudio/uni-app', '@dcloudio/uni-components', '@dcloudio/uni-h5', '@dcloudio/uni-mp-weixin']
  const pkg = {
    name: 'consumer',
    version: '0.0.0',
    private: true,
    scripts: { 'build:h5': 'uni build', 'build:mp-weixin': 'uni build -p mp-weixin', 'type-check': 'vue-tsc --noEmit' },
    dependencies: {
      ...Object.fromEntries(uni.map((n) => [n, dev(n)])),
      pinia: dev('pinia'),
      vue: dev('vue'),
      ...(withPackage ? { 'uni-session': `^${rootPackage.version}` } : {}),
    },
    devDependencies: Object.fromEntries(
      ['@dcloudio/types', '@dcloudio/uni-cli-shared', '@dcloudio/vite-plugin-uni', 'typescript', 'vite', 'vue-tsc'].map(
        (n) => [n, dev(n)],
      ),
    ),
  }
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'vite.config.ts': [
      "import { defineConfig } from 'vite'",
      "import uni from '@dcloudio/vite-plugin-uni'",
      '',
      'export default defineConfig({',
      '  plugins: [uni()],',
      '})',
      '',
    ].join('\n'),
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'esnext',
          useDefineForClassFields: true,
          module: 'esnext',
          moduleResolution: 'node',
          strict: true,
          jsx: 'preserve',
          sourceMap: true,
          resolveJsonModule: true,
          esModuleInterop: true,
          skipLibCheck: true,
          lib: ['esnext', 'dom'],
          types: ['@dcloudio/types'],
          baseUrl: '.',
          paths: { '@/*': ['./src/*'] },
        },
        include: ['src/**/*.ts', 'src/**/*.d.ts', 'src/**/*.tsx', 'src/**/*.vue'],
      },
      null,
      2,
    )}\n`,
    'index.html': [
      '<!DOCTYPE html>',
      '<html lang="zh-CN">',
      '  <head>',
      '    <meta charset="UTF-8" />',
      '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
      '    <title></title>',
      '    <!--preload-links-->',
      '    <!--app-context-->',
      '  </head>',
      '  <body>',
      '    <div id="app"><!--app-html--></div>',
      `    <script type="module" src="/src/${main}"></script>`,
      '  </body>',
      '</html>',
      '',
    ].join('\n'),
    'src/env.d.ts': [
      '/// <reference types="vite/client" />',
      '',
      "declare module '*.vue' {",
      "  import { DefineComponent } from 'vue'",
      '  const component: DefineComponent<{}, {}, any>',
      '  export default component',
      '}',
      '',
    ].join('\n'),
    'src/manifest.json': `${JSON.stringify(
      {
        name: 'consumer',
        appid: '',
        versionName: '1.0.0',
        versionCode: '100',
        vueVersion: '3',
        h5: { router: { mode: 'hash', base: './' } },
        'mp-weixin': { appid: 'touristappid', setting: { urlCheck: false }, usingComponents: true },
      },
      null,
      2,
    )}\n`,
    [`src/${main}`]: [
      "import { createSSRApp } from 'vue'",
      "import App from './App.vue'",
      '',
      'export function createApp() {',
      '  const app = createSSRApp(App)',
      '  return { app }',
      '}',
      '',
    ].join('\n'),
    'src/App.vue': '<script setup lang="ts"></script>\n',
    'src/pages.json': `${JSON.stringify({ pages: [{ path: 'pages/index/index' }] }, null, 2)}\n`,
    'src/pages/index/index.vue': [
      '<script setup lang="ts">',
      "import { ref } from 'vue'",
      "const title = ref('Hello')",
      '</script>',
      '',
      '<template>',
      '  <view class="content">',
      '    <text class="title">{{ title }}</text>',
      '  </view>',
      '</template>',
      '',
    ].join('\n'),
  }
}

/** The bytes and the number of files under `dir`. */
export const sumBytes = (dir: string): { bytes: number; files: number } => {
  let bytes = 0
  let files = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const sub = sumBytes(path)
      bytes += sub.bytes
      files += sub.files
    } else {
      bytes += statSync(path).size
      files += 1
    }
  }
  return { bytes, files }
}

/** The environment of a user's shell: nothing from jest (NODE_ENV=test) or from another uni build. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key === 'NODE_ENV' ||
      key.startsWith('UNI_') ||
      key.startsWith('VITE_') ||
      key.startsWith('VUE_') ||
      key.startsWith('JEST_')
    )
      continue
    env[key] = value
  }
  return env
}

/** Unpacks an `npm pack` tarball into `dir` (its `package/` prefix stripped). */
export function unpack(tarball: string, dir: string): void {
  mkdirSync(dir, { recursive: true })
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'])
}

export function createUniConsumer(options: UniConsumerOptions): UniConsumer {
  const root = mkdtempSync(join(tmpdir(), `uni-session-${options.name}-`))
  // A JavaScript project (HBuilderX's default) has main.js where the TypeScript template has main.ts.
  const main = 'src/main.js' in options.files ? 'main.js' : 'main.ts'
  const files = { ...scaffold(!!options.tarball, main), ...options.files }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  const modules = join(root, 'node_modules')
  mkdirSync(modules)
  for (const name of readdirSync(NODE_MODULES)) {
    if (name.startsWith('.') || name === 'uni-session') continue
    symlinkSync(join(NODE_MODULES, name), join(modules, name))
  }
  if (options.tarball) unpack(options.tarball, join(modules, 'uni-session'))

  const builds = new Map<UniTarget, BuildResult>()
  return {
    root,
    typecheck() {
      const started = Date.now()
      const result = spawnSync(process.execPath, [join(NODE_MODULES, 'vue-tsc', 'bin', 'vue-tsc.js'), '--noEmit'], {
        cwd: root,
        env: cleanEnv(),
        encoding: 'utf8',
      })
      const output = `${result.stdout}${result.stderr}`.split(root).join('<consumer>').trim()
      return { status: result.status ?? -1, output, ms: Date.now() - started }
    },
    build(target) {
      const done = builds.get(target)
      if (done) return done
      const args = [join(NODE_MODULES, '@dcloudio', 'vite-plugin-uni', 'bin', 'uni.js'), 'build']
      if (target !== 'h5') args.push('-p', target)
      const started = Date.now()
      const result = spawnSync(process.execPath, args, { cwd: root, env: cleanEnv(), encoding: 'utf8' })
      const ms = Date.now() - started
      const log = `${result.stdout}${result.stderr}`
      const out = join(root, 'dist', 'build', target)
      // uni prints some compile errors and still exits 0: "DONE" is what a good build says.
      if (result.status !== 0 || !/DONE\s+Build complete/.test(log)) {
        throw new Error(`uni build (${target}) in ${root} failed (exit ${result.status}):\n${log}`)
      }
      const built: BuildResult = { target, out, ms, log, ...sumBytes(out) }
      builds.set(target, built)
      return built
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/**
 * Builds the library (scripts/build-lib.mjs) and packs it with `npm pack` into `dir`; returns the
 * tarball's path. The same file list `npm publish` would send.
 */
export function packLibrary(dir: string): string {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-lib.mjs')], { cwd: ROOT, stdio: 'pipe' })
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [result] = JSON.parse(json) as Array<{ filename: string }>
  if (!result) throw new Error('npm pack --json printed no package')
  return join(dir, result.filename)
}

/** Every file under `dir`, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name)).map((f) => `${entry.name}/${f}`)
      : [relative(dir, join(dir, entry.name))],
  )
}

/** One line for the record of consumer builds. */
export const describeBuild = (name: string, b: BuildResult) =>
  `${name} ${b.target}: ${(b.ms / 1000).toFixed(1)} s, ${b.bytes.toLocaleString('en-US')} bytes in ${b.files} files`

/**
 * Keeps the measured times and sizes in artifacts/consumers.json (one entry per consumer, the
 * latest run's), for the README's table.
 */
export function recordBuilds(name: string, results: BuildResult[]): void {
  const file = join(ROOT, 'artifacts', 'consumers.json')
  let all: Record<string, unknown> = {}
  try {
    all = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // none yet
  }
  all[name] = results.map(({ target, ms, bytes, files }) => ({
    target,
    ms,
    bytes,
    files,
    at: new Date().toISOString(),
  }))
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true })
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`)
}

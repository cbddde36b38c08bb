/**
 * What `npm pack` ships, and whether it works once installed: the library is built
 * (scripts/build-lib.mjs), packed, and the tarball unpacked into a throwaway consumer's
 * node_modules. Plain Node requires and imports it through package.json `exports`, and
 * TypeScript compiles a consumer against it under each module resolution users have.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vm from 'node:vm'
import * as ts from 'typescript'
import { newerThanES2017 } from '../support/es2017'

const root = join(__dirname, '../..')
const ENTRIES = ['index', 'request', 'store', 'testing', 'presets', 'platforms', 'adapters']
const ENTRY_TYPES = [
  'lib/index',
  'utils/request',
  'store/define-auth-store',
  'testing/index',
  'presets/index',
  'platforms/index',
  'adapters/index',
]
/** Every file that ships outside dist/lib/types. */
const RUNTIME = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'README.zh-CN.md',
  'package.json',
  ...ENTRIES.flatMap((e) => [`dist/lib/esm/${e}.js`, `dist/lib/cjs/${e}.cjs`]),
  'dist/lib/miniprogram/index.js',
  // The adapters, for `require('uni-session/platforms')` after a build npm.
  'dist/lib/miniprogram/platforms.js',
  'dist/lib/miniprogram/presets.js',
  // Marks the folder's index.js as CommonJS for Node; WeChat copies it along, harmlessly.
  'dist/lib/miniprogram/package.json',
  // A folder per sub-path, for resolvers that read no `exports` (webpack 4: uni-app's Vue 2 CLI).
  ...ENTRIES.filter((e) => e !== 'index').map((e) => `${e}/package.json`),
]
const isTypes = (f: string) => /^dist\/lib\/types\/[\w/-]+\.d\.c?ts$/.test(f)

interface PackResult {
  filename: string
  files: Array<{ path: string; size: number }>
}

let tmp: string
let consumer: string
let files: string[]
let pkg: Record<string, unknown> & { exports: Record<string, unknown> }

const run = (file: string, args: string[], cwd: string) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

beforeAll(() => {
  run(process.execPath, ['scripts/build-lib.mjs'], root)
  tmp = mkdtempSync(join(tmpdir(), 'uni-session-pack-'))
  // A real pack (not --dry-run): the same file list, plus the tarball the consumer installs.
  const [result] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], root)) as PackResult[]
  if (!result) throw new Error('npm pack --json printed no package')
  files = result.files.map((f) => f.path).sort()

  consumer = join(tmp, 'consumer')
  const installed = join(consumer, 'node_modules/uni-session')
  mkdirSync(installed, { recursive: true })
  run('tar', ['-xzf', join(tmp, result.filename), '-C', installed, '--strip-components=1'], root)
  pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
  // The optional peers, for the store entry.
  for (const peer of ['vue', 'pinia'])
    symlinkSync(join(root, 'node_modules', peer), join(consumer, 'node_modules', peer))
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n')
}, 120_000)

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('what npm pack ships', () => {
  it('the entries as ESM, CommonJS and types, the miniprogram build, the READMEs, CHANGELOG, LICENSE: nothing else', () => {
    for (const f of RUNTIME) expect(files).toContain(f)
    for (const t of ENTRY_TYPES) {
      expect(files).toContain(`dist/lib/types/${t}.d.ts`)
      expect(files).toContain(`dist/lib/types/${t}.d.cts`)
    }
    expect(files.filter((f) => !RUNTIME.includes(f) && !isTypes(f))).toEqual([])
    // Spelled out, for the reader of a failure.
    const forbidden =
      /^(src|tests|server|examples|scripts|artifacts|node_modules|\.data)\/|\.map$|\.test\.|(^|\/)\.[^/]+$/
    expect(files.filter((f) => forbidden.test(f))).toEqual([])
    // Each ESM declaration has its CommonJS twin.
    const dts = files.filter((f) => f.endsWith('.d.ts'))
    expect(files.filter((f) => f.endsWith('.d.cts'))).toEqual(dts.map((f) => f.replace(/\.d\.ts$/, '.d.cts')))
  })

  it("each sub-path's folder package.json points at that entry's files (webpack 4 reads no `exports`)", () => {
    for (const e of ENTRIES.filter((x) => x !== 'index')) {
      const folder = JSON.parse(readFileSync(join(consumer, 'node_modules/uni-session', e, 'package.json'), 'utf8'))
      const entry = pkg.exports[`./${e}`] as Record<'import' | 'require', { types: string; default: string }>
      const from = (p: string) => `./${join(e, p)}`
      expect([from(folder.main), from(folder.module), from(folder.types)]).toEqual([
        entry.require.default,
        entry.import.default,
        entry.import.types,
      ])
    }
  })

  it('package.json: no dependencies, optional peers, every target in the pack, the links npm shows', () => {
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/) })
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//)
    expect(pkg.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/github\.com\/.+\/issues$/) })
    expect(pkg.private).toBeUndefined()
    expect(pkg.peerDependencies).toEqual({ pinia: expect.any(String), vue: expect.any(String) })
    expect(pkg.peerDependenciesMeta).toEqual({ pinia: { optional: true }, vue: { optional: true } })
    expect(pkg.sideEffects).toBe(false)
    expect(Object.keys(pkg.exports).sort()).toEqual([
      '.',
      './adapters',
      './package.json',
      './platforms',
      './presets',
      './request',
      './store',
      './testing',
    ])

    const targets: string[] = []
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value)
      else if (value && typeof value === 'object') Object.values(value).forEach(collect)
    }
    collect(pkg.exports)
    collect(pkg.typesVersions)
    for (const field of ['main', 'module', 'types']) collect(pkg[field])
    const paths = targets.map((t) => t.replace(/^\.\//, ''))
    expect(paths.filter((p) => !files.includes(p))).toEqual([])
    // Each subpath has types, import and require.
    for (const key of ['.', './request', './store', './testing', './presets', './platforms', './adapters']) {
      const entry = pkg.exports[key] as Record<'import' | 'require', { types: string; default: string }>
      expect(entry.import.types).toMatch(/\.d\.ts$/)
      expect(entry.import.default).toMatch(/\.js$/)
      expect(entry.require.types).toMatch(/\.d\.cts$/)
      expect(entry.require.default).toMatch(/\.cjs$/)
    }
    expect(files).toContain(`${pkg.miniprogram}/index.js`)
  })

  it('JavaScript is ES2017: no syntax an older WeChat base library cannot parse', () => {
    const js = files.filter((f) => /\.c?js$/.test(f))
    expect(js).toHaveLength(17)
    for (const f of js) expect({ file: f, newer: newerThanES2017(read(f)) }).toEqual({ file: f, newer: [] })
  })

  it('the bundles import nothing but their own files, and the store its peers', () => {
    const imports = Object.fromEntries(
      files.filter((f) => /\.c?js$/.test(f)).map((f) => [f, importsOf(read(f)).sort()] as const),
    )
    expect(imports).toEqual({
      'dist/lib/cjs/adapters.cjs': [],
      'dist/lib/cjs/index.cjs': [],
      'dist/lib/cjs/platforms.cjs': [],
      'dist/lib/cjs/presets.cjs': [],
      'dist/lib/cjs/request.cjs': ['./index.cjs'],
      'dist/lib/cjs/store.cjs': ['pinia', 'vue'],
      'dist/lib/cjs/testing.cjs': [],
      'dist/lib/esm/adapters.js': [],
      'dist/lib/esm/index.js': [],
      'dist/lib/esm/platforms.js': [],
      'dist/lib/esm/presets.js': [],
      'dist/lib/esm/request.js': ['./index.js'],
      'dist/lib/esm/store.js': ['pinia', 'vue'],
      'dist/lib/esm/testing.js': [],
      'dist/lib/miniprogram/index.js': [],
      'dist/lib/miniprogram/platforms.js': [],
      'dist/lib/miniprogram/presets.js': [],
    })
  })
})

const read = (file: string) => readFileSync(join(consumer, 'node_modules/uni-session', file), 'utf8')

const ROOT_API = [
  'createAuth',
  'createRequest',
  'installAuth',
  'ensureLogin',
  'resolvePlatform',
  'isHTTPError',
  'UniSessionError',
  'HTTPError',
  'NetworkError',
  'TimeoutError',
  'AbortError',
  'QueueFullError',
  'CredentialsError',
]

/** Run in the consumer by plain Node; prints what it found as JSON. */
const probe = (api: string) => `
  const kinds = (m) => Object.fromEntries(${JSON.stringify(ROOT_API)}.map((k) => [k, typeof m[k]]))
  const errors = (m) => ['HTTP', 'Network', 'Timeout', 'Abort', 'QueueFull', 'Credentials'].map((k) => {
    const e = new m[k + 'Error']('x')
    return e instanceof m.UniSessionError && e instanceof Error && e.name === k + 'Error'
  })
  const smoke = async (m, testing) => {
    const platform = testing.createScriptedPlatform(() => ({ statusCode: 200, data: { ok: true } }))
    const auth = m.createAuth({ refresh: { url: 'https://api.example.com/refresh' }, platform })
    const request = m.createRequest({ auth, baseURL: 'https://api.example.com' })
    const res = await request.get('/ping')
    return { signedIn: auth.isSignedIn(), data: res.data }
  }
  // An Alipay \`my\` as small as can be: the adapter's requests go to it, PATCH is refused before.
  const adapters = async (m, platforms) => {
    const kept = {}
    const my = {
      request: (o) => queueMicrotask(() => o.success({ status: 200, headers: {}, data: { method: o.method } })),
      getStorageSync: ({ key }) => ({ data: key in kept ? kept[key] : null }),
      setStorageSync: ({ key, data }) => void (kept[key] = data),
      removeStorageSync: ({ key }) => void delete kept[key],
    }
    const request = m.createRequest({ platform: platforms.alipay(my) })
    const res = await request.get('https://api.example.com/ping')
    const patch = await request.patch('https://api.example.com/ping', {}).catch((e) => m.isUniSessionError(e))
    return { names: Object.keys(platforms).sort(), data: res.data, patchRefused: patch }
  }
  ${api}
  const out = {
    kinds: kinds(root),
    errors: errors(root),
    sameRequester: request.createRequest === root.createRequest,
    store: typeof store.defineAuthStore,
    runtime: typeof testing.createMiniProgramRuntime,
    smoke: await smoke(root, testing),
    platforms: await adapters(root, platforms),
    requesterAdapters: Object.keys(requesterAdapters).sort(),
  }
  // Exit at once: the scripted platform leaves each call's timeout timer running after it answers.
  process.stdout.write(JSON.stringify(out), () => process.exit(0))
`

const expected = {
  kinds: Object.fromEntries(ROOT_API.map((k) => [k, 'function'])),
  errors: [true, true, true, true, true, true],
  sameRequester: true,
  store: 'function',
  runtime: 'function',
  smoke: { signedIn: false, data: { ok: true } },
  platforms: {
    names: [
      'ALIPAY_METHODS',
      'BAIDU_METHODS',
      'DOUYIN_METHODS',
      'WECHAT_METHODS',
      'alipay',
      'baidu',
      'douyin',
      'harmony',
      'kuaishou',
      'qq',
      'taro',
    ],
    data: { method: 'GET' },
    patchRefused: true,
  },
  requesterAdapters: ['alovaAuth', 'axiosAuth', 'luchRequestAuth', 'uniRequestInterceptor'],
}

describe('the installed package in plain Node', () => {
  it('require() resolves every entry through exports', () => {
    const code = `(async () => {
      const root = require('uni-session')
      const request = require('uni-session/request')
      const store = require('uni-session/store')
      const testing = require('uni-session/testing')
      const platforms = require('uni-session/platforms')
      const requesterAdapters = require('uni-session/adapters')
      ${probe('')}
    })().catch((e) => { console.error(e); process.exit(1) })`
    expect(JSON.parse(run(process.execPath, ['-e', code], consumer))).toEqual(expected)
  })

  it('import resolves every entry through exports', () => {
    const code = probe(`
      const root = await import('uni-session')
      const request = await import('uni-session/request')
      const store = await import('uni-session/store')
      const testing = await import('uni-session/testing')
      const platforms = await import('uni-session/platforms')
      const requesterAdapters = await import('uni-session/adapters')
    `)
    expect(JSON.parse(run(process.execPath, ['--input-type=module', '-e', code], consumer))).toEqual(expected)
  })

  it('the miniprogram index.js loads by require(), and in a context that has no require at all', () => {
    const code = `console.log(JSON.stringify(Object.keys(require('uni-session/dist/lib/miniprogram/index.js')).sort()))`
    // (The file is not in exports: ask for it by its path, as WeChat's copy is found.)
    const direct = `console.log(JSON.stringify(Object.keys(require('./node_modules/uni-session/dist/lib/miniprogram/index.js')).sort()))`
    expect(() => run(process.execPath, ['-e', code], consumer)).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/)
    const keys = JSON.parse(run(process.execPath, ['-e', direct], consumer)) as string[]
    expect(keys).toEqual(expect.arrayContaining(ROOT_API))

    // As WeChat loads it: module and exports, nothing else from outside the file.
    const module = { exports: {} as Record<string, unknown> }
    vm.runInNewContext(read('dist/lib/miniprogram/index.js'), { module, exports: module.exports })
    expect(Object.keys(module.exports).sort()).toEqual(keys)

    // The adapters beside it (miniprogram_npm/uni-session/platforms.js), self-contained too.
    const adapters = { exports: {} as Record<string, unknown> }
    vm.runInNewContext(read('dist/lib/miniprogram/platforms.js'), { module: adapters, exports: adapters.exports })
    expect(Object.keys(adapters.exports).sort()).toEqual(expected.platforms.names)
  })
})

describe('the types, as a consumer compiles them', () => {
  const consumerSource = `
    import {
      createAuth, createRequest, installAuth, ensureLogin, isHTTPError, HTTPError,
      type Auth, type Requester, type Platform,
    } from 'uni-session'
    import { createRequest as createRequestToo } from 'uni-session/request'
    import { createMiniProgramRuntime, createScriptedPlatform } from 'uni-session/testing'
    import { alipay, douyin, taro, type AlipayHost, type DouyinHost, type TaroHost } from 'uni-session/platforms'
    import { alovaAuth, axiosAuth, luchRequestAuth, uniRequestInterceptor, type LuchRequest } from 'uni-session/adapters'
    __STORE__
    type IsAny<T> = 0 extends 1 & T ? true : false
    const notAny: [IsAny<typeof createAuth>, IsAny<Requester>, IsAny<typeof createMiniProgramRuntime>] = [false, false, false]
    const platform: Platform = createScriptedPlatform()
    const auth: Auth = createAuth({ refresh: { url: 'https://api.example.com/refresh' }, platform })
    const request: Requester = createRequest({ auth, baseURL: 'https://api.example.com' })
    const same: typeof createRequest = createRequestToo
    installAuth(auth, { needLogin: ['/pages/me/me'] })
    const guard: (e: unknown) => boolean = isHTTPError
    const error: Error = new HTTPError('x')
    declare const my: AlipayHost, tt: DouyinHost, Taro: TaroHost
    const native: Platform[] = [alipay(my, { fileType: 'image' }), douyin(tt), taro(Taro)]
    const adapterNotAny: IsAny<typeof alipay> = false
    const interceptor: { invoke(args: { url?: string }): unknown } = uniRequestInterceptor(auth, { baseURL: 'https://api.example.com' })
    const luch: (http: LuchRequest) => () => void = (http) => luchRequestAuth(http, auth)
    const { onAuthRequired, onResponseRefreshToken } = alovaAuth(auth)
    void [notAny, request, same, ensureLogin, guard, error, native, adapterNotAny, interceptor, luch, axiosAuth, onAuthRequired, onResponseRefreshToken]
  `
  const store = `
    import { defineAuthStore } from 'uni-session/store'
    export const useAuthStore = (auth: import('uni-session').Auth) =>
      defineAuthStore(auth, { login: async (c: { code: string }) => ({ user: c }) })
  `

  const compile = (file: string, source: string, options: ts.CompilerOptions) => {
    const path = join(consumer, file)
    writeFileSync(path, source)
    const program = ts.createProgram([path], { strict: true, noEmit: true, types: [], ...options })
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? d.file.fileName.replace(consumer, '') : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      )
  }

  // The app's and the store's typical settings; the peers' own typings are not ours to check.
  const withPeers = { lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'], skipLibCheck: true }

  it.each([
    ['bundler', 'bundler.ts', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
    [
      'node16, an ES module',
      'esm.mts',
      { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    ],
    ['node16, CommonJS', 'cjs.cts', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    [
      'node10 (typesVersions)',
      'node10.ts',
      { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
    ],
  ])('%s: all five entries resolve and type-check', (_, file, options) => {
    expect(compile(file, consumerSource.replace('__STORE__', store), { ...options, ...withPeers })).toEqual([])
  })

  it('the declarations stand alone: ES2017 lib, no DOM, node, jest or uni types, checked with skipLibCheck off', () => {
    const options = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }
    expect(
      compile('strict.ts', consumerSource.replace('__STORE__', ''), {
        ...options,
        lib: ['lib.es2017.d.ts'],
        skipLibCheck: false,
      }),
    ).toEqual([])
  })
})

/** The specifiers a built file imports or requires. */
function importsOf(code: string): string[] {
  const source = ts.createSourceFile('x.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const specs: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specs.push((node.moduleSpecifier as ts.StringLiteral).text)
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const [arg] = node.arguments
      specs.push(arg && ts.isStringLiteral(arg) ? arg.text : `<dynamic require: ${node.getText()}>`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specs
}

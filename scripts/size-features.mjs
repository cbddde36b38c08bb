#!/usr/bin/env node
// What each feature costs in the issue's app bundles (min + gzip, mp-weixin, measured as scripts/size.mjs
// measures), found by taking it out: each row builds the bundle with that feature's code stubbed away
// and reports the bytes saved; the last table takes them out one after another, largest first, to show
// how many features a budget would cost. The stubbed bundles are only measured, never run or shipped.
// Usage: node scripts/size-features.mjs [--target mp-weixin|h5]
//
// A patch names the file and the exact code it replaces (after TypeScript is stripped, before
// bundling); a patch that no longer finds its code stops the script, so the table cannot quietly
// measure nothing after a refactor.
import { fileURLToPath } from 'node:url'
import { APPS, measure } from './size.mjs'

const target = process.argv.includes('--target') ? process.argv[process.argv.indexOf('--target') + 1] : 'mp-weixin'

/** Replace the body of `function name(...) {...}` (top level, JavaScript) with `body`. */
const stub = (name, body) => (js) => {
  const at = js.search(new RegExp(`(^|\\n)(export )?(async )?function ${name}\\(`))
  if (at < 0) throw new Error(`no function ${name}`)
  // the parameter list may hold defaults with parentheses: find the `{` that opens the body
  let depth = 0
  let i = js.indexOf('(', at)
  for (; i < js.length; i++) {
    if (js[i] === '(') depth++
    else if (js[i] === ')' && --depth === 0) break
  }
  const open = js.indexOf('{', i)
  depth = 0
  let end = open
  for (; end < js.length; end++) {
    if (js[end] === '{') depth++
    else if (js[end] === '}' && --depth === 0) break
  }
  return `${js.slice(0, open)}{ ${body} }${js.slice(end + 1)}`
}
/** Replace an exact piece of code (every occurrence); it must be there. */
const swap = (from, to) => (js) => {
  if (!js.includes(from)) throw new Error(`not found: ${from.slice(0, 80)}`)
  return js.split(from).join(to)
}
/** Replace from the line holding `from` to the line holding `to` (inclusive) with `by`. */
const cut =
  (from, to, by = '') =>
  (js) => {
    const a = js.indexOf(from)
    const b = a < 0 ? -1 : js.indexOf(to, a + from.length)
    if (a < 0 || b < 0) throw new Error(`not found: ${from.slice(0, 60)} … ${to.slice(0, 60)}`)
    return js.slice(0, a) + by + js.slice(b + to.length)
  }
const regex = (re, to) => (js) => {
  if (!re.test(js)) throw new Error(`not found: ${re}`)
  return js.replace(re, to)
}

/**
 * Feature -> { file: patches }. "(contract)": an interface or behaviour the public API promises (the
 * README's and the API reference's `createAuth`, `createRequest` and their options); the rest are options
 * and defaults. Rows are not additive: the slot queue's and the session path's patches both stub the
 * lent slot (`lends`, `foresee`); the option checks' patch also drops the 2^31 - 1 cap on numbers.
 */
const FEATURES = [
  {
    name: 'JWT `exp` read when the server sends no expiresIn (contract)',
    patches: { 'src/auth/tokens.ts': [stub('jwtClaims', 'return void 0')] },
  },
  {
    name: '`retry` option: backoff, Retry-After (contract)',
    patches: {
      'src/utils/request/retry.ts': [
        stub('retryDelay', 'return void 0'),
        stub('normalizeRetry', 'return {}'),
        stub('retryAfter', 'return void 0'),
      ],
    },
  },
  {
    name: 'upload / download (contract)',
    patches: {
      'src/utils/request.ts': [
        swap('requester.upload = (url, o) => call("upload", Object.assign({}, o, { url }));', ''),
        swap('requester.download = (url, o) => call("download", Object.assign({}, o, { url }));', ''),
      ],
      'src/utils/request/send.ts': [
        regex(/if \(call\.kind === "upload"\) \{[\s\S]*?\n {2}\} else \{/, 'if (0) {} else {'),
      ],
      'src/auth/platform/index.ts': [
        swap(
          'api === "downloadFile" ? { tempFilePath: res.tempFilePath } : api === "uploadFile" && typeof data === "string" ? asObject(data) || data : data',
          'data',
        ),
      ],
    },
  },
  {
    name: 'installAuth: the page guard (`needLogin`)',
    patches: {
      'src/auth/install.ts': [
        cut('  if (rules.length) {', '\n  if (platform.onAppShow) {', '\n  if (platform.onAppShow) {'),
      ],
    },
  },
  {
    name: 'installAuth: silent login (`silentLogin`, silentLoginTimeout)',
    patches: {
      'src/auth/install.ts': [cut('  if (silentLogin) {', '  return off;', '  return off;')],
      'src/auth/session.ts': [regex(/signInSilently: \(login, onError\) => signInSilently\([^)]*\),/, '')],
    },
  },
  {
    name: 'prompts in English, and the app locale read (Chinese only)',
    patches: {
      'src/auth/prompt.ts': [stub('promptLocale', 'return "zh"'), regex(/\n {2}en: \{[\s\S]*?\n {2}\}\n/, '\n')],
    },
  },
  {
    name: 'returnAfterLogin: going back after login (contract; redirectToLogin still saves the target)',
    patches: {
      'src/auth/journey.ts': [
        regex(/async returnAfterLogin\(\) \{[\s\S]*?\n {4}\},\n/, 'async returnAfterLogin() {},\n'),
      ],
    },
  },
  {
    name: 'createRequest `hooks` and lifecycle events',
    patches: {
      'src/utils/request/lifecycle.ts': [stub('tell', '')],
      'src/utils/request/send.ts': [
        swap('if (config.hooks.beforeRequest) config.hooks.beforeRequest({ request: req, attempt });', ''),
        regex(/if \(config\.hooks\.onLifecycle\) \{[\s\S]*?\n {2}\}\n/, ''),
        swap('!config.hooks.afterResponse', 'true'),
        swap('const after = config.hooks.afterResponse;', 'const after = void 0;'),
      ],
      'src/utils/request/call.ts': [
        swap('const { onError, onLifecycle } = this.config.hooks;', 'const onError = 0, onLifecycle = 0;'),
      ],
      'src/utils/request/config.ts': [cut('for (const name of ["beforeRequest"', '  }\n', '')],
    },
  },
  {
    name: 'the host slot queue (10 calls at once on mini programs) and its lent slot',
    patches: {
      'src/utils/request/send.ts': [
        stub('send', 'return dispatch(config, call, attempt)'),
        stub('pump', ''),
        stub('lends', 'return false'),
        stub('foresee', 'return false'),
      ],
    },
  },
  {
    name: "the timed early refresh (`autoRefresh`) and its refresh on onAppShow (installAuth's stays)",
    patches: { 'src/auth/timer.ts': [stub('createTimer', 'return { schedule() {} }')] },
  },
  {
    name: 'option checks (a TypeError naming a bad option)',
    patches: {
      'src/auth/options.ts': [
        stub('check', ''),
        stub('functionOption', 'return value'),
        stub('numberOption', 'return value === void 0 ? fallback : value'),
      ],
      '*': [(js) => js.replace(/(?<!function )\bcheck\(/g, '0 && check(')],
    },
  },
  {
    name: '`renewal` (sliding sessions: a renewed token in an answer)',
    patches: { 'src/auth/renewal.ts': [stub('renew', '')] },
  },
  {
    name: '`adopt` (take over a token the app stored before) and `storage`',
    patches: {
      'src/auth/storage.ts': [stub('adoptTokens', 'return void 0'), stub('recordStorage', 'return platform')],
    },
  },
  {
    name: '`logout` endpoint called on signOut',
    patches: { 'src/auth/session.ts': [regex(/if \(had && logout\) \{[\s\S]*?\n {6}\}\n/, '')] },
  },
  {
    name: 'nested `params` (key[sub]=, arrays; flat params stay)',
    patches: {
      'src/utils/request/url.ts': [
        regex(/if \(typeof value === "object" && !Array\.isArray\(value\)[^{]*\{[\s\S]*?return;\n {4}\}\n/, ''),
        swap('for (const v of [].concat(value))', 'for (const v of [value])'),
      ],
    },
  },
  {
    name: 'the session path in createRequest: its `auth` option (contract; the token, waiting for the refresh, the replay)',
    patches: {
      'src/utils/request/auth-path.ts': [stub('authorize', 'call.token = null'), stub('renew', 'throw 0')],
      'src/utils/request/send.ts': [stub('lends', 'return false'), stub('foresee', 'return false')],
    },
  },
  {
    name: 'the server message kept on a failed login (LoginError text)',
    patches: {
      'src/auth/tokens.ts': [stub('refusedLogin', 'return new LoginError("uni-session: signIn got no usable tokens")')],
    },
  },
]

const app = (name) => APPS.find((a) => a.name === name)
const apps = [
  app('createAuth + createRequest + installAuth'),
  app('createAuth + luchRequestAuth + installAuth'),
  app('createRequest alone'),
]
const root = fileURLToPath(new URL('..', import.meta.url))
const rel = (id) => (id.startsWith(root) ? id.slice(root.length) : id)

const patcher = (features) => {
  const used = new Set()
  const fn = (id, js) => {
    let out = js
    for (const f of features) {
      for (const [file, patches] of Object.entries(f.patches)) {
        if (file !== '*' && rel(id) !== file) continue
        if (file === '*' && !/\bcheck\(/.test(out)) continue
        for (const p of patches) out = p(out)
        used.add(`${f.name}|${file}`)
      }
    }
    return out
  }
  fn.used = used
  return fn
}

const base = {}
for (const app of apps) base[app.name] = (await measure(app.source, target)).gzip

console.log(
  `Bytes each feature costs (min + gzip, ${target}): the bundle with it taken out, against the bundle as shipped.\n`,
)
console.log(`| feature | ${apps.map((a) => a.name).join(' | ')} |`)
console.log(`|---|${apps.map(() => '---:').join('|')}|`)
console.log(`| (as shipped) | ${apps.map((a) => `${base[a.name]} B`).join(' | ')} |`)
const saved = []
for (const f of FEATURES) {
  const cells = []
  const p = patcher([f])
  const savings = []
  for (const app of apps) {
    const { gzip } = await measure(app.source, target, p)
    savings.push(base[app.name] - gzip)
    cells.push(base[app.name] === gzip ? '0' : `−${base[app.name] - gzip}`)
  }
  for (const file of Object.keys(f.patches))
    if (file !== '*' && ![...p.used].some((u) => u.endsWith(`|${file}`)))
      throw new Error(`${f.name}: ${file} is in none of the bundles`)
  saved.push({ f, savings })
  console.log(`| ${f.name} | ${cells.join(' | ')} |`)
}

for (const [k, app] of apps.entries()) {
  console.log(`\nTaken out one after another, largest first: ${app.name} (budget ${app.budget} B)\n`)
  console.log('| without | bytes |')
  console.log('|---|---:|')
  const order = saved.filter((x) => x.savings[k] > 0).sort((a, b) => b.savings[k] - a.savings[k])
  const gone = []
  for (const { f } of order) {
    gone.push(f)
    const { gzip } = await measure(app.source, target, patcher(gone))
    console.log(`| + ${f.name} | ${gzip} B${gzip <= app.budget ? ' (under the budget)' : ''} |`)
  }
}

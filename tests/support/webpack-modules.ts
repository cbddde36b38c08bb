/**
 * The modules of a webpack 4 build loaded in this process (uni-app's Vue 2 mini program output:
 * `common/runtime.js`, `common/vendor.js`, `common/main.js`). That output bundles the app's own
 * modules (`session.js`...) into chunks, so a test cannot `require` them by path as it does in the
 * Vite builds; it finds them by what they export.
 *
 * How: webpack 4's JSONP runtime (webpack/lib/web/JsonpMainTemplatePlugin.js, the `webpackJsonpCallback`
 * that `common/runtime.js` installs on `global.webpackJsonp`) runs the modules of a pushed chunk
 * `[chunkIds, modules, executeModules]` with its own `__webpack_require__`, whose `.c` is the cache
 * of every module already loaded. A one-module chunk hands that cache out.
 */
type Exports = Record<string, unknown>

/** Each probe is a new chunk: webpack runs a module id once and answers its cached exports after. */
let probes = 0

export function webpackModules(jsonpName = 'webpackJsonp'): Exports[] {
  const g = globalThis as Record<string, unknown>
  const jsonp = g[jsonpName] as { push(chunk: unknown): unknown } | undefined
  if (!jsonp) throw new Error(`webpack-modules: no global ${jsonpName}: load the build's app.js first`)
  let cache: Record<string, { exports: unknown }> = {}
  const probe = `__uni_session_probe_${++probes}`
  jsonp.push([
    [probe],
    {
      [probe]: (_module: unknown, _exports: unknown, require: { c: Record<string, { exports: unknown }> }) => {
        cache = require.c
      },
    },
    [[probe]],
  ])
  return Object.values(cache)
    .map((m) => m.exports)
    .filter((e): e is Exports => typeof e === 'object' && e !== null)
}

/** The one loaded module whose exports have every one of `names`; throws when none or several do. */
export function findModule<T>(names: string[], jsonpName?: string): T {
  const found = webpackModules(jsonpName).filter((e) => names.every((n) => n in e))
  if (found.length !== 1)
    throw new Error(`webpack-modules: ${found.length} loaded modules export ${names.join(', ')} (expected 1)`)
  return found[0] as T
}

/**
 * The `miniprogram_npm/` layout that WeChat DevTools' "build npm" makes, for tests of a native
 * mini program: the example is copied to a temporary folder (the repository stays clean) and the
 * package's `miniprogram` build (`dist/lib/miniprogram/`, from `npm run build:lib`) is copied into
 * `<copy>/miniprogram_npm/uni-session/`, as build npm does with a package's `miniprogram` folder.
 *
 * WeChat resolves a bare `require('uni-session')` to `miniprogram_npm/uni-session/index.js`; jest
 * knows nothing of that folder, so {@link mockMiniprogramNpm} registers the package as a virtual
 * module that loads that file, and fails with the path it tried when the layout lacks it.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const ROOT = join(__dirname, '..', '..')

/** The package's WeChat build, which build npm copies: `dist/lib/miniprogram/`. */
export const MINIPROGRAM_DIST = join(ROOT, 'dist', 'lib', 'miniprogram')
const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-lib.mjs')

/**
 * The folder holding the package's `miniprogram` build. Builds it with `scripts/build-lib.mjs`
 * when its `index.js` is missing; throws, naming the path, when there is still none.
 */
export function ensureMiniprogramBuild(dist = MINIPROGRAM_DIST): string {
  const entry = join(dist, 'index.js')
  if (!existsSync(entry) && dist === MINIPROGRAM_DIST && existsSync(BUILD_SCRIPT)) {
    execFileSync(process.execPath, [BUILD_SCRIPT], { cwd: ROOT, stdio: 'pipe' })
  }
  if (!existsSync(entry)) {
    throw new Error(
      `miniprogram_npm: no package build at ${entry} (run \`npm run build:lib\`; ${
        existsSync(BUILD_SCRIPT) ? 'scripts/build-lib.mjs ran but did not write it' : 'scripts/build-lib.mjs is missing'
      })`,
    )
  }
  return dist
}

export interface MiniprogramLayout {
  /** The copy of the mini program: app.js, app.json, pages/, miniprogram_npm/. */
  root: string
  /** `<root>/miniprogram_npm/<name>`. */
  packageDir: string
  /** Removes the copy. */
  remove(): void
}

export interface LayoutOptions {
  /** The mini program to copy (its miniprogramRoot). */
  example: string
  /** The package's `miniprogram` build folder; default `dist/lib/miniprogram`, built when missing. */
  dist?: string
  /** The package name under miniprogram_npm/. @default 'uni-session' */
  name?: string
  /** false: lay out no package (to test a layout that cannot resolve it). @default true */
  withPackage?: boolean
}

/** Copies the mini program to a temporary folder and lays the package out under its `miniprogram_npm/`. */
export function layOutMiniprogram(options: LayoutOptions): MiniprogramLayout {
  const name = options.name ?? 'uni-session'
  const root = mkdtempSync(join(tmpdir(), 'uni-session-mp-'))
  // What build npm would write, or a developer's own npm folders, never come along.
  const skipped = new Set(['miniprogram_npm', 'node_modules'])
  cpSync(options.example, root, {
    recursive: true,
    filter: (source) => !skipped.has(relative(options.example, source).split(/[\\/]/)[0] ?? ''),
  })
  const packageDir = join(root, 'miniprogram_npm', name)
  if (options.withPackage !== false) {
    cpSync(ensureMiniprogramBuild(options.dist), packageDir, { recursive: true })
  }
  return { root, packageDir, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/**
 * Where WeChat finds a bare `require(name)` of code under `root`: `miniprogram_npm/<name>/index.js`.
 * Throws, naming the path it tried, when the layout has no such file.
 */
export function resolveMiniprogramNpm(root: string, name = 'uni-session'): string {
  const entry = join(root, 'miniprogram_npm', name, 'index.js')
  if (!existsSync(entry)) {
    throw new Error(`miniprogram_npm: cannot resolve require('${name}'): tried ${entry}`)
  }
  return entry
}

/**
 * Makes `require(name)` in the mini program's files (and in the test) load the package from the
 * layout, as WeChat does. Call before the first require of the mini program's files.
 */
export function mockMiniprogramNpm(root: string, name = 'uni-session'): void {
  jest.doMock(name, () => require(resolveMiniprogramNpm(root, name)), { virtual: true })
}

/**
 * Builds a uni-app mini program target once per change of its sources: the output keeps a hash of
 * what went in (src/, index.html, vite.config.ts, package.json), and a build runs only when the
 * hash differs. Builds are serialised across processes with the lock server/h5-build.ts takes
 * (dist/.build-lock): test files run in parallel workers, and two `uni build`s at once share
 * vite's caches.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { withLock } from '../../server/h5-build'

export type MpTarget =
  | 'mp-weixin'
  | 'mp-alipay'
  | 'mp-toutiao'
  | 'mp-baidu'
  | 'mp-qq'
  | 'mp-harmony'
  | 'mp-kuaishou'
  | 'mp-jd'
  | 'mp-lark'
  | 'mp-xhs'

export const ROOT = join(__dirname, '..', '..')

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort()

/** The hash of everything a build reads from the project. */
export function sourceHash(root = ROOT): string {
  const hash = createHash('sha256')
  for (const file of [
    ...files(join(root, 'src')),
    ...['index.html', 'vite.config.ts', 'package.json'].map((f) => join(root, f)),
  ]) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

export interface Build {
  out: string
  /** Milliseconds the build took; 0 when the output was up to date. */
  ms: number
}

/** The target's output (dist/build/<target>), built first when its sources changed since. */
export function ensureMpBuild(target: MpTarget, root = ROOT): Build {
  const out = join(root, 'dist', 'build', target)
  const stamp = join(out, '.source-hash')
  const fresh = (hash: string) =>
    existsSync(join(out, 'app.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash
  if (fresh(sourceHash(root))) return { out, ms: 0 }
  return withLock(join(root, 'dist'), () => {
    const hash = sourceHash(root)
    if (fresh(hash)) return { out, ms: 0 } // another process built it while this one waited
    const started = Date.now()
    const uni = join(root, 'node_modules', '@dcloudio', 'vite-plugin-uni', 'bin', 'uni.js')
    const result = spawnSync(process.execPath, [uni, 'build', '-p', target], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    })
    if (result.status !== 0) {
      throw new Error(`uni build -p ${target} failed (exit ${result.status}):\n${result.stderr || result.stdout}`)
    }
    writeFileSync(stamp, hash)
    return { out, ms: Date.now() - started }
  })
}

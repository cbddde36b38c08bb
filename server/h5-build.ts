/**
 * Builds the uni-app app (H5 or mp-weixin) when its output is missing or older
 * than the sources. Builds are serialised across processes (test suites run in
 * parallel workers, and two `uni build`s at once share vite's caches).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const newest = (dir: string): number => {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/** Runs `task` holding the build lock of `dir` (`dir/.build-lock`), shared by every process that builds the app. */
export function withLock<T>(dir: string, task: () => T): T {
  const lock = join(dir, '.build-lock')
  mkdirSync(dir, { recursive: true })
  const started = Date.now()
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // A build that died leaves its lock behind: after five minutes it is taken over.
      if (Date.now() - started > 300_000) rmSync(lock, { recursive: true, force: true })
      sleep(200)
    }
  }
  try {
    return task()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

export function ensureUniBuild(
  root: string,
  platform: 'h5' | 'mp-weixin',
  log: (line: string) => void = () => {},
): string {
  const out = join(root, 'dist', 'build', platform)
  const marker = join(out, platform === 'h5' ? 'index.html' : 'app.js')
  const fresh = () =>
    existsSync(marker) &&
    statSync(marker).mtimeMs >= Math.max(newest(join(root, 'src')), statSync(join(root, 'index.html')).mtimeMs)
  if (fresh()) return out
  return withLock(join(root, 'dist'), () => {
    if (fresh()) return out // another process built it while this one waited
    log(`building the ${platform} app (uni build)…`)
    const args = [join(root, 'node_modules', '@dcloudio', 'vite-plugin-uni', 'bin', 'uni.js'), 'build']
    if (platform !== 'h5') args.push('-p', platform)
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    if (result.status !== 0) throw new Error(`uni build (${platform}) failed with exit code ${result.status}`)
    return out
  })
}

export const ensureH5Build = (root: string, log?: (line: string) => void) => ensureUniBuild(root, 'h5', log)

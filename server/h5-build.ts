/** Builds the H5 app when its output is missing or older than the sources. */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const newest = (dir: string): number => {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

export function ensureH5Build(root: string, log: (line: string) => void = () => {}): string {
  const out = join(root, 'dist', 'build', 'h5')
  const index = join(out, 'index.html')
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs < Math.max(newest(join(root, 'src')), statSync(join(root, 'index.html')).mtimeMs)
  if (stale) {
    log('building the H5 app (uni build)…')
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules', '@dcloudio', 'vite-plugin-uni', 'bin', 'uni.js'), 'build'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, UNI_PLATFORM: 'h5' },
      },
    )
    if (result.status !== 0) throw new Error(`uni build failed with exit code ${result.status}`)
  }
  return out
}

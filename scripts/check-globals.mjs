#!/usr/bin/env node
// Only src/auth/platform/ touches the platform's globals. Biome's noRestrictedGlobals (biome.json)
// catches a use of `uni`, `wx`, `getCurrentPages`...; this catches the way around it: a core file
// that declares one of them itself (`declare const uni: ...`) and so hides it from the linter.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const GLOBALS = 'uni|wx|my|tt|swan|qq|getCurrentPages|getApp|__wxConfig|__uniRoutes|navigator|window|localStorage|fetch'
const declared = new RegExp(`\\bdeclare\\s+(const|let|var|function)\\s+(${GLOBALS})\\b`)
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]))

const bad = []
for (const dir of ['src/auth', 'src/utils', 'src/platforms']) {
  for (const file of walk(join(root, dir))) {
    const rel = relative(root, file)
    if (!rel.endsWith('.ts') || rel.startsWith(join('src', 'auth', 'platform'))) continue
    // Taro on H5: the browser is the host there, and its Web Locks the lock across tabs that uni-app's H5
    // has (src/auth/platform/index.ts): the one global a host adapter may read, there alone.
    const allowed = rel === join('src', 'platforms', 'taro.ts') ? /\bdeclare\s+const\s+navigator\b/ : undefined
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (declared.test(line) && !(allowed && allowed.test(line))) bad.push(`${rel}:${i + 1}: ${line.trim()}`)
      })
  }
}
if (bad.length) {
  console.error(`Only src/auth/platform/ may declare the platform globals:\n${bad.join('\n')}`)
  process.exit(1)
}
console.log('check-globals: only src/auth/platform/ declares the platform globals')

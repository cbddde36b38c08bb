/**
 * The adapters' happy path against their bare libraries, and against the adapters at another commit:
 *   npx tsx bench/adapters-min.ts [rounds] [git-ref]
 * Interleaved rounds of 1,000 requests in one process; per contender the lowest and the 10th-percentile
 * process CPU time per request (on a shared, loaded machine the wall clock mostly measures the others).
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { baselineOf, bundleScript, prepareBaseline, ROOT } from './build'

const rounds = Number(process.argv[2] ?? 60)
const ref = process.argv[3]
const libs = ['luch-request', 'alova', 'axios']
const OUT = join(ROOT, 'node_modules', '.cache', 'uni-session-bench')
async function load(recipe: string, tag: string) {
  const file = join(OUT, `min-${tag}.mjs`)
  await bundleScript(
    `export { make } from ${JSON.stringify(recipe)}\nexport * from './bench/harness'\n`,
    file,
    `${tag}.ts`,
  )
  return (await import(pathToFileURL(file).href)) as typeof import('./harness') & {
    make: import('./contender').MakeClient
  }
}
const names: [string, string][] = []
for (const lib of libs) {
  names.push([`${lib}-bare`, `./bench/peers/${lib}-bare`], [`${lib}-adapter`, `./bench/peers/${lib}-adapter`])
  if (ref) {
    // The module at `ref`, unpacked where prepareBaseline puts it (by sha, not by the ref's name).
    prepareBaseline(ref)
    const { dir } = baselineOf(ref)
    mkdirSync(join(dir, 'bench', 'peers'), { recursive: true })
    copyFileSync(join(ROOT, 'bench', 'peers', `${lib}-adapter.ts`), join(dir, 'bench', 'peers', `${lib}-adapter.ts`))
    names.push([`${lib}-adapter@${ref}`, join(dir, 'bench', 'peers', `${lib}-adapter`)])
  }
}
const opts = { baseURL: 'http://127.0.0.1:9', refreshURL: 'http://127.0.0.1:9/auth/refresh' }
const runners: { n: string; round: (count: number) => Promise<number>; cpu: number[] }[] = []
for (const [n, recipe] of names) {
  const c = await load(recipe, n.replace(/[^\w.-]/g, '_'))
  runners.push({ n, round: c.happyRunner(c.make, opts), cpu: [] as number[] })
}
for (let i = 0; i < rounds; i++) {
  for (const r of runners) {
    const c0 = process.cpuUsage()
    await r.round(1000)
    const c = process.cpuUsage(c0)
    // µs of CPU for 1,000 requests, / 1,000: µs per request.
    if (i >= 5) r.cpu.push((c.user + c.system) / 1000)
  }
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] as number
const of = (n: string) => runners.find((r) => r.n === n)?.cpu ?? []
for (const lib of libs) {
  const bare = of(`${lib}-bare`)
  for (const n of [`${lib}-adapter`, ...(ref ? [`${lib}-adapter@${ref}`] : [])]) {
    const a = of(n)
    console.log(
      `${n.padEnd(30)} CPU µs/request min ${q(a, 0).toFixed(2)} vs bare ${q(bare, 0).toFixed(2)}: x${(q(a, 0) / q(bare, 0)).toFixed(3)} | p10 x${(q(a, 0.1) / q(bare, 0.1)).toFixed(3)} | median x${(q(a, 0.5) / q(bare, 0.5)).toFixed(3)}`,
    )
  }
}

/**
 * The adapters' happy path against their bare libraries, each run alone in its own process:
 *   npx tsx bench/adapters-paired.ts [pairs] [rounds] [library,...]
 * For each library, `pairs` times: the bare library in a fresh process, then the adapter in a fresh
 * process, each warming up for 50 rounds and then timing `rounds` rounds of 1,000 requests with the
 * process's own CPU clock. One ratio per pair (adapter / bare, measured a few seconds apart); the median
 * and the middle half of the ratios are printed. Separate processes keep one contender's garbage and
 * optimised code out of the other's time (bench/adapters-min.ts runs them all in one process, where
 * that mixing moves each result by more than the 5% being measured).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { bundleScript, ROOT } from './build'

const pairs = Number(process.argv[2] ?? 9)
const rounds = Number(process.argv[3] ?? 300)
const libs = process.argv[4] ? process.argv[4].split(',') : ['luch-request', 'alova', 'axios']
const OUT = join(ROOT, 'node_modules', '.cache', 'uni-session-bench', 'paired')
mkdirSync(OUT, { recursive: true })

/** One contender as a script that prints its CPU µs per request. */
async function script(peer: string): Promise<string> {
  const file = join(OUT, `${peer}.mjs`)
  await bundleScript(
    `import { make } from './bench/peers/${peer}'
import { happyRunner } from './bench/harness'
const round = happyRunner(make, { baseURL: 'http://127.0.0.1:9', refreshURL: 'http://127.0.0.1:9/auth/refresh' })
const rounds = Number(process.argv[2])
;(async () => {
  for (let i = 0; i < 50; i++) await round(1000)
  const c0 = process.cpuUsage()
  for (let i = 0; i < rounds; i++) await round(1000)
  const c = process.cpuUsage(c0)
  console.log((c.user + c.system) / (rounds * 1000))
})()
`,
    file,
    `${peer}.ts`,
  )
  return file
}

const run = (file: string) => Number(execFileSync(process.execPath, [file, String(rounds)], { encoding: 'utf8' }))
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] as number

console.log(`${pairs} pairs of processes per library, ${rounds} timed rounds of 1,000 requests each\n`)
console.log(
  '| adapter | bare µs/request (median) | adapter µs/request (median) | x bare (median of pairs) | middle half |',
)
console.log('|---|---:|---:|---:|---|')
for (const lib of libs) {
  const bareFile = await script(`${lib}-bare`)
  const adapterFile = await script(`${lib}-adapter`)
  const bare: number[] = []
  const adapter: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so that a machine getting busier or quieter favours neither.
    let a: number
    let b: number
    if (i % 2) {
      b = run(bareFile)
      a = run(adapterFile)
    } else {
      a = run(adapterFile)
      b = run(bareFile)
    }
    bare.push(b)
    adapter.push(a)
    ratios.push(a / b)
  }
  console.log(
    `| ${lib} | ${q(bare, 0.5).toFixed(2)} | ${q(adapter, 0.5).toFixed(2)} | ${q(ratios, 0.5).toFixed(3)} | ${q(ratios, 0.25).toFixed(3)}–${q(ratios, 0.75).toFixed(3)} |`,
  )
}

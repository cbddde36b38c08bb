/**
 * HEAD against a baseline over several runs of `npm run bench -- --baseline <ref> [--only uni-session]`:
 *   npx tsx bench/compare.ts run1.json run2.json ...
 * The machine is shared and noisy, so each figure comes with its spread: the median of the runs'
 * medians and their range, and, for the happy path, the ratio of the two contenders round by round
 * (their rounds run back to back, so a slow spell slows both) pooled over every run, with p25-p75,
 * and each run's fastest round (the least disturbed by the machine's other work).
 */
import { readFileSync } from 'node:fs'

interface Run {
  date: string
  baselines: string[]
  happyPath: HappyRow[]
  bursts: { name: string; n: number; order: string; wallMs: number | null; refreshCalls: number; pending: number }[]
}

interface HappyRow {
  name: string
  nsPerRequest: number
  rounds: number[]
  cpuNsPerRequest?: number
  cpuRounds?: number[]
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (s.length - 1) * p
  const lo = Math.floor(at)
  return (s[lo] as number) + ((s[Math.ceil(at)] as number) - (s[lo] as number)) * (at - lo)
}
const median = (xs: number[]) => q(xs, 0.5)
const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Run)
if (!runs.length) throw new Error('usage: tsx bench/compare.ts results1.json results2.json ...')
const base = runs[0]?.baselines[0]
if (!base) throw new Error('these results have no baseline (run the bench with --baseline <ref>)')
const HEAD = 'uni-session'

const happy = (run: Run, name: string) => run.happyPath.find((h) => h.name === name) as HappyRow
console.log(`# ${HEAD} (HEAD) against ${base}: ${runs.length} runs, ${runs[0]?.date.slice(0, 10)}`)
console.log()
console.log('| happy path, ns per request | HEAD | baseline | HEAD / baseline |')
console.log('|---|---:|---:|---:|')
const measures: [string, (h: HappyRow) => number | undefined, (h: HappyRow) => number[] | undefined][] = [
  ['wall', (h) => h.nsPerRequest, (h) => h.rounds],
  ['CPU', (h) => h.cpuNsPerRequest, (h) => h.cpuRounds],
]
for (const [what, value, rounds] of measures) {
  const heads = runs.map((r) => value(happy(r, HEAD)))
  const bases = runs.map((r) => value(happy(r, base)))
  if (heads.some((x) => x === undefined) || bases.some((x) => x === undefined)) continue
  const [a, b] = [heads as number[], bases as number[]]
  const ratios = runs.flatMap((r) => {
    const x = rounds(happy(r, HEAD)) ?? []
    const y = rounds(happy(r, base)) ?? []
    return x.map((v, i) => v / (y[i] as number))
  })
  console.log(
    `| ${what}: median of the runs' medians (range) | ${f(median(a))} (${f(Math.min(...a))}-${f(Math.max(...a))}) | ${f(median(b))} (${f(Math.min(...b))}-${f(Math.max(...b))}) | ${f(median(a) / median(b), 2)} |`,
  )
  console.log(
    `| ${what}: round by round, ${ratios.length} paired rounds, median ratio (p25-p75) | | | ${f(median(ratios), 2)} (${f(q(ratios, 0.25), 2)}-${f(q(ratios, 0.75), 2)}) |`,
  )
  // The fastest round of a run is the one least disturbed by others: the usual estimator on a busy machine.
  const fastest = (name: string) => runs.map((r) => Math.min(...(rounds(happy(r, name)) ?? [Number.NaN])))
  const [fa, fb] = [fastest(HEAD), fastest(base)]
  console.log(
    `| ${what}: each run's fastest round, median of the runs (range) | ${f(median(fa))} (${f(Math.min(...fa))}-${f(Math.max(...fa))}) | ${f(median(fb))} (${f(Math.min(...fb))}-${f(Math.max(...fb))}) | ${f(median(fa) / median(fb), 2)} |`,
  )
}
console.log()
console.log(
  '| burst: wall ms | HEAD median (range) | baseline median (range) | HEAD / baseline | refresh calls, pending |',
)
console.log('|---|---:|---:|---:|---|')
const keys = [...new Set(runs[0]?.bursts.filter((b) => b.name === HEAD).map((b) => `${b.order}|${b.n}`))]
for (const key of keys) {
  const [order, n] = key.split('|') as [string, string]
  const pick = (name: string) =>
    runs.map((r) => r.bursts.find((b) => b.name === name && b.order === order && String(b.n) === n))
  const walls = (name: string) => pick(name).map((b) => (b && b.wallMs !== null ? b.wallMs : Number.NaN))
  const a = walls(HEAD)
  const b = walls(base)
  const counts = [...pick(HEAD), ...pick(base)]
  const calls = Math.max(...counts.map((c) => c?.refreshCalls ?? 0))
  const pending = Math.max(...counts.map((c) => c?.pending ?? 0))
  console.log(
    `| N = ${f(Number(n))}, ${order} | ${f(median(a), 1)} (${f(Math.min(...a), 1)}-${f(Math.max(...a), 1)}) | ${f(median(b), 1)} (${f(Math.min(...b), 1)}-${f(Math.max(...b), 1)}) | ${f(median(a) / median(b), 2)} | ${calls} max, ${pending} max |`,
  )
}

/**
 * The 10-slot host section of the bench alone (bench/run.ts, "Ten slots"), for quick before/after
 * numbers: the same bundles (bench/build.ts), scenario (bench/host.ts) and settings as the full run.
 *
 *   npx tsx bench/host-only.ts                       uni-session, 5 runs
 *   npx tsx bench/host-only.ts --baseline <git-ref>  and uni-session at <ref>, runs interleaved
 *   npx tsx bench/host-only.ts --runs 9 --only luch-request-adapter
 */
import { loadContenders, type Name, prepareBaseline } from './build'

const arg = (flag: string) => {
  const i = process.argv.indexOf(flag)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const baseline = arg('--baseline')
const names: Name[] = [...(arg('--only') || 'uni-session').split(','), ...(baseline ? [prepareBaseline(baseline)] : [])]
const runs = Number(arg('--runs') || 5)
const HOST = { slots: 10, requests: 20, delayMs: 100 }
const BASE = 'http://127.0.0.1:9'

const loaded = await loadContenders(names)
const results = new Map<Name, Awaited<ReturnType<(typeof loaded)[Name]['hostExpiry']>>[]>(names.map((n) => [n, []]))
for (let i = 0; i < runs; i++) {
  for (const name of names) {
    const c = loaded[name] as (typeof loaded)[Name]
    results.get(name)?.push(
      await c.hostExpiry(c.make, {
        baseURL: BASE,
        refreshURL: `${BASE}/auth/refresh`,
        ...HOST,
        boundMs: Math.max(2000, HOST.delayMs * 50),
      }),
    )
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
for (const [name, rs] of results) {
  const all = rs.map((r) => r.allDoneMs ?? Infinity)
  console.log(
    `${name}: all done median ${median(all).toFixed(1)} ms (runs: ${all.map((x) => x.toFixed(0)).join(', ')}); ` +
      `refresh sent ${median(rs.map((r) => r.refreshSentMs ?? Infinity)).toFixed(1)} ms, ` +
      `waited for a host slot: ${rs.some((r) => r.refreshQueued) ? 'yes' : 'no'}; ` +
      `refresh calls ${Math.max(...rs.map((r) => r.refreshCalls))}, API calls ${Math.max(...rs.map((r) => r.apiCalls))}, ` +
      `failed ${Math.max(...rs.map((r) => r.failed))}, pending ${Math.max(...rs.map((r) => r.pending))}, ` +
      `most out ${Math.max(...rs.map((r) => r.mostOut))}`,
  )
}

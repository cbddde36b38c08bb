/**
 * The README's benchmark tables, from bench/results.json (what `npm run bench` last wrote):
 *   npx tsx bench/summary.ts
 * prints markdown to paste under "Benchmarks", so that the README never drifts from a real run.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './build'

interface Burst {
  name: string
  n: number
  order: string
  refresh: string
  refreshCalls: number
  succeeded: number
  failed: number
  pending: number
  wallMs: number | null
}
const r = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as {
  date: string
  machine: { node: string; cpu: string; cores: number; os: string }
  happyPath: { name: string; nsPerRequest: number; rounds: number[] }[]
  bursts: Burst[]
  refreshFailure: Burst[]
  sizes: { contenders: { name: string; gzip: number }[]; uniSessionSizeScript: { gzip: number }[] }
  adapterOverhead?: { name: string; nsPerRequest: number; bareNsPerRequest: number; recipeNsPerRequest: number }[]
  soak: {
    requests: number
    concurrency: number
    failed: number
    serverRefreshes: number
    expiries: number
    refreshRejected: number
    reuseDetected: number
    refusedWith401: number
    wallMs: number
  }
}

const NAMES: Record<string, string> = {
  raw: 'raw `uni.request` in a promise',
  'uni-session': '**uni-session**',
  'luch-request': 'luch-request + recipe',
  'uni-ajax': 'uni-ajax + recipe',
  alova: 'alova + token auth',
  axios: 'axios + axios-auth-refresh',
  'luch-request-adapter': 'luch-request + **uni-session adapter**',
  'alova-adapter': 'alova + **uni-session adapter**',
  'luch-request-bare': 'luch-request bare (no refresh)',
  'alova-bare': 'alova bare (no refresh)',
}
const PEERS = ['luch-request', 'uni-ajax', 'alova', 'axios']
const fmt = (x: number) => x.toLocaleString('en-US')
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x} ms`)
const lines: string[] = []
const out = (s = '') => lines.push(s)

const raw = r.happyPath.find((h) => h.name === 'raw')?.nsPerRequest ?? 1
const fastest = Math.min(...r.happyPath.filter((h) => PEERS.includes(h.name)).map((h) => h.nsPerRequest))
out(`Happy path, ns per request (median of ${r.happyPath[0]?.rounds.length} rounds, in batches of 100):`)
out()
out('| contender | ns / request | x raw `uni.request` | x fastest peer |')
out('|---|---:|---:|---:|')
for (const h of r.happyPath) {
  const bold = h.name === 'uni-session' ? '**' : ''
  const cells = [
    fmt(h.nsPerRequest),
    (h.nsPerRequest / raw).toFixed(1),
    h.name === 'raw' ? '' : (h.nsPerRequest / fastest).toFixed(2),
  ]
  out(`| ${NAMES[h.name]} | ${cells.map((c) => (c ? `${bold}${c}${bold}` : c)).join(' | ')} |`)
}
out()

const cell = (b: Burst | undefined, own: boolean) => {
  if (!b) return ''
  const refreshes = `${b.refreshCalls} refresh${b.refreshCalls === 1 ? '' : 'es'}`
  if (b.pending) return `${refreshes}, ${fmt(b.pending)} hang`
  if (b.failed && b.refresh === 'ok') return `${fmt(b.failed)} of ${fmt(b.n)} fail`
  return `${refreshes}, ${own ? `${fmt(b.succeeded)}/${fmt(b.n)} ok, ` : ''}${ms(b.wallMs as number)}`
}
out('| N, replies | uni-session | luch-request + recipe | uni-ajax + recipe | alova | axios + aar |')
out('|---|---|---|---|---|---|')
for (const order of ['in order', 'out of order']) {
  for (const n of [...new Set(r.bursts.map((b) => b.n))].filter((n) => n >= 100)) {
    const row = ['uni-session', ...PEERS].map((name) =>
      cell(
        r.bursts.find((b) => b.name === name && b.n === n && b.order === order),
        name === 'uni-session',
      ),
    )
    out(`| ${fmt(n)}, ${order} | ${row.join(' | ')} |`)
  }
}
out()
out('| refresh, 100 waiting | uni-session | luch-request + recipe | uni-ajax + recipe | alova | axios + aar |')
out('|---|---|---|---|---|---|')
for (const refresh of ['reject', 'network']) {
  const row = ['uni-session', ...PEERS].map((name) => {
    const b = r.refreshFailure.find((f) => f.name === name && f.refresh === refresh)
    if (!b) return ''
    return b.pending ? `${b.pending} hang` : `${b.succeeded + b.failed} settle in ${ms(b.wallMs as number)}`
  })
  out(`| ${refresh === 'reject' ? 'rejected (401)' : 'network error'} | ${row.join(' | ')} |`)
}
out()
// uni-session's adapters (uni-session/adapters) on their library, beside the library's recipe.
if (r.adapterOverhead) {
  const ADAPTED: Array<[string, string]> = [
    ['luch-request-adapter', 'luch-request'],
    ['alova-adapter', 'alova'],
  ]
  out('| adapter | happy path, ns / request | x bare library | x recipe |')
  out('|---|---:|---:|---:|')
  for (const a of r.adapterOverhead) {
    out(
      `| ${NAMES[a.name]} | ${fmt(a.nsPerRequest)} | ${(a.nsPerRequest / a.bareNsPerRequest).toFixed(2)} (bare: ${fmt(a.bareNsPerRequest)}) | ${(a.nsPerRequest / a.recipeNsPerRequest).toFixed(2)} |`,
    )
  }
  out()
  out(`| N, replies | ${ADAPTED.map(([a, p]) => `${NAMES[a]} | ${NAMES[p]}`).join(' | ')} |`)
  out(`|---|${ADAPTED.map(() => '---|---').join('|')}|`)
  for (const order of ['in order', 'out of order']) {
    for (const n of [...new Set(r.bursts.map((b) => b.n))].filter((n) => n >= 100)) {
      const row = ADAPTED.flat().map((name) =>
        cell(
          r.bursts.find((b) => b.name === name && b.n === n && b.order === order),
          name.endsWith('-adapter'),
        ),
      )
      out(`| ${fmt(n)}, ${order} | ${row.join(' | ')} |`)
    }
  }
  for (const refresh of ['reject', 'network']) {
    const row = ADAPTED.flat().map((name) => {
      const b = r.refreshFailure.find((f) => f.name === name && f.refresh === refresh)
      return !b ? '' : b.pending ? `${b.pending} hang` : `${b.succeeded + b.failed} settle in ${ms(b.wallMs as number)}`
    })
    out(`| refresh ${refresh === 'reject' ? 'rejected (401)' : 'network error'}, 100 waiting | ${row.join(' | ')} |`)
  }
  out()
}
out(
  `Sizes (min + gzip): ${r.sizes.contenders.map((s) => `${s.name} ${fmt(s.gzip)} B`).join('; ')}; uni-session core ${fmt(r.sizes.uniSessionSizeScript[0]?.gzip ?? 0)} B, whole module ${fmt(r.sizes.uniSessionSizeScript[1]?.gzip ?? 0)} B.`,
)
out()
const s = r.soak
out(
  `Soak: ${fmt(s.requests)} requests, ${s.concurrency} in flight, ${s.failed} failed, ${s.serverRefreshes} refresh calls for ${s.expiries} expiries, ${s.refreshRejected} rejected, ${s.reuseDetected} reused, ${fmt(s.refusedWith401)} replayed 401s, ${(s.wallMs / 1000).toFixed(1)} s.`,
)
out()
out(
  `Measured ${r.date.slice(0, 10)}, Node ${r.machine.node.replace(/^v/, '')}, ${r.machine.cpu} x${r.machine.cores}, ${r.machine.os}.`,
)
console.log(lines.join('\n'))

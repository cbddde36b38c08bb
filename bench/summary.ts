/**
 * The README's benchmark tables, from bench/results.json (what `npm run bench` last wrote):
 *   npx tsx bench/summary.ts
 * prints markdown to paste under "Benchmarks", beside the charts drawn from the same file
 * (bench/chart-*.svg), so that the README never drifts from a real run.
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
  machine: { node: string; cpu: string; cores: number; os: string; load?: number[] }
  contenders: Record<string, string>
  happyPath: {
    name: string
    nsPerRequest: number
    p25?: number
    p75?: number
    cpuNsPerRequest?: number
    rounds: number[]
  }[]
  bursts: Burst[]
  refreshFailure: Burst[]
  sizes: { contenders: { name: string; gzip: number }[]; uniSessionSizeScript: { gzip: number }[] }
  adapterOverhead?: { name: string; nsPerRequest: number; bareNsPerRequest: number; recipeNsPerRequest: number }[]
  hostSlots?: {
    slots: number
    requests: number
    delayMs: number
    runs: number
    rows: {
      name: string
      refreshMadeMs: number | null
      refreshSentMs: number | null
      refreshQueued: boolean
      allDoneMs: number | null
      refreshCalls: number
      succeeded: number
      failed: number
      timedOut: number
      apiCalls: number
    }[]
  }
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
  'luch-request': 'luch-request + recipe, published',
  'luch-request-careful': 'luch-request + recipe, careful',
  'uni-ajax': "uni-ajax + its docs' recipe, published",
  'uni-ajax-careful': 'uni-ajax + recipe, careful',
  alova: 'alova + token auth, published',
  'alova-careful': 'alova + token auth, careful',
  axios: 'axios + axios-auth-refresh, published',
  'axios-careful': 'axios + axios-auth-refresh, careful',
  'luch-request-adapter': 'luch-request + **uni-session adapter**',
  'alova-adapter': 'alova + **uni-session adapter**',
  'luch-request-bare': 'luch-request bare (no refresh)',
  'alova-bare': 'alova bare (no refresh)',
  'axios-adapter': 'axios + **uni-session adapter**',
  'axios-bare': 'axios bare (no refresh)',
}
const nameOf = (n: string) => NAMES[n] ?? n
/** uni-session's adapters on a library, and the libraries bare (happy path only): neither is a peer. */
const isOurs = (n: string) => /-(adapter|bare)$/.test(n)
const isPeer = (n: string) => n !== 'raw' && n !== 'uni-session' && !n.includes('@') && !isOurs(n)
const CLIENTS = Object.keys(r.contenders).filter((n) => n !== 'raw' && !n.endsWith('-bare'))
const fmt = (x: number) => x.toLocaleString('en-US')
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x} ms`)
const lines: string[] = []
const out = (s = '') => lines.push(s)

const raw = r.happyPath.find((h) => h.name === 'raw')?.nsPerRequest ?? 1
const fastest = Math.min(...r.happyPath.filter((h) => isPeer(h.name)).map((h) => h.nsPerRequest))
out(
  `Happy path, ns per request (median of ${r.happyPath[0]?.rounds.length} rounds, in batches of 100; p25-p75 of the rounds):`,
)
out()
out('| contender | ns / request | p25-p75 | CPU ns / request | x raw `uni.request` | x fastest peer |')
out('|---|---:|---:|---:|---:|---:|')
for (const h of r.happyPath) {
  const bold = h.name === 'uni-session' ? '**' : ''
  const cells = [
    fmt(h.nsPerRequest),
    h.p25 === undefined ? '' : `${fmt(h.p25)}-${fmt(h.p75 ?? h.p25)}`,
    h.cpuNsPerRequest === undefined ? '' : fmt(h.cpuNsPerRequest),
    (h.nsPerRequest / raw).toFixed(1),
    h.name === 'raw' ? '' : (h.nsPerRequest / fastest).toFixed(2),
  ]
  out(`| ${nameOf(h.name)} | ${cells.map((c) => (c ? `${bold}${c}${bold}` : c)).join(' | ')} |`)
}
out()

const cell = (b: Burst | undefined) => {
  if (!b) return ''
  const refreshes = `${b.refreshCalls} refresh${b.refreshCalls === 1 ? '' : 'es'}`
  if (b.pending) return `${refreshes}, **${fmt(b.pending)} hang**`
  if (b.failed && b.refresh === 'ok') return `**${fmt(b.failed)} of ${fmt(b.n)} fail**`
  return `${refreshes}, ${ms(b.wallMs as number)}`
}
const sizes = [...new Set(r.bursts.map((b) => b.n))].filter((n) => n >= 100)
const columns = ['in order', 'out of order'].flatMap((order) => sizes.map((n) => ({ order, n })))
out(
  `Expiry bursts: N requests on an expired token; refresh calls and the wall time until the last one settled (median of the runs), or what went wrong (the worst run):`,
)
out()
out(`| contender | ${columns.map((c) => `${fmt(c.n)}, ${c.order}`).join(' | ')} |`)
out(`|---|${columns.map(() => '---').join('|')}|`)
for (const name of CLIENTS) {
  const row = columns.map((c) => cell(r.bursts.find((b) => b.name === name && b.n === c.n && b.order === c.order)))
  out(`| ${nameOf(name)} | ${row.join(' | ')} |`)
}
out()
out('Refresh failure: 100 requests waiting on a refresh that fails:')
out()
out('| contender | refresh rejected (401) | refresh: network error |')
out('|---|---|---|')
for (const name of CLIENTS) {
  const row = ['reject', 'network'].map((refresh) => {
    const b = r.refreshFailure.find((f) => f.name === name && f.refresh === refresh)
    if (!b) return ''
    return b.pending ? `**${b.pending} hang**` : `${b.succeeded + b.failed} settle in ${ms(b.wallMs as number)}`
  })
  out(`| ${nameOf(name)} | ${row.join(' | ')} |`)
}
out()
if (r.adapterOverhead && r.adapterOverhead.length) {
  out("The adapters' happy path against their library bare (a header, no refresh) and with its published recipe:")
  out()
  out('| adapter | ns / request | x bare library | x recipe |')
  out('|---|---:|---:|---:|')
  for (const a of r.adapterOverhead) {
    out(
      `| ${nameOf(a.name)} | ${fmt(a.nsPerRequest)} | ${(a.nsPerRequest / a.bareNsPerRequest).toFixed(2)} (bare: ${fmt(a.bareNsPerRequest)}) | ${(a.nsPerRequest / a.recipeNsPerRequest).toFixed(2)} |`,
    )
  }
  out()
}
const h = r.hostSlots
if (h && h.rows.length) {
  out(
    `On a ${h.slots}-slot mini program host (${h.slots} calls at once, the rest queued in the host, the wait counted against each call's timeout): ${h.requests} slow requests out when the access token expires, every call answered ${h.delayMs} ms after the host sends it; ms after the expiry, median of ${h.runs} runs:`,
  )
  out()
  out(
    '| contender | refresh call made | refresh call sent | all done | refresh calls | succeeded | failed | API calls |',
  )
  out('|---|---:|---:|---:|---:|---:|---:|---:|')
  const t = (x: number | null) => (x === null ? '' : `${x}`)
  for (const row of h.rows) {
    const waited =
      row.refreshQueued && row.refreshSentMs !== null && row.refreshMadeMs !== null
        ? ` (waited ${Math.round((row.refreshSentMs - row.refreshMadeMs) * 10) / 10} for a slot)`
        : ' (no wait)'
    out(
      `| ${nameOf(row.name)} | ${t(row.refreshMadeMs)} | ${t(row.refreshSentMs)}${waited} | ${row.allDoneMs ?? '**hangs**'} | ${row.refreshCalls} | ${row.succeeded} | ${row.failed}${row.timedOut ? ` (${row.timedOut} timed out)` : ''} | ${row.apiCalls} |`,
    )
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
  `Measured ${r.date.slice(0, 10)}, Node ${r.machine.node.replace(/^v/, '')}, ${r.machine.cpu} x${r.machine.cores}, ${r.machine.os}${r.machine.load ? `, load average ${r.machine.load.join(' -> ')}` : ''}.`,
)
console.log(lines.join('\n'))

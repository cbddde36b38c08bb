/**
 * npm run bench            the full run: tables on stdout, bench/results.json and its charts (bench/chart-*.svg)
 * npm run bench -- --ci    short: small counts, checks the counts (never the times), exits 1 on a miss
 * npm run bench -- --baseline <git-ref>   adds "uni-session@<ref>": the module's src/ at that commit, same recipe
 * npm run bench -- --only uni-session,alova   only these contenders (and raw), no sizes, no soak
 * npm run bench -- --happy --only luch-request-adapter,luch-request-bare   the happy path (and the
 *   adapters' table) alone: nothing after it runs, nothing is written
 *   (with --baseline or --only the results go to node_modules/.cache/uni-session-bench/, not bench/)
 *
 * Everything runs in this one process against a scripted `uni` (src/testing/scripted-platform.ts),
 * except the soak, which uses the reference server over loopback.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { arch, cpus, loadavg, platform as osPlatform, release, totalmem } from 'node:os'
import { join } from 'node:path'
import {
  ADAPTERS as ALL_ADAPTERS,
  PEERS as ALL_PEERS,
  CONTENDERS,
  LABEL,
  loadContenders,
  type Name,
  prepareBaseline,
  ROOT,
  sizeOf,
} from './build'
import { renderCharts } from './charts'
import type { Client } from './contender'
import type { RefreshOutcome } from './harness'
import { soak } from './soak'

const LOAD_AT_START = Math.round((loadavg()[0] as number) * 10) / 10
const CI = process.argv.includes('--ci')
const argValues = (flag: string) =>
  process.argv.flatMap((a, i) => (a === flag && process.argv[i + 1] ? [process.argv[i + 1] as string] : []))
const BASELINES: Name[] = argValues('--baseline').map(prepareBaseline)
const ONLY = argValues('--only').flatMap((v) => v.split(','))
const picked = (name: Name) => !ONLY.length || ONLY.includes(name) || name === 'raw'
/** Partial runs (a baseline, a subset) never overwrite bench/results.json. */
const PARTIAL = BASELINES.length > 0 || ONLY.length > 0
const PEERS: Name[] = ALL_PEERS.filter(picked)
/** uni-session's session under a library (uni-session/adapters), checked like uni-session. */
const ADAPTERS: Name[] = ALL_ADAPTERS.filter(picked)
/** Each adapter's library bare (the happy-path overhead is measured against it) and with its published recipe. */
const BARE_OF: Record<Name, Name> = {
  'luch-request-adapter': 'luch-request-bare',
  'alova-adapter': 'alova-bare',
  'axios-adapter': 'axios-bare',
}
const RECIPE_OF: Record<Name, Name> = {
  'luch-request-adapter': 'luch-request',
  'alova-adapter': 'alova',
  'axios-adapter': 'axios',
}
/** The happy path alone (`--happy`): the run stops after its tables. */
const HAPPY_ONLY = process.argv.includes('--happy')
const CLIENTS: Name[] = [...['uni-session'].filter(picked), ...BASELINES, ...ADAPTERS, ...PEERS]
const RUNNERS: Name[] = [...CONTENDERS.filter(picked), ...BASELINES]
const BASE = 'http://127.0.0.1:9'
const REFRESH_URL = `${BASE}/auth/refresh`
const BURSTS = CI ? [1, 10, 100, 1000] : [1, 10, 100, 1000, 10000]
const MAX_DELAY_MS = 5
/** Each burst is run this many times (contenders interleaved): wall time is the median, counts the worst run. */
const REPEAT = (n: number) => (CI ? 2 : n >= 10000 ? 3 : 7)
const BOUND_MS = CI ? 2000 : 5000
const SOAK = CI ? 2000 : 100000
/** Short rounds, many of them: a round that a major GC lands in (others' garbage) falls outside the median. */
const HAPPY = CI ? { perRound: 1000, rounds: 9, warmup: 3 } : { perRound: 2000, rounds: 41, warmup: 10 }

const loaded = await loadContenders(RUNNERS)
const maker = (name: Name) => loaded[name] as (typeof loaded)[Name] & object
const URLS = Array.from({ length: Math.max(...BURSTS, 100) }, (_, i) => `/api/orders/${i + 1}`)
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

/** The `q` quantile (0..1) of `xs`, linear between the two nearest ranks. */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (s.length - 1) * q
  const lo = Math.floor(at)
  return (s[lo] as number) + ((s[Math.ceil(at)] as number) - (s[lo] as number)) * (at - lo)
}

const client = (name: Name, maxQueue: number): Client =>
  maker(name).make({ baseURL: BASE, refreshURL: REFRESH_URL, maxQueue })

// ---------- 1. happy path ----------
/** Rounds interleaved across contenders, each on its own copy of the harness; the median round. */
async function happyPath() {
  const runners = RUNNERS.map((name) => ({
    name,
    round: maker(name).happyRunner(maker(name).make, { baseURL: BASE, refreshURL: REFRESH_URL }),
    samples: [] as number[],
    cpu: [] as number[],
  }))
  for (let round = 0; round < HAPPY.warmup + HAPPY.rounds; round++) {
    for (const r of runners) {
      // CPU time too: on a shared machine the wall clock also counts the time others had the core.
      const c0 = process.cpuUsage()
      const ns = await r.round(HAPPY.perRound)
      const c = process.cpuUsage(c0)
      if (round >= HAPPY.warmup) {
        r.samples.push(ns)
        r.cpu.push(((c.user + c.system) * 1000) / HAPPY.perRound)
      }
    }
  }
  return runners.map((r) => ({
    name: r.name,
    nsPerRequest: Math.round(median(r.samples)),
    p25: Math.round(quantile(r.samples, 0.25)),
    p75: Math.round(quantile(r.samples, 0.75)),
    /** Process CPU time (user + system, all threads) per request, median of the rounds. */
    cpuNsPerRequest: Math.round(median(r.cpu)),
    rounds: r.samples.map(Math.round),
    cpuRounds: r.cpu.map(Math.round),
  }))
}

// ---------- 2 and 3. bursts and refresh failures ----------
interface BurstResult {
  name: Name
  n: number
  order: 'in order' | 'out of order'
  refresh: RefreshOutcome
  refreshCalls: number
  succeeded: number
  failed: number
  pending: number
  serverCalls: number
  /** Until the last request settled; `null` when some still hang at the bound. */
  wallMs: number | null
  /** How many runs the row sums up (the counts are the worst run's, the time the median). */
  runs?: number
}

/**
 * Several runs of one burst as one row: the counts of the worst run (most pending, then most failed,
 * then most refresh calls), so that a row's columns add up; the median wall time (`null` if any hung).
 */
function worst(runs: BurstResult[]): BurstResult {
  const badness = (r: BurstResult) => [r.pending, r.failed, r.refreshCalls]
  const bad = runs.reduce((a, b) => {
    const [x, y] = [badness(a), badness(b)]
    const i = x.findIndex((v, k) => v !== y[k])
    return i >= 0 && (y[i] as number) > (x[i] as number) ? b : a
  })
  const walls = runs.map((r) => r.wallMs)
  return {
    ...bad,
    wallMs: walls.some((w) => w === null) ? null : Math.round(median(walls as number[]) * 100) / 100,
    runs: runs.length,
  }
}

/**
 * Every contender through the same burst `REPEAT(n)` times, interleaved, after one warm-up run each;
 * a contender stops at its first run that leaves requests hanging.
 */
async function bursts(n: number, outOfOrder: boolean, refresh: BurstResult['refresh'] = 'ok') {
  const runs = new Map<Name, BurstResult[]>(CLIENTS.map((name) => [name, []]))
  for (const name of CLIENTS) await burst(name, Math.min(n, 100), false, 'ok', 200)
  for (let i = 0; i < REPEAT(n); i++) {
    for (const name of CLIENTS) {
      const done = runs.get(name) as BurstResult[]
      // A contender that left requests hanging has its verdict: no need to wait out the bound again.
      if (!done.some((r) => r.pending)) done.push(await burst(name, n, outOfOrder, refresh))
    }
  }
  return CLIENTS.map((name) => worst(runs.get(name) as BurstResult[]))
}

async function burst(
  name: Name,
  n: number,
  outOfOrder: boolean,
  refresh: RefreshOutcome = 'ok',
  bound = BOUND_MS,
): Promise<BurstResult> {
  const b = maker(name).backend({ refreshURL: REFRESH_URL, maxDelay: MAX_DELAY_MS, outOfOrder, refresh })
  maker(name).installUni(b.handler)
  const c = client(name, n)
  c.signIn('a0', 'r0')
  let succeeded = 0
  let failed = 0
  const t0 = performance.now()
  let last = t0
  const all = Promise.all(
    URLS.slice(0, n).map((u) =>
      c.get(u).then(
        () => {
          succeeded++
          last = performance.now()
        },
        () => {
          failed++
          last = performance.now()
        },
      ),
    ),
  )
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, bound)))])
  clearTimeout(timer)
  // Let stray replays and refreshes land before counting calls.
  await sleep(MAX_DELAY_MS * 2)
  const pending = n - succeeded - failed
  return {
    name,
    n,
    order: outOfOrder ? 'out of order' : 'in order',
    refresh,
    refreshCalls: b.s.refreshCalls,
    succeeded,
    failed,
    pending,
    serverCalls: b.s.apiCalls + b.s.refreshCalls,
    wallMs: pending ? null : Math.round((last - t0) * 100) / 100,
  }
}

// ---------- 4. sizes ----------
async function sizes() {
  const rows = []
  for (const name of RUNNERS.filter((n) => n !== 'raw')) rows.push({ name, ...(await sizeOf(name)) })
  // Over budget, size.mjs exits 1 (that is `npm run size`'s verdict); its JSON is on stdout all the same.
  let json: string
  try {
    json = execFileSync(process.execPath, [join(ROOT, 'scripts', 'size.mjs'), '--json'], { stdio: 'pipe' }).toString()
  } catch (e) {
    json = String((e as { stdout?: Buffer }).stdout ?? '[]')
  }
  const own = JSON.parse(json) as {
    name: string
    minified: number
    gzip: number
    budget: number
  }[]
  return { contenders: rows, uniSessionSizeScript: own }
}

// ---------- run ----------
const out: string[] = []
const print = (line = '') => {
  out.push(line)
  console.log(line)
}
const fmt = (x: number) => x.toLocaleString('en-US')
const failures: string[] = []

print(`# uni-session bench${CI ? ' (--ci)' : ''}${BASELINES.length ? ` (baseline: ${BASELINES.join(', ')})` : ''}`)
print()
print(
  `${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model} x${cpus().length} · ${osPlatform()} ${release()}`,
)
print()

const happy = await happyPath()
const raw = happy.find((h) => h.name === 'raw')?.nsPerRequest ?? 1
const fastestPeer = PEERS.length
  ? Math.min(...happy.filter((h) => PEERS.includes(h.name)).map((h) => h.nsPerRequest))
  : 1
print(`## Happy path: ns per request (median of ${HAPPY.rounds} rounds of ${fmt(HAPPY.perRound)}, batches of 100)`)
print()
print('| contender | ns / request | p25-p75 | CPU ns / request | x raw | x fastest peer |')
print('|---|---:|---:|---:|---:|---:|')
for (const h of happy) {
  print(
    `| ${LABEL[h.name]} | ${fmt(h.nsPerRequest)} | ${fmt(h.p25)}-${fmt(h.p75)} | ${fmt(h.cpuNsPerRequest)} | ${(h.nsPerRequest / raw).toFixed(1)} | ${h.name === 'raw' || !PEERS.length ? '' : (h.nsPerRequest / fastestPeer).toFixed(2)} |`,
  )
}
print()

let adapterOverhead: { name: Name; nsPerRequest: number; bareNsPerRequest: number; recipeNsPerRequest: number }[] = []
if (ADAPTERS.length) {
  print('## Adapters: what each adds to its library on the happy path')
  print()
  print(
    "Against the bare library (a header set per request, no refresh): the difference is the adapter's cost (the trusted-origin check, the session's token, the answer read by the session's rules). The library's published refresh recipe beside it.",
  )
  print()
  print('| adapter | ns / request | bare library | added | x bare | recipe | x recipe |')
  print('|---|---:|---:|---:|---:|---:|---:|')
  adapterOverhead = ADAPTERS.map((name) => {
    const ns = (n: Name | undefined) => happy.find((h) => h.name === n)?.nsPerRequest ?? 0
    const [mine, bare, recipe] = [ns(name), ns(BARE_OF[name]), ns(RECIPE_OF[name])]
    const x = (base: number) => (base ? (mine / base).toFixed(2) : '')
    print(
      `| ${LABEL[name]} | ${fmt(mine)} | ${fmt(bare)} | ${fmt(mine - bare)} | ${x(bare)} | ${fmt(recipe)} | ${x(recipe)} |`,
    )
    return { name, nsPerRequest: mine, bareNsPerRequest: bare, recipeNsPerRequest: recipe }
  })
  print()
}
if (HAPPY_ONLY) process.exit(0)

const burstRows: BurstResult[] = []
for (const outOfOrder of [false, true]) {
  for (const n of BURSTS) burstRows.push(...(await bursts(n, outOfOrder)))
}
print(
  `## Expiry bursts: N requests on an expired token (out of order: replies after 0-${MAX_DELAY_MS} ms at random; bound ${BOUND_MS} ms)`,
)
print()
print(
  `Each row sums up ${CI ? '2 runs' : '7 runs (3 for N = 10,000)'}, contenders interleaved, after a warm-up: the counts are those of the worst run, the wall time the median. A contender stops at its first run that leaves requests pending.`,
)
print()
print('| contender | order | N | refresh calls | succeeded | failed | pending | server calls | wall ms |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|')
for (const r of burstRows) {
  print(
    `| ${r.name} | ${r.order} | ${fmt(r.n)} | ${r.refreshCalls} | ${fmt(r.succeeded)} | ${fmt(r.failed)} | ${fmt(r.pending)} | ${fmt(r.serverCalls)} | ${r.wallMs ?? 'hangs'} |`,
  )
}
print()

const failuresRun: BurstResult[] = []
for (const refresh of ['reject', 'network'] as const) failuresRun.push(...(await bursts(100, false, refresh)))
print(`## Refresh failure: 100 requests waiting (bound ${BOUND_MS} ms)`)
print()
print('| contender | refresh | refresh calls | settled | hanging | time to settle, ms |')
print('|---|---|---:|---:|---:|---:|')
for (const r of failuresRun) {
  print(
    `| ${r.name} | ${r.refresh === 'reject' ? 'rejected (401)' : 'network error'} | ${r.refreshCalls} | ${r.succeeded + r.failed} | ${r.pending} | ${r.wallMs ?? 'never'} |`,
  )
}
print()

// ---------- 3b. ten slots: a mini program host ----------
/**
 * bench/host.ts: a host that runs 10 calls at once and queues the rest (the wait eating each call's
 * timeout), 20 slow requests out when the token expires. uni-session (and a baseline) against the
 * luch-request recipes, and luch-request with uni-session's adapter, on the same host.
 */
const HOST = { slots: 10, requests: 20, delayMs: CI ? 20 : 100, runs: CI ? 2 : 5 }
const HOST_CLIENTS: Name[] = [
  'uni-session',
  ...BASELINES,
  'luch-request',
  'luch-request-careful',
  'luch-request-adapter',
].filter((name) => CLIENTS.includes(name))
type HostRun = Awaited<ReturnType<(typeof loaded)[Name]['hostExpiry']>>
interface HostRow extends HostRun {
  name: Name
  runs: number
}

/** Several runs as one row: the worst run's counts (as for the bursts), the median of each time. */
function hostRow(name: Name, runs: HostRun[]): HostRow {
  const badness = (r: HostRun) => [r.pending, r.failed, r.refreshCalls, r.refreshQueued ? 1 : 0]
  const bad = runs.reduce((a, b) => {
    const [x, y] = [badness(a), badness(b)]
    const i = x.findIndex((v, k) => v !== y[k])
    return i >= 0 && (y[i] as number) > (x[i] as number) ? b : a
  })
  const time = (key: 'refreshMadeMs' | 'refreshSentMs' | 'refreshDoneMs' | 'allDoneMs') => {
    const xs = runs.map((r) => r[key])
    return xs.some((x) => x === null) ? null : Math.round(median(xs as number[]) * 10) / 10
  }
  return {
    ...bad,
    name,
    runs: runs.length,
    refreshQueued: runs.some((r) => r.refreshQueued),
    refreshMadeMs: time('refreshMadeMs'),
    refreshSentMs: time('refreshSentMs'),
    refreshDoneMs: time('refreshDoneMs'),
    allDoneMs: time('allDoneMs'),
  }
}

/** Every client through the scenario `HOST.runs` times, interleaved. */
async function hostSlots(): Promise<HostRow[]> {
  const runs = new Map<Name, HostRun[]>(HOST_CLIENTS.map((name) => [name, []]))
  for (let i = 0; i < HOST.runs; i++) {
    for (const name of HOST_CLIENTS) {
      ;(runs.get(name) as HostRun[]).push(
        await maker(name).hostExpiry(maker(name).make, {
          baseURL: BASE,
          refreshURL: REFRESH_URL,
          requests: HOST.requests,
          slots: HOST.slots,
          delayMs: HOST.delayMs,
          boundMs: Math.max(2000, HOST.delayMs * 50),
        }),
      )
    }
  }
  return HOST_CLIENTS.map((name) => hostRow(name, runs.get(name) as HostRun[]))
}

const hostRows = HOST_CLIENTS.length ? await hostSlots() : []
if (hostRows.length) {
  print(
    `## Ten slots: ${HOST.requests} slow requests out on a mini program host when the token expires (every call answered ${HOST.delayMs} ms after the host sends it)`,
  )
  print()
  print(
    `The host runs ${HOST.slots} calls at once and queues the rest, first come first served, each call's timeout counted from the moment it was made (the wait in the host's queue included), as WeChat documents; the clients keep their default timeouts. At 0 ms the ${HOST.requests} requests go out on an access token the server refuses from then on. Times in ms after the expiry, the median of ${HOST.runs} runs; counts from the worst run.`,
  )
  print()
  print(
    '| contender | refresh made | refresh sent | waited for a host slot | refresh answered | all done | refresh calls | succeeded | failed (timed out) | API calls | most queued in the host |',
  )
  print('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|')
  const t = (x: number | null) => (x === null ? '' : String(x))
  for (const r of hostRows) {
    print(
      `| ${r.name} | ${t(r.refreshMadeMs)} | ${t(r.refreshSentMs)} | ${r.refreshQueued ? 'yes' : 'no'} | ${t(r.refreshDoneMs)} | ${r.allDoneMs ?? 'hangs'} | ${r.refreshCalls} | ${r.succeeded} | ${r.failed} (${r.timedOut}) | ${r.apiCalls} | ${r.mostQueued} |`,
    )
  }
  print()
}

// A subset (--only) measures times and counts; sizes and the soak belong to the whole run.
const size = ONLY.length ? { contenders: [], uniSessionSizeScript: [] } : await sizes()
if (size.contenders.length)
  print('## Sizes: minified + gzip -9 (esbuild, ES2017; the recipe and all it imports; Vue left out)')
if (size.contenders.length) {
  print()
  print('| contender | minified | min + gzip |')
  print('|---|---:|---:|')
  for (const r of size.contenders) print(`| ${LABEL[r.name]} | ${fmt(r.minified)} B | ${fmt(r.gzip)} B |`)
  for (const r of size.uniSessionSizeScript) {
    print(
      `| uni-session: ${r.name} (scripts/size.mjs, budget ${fmt(r.budget)} B) | ${fmt(r.minified)} B | ${fmt(r.gzip)} B |`,
    )
  }
  print()
}

const soaked = ONLY.length ? null : await soak(SOAK)
if (soaked) printSoak(soaked)

function printSoak(soaked: NonNullable<Awaited<ReturnType<typeof soak>>>) {
  print(`## Soak: uni-session, reference server over loopback, 1 s access tokens, ${soaked.concurrency} in flight`)
  print()
  print(
    '| requests | ok | failed | server refreshes | expiries (token generations used - 1) | rejected / reused / grace | 401s (replayed) | wall s | token lifetimes elapsed |',
  )
  print('|---:|---:|---:|---:|---:|---|---:|---:|---:|')
  print(
    `| ${fmt(soaked.requests)} | ${fmt(soaked.ok)} | ${fmt(soaked.failed)} | ${soaked.serverRefreshes} | ${soaked.expiries} | ${soaked.refreshRejected} / ${soaked.reuseDetected} / ${soaked.graceRefreshes} | ${soaked.refusedWith401} | ${(soaked.wallMs / 1000).toFixed(1)} | ${soaked.wallFloor} |`,
  )
  if (soaked.firstErrors.length) print(`\nfirst errors: ${soaked.firstErrors.join('; ')}`)
  print()
}

// ---------- targets ----------
const own = burstRows.filter((r) => r.name === 'uni-session')
for (const r of own) {
  if (r.refreshCalls !== 1 || r.pending || r.failed || r.succeeded !== r.n) {
    failures.push(
      `burst N=${r.n} ${r.order}: ${r.refreshCalls} refresh calls, ${r.succeeded} ok, ${r.failed} failed, ${r.pending} pending`,
    )
  }
}
for (const r of failuresRun.filter((f) => f.name === 'uni-session')) {
  if (r.pending) failures.push(`refresh ${r.refresh}: ${r.pending} requests hang`)
}
// The adapters are held to uni-session's counts: one refresh per expiry, nothing pending, nothing hanging.
const adapterRows = burstRows.filter((r) => ADAPTERS.includes(r.name))
const adapterFailures: string[] = []
for (const r of adapterRows) {
  if (r.refreshCalls !== 1 || r.pending || r.failed || r.succeeded !== r.n) {
    adapterFailures.push(
      `${r.name} burst N=${r.n} ${r.order}: ${r.refreshCalls} refresh calls, ${r.succeeded} ok, ${r.failed} failed, ${r.pending} pending`,
    )
  }
}
for (const r of failuresRun.filter((f) => ADAPTERS.includes(f.name))) {
  if (r.pending) adapterFailures.push(`${r.name} refresh ${r.refresh}: ${r.pending} requests hang`)
}
failures.push(...adapterFailures)
// On the 10-slot host: uni-session's refresh never waits behind app requests; one refresh; nothing fails.
const hostOwn = hostRows.filter((r) => r.name === 'uni-session')
const hostOk = (r: HostRow) =>
  !r.refreshQueued && r.refreshCalls === 1 && !r.failed && !r.pending && r.succeeded === r.requests
for (const r of hostOwn.filter((x) => !hostOk(x))) {
  failures.push(
    `10-slot host: the refresh ${r.refreshQueued ? 'waited' : 'did not wait'} for a host slot, ${r.refreshCalls} refresh calls, ${r.succeeded} ok, ${r.failed} failed, ${r.pending} pending`,
  )
}
if (soaked && soaked.failed) failures.push(`soak: ${soaked.failed} failed requests`)
if (soaked && (soaked.serverRefreshes !== soaked.expiries || soaked.refreshRejected || soaked.reuseDetected)) {
  failures.push(
    `soak: ${soaked.serverRefreshes} refreshes for ${soaked.expiries} expiries (${soaked.refreshRejected} rejected, ${soaked.reuseDetected} reused)`,
  )
}
const own1000 = burstRows.filter((r) => r.n === 1000)
const timing = (['in order', 'out of order'] as const).map((order) => {
  const rows = own1000.filter((r) => r.order === order)
  const mine = rows.find((r) => r.name === 'uni-session')?.wallMs
  const peers = rows.filter((r) => PEERS.includes(r.name) && r.wallMs !== null).map((r) => r.wallMs as number)
  const best = peers.length ? Math.min(...peers) : null
  return { order, ratio: mine != null && best ? mine / best : null }
})
const happyOwn = happy.find((h) => h.name === 'uni-session')?.nsPerRequest ?? 0
print('## Targets')
print()
print('| target | measured | |')
print('|---|---|---|')
print(
  `| happy path <= 0.25x fastest peer (reported) | ${(happyOwn / fastestPeer).toFixed(2)}x | ${happyOwn / fastestPeer <= 0.25 ? 'pass' : 'miss'} |`,
)
for (const t of timing) {
  print(
    `| 1,000-burst wall <= 0.5x fastest peer, ${t.order} (reported) | ${t.ratio === null ? 'n/a' : `${t.ratio.toFixed(2)}x`} | ${t.ratio !== null && t.ratio <= 0.5 ? 'pass' : 'miss'} |`,
  )
}
print(
  `| one refresh per expiry, every N, both orders, nothing pending (checked) | ${own.filter((r) => r.refreshCalls === 1 && !r.pending && r.succeeded === r.n).length} / ${own.length} bursts | ${own.every((r) => r.refreshCalls === 1 && !r.pending && r.succeeded === r.n) ? 'pass' : 'FAIL'} |`,
)
print(
  `| refresh failure: nothing hangs (checked) | ${failuresRun
    .filter((f) => f.name === 'uni-session')
    .map((f) => `${f.refresh}: ${f.pending} hang`)
    .join(', ')} | ${failuresRun.some((f) => f.name === 'uni-session' && f.pending) ? 'FAIL' : 'pass'} |`,
)
if (ADAPTERS.length) {
  print(
    `| adapters (${ADAPTERS.join(', ')}): one refresh per expiry, nothing pending, nothing hangs on a failed refresh (checked) | ${
      adapterRows.filter((r) => r.refreshCalls === 1 && !r.pending && r.succeeded === r.n).length
    } / ${adapterRows.length} bursts | ${adapterFailures.length ? 'FAIL' : 'pass'} |`,
  )
}
if (hostOwn.length) {
  print(
    `| 10-slot host: the refresh never waits for a host slot, one refresh, nothing fails (checked) | ${hostOwn.map((r) => `refresh sent ${r.refreshSentMs} ms after the expiry, ${r.refreshQueued ? 'waited' : 'no wait'}, ${r.refreshCalls} refresh, ${r.failed} failed`).join('')} | ${hostOwn.every(hostOk) ? 'pass' : 'FAIL'} |`,
  )
}
if (soaked) {
  print(
    `| soak: 0 failed, refreshes == expiries (checked) | ${soaked.failed} failed, ${soaked.serverRefreshes} == ${soaked.expiries} | ${soaked.failed || soaked.serverRefreshes !== soaked.expiries ? 'FAIL' : 'pass'} |`,
  )
}
print()

const results = {
  date: new Date().toISOString(),
  mode: CI ? 'ci' : 'full',
  machine: {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${osPlatform()} ${release()} ${arch()}`,
    /** 1-minute load average at the start and at the end: how busy the (shared) machine was. */
    load: [LOAD_AT_START, Math.round((loadavg()[0] as number) * 10) / 10],
  },
  contenders: Object.fromEntries(RUNNERS.map((name) => [name, LABEL[name]])),
  baselines: BASELINES,
  happyPath: happy,
  adapterOverhead,
  bursts: burstRows,
  refreshFailure: failuresRun,
  hostSlots: { slots: HOST.slots, requests: HOST.requests, delayMs: HOST.delayMs, runs: HOST.runs, rows: hostRows },
  sizes: size,
  soak: soaked,
  failures,
}
// The full run is the one the README shows: bench/results.json and its charts beside it. A short or
// partial run writes to the cache, so that it never replaces the published numbers.
const outDir =
  CI || PARTIAL ? join(ROOT, 'node_modules', '.cache', 'uni-session-bench', CI ? 'ci' : 'partial') : join(ROOT, 'bench')
mkdirSync(outDir, { recursive: true })
const file = join(outDir, 'results.json')
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
// In Biome's layout, so that `biome check .` stays clean (Biome leaves node_modules/ alone).
if (!(CI || PARTIAL)) {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' })
}
const charts = await renderCharts(results, outDir)
console.error(`bench: ${file}\nbench: ${charts.join(', ')}`)

if (failures.length) {
  console.error(`bench: ${failures.length} count target(s) failed:\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
console.error('bench: all count targets met')
process.exit(0)

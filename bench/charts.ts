/**
 * The benchmark's charts, drawn from a results.json (what `npm run bench` writes) with Vega-Lite
 * compiled to Vega and rendered to SVG in Node (no browser, no canvas):
 *   chart-happy-path.svg        cost per request on the happy path, by contender
 *   chart-bursts.svg            wall time of an expiry burst against N, in order and out of order
 *   chart-refresh-failure.svg   requests left hanging when the refresh fails
 *   chart-host-slots.svg        on a 10-slot mini program host, an expiry under 20 slow requests: when
 *                               the refresh call went out and when the last replay was done
 *
 * npx tsx bench/charts.ts [results.json] [--out DIR]   draws them again from an existing results.json
 *                                                      (default bench/results.json, into its folder)
 * npx tsx bench/charts.ts --check                      fails unless bench/chart-*.svg are exactly what
 *                                                      bench/results.json draws (CI: tests/bench)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'

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

/** One client on the 10-slot host (bench/host.ts), times in ms after the expiry. */
interface HostRow {
  name: string
  refreshMadeMs: number | null
  refreshSentMs: number | null
  refreshDoneMs: number | null
  refreshQueued: boolean
  allDoneMs: number | null
  refreshCalls: number
  failed: number
}

/** The parts of results.json the charts read. */
export interface Results {
  date: string
  mode?: string
  machine: { node: string; cpu?: string; cores: number; os: string; load?: number[] }
  happyPath: { name: string; nsPerRequest: number; p25?: number; p75?: number }[]
  bursts: Burst[]
  refreshFailure: Burst[]
  /** Absent from results written before the 10-slot section existed. */
  hostSlots?: { slots: number; requests: number; delayMs: number; runs: number; rows: HostRow[] }
}

export const CHARTS = [
  'chart-happy-path.svg',
  'chart-bursts.svg',
  'chart-refresh-failure.svg',
  'chart-host-slots.svg',
] as const

const SHORT: Record<string, string> = {
  raw: 'raw uni.request',
  'uni-session': 'uni-session',
  'luch-request': 'luch-request',
  'uni-ajax': 'uni-ajax',
  alova: 'alova',
  axios: 'axios + aar',
  'luch-request-adapter': 'luch-request + uni-session adapter',
  'alova-adapter': 'alova + uni-session adapter',
  'luch-request-bare': 'luch-request bare',
  'alova-bare': 'alova bare',
  'axios-adapter': 'axios + uni-session adapter',
  'axios-bare': 'axios bare',
}
const COLORS: Record<string, string> = {
  'uni-session': '#7c3aed',
  'luch-request': '#2563eb',
  'uni-ajax': '#0891b2',
  alova: '#ea580c',
  axios: '#dc2626',
  raw: '#6b7280',
  'luch-request-adapter': '#7c3aed',
  'alova-adapter': '#7c3aed',
  'luch-request-bare': '#9ca3af',
  'alova-bare': '#9ca3af',
  'axios-adapter': '#7c3aed',
  'axios-bare': '#9ca3af',
}

const library = (name: string) => name.replace(/-careful$/, '').replace(/@.*$/, '')
const variant = (name: string) =>
  name.endsWith('-careful')
    ? 'careful recipe'
    : name.includes('@')
      ? 'baseline'
      : name === 'uni-session' || name === 'raw'
        ? 'as is'
        : 'published recipe'
/** A contender's name on a chart: "alova (careful)", "uni-session @6f8fa05". */
export const display = (name: string) => {
  const base = SHORT[library(name)] ?? library(name)
  if (name.endsWith('-careful')) return `${base} (careful)`
  if (name.includes('@')) return `${base} @${name.slice(name.indexOf('@') + 1)}`
  return base
}

/** `text` in lines of at most `width` characters, broken at spaces (a subtitle does not wrap itself). */
const wrap = (text: string, width: number) =>
  text.split(' ').reduce<string[]>((lines, word) => {
    const last = lines[lines.length - 1]
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
    return lines
  }, [])

const machineLine = (r: Results) =>
  `${r.mode === 'full' || !r.mode ? '' : `${r.mode} run · `}measured ${r.date.slice(0, 10)} · Node ${r.machine.node.replace(/^v/, '')} · ${r.machine.cpu ?? 'CPU'} x${r.machine.cores} · ${r.machine.os}${r.machine.load ? ` · load average ${r.machine.load.join(' -> ')}` : ''}`

const libraries = (names: string[]) => {
  const seen = [...new Set(names.map(library))]
  return { domain: seen, range: seen.map((l) => COLORS[l] ?? '#111827') }
}
const DASH = {
  domain: ['as is', 'published recipe', 'careful recipe', 'baseline'],
  range: [
    [1, 0],
    [1, 0],
    [6, 3],
    [2, 2],
  ],
}

/** A careful recipe's (or a baseline's) bar is a lighter shade of its published one's. */
const OPACITY = { field: 'alpha', type: 'quantitative' as const, scale: null }
const alpha = (name: string) => (variant(name) === 'careful recipe' || variant(name) === 'baseline' ? 0.55 : 1)

const CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  view: { stroke: '#e5e7eb' },
  axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eef0f3', labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 14, subtitleFontSize: 10, subtitleColor: '#6b7280', anchor: 'start' as const },
}

function happySpec(r: Results): TopLevelSpec {
  const rows = r.happyPath.map((h) => ({
    contender: display(h.name),
    library: library(h.name),
    alpha: alpha(h.name),
    ns: h.nsPerRequest,
    p25: h.p25 ?? h.nsPerRequest,
    p75: h.p75 ?? h.nsPerRequest,
    label: h.nsPerRequest.toLocaleString('en-US'),
  }))
  const sort = [...rows].sort((a, b) => a.ns - b.ns).map((row) => row.contender)
  const y = { field: 'contender', type: 'nominal' as const, sort, title: null }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Happy path: cost per request (ns, lower is better)',
      subtitle: [`Median of the rounds; the thin line spans the middle half (p25-p75).`, machineLine(r)],
    },
    width: 460,
    height: { step: 22 },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y,
          x: { field: 'ns', type: 'quantitative', title: 'ns per request' },
          color: { field: 'library', type: 'nominal', scale: libraries(r.happyPath.map((h) => h.name)), legend: null },
          opacity: OPACITY,
        },
      },
      {
        mark: { type: 'rule', color: '#111827', strokeWidth: 1 },
        encoding: { y, x: { field: 'p25', type: 'quantitative' }, x2: { field: 'p75' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#374151' },
        encoding: { y, x: { field: 'p75', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
    config: CONFIG,
  }
}

function burstSpec(r: Results): TopLevelSpec {
  const rows = r.bursts
    .filter((b) => b.wallMs !== null && b.n > 1)
    .map((b) => ({
      contender: display(b.name),
      library: library(b.name),
      variant: variant(b.name),
      n: b.n,
      order: b.order,
      wallMs: Math.max(b.wallMs as number, 0.01),
      outcome: b.failed ? 'some requests failed' : 'all succeeded',
    }))
  const hung = [
    ...new Set(
      r.bursts
        .filter((b) => b.wallMs === null)
        .map((b) => `${display(b.name)} (N=${b.n.toLocaleString('en-US')}, ${b.order})`),
    ),
  ]
  const names = [...new Set(r.bursts.map((b) => b.name))]
  const sort = names.map(display)
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Expiry bursts: wall time until the last of N requests settles (ms, log scales)',
      subtitle: [
        ...(hung.length
          ? wrap(`Not drawn, requests still pending at the bound: ${hung.join('; ')}.`, 110)
          : ['No contender left a request pending.']),
        'A cross: some requests of the burst failed instead of being replayed.',
        machineLine(r),
      ],
    },
    data: { values: rows },
    facet: { column: { field: 'order', type: 'nominal', title: null, sort: ['in order', 'out of order'] } },
    spec: {
      width: 250,
      height: 230,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.6 },
          encoding: {
            x: {
              field: 'n',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'N requests',
              axis: { format: '~s' },
            },
            y: { field: 'wallMs', type: 'quantitative', scale: { type: 'log' }, title: 'wall ms' },
            color: {
              field: 'contender',
              type: 'nominal',
              sort,
              scale: { domain: sort, range: names.map((n) => COLORS[library(n)] ?? '#111827') },
              legend: { title: 'contender', labelLimit: 240 },
            },
            strokeDash: {
              field: 'variant',
              type: 'nominal',
              scale: DASH,
              legend: { title: 'recipe', symbolStrokeWidth: 2 },
            },
            detail: { field: 'contender' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 28 },
          encoding: {
            x: { field: 'n', type: 'quantitative', scale: { type: 'log' } },
            y: { field: 'wallMs', type: 'quantitative', scale: { type: 'log' } },
            color: { field: 'contender', type: 'nominal', sort },
            shape: {
              field: 'outcome',
              type: 'nominal',
              scale: { domain: ['all succeeded', 'some requests failed'], range: ['circle', 'cross'] },
              legend: { title: 'burst', labelLimit: 240 },
            },
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
    config: CONFIG,
  }
}

function failureSpec(r: Results): TopLevelSpec {
  const rows = r.refreshFailure.map((b) => ({
    contender: display(b.name),
    library: library(b.name),
    alpha: alpha(b.name),
    refresh: b.refresh === 'reject' ? 'refresh rejected (401)' : 'refresh: network error',
    hanging: b.pending,
    label: b.pending ? `${b.pending} hang` : `0 hang, ${b.succeeded + b.failed} settled`,
  }))
  const total = Math.max(...r.refreshFailure.map((b) => b.n), 1)
  const sort = [...new Set(r.refreshFailure.map((b) => display(b.name)))]
  const y = { field: 'contender', type: 'nominal' as const, sort, title: null }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Refresh fails with ${total} requests waiting: how many are left hanging`,
      subtitle: [
        'A hanging request never settles: its caller waits for ever (lower is better; 0 is right).',
        machineLine(r),
      ],
    },
    data: { values: rows },
    facet: { column: { field: 'refresh', type: 'nominal', title: null } },
    spec: {
      width: 210,
      height: { step: 20 },
      layer: [
        {
          mark: { type: 'bar', height: 13 },
          encoding: {
            y,
            x: { field: 'hanging', type: 'quantitative', scale: { domain: [0, total] }, title: 'requests hanging' },
            color: {
              field: 'library',
              type: 'nominal',
              scale: libraries(r.refreshFailure.map((b) => b.name)),
              legend: null,
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#374151' },
          encoding: { y, x: { field: 'hanging', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
    config: CONFIG,
  }
}

/** The phases of an expiry on the 10-slot host, in the order they come, each with its colour. */
const PHASES = {
  domain: [
    'until the first 401',
    'refresh call waiting for a host slot',
    'refresh call out',
    'replays, until the last request settles',
  ],
  range: ['#d1d5db', '#dc2626', '#7c3aed', '#93c5fd'],
}

function hostSpec(r: Results): TopLevelSpec {
  const h = r.hostSlots
  const rows = (h?.rows ?? []).flatMap((row) => {
    const [made, sent, done, all] = [row.refreshMadeMs, row.refreshSentMs, row.refreshDoneMs, row.allDoneMs]
    if (made === null || sent === null || done === null || all === null) return []
    const contender = display(row.name)
    const phase = (i: number, from: number, to: number) => ({ contender, phase: PHASES.domain[i], from, to })
    return [phase(0, 0, made), phase(1, made, sent), phase(2, sent, done), phase(3, done, all)]
  })
  const ends = (h?.rows ?? []).map((row) => ({
    contender: display(row.name),
    at: row.allDoneMs ?? 0,
    label:
      row.allDoneMs === null
        ? 'some requests hang'
        : `refresh out at ${row.refreshSentMs}${row.refreshQueued ? ` (waited ${Math.round(((row.refreshSentMs ?? 0) - (row.refreshMadeMs ?? 0)) * 10) / 10})` : ''}, all done at ${row.allDoneMs}${row.failed ? `, ${row.failed} failed` : ''}`,
  }))
  const sort = (h?.rows ?? []).map((row) => display(row.name))
  const y = { field: 'contender', type: 'nominal' as const, sort, title: null, axis: { labelLimit: 320 } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: h
        ? `${h.slots}-slot host: ${h.requests} slow requests out when the token expires (ms after the expiry)`
        : 'The 10-slot host: not in this run',
      subtitle: h
        ? [
            ...wrap(
              `The host runs ${h.slots} calls at once and queues the rest; every call, the refresh included, is answered ${h.delayMs} ms after the host sends it. Median of ${h.runs} runs.`,
              110,
            ),
            machineLine(r),
          ]
        : [machineLine(r)],
    },
    width: 460,
    height: { step: 26 },
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', height: 16 },
        encoding: {
          y,
          x: { field: 'from', type: 'quantitative', title: 'ms after the expiry' },
          x2: { field: 'to' },
          color: {
            field: 'phase',
            type: 'nominal',
            scale: PHASES,
            legend: { title: null, orient: 'bottom', direction: 'vertical', labelLimit: 400 },
          },
        },
      },
      {
        data: { values: ends },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#374151' },
        encoding: { y, x: { field: 'at', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
    config: CONFIG,
  }
}

async function toSVG(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  const svg = await view.toSVG()
  view.finalize()
  return `${svg}\n`
}

/** Draws the charts of `results` into `dir`; returns their paths. */
export async function renderCharts(results: Results, dir: string): Promise<string[]> {
  const specs = [happySpec(results), burstSpec(results), failureSpec(results), hostSpec(results)]
  const paths: string[] = []
  for (let i = 0; i < CHARTS.length; i++) {
    const path = join(dir, CHARTS[i] as string)
    writeFileSync(path, await toSVG(specs[i] as TopLevelSpec))
    paths.push(path)
  }
  return paths
}

// ---------- command line ----------
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bench = dirname(fileURLToPath(import.meta.url))
  const args = process.argv.slice(2)
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? join(bench, 'results.json')
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results
  if (args.includes('--check')) {
    const tmp = mkdtempSync(join(tmpdir(), 'uni-session-charts-'))
    try {
      await renderCharts(results, tmp)
      const stale = CHARTS.filter((c) => {
        let committed = ''
        try {
          committed = readFileSync(join(dirname(file), c), 'utf8')
        } catch {
          return true
        }
        return committed !== readFileSync(join(tmp, c), 'utf8')
      })
      if (stale.length) {
        console.error(
          `charts: ${stale.join(', ')} are not what ${file} draws: run \`npm run bench:charts\` (never edit a chart by hand)`,
        )
        process.exit(1)
      }
      console.log(`charts: ${CHARTS.join(', ')} match ${file}`)
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  } else {
    const outAt = args.indexOf('--out')
    const out = outAt >= 0 && args[outAt + 1] ? (args[outAt + 1] as string) : dirname(file)
    for (const p of await renderCharts(results, out)) console.log(p)
  }
}

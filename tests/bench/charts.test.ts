/**
 * The README's charts are drawn from bench/results.json, never edited by hand: the committed
 * bench/chart-*.svg must be exactly what `npm run bench:charts` draws from it, and a chart must
 * change when the numbers do. (The numbers themselves are the bench's business, not checked here.)
 * vega is ESM-only, so the drawing runs in its own process (tsx), as `npm run bench` runs it.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

jest.setTimeout(60_000)

const ROOT = join(__dirname, '..', '..')
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const CHARTS = ['chart-happy-path.svg', 'chart-bursts.svg', 'chart-refresh-failure.svg', 'chart-host-slots.svg']
const draw = (...args: string[]) =>
  spawnSync(process.execPath, [TSX, join(ROOT, 'bench', 'charts.ts'), ...args], { cwd: ROOT })

let tmp: string
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'charts-test-'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

test('the committed charts are exactly what bench/results.json draws', () => {
  const run = draw('--check')
  expect({ status: run.status, stderr: run.stderr.toString() }).toEqual({ status: 0, stderr: '' })
})

test('a chart follows the numbers in results.json, and names every contender in it', () => {
  const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8'))
  const changed = structuredClone(results)
  changed.happyPath[1].nsPerRequest *= 3
  changed.bursts.find((b: { n: number; wallMs: number | null }) => b.n > 1 && b.wallMs !== null).wallMs *= 7
  changed.refreshFailure[0].pending = 42
  changed.hostSlots.rows[0].allDoneMs = 4242.5
  writeFileSync(join(tmp, 'results.json'), JSON.stringify(changed))
  execFileSync(process.execPath, [TSX, join(ROOT, 'bench', 'charts.ts'), join(tmp, 'results.json')], { cwd: ROOT })
  const same = CHARTS.filter((c) => readFileSync(join(tmp, c), 'utf8') === readFileSync(join(ROOT, 'bench', c), 'utf8'))
  expect(same).toEqual([])
  const happy = readFileSync(join(tmp, 'chart-happy-path.svg'), 'utf8')
  expect(happy).toContain((results.happyPath[1].nsPerRequest * 3).toLocaleString('en-US'))
  const all = CHARTS.map((c) => readFileSync(join(tmp, c), 'utf8')).join('\n')
  for (const name of Object.keys(results.contenders)) {
    const shown = name === 'raw' ? 'raw uni.request' : name.replace(/-careful$/, '').replace(/^axios$/, 'axios + aar')
    expect(all).toContain(shown)
  }
  expect(readFileSync(join(tmp, 'chart-refresh-failure.svg'), 'utf8')).toContain('42 hang')
  expect(readFileSync(join(tmp, 'chart-host-slots.svg'), 'utf8')).toContain('all done at 4242.5')
})

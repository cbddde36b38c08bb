/**
 * The happy path of one contender in a loop, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=node_modules/.cache/uni-session-bench --import tsx bench/profile.ts [name] [rounds]
 * then `tsx bench/profile.ts --top <file.cpuprofile>` lists the functions by self time. The name may
 * be a baseline, `uni-session@<git-ref>` (the module's src/ at that commit, as `--baseline` runs it);
 * `rounds` of 20,000 requests (default 10: a short loop, where start-up takes a good part of the profile).
 */
import { readFileSync } from 'node:fs'
import { loadContenders, type Name, prepareBaseline } from './build'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

const top = process.argv.indexOf('--top')
if (top >= 0) {
  const prof = JSON.parse(readFileSync(process.argv[top + 1] as string, 'utf8')) as {
    nodes: Node[]
    samples: number[]
  }
  const byId = new Map(prof.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  for (const id of prof.samples) {
    const f = byId.get(id)?.callFrame
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber + 1}` : '?'
    self.set(key, (self.get(key) ?? 0) + 1)
  }
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${((100 * v) / prof.samples.length).toFixed(1).padStart(5)}%  ${k}`)
  }
} else {
  const asked = (process.argv[2] ?? 'uni-session') as Name
  const name = asked.startsWith('uni-session@') ? prepareBaseline(asked.slice('uni-session@'.length)) : asked
  const contender = (await loadContenders([name]))[name]
  if (!contender) throw new Error(`no contender ${name}`)
  const round = contender.happyRunner(contender.make, {
    baseURL: 'http://127.0.0.1:9',
    refreshURL: 'http://127.0.0.1:9/auth/refresh',
  })
  const rounds = Number(process.argv[3] ?? 10)
  for (let i = 0; i < rounds; i++) await round(20000)
}

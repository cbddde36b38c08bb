// Before every docs build: the API reference from the TSDoc (TypeDoc + typedoc-plugin-markdown,
// into api/, then the same pages under en/api/), and the benchmark charts from bench/ (drawn there
// from bench/results.json by `npm run bench:charts`), so that neither is ever copied by hand.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..')
const BENCH = join(DOCS, '..', 'bench')

rmSync(join(DOCS, 'api'), { recursive: true, force: true })
rmSync(join(DOCS, 'en', 'api'), { recursive: true, force: true })
execFileSync(process.execPath, [join(DOCS, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', 'typedoc.json'], {
  cwd: DOCS,
  stdio: 'inherit',
})
cpSync(join(DOCS, 'api'), join(DOCS, 'en', 'api'), { recursive: true })

mkdirSync(join(DOCS, 'public', 'bench'), { recursive: true })
for (const chart of readdirSync(BENCH).filter((f) => /^chart-.*\.svg$/.test(f))) {
  cpSync(join(BENCH, chart), join(DOCS, 'public', 'bench', chart))
}

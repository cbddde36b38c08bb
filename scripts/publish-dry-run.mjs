#!/usr/bin/env node
// `npm publish --dry-run`, as CI runs it (usage: node scripts/publish-dry-run.mjs): runs the
// package's publish lifecycle (prepublishOnly builds dist/lib), packs, and checks what would be
// sent: every file package.json points at (exports, main, module, types, typesVersions,
// miniprogram), both READMEs, the CHANGELOG and the LICENSE, the links npm shows (repository,
// homepage, bugs), the readme under the registry's 65,536 characters, and nothing from the sources,
// tests or examples. Nothing is uploaded.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

const stdout = execFileSync('npm', ['publish', '--dry-run', '--json'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
})
// The lifecycle scripts print before the JSON: it starts at the first line that is "{".
const start = stdout.search(/^\{/m)
if (start < 0) throw new Error(`npm publish --dry-run --json printed no JSON:\n${stdout}`)
const report = JSON.parse(stdout.slice(start))
const result = report[pkg.name] ?? report
const files = new Set(result.files.map((f) => f.path))

const problems = []
const targets = []
const collect = (value) => {
  if (typeof value === 'string') targets.push(value)
  else if (value && typeof value === 'object') Object.values(value).forEach(collect)
}
collect(pkg.exports)
collect(pkg.typesVersions)
for (const field of ['main', 'module', 'types']) collect(pkg[field])
for (const target of targets.map((t) => t.replace(/^\.\//, ''))) {
  if (!files.has(target)) problems.push(`package.json points at ${target}, which would not be published`)
}
if (!files.has(`${pkg.miniprogram}/index.js`)) problems.push(`no ${pkg.miniprogram}/index.js for WeChat's build npm`)
for (const doc of ['README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE']) {
  if (!files.has(doc)) problems.push(`${doc} would not be published`)
}
const stray = [...files].filter((f) => /^(src|tests|server|examples|scripts|packaging|bench)\//.test(f))
if (stray.length) problems.push(`sources would be published: ${stray.join(', ')}`)
// The registry keeps at most 65,536 characters of the readme it takes from the package (README.md:
// npm reads the first README file of the root with at most one extension); past that the page shows
// half a README. The README is the short start, the rest is on the docs site.
const README_LIMIT = 65_536
const readmeChars = [...readFileSync(new URL('../README.md', import.meta.url), 'utf8')].length
if (readmeChars >= README_LIMIT) {
  problems.push(`README.md is ${readmeChars} characters: the registry keeps only ${README_LIMIT} of the readme`)
}
for (const field of ['repository', 'homepage', 'bugs', 'license', 'description']) {
  if (!pkg[field]) problems.push(`package.json has no ${field}`)
}

if (problems.length) {
  console.error(`publish-dry-run: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log(
  `publish-dry-run: ${result.id}: ${files.size} files, ${result.size} bytes packed, ${result.unpackedSize} unpacked, readme ${readmeChars} characters; nothing uploaded`,
)

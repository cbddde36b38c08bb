// llms.txt (an index: the title, one line, and a link per page) and llms-full.txt (every page's
// Markdown, English), made from the pages after `vitepress build`, so that they never drift.
// See https://llmstxt.org for the format.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const DOCS = join(fileURLToPath(new URL('.', import.meta.url)), '..')
const OUT = join(DOCS, '.vitepress', 'dist')
const EN = join(DOCS, 'en')

function pages(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return pages(path)
      return name.endsWith('.md') ? [path] : []
    })
}

const title = (md) => /^#\s+(.+)$/m.exec(md.replace(/^---[\s\S]*?---\n/, ''))?.[1] ?? ''
const all = pages(EN).map((path) => {
  const md = readFileSync(path, 'utf8')
  const url = `/en/${relative(EN, path)
    .replace(/\\/g, '/')
    .replace(/(^|\/)index\.md$/, '$1')
    .replace(/\.md$/, '.html')}`
  return { url, md, title: title(md) || url }
})
const section = (prefix) => all.filter((p) => p.url.startsWith(prefix))
const list = (items) => items.map((p) => `- [${p.title}](${p.url})`).join('\n')

const index = [
  '# uni-session',
  '',
  '> Sessions that never surprise the user: a token-refreshing requester and login journey for uni-app and native WeChat Mini Programs (Chinese pages at /, English under /en/).',
  '',
  '## Guide',
  list(section('/en/guide/')),
  '',
  '## Backends',
  list(section('/en/backends/')),
  '',
  '## Requesters, hosts, migration',
  list([
    ...section('/en/adapters'),
    ...section('/en/hosts/'),
    ...section('/en/uni-modules'),
    ...section('/en/migrate/'),
  ]),
  '',
  '## Explanations',
  list([...section('/en/explain/'), ...section('/en/server')]),
  '',
  '## Optional',
  '- [API reference](/en/api/)',
  '- [Every page in one file](/llms-full.txt)',
  '',
].join('\n')
writeFileSync(join(OUT, 'llms.txt'), index)
writeFileSync(
  join(OUT, 'llms-full.txt'),
  all
    .filter((p) => !p.url.startsWith('/en/api/'))
    .map((p) => `<!-- ${p.url} -->\n${p.md.replace(/^---[\s\S]*?---\n/, '')}`)
    .join('\n\n'),
)
process.stdout.write(`llms.txt: ${all.length} pages\n`)

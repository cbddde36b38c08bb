/**
 * The docs site (docs/): every Chinese page has its English twin under docs/en/ with the same code
 * (comments may be translated), and the pages' `snippets/` blocks (backends, migration guides)
 * compile as an app's modules, strict, against the libraries' own typings, `uni-session` resolved to
 * this source. The quick start, the native WeChat guide and the adapters page are built and run by
 * their own tests (tests/consumer, tests/adapters).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { codeBlocks, filesFor, withoutComments } from '../support/markdown'
import { typecheckSnippets } from '../support/typecheck-snippets'

const ROOT = join(__dirname, '..', '..')
const DOCS = join(ROOT, 'docs')
/** Generated at build (the API reference) or not pages at all. */
const SKIP = new Set(['node_modules', 'api', 'public', '.vitepress', 'en'])

function pages(dir: string, skip: Set<string>): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (skip.has(name) || name.startsWith('.')) return []
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return pages(path, new Set(['api']))
      return name.endsWith('.md') ? [relative(DOCS, path)] : []
    })
}
const zhPages = pages(DOCS, SKIP)
const enPages = pages(join(DOCS, 'en'), new Set(['api'])).map((p) => relative(join(DOCS, 'en'), join(DOCS, p)))
const read = (path: string) => readFileSync(join(DOCS, path), 'utf8')

test('the site has its guide, backends, migration guides and explanations in Chinese', () => {
  expect(zhPages).toEqual(
    expect.arrayContaining([
      'index.md',
      'guide/quick-start.md',
      'guide/session.md',
      'guide/requester.md',
      'guide/journey.md',
      'guide/silent-login.md',
      'guide/testing.md',
      'backends/index.md',
      'backends/ruoyi.md',
      'adapters.md',
      'hosts/index.md',
      'uni-modules.md',
      'migrate/hand-written.md',
      'migrate/http-ts.md',
      'migrate/ruoyi-app.md',
      'explain/refresh.md',
      'explain/benchmarks.md',
      'explain/size.md',
      'server.md',
    ]),
  )
})

test('the same pages in both languages', () => {
  expect(enPages).toEqual(zhPages)
})

test.each(zhPages)('%s: the English page has the same code blocks (comments aside)', (page) => {
  const shape = (markdown: string) =>
    codeBlocks(markdown).map((b) => ({ lang: b.lang, file: b.file, code: withoutComments(b.code) }))
  const zh = shape(read(page))
  const en = shape(read(join('en', page)))
  expect(zh.map((b) => b.file ?? '')).toEqual(en.map((b) => b.file ?? ''))
  zh.forEach((block, i) => {
    expect({ block: i, ...block }).toEqual({ block: i, ...en[i] })
  })
})

test.each(zhPages)('%s: the Chinese page is Chinese (most of its prose outside code is CJK)', (page) => {
  const prose = read(page)
    .replace(/^---[\s\S]*?---\n/, (front) => front.replace(/link:.*|theme:.*/g, ''))
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\|/g, '')
  const cjk = (prose.match(/[\u4e00-\u9fff]/g) ?? []).length
  const latinWords = (prose.match(/[A-Za-z]{4,}/g) ?? []).length
  expect(cjk).toBeGreaterThan(latinWords)
})

test("the docs' snippets compile as an app's modules", () => {
  const snippets: Record<string, string> = {}
  for (const page of enPages) Object.assign(snippets, filesFor(read(join('en', page)), 'snippets'))
  expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(9)
  expect(typecheckSnippets(snippets, 'docs')).toEqual([])
})

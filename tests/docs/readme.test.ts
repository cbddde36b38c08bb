/**
 * The READMEs are the short start, and their code is the docs' code: each at most 12,000
 * characters (the registry keeps 65,536 of a package's readme; the rest lives on the docs site),
 * every code block but the shell commands marked with its file, and each marked block a copy of the
 * block with the same marker in the docs page of the same language, which the docs' tests build and
 * run (tests/consumer/readme.test.ts, tests/adapters/readme-examples.test.ts). The Develop section
 * keeps the repository's two commands.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { codeBlocks } from '../support/markdown'

const ROOT = join(__dirname, '..', '..')
const LIMIT = 12_000

function markedBlocks(dir: string, skip: string[]): Map<string, string> {
  const found = new Map<string, string>()
  for (const name of readdirSync(dir)) {
    if (skip.includes(name) || name.startsWith('.') || name === 'node_modules' || name === 'api') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      for (const [k, v] of markedBlocks(path, [])) found.set(k, v)
    } else if (name.endsWith('.md')) {
      for (const b of codeBlocks(readFileSync(path, 'utf8'))) if (b.file) found.set(b.file, b.code)
    }
  }
  return found
}

describe.each([
  ['README.md', join(ROOT, 'docs', 'en'), [] as string[]],
  ['README.zh-CN.md', join(ROOT, 'docs'), ['en']],
])('%s', (readme, docs, skip) => {
  const text = readFileSync(join(ROOT, readme), 'utf8')

  test(`is at most ${LIMIT.toLocaleString('en')} characters`, () => {
    expect([...text].length).toBeLessThanOrEqual(LIMIT)
  })

  test('every code block but the shell commands is marked, and is the docs block of the same marker', () => {
    const blocks = codeBlocks(text)
    expect(blocks.filter((b) => !b.file && b.lang !== 'sh').map((b) => `line ${b.line}`)).toEqual([])
    const docsBlocks = markedBlocks(docs, skip)
    for (const block of blocks.filter((b) => b.file)) {
      expect({ file: block.file, code: block.code }).toEqual({
        file: block.file,
        code: docsBlocks.get(block.file ?? ''),
      })
    }
    expect(blocks.filter((b) => b.file?.startsWith('uni-app/')).length).toBeLessThanOrEqual(3)
  })

  test('keeps the two commands of the repository: the demo and the tests', () => {
    const shell = codeBlocks(text)
      .filter((b) => b.lang === 'sh')
      .map((b) => b.code)
      .join('\n')
    expect(shell).toContain('npm install && npm start')
    expect(shell).toContain('npm install && npm test')
  })
})

test("the uni_modules edition's readme stays the short Chinese start: at most 8,000 characters, linking the docs", () => {
  const readme = readFileSync(join(ROOT, 'packaging', 'uni_modules', 'readme.md'), 'utf8')
  expect([...readme].length).toBeLessThanOrEqual(8000)
  expect(readme).toMatch(
    /\]\(https:\/\/github\.com\/uni-session\/uni-session\/blob\/main\/docs\/guide\/quick-start\.md\)/,
  )
})

/** The Markdown reader the documentation tests stand on (tests/support/markdown.ts). */
import { codeBlocks, filesFor, headings, withoutComments } from '../support/markdown'

const md = (...lines: string[]) => `${lines.join('\n')}\n`

test('a marked block is read with its file; an unmarked one has none', () => {
  const blocks = codeBlocks(
    md('<!-- file: app/a.ts -->', '```ts', 'const a = 1', '```', '', '```sh', 'npm test', '```'),
  )
  expect(blocks).toEqual([
    { lang: 'ts', code: 'const a = 1\n', line: 2, file: 'app/a.ts' },
    { lang: 'sh', code: 'npm test\n', line: 6, file: undefined },
  ])
})

test('a blank line may stand between a marker and its block; text may not', () => {
  expect(codeBlocks(md('<!-- file: app/a.ts -->', '', '```ts', 'x', '```'))[0]?.file).toBe('app/a.ts')
  expect(() => codeBlocks(md('<!-- file: app/a.ts -->', 'some prose', '```ts', 'x', '```'))).toThrow(
    'line 1: the marker for app/a.ts is not followed by a code block',
  )
})

test('a marker with no block after it, two markers in a row, or an unclosed block are errors', () => {
  expect(() => codeBlocks(md('text', '<!-- file: app/a.ts -->'))).toThrow('has no code block after it')
  expect(() => codeBlocks(md('<!-- file: app/a.ts -->', '<!-- file: app/b.ts -->', '```ts', 'x', '```'))).toThrow(
    'line 1: the marker for app/a.ts has no code block after it',
  )
  expect(() => codeBlocks(md('```ts', 'x'))).toThrow('line 1: a code block that is never closed')
})

test('an indented block (in a list item) is read without its indent', () => {
  expect(codeBlocks(md('1. step', '   ```js', '   const a = 1', '     nested', '   ```'))[0]?.code).toBe(
    'const a = 1\n  nested\n',
  )
})

test("filesFor takes one consumer's blocks, by path; two blocks for one file are an error", () => {
  const text = md('<!-- file: a/x.ts -->', '```ts', '1', '```', '<!-- file: b/y.ts -->', '```ts', '2', '```')
  expect(filesFor(text, 'a')).toEqual({ 'x.ts': '1\n' })
  expect(() => filesFor(text + text, 'a')).toThrow('a second block for a/x.ts')
})

test('headings outside code blocks only', () => {
  expect(headings(md('# A', '```sh', '# not a heading', '```', '## B `c`'))).toEqual([
    { level: 1, text: 'A', line: 1 },
    { level: 2, text: 'B `c`', line: 5 },
  ])
})

test('withoutComments drops comments in any language but keeps URLs, hashes in routes and the code', () => {
  const code = md(
    "const api = 'https://api.example.com' // the API",
    '// a whole line',
    "uni.navigateTo({ url: '#/pages/me' })",
    'npm test    # everything',
    '<!-- a template comment --><view />',
  )
  expect(withoutComments(code)).toBe(
    ["const api = 'https://api.example.com'", "uni.navigateTo({ url: '#/pages/me' })", 'npm test', '<view />'].join(
      '\n',
    ),
  )
})

/**
 * The adapters page's examples (docs/en/adapters.md; the README copies the luch-request one), as
 * written there, compile: the blocks marked
 * `<!-- file: adapters/<library>/<path> -->` (tests/support/markdown.ts reads them), each library's
 * files as an app's modules (strict, the libraries' own typings, `uni-session` resolved to this
 * source), the JavaScript ones parsed. An example that drifts from the API fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { codeBlocks, filesFor, headings } from '../support/markdown'
import { typecheckSnippets } from '../support/typecheck-snippets'

const root = join(__dirname, '../..')
const README = readFileSync(join(root, 'docs', 'en', 'adapters.md'), 'utf8')

test('every code block of the page is marked as a file of an adapters/ example', () => {
  expect(headings(README)[0]?.text).toMatch(/^Bring your own requester/)
  const blocks = codeBlocks(README)
  expect(blocks.map((b) => b.file)).toEqual([
    'adapters/luch-request/src/session.ts',
    'adapters/luch-request/src/uview.js',
    'adapters/alova/src/session.ts',
    'adapters/axios/src/session.ts',
    'adapters/uni-interceptor/src/session.ts',
  ])
})

test("the adapters page's examples compile as an app's modules", () => {
  const snippets = filesFor(README, 'adapters')
  expect(Object.keys(snippets)).toHaveLength(5)
  expect(typecheckSnippets(snippets, 'readme')).toEqual([])
})

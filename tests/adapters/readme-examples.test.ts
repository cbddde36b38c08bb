/**
 * The adapters page's examples (docs/en/adapters.md; the README copies the luch-request one), as
 * written there, compile: the blocks marked
 * `<!-- file: adapters/<library>/<path> -->` (tests/support/markdown.ts reads them), each library's
 * files as an app's modules (strict, the libraries' own typings, `uni-session` resolved to this
 * source), the JavaScript ones parsed. An example that drifts from the API fails here.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as ts from 'typescript'
import { codeBlocks, filesFor, headings } from '../support/markdown'

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
  const dir = join(root, 'node_modules', '.cache', 'uni-session-tests', `readme-${process.pid}`)
  try {
    const files = Object.entries(filesFor(README, 'adapters')).map(([path, code]) => {
      const file = join(dir, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, code)
      return file
    })
    expect(files).toHaveLength(5)
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
      types: ['@dcloudio/types'],
      typeRoots: [join(root, 'node_modules/@types'), join(root, 'node_modules')],
      allowJs: true,
      checkJs: false,
      esModuleInterop: true,
      skipLibCheck: true,
      baseUrl: root,
      paths: { 'uni-session': ['src/lib/index.ts'], 'uni-session/adapters': ['src/adapters/index.ts'] },
    })
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
        return `${d.file?.fileName.replace(`${dir}/`, '')}:${where ? where.line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    expect(errors).toEqual([])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/**
 * The README's "Bring your own requester" examples, as written there, compile: each ```ts block as a
 * module of an app (strict, the app's tsconfig settings, the libraries' own typings, `uni-session`
 * resolved to this source), each ```js block parsed. An example that drifts from the API fails here.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ts from 'typescript'

const root = join(__dirname, '../..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** The fenced blocks of the section whose heading starts with `heading`, with their language. */
function blocks(heading: string): Array<{ lang: string; code: string }> {
  const start = readme.indexOf(`\n## ${heading}`)
  if (start < 0) throw new Error(`README: no section "## ${heading}"`)
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as string, code: m[2] as string }))
}

test("the README's adapter examples compile as an app's modules", () => {
  const found = blocks('Bring your own requester')
  expect(found.map((b) => b.lang)).toEqual(['ts', 'js', 'ts', 'ts', 'ts'])
  const dir = join(root, 'node_modules', '.cache', 'uni-session-tests', `readme-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  try {
    const files = found.map((b, i) => {
      const file = join(dir, `example-${i}.${b.lang}`)
      // The uView example imports the session module of the luch-request example before it.
      writeFileSync(file, b.code.replace("from './session'", `from './example-${i - 1}'`))
      return file
    })
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

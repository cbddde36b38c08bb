/**
 * Type-checks documentation snippets as an app's modules: each written to its path under a scratch
 * folder, compiled together (strict, bundler resolution, uni's types), `uni-session` entries mapped to
 * the sources. Returns one line per error in the snippets themselves ("path:line: message").
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as ts from 'typescript'

const ROOT = join(__dirname, '..', '..')

const ENTRIES: Record<string, string[]> = {
  'uni-session': ['src/lib/index.ts'],
  'uni-session/adapters': ['src/adapters/index.ts'],
  'uni-session/presets': ['src/presets/index.ts'],
}

export function typecheckSnippets(snippets: Record<string, string>, name: string): string[] {
  const dir = join(ROOT, 'node_modules', '.cache', 'uni-session-tests', `${name}-${process.pid}`)
  try {
    const files = Object.entries(snippets).map(([path, code]) => {
      const file = join(dir, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, code)
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
      typeRoots: [join(ROOT, 'node_modules/@types'), join(ROOT, 'node_modules')],
      allowJs: true,
      checkJs: false,
      esModuleInterop: true,
      skipLibCheck: true,
      baseUrl: ROOT,
      paths: ENTRIES,
    })
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
        return `${d.file?.fileName.replace(`${dir}/`, '')}:${where ? where.line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

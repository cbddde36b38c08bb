/**
 * README.zh-CN.md keeps step with README.md: the same headings (level and count, in order, with
 * the same inline code), the same code blocks (language, file marker, and code; comments may be
 * translated), and each links to the other. A section added to README.md without its Chinese
 * twin fails here, naming the first heading that differs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { codeBlocks, headings, withoutComments } from '../support/markdown'

const ROOT = join(__dirname, '..', '..')
const en = readFileSync(join(ROOT, 'README.md'), 'utf8')
const zh = readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8')

const inlineCode = (text: string) => text.match(/`[^`]+`/g) ?? []

test('the same headings: level and count, in order, with the same inline code', () => {
  const a = headings(en)
  const b = headings(zh)
  const outline = (hs: typeof a) => hs.map((h) => `${'#'.repeat(h.level)} ${inlineCode(h.text).join(' ')}`)
  const x = outline(a)
  const y = outline(b)
  const first = Array.from({ length: Math.max(x.length, y.length) }, (_, i) => i).find((i) => x[i] !== y[i])
  if (first !== undefined) {
    // Side by side, so that the reader sees where the two part and what to add.
    const side = (hs: typeof a, i: number) => (hs[i] ? `${'#'.repeat(hs[i].level)} ${hs[i].text}` : '(none)')
    const rows = Array.from(
      { length: Math.max(a.length, b.length) },
      (_, i) => `${i === first ? '>' : ' '} ${side(a, i)}  |  ${side(b, i)}`,
    )
    throw new Error(
      `README.zh-CN.md's headings part from README.md's at heading ${first + 1} (${a.length} headings in English, ${b.length} in Chinese). Give every README.md section its Chinese twin, at the same place:\n${rows.join('\n')}`,
    )
  }
  expect(b.length).toBe(a.length)
})

test('the same code blocks: language, file marker and code (comments aside), in order', () => {
  const shape = (markdown: string) =>
    codeBlocks(markdown).map((b) => ({ lang: b.lang, file: b.file, code: withoutComments(b.code) }))
  const a = shape(en)
  const b = shape(zh)
  expect(b.map((x) => x.file ?? '')).toEqual(a.map((x) => x.file ?? ''))
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    expect({ block: i, ...b[i] }).toEqual({ block: i, ...a[i] })
  }
})

test('each links to the other at the top', () => {
  const top = (markdown: string) => markdown.split('\n').slice(0, 5).join('\n')
  expect(top(en)).toContain('](README.zh-CN.md)')
  expect(top(zh)).toContain('](README.md)')
})

test('the Chinese README is Chinese: most of its prose outside code is CJK', () => {
  const prose = zh
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\|/g, '')
  const cjk = (prose.match(/[\u4e00-\u9fff]/g) ?? []).length
  const latinWords = (prose.match(/[A-Za-z]{4,}/g) ?? []).length
  expect(cjk).toBeGreaterThan(latinWords * 3)
})

/**
 * Reads the parts of a Markdown document that the documentation tests check: its headings, its
 * fenced code blocks, and the blocks marked with the file they are, e.g.
 *
 *     <!-- file: uni-app/src/session.ts -->
 *     ```ts
 *     ...
 *     ```
 *
 * A marker names the consumer (the first path segment: `uni-app`, `native`, ...) and the file the
 * block becomes in it. It must stand on the line right before the block's opening fence (blank
 * lines between are allowed); a marker with no block after it is an error, so that a README edit
 * cannot silently drop a block from the test.
 */

export interface Heading {
  level: number
  text: string
  line: number
}

export interface CodeBlock {
  /** The info string's first word: `ts`, `vue`, `sh`... */
  lang: string
  code: string
  /** 1-based line of the opening fence. */
  line: number
  /** From the marker before it: the path after `file:`, or undefined for an unmarked block. */
  file?: string
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/
const MARKER = /^<!--\s*file:\s*(\S+)\s*-->\s*$/

/** Every fenced code block, in order, with the file its marker names. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  let pending: { file: string; line: number } | undefined
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? ''
    const marker = MARKER.exec(text.trim())
    if (marker?.[1]) {
      if (pending) throw new Error(`line ${pending.line}: the marker for ${pending.file} has no code block after it`)
      pending = { file: marker[1], line: i + 1 }
      continue
    }
    const open = FENCE.exec(text)
    if (!open) {
      if (pending && text.trim() !== '') {
        throw new Error(`line ${pending.line}: the marker for ${pending.file} is not followed by a code block`)
      }
      continue
    }
    const [, indent = '', fence = '', lang = ''] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const l = lines[j] ?? ''
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') break
      body.push(indent && l.startsWith(indent) ? l.slice(indent.length) : l)
    }
    if (j >= lines.length) throw new Error(`line ${i + 1}: a code block that is never closed`)
    blocks.push({ lang, code: `${body.join('\n')}\n`, line: i + 1, file: pending?.file })
    pending = undefined
    i = j
  }
  if (pending) throw new Error(`line ${pending.line}: the marker for ${pending.file} has no code block after it`)
  return blocks
}

/** ATX headings (`#` to `######`) outside code blocks. */
export function headings(markdown: string): Heading[] {
  const found: Heading[] = []
  let fence: string | undefined
  markdown.split('\n').forEach((text, i) => {
    const open = FENCE.exec(text)
    if (open?.[2]) {
      const mark = open[2]
      if (!fence) fence = mark
      else if (text.trim().startsWith(fence) && text.trim().replace(/[`~]/g, '') === '') fence = undefined
      return
    }
    if (fence) return
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text)
    if (h?.[1] && h[2] !== undefined) found.push({ level: h[1].length, text: h[2], line: i + 1 })
  })
  return found
}

/**
 * The marked blocks whose path starts with `consumer/`, as files of that consumer (path without
 * the prefix). Two blocks for one file is an error.
 */
export function filesFor(markdown: string, consumer: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const block of codeBlocks(markdown)) {
    if (!block.file?.startsWith(`${consumer}/`)) continue
    const path = block.file.slice(consumer.length + 1)
    if (path in files) throw new Error(`line ${block.line}: a second block for ${block.file}`)
    files[path] = block.code
  }
  return files
}

/**
 * A code block with its comments taken out, for comparing a translation's blocks with the
 * original's: the code must be the same, the comments may be in another language.
 * Removes `// ...` and `# ...` (a space after the marker, at the start of a line or after
 * whitespace, so that `https://` and `#/pages` stay), `/* ... *\/` and `<!-- ... -->`, then
 * trailing whitespace and the blank lines this leaves.
 */
export function withoutComments(code: string): string {
  return code
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)(\/\/|#)(\s.*)?$/, '').trimEnd())
    .filter((line) => line !== '')
    .join('\n')
}

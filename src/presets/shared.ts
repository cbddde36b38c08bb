/** Small helpers the presets share. No core code: each preset bundles only what it uses. */
import type { AuthOptions } from '../auth/session'

/** What a preset gives `createAuth`: spread it, then add your own options (yours win). */
export type Preset = Partial<AuthOptions>

/** A header by name, whatever its case (H5 lower-cases them; mini programs keep the server's). */
export function headerOf(header: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const key in header) if (key.toLowerCase() === wanted) return header[key]
  return undefined
}

/** A body as an object (JSON text parsed), or `{}`. */
export function bodyOf(data: unknown): Record<string, unknown> {
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      return {}
    }
  }
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
}

/** `application/x-www-form-urlencoded`, fields without a value left out. */
export function form(fields: Record<string, string | undefined>): string {
  const pairs: string[] = []
  for (const key in fields) {
    const value = fields[key]
    if (value != null) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  }
  return pairs.join('&')
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (no `btoa` in a mini program; RFC 6749 §2.3.1 credentials are form-encoded first, so ASCII). */
export function base64(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const n = (text.charCodeAt(i) << 16) | ((text.charCodeAt(i + 1) || 0) << 8) | (text.charCodeAt(i + 2) || 0)
    out += DIGITS[(n >> 18) & 63]
    out += DIGITS[(n >> 12) & 63]
    out += i + 1 < text.length ? DIGITS[(n >> 6) & 63] : '='
    out += i + 2 < text.length ? DIGITS[n & 63] : '='
  }
  return out
}

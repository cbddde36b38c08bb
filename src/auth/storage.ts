import type { Platform } from './platform'
import type { Tokens } from './tokens'

/** What the session persists: one versioned record under one key. */
export interface SessionRecord {
  v: 1
  tokens: Tokens
  user?: unknown
}

/**
 * Reads the record. A failed read, a corrupt or a foreign value reads as
 * signed out and is removed: never thrown at the app.
 */
export function readRecord(platform: Platform, key: string, report: (e: unknown) => void): SessionRecord | undefined {
  let value: unknown
  try {
    value = platform.getStorageSync(key)
    if (typeof value === 'string' && value) value = JSON.parse(value)
  } catch {
    // Not the parser's error: its message quotes the stored text, which may be a token.
    report(new Error('the stored session could not be read'))
    value = 1 // unreadable: not a record, so it is removed below
  }
  if (!value) return undefined
  const r = value as Partial<SessionRecord>
  if (r.v === 1 && r.tokens && typeof r.tokens.accessToken === 'string' && r.tokens.accessToken) {
    return r as SessionRecord
  }
  removeRecord(platform, key, report)
  return undefined
}

export function writeRecord(
  platform: Platform,
  key: string,
  record: SessionRecord | undefined,
  report: (e: unknown) => void,
): void {
  if (!record) {
    removeRecord(platform, key, report)
    return
  }
  try {
    platform.setStorageSync(key, record)
  } catch (e) {
    // The session keeps working in memory; the app hears of it through `debug`.
    report(e)
  }
}

function removeRecord(platform: Platform, key: string, report: (e: unknown) => void): void {
  try {
    platform.removeStorageSync(key)
  } catch (e) {
    report(e)
  }
}

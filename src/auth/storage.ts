import type { Platform } from './platform'
import { type Tokens, usable } from './tokens'

/** What the session persists: one versioned record under one key. */
export interface SessionRecord {
  v: 1
  tokens: Tokens
  user?: unknown
  /** Which session (one sign-in and its refreshes): H5 tabs adopt only tokens that continue theirs. */
  sid?: string
  /** How many refreshes into the session: a tab never adopts a record older than what it holds. */
  gen?: number
}

/**
 * Writes `value` under `key`, or removes the key when there is no value. Never
 * throws: the session keeps working in memory, and `report` (if any) hears of it.
 */
export function store(platform: Platform, key: string, value?: unknown, report?: (e: unknown) => void): void {
  try {
    if (value) platform.setStorageSync(key, value)
    else platform.removeStorageSync(key)
  } catch (e) {
    if (report) report(e)
  }
}

/**
 * Reads the record. A failed read, a corrupt or a foreign value reads as
 * signed out and is removed: never thrown at the app.
 */
export function readRecord(platform: Platform, key: string, report: (e: unknown) => void): SessionRecord | undefined {
  let value: unknown
  try {
    value = platform.getStorageSync(key)
    // Nothing stored ('' is what the platforms answer for a missing key).
    if (value === '' || value == null) return undefined
    if (typeof value === 'string') value = JSON.parse(value)
  } catch {
    // Not the parser's error: its message quotes the stored text, which may be a token.
    report(new Error('stored session unreadable'))
  }
  const r = value as Partial<SessionRecord> | undefined
  if (r && r.v === 1 && usable(r.tokens)) {
    return r as SessionRecord
  }
  // Corrupt, unreadable or foreign (a JSON '""' too): removed, so that it is not read again.
  store(platform, key, undefined, report)
  return undefined
}

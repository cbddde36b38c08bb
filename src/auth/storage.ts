import type { Platform } from './platform'
import { asObject, type TokenInput, type Tokens, usable } from './tokens'

/**
 * Where the session keeps its record, when not in the platform's storage: the app's own place
 * (its key, its pinia-persisted store). Synchronous, as `uni.getStorageSync` is: the session reads
 * its record once, at `createAuth`.
 */
export interface SessionStorage {
  /** The value `set` stored under `key` (an object, or its JSON text); `undefined`, `null` or `''` for none. */
  get(key: string): unknown
  set(key: string, value: unknown): void
  remove(key: string): void
}

/** What reads and writes the record: the platform itself, or the `storage` option seen as one. */
export type RecordStorage = Pick<Platform, 'getStorageSync' | 'setStorageSync' | 'removeStorageSync'>

export function recordStorage(platform: Platform, option?: SessionStorage): RecordStorage {
  return option
    ? {
        getStorageSync: (key) => option.get(key),
        setStorageSync: (key, value) => option.set(key, value),
        removeStorageSync: (key) => option.remove(key),
      }
    : platform
}

/**
 * The token an app stored before it used this module (issue 21.4): under a storage key of the
 * platform (RuoYi-App's `App-Token`: the bare token), or what a function reads from the app's own
 * store (a body holding tokens, or a bare token). Read once; a key is removed once read, so that
 * the token lives in one place only. Never throws.
 */
export function adoptTokens(
  platform: Platform,
  adopt: string | (() => unknown),
  parse: (body: unknown) => TokenInput | null | undefined,
  report: (e: unknown) => void,
): TokenInput | undefined {
  try {
    const value = typeof adopt === 'function' ? adopt() : platform.getStorageSync(adopt)
    if (typeof adopt === 'string' && value !== '' && value != null) store(platform, adopt, undefined, report)
    if (typeof value === 'string' && value && !asObject(value)) return { accessToken: value }
    const tokens = value ? parse(value) : undefined
    return usable(tokens) ? tokens : undefined
  } catch (e) {
    report(e)
  }
}

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
export function store(platform: RecordStorage, key: string, value?: unknown, report?: (e: unknown) => void): void {
  try {
    if (value) platform.setStorageSync(key, value)
    else platform.removeStorageSync(key)
  } catch (e) {
    if (report) report(e)
  }
}

/**
 * Reads the record. A corrupt or a foreign value reads as signed out and is removed; a read that
 * throws reads as signed out and leaves the record for the next read. Never thrown at the app.
 */
export function readRecord(
  platform: RecordStorage,
  key: string,
  report: (e: unknown) => void,
): SessionRecord | undefined {
  let value: unknown
  try {
    value = platform.getStorageSync(key)
    // Nothing stored ('' is what the platforms answer for a missing key).
    if (value === '' || value == null) return undefined
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value)
      } catch {
        // Not the parser's error: its message quotes the stored text, which may be a token.
        report(new Error('stored session unreadable'))
        value = undefined
      }
    }
  } catch {
    // The read itself failed (the app's store not ready, a host error): signed out for now, but the
    // record says nothing wrong and stays for the next read. Only a value read and found bad is removed.
    // Not its error: an app's own `get` may quote the stored text, which may be a token.
    report(new Error('stored session unreadable'))
    return undefined
  }
  const r = value as Partial<SessionRecord> | undefined
  if (r && r.v === 1 && usable(r.tokens)) {
    return r as SessionRecord
  }
  // Corrupt, unreadable or foreign (a JSON '""' too): removed, so that it is not read again.
  store(platform, key, undefined, report)
  return undefined
}

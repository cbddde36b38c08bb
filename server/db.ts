/** The embedded database: users (scrypt password hashes), sessions, refresh tokens (hashed), files. */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export interface UserRow {
  id: number
  username: string
  nickname: string
  password_hash: string | null
  openid: string | null
}

export interface SessionRow {
  id: string
  user_id: number
  created_at: number
  revoked_at: number | null
  revoke_reason: 'logout' | 'replaced' | 'reuse' | 'kickout' | null
  /** Access tokens issued before this (ms) count as expired: the control endpoint "expire access now". */
  access_valid_after: number
  /**
   * Dialects whose session lives on the server (RuoYi, Sa-Token): when it ends (ms), moved on by
   * use in RuoYi. `null` in the reference protocol, whose access tokens carry their own expiry.
   */
  expires_at: number | null
  /** Sa-Token's last activity (ms), for its `activeTimeout`. */
  active_at: number | null
}

export interface RefreshRow {
  hash: string
  session_id: string
  expires_at: number
  used_at: number | null
  /**
   * Set on the family's newest rotated token only: the refresh token it was rotated to, sealed
   * under the rotated token (`server/successor.ts`), for the reuse grace window.
   */
  successor: string | null
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

export function openDatabase(file: string) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      username TEXT UNIQUE NOT NULL,
      nickname TEXT NOT NULL,
      password_hash TEXT,
      openid TEXT UNIQUE
    );
    CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      revoked_at INTEGER,
      revoke_reason TEXT,
      access_valid_after INTEGER NOT NULL DEFAULT 0,
      expires_at INTEGER,
      active_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS refresh_tokens (
      hash TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id),
      expires_at INTEGER NOT NULL,
      used_at INTEGER,
      successor TEXT
    );
    CREATE INDEX IF NOT EXISTS refresh_by_session ON refresh_tokens(session_id);
    CREATE TABLE IF NOT EXISTS files (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id INTEGER NOT NULL REFERENCES users(id),
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      content BLOB NOT NULL
    );
  `)

  // Databases made before a column was added lack it.
  const has = (table: string, column: string) =>
    db
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .some((c) => c.name === column)
  if (!has('refresh_tokens', 'successor')) db.exec('ALTER TABLE refresh_tokens ADD COLUMN successor TEXT')
  if (!has('sessions', 'expires_at')) db.exec('ALTER TABLE sessions ADD COLUMN expires_at INTEGER')
  if (!has('sessions', 'active_at')) db.exec('ALTER TABLE sessions ADD COLUMN active_at INTEGER')

  const q = {
    userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
    userById: db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByOpenid: db.prepare<[string], UserRow>('SELECT * FROM users WHERE openid = ?'),
    insertUser: db.prepare<[string, string, string | null, string | null]>(
      'INSERT INTO users (username, nickname, password_hash, openid) VALUES (?, ?, ?, ?)',
    ),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    insertSession: db.prepare<[string, number, number]>(
      'INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)',
    ),
    /** A session that ends on the server at `expires_at` (ms), last active at `active_at`. */
    insertServerSession: db.prepare<[string, number, number, number, number]>(
      'INSERT INTO sessions (id, user_id, created_at, expires_at, active_at) VALUES (?, ?, ?, ?, ?)',
    ),
    /** A server-side session used: its new end and last activity (ms). */
    touchSession: db.prepare<[number | null, number, string]>(
      'UPDATE sessions SET expires_at = ?, active_at = ? WHERE id = ?',
    ),
    /** Ends the user's live sessions for one reason (`kickout`: an operator put them out). */
    revokeUserSessions: db.prepare<[number, string, number]>(
      'UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
    ),
    revokeSession: db.prepare<[number, string, string]>(
      'UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    revokeOtherSessions: db.prepare<[number, number, string]>(
      "UPDATE sessions SET revoked_at = ?, revoke_reason = 'replaced' WHERE user_id = ? AND id != ? AND revoked_at IS NULL",
    ),
    /** Access tokens issued until now count as expired, and server-side sessions end now. */
    expireAccess: db.prepare<[number, number, number]>(
      'UPDATE sessions SET access_valid_after = ?, expires_at = min(expires_at, ?) WHERE user_id = ? AND revoked_at IS NULL',
    ),
    expireRefresh: db.prepare<[number, number]>(
      'UPDATE refresh_tokens SET expires_at = ? WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)',
    ),
    refresh: db.prepare<[string], RefreshRow>('SELECT * FROM refresh_tokens WHERE hash = ?'),
    insertRefresh: db.prepare<[string, string, number]>(
      'INSERT INTO refresh_tokens (hash, session_id, expires_at) VALUES (?, ?, ?)',
    ),
    /** Marks a token rotated (only if it was not yet) and keeps its sealed successor. */
    rotateRefresh: db.prepare<[number, string, string]>(
      'UPDATE refresh_tokens SET used_at = ?, successor = ? WHERE hash = ? AND used_at IS NULL',
    ),
    /** A family's older rotations lose their successor: only the newest one has a grace. */
    forgetSuccessors: db.prepare<[string]>(
      'UPDATE refresh_tokens SET successor = NULL WHERE session_id = ? AND successor IS NOT NULL',
    ),
    insertFile: db.prepare<[number, string, string, Buffer]>(
      'INSERT INTO files (user_id, name, mime, content) VALUES (?, ?, ?, ?)',
    ),
    file: db.prepare<[number], { id: number; user_id: number; name: string; mime: string; content: Buffer }>(
      'SELECT * FROM files WHERE id = ?',
    ),
  }
  return { db, q, transaction: db.transaction.bind(db) }
}

export type Store = ReturnType<typeof openDatabase>

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
  revoke_reason: 'logout' | 'replaced' | 'reuse' | null
  /** Access tokens issued before this (ms) count as expired: the control endpoint "expire access now". */
  access_valid_after: number
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
      access_valid_after INTEGER NOT NULL DEFAULT 0
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

  // Databases made before the grace window answered with the successor lack its column.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(refresh_tokens)').all()
  if (!columns.some((c) => c.name === 'successor')) db.exec('ALTER TABLE refresh_tokens ADD COLUMN successor TEXT')

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
    revokeSession: db.prepare<[number, string, string]>(
      'UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    revokeOtherSessions: db.prepare<[number, number, string]>(
      "UPDATE sessions SET revoked_at = ?, revoke_reason = 'replaced' WHERE user_id = ? AND id != ? AND revoked_at IS NULL",
    ),
    expireAccess: db.prepare<[number, number]>(
      'UPDATE sessions SET access_valid_after = ? WHERE user_id = ? AND revoked_at IS NULL',
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

/**
 * What the refresh grace window keeps: the successor sealed under the rotated token, and the
 * column that holds it in databases made before it existed.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '../../server/db'
import { openSuccessor, sealSuccessor } from '../../server/successor'

const secret = randomBytes(32)

test('a sealed successor opens with the token it was sealed under, and with nothing else', () => {
  const sealed = sealSuccessor('rotated-token', 'successor-token', secret)
  expect(sealed).not.toContain('successor-token')
  expect(openSuccessor('rotated-token', sealed, secret)).toBe('successor-token')
  expect(openSuccessor('another-token', sealed, secret)).toBeUndefined()
  expect(openSuccessor('rotated-token', sealed, randomBytes(32))).toBeUndefined()
  expect(openSuccessor('rotated-token', 'not.sealed', secret)).toBeUndefined()
})

test('a database made before the grace kept successors gains the column and keeps its tokens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uni-session-db-'))
  try {
    const file = join(dir, 'old.db')
    const old = new Database(file)
    old.exec(`CREATE TABLE refresh_tokens (hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
      INSERT INTO refresh_tokens VALUES ('h', 's', 1, NULL);`)
    old.close()
    const store = openDatabase(file)
    expect(store.q.refresh.get('h')).toEqual({
      hash: 'h',
      session_id: 's',
      expires_at: 1,
      used_at: null,
      successor: null,
    })
    store.db.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

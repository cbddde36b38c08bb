/**
 * The refresh token a rotation produced, kept so that the token it replaced can be answered
 * with it again during the grace window (a client whose answer was lost, parallel refreshes).
 * The database holds refresh tokens only as hashes, so the successor is sealed (AES-256-GCM)
 * under a key derived from the *replaced* token and the server's secret: only someone who
 * presents that token can open it, and a copy of the database alone opens nothing.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const INFO = 'uni-session refresh successor'

const keyFor = (presented: string, secret: Uint8Array) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(presented), secret, INFO, 32))

export function sealSuccessor(presented: string, successor: string, secret: Uint8Array): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(presented, secret), iv)
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()])
  return [iv, sealed, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.')
}

/** The successor sealed under `presented`, or `undefined` when it does not open (another token, another secret). */
export function openSuccessor(presented: string, sealed: string, secret: Uint8Array): string | undefined {
  const [iv, data, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'))
  if (!iv || !data || !tag) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(presented, secret), iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

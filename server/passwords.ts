/** Password hashes (scrypt), checked with the same work whether or not there is a password to check. */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

const KEY_LENGTH = 32

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, KEY_LENGTH).toString('base64url')}`
}

/**
 * Stands in for the hash of an account that does not exist or has no password (a WeChat-only
 * user): checking against it costs one scrypt with the same salt size, key length and cost as a
 * real check, so the answer's timing does not tell which accounts exist. It never matches.
 */
const NO_PASSWORD = { salt: Buffer.alloc(16), hash: Buffer.alloc(KEY_LENGTH) }

const parse = (stored: string | null | undefined) => {
  const [scheme, salt, hash] = (stored || '').split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return undefined
  return { salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') }
}

/** Whether `password` matches `stored`; one scrypt either way, also when `stored` is missing or unusable. */
export function verifyPassword(password: string, stored: string | null | undefined): boolean {
  const usable = parse(stored)
  const { salt, hash } = usable && usable.hash.length === KEY_LENGTH ? usable : NO_PASSWORD
  const actual = scryptSync(password, salt, KEY_LENGTH)
  return timingSafeEqual(hash, actual) && hash !== NO_PASSWORD.hash
}

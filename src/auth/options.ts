import { DEV } from './platform/build'

export { DEV }

/**
 * Throws the error a bad option gets when `ok` is false: naming the option, what it expects and the value it
 * got (a production build: the option alone, "uni-session: bad `name`"; `expected` is then `false`).
 */
export function check(name: string, value: unknown, ok: unknown, expected: string | false): void {
  if (!ok) {
    if (!DEV) throw new TypeError(`uni-session: bad \`${name}\``)
    const got =
      typeof value === 'string' ? `"${value}"` : value && typeof value === 'object' ? 'an object' : String(value)
    throw new TypeError(`uni-session: expected \`${name}\` to be ${expected}, got ${got}`)
  }
}

/**
 * A finite number >= `min`, or the default when absent. At most 2^31 - 1: the longest wait a timer holds
 * (a longer one fires at once in every host), and more than any count or limit needs.
 */
export function numberOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback
  check(name, value, typeof value === 'number' && value >= min && value < Infinity, DEV && `a number >= ${min}`)
  return Math.min(value as number, 2147483647)
}

/** A function, or `undefined` when absent. */
export function functionOption<F>(name: string, value: unknown): F | undefined {
  check(name, value, value === undefined || typeof value === 'function', DEV && 'a function')
  return value as F | undefined
}

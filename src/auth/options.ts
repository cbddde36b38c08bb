/** Throws the error a bad option gets, naming the option and the value it got, when `ok` is false. */
export function check(name: string, value: unknown, ok: unknown, expected: string): void {
  if (!ok) {
    const got =
      typeof value === 'string' ? `"${value}"` : value && typeof value === 'object' ? 'an object' : String(value)
    throw new TypeError(`uni-session: expected \`${name}\` to be ${expected}, got ${got}`)
  }
}

/** A finite number >= `min`, or the default when absent. */
export function numberOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback
  check(name, value, typeof value === 'number' && value >= min && value < Infinity, `a number >= ${min}`)
  return value as number
}

/** A function, or `undefined` when absent. */
export function functionOption<F>(name: string, value: unknown): F | undefined {
  check(name, value, value === undefined || typeof value === 'function', 'a function')
  return value as F | undefined
}

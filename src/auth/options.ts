/** Throws the error a bad option gets: names the option and the value it got. */
export function badOption(name: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? `"${got}"` : got && typeof got === 'object' ? 'an object' : String(got)
  throw new TypeError(`uni-session: expected \`${name}\` to be ${expected}, got ${shown}`)
}

/** `value` when it is a finite number >= `min`, else the default; anything else throws. */
export function numberOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= min) || value === Infinity) {
    badOption(name, `a number >= ${min}`, value)
  }
  return value
}

export function functionOption<F>(name: string, value: unknown): F | undefined {
  if (value !== undefined && typeof value !== 'function') badOption(name, 'a function', value)
  return value as F | undefined
}

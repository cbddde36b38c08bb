/**
 * The login limiter in-process, on its own clock: the per-address cap across accounts, the
 * per-account bucket, and that both maps forget what is older than a minute.
 */
import { ApiError } from '../../server/errors'
import { createLoginLimiter } from '../../server/rate-limit'

function limiter(loginAddressLimit = 60, loginRateLimit = 10) {
  const clock = { now: 1_000_000 }
  const l = createLoginLimiter({ loginAddressLimit, loginRateLimit }, () => clock.now)
  const attempt = (ip: string, bucket: string) => {
    try {
      l.hit({ ip }, bucket)
      return 'ok'
    } catch (e) {
      return e instanceof ApiError ? e.code : 'thrown'
    }
  }
  return { l, clock, attempt }
}

test('one address gets loginAddressLimit attempts a minute across all accounts, then 429s', () => {
  const { l, attempt } = limiter(5)
  const answers = Array.from({ length: 8 }, (_, i) => attempt('10.0.0.1', `login:random-${i}`))
  expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED'])
  // The refused ones never reached a per-account bucket.
  expect(l.size()).toEqual({ addresses: 1, buckets: 5 })
})

test('the cap is per address: another address is not held back by the first', () => {
  const { attempt } = limiter(2)
  expect([attempt('10.0.0.1', 'login:a'), attempt('10.0.0.1', 'login:b'), attempt('10.0.0.1', 'login:c')]).toEqual([
    'ok',
    'ok',
    'RATE_LIMITED',
  ])
  expect(attempt('10.0.0.2', 'login:a')).toBe('ok')
})

test('the per-account bucket still refuses the eleventh attempt on one account within the address cap', () => {
  const { attempt } = limiter(60, 10)
  const answers = Array.from({ length: 12 }, () => attempt('10.0.0.1', 'login:alice'))
  expect(answers.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED'])
  expect(attempt('10.0.0.1', 'login:bob')).toBe('ok')
})

test('an address that keeps hammering stays refused; a minute after it stops it may try again', () => {
  const { clock, attempt } = limiter(3)
  for (let i = 0; i < 3; i++) attempt('10.0.0.1', `login:${i}`)
  for (let i = 0; i < 100; i++) {
    clock.now += 1000
    expect(attempt('10.0.0.1', `login:flood-${i}`)).toBe('RATE_LIMITED')
  }
  clock.now += 60_001
  expect(attempt('10.0.0.1', 'login:after')).toBe('ok')
})

test('ten thousand made-up usernames from a thousand addresses leave nothing behind a minute later', () => {
  const { l, clock, attempt } = limiter(10)
  const address = (n: number) => `10.0.${Math.floor(n / 256)}.${n % 256}`
  for (let i = 0; i < 10_000; i++) attempt(address(i % 1000), `login:user-${i}`)
  expect(l.size()).toEqual({ addresses: 1000, buckets: 10_000 })
  clock.now += 60_001
  attempt('10.9.9.9', 'login:someone')
  expect(l.size()).toEqual({ addresses: 1, buckets: 1 })
})

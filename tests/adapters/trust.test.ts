/**
 * The adapters' trusted-origin check works a relative URL's origin out from its base once per base
 * (the happy path's cost). It must answer exactly as joining the URL to its base and reading the
 * origin of the result does, for any URL and base, tricky ones included.
 */
import { trust } from '../../src/adapters/shared'
import { ORIGIN, originOf } from '../../src/utils/request/url'

/** The check written plainly: the full URL as the library sends it, then its origin. */
const plain = (baseURL: string | undefined, extra: string[]) => (url: string, base?: string, ownBase?: string) => {
  const full = !base || ORIGIN.test(url) ? url : `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
  const own = originOf(baseURL != null ? baseURL : ownBase || '')
  const origin = originOf(full)
  return origin === own || extra.map(originOf).indexOf(origin) >= 0
}

const PARTS = [
  'https://api.test',
  'HTTPS://API.TEST:443',
  'http://api.test:80',
  '//api.test',
  'https://evil.test',
  'api.test',
  '/api',
  '',
  'mailto:x',
  'javascript:alert(1)',
  ' https://api.test',
  '\thttps://api.test',
  'https:\\\\api.test',
  'https://api.test?x=1',
  'https://api.test#h',
  'https://api.test\\evil',
  'https://api.test@evil.test',
  'data:,x',
]
const PATHS = [
  '/orders',
  'orders',
  '//evil.test/x',
  '/\\evil.test',
  '\\evil.test',
  '?q=1',
  '#x',
  '',
  'https://api.test/me',
  'https://evil.test/me',
  ' //evil.test',
  'HTTPS://api.test:443/x',
  'javascript:alert(1)',
  '///evil.test',
]

test('the trusted-origin check answers as joining each URL to its base does, for every tricky URL and base', () => {
  let n = 0
  const differ: unknown[] = []
  for (const configured of [undefined, 'https://api.test', '//api.test', '']) {
    const fast = trust({ baseURL: configured, trustedOrigins: ['https://files.test'] })
    const slow = plain(configured, ['https://files.test'])
    for (const own of [...PARTS, undefined]) {
      for (const base of [...PARTS, undefined]) {
        for (const path of [...PATHS, ...PARTS]) {
          // Twice: the second answer comes from what the first one cached.
          const want = slow(path, base, own)
          if (fast(path, base, own) !== want || fast(path, base, own) !== want) differ.push([path, base, own, want])
          n++
        }
      }
    }
  }
  expect(differ).toEqual([])
  expect(n).toBeGreaterThan(3000)
})

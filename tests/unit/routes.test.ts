/**
 * Routes: what page a navigation URL names, as the runtimes resolve it, and what is accepted as
 * a return target.
 */
import { formatRoute, parseRoute, resolveURL } from '../../src/auth/routes'

describe('resolveURL', () => {
  test.each([
    ['/pages/order/detail?id=1', 'pages/index/index', '/pages/order/detail?id=1'],
    ['//pages/order/detail', 'pages/index/index', '/pages/order/detail'],
    ['/pages/order/detail/', 'pages/index/index', '/pages/order/detail'],
    ['/pages/./order//detail', 'pages/index/index', '/pages/order/detail'],
    ['/pages/me/../order/detail', 'pages/index/index', '/pages/order/detail'],
    ['../order/detail?id=3', 'pages/index/index', '/pages/order/detail?id=3'],
    ['./detail', 'pages/order/list', '/pages/order/detail'],
    ['detail?q=a/b?c', 'pages/order/list', '/pages/order/detail?q=a/b?c'],
    ['/pages/order/detail?q=100%', '', '/pages/order/detail?q=100%'],
  ])('%j opened from %j is the page %j', (url, from, page) => {
    expect(resolveURL(url, from)).toBe(page)
  })
})

describe('parseRoute', () => {
  test('a query that cannot be decoded is kept as written, and formats back to it', () => {
    for (const url of ['/pages/order/detail?id=7&q=100%', 'pages/order/detail?q=%E4']) {
      const route = parseRoute(url)
      expect(route?.path).toBe('/pages/order/detail')
      expect(route && formatRoute(route)).toBe(url.charAt(0) === '/' ? url : `/${url}`)
    }
  })

  test('a path that is not plain is no route, whatever its query', () => {
    expect(parseRoute('/pages/../x?q=100%')).toBeUndefined()
    expect(parseRoute('https://evil.example/?q=%E4')).toBeUndefined()
  })

  test('formatRoute and parseRoute round-trip a query', () => {
    const route = { path: '/pages/order/detail', query: { q: '100% a&b=c', id: '3' } }
    expect(parseRoute(formatRoute(route))).toEqual(route)
  })
})

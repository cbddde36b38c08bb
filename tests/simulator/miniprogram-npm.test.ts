/**
 * The `miniprogram_npm/` layout of the native example: the package is what `npm run build:lib`
 * wrote, and a layout that cannot resolve it fails with the path it tried (in a file of its own:
 * jest keeps a module mock for the whole file once it has loaded).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  layOutMiniprogram,
  MINIPROGRAM_DIST,
  mockMiniprogramNpm,
  resolveMiniprogramNpm,
} from '../support/miniprogram-npm'

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'native-wx')

test("build npm layout: miniprogram_npm/uni-session holds the package build, without the example's own npm folders", () => {
  const layout = layOutMiniprogram({ example: EXAMPLE })
  try {
    const entry = resolveMiniprogramNpm(layout.root)
    expect(entry).toBe(join(layout.root, 'miniprogram_npm', 'uni-session', 'index.js'))
    expect(readFileSync(entry, 'utf8')).toBe(readFileSync(join(MINIPROGRAM_DIST, 'index.js'), 'utf8'))
    expect(existsSync(join(layout.root, 'app.json'))).toBe(true)
    expect(existsSync(join(layout.root, 'node_modules'))).toBe(false)
  } finally {
    layout.remove()
  }
})

test("a layout without the package fails the app's first require, naming the path it tried", () => {
  const empty = layOutMiniprogram({ example: EXAMPLE, withPackage: false })
  const tried = join(empty.root, 'miniprogram_npm', 'uni-session', 'index.js')
  try {
    expect(() => resolveMiniprogramNpm(empty.root)).toThrow(tried)
    mockMiniprogramNpm(empty.root)
    expect(() => require(join(empty.root, 'app.js'))).toThrow(`cannot resolve require('uni-session'): tried ${tried}`)
  } finally {
    empty.remove()
  }
})

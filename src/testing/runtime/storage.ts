/**
 * Local storage as the hosts keep it: values go in and come out as JSON copies (a Date comes back
 * a string, a function not at all), a missing key reads as the empty string (WeChat, uni), and
 * failures can be switched on: reads, writes, or both, throwing as WeChat does.
 */

export type StorageFailure = 'read' | 'write' | 'both'

export interface Storage {
  readonly map: Map<string, unknown>
  /** Make storage fail: on reads, on writes, or both. */
  failure?: StorageFailure
  has(key: string): boolean
  /** A copy of the value (each host says "missing" its own way: ask `has` first). */
  read(key: string): unknown
  write(key: string, value: unknown): void
  remove(key: string): void
  clear(): void
  /** Whether a read / write fails now. */
  fails(kind: 'read' | 'write'): boolean
}

const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

export function createStorage(): Storage {
  const map = new Map<string, unknown>()
  const storage: Storage = {
    map,
    fails: (kind) => storage.failure === kind || storage.failure === 'both',
    has: (key) => map.has(key),
    read: (key) => copy(map.get(key)),
    write(key, value) {
      map.set(key, copy(value))
    },
    remove(key) {
      map.delete(key)
    },
    clear() {
      map.clear()
    },
  }
  return storage
}

/** WeChat's and uni's synchronous storage calls: a missing key is '', a failure throws. */
export function wechatStorage(storage: Storage) {
  return {
    getStorageSync(key: string): unknown {
      if (storage.fails('read')) throw new Error('getStorageSync:fail')
      return storage.has(key) ? storage.read(key) : ''
    },
    setStorageSync(key: string, value: unknown): void {
      if (storage.fails('write')) throw new Error('setStorageSync:fail exceed storage max size')
      storage.write(key, value)
    },
    removeStorageSync(key: string): void {
      storage.remove(key)
    },
    clearStorageSync(): void {
      storage.clear()
    },
  }
}

/**
 * A platform for Node that speaks the `uni.request` callback API over real
 * HTTP (loopback only), the way uni-app does: an object body goes as JSON, a
 * JSON answer is parsed, every HTTP status arrives through `success`, and
 * `fail` means the request did not complete (`request:fail timeout`,
 * `request:fail abort`, `request:fail <reason>`).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type {
  Platform,
  PlatformDownloadOptions,
  PlatformRequestOptions,
  PlatformResponse,
  PlatformUploadOptions,
} from '../../src/auth/platform'

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

function assertLoopback(url: URL) {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`node platform: only loopback addresses are allowed, got ${url.hostname}`)
  }
}

interface Exchange {
  url: string
  method: string
  header: Record<string, string>
  body?: Buffer
  timeout?: number
  success(res: { statusCode: number; header: Record<string, string>; body: Buffer }): void
  fail(err: { errMsg: string }): void
}

function exchange(api: string, o: Exchange) {
  let done = false
  const finish = (f: () => void) => {
    if (done) return
    done = true
    clearTimeout(timer)
    f()
  }
  const url = new URL(o.url)
  assertLoopback(url)
  const req = http.request(url, { method: o.method, headers: o.header, agent }, (res) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => {
      const header: Record<string, string> = {}
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) header[k] = String(v)
      finish(() => o.success?.({ statusCode: res.statusCode ?? 0, header, body: Buffer.concat(chunks) }))
    })
    res.on('error', (e) => finish(() => o.fail({ errMsg: `${api}:fail ${e.message}` })))
  })
  const timer = setTimeout(() => {
    finish(() => o.fail({ errMsg: `${api}:fail timeout` }))
    req.destroy()
  }, o.timeout ?? 60000)
  req.on('error', (e: NodeJS.ErrnoException) => finish(() => o.fail({ errMsg: `${api}:fail ${e.code || e.message}` })))
  req.end(o.body)
  return {
    abort() {
      finish(() => o.fail({ errMsg: `${api}:fail abort` }))
      req.destroy()
    },
  }
}

const parse = (body: Buffer, dataType?: string): unknown => {
  const text = body.toString('utf8')
  if (dataType !== 'json') return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export interface NodePlatform extends Platform {
  storage: Map<string, unknown>
  /** Every call, in order: method and URL. */
  log: Array<{ method: string; url: string }>
}

export function createNodePlatform(): NodePlatform {
  const storage = new Map<string, unknown>()
  const log: NodePlatform['log'] = []
  return {
    storage,
    log,
    request(o: PlatformRequestOptions) {
      log.push({ method: o.method || 'GET', url: o.url })
      const header = { ...o.header }
      let body: Buffer | undefined
      if (o.data !== undefined && (o.method || 'GET') !== 'GET') {
        const json = typeof o.data !== 'string'
        body = Buffer.from(json ? JSON.stringify(o.data) : (o.data as string))
        if (json && !Object.keys(header).some((k) => k.toLowerCase() === 'content-type')) {
          header['content-type'] = 'application/json'
        }
      }
      return exchange('request', {
        url: o.url,
        method: o.method || 'GET',
        header,
        body,
        timeout: o.timeout,
        success: (res) =>
          o.success?.({ statusCode: res.statusCode, header: res.header, data: parse(res.body, o.dataType ?? 'json') }),
        fail: (err) => o.fail?.(err),
      })
    },
    uploadFile(o: PlatformUploadOptions) {
      log.push({ method: 'POST', url: o.url })
      const boundary = `----uni-session-${randomUUID()}`
      const parts: Buffer[] = []
      for (const [k, v] of Object.entries(o.formData ?? {})) {
        parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`))
      }
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${o.name}"; filename="${basename(o.filePath)}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
        ),
        readFileSync(o.filePath),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      )
      return exchange('uploadFile', {
        url: o.url,
        method: 'POST',
        header: { ...o.header, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: Buffer.concat(parts),
        timeout: o.timeout,
        // Like uni.uploadFile: the body arrives as text.
        success: (res) =>
          o.success?.({ statusCode: res.statusCode, header: res.header, data: res.body.toString('utf8') }),
        fail: (err) => o.fail?.(err),
      })
    },
    downloadFile(o: PlatformDownloadOptions) {
      log.push({ method: 'GET', url: o.url })
      return exchange('downloadFile', {
        url: o.url,
        method: 'GET',
        header: o.header,
        timeout: o.timeout,
        success: (res) => {
          const path = o.filePath ?? join(tmpdir(), `uni-session-${randomUUID()}`)
          writeFileSync(path, res.body)
          o.success?.({ statusCode: res.statusCode, header: res.header, tempFilePath: path } as PlatformResponse)
        },
        fail: (err) => o.fail?.(err),
      })
    },
    getStorageSync: (key) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : ''),
    setStorageSync: (key, value) => {
      storage.set(key, JSON.parse(JSON.stringify(value)))
    },
    removeStorageSync: (key) => {
      storage.delete(key)
    },
  }
}

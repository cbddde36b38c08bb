/**
 * A scripted `uni`-shaped platform for tests: every request is recorded and
 * answered by the test (or by a handler), storage keeps values the way the
 * real one does (a JSON copy), and failures can be switched on.
 */
import type {
  ModalOptions,
  Platform,
  PlatformDownloadOptions,
  PlatformRequestOptions,
  PlatformResponse,
  PlatformUploadOptions,
} from '../auth/platform'

export type CallKind = 'request' | 'upload' | 'download'

export interface Reply {
  statusCode?: number
  data?: unknown
  header?: Record<string, string>
  tempFilePath?: string
  /** Answer with `fail({ errMsg })` instead. */
  fail?: string
  /** ms before the answer (through setTimeout); default: next microtask. */
  delay?: number
}

export interface ScriptedCall {
  kind: CallKind
  url: string
  method: string
  header: Record<string, string>
  data: unknown
  timeout?: number
  options: PlatformRequestOptions | PlatformUploadOptions | PlatformDownloadOptions
  /** Answered, failed or aborted. */
  settled: boolean
  aborted: boolean
  respond(reply?: Reply): void
  fail(errMsg?: string): void
}

export type Handler = (call: ScriptedCall) => Reply | undefined

export interface ScriptedPlatform extends Platform {
  calls: ScriptedCall[]
  pending(): ScriptedCall[]
  storage: Map<string, unknown>
  /** Answers calls as they come; calls it returns nothing for stay pending. */
  handler?: Handler
  /** Make storage throw: on reads, on writes, or both. */
  storageFailure?: 'read' | 'write' | 'both'
  modals: ModalOptions[]
  /** What `showModal` answers. */
  modalAnswer: boolean
  /** A platform that loses track of its timeouts: unanswered calls stay pending. */
  ignoresTimeouts?: boolean
}

export function createScriptedPlatform(handler?: Handler): ScriptedPlatform {
  const storage = new Map<string, unknown>()
  const calls: ScriptedCall[] = []

  function record(kind: CallKind, options: ScriptedCall['options']) {
    const o = options as PlatformRequestOptions
    /** Cleared once the call settles: a pending timer would keep a test process alive. */
    let timeoutTimer: ReturnType<typeof setTimeout> | undefined
    const call: ScriptedCall = {
      kind,
      url: o.url,
      method: kind === 'upload' ? 'POST' : kind === 'download' ? 'GET' : o.method || 'GET',
      header: { ...o.header },
      data: kind === 'upload' ? (options as PlatformUploadOptions).formData : o.data,
      timeout: o.timeout,
      options,
      settled: false,
      aborted: false,
      respond(reply: Reply = {}) {
        if (call.settled) return
        if (reply.fail) return call.fail(reply.fail)
        call.settled = true
        clearTimeout(timeoutTimer)
        const res: PlatformResponse = {
          statusCode: reply.statusCode ?? 200,
          data: reply.data ?? (kind === 'upload' ? '' : {}),
          header: reply.header ?? {},
        }
        if (kind === 'download') res.tempFilePath = reply.tempFilePath ?? 'tmp://download'
        // uni reports every HTTP status (401 included) through `success`.
        options.success?.(res)
      },
      fail(errMsg = 'request:fail') {
        if (call.settled) return
        call.settled = true
        clearTimeout(timeoutTimer)
        options.fail?.({ errMsg })
      },
    }
    calls.push(call)
    // Like the real platforms: a call still unanswered when its timeout passes fails with "timeout".
    if (o.timeout && !platform.ignoresTimeouts) {
      timeoutTimer = setTimeout(
        () => call.fail(`${kind === 'request' ? 'request' : `${kind}File`}:fail timeout`),
        o.timeout,
      )
    }
    const reply = platform.handler?.(call)
    if (reply) {
      if (reply.delay !== undefined) setTimeout(() => call.respond(reply), reply.delay)
      else queueMicrotask(() => call.respond(reply))
    }
    return {
      abort() {
        if (call.settled) return
        call.aborted = true
        call.fail(`${kind === 'request' ? 'request' : `${kind}File`}:fail abort`)
      },
    }
  }

  const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))
  const navigate = () => undefined

  const platform: ScriptedPlatform = {
    calls,
    pending: () => calls.filter((c) => !c.settled),
    storage,
    handler,
    modals: [],
    modalAnswer: true,
    request: (o) => record('request', o),
    uploadFile: (o) => record('upload', o),
    downloadFile: (o) => record('download', o),
    getStorageSync(key) {
      if (platform.storageFailure === 'read' || platform.storageFailure === 'both')
        throw new Error('getStorageSync:fail')
      return platform.storage.has(key) ? copy(platform.storage.get(key)) : ''
    },
    setStorageSync(key, value) {
      if (platform.storageFailure === 'write' || platform.storageFailure === 'both') {
        throw new Error('setStorageSync:fail exceed storage max size')
      }
      platform.storage.set(key, copy(value))
    },
    removeStorageSync(key) {
      platform.storage.delete(key)
    },
    showModal(options) {
      platform.modals.push(options)
      const confirm = platform.modalAnswer
      queueMicrotask(() => options.success?.({ confirm, cancel: !confirm }))
    },
    navigateTo: navigate,
  }
  return platform
}

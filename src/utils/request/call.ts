/**
 * One request's state, in one object that every stage reads and writes, and the prepare stage
 * that makes it: the final URL, the method, the headers, whether its origin is trusted with the
 * token, and the promise the app holds.
 */
import { AbortError, fail, type RequestInfo, type Response, UniSessionError } from '../../auth/errors'
import type { HttpMethod } from '../../auth/platform'
import { tell } from './lifecycle'
import { normalizeRetry } from './retry'
import type { AnyOptions, Call, Config, Kind } from './state'
import type { RequestPromise } from './types'
import { ORIGIN, originOf, withParams } from './url'

/**
 * Prepares a call for `opts`. Bad input (no URL, an upload without a file, a method the platform
 * lacks, a bad timeout or retry) settles it at once with an error; `prepare` never throws.
 */
export function prepare(config: Config, kind: Kind, opts: AnyOptions): Call {
  const api = kind === 'request' ? kind : (`${kind}File` as const)
  const url = typeof opts.url === 'string' ? opts.url : ''
  const absolute = ORIGIN.test(url)
  const joined = absolute || !config.base ? url : config.base + url.replace(/^\/+/, '')
  const full = opts.params ? withParams(joined, opts.params) : joined
  const req: RequestInfo = {
    url: full,
    method: (opts.method || (kind === 'upload' ? 'POST' : 'GET')).toUpperCase(),
    header: Object.assign({}, config.header, opts.header),
    data: opts.data,
  }
  const trusted = (!absolute && config.baseHasOrigin) || config.trusted.indexOf(originOf(full)) >= 0
  const { onError, onLifecycle } = config.hooks
  // Every field set here, in one order: one object shape for every call.
  const call: Call = {
    id: ++config.count,
    kind,
    api,
    opts,
    req,
    trusted,
    session: config.auth && opts.auth !== false && trusted ? config.auth : undefined,
    ms: opts.timeout || config.timeout,
    retry: config.retry,
    deadline: 0,
    token: null,
    verdict: undefined,
    replayed: false,
    fromSession: false,
    done: false,
    cancel: undefined,
    settle: undefined as unknown as Call['settle'],
    promise: undefined as unknown as Call['promise'],
  }
  call.promise = new Promise<Response>((resolve, reject) => {
    call.settle = (ok, value) => {
      if (call.done) return
      call.done = true
      if (onLifecycle) {
        tell(
          config,
          call,
          ok
            ? { type: 'settle', ok, statusCode: (value as Response).statusCode }
            : { type: 'settle', ok, error: value as Error },
        )
      }
      if (ok) return resolve(value as Response)
      try {
        if (onError) onError({ request: req, error: value as Error })
      } catch {
        // a throwing hook must not leave the request unsettled
      }
      reject(value)
    }
  }) as RequestPromise<unknown>
  call.promise.abort = () => {
    if (call.done) return
    const e = aborted(call)
    call.settle(false, e)
    if (call.cancel) call.cancel(e)
  }
  const { methods } = config.platform
  const bad = !url
    ? 'a request needs a `url`'
    : kind === 'upload' && typeof opts.filePath !== 'string'
      ? 'an upload needs a `filePath`'
      : typeof config.platform[api] !== 'function'
        ? `the platform has no \`${api}\` function`
        : !(call.ms >= 1)
          ? '`timeout` must be a number >= 1'
          : // Refused, never sent: a host without the method may fail obscurely or send a GET.
            kind === 'request' && methods && methods.indexOf(req.method as HttpMethod) < 0
            ? `the platform's request does not accept ${req.method} (only ${methods.join(', ')})`
            : ''
  try {
    if (bad) throw fail(UniSessionError, bad, req)
    if (opts.retry !== undefined) call.retry = normalizeRetry(opts.retry, 'options.retry')
  } catch (e) {
    call.settle(false, e)
  }
  return call
}

export const aborted = (call: Call) => fail(AbortError, 'request aborted', call.req)

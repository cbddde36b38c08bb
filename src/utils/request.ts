/**
 * The promise requester over the platform's callback `request`, `uploadFile` and `downloadFile`,
 * with the auth path: a token only to trusted origins, one refresh for any number of expired
 * requests, a bounded queue of requests waiting for it, each replayed at most once.
 *
 * A request goes through named stages, each in its own file under `./request/`:
 * prepare (`call.ts`) -> authorize (`auth-path.ts`) -> send (`send.ts`) -> judge (`judge.ts`) ->
 * on an expired token, renew and replay (`auth-path.ts`, waiting in `queue.ts`) -> on a failure,
 * retry after a backoff (`retry.ts`). The state of one request is one `Call` object.
 */
import { HTTPError, type RequestInfo, type Response, requestFailed } from '../auth/errors'
import { authorize, renew } from './request/auth-path'
import { aborted, prepare } from './request/call'
import { resolveOptions } from './request/config'
import { judge } from './request/judge'
import { tell } from './request/lifecycle'
import { wait } from './request/queue'
import { retryDelay } from './request/retry'
import { send } from './request/send'
import type { AnyOptions, Call, Config, Kind } from './request/state'
import type { Requester, RequesterOptions, RequestOptions, RequestPromise } from './request/types'

export type {
  Downloaded,
  DownloadOptions,
  Hooks,
  LifecycleEvent,
  Params,
  Requester,
  RequesterOptions,
  RequestOptions,
  RequestPromise,
  RetryOptions,
  UploadOptions,
} from './request/types'
export type { RequestInfo, Response }

/**
 * The attempt loop: authorize, send, judge; an expired token is renewed and the request replayed
 * (once); a failure is retried after a backoff when the policy allows. `sent`: the first attempt,
 * already sent by the fast path in `start` (its verdict, if any, in `call.verdict`).
 */
async function run(config: Config, call: Call, sent?: Promise<Response>): Promise<void> {
  for (let n = 0; ; n++) {
    try {
      if (!sent) {
        call.deadline = Date.now() + call.ms
        await authorize(config, call)
      }
      for (;;) {
        // Aborted while waiting (a refresh, a backoff): nothing more goes out.
        if (call.done && !sent) throw aborted(call)
        const out = sent || send(config, call, n)
        sent = undefined
        const res = await out
        const verdict = call.verdict || judge(config, call, res)
        call.verdict = undefined
        if (verdict === 'ok') return call.settle(true, res)
        if (verdict === 'failed') throw requestFailed(HTTPError, call.req, `HTTP ${res.statusCode}`, res)
        await renew(config, call, res, verdict)
      }
    } catch (error) {
      const delay = retryDelay(call, error, n)
      if (delay === undefined) throw error
      const { beforeRetry, onLifecycle } = config.hooks
      if (beforeRetry) beforeRetry({ request: call.req, error: error as Error, attempt: n + 1, delay })
      if (onLifecycle) tell(config, call, { type: 'retry', attempt: n + 1, delay, error: error as Error })
      await wait(config, call, delay)
    }
  }
}

/**
 * Starts a prepared call. The fast path: with a token at hand (or none needed) the first attempt is
 * sent at once, and a success settles without the loop; anything else (a throwing hook or option
 * too) goes to `run`, which takes the answer as if it had sent it.
 */
function start(config: Config, call: Call): void {
  const slow = (sent?: Promise<Response>) => run(config, call, sent).then(undefined, (e) => call.settle(false, e))
  const token = call.session ? call.session.peekAccessToken() : null
  if (!token && (call.session || call.opts.auth === true)) return void slow()
  call.deadline = Date.now() + call.ms
  call.token = token
  if (call.session) call.sid = call.session.signInId
  let sent: Promise<Response>
  try {
    sent = send(config, call, 0)
  } catch (e) {
    sent = Promise.reject(e)
  }
  sent.then(
    (res) => {
      try {
        // Judged once: `run` takes the verdict rather than asking the options again.
        call.verdict = judge(config, call, res)
        if (call.verdict === 'ok') return call.settle(true, res)
      } catch {
        // an option threw: `run` asks again and fails the request with its error
        call.verdict = undefined
      }
      slow(sent)
    },
    () => slow(sent),
  )
}

/**
 * Creates a requester.
 *
 * @example
 * const request = createRequest({ baseURL: 'https://api.example.com', auth })
 * const me = await request.get<User>('/me')
 */
export function createRequest(options: RequesterOptions = {}): Requester {
  const config = resolveOptions(options)
  const call = (kind: Kind, opts: AnyOptions) => {
    const c = prepare(config, kind, opts)
    if (!c.done) start(config, c)
    return c.promise as RequestPromise<never>
  }
  const requester = ((opts: RequestOptions) => call('request', opts || {})) as unknown as Requester
  for (const m of ['get', 'delete', 'head', 'options'] as const) {
    const method = m.toUpperCase()
    requester[m] = (url: string, o?: object) =>
      call('request', o ? Object.assign({}, o, { url, method }) : { url, method })
  }
  for (const m of ['post', 'put', 'patch'] as const) {
    const method = m.toUpperCase()
    requester[m] = (url: string, data?: unknown, o?: object) =>
      call('request', o ? Object.assign({}, o, { url, method, data }) : { url, method, data })
  }
  requester.upload = (url, o) => call('upload', Object.assign({}, o, { url }))
  requester.download = (url, o) => call('download', Object.assign({}, o, { url }))
  return requester
}
